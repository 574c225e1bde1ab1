"""`seats sweep [--as-of DATE] [--enqueue]`: the daily time-driven work (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seats.core import clock
from seats.core.management.options import parse_date_option
from seats.domain.errors import DomainError


class Command(BaseCommand):
    help = (
        "Issue due Notices of Enrollment, flag overdue work and queue deadline reminders. "
        "Safe to run more than once a day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="The day to sweep for (default: today, state time).")
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the sweep for the task worker instead."
        )

    def handle(self, *args: object, **options: object) -> None:
        as_of = (
            parse_date_option("--as-of", str(options["as_of"]))
            if options.get("as_of")
            else clock.today()
        )
        if options["enqueue"]:
            from seats.core.tasks import daily_sweep

            result = daily_sweep.enqueue(as_of.isoformat())
            self.stdout.write(f"Sweep for {as_of.isoformat()} queued (task {result.id}).")
            return
        from seats.core.services.sweep import run_sweep

        try:
            report = run_sweep(as_of=as_of)
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("\n".join(report.lines()))
