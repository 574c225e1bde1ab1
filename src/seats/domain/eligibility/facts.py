"""The facts eligibility is decided on (student, offering, request) and the reason a rule gives.

Plain values the services gather from the records; each checks its own values on creation, so
a rule never sees an impossible fact (a negative age, an unknown group-care setting)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from ..errors import InvalidInput
from ..i18n import Params, gettext_noop, text

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
