"""The SEATS demo state (`seats demo`): a plausible, entirely synthetic Utah-like state with
organisations, calendars, a catalog, staff for every role, students and guardians, and CCAs in
every status with the history the services would have written. One generator serves the small
demo (a few thousand CCAs) and the state-sized benchmark data (a million CCAs)."""

from .build import DEMO_PASSWORD, DemoSummary, build_demo, database_is_empty
from .logins import Login, demo_logins, logins_json, logins_table
from .scale import SCALES, Scale, custom

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
