"""Who may be counted in membership (004 D.1, D.2 and D.4; SPEC 9). Every reason that applies
is returned at once, so a pupil-accounting clerk fixes the record in one pass."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .kinds import ProgramKind
from .rules import ELIGIBILITY_RULE, MembershipRules


class Reason(StrEnum):
    DIPLOMA = "diploma"
    CERTIFICATE = "certificate_of_completion"
    YIC = "yic"
    NOT_RESIDENT = "not_utah_resident"
    NOT_SCHOOL_AGE = "not_school_age"
    UNDER_HALF_TIME = "under_half_time"
    PCCR = "not_consistent_with_pccr"
    COUNSELOR = "not_counselor_approved"
    INSTRUCTION = "no_regular_instruction"
    CTE_OFFERED = "cte_offered_at_school"
    CTE_REQUIREMENT = "cte_not_graduation_requirement"


TEXTS = {
    Reason.DIPLOMA: ("The student already earned a basic high school diploma.", "004 D.2.a"),
    Reason.CERTIFICATE: ("The student already earned a certificate of completion.", "004 D.2.a"),
    Reason.YIC: ("The student is enrolled in a YIC (youth in custody) program.", "004 D.2.b"),
    Reason.NOT_RESIDENT: ("The student is not a resident of Utah.", "004 D.2.d"),
    Reason.NOT_SCHOOL_AGE: (
        "The student is not of school age on September 1 and is not a retained senior.",
        "004 D.2.e",
    ),
    Reason.UNDER_HALF_TIME: (
        "The student is also enrolled in another LEA and is enrolled here less than half time.",
        "004 D.1",
    ),
    Reason.PCCR: ("The enrollment is not consistent with the student's PCCR.", "004 D.4.c-d"),
    Reason.COUNSELOR: ("The student's counselor has not approved the enrollment.", "004 D.4.d.ii"),
    Reason.INSTRUCTION: (
        "The program does not include regular instruction or facilitation.",
        "004 D.4.d.iii",
    ),
    Reason.CTE_OFFERED: ("The CTE course is offered at the student's own school.", "004 D.4.c.i"),
    Reason.CTE_REQUIREMENT: (
        "The CTE course does not meet a USBE-approved CTE graduation requirement.",
        "004 D.4.c.ii",
    ),
}


@dataclass(frozen=True)
class Facts:
    date_of_birth: date
    has_diploma: bool = False
    has_certificate_of_completion: bool = False
    in_yic: bool = False
    utah_resident: bool = True
    retained_senior: bool = False
    enrolled_elsewhere: bool = False
    half_time_or_more: bool = True
    pccr_consistent: bool = True
    counselor_approved: bool = True
    regular_instruction: bool = True
    cte_offered_at_school: bool = False
    cte_meets_requirement: bool = True


@dataclass(frozen=True)
class Problem:
    reason: Reason
    text: str
    rule: str


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def problems(
    facts: Facts, program: ProgramKind, school_year: int, rules: MembershipRules
) -> list[Problem]:
    """Every reason the student may not be counted in this program this school year."""
    found: list[Reason] = []
    if facts.has_diploma:
        found.append(Reason.DIPLOMA)
    if facts.has_certificate_of_completion:
        found.append(Reason.CERTIFICATE)
    if facts.in_yic:
        found.append(Reason.YIC)
    if not facts.utah_resident:
        found.append(Reason.NOT_RESIDENT)
    age = age_on(facts.date_of_birth, date(school_year, 9, 1))
    if age < rules.min_age or (age > rules.max_age and not facts.retained_senior):
        found.append(Reason.NOT_SCHOOL_AGE)
    if facts.enrolled_elsewhere and not facts.half_time_or_more:
        found.append(Reason.UNDER_HALF_TIME)
    needs_pccr = program.learner_validated or program is ProgramKind.CTE_TECH_COLLEGE
    if needs_pccr and not facts.pccr_consistent:
        found.append(Reason.PCCR)
    if program.learner_validated:
        if not facts.counselor_approved:
            found.append(Reason.COUNSELOR)
        if not facts.regular_instruction:
            found.append(Reason.INSTRUCTION)
    if program is ProgramKind.CTE_TECH_COLLEGE:
        if facts.cte_offered_at_school:
            found.append(Reason.CTE_OFFERED)
        if not facts.cte_meets_requirement:
            found.append(Reason.CTE_REQUIREMENT)
    return [Problem(r, TEXTS[r][0], f"{TEXTS[r][1]} ({ELIGIBILITY_RULE})") for r in found]
