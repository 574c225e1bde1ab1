"""Edit checks at entry of a new student's record and program year (issue 12 item 3; 002
"Entry date", "Funding Codes"; the SEOP's signatures, 002 "Student Education Occupation Plan").

Every problem is found at once, each naming its field, so a form shows them all beside their
fields (as LACES and TOPSpro do) instead of one at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..calendars import school_year_bounds
from ..errors import InvalidInput
from .funding import CODES_RULE, FUNDING_CODES, age_on

AREAS = ("ESOL", "ABE", "AHSC")
#: (interpretation) adult education starts at 16: R277-733-6 A lets a K-12 student of 16 enrol.
MIN_AGE = 16
ENTRY_RULE = "002, Section 6: Entry date (first participation in the program year)"
SEOP_RULE = "002, Section 6: Student Education Occupation Plan (SEOP)"


class Problems(InvalidInput):
    """Several invalid fields at once; ``problems`` lists each (field and message)."""

    def __init__(self, problems: Sequence[InvalidInput]) -> None:
        first = problems[0]
        text = " ".join(p.message for p in problems)
        super().__init__(text, field=first.field, rule=first.rule)
        self.problems = tuple(problems)


def raise_all(problems: Sequence[InvalidInput]) -> None:
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise Problems(problems)


@dataclass(frozen=True)
class NewStudent:
    first_name: str
    last_name: str
    date_of_birth: date
    fiscal_year: int
    entry_date: date
    area_of_focus: str
    funding_code: int | None = None
    ssid: str = ""
    k12_enrolled: bool = False


def check_new_student(facts: NewStudent, *, today: date) -> list[InvalidInput]:
    """Every problem of a registration, by field (empty when it may be written)."""
    out: list[InvalidInput] = []
    if not facts.first_name.strip():
        out.append(InvalidInput("Give the student's first name.", field="first_name"))
    if not facts.last_name.strip():
        out.append(InvalidInput("Give the student's last name.", field="last_name"))
    born = facts.date_of_birth
    if born > today:
        out.append(
            InvalidInput(
                f"The date of birth {born.isoformat()} is in the future.", field="date_of_birth"
            )
        )
    elif age_on(born, facts.entry_date) < MIN_AGE:
        out.append(
            InvalidInput(
                f"Born {born.isoformat()}, the student is under {MIN_AGE} on the entry date: "
                "adult education starts at 16.",
                field="date_of_birth",
            )
        )
    if facts.area_of_focus not in AREAS:
        out.append(
            InvalidInput(
                f"The area of focus is one of {', '.join(AREAS)}, not {facts.area_of_focus!r}.",
                field="area_of_focus",
            )
        )
    code = facts.funding_code
    if code is not None and (isinstance(code, bool) or code not in FUNDING_CODES):
        out.append(
            InvalidInput(
                f"The funding code is a number from 1 to 9, not {code!r}.",
                field="funding_code",
                rule=CODES_RULE,
            )
        )
    out += check_entry_date(facts.entry_date, facts.fiscal_year, today=today, born=born)
    if facts.k12_enrolled and not facts.ssid.strip():
        out.append(
            InvalidInput(
                "A K-12 student needs the SSID: it links the record to the student's school "
                "(SOEP eligibility).",
                field="ssid",
            )
        )
    ssid = facts.ssid.strip()
    if ssid and (not ssid.isdigit() or len(ssid) > 16):
        out.append(InvalidInput(f"An SSID is digits only, not {ssid!r}.", field="ssid"))
    return out


def check_entry_date(
    entry: date, fiscal_year: int, *, today: date, born: date
) -> list[InvalidInput]:
    first, last = school_year_bounds(fiscal_year)
    out: list[InvalidInput] = []
    if not first <= entry <= last:
        out.append(
            InvalidInput(
                f"The entry date {entry.isoformat()} is outside program year {fiscal_year} "
                f"({first.isoformat()} to {last.isoformat()}).",
                field="entry_date",
                rule=ENTRY_RULE,
            )
        )
    elif entry > today:
        out.append(
            InvalidInput(
                f"The entry date {entry.isoformat()} is in the future: it is the day of the "
                "first participation.",
                field="entry_date",
                rule=ENTRY_RULE,
            )
        )
    elif entry < born:
        out.append(InvalidInput("The entry date is before the date of birth.", field="entry_date"))
    return out


@dataclass(frozen=True)
class SeopFacts:
    fiscal_year: int
    core_goal: str = ""
    core_goal_on: date | None = None
    counselor: str = ""
    counselor_signed_on: date | None = None
    student_signed_on: date | None = None
    waiver_refused: bool = False


def check_seop(facts: SeopFacts, *, today: date) -> list[InvalidInput]:
    """A SEOP of the program year: its dates in that year and not in the future; a counselor
    named has the day signed. The student signs the SEOP, and signs or refuses to sign the
    Waiver of Release (002: "signed or refusal to sign")."""
    first, last = school_year_bounds(facts.fiscal_year)
    out: list[InvalidInput] = []
    for name, day in (
        ("core_goal_on", facts.core_goal_on),
        ("counselor_signed_on", facts.counselor_signed_on),
        ("student_signed_on", facts.student_signed_on),
    ):
        if day is None:
            continue
        if day > today:
            out.append(InvalidInput(f"{day.isoformat()} is in the future.", field=name))
        elif not first <= day <= last:
            out.append(
                InvalidInput(
                    f"{day.isoformat()} is outside program year {facts.fiscal_year}: a SEOP is "
                    "the current year's.",
                    field=name,
                    rule=SEOP_RULE,
                )
            )
    if facts.counselor.strip() and not facts.counselor_signed_on:
        out.append(InvalidInput("Give the day the counselor signed.", field="counselor_signed_on"))
    return out


def seop_signed(
    *, counselor_signed_on: date | None, student_signed_on: date | None, waiver_refused: bool
) -> str:
    """The signature state in words (002: signed by a counselor and the student, the Waiver of
    Release signed or its signature refused)."""
    if not counselor_signed_on:
        return "not signed by a counselor yet"
    if waiver_refused:
        who = "the counselor and the student" if student_signed_on else "the counselor"
        return f"signed by {who}; the student refused to sign the Waiver of Release"
    if student_signed_on:
        return "signed by the counselor and the student (Waiver of Release signed)"
    return "signed by the counselor; the student has neither signed nor refused yet"
