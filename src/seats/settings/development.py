"""Local development and the demo (`make run`): debug on, console email, a fixed local secret."""

from .base import *  # noqa: F403
from .base import VAR_DIR
from .env import env_bool, env_str

DEBUG = env_bool("SEATS_DEBUG", True)
SECRET_KEY = env_str("SEATS_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
EMAIL_BACKEND = env_str("SEATS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# The embedded SQLite database lives under var/; create it on first use.
VAR_DIR.mkdir(parents=True, exist_ok=True)
