"""Local development and the demo (`make run`): e-mail as files, a fixed local secret.

Debug is OFF unless a developer turns it on (``SEATS_DEBUG=1``): a person trying the demo sees
the app's own 404 and 500 pages, never Django's debug page. Static files are served by
WhiteNoise straight from the apps' folders (no collectstatic), with or without debug. The demo
server delivers thousands of notices on its first start (`seats serve` runs the sweep and the
delivery on its own), so e-mail goes to files under var/mail rather than the console."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, VAR_DIR
from .env import env_bool, env_str

DEBUG = env_bool("SEATS_DEBUG", False)
SECRET_KEY = env_str("SEATS_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
EMAIL_BACKEND = env_str("SEATS_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env_str("SEATS_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The embedded SQLite database lives under var/; create it on first use.
VAR_DIR.mkdir(parents=True, exist_ok=True)
