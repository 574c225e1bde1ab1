"""The reasons each party may give when it rejects a CCA: the state's decision tree (SPEC 3.4).

A rejection must name one of these codes, so a Notice of Rejection always cites a rule the
family can read and dispute. What is missing is deliberate: there is no code that lets an LEA
reject to steer a student to or away from a provider (Provider Manual, Primary LEA
Responsibilities; FAQ), and none for a provider to reject because of the LEA's decision.

Each label is marked with ``gettext_noop``: the services store the English label (history,
notice context) as before, and the pages and notices a family reads translate it by that label.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InvalidInput, NotPermitted
from .i18n import gettext_noop
from .roles import Party

MANUAL = "SOEP Provider Manual SY2025-26"
_TREE = f"SPEC 3.4 LEA decision tree; {MANUAL}, Primary LEA Responsibilities"
_REVIEW = f"{_TREE}; R277-726-3(2)(a)"


@dataclass(frozen=True, slots=True)
class RejectionReason:
    code: str
    label: str
    rule: str

    def __str__(self) -> str:
        return self.label


def _table(*reasons: RejectionReason) -> dict[str, RejectionReason]:
    return {r.code: r for r in reasons}


LEA_REJECTION_REASONS = _table(
    RejectionReason(
        "not_graduation_requirements",
        gettext_noop("The course is not consistent with the student's graduation requirements."),
        f"{_REVIEW}(i)",
    ),
    RejectionReason(
        "not_seop_pccr",
        gettext_noop(
            "The course is not consistent with the student's plan for college and career "
            "readiness (SEOP/PCCR)."
        ),
        f"{_REVIEW}(ii)",
    ),
    RejectionReason(
        "not_iep",
        gettext_noop("The course is not consistent with the student's IEP."),
        f"{_REVIEW}(iii)",
    ),
    RejectionReason(
        "not_504_plan",
        gettext_noop("The course is not consistent with the student's Section 504 plan."),
        f"{_REVIEW}(iv)",
    ),
    RejectionReason(
        "not_ib_program",
        gettext_noop(
            "The course is not consistent with the student's International Baccalaureate program."
        ),
        f"{_REVIEW}(v)",
    ),
    RejectionReason(
        "over_credit_limit",
        gettext_noop(
            "The course would put the student over the school year's online credit limit, and the "
            "primary school has not agreed to more."
        ),
        f"{_TREE}; SPEC 3.4 credit limit",
    ),
    RejectionReason(
        "over_full_course_load",
        gettext_noop(
            "The course would put the student over a full course load without an early-graduation "
            "plan or local board approval."
        ),
        f"{_TREE}; R277-726-4(2); {MANUAL}, Enrollment Process Overview",
    ),
    RejectionReason(
        "credit_recovery",
        gettext_noop(
            "The request is for credit recovery, which the online program is not meant for."
        ),
        f"{_TREE}; {MANUAL}, FAQ: credit recovery",
    ),
    RejectionReason(
        "after_add_drop_replacing_class",
        gettext_noop(
            "The request comes after the primary school's add/drop deadline and would replace an "
            "in-person class."
        ),
        f"{_TREE}; R277-726-4(6); {MANUAL}, Enrollment Process Overview",
    ),
    RejectionReason(
        "health_without_approval",
        gettext_noop(
            "A student in grades 6-8 asked for Health without the counselor's written approval."
        ),
        f"{_TREE}; {MANUAL}, Health Courses for 6-8th Grade Students",
    ),
    RejectionReason(
        "grade_replacement_without_approval",
        gettext_noop(
            "The course is meant to replace a grade, and the counselor has not approved that."
        ),
        f"{_TREE}; {MANUAL}, FAQ: grade replacement",
    ),
    RejectionReason(
        "student_not_eligible",
        gettext_noop("The student is not eligible for the online program."),
        f"{_TREE}; SPEC 3.4 eligibility; {MANUAL}, Student Eligibility",
    ),
)

_PROVIDER = f"SPEC 3.4 provider may reject; {MANUAL}, Online Provider Responsibilities"

PROVIDER_REJECTION_REASONS = _table(
    RejectionReason(
        "prerequisites_not_met",
        gettext_noop("The student has not met the course prerequisites."),
        _PROVIDER,
    ),
    RejectionReason(
        "course_not_open",
        gettext_noop("The course is not open for enrollment."),
        _PROVIDER,
    ),
    RejectionReason(
        "course_full",
        gettext_noop("The course is full."),
        f"{_PROVIDER}; SPEC 2 capacity",
    ),
    RejectionReason(
        "own_student_in_error",
        gettext_noop(
            "The request was filed in error for a student regularly enrolled with the provider."
        ),
        _PROVIDER,
    ),
    RejectionReason(
        "local_registration_incomplete",
        gettext_noop("The student's local registration with the provider was not completed."),
        "SPEC 3.4 local registration (before the provider accepts)",
    ),
)

_STATE = f"SPEC 3.4 state may reject; {MANUAL}, The USBE Responsibilities"

STATE_REJECTION_REASONS = _table(
    RejectionReason(
        "parent_withdrew_request",
        gettext_noop("A parent asked to withdraw the request before the Notice of Enrollment."),
        _STATE,
    ),
    RejectionReason(
        "duplicate_request",
        gettext_noop("The request duplicates another request for the same student and course."),
        _STATE,
    ),
)

_PARTY_TABLES: dict[Party, dict[str, RejectionReason]] = {
    Party.LEA: LEA_REJECTION_REASONS,
    Party.PROVIDER: PROVIDER_REJECTION_REASONS,
    Party.STATE: STATE_REJECTION_REASONS,
}


#: Every reason by its English label: a stored reason text is either one of these (translated
#: where a family reads it) or words a staff member typed (shown as typed).
BY_LABEL: dict[str, RejectionReason] = {
    r.label: r for table in _PARTY_TABLES.values() for r in table.values()
}


def reason_for_label(label: str) -> RejectionReason | None:
    """The decision-tree reason whose English label is ``label``, or None for free text."""
    return BY_LABEL.get(label.strip()) if isinstance(label, str) else None


def reasons_for(party: Party, *, acting_as_lea: bool = False) -> dict[str, RejectionReason]:
    """The codes ``party`` may reject with; empty for parties that never reject.

    The state decides for home-school students in the LEA's place (SPEC 1, pseudo-LEA HOME), so
    with ``acting_as_lea`` it may use the LEA's decision tree as well as its own reasons.
    """
    table = dict(_PARTY_TABLES.get(party, {}))
    if party == Party.STATE and acting_as_lea:
        table = {**LEA_REJECTION_REASONS, **table}
    return table


def check_rejection_reason(
    party: Party, code: str, *, acting_as_lea: bool = False
) -> RejectionReason:
    """The reason for ``code``, or an error that lists what this party may say instead."""
    allowed = reasons_for(party, acting_as_lea=acting_as_lea)
    if not allowed:
        raise NotPermitted(
            f"The {party} party may not reject a request.", rule="SPEC 3.4", field="reason"
        )
    reason = allowed.get(code.strip() if isinstance(code, str) else code)
    if reason is None:
        who = "state (acting as LEA)" if acting_as_lea and party == Party.STATE else str(party)
        raise InvalidInput(
            f"{code!r} is not a reason the {who} may give for rejecting a request. "
            f"Allowed: {', '.join(allowed)}.",
            rule="SPEC 3.4 decision tree",
            field="reason",
        )
    return reason
