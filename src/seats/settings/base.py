"""Settings shared by every environment. Everything a deployment may change is read from the
environment (documented in docs/configuration.md); nothing here is secret."""

from pathlib import Path

import dj_database_url

from .env import env_bool, env_date, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(env_str("SEATS_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = False
SECRET_KEY = env_str("SEATS_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("SEATS_ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "seats.web.admin_config.SeatsAdminConfig",  # django.contrib.admin with MFA, see seats.web.mfa
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "seats.core",
    "seats.api",
    "seats.integration",
    "seats.funding",
    "seats.reports",
    "seats.membership",
    "seats.adulted",
    "seats.compliance",
    "seats.demo",
    "seats.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "seats.web.guards.SecurityHeadersMiddleware",  # CSP and Permissions-Policy, below
    "seats.api.middleware.MethodProblemMiddleware",
    "seats.api.middleware.BatchBodyMiddleware",  # before anything reads a body
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "seats.web.middleware.ViewerMiddleware",
    "seats.web.mfa.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "seats.web.guards.BusyDatabaseMiddleware",  # a database still locked: 409, retry
]

ROOT_URLCONF = "seats.urls"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
WSGI_APPLICATION = "seats.wsgi.application"
AUTH_USER_MODEL = "seats.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "seats.web.nav.nav_items",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'seats.sqlite3'}"),
        conn_max_age=env_int("SEATS_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server, the worker and the sweep share the file.
    # Every transaction takes the write lock when it begins (BEGIN IMMEDIATE), so concurrent
    # writers queue on the busy timeout instead of failing with "database is locked" when a
    # read turns into a write (what is still busy after the timeout is a 409 with Retry-After).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env_int("SEATS_SQLITE_TIMEOUT", 20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
TIME_ZONE = env_str("SEATS_TIME_ZONE", "America/Denver")
USE_I18N = True
LOCALE_PATHS = [Path(__file__).resolve().parents[1] / "locale"]
LANGUAGE_COOKIE_NAME = "seats_language"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

# Background work: the django-tasks API. The embedded default keeps tasks in the database and
# `seats db_worker` runs them; `SEATS_TASK_BACKEND=rq` moves them to Redis (django-tasks-rq) for a
# pool of workers (`seats rqworker default`) on several machines. Either way the tasks are the
# same functions (seats.core.tasks) and the daily sweep claims its day before it runs.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env_str("SEATS_TASK_BACKEND", "database")
TASKS = {"default": {"BACKEND": TASK_BACKENDS.get(_task_backend, _task_backend)}}
if TASKS["default"]["BACKEND"] == TASK_BACKENDS["rq"]:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS["default"]["QUEUES"] = ["default"]
# The Redis queue the RQ backend and its workers share (read only when the backend is "rq").
RQ_QUEUES = {
    "default": {
        "URL": env_str("SEATS_RQ_URL", "redis://127.0.0.1:6379/2"),
        "DEFAULT_TIMEOUT": env_int("SEATS_RQ_TIMEOUT", 3600),
    }
}

# How long the worker that claimed a day's queued sweep holds it (seats.core.services.sweep_runs).
SEATS_SWEEP_LEASE_SECONDS = env_int("SEATS_SWEEP_LEASE_SECONDS", 3 * 3600)

# Reads that may run on a read replica (reports and exports, see seats.core.replica) go to the
# "replica" alias when DATABASE_REPLICA_URL is set; every write and every other read stays on
# "default". Without the variable there is one database and the router changes nothing.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL", ""),
        conn_max_age=env_int("SEATS_DB_CONN_MAX_AGE", 0),
    )
DATABASE_ROUTERS = ["seats.core.replica.ReplicaRouter"]

EMAIL_BACKEND = env_str("SEATS_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("SEATS_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SEATS_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("SEATS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("SEATS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SEATS_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("SEATS_FROM_EMAIL", "SEATS <seats@localhost>")

SESSION_COOKIE_AGE = env_int("SEATS_SESSION_SECONDS", 60 * 60 * 8)
# A pinned "today" for training and demo servers (seats.core.clock); production refuses it.
SEATS_TODAY = env_date("SEATS_TODAY")
SESSION_COOKIE_HTTPONLY = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy and Permissions-Policy of every answer (seats.web.guards,
# docs/security.md): scripts, styles, fonts and requests from this site only, no inline script
# or style (the templates have none; htmx runs without eval), no framing, no plugins; images
# may also be data: URLs (the favicon, Swagger UI's icons). No browser feature is granted.
CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
SEATS_CONTENT_SECURITY_POLICY = "; ".join(f"{k} {v}" for k, v in CSP_DIRECTIVES.items())
SEATS_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Multi-factor sign-in (TOTP) for staff roles. Required in production; optional in development
# and the demo, where it still protects every staff member who has enrolled an authenticator.
SEATS_MFA_REQUIRED = env_bool("SEATS_MFA_REQUIRED", False)
OTP_TOTP_ISSUER = env_str("SEATS_MFA_ISSUER", "SEATS")
# The back office never shows an authenticator's secret or the recovery codes: a lost device is
# reset (deleted) by a state administrator and the person enrols again.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Rate limits and idempotency records of the API and the sign-in throttle live in the cache:
# local memory by default, Redis (e.g. redis://127.0.0.1:6379/1) in production so every web
# process shares them (`check --deploy` fails on a per-process cache, seats.web.checks).
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("SEATS_CACHE_URL", ""),
        }
        if env_str("SEATS_CACHE_URL", "")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Sign-in throttling (seats.web.throttle, docs/security.md): per account, the first
# SEATS_LOGIN_FREE_FAILURES wrong passwords are free, then each one doubles the wait from
# SEATS_LOGIN_BASE_DELAY seconds up to SEATS_LOGIN_MAX_DELAY; the count is kept for
# SEATS_LOGIN_WINDOW_SECONDS. Per client address, SEATS_LOGIN_ADDRESS_MAX_FAILURES wrong passwords
# in SEATS_LOGIN_ADDRESS_WINDOW seconds refuse the address until the window ends.
SEATS_LOGIN_FREE_FAILURES = env_int("SEATS_LOGIN_FREE_FAILURES", 5)
SEATS_LOGIN_BASE_DELAY = env_int("SEATS_LOGIN_BASE_DELAY", 30)
SEATS_LOGIN_MAX_DELAY = env_int("SEATS_LOGIN_MAX_DELAY", 15 * 60)
SEATS_LOGIN_WINDOW_SECONDS = env_int("SEATS_LOGIN_WINDOW_SECONDS", 24 * 3600)
SEATS_LOGIN_ADDRESS_MAX_FAILURES = env_int("SEATS_LOGIN_ADDRESS_MAX_FAILURES", 100)
SEATS_LOGIN_ADDRESS_WINDOW = env_int("SEATS_LOGIN_ADDRESS_WINDOW", 15 * 60)
# The request header the site's own reverse proxy sets to the client's address (e.g.
# X-Forwarded-For). Empty: REMOTE_ADDR, since any other header could be forged by the client.
SEATS_TRUSTED_PROXY_HEADER = env_str("SEATS_TRUSTED_PROXY_HEADER", "")

# The API: requests per token per window, and how long a new token lives.
# Request bodies: Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) bounds every request except the
# LMS batch endpoints of pupil accounting (/api/v1/membership/events and provider-events), which
# take up to SEATS_MEMBERSHIP_BATCH_MAX_BYTES (16 MiB: 50,000 events are about 6 MB of JSON,
# 100,000, the most one batch holds, about 12 MB); the engagement CSV upload takes files up to the
# same size. A larger batch is refused (413) with what to do: split it. The proxy's own limit
# (deploy/nginx: client_max_body_size 20m) must stay above it. docs/membership.md.
SEATS_MEMBERSHIP_BATCH_MAX_BYTES = env_int("SEATS_MEMBERSHIP_BATCH_MAX_BYTES", 16 * 1024 * 1024)
SEATS_API_RATE_LIMIT = env_int("SEATS_API_RATE_LIMIT", 600)
SEATS_API_RATE_WINDOW = env_int("SEATS_API_RATE_WINDOW", 60)
SEATS_API_TOKEN_DAYS = env_int("SEATS_API_TOKEN_DAYS", 365)

# Notice delivery (`seats deliver`): attempts before a delivery is given up as failed, the first
# retry delay (doubling each time), and how long a claimed delivery is held before another
# worker may take it over.
SEATS_NOTICE_MAX_ATTEMPTS = env_int("SEATS_NOTICE_MAX_ATTEMPTS", 6)
SEATS_NOTICE_RETRY_SECONDS = env_int("SEATS_NOTICE_RETRY_SECONDS", 60)
SEATS_NOTICE_LEASE_SECONDS = env_int("SEATS_NOTICE_LEASE_SECONDS", 300)

# The address people reach SEATS at (scheme and host, no path): every link in a notice's body is
# made absolute with it, since an e-mail has no page to be relative to.
SEATS_BASE_URL = env_str("SEATS_BASE_URL", "http://localhost:8000").rstrip("/")

# The state code used for the state organisation and business-day holidays (holidays package).
SEATS_STATE_CODE = env_str("SEATS_STATE_CODE", "UT")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("SEATS_LOG_LEVEL", "INFO")},
}
