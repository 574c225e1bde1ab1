"""``seats nrs_tables``: the NRS benchmark tables in force (002; docs/adult-education.md).

seats nrs_tables list
seats nrs_tables load FILE.json     (a newer version, applied to tests from its effective date)
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seats.core.services.actors import Actor
from seats.domain.errors import DomainError

from ...selectors.tables import tables
from ...services.tables import load_table


class Command(BaseCommand):
    help = "NRS benchmark tables: 'list' the versions, 'load' a newer one from a JSON file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        actions.add_parser("list", help="The versions and their effective dates.")
        load = actions.add_parser("load", help="Load a version from a JSON file.")
        load.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            try:
                text = options["file"].read_text(encoding="utf-8")
                table = load_table(actor=Actor.system(), text=text)
            except OSError as error:
                raise CommandError(f"Cannot read {options['file']}: {error}") from None
            except DomainError as error:
                raise CommandError(error.message) from None
            self.stdout.write(f"Loaded the NRS table effective {table.effective.isoformat()}.")
            return
        for table in tables().tables:
            tests = ", ".join(spec.name for spec in table.tests.values())
            self.stdout.write(f"{table.effective.isoformat()}  {tests}")
