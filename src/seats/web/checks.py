"""Deployment checks (``seats check --deploy``) for what SEATS itself needs of its settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

#: Cache backends that keep their data inside one process: each web process (gunicorn worker)
#: would count sign-in failures and API requests on its own, multiplying every limit.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, Tags.caches, deploy=True)
def shared_cache(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Error(
                "The default cache is per process, so the sign-in throttle and the API rate "
                "limits are not shared between web processes.",
                hint="Set SEATS_CACHE_URL to a Redis URL such as redis://127.0.0.1:6379/1.",
                id="seats.E001",
            )
        ]
    return []
