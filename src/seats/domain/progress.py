"""Dates a provider reports about a student's course, and the at-risk flag (SPEC 3.3, 5; issue 9).

- The at-risk flag ends with the CCA: closing it (every final status) clears the flag, so a
  closed CCA is never shown at risk.
- A last-activity date is a day the student worked in the course: not after today, not before
  the course started.
- A course starts on or after the day its request was submitted; the deadline calculator and
  the services refuse an earlier start alike.
"""

from __future__ import annotations

from datetime import date

ACTIVITY_RULE = "SPEC 5: a last activity date is between the course start and today"
START_RULE = "SPEC 3.3: a course starts on or after the day its request was submitted"


def at_risk_after_close() -> tuple[bool, date | None]:
    """The at-risk flag and its date once the CCA is closed: cleared."""
    return False, None


def activity_date_problem(day: date, *, today: date, course_start: date | None) -> str | None:
    """Why ``day`` cannot be the student's last activity in the course, or None."""
    if day > today:
        return f"The last activity date {day.isoformat()} is after today ({today.isoformat()})."
    if course_start is not None and day < course_start:
        return (
            f"The last activity date {day.isoformat()} is before the course started "
            f"({course_start.isoformat()})."
        )
    return None


def start_before_submission(start: date, submitted: date | None) -> str | None:
    """Why a course cannot start on ``start`` given its submission date, or None."""
    if submitted is not None and start < submitted:
        return (
            f"The course start date {start.isoformat()} is before the request was submitted "
            f"({submitted.isoformat()}): a course starts on or after its submission date."
        )
    return None


def days_inactive_over(last_activity: date | None, *, today: date, limit: int) -> int | None:
    """The days since the last activity when they pass ``limit`` (Policy.inactivity_days), else
    None: the provider is then shown a suggested notice of intent to withdraw (001 "Notification
    of intent": "inactive in a course for more than ten days"). Without any activity reported
    nothing is suggested (the provider's own records decide)."""
    if last_activity is None:
        return None
    days = (today - last_activity).days
    return days if days > limit else None
