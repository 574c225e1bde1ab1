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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from .errors import InvalidInput
from .i18n import Params, Text, gettext_noop, text

MANUAL = "SOEP Provider Manual SY2025-26"
PROGRAM_GRADES = range(6, 13)
HEALTH_APPROVAL_GRADES = range(6, 9)
AGE_LIMIT = 19  # home-school students and out-of-school youth: eligible while under 19

#: Group-care settings the program excludes, each with the whole sentence a parent reads (one
#: sentence per setting, not a setting name slotted into one sentence: a translator needs the
#: article and the agreement of the words around it).
EXCLUDED_GROUP_CARE = {
    "outdoor_youth": gettext_noop(
        "Students placed in an outdoor youth program cannot take online courses through this "
        "program; only state-licensed group care qualifies."
    ),
    "residential_support": gettext_noop(
        "Students placed in a residential support program cannot take online courses through "
        "this program; only state-licensed group care qualifies."
    ),
    "residential_treatment": gettext_noop(
        "Students placed in a residential treatment program cannot take online courses through "
        "this program; only state-licensed group care qualifies."
    ),
    "therapeutic_school": gettext_noop(
        "Students placed in a therapeutic school cannot take online courses through this "
        "program; only state-licensed group care qualifies."
    ),
}
GROUP_CARE_VALUES = frozenset({"", "licensed", *EXCLUDED_GROUP_CARE})
UTAH_FITS_ALL_VALUES = frozenset({"", "current", "notified"})


class ReasonKind(StrEnum):
    INELIGIBLE = "ineligible"  # the student may not take SOEP courses at all
    NEEDS_APPROVAL = "needs_approval"  # allowed only once an approval is recorded
    COURSE = "course"  # the offering cannot take this request
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason a request cannot go ahead as asked.

    ``message`` is the English sentence (the API and the logs show it); ``template`` and
    ``params`` are its translatable parts, so a page can show it in the reader's language.
    """

    code: str
    message: str
    rule: str
    kind: ReasonKind
    template: str = ""
    params: Params = ()

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class StudentFacts:
    grade: int
    age: int  # age in whole years on the request date
    is_home_school: bool = False
    home_school_acknowledged: bool = False
    proof_of_age_identity: bool = False
    group_care: str = ""  # "", "licensed", or a key of EXCLUDED_GROUP_CARE
    is_out_of_school_youth: bool = False
    enrolled_in_public_school: bool = True
    in_adult_education: bool = False
    utah_fits_all: str = ""  # "", "current", "notified"
    is_private_school: bool = False
    has_secondary_diploma: bool = False
    primary_lea_code: str = ""
    primary_school_code: str = ""
    early_graduation_plan: bool = False

    def __post_init__(self) -> None:
        if self.age < 0:
            raise InvalidInput(
                text(gettext_noop("Age cannot be negative (%(age)s)."), age=self.age), field="age"
            )
        _one_of(self.group_care, GROUP_CARE_VALUES, "group_care")
        _one_of(self.utah_fits_all, UTAH_FITS_ALL_VALUES, "utah_fits_all")


def _one_of(value: str, allowed: frozenset[str], field: str) -> None:
    if value not in allowed:
        options = ", ".join(repr(v) for v in sorted(allowed))
        message = text(
            gettext_noop("Unknown %(field)s value %(value)s. Allowed: %(options)s."),
            field=field,
            value=repr(value),
            options=options,
        )
        raise InvalidInput(message, field=field)


@dataclass(frozen=True, slots=True)
class OfferingFacts:
    provider_code: str
    provider_housing_lea_code: str | None  # None for IHE and certified providers
    credit: Decimal
    grade_min: int = 6
    grade_max: int = 12
    is_open: bool = True
    seats_left: int | None = None  # None = no capacity limit
    is_health: bool = False
    offered_in_school_year: bool = True

    def __post_init__(self) -> None:
        if self.credit < 0:
            message = text(
                gettext_noop("Credit cannot be negative (%(credit)s)."), credit=str(self.credit)
            )
            raise InvalidInput(message, field="credit")
        if self.grade_min > self.grade_max:
            message = text(
                gettext_noop("The lowest grade (%(low)s) is above the highest (%(high)s)."),
                low=self.grade_min,
                high=self.grade_max,
            )
            raise InvalidInput(message, field="grade_min")


@dataclass(frozen=True, slots=True)
class RequestFacts:
    credits_this_year: Decimal = Decimal(0)  # other CCAs this school year that count
    credit_limit: Decimal = Decimal(6)  # from Policy.credit_limit
    credit_limit_agreed: bool = False  # the primary school agreed to more
    full_course_load_exceeded: bool = False
    local_board_approved: bool = False
    health_approval: bool = False  # counselor's written approval (grades 6-8 Health)
    grade_replacement: bool = False
    grade_replacement_approved: bool = False
    duplicate_of: int | None = None  # id of an active CCA for the same student+course+session

    def __post_init__(self) -> None:
        for name in ("credits_this_year", "credit_limit"):
            if getattr(self, name) < 0:
                message = text(gettext_noop("%(name)s cannot be negative."), name=name)
                raise InvalidInput(message, field=name)


class Facts(NamedTuple):
    student: StudentFacts
    offering: OfferingFacts
    request: RequestFacts


Rule = Callable[[Facts], Text | None]


@dataclass(frozen=True, slots=True)
class Check:
    """One rule: ``test`` returns the parent-facing message when the rule refuses, else None."""

    code: str
    kind: ReasonKind
    rule: str
    test: Rule

    def apply(self, facts: Facts) -> Reason | None:
        found = self.test(facts)
        if found is None:
            return None
        return Reason(self.code, str(found), self.rule, self.kind, found.template, found.params)


#: Every rule, in the order reasons are reported (student, approvals, course, duplicate).
CHECKS: list[Check] = []


def _check(code: str, kind: ReasonKind, rule: str) -> Callable[[Rule], Rule]:
    """Register a predicate as a rule; definition order is report order."""

    def register(test: Rule) -> Rule:
        CHECKS.append(Check(code, kind, rule, test))
        return test

    return register


def num(value: Decimal | int) -> str:
    """Credits as people write them: 6, 5.75, 0.5 (never 6.00 or 6E+0)."""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in {"-0", ""} else text


# --- the student --------------------------------------------------------------------------

_I, _A, _C = ReasonKind.INELIGIBLE, ReasonKind.NEEDS_APPROVAL, ReasonKind.COURSE
_ELIG = f"SPEC 3.4; {MANUAL}, Student Eligibility"
_HOME = f"{_ELIG}: Home School Students"
_OOSY = f"{_ELIG}: Out-of-School Youth"
_INELIGIBLE = f"{_ELIG}: Ineligible Students"


@_check("grade_outside_program", _I, f"{_ELIG}: Public School Students; R277-726-2(4)(a)")
def _grade(f: Facts) -> Text | None:
    g = f.student.grade
    if g in PROGRAM_GRADES:
        return None
    return text(
        gettext_noop(
            "The online program is for students in grades 6 to 12; the student is in grade "
            "%(grade)s."
        ),
        grade=g,
    )


@_check("home_school_age", _I, _HOME)
def _home_school_age(f: Facts) -> Text | None:
    s = f.student
    if not (s.is_home_school and s.age >= AGE_LIMIT):
        return None
    return text(
        gettext_noop(
            "Home-school students may take online courses only until they turn %(limit)s; "
            "the student is %(age)s."
        ),
        limit=AGE_LIMIT,
        age=s.age,
    )


@_check("home_school_no_proof", _I, _HOME)
def _home_school_proof(f: Facts) -> Text | None:
    if not f.student.is_home_school or f.student.proof_of_age_identity:
        return None
    return text(
        gettext_noop(
            "A home-school student needs acceptable proof of age and identity (such as a birth "
            "certificate) on file before taking online courses."
        )
    )


@_check("home_school_not_acknowledged", _I, _HOME)
def _home_school_acknowledged(f: Facts) -> Text | None:
    if not f.student.is_home_school or f.student.home_school_acknowledged:
        return None
    return text(
        gettext_noop(
            "The school district has not yet acknowledged the parent's notice of intent to home "
            "school this student; that acknowledgment must be on record first."
        )
    )


@_check("group_care_excluded", _I, f"{_ELIG}: Students in Group Care Settings")
def _group_care(f: Facts) -> Text | None:
    sentence = EXCLUDED_GROUP_CARE.get(f.student.group_care)
    return None if sentence is None else text(sentence)


@_check("out_of_school_youth_age", _I, _OOSY)
def _out_of_school_youth_age(f: Facts) -> Text | None:
    s = f.student
    if not (s.is_out_of_school_youth and s.age >= AGE_LIMIT):
        return None
    return text(
        gettext_noop(
            "An out-of-school youth may join the program only before turning %(limit)s; "
            "the student is %(age)s."
        ),
        limit=AGE_LIMIT,
        age=s.age,
    )


@_check("not_enrolled_in_public_school", _I, f"{_ELIG}: Public School Students; {_OOSY}")
def _public_enrollment(f: Facts) -> Text | None:
    s = f.student
    if s.is_home_school or s.enrolled_in_public_school:
        return None
    if s.is_out_of_school_youth:
        return text(
            gettext_noop(
                "An out-of-school youth must enroll in a Utah public school, before the "
                "student's class (cohort) graduates, to take online courses."
            )
        )
    return text(
        gettext_noop("The student must be enrolled in a Utah public school to take online courses.")
    )


@_check("adult_education", _I, f"{_OOSY}; R277-726-2(4)(b)")
def _adult_education(f: Facts) -> Text | None:
    if not f.student.in_adult_education:
        return None
    return text(
        gettext_noop(
            "Students enrolled in adult education cannot take online courses through this "
            "program; the student must leave adult education and re-enroll in a public school "
            "first."
        )
    )


@_check("secondary_diploma", _I, _OOSY)
def _diploma(f: Facts) -> Text | None:
    if not f.student.has_secondary_diploma:
        return None
    return text(
        gettext_noop(
            "The student already holds a high school diploma (or its equivalent) and so is no "
            "longer eligible for the program."
        )
    )


@_check("utah_fits_all_current", _I, _INELIGIBLE)
def _utah_fits_all_current(f: Facts) -> Text | None:
    if f.student.utah_fits_all != "current":
        return None
    return text(
        gettext_noop(
            "Students receiving a Utah Fits All scholarship cannot take courses in this program."
        )
    )


@_check("utah_fits_all_notified", _I, _INELIGIBLE)
def _utah_fits_all_notified(f: Facts) -> Text | None:
    if f.student.utah_fits_all != "notified":
        return None
    return text(
        gettext_noop(
            "The student has been told they will receive a Utah Fits All scholarship next "
            "school year, which makes them ineligible for this program."
        )
    )


@_check("school_of_record_with_provider", _I, f"{_INELIGIBLE}; {MANUAL}, FAQ: school of record")
def _school_of_record(f: Facts) -> Text | None:
    s, o = f.student, f.offering
    if s.primary_school_code and s.primary_school_code == o.provider_code:
        return text(
            gettext_noop(
                "The student's school of record (%(school)s) is the online provider itself; its "
                "own students take its courses directly, not through this program."
            ),
            school=s.primary_school_code,
        )
    housing = o.provider_housing_lea_code
    if housing and s.primary_lea_code == housing:
        return text(
            gettext_noop(
                "The student's school of record is in LEA %(lea)s, which houses the provider "
                "%(provider)s; students of that LEA take its courses directly, not through this "
                "program."
            ),
            lea=housing,
            provider=o.provider_code,
        )
    return None


@_check("private_school", _I, _INELIGIBLE)
def _private_school(f: Facts) -> Text | None:
    if not f.student.is_private_school:
        return None
    return text(
        gettext_noop(
            "Students attending a private school cannot take online courses through this program."
        )
    )


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
