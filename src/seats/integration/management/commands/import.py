"""``seats import FILE --provider CODE --user USERNAME [--dry-run] [--partial] [--as-of DATE]``:
apply a provider's bulk file (CSV UTF-8 or .xlsx; format in docs/imports.md).

Every problem is printed as ``line N, column C: message (rule)``. Without ``--partial`` one bad
row means nothing is written. Exit status: 0 when every row is fine, 1 when some row has a
problem (with ``--partial`` the valid rows were still applied, as the summary says), 2 when the
command itself was misused (unreadable file, unknown provider or user).
"""

from __future__ import annotations

import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError

from seats.core.management.options import parse_date_option, usage_error
from seats.domain.errors import DomainError
from seats.integration.exports import write_csv
from seats.integration.imports import ImportReport, importer_for, run_import

#: Files with more rows than this show a progress bar on stderr.
PROGRESS_FROM = 1000


class ProgressBar:
    """A plain text bar redrawn in place (no dependency); quiet for small files."""

    def __init__(self, stream: TextIO, width: int = 40) -> None:
        self.stream = stream
        self.width = width
        self.shown = -1
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if total <= PROGRESS_FROM:
            return
        percent = done * 100 // total
        if percent == self.shown:
            return
        self.shown = percent
        filled = self.width * done // total
        bar = "#" * filled + "-" * (self.width - filled)
        elapsed = time.monotonic() - self.started
        self.stream.write(f"\r[{bar}] {percent:3d}% {done:,}/{total:,} rows {elapsed:.1f} s")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Check (--dry-run) or apply a provider's bulk file of CCA changes (docs/imports.md)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", metavar="FILE", help="a .csv (UTF-8) or .xlsx file")
        parser.add_argument("--provider", required=True, metavar="CODE")
        parser.add_argument(
            "--user", metavar="USERNAME", help="the provider staff member the changes are by"
        )
        parser.add_argument("--dry-run", action="store_true", help="check every row; write nothing")
        parser.add_argument(
            "--partial", action="store_true", help="apply the valid rows even if others fail"
        )
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day the changes happen")
        parser.add_argument(
            "--report", metavar="CSV", help="also write every problem to this CSV file"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_date_option("--as-of", options.get("as_of"))
        if not options.get("user"):
            raise usage_error(
                "--user USERNAME is required: every change is recorded under the name of the "
                "provider staff member who made it."
            )
        if options["dry_run"] and options["partial"]:
            raise usage_error("--partial applies rows; it cannot be combined with --dry-run.")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise usage_error(f"FILE: cannot read {path} ({exc.strerror}).") from None
        try:
            viewer = importer_for(options["user"], options["provider"])
        except DomainError as exc:
            raise usage_error(f"{exc}") from None
        report = run_import(
            data,
            viewer=viewer,
            file_name=path.name,
            dry_run=options["dry_run"],
            partial=options["partial"],
            as_of=as_of,
            progress=ProgressBar(getattr(self.stderr, "_out", sys.stderr)),
        )
        self._print(report)
        if options.get("report"):
            self._write_report(report, Path(options["report"]))
        if not report.ok:
            raise CommandError(report.summary(), returncode=1)

    def _print(self, report: ImportReport) -> None:
        for problem in report.problems():
            self.stdout.write(problem.text())
        if report.ok:
            self.stdout.write(report.summary())

    def _write_report(self, report: ImportReport, path: Path) -> None:
        columns = ["line", "column", "message", "rule"]
        try:
            with path.open("w", encoding="utf-8", newline="") as stream:
                write_csv(report.problems(), columns, stream)
        except OSError as exc:
            raise usage_error(f"--report: cannot write {path} ({exc.strerror}).") from None
