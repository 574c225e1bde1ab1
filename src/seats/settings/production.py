"""Production: secure by default. Needs SEATS_SECRET_KEY, DATABASE_URL, SEATS_ALLOWED_HOSTS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    CSP_DIRECTIVES,
    MIDDLEWARE,
    SEATS_PERMISSIONS_POLICY,
    SEATS_TODAY,
    SECRET_KEY,
)
from .env import env_bool, env_int, env_str

if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SEATS_SECRET_KEY must be set to a random value of 50+ characters.")
env_str("DATABASE_URL")  # production never falls back to the embedded SQLite file
if SEATS_TODAY is not None:
    raise ImproperlyConfigured(
        "SEATS_TODAY pins the date for training servers; unset it in production."
    )

DEBUG = False
# Links in notices: the site's own address, HTTPS on the first allowed host unless set.
SEATS_BASE_URL = env_str(
    "SEATS_BASE_URL", f"https://{(ALLOWED_HOSTS or ['localhost'])[0].lstrip('.')}"
).rstrip("/")
SECURE_SSL_REDIRECT = env_bool("SEATS_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SEATS_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
# The base policy (no inline script or style, nothing from other sites), and over HTTPS only.
SEATS_CONTENT_SECURITY_POLICY = "; ".join(
    [*(f"{k} {v}" for k, v in CSP_DIRECTIVES.items()), "upgrade-insecure-requests"]
)
SEATS_PERMISSIONS_POLICY = SEATS_PERMISSIONS_POLICY
# Every staff role signs in with a second factor (TOTP) unless explicitly turned off.
SEATS_MFA_REQUIRED = env_bool("SEATS_MFA_REQUIRED", True)

# Static files are served by the application itself (WhiteNoise): hashed names, compressed
# copies and far-future caching, with no proxy rule to keep in step with each release.
# `seats collectstatic` writes them to $SEATS_VAR_DIR/static at deploy time.
MIDDLEWARE = [
    MIDDLEWARE[0],  # SecurityMiddleware first (HTTPS redirect, headers), then static files
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "seats.web.staticfiles.StaticStorage"},
}
