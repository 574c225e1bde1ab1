"""The SEATS demo state (`seats demo`): a plausible, entirely synthetic Utah-like state with
organisations, calendars, a catalog, staff for every role, students and guardians, and CCAs in
every status with the history the services would have written. One generator serves the small
demo (a few thousand CCAs) and the state-sized benchmark data (a million CCAs)."""

from importlib import import_module
from typing import Any

# The names are loaded on first use: Django imports this package while it registers the apps,
# before the models can be imported.
_HOME = {
    "DEMO_PASSWORD": "build",
    "DemoSummary": "build",
    "build_demo": "build",
    "database_is_empty": "build",
    "Login": "logins",
    "demo_logins": "logins",
    "logins_json": "logins",
    "logins_table": "logins",
    "SCALES": "scale",
    "Scale": "scale",
    "custom": "scale",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_HOME[name]}", __name__), name)


__all__ = [
    "DEMO_PASSWORD",
    "SCALES",
    "DemoSummary",
    "Login",
    "Scale",
    "build_demo",
    "custom",
    "database_is_empty",
    "demo_logins",
    "logins_json",
    "logins_table",
]
