"""``seats deadlines``: compute a CCA's deadlines from a few dates, with the rule behind each.

For counselors, providers and the state to check a date by hand: every deadline says which rule
and which calendar produced it. ``--json`` prints one object of ISO dates for scripts. The
calculation itself is ``seats.core.selectors.deadlines``, shared with the web page.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from seats.core.management.options import parse_date_option, usage_error
from seats.core.selectors.deadlines import (
    CalculatorInput,
    calculate,
    calculator_facts,
    calendar_for,
    calendar_organisation,
)
from seats.domain.calendars import SchoolCalendar, parse_calendar_file
from seats.domain.catalog import check_credit
from seats.domain.deadlines import Deadline, DeadlineFacts
from seats.domain.errors import DomainError, InvalidInput

#: The keys ``--json`` may print (the inputs decide which of them are known).
JSON_KEYS = (
    "lea_decision_due",
    "provider_decision_due",
    "withdrawal_period_end",
    "census_day",
    "confirmation_due",
    "second_half_start",
    "second_withdrawal_period_end",
    "second_census_day",
    "second_withdrawal_record_by",
    "transcript_due",
    "closeout",
    "late_pass_final_due",
)

#: The option that carries each field of the shared calculator (seats.core.selectors.deadlines).
OPTION_OF_FIELD = {
    "submitted": "--submitted",
    "course_start": "--course-start",
    "completed": "--completed",
    "grade": "--grade",
    "transcript_due": "--transcript-due",
    "second_half_start": "--second-half-start",
}  # anything else (a short or unknown calendar) names --calendar or --calendar-file


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
        parser.add_argument(
            "--credit",
            metavar="N",
            help="Credit attempted (0.25, 0.5 or 1.0); 1.0 adds the second 0.5 credit's window.",
        )
        parser.add_argument(
            "--second-half-start",
            metavar="DATE",
            help="When the second 0.5 credit starts (1.0 credit; derived when omitted).",
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options.get("submitted"):
            raise usage_error("--submitted: the submission date is required (YYYY-MM-DD).")
        try:
            facts = calculator_facts(self.entered(options))
            calendar = self.calendar(options, facts)
            result = calculate(facts, calendar=calendar)
        except InvalidInput as exc:
            if exc.field in OPTION_OF_FIELD:
                raise usage_error(f"{OPTION_OF_FIELD[exc.field]}: {exc.message}") from None
            raise usage_error(f"{self.calendar_option(options)}: {exc}") from None
        except DomainError as exc:
            raise usage_error(f"{self.calendar_option(options)}: {exc}") from None
        if options["json"]:
            shown = {k: result[k].due.isoformat() for k in JSON_KEYS if k in result}
            self.stdout.write(json.dumps(shown))
        else:
            self.stdout.write(render(result.values()))

    @staticmethod
    def calendar_option(options: dict[str, Any]) -> str:
        return "--calendar-file" if options.get("calendar_file") else "--calendar"

    def entered(self, options: dict[str, Any]) -> CalculatorInput:
        """The options as the calculator's input; each unreadable value names its option."""
        return CalculatorInput(
            submitted=parse_date_option("--submitted", options["submitted"]),
            course_start=parse_date_option("--course-start", options.get("course_start")),
            completed=parse_date_option("--completed", options.get("completed")),
            grade=self.grade(options.get("grade")),
            transcript_due=parse_date_option("--transcript-due", options.get("transcript_due")),
            credit=self.credit(options.get("credit")),
            second_half_start=parse_date_option(
                "--second-half-start", options.get("second_half_start")
            ),
        )

    @staticmethod
    def credit(value: str | None) -> Decimal | None:
        if value is None:
            return None
        try:
            return check_credit(value)
        except InvalidInput as exc:
            raise usage_error(f"--credit: {exc.message}") from None

    @staticmethod
    def grade(value: str | int | None) -> int | None:
        if value is None:
            return None
        try:
            return int(str(value).strip())
        except ValueError:
            raise usage_error(f"--grade: {value!r} is not a grade (6-12).") from None

    @staticmethod
    def calendar(options: dict[str, Any], facts: DeadlineFacts) -> SchoolCalendar:
        if options.get("calendar_file"):
            return load_calendar_file(options["calendar_file"])
        return calendar_for(calendar_organisation(options.get("calendar")), facts)


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
