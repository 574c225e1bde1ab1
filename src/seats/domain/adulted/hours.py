"""Contact hours and the edit checks at entry (002, "Contact hour", "Contact Hours"; issue 12).

A contact hour is at least 45 minutes of instruction or support under a program employee (the
minutes are a policy setting, ``adulted_contact_hour_minutes``): a day's minutes of one kind
make ``minutes // 45`` contact hours, never a fraction. Instructional hours are academic
instruction; non-instructional ones are intake, SEOP development and review, assessment and
counseling.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from ..errors import InvalidInput

RULE = "002, Section 6: Contact hour; Contact Hours"


class Kind(StrEnum):
    INSTRUCTIONAL = "instructional"
    INTAKE = "intake"
    SEOP = "seop"
    ASSESSMENT = "assessment"
    COUNSELING = "counseling"

    @property
    def instructional(self) -> bool:
        return self is Kind.INSTRUCTIONAL


KIND_LABELS = {
    Kind.INSTRUCTIONAL: "Instructional",
    Kind.INTAKE: "Intake (non-instructional)",
    Kind.SEOP: "SEOP development and review (non-instructional)",
    Kind.ASSESSMENT: "Assessment (non-instructional)",
    Kind.COUNSELING: "Counseling (non-instructional)",
}


def contact_hours(minutes: int, *, hour_minutes: int = 45) -> Decimal:
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise InvalidInput(
            f"Minutes are a whole number of at least 0, not {minutes!r}.", field="minutes"
        )
    return Decimal(minutes // hour_minutes)


def check_hours(hours: Decimal) -> Decimal:
    if hours < 0 or hours != hours.to_integral_value():
        raise InvalidInput(
            f"Contact hours are a whole number of at least 0, not {hours}.",
            field="hours",
            rule=RULE,
        )
    return hours


def check_day(
    *,
    day: date,
    today: date,
    entry: date | None,
    exit: date | None,
    day_total: Decimal,
    max_day_hours: int,
) -> None:
    """Refuse a day's entry the rules cannot accept (``day_total``: the day's hours with it)."""
    if day > today:
        raise InvalidInput(
            f"{day.isoformat()} is in the future: hours are recorded for days that happened.",
            field="day",
        )
    if entry is not None and day < entry:
        raise InvalidInput(
            f"{day.isoformat()} is before the entry date {entry.isoformat()}.", field="day"
        )
    if exit is not None and day > exit:
        raise InvalidInput(
            f"{day.isoformat()} is after the exit date {exit.isoformat()}.", field="day"
        )
    if day_total > max_day_hours:
        raise InvalidInput(
            f"{day_total} contact hours on {day.isoformat()} is more than the "
            f"{max_day_hours} a day the policy allows (adulted_max_day_hours).",
            field="hours",
        )


def check_test_day(*, day: date, born: date, today: date) -> None:
    if day > today:
        raise InvalidInput(f"The test date {day.isoformat()} is in the future.", field="day")
    if day < born:
        raise InvalidInput(
            f"The test date {day.isoformat()} is before the student's birth date "
            f"{born.isoformat()}.",
            field="day",
        )
