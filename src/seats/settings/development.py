"""Local development and the demo (`make run`): debug on, e-mail as files, a fixed local secret.

The demo server delivers thousands of notices on its first start (`seats serve` runs the sweep
and the delivery on its own), so e-mail goes to files under var/mail rather than the console.
"""

from .base import *  # noqa: F403
from .base import VAR_DIR
from .env import env_bool, env_str

DEBUG = env_bool("SEATS_DEBUG", True)
SECRET_KEY = env_str("SEATS_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
EMAIL_BACKEND = env_str("SEATS_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env_str("SEATS_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

# The embedded SQLite database lives under var/; create it on first use.
VAR_DIR.mkdir(parents=True, exist_ok=True)
