"""What the offering itself refuses: closed, full, grades, school year; and a duplicate request
(SPEC 2; SPEC 3.4)."""

from __future__ import annotations

from ..i18n import Text, gettext_noop, text
from .checks import Check, registrar
from .facts import (
    MANUAL,
    Facts,
    ReasonKind,
)

_I, _A, _C = ReasonKind.INELIGIBLE, ReasonKind.NEEDS_APPROVAL, ReasonKind.COURSE

#: This module's rules, in report order.
RULES: list[Check] = []
_check = registrar(RULES)

# --- the offering -------------------------------------------------------------------------


@_check(
    "course_closed", _C, f"SPEC 2 (open for enrollment); {MANUAL}, Online Provider Responsibilities"
)
def _course_open(f: Facts) -> Text | None:
    if f.offering.is_open:
        return None
    return text(
        gettext_noop("This course from provider %(provider)s is not open for enrollment."),
        provider=f.offering.provider_code,
    )


@_check("course_full", _C, "SPEC 2 (capacity, first come first served)")
def _course_full(f: Facts) -> Text | None:
    left = f.offering.seats_left
    if left is None or left > 0:
        return None
    return text(
        gettext_noop("This course from provider %(provider)s is full: no seats are left."),
        provider=f.offering.provider_code,
    )


@_check("grade_not_allowed_by_course", _C, "SPEC 2 (grades allowed)")
def _course_grades(f: Facts) -> Text | None:
    o, g = f.offering, f.student.grade
    if o.grade_min <= g <= o.grade_max:
        return None
    if o.grade_min == o.grade_max:
        return text(
            gettext_noop(
                "This course is for grade %(only)s only; the student is in grade %(grade)s."
            ),
            only=o.grade_min,
            grade=g,
        )
    return text(
        gettext_noop(
            "This course is for grades %(low)s to %(high)s; the student is in grade %(grade)s."
        ),
        low=o.grade_min,
        high=o.grade_max,
        grade=g,
    )


@_check("not_offered_this_year", _C, "SPEC 2 (school years offered)")
def _course_year(f: Facts) -> Text | None:
    if f.offering.offered_in_school_year:
        return None
    return text(gettext_noop("This course is not offered in the school year of the request."))


@_check(
    "duplicate_request",
    ReasonKind.DUPLICATE,
    f"SPEC 3.4; {MANUAL}, The USBE Responsibilities (duplicate request)",
)
def _duplicate(f: Facts) -> Text | None:
    other = f.request.duplicate_of
    if other is None:
        return None
    return text(
        gettext_noop(
            "The student already has an active request (CCA %(cca)s) for this course in the "
            "same session."
        ),
        cca=other,
    )
