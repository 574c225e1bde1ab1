"""A calendar loaded or corrected after CCAs started: every CCA whose deadlines count on it is
recomputed, and each change is recorded as a correction naming the calendar's version.

The status never changes here (a Confirmed CCA stays Confirmed, SPEC 3.2); what moves are the
stored deadline columns (withdrawal period, Day of Census, confirmation due, the second window)
and, with them, the overdue flags of the CCAs that moved. CCAs in a final status keep their
dates: their closeout was decided on the calendar of its day. The work is set-based: rows are
read in key order in chunks, recomputed in Python with the reference data memoized, and written
with one UPDATE per distinct set of new dates and one bulk INSERT of history per chunk.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from seats.domain.statuses import OPEN

from .. import clock
from ..models import CCA, CCAHistory, Organisation
from .actors import Actor
from .facts import DEADLINE_COLUMNS, refresh_deadlines
from .memo import reference_data_memoized
from .records import history_entry
from .sweep import SweepReport, clear_flags, raise_flags

CHUNK = 2000


@dataclass
class RecomputeReport:
    """What a calendar recompute changed: how many CCAs, and which deadlines moved how often."""

    checked: int = 0
    changed: int = 0
    confirmed_changed: int = 0
    moved: Counter[str] = field(default_factory=Counter)
    flags_cleared: int = 0
    flags_raised: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "changed": self.changed,
            "confirmed_changed": self.confirmed_changed,
            "moved": dict(sorted(self.moved.items())),
            "flags_cleared": self.flags_cleared,
            "flags_raised": self.flags_raised,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RecomputeReport:
        return cls(
            checked=data.get("checked", 0),
            changed=data.get("changed", 0),
            confirmed_changed=data.get("confirmed_changed", 0),
            moved=Counter(data.get("moved", {})),
            flags_cleared=data.get("flags_cleared", 0),
            flags_raised=data.get("flags_raised", 0),
        )

    def lines(self) -> list[str]:
        out = [
            f"{self.changed} of {self.checked} CCAs changed "
            f"({self.confirmed_changed} of them Confirmed, which stay Confirmed)."
        ]
        out += [f"  {column}: moved on {n} CCAs" for column, n in sorted(self.moved.items())]
        out.append(f"  overdue flags cleared {self.flags_cleared}, raised {self.flags_raised}")
        return out


def affected_ccas(organisation: Organisation, years: list[int]) -> QuerySet[CCA]:
    """The CCAs that may count days on ``organisation``'s calendar: its own as provider, school
    or LEA (every CCA for the state's calendar), of those school years, not yet final."""
    scope = {
        "provider": Q(provider=organisation),
        "school": Q(primary_school=organisation),
        # An LEA's calendar also counts for its schools and housed providers without their own.
        "lea": Q(primary_lea=organisation) | Q(provider__parent=organisation),
        "state": Q(),
    }.get(organisation.kind, Q(provider=organisation) | Q(primary_school=organisation))
    return CCA.objects.filter(scope, school_year__in=years, status__in=[s.value for s in OPEN])


def recompute_for_calendar(
    ccas: QuerySet[CCA], *, actor: Actor, reason: str, calendar: dict[str, Any]
) -> RecomputeReport:
    """Recompute the deadlines of ``ccas`` (callers hold a transaction); ``calendar`` (name,
    import id, version) goes into each history entry."""
    report = RecomputeReport()
    last_pk = 0
    with reference_data_memoized():
        while True:
            chunk = list(
                ccas.filter(pk__gt=last_pk)
                .select_for_update(of=("self",))
                .select_related("student", "primary_lea", "provider", "primary_school")
                .order_by("pk")[:CHUNK]
            )
            if not chunk:
                break
            last_pk = chunk[-1].pk
            _recompute_chunk(chunk, actor=actor, reason=reason, calendar=calendar, report=report)
    _refresh_flags(ccas, report)
    return report


def _recompute_chunk(
    chunk: list[CCA],
    *,
    actor: Actor,
    reason: str,
    calendar: dict[str, Any],
    report: RecomputeReport,
) -> None:
    changed_rows: list[CCA] = []
    entries: list[CCAHistory] = []
    columns: set[str] = set()
    now = timezone.now()
    for cca in chunk:
        report.checked += 1
        before = {column: getattr(cca, column) for column in DEADLINE_COLUMNS}
        changed = refresh_deadlines(cca)
        if not changed:
            continue
        cca.version += 1
        cca.updated_at = now
        report.changed += 1
        report.confirmed_changed += cca.status == "confirmed"
        report.moved.update(changed)
        columns.update(changed)
        changed_rows.append(cca)
        details: dict[str, Any] = {"calendar": calendar}
        details.update({c: {"from": before[c], "to": getattr(cca, c)} for c in changed})
        entries.append(
            history_entry(
                cca,
                actor=actor,
                action="calendar_correction",
                from_status=cca.status,
                to_status=cca.status,
                reason=reason,
                details=details,
                at=now,
            )
        )
    if changed_rows:
        _write(changed_rows, sorted(columns), now)
        CCAHistory.objects.bulk_create(entries)


def _write(rows: list[CCA], columns: list[str], now: datetime) -> None:
    """One UPDATE per distinct set of new dates (CCAs that started together move together, so
    a chunk has few), rather than a CASE per row and column; the rows are locked, so the
    version each history entry names is the version the UPDATE writes."""
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for cca in rows:
        groups[tuple(getattr(cca, c) for c in columns)].append(cca.pk)
    for values, ids in groups.items():
        for start in range(0, len(ids), 500):
            CCA.objects.filter(pk__in=ids[start : start + 500]).update(
                **dict(zip(columns, values, strict=True)),
                version=F("version") + 1,
                updated_at=now,
            )


def _refresh_flags(ccas: QuerySet[CCA], report: RecomputeReport) -> None:
    """The overdue flags of the recomputed CCAs follow their moved deadlines today."""
    as_of: date = clock.today()
    sweep = SweepReport(as_of=as_of)
    clear_flags(as_of, sweep, scope=ccas)
    raise_flags(as_of, sweep, scope=ccas)
    report.flags_cleared = sweep.flags_cleared
    report.flags_raised = sum(sweep.flags_raised.values())
