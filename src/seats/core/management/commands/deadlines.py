"""``seats deadlines``: compute a CCA's deadlines from a few dates, with the rule behind each.

For counselors, providers and the state to check a date by hand: every deadline says which rule
and which calendar produced it. ``--json`` prints one object of ISO dates for scripts.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from seats.core.management.options import parse_date_option, usage_error
from seats.core.models import Organisation
from seats.core.services.calendars import business_calendar, school_calendar_for
from seats.core.services.policy import policy_for
from seats.domain.calendars import SchoolCalendar, parse_calendar_file
from seats.domain.deadlines import Deadline, DeadlineFacts, compute_deadlines
from seats.domain.errors import DomainError

#: The keys ``--json`` may print (the inputs decide which of them are known).
JSON_KEYS = (
    "lea_decision_due",
    "provider_decision_due",
    "withdrawal_period_end",
    "census_day",
    "confirmation_due",
    "transcript_due",
    "closeout",
    "late_pass_final_due",
)


def load_calendar_file(path: str) -> SchoolCalendar:
    """A school calendar from a CSV or iCalendar file; errors name ``--calendar-file``."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise usage_error(f"--calendar-file: cannot read {path} ({exc.strerror}).") from None
    try:
        days = parse_calendar_file(file.name, data)
    except DomainError as exc:
        raise usage_error(f"--calendar-file: {exc}") from None
    return SchoolCalendar.of(f"calendar file {file.name}", days)


class Command(BaseCommand):
    help = "Compute the deadlines of a CCA (SPEC 3.3) from its dates, with the rule behind each."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--submitted", metavar="DATE", help="Submission date (required).")
        parser.add_argument("--course-start", metavar="DATE", help="Course start date.")
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--calendar", metavar="ORG_CODE", help="Use this organisation's.")
        source.add_argument("--calendar-file", metavar="FILE", help="A CSV or iCalendar file.")
        parser.add_argument("--completed", metavar="DATE", help="Course completion date.")
        parser.add_argument("--grade", metavar="N", help="Student grade, 6-12.")
        parser.add_argument(
            "--transcript-due", metavar="DATE", help="The counselor's TranscriptDue (seniors)."
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options.get("submitted"):
            raise usage_error("--submitted: the submission date is required (YYYY-MM-DD).")
        facts = self.facts(options)
        calendar = self.calendar(options, around=facts.course_start or facts.submitted)
        try:
            result = compute_deadlines(
                facts,
                business=business_calendar(),
                provider_calendar=calendar,
                policy=policy_for(facts.effective_school_year, as_of=facts.submitted),
            )
        except DomainError as exc:
            option = "--calendar-file" if options.get("calendar_file") else "--calendar"
            raise usage_error(f"{option}: {exc}") from None
        if options["json"]:
            shown = {k: result[k].due.isoformat() for k in JSON_KEYS if k in result}
            self.stdout.write(json.dumps(shown))
        else:
            self.stdout.write(render(result.values()))

    def facts(self, options: dict[str, Any]) -> DeadlineFacts:
        grade = self.grade(options.get("grade"))
        transcript_due = parse_date_option("--transcript-due", options.get("transcript_due"))
        if transcript_due is not None and grade != 12:
            raise usage_error("--transcript-due: only seniors have one; add --grade 12.")
        submitted = parse_date_option("--submitted", options["submitted"])
        completed = parse_date_option("--completed", options.get("completed"))
        if completed is not None and submitted is not None and completed < submitted:
            raise usage_error("--completed: the course cannot be completed before submission.")
        return DeadlineFacts(
            submitted=submitted,  # type: ignore[arg-type]
            course_start=parse_date_option("--course-start", options.get("course_start")),
            completed=completed,
            grade=grade,
            transcript_due_set=transcript_due,
        )

    @staticmethod
    def grade(value: str | int | None) -> int | None:
        if value is None:
            return None
        try:
            grade = int(str(value).strip())
        except ValueError:
            raise usage_error(f"--grade: {value!r} is not a grade (6-12).") from None
        if not 6 <= grade <= 12:
            raise usage_error(f"--grade: {grade} is outside grades 6-12.")
        return grade

    @staticmethod
    def calendar(options: dict[str, Any], *, around: date) -> SchoolCalendar:
        if options.get("calendar_file"):
            return load_calendar_file(options["calendar_file"])
        code = options.get("calendar")
        organisation = None
        if code:
            organisation = Organisation.objects.filter(code=code.strip()).first()
            if organisation is None:
                raise usage_error(f"--calendar: no organisation has the code {code!r}.")
        return school_calendar_for(organisation, around=around)


def render(deadlines: Any) -> str:
    """One block per deadline: what, when (with the weekday), by which rule, on which calendar."""
    blocks = []
    for d in deadlines:
        assert isinstance(d, Deadline)
        blocks.append(
            f"{d.label}: {d.due.isoformat()} ({d.due:%A})\n"
            f"  who: {d.who}\n  rule: {d.rule}\n  calendar: {d.calendar}"
        )
    return "\n".join(blocks)
