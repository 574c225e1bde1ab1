"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL points at it."""

from .base import *  # noqa: F403
from .base import DATABASES, SEATS_CONTENT_SECURITY_POLICY, SEATS_PERMISSIONS_POLICY

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The same headers as production (tests/web/test_headers.py fetches every page and checks them).
SEATS_CONTENT_SECURITY_POLICY = SEATS_CONTENT_SECURITY_POLICY
SEATS_PERMISSIONS_POLICY = SEATS_PERMISSIONS_POLICY
SEATS_MFA_REQUIRED = False  # tests that need it turn it on with `settings`; never the environment
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
else:
    # Parallel runs (several developers or helpers on one server) each take their own database.
    import os

    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SEATS_TEST_DB_NAME", "seats_test")}

# A second alias mirroring the test database, as a read replica mirrors the primary in
# production: tests/core/test_replica.py proves which reads the router sends there.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
