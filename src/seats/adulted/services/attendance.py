"""Contact hours: one entry, a class roster's day, and the checks every entry passes
(seats.domain.adulted.hours). A day's entry of a kind replaces the one recorded before, which
is kept void (history row "replace"): nothing is overwritten silently."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from seats.core import clock
from seats.core.services.actors import Actor
from seats.core.services.memo import reference_data_memoized
from seats.core.services.policy import policy_for
from seats.domain.adulted import hours as rules
from seats.domain.calendars import school_year_of
from seats.domain.errors import InvalidInput

from ..models import ContactHour, Enrollment, Program, RecordChange
from . import history, status, writer
from .authority import check_program


@dataclass(frozen=True)
class HourEntry:
    enrollment_id: int
    day: date
    kind: str
    hours: Decimal | None = None
    minutes: int | None = None


def _hours_of(entry: HourEntry, hour_minutes: int) -> tuple[Decimal, int | None]:
    if entry.minutes is not None:
        return rules.contact_hours(entry.minutes, hour_minutes=hour_minutes), entry.minutes
    if entry.hours is None:
        raise InvalidInput("Give the hours or the minutes.", field="hours")
    return rules.check_hours(Decimal(entry.hours)), None


StoredRow = tuple[
    int, int, date, str, Decimal, int | None
]  # pk, enrollment, day, kind, hours, minutes


def stored_rows(
    entries: Sequence[HourEntry], enrollments: dict[int, Enrollment]
) -> list[StoredRow]:
    """The rows in force on the entries' days of their enrollments: one indexed read, shared
    by the checks (the day totals) and the write (a day and kind already recorded)."""
    ids = {e.enrollment_id for e in entries if e.enrollment_id in enrollments}
    days = {e.day for e in entries}
    if not ids or not days:
        return []
    rows = ContactHour.objects.filter(enrollment_id__in=ids, day__in=sorted(days)).values_list(
        "pk", "enrollment_id", "day", "kind", "hours", "minutes"
    )
    return list(rows)


def validate_entries(
    entries: Sequence[HourEntry],
    enrollments: dict[int, Enrollment],
    *,
    stored_on_days: Sequence[StoredRow] | None = None,
) -> list[tuple[int, InvalidInput]]:
    """Every problem of ``entries`` (index, error); the day totals include what is stored
    (``stored_on_days``, read here unless the caller has read it already)."""
    problems: list[tuple[int, InvalidInput]] = []
    today = clock.today()
    stored: dict[tuple[int, date], dict[str, Decimal]] = {}
    if stored_on_days is None:
        stored_on_days = stored_rows(entries, enrollments)
    for _, eid, day, kind, amount, _ in stored_on_days:
        stored.setdefault((eid, day), {})[kind] = amount
    seen: dict[tuple[int, date, str], int] = {}
    for i, entry in enumerate(entries):
        enrollment = enrollments.get(entry.enrollment_id)
        try:
            if enrollment is None:
                raise InvalidInput(f"No enrollment {entry.enrollment_id}.", field="student")
            if entry.kind not in rules.Kind.__members__.values():
                kinds = ", ".join(k.value for k in rules.Kind)
                raise InvalidInput(f"The kind is one of {kinds}.", field="kind")
            policy = policy_for(enrollment.fiscal_year)
            amount, _ = _hours_of(entry, policy.adulted_contact_hour_minutes)
            key = (entry.enrollment_id, entry.day, entry.kind)
            if key in seen:
                raise InvalidInput(
                    f"The same student, day and kind is already on row {seen[key] + 1}.",
                    field="day",
                )
            seen[key] = i
            day_kinds = stored.setdefault((entry.enrollment_id, entry.day), {})
            day_kinds[entry.kind] = amount
            rules.check_day(
                day=entry.day,
                today=today,
                entry=enrollment.entry_date,
                exit=enrollment.exit_date,
                day_total=sum(day_kinds.values(), Decimal(0)),
                max_day_hours=policy.adulted_max_day_hours,
            )
            if school_year_of(entry.day) != enrollment.fiscal_year:
                raise InvalidInput(
                    f"{entry.day.isoformat()} is outside program year {enrollment.fiscal_year}.",
                    field="day",
                )
        except InvalidInput as error:
            problems.append((i, error))
    return problems


def _existing(
    keys: set[tuple[int, date, str]], rows: Iterable[StoredRow]
) -> dict[tuple, ContactHour]:
    """The stored rows of these (enrollment, day, kind) keys. A model object is built only for
    a row that matches: a file of new days matches none of the rows read."""
    found: dict[tuple, ContactHour] = {}
    for pk, enrollment_id, day, kind, hours, minutes in rows:
        if (enrollment_id, day, kind) in keys:
            found[(enrollment_id, day, kind)] = ContactHour(
                pk=pk, enrollment_id=enrollment_id, day=day, kind=kind, hours=hours, minutes=minutes
            )
    return found


def _write(
    actor: Actor,
    entries: Iterable[HourEntry],
    enrollments: dict[int, Enrollment],
    *,
    stored_on_days: Sequence[StoredRow] | None = None,
) -> int:
    """Write the checked entries in bulk, then recompute every touched enrollment
    (``status.refresh_many``). An entry for a day and kind already recorded with other hours
    replaces it the way a correction does: the old row is voided (kept, "replaced by a new
    entry"), the new one points back to it, and the history says so; the same hours again
    change nothing. New days go in one bulk insert (``writer.insert_hours``)."""
    entries = list(entries)
    touched: set[int] = set()
    user_id = actor.user.pk if actor.user else None
    if stored_on_days is None:
        stored_on_days = stored_rows(entries, enrollments)
    existing = _existing({(e.enrollment_id, e.day, e.kind) for e in entries}, stored_on_days)
    fresh: list[tuple[object, ...]] = []
    replaced: list[tuple[ContactHour, Decimal, int | None]] = []
    for entry in entries:
        enrollment = enrollments[entry.enrollment_id]
        policy = policy_for(enrollment.fiscal_year)
        amount, minutes = _hours_of(entry, policy.adulted_contact_hour_minutes)
        old = existing.get((entry.enrollment_id, entry.day, entry.kind))
        if old is None:
            fresh.append((enrollment.pk, entry.day, entry.kind, amount, minutes, user_id))
        elif (old.hours, old.minutes) != (amount, minutes):
            replaced.append((old, amount, minutes))
        else:
            continue
        touched.add(enrollment.pk)
    if replaced:
        ContactHour.objects.filter(pk__in=[old.pk for old, _, _ in replaced]).update(
            voided_at=timezone.now(), voided_by=actor.user, void_reason="replaced by a new entry"
        )
        new_rows = ContactHour.objects.bulk_create(
            ContactHour(
                enrollment_id=old.enrollment_id,
                day=old.day,
                kind=old.kind,
                hours=amount,
                minutes=minutes,
                entered_by=actor.user,
                corrects=old,
            )
            for old, amount, minutes in replaced
        )
        for (old, _, _), row in zip(replaced, new_rows, strict=True):
            history.record(
                actor=actor,
                enrollment=enrollments[old.enrollment_id],
                what=RecordChange.What.HOUR,
                action=RecordChange.Action.REPLACE,
                before={"day": old.day, "kind": old.kind, "hours": old.hours},
                after={"day": row.day, "kind": row.kind, "hours": row.hours},
                reason="a new entry for the same day and kind",
                target_id=old.pk,
                new_id=row.pk,
            )
    writer.insert_hours(fresh)
    status.refresh_many(enrollments[pk] for pk in sorted(touched))
    return len(entries)


def _enrollments(program: Program | None, ids: Iterable[int]) -> dict[int, Enrollment]:
    rows = Enrollment.objects.filter(pk__in=set(ids)).select_related("program", "student")
    if program is not None:
        rows = rows.filter(program=program)
    return {e.pk: e for e in rows}


@transaction.atomic
def record_hours(*, actor: Actor, entries: Sequence[HourEntry], program: Program) -> int:
    """Record entries of one program, all or nothing: the first problem is refused (naming the
    row when there are several); returns how many were written."""
    check_program(actor, program, what="record contact hours")
    with reference_data_memoized():  # one policy read per year, not per row
        enrollments = _enrollments(program, (e.enrollment_id for e in entries))
        problems = validate_entries(entries, enrollments)
        if problems:
            index, error = problems[0]
            where = f"Row {index + 1}: " if len(entries) > 1 else ""
            raise InvalidInput(f"{where}{error.message}", field=error.field, rule=error.rule)
        return _write(actor, entries, enrollments)


@transaction.atomic
def record_roster_day(
    *, actor: Actor, program: Program, day: date, rows: Sequence[tuple[int, str, Decimal]]
) -> int:
    """A class roster's attendance for one day: (enrollment id, kind, hours); zero hours rows
    are skipped."""
    entries = [HourEntry(eid, day, kind, hours=h) for eid, kind, h in rows if h]
    return record_hours(actor=actor, entries=entries, program=program)
