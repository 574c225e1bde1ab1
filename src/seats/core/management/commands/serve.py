"""`seats serve [addr:port] [--scheduler-interval S] [--no-scheduler]`: the demo server.

Django's development server plus the in-process scheduler (seats.core.scheduler), so that the
daily sweep and notice delivery happen on their own while someone tries SEATS (`make run`).
The scheduler starts in the process that serves requests (with the autoreloader, the child), so
one server runs one scheduler; a day's sweep is claimed, so even two servers sweep a day once.
Production never uses this command: it runs gunicorn, a timer for the sweep and a worker.
"""

from __future__ import annotations

from django.contrib.staticfiles.management.commands.runserver import (
    Command as RunserverCommand,
)
from django.core.management.base import CommandError, CommandParser


class Command(RunserverCommand):
    help = (
        "Serve SEATS for a demo or training: the development server, plus a scheduler that runs "
        "each day's sweep and delivers queued notices."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--scheduler-interval",
            type=float,
            default=30.0,
            help="Seconds between scheduler ticks (delivery; the sweep runs once a day).",
        )
        parser.add_argument(
            "--no-scheduler", action="store_true", help="Serve only; run no background work."
        )

    def handle(self, *args: object, **options: object) -> None:
        interval = float(options["scheduler_interval"])  # type: ignore[arg-type]
        if interval < 1:
            raise CommandError("--scheduler-interval must be at least 1 second.")
        self._interval = interval
        self._scheduler = not options["no_scheduler"]
        super().handle(*args, **options)

    def inner_run(self, *args: object, **options: object) -> None:
        if self._scheduler:
            from seats.core.scheduler import run_in_thread

            self.stdout.write(
                "The scheduler runs the daily sweep and delivers notices every "
                f"{self._interval:g} s; e-mail goes to {_mail_destination()}."
            )
            run_in_thread(interval=self._interval, say=self.stdout.write)
        super().inner_run(*args, **options)


def _mail_destination() -> str:
    from django.conf import settings

    if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        return f"files in {settings.EMAIL_FILE_PATH}"
    return settings.EMAIL_BACKEND
