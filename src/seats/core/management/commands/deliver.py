"""`seats deliver [--once] [--batch N] [--sleep S]`: the notice delivery worker."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Deliver queued notices by e-mail and to the in-app inbox. Runs until stopped; several "
        "workers may run at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument("--batch", type=int, default=50, help="Deliveries per claim (1-1000).")
        parser.add_argument(
            "--sleep", type=float, default=5.0, help="Seconds to wait when nothing is due."
        )

    def handle(self, *args: object, **options: object) -> None:
        batch = int(options["batch"])  # type: ignore[call-overload]
        if not 1 <= batch <= 1000:
            raise CommandError("--batch must be between 1 and 1000.")
        from seats.core.services.delivery import run_once, worker_name

        worker = worker_name()
        while True:
            report = run_once(worker=worker, batch=batch)
            if options["once"]:
                self.stdout.write("\n".join(report.lines()))
                return
            if report.claimed:
                self.stdout.write(
                    f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}"
                )
            else:
                time.sleep(float(options["sleep"]))  # type: ignore[arg-type]
