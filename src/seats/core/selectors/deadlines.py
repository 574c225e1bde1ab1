"""The deadline calculator (SPEC 3.3) behind both the `seats deadlines` command and the web page
/tools/deadlines/: one place that checks the entered dates against each other, picks the
calendars and the school year's policy, and asks ``seats.domain.deadlines`` for the dates.

Keeping this here (not in the command, not in the view) is what makes the page and the command
print the same dates for the same input: neither holds a rule of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from seats.domain import dates
from seats.domain.calendars import SchoolCalendar
from seats.domain.deadlines import Deadline, DeadlineFacts, compute_deadlines
from seats.domain.errors import InvalidInput
from seats.domain.progress import START_RULE, start_before_submission
from seats.domain.windows import has_second_half

from ..models import Organisation
from ..services.calendars import business_calendar, school_calendar_for
from ..services.policy import policy_for

#: Deadlines counted from the submission date: not shown when only a course start was entered.
FROM_SUBMISSION = frozenset({"lea_decision_due", "provider_decision_due"})


@dataclass(frozen=True)
class CalculatorInput:
    """What a person enters: a submission date or a course start date, and optional facts."""

    submitted: date | None = None
    course_start: date | None = None
    school_year: int | None = None
    completed: date | None = None
    grade: int | None = None
    transcript_due: date | None = None
    credit: Decimal | None = None  # 1.0: a second 0.5 credit and its withdrawal window
    second_half_start: date | None = None


def calculator_facts(entered: CalculatorInput) -> DeadlineFacts:
    """The domain's facts for the entered dates, or ``InvalidInput`` naming the field at fault.

    Without a submission date the course start stands in for it (the domain needs one day to
    count from); ``calculate`` then hides the deadlines that only a real submission date gives.
    """
    for name in ("submitted", "course_start", "completed", "transcript_due"):
        dates.checked(getattr(entered, name), name)
    anchor = entered.submitted or entered.course_start
    if anchor is None:
        raise InvalidInput("Enter the submission date or the course start date.", field="submitted")
    grade = entered.grade
    if grade is not None and not 6 <= grade <= 12:
        raise InvalidInput(f"{grade} is outside grades 6-12.", field="grade")
    if entered.transcript_due is not None and grade != 12:
        raise InvalidInput(
            "Only seniors have a TranscriptDue date; give grade 12 with it.",
            field="transcript_due",
        )
    if entered.course_start is not None:
        early = start_before_submission(entered.course_start, entered.submitted)
        if early:
            raise InvalidInput(early, field="course_start", rule=START_RULE)
    if entered.completed is not None and entered.completed < anchor:
        raise InvalidInput(
            "The course cannot be completed before it was requested or started.",
            field="completed",
        )
    if entered.school_year is not None and not 2000 <= entered.school_year <= 2100:
        raise InvalidInput(
            f"{entered.school_year} is not a school year (the year it starts in, e.g. 2025).",
            field="school_year",
        )
    full_credit = entered.credit is not None and has_second_half(entered.credit)
    if entered.second_half_start is not None:
        if not full_credit:
            raise InvalidInput(
                "Only a 1.0-credit course has a second 0.5 credit; give credit 1.0 with it.",
                field="second_half_start",
            )
        if entered.course_start is None or entered.second_half_start <= entered.course_start:
            raise InvalidInput(
                "The second 0.5 credit starts after the course start date.",
                field="second_half_start",
            )
    return DeadlineFacts(
        submitted=anchor,
        school_year=entered.school_year,
        course_start=entered.course_start,
        full_credit_course=full_credit,
        second_half_start=entered.second_half_start,
        completed=entered.completed,
        grade=grade,
        transcript_due_set=entered.transcript_due,
    )


def calendar_organisation(code: str | None) -> Organisation | None:
    """The organisation whose school calendar counts school days; None for the state default."""
    code = (code or "").strip()
    if not code:
        return None
    found = Organisation.objects.filter(code=code).first()
    if found is None:
        raise InvalidInput(f"no organisation has the code {code!r}.", field="calendar")
    return found


def calendar_for(organisation: Organisation | None, facts: DeadlineFacts) -> SchoolCalendar:
    return school_calendar_for(organisation, around=facts.course_start or facts.submitted)


def calculate(
    facts: DeadlineFacts, *, calendar: SchoolCalendar, submission_known: bool = True
) -> dict[str, Deadline]:
    """Every deadline the facts allow, in lifecycle order, counted on ``calendar`` with the
    business calendar and the policy in force for the school year on the submission date."""
    result = compute_deadlines(
        facts,
        business=business_calendar(),
        provider_calendar=calendar,
        policy=policy_for(facts.effective_school_year, as_of=facts.submitted),
    )
    if not submission_known:
        result = {k: v for k, v in result.items() if k not in FROM_SUBMISSION}
    return result


def calendar_choices() -> list[tuple[str, str]]:
    """Organisations with a loaded school calendar (code, label), for the page's select.

    Any other organisation counts on its LEA's calendar or the state's, so offering only these
    keeps the list short without losing a choice that changes a date."""
    rows = Organisation.objects.filter(calendar__isnull=False).order_by("kind", "name")
    return [(o.code, f"{o.name} ({o.code})") for o in rows.only("code", "name", "kind")]
