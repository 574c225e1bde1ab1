"""``seats membership``: pupil accounting from the console (docs/membership.md).

seats membership sweep [--as-of YYYY-MM-DD] [--enqueue]   the daily warning sweep (cron)
seats membership why --enrollment ID --date YYYY-MM-DD     why (not) in membership that day
"""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seats.core import clock

from ...models import Enrollment
from ...selectors.reports import why_for
from ...services.warnings import send_warnings


class Command(BaseCommand):
    help = "Pupil accounting: 'sweep' (daily warnings), 'why' (membership on a date)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        sweep = actions.add_parser("sweep", help="Warn teachers and counselors before the limit.")
        sweep.add_argument("--as-of", type=date.fromisoformat, default=None)
        sweep.add_argument("--enqueue", action="store_true", help="Queue it for the task worker.")
        explain = actions.add_parser("why", help="Why a student is (not) in membership on a day.")
        explain.add_argument("--enrollment", type=int, required=True)
        explain.add_argument("--date", type=date.fromisoformat, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "sweep":
            day = options["as_of"] or clock.today()
            if options["enqueue"]:
                from ...tasks import membership_sweep

                result = membership_sweep.enqueue(as_of=day.isoformat())
                self.stdout.write(f"Queued the membership sweep for {day} ({result.id}).")
                return
            report = send_warnings(as_of=day)
            for line in report.lines:
                self.stdout.write(line)
            self.stdout.write(
                f"Membership sweep {day}: {report.checked} checked, {report.warned} warned "
                f"({report.notices} notices), {report.already_warned} already warned."
            )
            return
        enrollment = (
            Enrollment.objects.select_related("program", "program__calendar", "student")
            .filter(pk=options["enrollment"])
            .first()
        )
        if enrollment is None:
            raise CommandError(f"There is no enrollment {options['enrollment']}.")
        day = options["date"]
        answer = why_for(enrollment, day)
        verdict = "in membership" if answer.in_membership else "NOT in membership"
        self.stdout.write(f"Enrollment {enrollment.pk} on {day}: {verdict}.")
        for reason in answer.reasons:
            self.stdout.write(f"  {reason}")
        for rule in answer.rules:
            self.stdout.write(f"  rule: {rule}")
