"""``seats oneroster export|validate``: the OneRoster 1.2 CSV zip of a provider's session, and the
check of any OneRoster 1.2 zip before it is imported into an LMS.

    seats oneroster export --provider CODE --school-year 2025 --session S1 [--output FILE.zip]
                           [--as USERNAME]
    seats oneroster validate FILE.zip

The export is validated before it is written; an invalid one is refused and nothing is written.
"""

from __future__ import annotations

import os
import tempfile
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seats.domain.errors import DomainError
from seats.integration.oneroster.export import export_oneroster, viewer_for
from seats.integration.oneroster.validate import validate_zip

OPTION = {"provider": "--provider", "school_year": "--school-year", "session": "--session"}


class Command(BaseCommand):
    help = "OneRoster 1.2 CSV: 'export' one provider's paid enrollments; 'validate' a zip."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        export = actions.add_parser("export", help="Write the bulk zip of one provider's session.")
        export.add_argument("--provider", required=True, metavar="CODE")
        export.add_argument("--school-year", required=True, metavar="YEAR", help="2025 = 2025-26")
        export.add_argument("--session", required=True, metavar="S", help="S1, S2, Q1 ... Q4")
        export.add_argument("--output", metavar="FILE.zip", help="default: a name in the cwd")
        export.add_argument(
            "--as", dest="username", metavar="USERNAME", help="export as this user's role"
        )
        check = actions.add_parser("validate", help="Check a OneRoster 1.2 CSV zip.")
        check.add_argument("file", metavar="FILE.zip")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "validate":
            self._validate(Path(options["file"]))
        else:
            self._export(options)

    def _export(self, options: dict[str, Any]) -> None:
        try:
            viewer = viewer_for(options["provider"], options.get("username"))
            result = export_oneroster(
                viewer,
                provider_code=options["provider"],
                school_year=options["school_year"],
                session=options["session"],
            )
        except DomainError as exc:
            where = OPTION.get(exc.field or "", f"--{exc.field}" if exc.field else "")
            prefix = f"{where}: " if where and exc.field != "oneroster" else ""
            raise CommandError(f"{prefix}{exc}", returncode=2) from None
        path = Path(options.get("output") or result.file_name)
        _write_atomically(path, result.data)
        counts = ", ".join(f"{n} {name}" for name, n in result.rows.items())
        self.stdout.write(f"Wrote {path} (OneRoster 1.2 bulk, validated): {counts}.")

    def _validate(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            message = f"FILE: cannot read {path} ({exc.strerror})."
            raise CommandError(message, returncode=2) from None
        report = validate_zip(data)
        if not report.ok:
            raise CommandError(
                f"{path}: {report.total} problems.\n{report.summary(limit=200)}", returncode=1
            )
        counts = ", ".join(f"{n} rows in {name}" for name, n in sorted(report.rows.items()))
        self.stdout.write(f"{path}: valid OneRoster 1.2 CSV ({counts}).")


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a reader never sees half a zip."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp = tempfile.mkstemp(prefix=".oneroster-", suffix=".zip", dir=directory)
    except OSError as exc:
        raise CommandError(f"--output: cannot write in {directory} ({exc.strerror}).") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise CommandError(f"--output: cannot write {path} ({exc.strerror}).") from None
