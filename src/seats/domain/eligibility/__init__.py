"""Who may take a SOEP course, and why not (SPEC 3.4; Provider Manual SY2025-26; R277-726).

Every rule is one entry in ``CHECKS``: a pure predicate over the facts that returns the message
a parent reads, or None. The message is a ``Text`` (an English template with named placeholders
and their values) so the web can show it in Spanish; ``Reason.message`` stays the English.
``check_eligibility`` runs them all and returns EVERY reason that applies, in table order, so a
family fixes everything in one round instead of one refusal at a time.
Each predicate looks only at its own facts, which keeps the rules independent: adding a
disqualifying fact can add a reason but never hides another one.

Approvals (counselor, primary school, local board) are facts of the request, not exceptions
in the services: once recorded, the NEEDS_APPROVAL reason they answer simply stops applying.

The package keeps one concept per module: ``facts`` (what is decided on, and ``Reason``),
``checks`` (a rule and its registration), then the rules by subject, each with its table:
``student_rules``, ``approval_rules``, ``course_rules``. This module joins the tables in that
(report) order into ``CHECKS`` and is the one place callers import from.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import approval_rules, course_rules, student_rules
from .approval_rules import RULE_CREDIT_LIMIT, credit_limit_reason, credit_limit_text
from .checks import Check, Rule, num
from .facts import (
    AGE_LIMIT,
    EXCLUDED_GROUP_CARE,
    GROUP_CARE_VALUES,
    HEALTH_APPROVAL_GRADES,
    MANUAL,
    PROGRAM_GRADES,
    UTAH_FITS_ALL_VALUES,
    Facts,
    OfferingFacts,
    Reason,
    ReasonKind,
    RequestFacts,
    StudentFacts,
)

__all__ = [
    "AGE_LIMIT",
    "BLOCKING_KINDS",
    "CHECKS",
    "EXCLUDED_GROUP_CARE",
    "GROUP_CARE_VALUES",
    "HEALTH_APPROVAL_GRADES",
    "MANUAL",
    "PROGRAM_GRADES",
    "REASON_CODES",
    "REASON_KIND",
    "RULE_CREDIT_LIMIT",
    "UTAH_FITS_ALL_VALUES",
    "Check",
    "Facts",
    "OfferingFacts",
    "Reason",
    "ReasonKind",
    "RequestFacts",
    "Rule",
    "StudentFacts",
    "blocking",
    "check_eligibility",
    "credit_limit_reason",
    "credit_limit_text",
    "num",
]

#: Every rule, in the order reasons are reported (student, approvals, course, duplicate).
CHECKS: tuple[Check, ...] = (
    *student_rules.RULES,
    *approval_rules.RULES,
    *course_rules.RULES,
)
REASON_CODES: tuple[str, ...] = tuple(c.code for c in CHECKS)
REASON_KIND: dict[str, ReasonKind] = {c.code: c.kind for c in CHECKS}
BLOCKING_KINDS = frozenset(ReasonKind)


def check_eligibility(
    student: StudentFacts, offering: OfferingFacts, request: RequestFacts
) -> list[Reason]:
    """EVERY reason that applies (never only the first), in the stable order of ``CHECKS``."""
    facts = Facts(student, offering, request)
    return [r for check in CHECKS if (r := check.apply(facts)) is not None]


def blocking(reasons: Iterable[Reason]) -> list[Reason]:
    """Reasons that stop a submission.

    Approvals are facts of the request, so a NEEDS_APPROVAL reason still present means its
    approval is missing: every kind blocks. The filter exists so a future advisory kind can be
    added without every caller changing.
    """
    return [r for r in reasons if r.kind in BLOCKING_KINDS]
