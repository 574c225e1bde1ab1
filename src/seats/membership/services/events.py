"""Engagement evidence (004 E.1): entered by a teacher, uploaded as CSV, pushed by an LMS.

Every batch is checked whole before anything is written: each bad row is named (CSV line and
column, or API item and field) and a batch with any bad row writes nothing. An LMS's own event
id is unique per LEA and source system, so the same batch sent twice adds nothing the second time
(the ids already stored are counted as duplicates, not errors)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from seats.core.clock import today
from seats.core.models import Student
from seats.core.services.actors import Actor
from seats.domain import dates
from seats.domain.errors import InvalidInput, NotFound
from seats.domain.membership.kinds import EventKind, event_problem

from ..lookups import rows_matching
from ..models import EngagementEvent, Enrollment, Program, Source
from .authority import RECORDERS, check_lea
from .writer import insert_events

#: A batch larger than this is refused whole (split it): it keeps one request's work bounded.
MAX_ROWS = 100_000
SHOWN = 50
FIELDS = ("ssid", "program", "date", "kind", "minutes", "external_id", "note")
Locate = Callable[[int, str], str]


class BatchRejected(InvalidInput):
    """A batch with bad rows: ``problems`` names each one; nothing was written."""

    def __init__(self, problems: list[str], *, total_rows: int) -> None:
        shown = "; ".join(problems[:SHOWN])
        more = f" (and {len(problems) - SHOWN} more)" if len(problems) > SHOWN else ""
        super().__init__(
            f"{len(problems)} problem(s) in {total_rows} row(s): {shown}{more}. Nothing was "
            "recorded.",
            field="events",
        )
        self.problems = problems


@dataclass(frozen=True)
class IngestResult:
    rows: int
    added: int
    duplicates: int


def item_locator(i: int, field: str) -> str:
    return f"item {i}, {field}"


def _text(value: Any, limit: int) -> str | None:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip()
    return text if len(text) <= limit else None


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def _minutes(value: Any) -> tuple[bool, int | None]:
    if value is None or value == "":
        return True, None
    if isinstance(value, bool):
        return False, None
    if isinstance(value, int):
        return True, value
    if isinstance(value, str) and value.strip().isdigit():
        return True, int(value.strip())
    return False, None


@dataclass
class _Row:
    index: int
    ssid: str
    program: str
    on: date
    kind: EventKind
    minutes: int | None
    external_id: str
    note: str


def _parse(
    i: int, raw: Any, locate: Locate, need_id: bool, problems: list[tuple[int, str]]
) -> _Row | None:
    if not isinstance(raw, dict):
        problems.append((i, f"{locate(i, 'row')}: expected an object with {', '.join(FIELDS)}"))
        return None
    bad = len(problems)
    if "__shape__" in raw:  # a CSV line with the wrong number of columns
        problems.append((i, f"{locate(i, 'row')}: {raw['__shape__']}"))
        return None
    ssid = _text(raw.get("ssid"), 16)
    if not ssid:
        problems.append(
            (i, f"{locate(i, 'ssid')}: an SSID (text, up to 16 characters) is required")
        )
    program = _text(raw.get("program"), 32)
    if not program:
        problems.append((i, f"{locate(i, 'program')}: the program code is required"))
    day = _day(raw.get("date"))
    if day is None:
        problems.append(
            (i, f"{locate(i, 'date')}: {raw.get('date')!r:.40} is not a date (YYYY-MM-DD)")
        )
    elif not dates.in_range(day):
        problems.append((i, f"{locate(i, 'date')}: {dates.out_of_range(day)}"))
    kind_raw = raw.get("kind")
    kind = None
    if isinstance(kind_raw, str) and kind_raw.strip() in EventKind.__members__.values():
        kind = EventKind(kind_raw.strip())
    else:
        choices = ", ".join(k.value for k in EventKind)
        problems.append((i, f"{locate(i, 'kind')}: {kind_raw!r:.40} is not one of {choices}"))
    ok, minutes = _minutes(raw.get("minutes"))
    if not ok:
        problems.append(
            (i, f"{locate(i, 'minutes')}: {raw.get('minutes')!r:.40} is not whole minutes")
        )
    external_id = _text(raw.get("external_id"), 128)
    if external_id is None or (need_id and not external_id):
        problems.append(
            (i, f"{locate(i, 'external_id')}: the LMS's own event id (text, up to 128) is required")
        )
    note = _text(raw.get("note"), 500)
    if note is None:
        problems.append((i, f"{locate(i, 'note')}: a note is text of up to 500 characters"))
    if len(problems) > bad:
        return None
    return _Row(i, ssid, program, day, kind, minutes, external_id or "", note or "")  # type: ignore[arg-type]


def _enrollments(lea_id: int, rows: list[_Row]) -> tuple[dict, dict, dict]:
    """The batch's students, the LEA's programs and the students' enrollments: three queries
    for the whole batch (each value list one array parameter on PostgreSQL)."""
    ssids = sorted({r.ssid for r in rows})
    students: dict[str, int] = dict(
        rows_matching(
            Student.objects.filter(primary_lea_id=lea_id).values_list("ssid", "pk"), "ssid", ssids
        )
    )
    programs = {p.code: p for p in Program.objects.filter(lea_id=lea_id)}
    stints: dict[tuple[int, int], list[tuple[int, date, date | None]]] = {}
    enrollments = Enrollment.objects.filter(program__lea_id=lea_id).values_list(
        "pk", "program_id", "student_id", "entry_on", "exit_on"
    )
    for enr in rows_matching(enrollments, "student_id", sorted(set(students.values()))):
        stints.setdefault((enr[1], enr[2]), []).append((enr[0], enr[3], enr[4]))
    return students, programs, stints


def _known(lea_id: int, system: str, keys: list[str]) -> set[str]:
    """The batch's event ids already stored for the LEA and source system. ``external_id <> ''``
    is the unique index's condition: said here, PostgreSQL uses that index (50,000 probes, not a
    scan of millions of events per chunk)."""
    stored = (
        EngagementEvent.objects.filter(lea_id=lea_id, source_system=system)
        .exclude(external_id="")
        .values_list("external_id", flat=True)
    )
    return set(rows_matching(stored, "external_id", keys))


def ingest(
    *,
    actor: Actor,
    lea_id: int,
    rows: Sequence[Any],
    source: Source | str,
    source_system: str = "",
    locate: Locate = item_locator,
    as_of: date | None = None,
    now: datetime | None = None,
) -> IngestResult:
    """Check a whole batch, then write its new events in one transaction (or nothing)."""
    check_lea(actor, lea_id, what="record engagement", roles=RECORDERS)
    source = Source(source)
    as_of = as_of or today()
    system = (source_system or "").strip()[:64]
    need_id = source in (Source.LMS, Source.PROVIDER_LMS)
    if need_id and not system:
        raise InvalidInput("Name the LMS sending the batch (source_system).", field="source_system")
    if not isinstance(rows, Sequence) or isinstance(rows, str | bytes):
        raise InvalidInput("events must be a list of rows.", field="events")
    if len(rows) > MAX_ROWS:
        raise InvalidInput(
            f"A batch holds at most {MAX_ROWS} events, not {len(rows)}; split it.", field="events"
        )
    problems: list[tuple[int, str]] = []
    parsed = [r for i, raw in enumerate(rows) if (r := _parse(i, raw, locate, need_id, problems))]
    students, programs, stints = _enrollments(lea_id, parsed)
    seen: dict[str, _Row] = {}
    new: list[tuple[Any, ...]] = []
    duplicates = 0
    stamp = now or timezone.now()
    for row in parsed:
        where = lambda field, row=row: locate(row.index, field)  # noqa: E731
        student_id = students.get(row.ssid)
        program = programs.get(row.program)
        if student_id is None:
            problems.append(
                (row.index, f"{where('ssid')}: no student with SSID {row.ssid} in the LEA")
            )
            continue
        if program is None:
            problems.append(
                (row.index, f"{where('program')}: the LEA has no program {row.program!r}")
            )
            continue
        if row.on > as_of:
            problems.append((row.index, f"{where('date')}: {row.on.isoformat()} is in the future"))
            continue
        enrollment_id = next(
            (
                pk
                for pk, entry, exit_on in stints.get((program.pk, student_id), [])
                if entry <= row.on and (exit_on is None or row.on <= exit_on)
            ),
            None,
        )
        if enrollment_id is None:
            problems.append(
                (
                    row.index,
                    f"{where('date')}: the student is not enrolled in {program.code} on "
                    f"{row.on.isoformat()}",
                )
            )
            continue
        problem = event_problem(program.program_kind, row.kind, row.minutes)
        if problem:
            problems.append((row.index, f"{where('kind')}: {problem}"))
            continue
        if not row.external_id:  # a teacher's or a file's row: its content is its identity
            row.external_id = f"{row.ssid}|{row.program}|{row.on}|{row.kind.value}|{row.minutes}"
        if row.external_id:
            earlier = seen.get(row.external_id)
            if earlier is not None:
                same = (earlier.ssid, earlier.program, earlier.on, earlier.kind, earlier.minutes)
                if same != (row.ssid, row.program, row.on, row.kind, row.minutes):
                    problems.append(
                        (
                            row.index,
                            f"{where('external_id')}: {row.external_id!r} repeats "
                            f"{locate(earlier.index, 'external_id')} with different values",
                        )
                    )
                else:
                    duplicates += 1
                continue
            seen[row.external_id] = row
        new.append(
            (
                enrollment_id,
                lea_id,
                row.on,
                row.kind.value,
                row.minutes,
                source.value,
                system,
                row.external_id,
                None,
                row.note,
                actor.user.pk if actor.user else None,
                actor.role_name,
                stamp,
            )
        )  # fmt: skip (the order of writer.COLUMNS)
    if problems:
        ordered = [text for _, text in sorted(problems, key=lambda p: p[0])]
        raise BatchRejected(ordered, total_rows=len(rows))
    known = _known(lea_id, system, sorted(seen))
    fresh = [e for e in new if not e[7] or e[7] not in known]  # e[7]: external_id
    with transaction.atomic():
        added = insert_events(fresh)
    return IngestResult(rows=len(rows), added=added, duplicates=duplicates + len(new) - added)


def record_event(
    *,
    actor: Actor,
    enrollment_id: int,
    on: date,
    kind: EventKind | str,
    minutes: int | None = None,
    note: str = "",
    as_of: date | None = None,
) -> IngestResult:
    """A teacher's (or clerk's) entry of one piece of evidence for one enrollment."""
    enrollment = (
        Enrollment.objects.select_related("program", "student").filter(pk=enrollment_id).first()
    )
    if enrollment is None:
        raise NotFound(f"There is no enrollment {enrollment_id}.", field="enrollment")
    if not enrollment.student.ssid:
        raise InvalidInput("The student has no SSID yet; record it first.", field="student")
    row = {
        "ssid": enrollment.student.ssid,
        "program": enrollment.program.code,
        "date": on,
        "kind": str(kind),
        "minutes": minutes,
        "note": note,
    }
    return ingest(
        actor=actor,
        lea_id=enrollment.program.lea_id,
        rows=[row],
        source=Source.TEACHER,
        source_system="teacher",
        locate=lambda _i, field: field,
        as_of=as_of,
    )
