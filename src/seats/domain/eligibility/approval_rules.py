"""What needs an approval before it may go ahead: the credit limit, a full course load, Health
in grades 6-8, a grade replacement. Once the approval is a fact of the request, its reason stops
applying."""

from __future__ import annotations

from decimal import Decimal

from ..i18n import Text, gettext_noop, text
from .checks import Check, num, registrar
from .facts import (
    HEALTH_APPROVAL_GRADES,
    MANUAL,
    Facts,
    Reason,
    ReasonKind,
)

_I, _A, _C = ReasonKind.INELIGIBLE, ReasonKind.NEEDS_APPROVAL, ReasonKind.COURSE

#: This module's rules, in report order.
RULES: list[Check] = []
_check = registrar(RULES)

# --- approvals ----------------------------------------------------------------------------

RULE_CREDIT_LIMIT = f"SPEC 3.4 credit limit; R277-726-5(1); {MANUAL}, Enrollment Process Overview"


def credit_limit_text(
    credits_this_year: Decimal, credit: Decimal, limit: Decimal, agreed: bool
) -> Text | None:
    """Reaching the limit exactly is allowed; going past it needs the primary school's yes."""
    if agreed or credits_this_year + credit <= limit:
        return None
    return text(
        gettext_noop(
            "This course adds %(credit)s credit, but the student already has %(used)s of the "
            "%(limit)s online credits allowed this school year (July 1 - June 30), which would "
            "make %(total)s. The primary school must agree to more than %(limit)s credits."
        ),
        credit=num(credit),
        used=num(credits_this_year),
        limit=num(limit),
        total=num(credits_this_year + credit),
    )


def credit_limit_reason(
    credits_this_year: Decimal, credit: Decimal, limit: Decimal, agreed: bool
) -> Reason | None:
    """The credit-limit reason on its own (the services check it outside ``CHECKS`` too)."""
    found = credit_limit_text(credits_this_year, credit, limit, agreed)
    if found is None:
        return None
    return Reason(
        "credit_limit",
        str(found),
        RULE_CREDIT_LIMIT,
        ReasonKind.NEEDS_APPROVAL,
        found.template,
        found.params,
    )


@_check("credit_limit", _A, RULE_CREDIT_LIMIT)
def _credit_limit(f: Facts) -> Text | None:
    r = f.request
    return credit_limit_text(
        r.credits_this_year, f.offering.credit, r.credit_limit, r.credit_limit_agreed
    )


@_check("full_course_load", _A, f"SPEC 3.4; R277-726-4(2); {MANUAL}, Enrollment Process Overview")
def _full_course_load(f: Facts) -> Text | None:
    r = f.request
    if not r.full_course_load_exceeded or f.student.early_graduation_plan or r.local_board_approved:
        return None
    return text(
        gettext_noop(
            "With this course the student would go over a full course load for the school "
            "year. That needs an early-graduation plan or approval under the local school "
            "board's policy."
        )
    )


@_check("health_needs_approval", _A, f"SPEC 3.4; {MANUAL}, Health Courses for 6-8th Grade Students")
def _health(f: Facts) -> Text | None:
    g = f.student.grade
    if not f.offering.is_health or g not in HEALTH_APPROVAL_GRADES or f.request.health_approval:
        return None
    return text(
        gettext_noop(
            "A student in grade %(grade)s may take Health only with the school counselor's "
            "written approval, sent to the provider before it accepts the request."
        ),
        grade=g,
    )


@_check("grade_replacement_needs_approval", _A, f"SPEC 3.4; {MANUAL}, FAQ: grade replacement")
def _grade_replacement(f: Facts) -> Text | None:
    r = f.request
    if not r.grade_replacement or r.grade_replacement_approved:
        return None
    return text(
        gettext_noop(
            "To use this course to replace a grade already on the student's record, the school "
            "counselor must approve the replacement before the student enrolls."
        )
    )
