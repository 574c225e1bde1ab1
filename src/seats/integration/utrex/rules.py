"""The SOEP record rules of the SEATS vs UTREx consistency check (SPEC 7; manual, "UTREx SOEP
Record Identification"), as plain functions over plain values.

Each rule looks at one extract record and, when the record was matched to one, the SEATS course
(the CCA as the check needs it); it returns every mismatch it finds, not only the first, so a
provider fixes a record once. The rules know nothing of Django: ``check.py`` feeds them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from seats.domain.calendars import school_year_bounds, school_year_label
from seats.domain.catalog import Session
from seats.domain.statuses import Status

from .course import OPEN_STATUSES, ZERO, SeatsCourse, Window, credit_passed_by_june_30
from .extract import ExtractRecord

__all__ = ["SeatsCourse", "Window", "credit_passed_by_june_30"]
SESSIONS = frozenset(s.value for s in Session)
SUMMER_TERMS = frozenset({"SU", "SUM", "SUMMER", "S3", "Q5"})


@dataclass(frozen=True, slots=True)
class Mismatch:
    rule: str
    expected: str
    found: str
    message: str


Check = Callable[[ExtractRecord, SeatsCourse | None, Window | None], tuple[Mismatch, ...]]


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    explanation: str
    check: Check
    needs_seats: bool  # False: the record alone decides (run on unmatched records too)


NONE: tuple[Mismatch, ...] = ()
BLANK = "(blank)"


def one(rule: str, expected: str, found: str, message: str) -> tuple[Mismatch, ...]:
    return (Mismatch(rule, expected, found, message),)


def _shown(value: object) -> str:
    if value is None or value == "":
        return BLANK
    if isinstance(value, Decimal):
        return _credit(value)
    return str(value)


def _credit(value: Decimal) -> str:
    return format(value.normalize(), "f")


def normalise_title(title: str) -> str:
    """Titles compare without regard to case and repeated spaces (SIS exports upper-case)."""
    return " ".join(title.split()).casefold()


def is_clean(record: ExtractRecord, course: SeatsCourse, window: Window) -> bool:
    """A shortcut for the common case, a record exactly as SEATS expects it: True only when no
    rule can find a mismatch (tests prove it never says True when ``check_record`` would not be
    empty); False sends the record through every rule."""
    entry, exit_ = record.entry_date, record.exit_date
    return (
        not record.bad
        and record.school_of_record == "N"
        and record.instructional_setting == "OP"
        and record.enrollment_validation_type == "L"
        and record.membership_days == ZERO
        and record.ssid == course.ssid
        and record.core_code == course.core_code
        and record.course_title == course.usbe_title
        and record.term == course.session
        and record.school_year == course.school_year
        and record.credit_attempted == course.credit_attempted
        and (record.credit_earned or ZERO) == credit_passed_by_june_30(course)
        and entry is not None
        and date(course.school_year, 7, 1) <= window.first <= entry <= window.last
        and window.last <= date(course.school_year + 1, 6, 30)
        and (
            (exit_ is None and course.status in OPEN_STATUSES)
            or (exit_ is not None and entry <= exit_ <= window.last)
        )
        and record.term in SESSIONS
        and valid_ssid(record.ssid)
    )


# --- the rules ------------------------------------------------------------------------------


def school_of_record(record: ExtractRecord, *_: object) -> tuple[Mismatch, ...]:
    if record.school_of_record == "N":
        return NONE
    why = "left blank" if not record.school_of_record else "not N"
    return one(
        "SCHOOL_OF_RECORD",
        "N",
        _shown(record.school_of_record),
        f"School of Record is {why}: an SOEP course record is marked N (No), never blank; "
        "the primary school stays the school of record.",
    )


def instructional_setting(record: ExtractRecord, *_: object) -> tuple[Mismatch, ...]:
    if record.instructional_setting == "OP":
        return NONE
    return one(
        "INSTRUCTIONAL_SETTING",
        "OP",
        _shown(record.instructional_setting),
        "The record matches a SEATS CCA but is not marked Instructional Setting OP, so UTREx "
        "does not count it as an SOEP course.",
    )


_SSID = re.compile(r"\d{4,16}")


def valid_ssid(text: str) -> bool:
    return _SSID.fullmatch(text) is not None


def ssid(
    record: ExtractRecord, course: SeatsCourse | None, _w: object = None
) -> tuple[Mismatch, ...]:
    if not valid_ssid(record.ssid):
        return one(
            "SSID",
            "the student's SSID (digits)",
            _shown(record.ssid),
            "The SSID is blank or not a number, so the record cannot be matched to SEATS.",
        )
    if course is not None and course.ssid != record.ssid:
        return one(
            "SSID",
            course.ssid or BLANK,
            record.ssid,
            f"SEATS has another SSID for the student of CCA {course.cca_id}.",
        )
    return NONE


def core_code(
    record: ExtractRecord, course: SeatsCourse | None, _w: object = None
) -> tuple[Mismatch, ...]:
    if course is None or record.core_code == course.core_code:
        return NONE
    return one(
        "CORE_CODE",
        course.core_code,
        _shown(record.core_code),
        f"The core code differs from the USBE core code of CCA {course.cca_id}'s course.",
    )


def course_title(
    record: ExtractRecord, course: SeatsCourse | None, _w: object = None
) -> tuple[Mismatch, ...]:
    if course is None or normalise_title(record.course_title) == normalise_title(course.usbe_title):
        return NONE
    return one(
        "COURSE_TITLE",
        course.usbe_title,
        _shown(record.course_title),
        "The course title is not the USBE course title (the provider's own title does not count).",
    )


def _date_mismatch(field: str, day: date | None, expected: str, message: str) -> Mismatch:
    return Mismatch("ENTRY_EXIT_DATES", expected, f"{field} {_shown(day)}", message)


def entry_exit_dates(
    record: ExtractRecord, course: SeatsCourse | None, window: Window | None
) -> tuple[Mismatch, ...]:
    """Entry and exit dates inside the school year and the provider's school calendar; summer
    courses belong to the upcoming school year, so their dates start on July 1 at the earliest."""
    if record.school_year is None:
        return NONE
    out: list[Mismatch] = []
    first, last = school_year_bounds(record.school_year)
    label = school_year_label(record.school_year)
    if record.entry_date is None and "entry_date" not in record.bad:
        out.append(_date_mismatch("entry", None, "a date", "The course entry date is blank."))
    if (
        record.exit_date is None
        and "exit_date" not in record.bad
        and course is not None
        and course.status not in OPEN_STATUSES
    ):
        out.append(
            _date_mismatch(
                "exit",
                None,
                "a date",
                f"SEATS closed CCA {course.cca_id} ({Status(course.status).label}) but the exit "
                "date is blank.",
            )
        )
    for name, day in (("entry", record.entry_date), ("exit", record.exit_date)):
        if day is None:
            continue
        if not first <= day <= last:
            out.append(
                _date_mismatch(
                    name,
                    day,
                    f"{first.isoformat()} to {last.isoformat()}",
                    f"The {name} date is outside school year {label} (summer courses are "
                    "reported in the upcoming school year).",
                )
            )
        elif window is not None and not window.first <= day <= window.last:
            out.append(
                _date_mismatch(
                    name,
                    day,
                    f"{window.first.isoformat()} to {window.last.isoformat()}",
                    f"The {name} date is outside the provider's school calendar "
                    f"({window.calendar}).",
                )
            )
    if record.entry_date and record.exit_date and record.exit_date < record.entry_date:
        out.append(
            _date_mismatch(
                "exit",
                record.exit_date,
                f"on or after {record.entry_date.isoformat()}",
                "The exit date is before the entry date.",
            )
        )
    return tuple(out)


def session(
    record: ExtractRecord, course: SeatsCourse | None, _w: object = None
) -> tuple[Mismatch, ...]:
    if record.term not in SESSIONS:
        summer = record.term in SUMMER_TERMS
        why = (
            "a summer term is reported in a session of the provider's upcoming school year"
            if summer
            else "the session must be a quarter (Q1-Q4) or semester (S1, S2) of the school year"
        )
        return one(
            "SESSION",
            "Q1-Q4, S1 or S2",
            _shown(record.term),
            f"The session is not inside the school year: {why}.",
        )
    if course is not None and record.term != course.session:
        return one(
            "SESSION",
            course.session,
            record.term,
            f"SEATS records CCA {course.cca_id} in session {course.session}.",
        )
    return NONE


def credit_attempted(
    record: ExtractRecord, course: SeatsCourse | None, _w: object = None
) -> tuple[Mismatch, ...]:
    if course is None or "credit_attempted" in record.bad:
        return NONE
    if record.credit_attempted == course.credit_attempted:
        return NONE
    return one(
        "CREDIT_ATTEMPTED",
        _credit(course.credit_attempted),
        _shown(record.credit_attempted),
        "Credit attempted must equal the contract value of the CCA.",
    )


def credit_earned(
    record: ExtractRecord, course: SeatsCourse | None, _w: object = None
) -> tuple[Mismatch, ...]:
    if course is None or "credit_earned" in record.bad:
        return NONE
    expected = credit_passed_by_june_30(course)
    found = record.credit_earned if record.credit_earned is not None else ZERO
    if found == expected:
        return NONE
    return one(
        "CREDIT_EARNED",
        _credit(expected),
        _shown(record.credit_earned),
        f"Credit earned must be the credit passed by June 30; SEATS has CCA {course.cca_id} "
        f"in {Status(course.status).label}.",
    )


def membership_days(record: ExtractRecord, *_: object) -> tuple[Mismatch, ...]:
    if "membership_days" in record.bad or record.membership_days == ZERO:
        return NONE
    return one(
        "MEMBERSHIP_DAYS",
        "0",
        _shown(record.membership_days),
        "School Membership Days must be 0: membership belongs to the primary LEA.",
    )


def validation_type(record: ExtractRecord, *_: object) -> tuple[Mismatch, ...]:
    if record.enrollment_validation_type == "L":
        return NONE
    return one(
        "VALIDATION_TYPE",
        "L",
        _shown(record.enrollment_validation_type),
        "Enrollment Validation Type must be L (100% learner validated).",
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "SCHOOL_OF_RECORD", "School of Record", "Marked N (No), not blank.", school_of_record, False
    ),
    Rule(
        "INSTRUCTIONAL_SETTING",
        "Instructional Setting",
        "Marked OP (Online Provider).",
        instructional_setting,
        False,
    ),
    Rule("SSID", "SSID", "Matches the SSID of the CCA's student in SEATS.", ssid, False),
    Rule("CORE_CODE", "Core code", "Matches the CCA's USBE core code.", core_code, True),
    Rule("COURSE_TITLE", "Course title", "The USBE course title.", course_title, True),
    Rule(
        "ENTRY_EXIT_DATES",
        "Entry and exit dates",
        "Inside the school year and the provider's school calendar; exit not before entry.",
        entry_exit_dates,
        False,
    ),
    Rule(
        "SESSION",
        "Session",
        "A quarter or semester of the school year, the CCA's session.",
        session,
        False,
    ),
    Rule(
        "CREDIT_ATTEMPTED",
        "Credit attempted",
        "Equal to the CCA's contract value.",
        credit_attempted,
        True,
    ),
    Rule(
        "CREDIT_EARNED",
        "Credit earned",
        "The credit passed by June 30 (0 for Late Pass and open courses).",
        credit_earned,
        True,
    ),
    Rule("MEMBERSHIP_DAYS", "School Membership Days", "Marked 0.", membership_days, False),
    Rule(
        "VALIDATION_TYPE",
        "Enrollment Validation Type",
        "Marked L (100% learner validated).",
        validation_type,
        False,
    ),
)


def check_record(
    record: ExtractRecord, course: SeatsCourse | None, window: Window | None
) -> list[Mismatch]:
    """Every mismatch of one record. Without a SEATS course only the record-alone rules run."""
    out: list[Mismatch] = []
    for rule in RULES:
        if course is None and rule.needs_seats:
            continue
        found = rule.check(record, course, window)
        if found:
            out.extend(found)
    return out
