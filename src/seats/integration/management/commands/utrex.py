"""``seats utrex``: the SEATS vs UTREx consistency check and the quarterly data report (SPEC 7).

    seats utrex check FILE [--provider CODE] [--school-year YEAR] [--output F.csv|F.xlsx]
                           [--as-of DATE]
    seats utrex quarterly --provider CODE --date YYYY-MM-DD [--output FILE] [--any-date]

The command runs as the state (every provider) or, with ``--provider``, as that provider's staff:
the access layer scopes what is read exactly as it would for a person in that role.
"""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seats.core import clock
from seats.core.management.options import parse_date_option, usage_error
from seats.core.models import Organisation, OrgKind
from seats.core.selectors.access import Viewer
from seats.domain.errors import DomainError
from seats.domain.roles import Role
from seats.integration.utrex.check import Finding, run_check
from seats.integration.utrex.extract import parse_school_year
from seats.integration.utrex.output import (
    TableWriter,
    file_format,
    finding_row,
    findings_writer,
    finish_findings,
)
from seats.integration.utrex.report import HEADERS, build_quarterly, check_report_date

SHOWN_FINDINGS = 20


def _provider(code: str) -> Organisation:
    found = Organisation.objects.filter(code=code.strip(), kind=OrgKind.PROVIDER).first()
    if found is None:
        raise usage_error(f"--provider: no online provider has the code {code!r}.")
    return found


def viewer_for(provider: Organisation | None) -> Viewer:
    """The role the command acts in: the provider's staff, or the state office."""
    if provider is not None:
        return Viewer(None, Role.PROVIDER_STAFF, provider)  # type: ignore[arg-type]
    state = Organisation.objects.filter(kind=OrgKind.STATE).first()
    return Viewer(None, Role.STATE_SPECIALIST, state)  # type: ignore[arg-type]


class Command(BaseCommand):
    help = "Check a UTREx extract against SEATS, or write a provider's quarterly data report."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="check|quarterly")
        check = actions.add_parser("check", help="Check a UTREx extract (CSV) against SEATS.")
        check.add_argument("file", metavar="FILE", help="The UTREx extract, a UTF-8 CSV file.")
        check.add_argument("--provider", metavar="CODE", help="Check as this provider.")
        check.add_argument(
            "--school-year", metavar="YEAR", help="Only this school year (2026 or 2025-26)."
        )
        check.add_argument("--output", metavar="FILE", help="Write the findings (.csv or .xlsx).")
        check.add_argument("--as-of", metavar="DATE", help="The extract's date (default today).")
        quarterly = actions.add_parser("quarterly", help="Write a quarterly data report.")
        quarterly.add_argument("--provider", metavar="CODE", required=True)
        quarterly.add_argument("--date", metavar="YYYY-MM-DD", required=True)
        quarterly.add_argument("--output", metavar="FILE", help="The .csv or .xlsx file.")
        quarterly.add_argument(
            "--any-date", action="store_true", help="Allow a day other than the four report dates."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "check":
                self.check_extract(options)
            else:
                self.quarterly_report(options)
        except DomainError as exc:
            message = f"--date: {exc}" if exc.field == "date" else str(exc)
            raise usage_error(message) from None

    def check_extract(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise usage_error(f"FILE: cannot read {path} ({exc.strerror}).") from None
        provider = _provider(options["provider"]) if options.get("provider") else None
        year = None
        if options.get("school_year"):
            try:
                year = parse_school_year(options["school_year"].strip())
            except ValueError as exc:
                raise usage_error(f"--school-year: {options['school_year']!r} {exc}.") from None
        as_of = parse_date_option("--as-of", options.get("as_of")) or clock.today()
        writer = findings_writer(options["output"]) if options.get("output") else None
        shown: list[Finding] = []

        def emit(finding: Finding) -> None:
            if writer is not None:
                writer.write(finding_row(finding))
            if len(shown) < SHOWN_FINDINGS:
                shown.append(finding)

        try:
            summary, _ = run_check(
                viewer_for(provider),
                data,
                source=path.name,
                as_of=as_of,
                school_year=year,
                provider=provider,
                emit=emit,
            )
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        self.stdout.write("\n".join(summary.lines()))
        if writer is not None:
            for written in finish_findings(writer, summary):
                self.stdout.write(f"Written: {written}")
        elif shown:
            self.stdout.write(f"First {len(shown)} findings (use --output for all):")
            for f in shown:
                where = f"line {f.line}" if f.line else f"CCA {f.cca_id}"
                self.stdout.write(f"  {where}: {f.rule}: {f.message}")

    def quarterly_report(self, options: dict[str, Any]) -> None:
        provider = _provider(options["provider"])
        day: date = parse_date_option("--date", options["date"])  # type: ignore[assignment]
        check_report_date(day, any_date=options["any_date"])
        output = options.get("output") or f"utrex-quarterly-{provider.code}-{day.isoformat()}.csv"
        file_format(output)
        report = build_quarterly(viewer_for(provider), provider, day)
        writer = TableWriter(output, HEADERS, sheet="Quarterly data")
        try:
            for row in report.rows:
                writer.write(row)
        except BaseException:
            writer.abort()
            raise
        writer.finish(notes=report.lines())
        self.stdout.write("\n".join(report.lines()))
        self.stdout.write(f"Written: {output}")


__all__ = ["Command", "CommandError", "viewer_for"]
