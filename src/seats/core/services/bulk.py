"""Many changes to many CCAs in one transaction: the path behind provider file imports.

A per-row service call locks, checks, writes and records one CCA (~3 ms). A 10,000-row file needs
the same rules at a fraction of that cost, so this service locks every affected CCA in one query
(ordered by id, like any other writer, so it cannot deadlock with them), checks and applies each
row IN MEMORY with the code the per-row services use (``plan_move``/``prepare_move`` for status
moves, ``prepare_change`` for the rest, the same guards and messages), and then writes the changed
columns, the history entries and the notices in a few bulk statements.

Rows are applied in order; rows of the same CCA see the effect of earlier rows. A refused row
leaves its CCA exactly as it found it (its in-memory changes are undone), so with ``partial`` the
valid rows are written and the refused ones are not; without it any refusal writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from seats.domain.errors import DomainError, InvalidInput
from seats.domain.lifecycle import ALL_GRADES, FAILING_GRADE, INCOMPLETE_GRADES, PASSING_GRADES
from seats.domain.roles import Party
from seats.domain.statuses import Status

from ..models import CCA, CCAHistory, Notice, TeacherOfRecord
from .actors import Actor
from .authority import require
from .guards import (
    IN_COURSE,
    STARTABLE,
    check_activity_date,
    check_course_start,
    check_transcript,
    parse_percent,
    require_status,
)
from .lifecycle import (
    as_status,
    check_version,
    columns_of,
    plan_move,
    prepare_change,
    prepare_move,
    today,
)
from .memo import reference_data_memoized
from .records import entry_notices

STATUS_MOVE = "status_move"
FINAL_GRADE = "final_grade"
COURSE_START = "course_start"
TEACHER_OF_RECORD = "teacher_of_record"
GRADE_PROGRESS = "grade_progress"
INTENT_TO_WITHDRAW = "intent_to_withdraw"
TRANSCRIPT = "transcript"
ACTIONS = (
    STATUS_MOVE,
    FINAL_GRADE,
    COURSE_START,
    TEACHER_OF_RECORD,
    GRADE_PROGRESS,
    INTENT_TO_WITHDRAW,
    TRANSCRIPT,
)
_LOCK_CHUNK = 2000  # ids per locking query (SQLite caps the parameters of one statement)
_WRITE_BATCH = 1000

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BulkRow:
    """One requested change. ``values`` holds typed values (dates as dates, at_risk a bool);
    the service checks everything else the per-row service would."""

    line: int
    action: str
    cca_id: int
    values: Mapping[str, Any] = field(default_factory=dict)
    expected_version: int | None = None


@dataclass(frozen=True)
class RowOutcome:
    line: int
    cca_id: int
    error: DomainError | None = None
    entries: int = 0  # history entries the row appends (0 for a refused row)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class BulkResult:
    outcomes: tuple[RowOutcome, ...]
    written: bool  # whether anything was written (never in a dry run)
    entries_written: int = 0
    notices_queued: int = 0

    @property
    def refused(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if not o.ok]


@dataclass
class _Batch:
    actor: Actor
    as_of: date
    ccas: dict[int, CCA]
    teachers: dict[tuple[int, str], TeacherOfRecord]
    entries: list[CCAHistory] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)


def run_bulk(
    rows: Sequence[BulkRow],
    *,
    actor: Actor,
    as_of: date | None = None,
    dry_run: bool = False,
    partial: bool = False,
    progress: Progress | None = None,
) -> BulkResult:
    """Check (``dry_run``) or apply ``rows`` in order, in one transaction.

    Without ``partial`` a single refused row means nothing is written; with it the accepted rows
    are written and the refused ones reported. ``progress(done, total)`` is called as rows are
    checked, and once more when the writes are done.
    """
    as_of = as_of or today()
    total = len(rows)
    step = max(1, total // 100)
    with transaction.atomic(), reference_data_memoized():
        batch = _Batch(actor, as_of, {}, {})
        batch.ccas = _load({r.cca_id for r in rows}, lock=not dry_run)
        batch.teachers = _teachers(batch.ccas.values(), rows)
        outcomes = []
        for done, row in enumerate(rows, 1):
            outcomes.append(_one_row(batch, row))
            if progress and (done % step == 0 or done == total):
                progress(done, total)
        refused = any(not o.ok for o in outcomes)
        if dry_run or not batch.entries or (refused and not partial):
            return BulkResult(tuple(outcomes), written=False)
        _write(batch)
    if progress:
        progress(total, total)
    return BulkResult(
        tuple(outcomes),
        written=True,
        entries_written=len(batch.entries),
        notices_queued=len(batch.notices),
    )


def _load(ids: Iterable[int], *, lock: bool) -> dict[int, CCA]:
    """The CCAs (with what the rules read), locked in id order when applying."""
    # Related rows by id (prefetch), not joined: a join over 2,000 ids makes PostgreSQL scan
    # the whole student table; the locks are on the CCA rows alone, as in ``lock_cca``.
    query = CCA.objects.prefetch_related(
        "student", "primary_lea", "provider", "primary_school", "teacher_of_record"
    )
    if lock:
        query = query.select_for_update(of=("self",))
    ordered = sorted(ids)
    found: dict[int, CCA] = {}
    for start in range(0, len(ordered), _LOCK_CHUNK):
        for cca in query.filter(pk__in=ordered[start : start + _LOCK_CHUNK]).order_by("pk"):
            cca._loaded = columns_of(cca)  # type: ignore[attr-defined]
            found[cca.pk] = cca
    return found


def _teachers(
    ccas: Iterable[CCA], rows: Sequence[BulkRow]
) -> dict[tuple[int, str], TeacherOfRecord]:
    wanted = {str(r.values.get("teacher_cactus_id", "")).strip() for r in rows} - {""}
    if not wanted:
        return {}
    providers = {c.provider_id for c in ccas}
    found = TeacherOfRecord.objects.filter(provider_id__in=providers, cactus_id__in=wanted)
    return {(t.provider_id, t.cactus_id): t for t in found}


def _one_row(batch: _Batch, row: BulkRow) -> RowOutcome:
    cca = batch.ccas.get(row.cca_id)
    if cca is None:
        error = InvalidInput(f"There is no CCA {row.cca_id}.", field="cca")
        return RowOutcome(row.line, row.cca_id, error)
    saved = _snapshot(cca)
    try:
        check_version(cca, row.expected_version)
        handler = _HANDLERS.get(row.action)
        if handler is None:
            known = ", ".join(ACTIONS)
            raise InvalidInput(f"Unknown action {row.action!r}. Known: {known}.", field="action")
        entries = handler(batch, cca, row.values)
    except DomainError as error:
        _restore(cca, saved)
        return RowOutcome(row.line, row.cca_id, error)
    for entry in entries:
        batch.entries.append(entry)
        batch.notices.extend(entry_notices(entry))
    batch.touched.add(cca.pk)
    return RowOutcome(row.line, row.cca_id, None, len(entries))


def _snapshot(cca: CCA) -> tuple[dict[str, Any], dict[str, Any]]:
    """The instance's values and related-object cache (a plain copy: taken for every row)."""
    values = {k: v for k, v in cca.__dict__.items() if k != "_state"}
    return values, dict(cca._state.fields_cache)


def _restore(cca: CCA, saved: tuple[dict[str, Any], dict[str, Any]]) -> None:
    """Undo a refused row's in-memory changes so later rows see the CCA as it was."""
    values, cache = saved
    for key in [k for k in cca.__dict__ if k != "_state" and k not in values]:
        del cca.__dict__[key]
    cca.__dict__.update(values)
    cca._state.fields_cache = cache


def _write(batch: _Batch) -> None:
    """The changed columns (grouped by which ones changed), then entries, then notices."""
    now = timezone.now()
    names = {f.attname: f.name for f in CCA._meta.concrete_fields}
    groups: dict[tuple[str, ...], list[CCA]] = defaultdict(list)
    for pk in sorted(batch.touched):
        cca = batch.ccas[pk]
        loaded = cca._loaded  # type: ignore[attr-defined]
        changed = [names[a] for a, value in columns_of(cca).items() if loaded[a] != value]
        if changed:
            cca.updated_at = now
            groups[(*changed, "updated_at")].append(cca)
    for fields, ccas in groups.items():
        _update(ccas, list(fields))
    CCAHistory.objects.bulk_create(batch.entries, batch_size=_WRITE_BATCH)
    Notice.objects.bulk_create(batch.notices, batch_size=_WRITE_BATCH, ignore_conflicts=True)


def _update(ccas: list[CCA], names: list[str]) -> None:
    """Write ``names`` of ``ccas``. On PostgreSQL one ``UPDATE ... FROM (VALUES ...)`` per
    thousand rows (Django's ``bulk_update`` builds a CASE per column and row: ~1 ms a row);
    elsewhere ``bulk_update``."""
    if connection.vendor != "postgresql":
        CCA.objects.bulk_update(ccas, names, batch_size=_WRITE_BATCH)
        return
    fields = [CCA._meta.get_field(n) for n in names]
    quote = connection.ops.quote_name
    table = quote(CCA._meta.db_table)
    casts = ["%s::bigint", *(f"%s::{f.db_type(connection)}" for f in fields)]
    columns = ", ".join(quote(f.column) for f in fields)
    assign = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
    with connection.cursor() as cursor:
        for start in range(0, len(ccas), _WRITE_BATCH):
            batch = ccas[start : start + _WRITE_BATCH]
            values = ", ".join(f"({', '.join(casts)})" for _ in batch)
            params: list[Any] = []
            for cca in batch:
                params.append(cca.pk)
                params.extend(
                    f.get_db_prep_save(getattr(cca, f.attname), connection) for f in fields
                )
            cursor.execute(
                f"UPDATE {table} AS t SET {assign} FROM (VALUES {values}) "
                f"AS v(id, {columns}) WHERE t.id = v.id",
                params,
            )


# --- one handler per action: the per-row service's checks, then its in-memory effects ---------


def _status_move(batch: _Batch, cca: CCA, values: Mapping[str, Any]) -> list[CCAHistory]:
    target = as_status(_text(values, "to_status"))
    return [_move(batch, cca, target, values)]


def _final_grade(batch: _Batch, cca: CCA, values: Mapping[str, Any]) -> list[CCAHistory]:
    grade = _text(values, "final_grade").strip().upper()
    wanted = _text(values, "to_status")
    target = as_status(wanted) if wanted else closeout_for_grade(Status(cca.status), grade)
    return [_move(batch, cca, target, values)]


def _move(batch: _Batch, cca: CCA, target: Status, values: Mapping[str, Any]) -> CCAHistory:
    request: dict[str, Any] = dict(
        reason=_text(values, "reason"),
        document_ref=_text(values, "document_ref"),
        final_grade=_text(values, "final_grade").strip().upper(),
        completion_date=values.get("completion_date"),
        withdrawal_date=values.get("withdrawal_date"),
    )
    move = plan_move(cca, target, actor=batch.actor, as_of=batch.as_of, **request)
    return prepare_move(cca, move, actor=batch.actor, as_of=batch.as_of, **request)


def closeout_for_grade(current: Status, grade: str) -> Status:
    """The closeout a final grade means: a pass (Late Pass after Anticipated Late Pass), F, or
    I / NG. The move's own guards then judge it (the June 30 closeout, the half-credit rule)."""
    if not grade:
        raise InvalidInput("A final_grade row needs the final grade.", field="final_grade")
    if grade in PASSING_GRADES:
        late = current is Status.ANTICIPATED_LATE_PASS
        return Status.LATE_PASS if late else Status.PASS_ALL_COMPLETE
    if grade == FAILING_GRADE:
        return Status.COMPLETED_GRADE_TOO_LOW
    if grade in INCOMPLETE_GRADES:
        return Status.FAILED_TO_COMPLETE
    raise InvalidInput(
        f"{grade!r} is not a grade (A-D with +/-, P, F, I, NG).", field="final_grade"
    )


def _course_start(batch: _Batch, cca: CCA, values: Mapping[str, Any]) -> list[CCAHistory]:
    start = values.get("course_start_date")
    if not isinstance(start, date):
        raise InvalidInput("A course_start row needs the course start date.", field="course_start")
    check_course_start(batch.actor, cca, start)
    changes = {"course_start_date": start}
    return [prepare_change(cca, actor=batch.actor, action="set_course_start", changes=changes)]


def _teacher_of_record(batch: _Batch, cca: CCA, values: Mapping[str, Any]) -> list[CCAHistory]:
    require(batch.actor, cca, Party.PROVIDER)
    require_status(cca, STARTABLE | IN_COURSE, "Assigning a teacher of record", "SPEC 3.3")
    cactus = _text(values, "teacher_cactus_id").strip()
    teacher = batch.teachers.get((cca.provider_id, cactus))
    if teacher is None:
        raise InvalidInput(
            f"Teacher {cactus or '(none given)'} is not a teacher of record of this provider.",
            field="teacher_of_record",
        )
    changes = {"teacher_of_record": teacher}
    return [prepare_change(cca, actor=batch.actor, action="set_teacher_of_record", changes=changes)]


def _grade_progress(batch: _Batch, cca: CCA, values: Mapping[str, Any]) -> list[CCAHistory]:
    """Grade progress as ``enrollment.record_progress``; an ``at_risk`` value that differs
    from the flag also flags or clears it as ``enrollment.set_at_risk`` (a second entry). An
    unchanged ``at_risk`` is no change: a provider's SIS reports the flag every time."""
    percent = parse_percent(values.get("percent"))
    letter = _text(values, "letter").strip().upper()
    if letter and letter not in ALL_GRADES:
        raise InvalidInput(
            f"{letter!r} is not a grade (A-D with +/-, P, F, I, NG).", field="letter"
        )
    at_risk = values.get("at_risk")
    progress = percent is not None or bool(letter)
    if not progress and (at_risk is None or values.get("last_activity")):
        raise InvalidInput("Give a percent, a letter grade, or both.", field="percent")
    require(batch.actor, cca, Party.PROVIDER)
    entries = []
    if progress:
        require_status(cca, IN_COURSE, "Reporting grade progress", "SPEC 5")
        check_activity_date(cca, values.get("last_activity"), as_of=batch.as_of)
        changes: dict[str, Any] = {
            "grade_progress_percent": percent,
            "grade_progress_letter": letter,
            "grade_progress_as_of": batch.as_of,
        }
        if values.get("last_activity"):
            changes["last_activity_on"] = values["last_activity"]
        entries.append(
            prepare_change(cca, actor=batch.actor, action="grade_progress", changes=changes)
        )
    if at_risk is not None and bool(at_risk) != cca.at_risk:
        since = batch.as_of if at_risk else None
        require_status(cca, IN_COURSE, "Flagging at risk", "SPEC 5")
        entries.append(
            prepare_change(
                cca,
                actor=batch.actor,
                action="flag_at_risk" if at_risk else "clear_at_risk",
                reason=_text(values, "reason"),
                changes={"at_risk": bool(at_risk), "at_risk_since": since},
            )
        )
    return entries


def _intent_to_withdraw(batch: _Batch, cca: CCA, values: Mapping[str, Any]) -> list[CCAHistory]:
    require(batch.actor, cca, Party.PROVIDER)
    require_status(
        cca,
        {Status.CONFIRMED, Status.ANTICIPATED_LATE_PASS},
        "A notice of intent to withdraw",
        "SPEC 3.3",
    )
    return [
        prepare_change(
            cca,
            actor=batch.actor,
            action="intent_to_withdraw",
            reason=_text(values, "reason"),
            changes={"intent_to_withdraw_sent_on": batch.as_of},
        )
    ]


def _transcript(batch: _Batch, cca: CCA, values: Mapping[str, Any]) -> list[CCAHistory]:
    check_transcript(batch.actor, cca)
    issued = values.get("transcript_issued_on") or batch.as_of
    changes = {"transcript_issued_on": issued}
    return [prepare_change(cca, actor=batch.actor, action="issue_transcript", changes=changes)]


def _text(values: Mapping[str, Any], name: str) -> str:
    value = values.get(name)
    return "" if value is None else str(value)


_HANDLERS: dict[str, Callable[[_Batch, CCA, Mapping[str, Any]], list[CCAHistory]]] = {
    STATUS_MOVE: _status_move,
    FINAL_GRADE: _final_grade,
    COURSE_START: _course_start,
    TEACHER_OF_RECORD: _teacher_of_record,
    GRADE_PROGRESS: _grade_progress,
    INTENT_TO_WITHDRAW: _intent_to_withdraw,
    TRANSCRIPT: _transcript,
}
