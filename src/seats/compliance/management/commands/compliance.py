"""``seats compliance``: the TOR accountability cycle and the yearly provider cycle.

    seats compliance sweep [--as-of DATE] [--enqueue]    the daily dated steps and reminders
    seats compliance requirements FILE.csv               the alignment table
    seats compliance open --provider P029 --year 2026    distribute one provider's TOR spreadsheet
    seats compliance upload FILE.xlsx --provider P029 --year 2026
    seats compliance final-review --provider P029 --year 2026
    seats compliance done --provider P029 --year 2026 --obligation annual_renewal [--on DATE]

The console acts as the system. Problems print as ``line N, column C: message`` and write
nothing (exit status 1); misuse exits 2.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seats.core import clock
from seats.core.management.options import parse_date_option, usage_error
from seats.core.models import Organisation
from seats.core.services.actors import Actor
from seats.domain.compliance.calendar import Obligation
from seats.domain.errors import DomainError

from ...services.cycle import mark_done
from ...services.sweep import run_compliance_sweep
from ...services.tor import load_requirements, open_cycle, upload_tor_sheet
from ...services.tor_review import final_review
from ...sheets import SheetRefused

SYSTEM = Actor.system()


class Command(BaseCommand):
    help = "TOR accountability and the provider cycle: sweep, requirements, open, upload, ..."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        sweep = actions.add_parser("sweep", help="Send the dated notices due today.")
        sweep.add_argument("--as-of")
        sweep.add_argument("--enqueue", action="store_true")
        req = actions.add_parser("requirements", help="Load the alignment table (CSV).")
        req.add_argument("file")
        for name in ("open", "upload", "final-review", "done"):
            sub = actions.add_parser(name)
            sub.add_argument("--provider", required=True, help="The provider's code.")
            sub.add_argument("--year", type=int, required=True, help="School year, like 2026.")
            sub.add_argument("--as-of")
            if name == "upload":
                sub.add_argument("file")
            if name == "done":
                sub.add_argument(
                    "--obligation", required=True, choices=[o.value for o in Obligation]
                )
                sub.add_argument("--note", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_date_option("--as-of", options.get("as_of")) or clock.today()
        action = options["action"].replace("-", "_")
        try:
            getattr(self, f"_{action}")(options, as_of)
        except SheetRefused as exc:
            for problem in exc.problems:
                self.stderr.write(problem.text())
            raise CommandError(
                f"{len(exc.problems)} problem(s); nothing was written.", returncode=1
            ) from None
        except DomainError as exc:
            raise usage_error(str(exc)) from None

    def _provider(self, options: dict[str, Any]) -> Organisation:
        provider = Organisation.objects.filter(kind="provider", code=options["provider"]).first()
        if provider is None:
            raise usage_error(f"--provider: there is no provider {options['provider']!r}.")
        return provider

    def _read(self, name: str) -> bytes:
        try:
            return Path(name).read_bytes()
        except OSError as exc:
            raise usage_error(f"Cannot read {name}: {exc.strerror}.") from None

    def _sweep(self, options: dict[str, Any], as_of: Any) -> None:
        if options["enqueue"]:
            from ...tasks import compliance_sweep

            result = compliance_sweep.enqueue(as_of.isoformat())
            self.stdout.write(f"Compliance sweep for {as_of} queued (task {result.id}).")
            return
        report = run_compliance_sweep(as_of=as_of)
        self.stdout.write(
            f"Compliance sweep for {as_of}: "
            + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in report.items())
        )

    def _requirements(self, options: dict[str, Any], as_of: Any) -> None:
        count = load_requirements(
            actor=SYSTEM, data=self._read(options["file"]), file_name=options["file"]
        )
        self.stdout.write(f"Loaded {count} core code requirements.")

    def _open(self, options: dict[str, Any], as_of: Any) -> None:
        provider = self._provider(options)
        open_cycle(actor=SYSTEM, provider_id=provider.pk, school_year=options["year"], as_of=as_of)
        self.stdout.write(f"The TOR spreadsheet of {provider.code} for {options['year']} is open.")

    def _upload(self, options: dict[str, Any], as_of: Any) -> None:
        provider = self._provider(options)
        cycle = upload_tor_sheet(
            actor=SYSTEM,
            provider_id=provider.pk,
            school_year=options["year"],
            data=self._read(options["file"]),
            file_name=options["file"],
            as_of=as_of,
        )
        lines = cycle.assignments.all()
        bad = sum(1 for a in lines if not a.aligned)
        self.stdout.write(f"{len(lines)} assignments recorded; {bad} not aligned.")

    def _final_review(self, options: dict[str, Any], as_of: Any) -> None:
        from ...models import TorCycle

        provider = self._provider(options)
        cycle = TorCycle.objects.filter(provider=provider, school_year=options["year"]).first()
        if cycle is None:
            raise usage_error("That provider's TOR spreadsheet was never opened.")
        final_review(actor=SYSTEM, cycle_id=cycle.pk, as_of=as_of)
        self.stdout.write(f"Final review of {provider.code} {options['year']} recorded.")

    def _done(self, options: dict[str, Any], as_of: Any) -> None:
        provider = self._provider(options)
        mark_done(
            actor=SYSTEM,
            provider_id=provider.pk,
            school_year=options["year"],
            obligation=options["obligation"],
            done_on=as_of,
            note=options["note"],
        )
        self.stdout.write(
            f"{options['obligation']} of {provider.code} recorded as done on {as_of}."
        )
