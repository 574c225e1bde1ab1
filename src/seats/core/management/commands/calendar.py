"""``seats calendar import ORG_CODE FILE``: load an organisation's school days (CSV or iCalendar).

The file's school years replace what was loaded for them; the import is recorded with what it
replaced. Errors (unknown organisation, unreadable file, bad lines) name what to fix and load
nothing.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seats.core.services.calendar_recompute import RecomputeReport
from seats.core.services.calendars import import_calendar
from seats.domain.calendars import school_year_label
from seats.domain.errors import DomainError


class Command(BaseCommand):
    help = "School calendars: 'import ORG_CODE FILE' loads a CSV (header 'date') or .ics file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        load = actions.add_parser("import", help="Load school days for an organisation.")
        load.add_argument("org_code", metavar="ORG_CODE")
        load.add_argument("file", metavar="FILE")
        load.add_argument(
            "--dry-run",
            action="store_true",
            help="Show which CCAs' deadlines would move, then load nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                f"FILE: cannot read {path} ({exc.strerror}).", returncode=2
            ) from None
        try:
            record = import_calendar(
                organisation_code=options["org_code"],
                file_name=path.name,
                data=data,
                dry_run=options["dry_run"],
            )
        except DomainError as exc:
            where = "ORG_CODE" if exc.field == "organisation" else "FILE"
            raise CommandError(f"{where}: {exc}", returncode=2) from None
        years = ", ".join(school_year_label(y) for y in record.school_years)
        verb = "Would load" if options["dry_run"] else "Loaded"
        self.stdout.write(
            f"{verb} {record.days_loaded} school days for {options['org_code']} "
            f"(school years {years}, calendar version {record.version}); replaced "
            f"{record.days_replaced} previously loaded days."
        )
        for line in RecomputeReport.from_dict(record.recompute).lines():
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was loaded or changed.")
