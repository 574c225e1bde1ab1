"""Configuration: production passes Django's deployment checks and refuses to start half set up;
the environment helpers name the variable that is wrong."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from seats.settings.env import env_bool, env_int, env_list, env_str

SEATS = Path(sys.executable).with_name("seats")
GOOD_KEY = secrets.token_hex(30)  # 60 characters


def _production_env(**overrides: str | None) -> dict[str, str]:
    """A clean production environment: nothing inherited that could mask a missing variable."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SEATS_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "seats.settings.production",
        "SEATS_SECRET_KEY": GOOD_KEY,
        "DATABASE_URL": "sqlite:////tmp/x.sqlite3",
        "SEATS_ALLOWED_HOSTS": "seats.example.org",
        "SEATS_CACHE_URL": "redis://127.0.0.1:6379/1",  # shared: the deploy check needs it
    }
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _seats(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SEATS), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_production_passes_the_deployment_checks() -> None:
    result = _seats("check", "--deploy", "--fail-level", "WARNING", env=_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_fails_the_deployment_checks_with_a_per_process_cache() -> None:
    """The sign-in throttle and the API limits count in the cache: per process, each gunicorn
    worker would count alone and multiply every limit."""
    result = _seats("check", "--deploy", env=_production_env(SEATS_CACHE_URL=None))
    assert result.returncode != 0
    assert "seats.E001" in result.stderr and "SEATS_CACHE_URL" in result.stderr


def test_production_is_secure_by_default() -> None:
    script = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.ALLOWED_HOSTS, s.TIME_ZONE)"
    )
    result = _seats("shell", "--no-imports", "-c", script, env=_production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "True",
        "['seats.example.org']",
        "America/Denver",
    ]


def test_production_sends_the_security_headers() -> None:
    script = (
        "from django.conf import settings as s; "
        "print(s.SEATS_CONTENT_SECURITY_POLICY); print(s.SEATS_PERMISSIONS_POLICY); "
        "print('seats.web.guards.SecurityHeadersMiddleware' in s.MIDDLEWARE)"
    )
    result = _seats("shell", "--no-imports", "-c", script, env=_production_env())
    assert result.returncode == 0, result.stderr
    csp, permissions, installed = result.stdout.splitlines()
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and csp.endswith("upgrade-insecure-requests")
    assert "camera=()" in permissions and installed == "True"


@pytest.mark.parametrize("key", [None, "", "short", "x" * 49], ids=["missing", "empty", "5", "49"])
def test_production_refuses_a_weak_secret_key(key: str | None) -> None:
    result = _seats("check", env=_production_env(SEATS_SECRET_KEY=key))
    assert result.returncode != 0
    assert "SEATS_SECRET_KEY must be set to a random value of 50+ characters" in result.stderr


def test_production_refuses_to_fall_back_to_sqlite_without_database_url() -> None:
    result = _seats("check", env=_production_env(DATABASE_URL=None))
    assert result.returncode != 0
    assert "Set the environment variable DATABASE_URL" in result.stderr


def test_production_names_a_bad_boolean() -> None:
    result = _seats("check", env=_production_env(SEATS_SSL_REDIRECT="maybe"))
    assert result.returncode != 0
    assert "SEATS_SSL_REDIRECT must be true or false, not 'maybe'" in result.stderr


def test_the_seats_command_defaults_to_development_settings() -> None:
    env = _production_env(DJANGO_SETTINGS_MODULE=None, SEATS_SECRET_KEY=None, DATABASE_URL=None)
    env["SEATS_VAR_DIR"] = "/tmp/seats-h4-settings-test"
    result = _seats(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SETTINGS_MODULE)",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "seats.settings.development"


# --- The helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["1", "true", "Yes", " ON "])
def test_env_bool_true(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("SEATS_FLAG", raw)
    assert env_bool("SEATS_FLAG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_false(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("SEATS_FLAG", raw)
    assert env_bool("SEATS_FLAG", True) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "tru", "yes please"])
def test_env_bool_rejects_and_names_the_variable(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("SEATS_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match=r"^SEATS_FLAG must be true or false"):
        env_bool("SEATS_FLAG", False)


def test_env_bool_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEATS_FLAG", raising=False)
    assert env_bool("SEATS_FLAG", True) is True
    assert env_bool("SEATS_FLAG", False) is False


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_env_int_reads_whole_numbers(value: int) -> None:
    os.environ["SEATS_H4_NUMBER"] = str(value)
    try:
        assert env_int("SEATS_H4_NUMBER", 7) == value
    finally:
        del os.environ["SEATS_H4_NUMBER"]


@pytest.mark.parametrize("raw", ["", "ten", "1.5", "0x10", "25s"])
def test_env_int_rejects_and_names_the_variable(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("SEATS_EMAIL_PORT", raw)
    with pytest.raises(ImproperlyConfigured, match=r"^SEATS_EMAIL_PORT must be a whole number"):
        env_int("SEATS_EMAIL_PORT", 25)


def test_env_str_without_default_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEATS_H4_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SEATS_H4_REQUIRED"):
        env_str("SEATS_H4_REQUIRED")
    monkeypatch.setenv("SEATS_H4_REQUIRED", "set")
    assert env_str("SEATS_H4_REQUIRED") == "set"


def test_env_list_splits_and_trims(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEATS_ALLOWED_HOSTS", " a.example.org, ,b.example.org ,")
    assert env_list("SEATS_ALLOWED_HOSTS") == ["a.example.org", "b.example.org"]
    monkeypatch.delenv("SEATS_ALLOWED_HOSTS")
    assert env_list("SEATS_ALLOWED_HOSTS", "localhost,127.0.0.1") == ["localhost", "127.0.0.1"]


def test_production_refuses_a_pinned_date() -> None:
    result = _seats("check", env=_production_env(SEATS_TODAY="2025-09-02"))
    assert result.returncode != 0
    assert "SEATS_TODAY pins the date" in result.stderr


def test_env_date_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from seats.settings.env import env_date

    monkeypatch.setenv("SEATS_X", "2025-13-01")
    with pytest.raises(ImproperlyConfigured, match="SEATS_X must be a date"):
        env_date("SEATS_X")
    monkeypatch.setenv("SEATS_X", " 2025-09-02 ")
    assert str(env_date("SEATS_X")) == "2025-09-02"


def test_production_serves_its_own_static_files(tmp_path: Path) -> None:
    """WhiteNoise: after collectstatic, the app answers /static/ itself (no proxy rule)."""
    env = _production_env(SEATS_VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path}/db")
    collected = _seats("collectstatic", "--noinput", "-v", "0", env=env)
    assert collected.returncode == 0, collected.stderr
    script = (
        "import django; django.setup()\n"
        "from django.templatetags.static import static\n"
        "from django.test import Client\n"
        "url = static('web/app.css')\n"
        "r = Client().get(url, secure=True, HTTP_HOST='seats.example.org')\n"
        "body = b''.join(r.streaming_content) if r.streaming else r.content\n"
        "print(url, r.status_code, len(body), r.headers.get('Cache-Control'), sep='|')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    url, status, size, cache = run.stdout.strip().split("|")
    assert url.startswith("/static/web/app.") and url != "/static/web/app.css"  # hashed name
    assert status == "200" and int(size) > 0
    assert "max-age=315360000" in cache and "immutable" in cache  # hashed: cached for good
