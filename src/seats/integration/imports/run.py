"""One import: read the file, check every row, apply (or not), and keep a record of the run.

The order matters for trust: the file's shape and each cell are checked first; the rows that
survive go to the bulk service, which checks the rules against the current records (locked when
applying). Without ``partial`` a single problem anywhere means the service only checks and
nothing is written; the report always lists every problem found.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from itertools import islice

from django.utils import timezone

from seats.core.models import Organisation, OrgKind, RoleMembership, User
from seats.core.selectors.access import PROVIDER_ROLES, Viewer
from seats.core.services import bulk
from seats.core.services.lifecycle import today
from seats.domain.errors import DomainError, InvalidInput, NotPermitted
from seats.domain.roles import Role

from ..models import ImportOutcome, ImportRun
from .columns import FIELD_TO_COLUMN, read_header
from .reader import FileRefused, read_table
from .report import ImportReport, Problem, RowResult
from .resolve import resolve
from .rows import ParsedRow, parse_row

Progress = Callable[[int, int], None]
_DEFAULT_COLUMN = {
    bulk.STATUS_MOVE: "to_status",
    bulk.FINAL_GRADE: "final_grade",
    bulk.COURSE_START: "course_start_date",
    bulk.TEACHER_OF_RECORD: "teacher_cactus_id",
}


def importer_for(username: str, provider_code: str) -> Viewer:
    """The provider staff member an import acts as: their own role at that provider."""
    provider = Organisation.objects.filter(code=provider_code.strip()).first()
    if provider is None or provider.kind != OrgKind.PROVIDER:
        raise InvalidInput(f"No provider has the code {provider_code!r}.", field="provider")
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise InvalidInput(f"No active user is called {username!r}.", field="user")
    membership = (
        RoleMembership.objects.filter(
            user=user, organisation=provider, role__in=[r.value for r in PROVIDER_ROLES]
        )
        .order_by("role")
        .first()
    )
    if membership is None:
        raise NotPermitted(
            f"{username} is not provider staff of {provider.code}: only the provider's own "
            "staff import its records.",
            rule="SPEC 10: access is scoped to the role's organisation",
        )
    return Viewer(user, Role(membership.role), provider)


def run_import(
    data: bytes,
    *,
    viewer: Viewer,
    file_name: str = "",
    dry_run: bool = False,
    partial: bool = False,
    as_of: date | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check, and unless ``dry_run`` apply, one uploaded file; the run is recorded either way."""
    started = timezone.now()
    as_of = as_of or today()
    report = ImportReport(file_name, "", dry_run, partial)
    try:
        table = read_table(data, file_name)
    except FileRefused as refused:
        report.file_problems.append(refused.problem)
    else:
        report.file_format = table.file_format
        header = read_header(table.header)
        report.file_problems.extend(header.problems)
        parsed = [parse_row(header, line, cells) for line, cells in table.rows]
        resolve(viewer, [r for r in parsed if not r.problems])
        _check_and_apply(report, parsed, viewer=viewer, as_of=as_of, progress=progress)
    report.outcome = _outcome(report)
    _record(report, data, viewer=viewer, as_of=as_of, started=started)
    return report


def _check_and_apply(
    report: ImportReport,
    parsed: list[ParsedRow],
    *,
    viewer: Viewer,
    as_of: date,
    progress: Progress | None,
) -> None:
    sound = [r for r in parsed if not r.problems]
    blocked = bool(report.file_problems) or (len(sound) < len(parsed) and not report.partial)
    requests = [
        bulk.BulkRow(r.line, r.action, r.cca_id, r.values, r.expected_version)  # type: ignore[arg-type]
        for r in sound
    ]
    result = bulk.run_bulk(
        requests,
        actor=viewer.actor,
        as_of=as_of,
        dry_run=report.dry_run or blocked,
        partial=report.partial,
        progress=_over_file(progress, len(parsed), len(parsed) - len(sound)),
    )
    if progress and not requests:
        progress(len(parsed), len(parsed))
    outcomes = {o.line: o for o in result.outcomes}
    for row in parsed:
        result_row = RowResult(row.line, row.action, row.cca_id, row.problems)
        outcome = outcomes.get(row.line)
        if outcome is not None and outcome.error is not None:
            result_row.problems.append(_problem(row, outcome.error))
        elif outcome is not None:
            result_row.entries = outcome.entries
        report.rows.append(result_row)
    report.written = result.written
    report.entries_written = result.entries_written


def _over_file(progress: Progress | None, total: int, refused: int) -> Progress | None:
    """Progress over the file's rows: those refused before the service count as done."""
    if progress is None:
        return None
    return lambda done, _: progress(refused + done, total)


def _problem(row: ParsedRow, error: DomainError) -> Problem:
    column = FIELD_TO_COLUMN.get(error.field or "", error.field or "")
    if not column:
        column = "expected_version" if error.code == "conflict" else ""
    if not column:
        column = "cca_id" if error.code == "not_permitted" else _DEFAULT_COLUMN.get(row.action, "")
    return Problem(row.line, column or "action", error.message, error.rule)


def _outcome(report: ImportReport) -> str:
    if report.dry_run:
        return ImportOutcome.CHECKED if report.ok else ImportOutcome.CHECK_FAILED
    if report.ok:
        return ImportOutcome.APPLIED
    return ImportOutcome.PARTIALLY_APPLIED if report.written else ImportOutcome.REFUSED


def _record(
    report: ImportReport, data: bytes, *, viewer: Viewer, as_of: date, started: object
) -> ImportRun:
    first = [[p.line, p.column, p.message] for p in islice(report.problems(), 100)]
    return ImportRun.objects.create(
        provider=viewer.organisation,
        user=viewer.user,
        role=viewer.role.value,
        file_name=report.file_name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        file_format=report.file_format or "?",
        as_of=as_of,
        dry_run=report.dry_run,
        partial=report.partial,
        started_at=started,
        finished_at=timezone.now(),
        rows=len(report.rows),
        rows_ok=report.rows_ok,
        rows_with_errors=report.rows_with_errors,
        rows_applied=report.rows_applied,
        history_entries=report.entries_written,
        outcome=report.outcome,
        first_errors=first,
    )
