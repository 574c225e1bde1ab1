"""404 and 500 are the app's own pages (USWDS look) in English and Spanish, and no settings
module a person uses shows Django's debug page unless a developer turns it on."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.template.loader import get_template
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db

EXPECTED = {
    "en": ("Page not found", "Something went wrong"),
    "es": ("Página no encontrada", "Algo salió mal"),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_missing_page_is_the_apps_own_404(language: str) -> None:
    client = Client(headers={"Accept-Language": language})
    response = client.get("/no-such-page/")
    text = response.content.decode()
    assert response.status_code == 404
    assert EXPECTED[language][0] in text and f'lang="{language}"' in text
    assert "usa-banner" in text and "usa-footer" in text
    assert "Traceback" not in text and "technical_404" not in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_server_error_is_the_apps_own_500(language: str, client: Client) -> None:
    """Django renders 500.html with no request and no context: it must stand alone."""
    with translation.override(language):
        text = get_template("500.html").render({})
    assert EXPECTED[language][1] in text and f'lang="{language}"' in text
    assert "usa-banner" in text and "{%" not in text and "{{" not in text


def test_a_view_that_raises_answers_the_500_page(client: Client, settings) -> None:
    from django.urls import path

    import seats.urls

    def broken(request):
        raise RuntimeError("boom")

    client.raise_request_exception = False
    patterns = [*seats.urls.urlpatterns, path("broken/", broken)]
    settings.ROOT_URLCONF = type("Urls", (), {"urlpatterns": patterns})
    response = client.get("/broken/", headers={"Accept-Language": "es"})
    assert response.status_code == 500
    assert "Algo salió mal" in response.content.decode()


@pytest.mark.parametrize("module", ["development", "production"])
def test_debug_is_off_unless_turned_on(module: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEATS_DEBUG")}
    env |= {
        "DJANGO_SETTINGS_MODULE": f"seats.settings.{module}",
        "SEATS_SECRET_KEY": "x" * 60,
        "SEATS_ALLOWED_HOSTS": "seats.example.org",
        "DATABASE_URL": "sqlite:////tmp/seats-debug-check.sqlite3",
    }
    script = "from django.conf import settings; print(settings.DEBUG)"
    run = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"
