"""``seats export ccas --user USERNAME [--role ROLE] [--organisation CODE] [--status S]
[--format csv|xlsx] [--columns a,b] [--output FILE]``: the CCA list a user may see, as a file.

The rows are exactly what the user's role shows in the web app (the access layer decides); the
export is logged like any access to student records. Without ``--output`` a CSV goes to stdout.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from seats.core.management.options import usage_error
from seats.core.models import User
from seats.core.selectors.access import Viewer, viewers_of
from seats.domain.errors import DomainError
from seats.domain.roles import Role
from seats.domain.statuses import Status
from seats.integration.exports import CCA_COLUMNS, FORMATS, export_ccas


class Command(BaseCommand):
    help = "Export a list as CSV or Excel: 'ccas' (the CCAs the user's role may see)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("what", choices=["ccas"], help="the list to export")
        parser.add_argument("--user", required=True, metavar="USERNAME")
        parser.add_argument("--role", choices=[r.value for r in Role], help="when several")
        parser.add_argument("--organisation", metavar="CODE", help="when the role is held twice")
        parser.add_argument(
            "--status", action="append", default=[], metavar="S", help="repeat or comma-separate"
        )
        parser.add_argument("--format", choices=FORMATS, default=None)
        parser.add_argument(
            "--columns", metavar="A,B", help=f"columns to write (known: {', '.join(CCA_COLUMNS)})"
        )
        parser.add_argument("--output", metavar="FILE", help="file to write (stdout for CSV)")

    def handle(self, *args: Any, **options: Any) -> None:
        viewer = self._viewer(options)
        statuses = [s.strip() for v in options["status"] for s in v.split(",") if s.strip()]
        unknown = [s for s in statuses if s not in {x.value for x in Status}]
        if unknown:
            raise usage_error(f"--status: unknown status {', '.join(unknown)}.")
        output = options.get("output")
        file_format = options.get("format") or (
            "xlsx" if output and output.lower().endswith(".xlsx") else "csv"
        )
        columns = [c.strip() for c in (options.get("columns") or "").split(",") if c.strip()]
        if file_format == "xlsx" and not output:
            raise usage_error("--format xlsx needs --output FILE.")
        kw: dict[str, Any] = dict(
            file_format=file_format, columns=columns or None, statuses=statuses
        )
        try:
            if output:
                mode = "wb" if file_format == "xlsx" else "w"
                extra = {} if mode == "wb" else {"encoding": "utf-8", "newline": ""}
                with Path(output).open(mode, **extra) as stream:
                    count = export_ccas(viewer, stream, **kw)
                self.stderr.write(f"Wrote {count:,} CCAs to {output}.")
            else:
                export_ccas(viewer, self.stdout._out, **kw)
        except DomainError as exc:
            raise usage_error(f"--columns: {exc}") from None
        except OSError as exc:
            raise usage_error(f"--output: cannot write {output} ({exc.strerror}).") from None

    def _viewer(self, options: dict[str, Any]) -> Viewer:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise usage_error(f"--user: no active user is called {options['user']!r}.")
        viewers = viewers_of(user)
        if options.get("role"):
            viewers = [v for v in viewers if v.role.value == options["role"]]
        if options.get("organisation"):
            viewers = [v for v in viewers if v.organisation.code == options["organisation"]]
        if len(viewers) == 1:
            return viewers[0]
        if not viewers:
            raise usage_error(f"{user.username} holds no such role.")
        held = ", ".join(f"{v.role.value} at {v.organisation.code}" for v in viewers)
        raise usage_error(f"{user.username} holds several roles ({held}): choose with --role.")
