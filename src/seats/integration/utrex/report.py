"""The quarterly data report (SPEC 7; manual, "UTREx Reporting"): on November 1, February 1,
April 1 and June 1 the state downloads each provider's SEATS data for comparison with UTREx.

One row per CCA of the provider that had its Notice of Enrollment by the report date, showing
the CCA as it stood that day: the status is read from the history (the last entry before the end
of the day, state time); dates after the report date, and the grade and credit of a closeout
reached later, are left blank. Students are named by SSID; the first initial and last name are
shown only where the SSID is missing (data minimisation, SPEC 10).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import OuterRef, Subquery

from seats.core.models import AccessPurpose, CCAHistory, Organisation
from seats.core.replica import on_replica
from seats.core.selectors.access import PROVIDER_ROLES, Viewer, ccas_visible_to
from seats.core.services.audit import log_export
from seats.domain.calendars import school_year_label, school_year_of
from seats.domain.errors import InvalidInput, NotPermitted
from seats.domain.statuses import STATUS_INFO, TERMINAL, Stage, Status

from .check import DENVER

#: (month, day) of the four report dates, in school-year order.
REPORT_DATES = ((11, 1), (2, 1), (4, 1), (6, 1))
HEADERS = (
    "ssid",
    "student",
    "core_code",
    "usbe_title",
    "school_year",
    "session",
    "status",
    "credit_attempted",
    "credit_earned",
    "course_start_date",
    "census_date",
    "confirmation_date",
    "final_grade",
    "transcript_date",
    "cca_id",
)
_COLUMNS = (
    "pk",
    "student__ssid",
    "student__legal_first_name",
    "student__legal_last_name",
    "offering__core_code",
    "offering__usbe_title",
    "school_year",
    "session",
    "status",
    "status_then",
    "credit_attempted",
    "credit_earned",
    "course_start_date",
    "census_date",
    "confirmation_date",
    "final_grade",
    "transcript_issued_on",
    "completion_date",
)


def report_dates_text() -> str:
    return ", ".join(f"{date(2000, m, d):%B} {d}" for m, d in REPORT_DATES)


def check_report_date(day: date, *, any_date: bool = False) -> None:
    """Refuse a day that is not a report date, naming the four (unless ``any_date``)."""
    if any_date or (day.month, day.day) in REPORT_DATES:
        return
    raise InvalidInput(
        f"{day.isoformat()} is not a quarterly report date. The reports are dated "
        f"{report_dates_text()} (use --any-date for another day).",
        field="date",
        rule="SPEC 7: quarterly data reports",
    )


@dataclass
class QuarterlyReport:
    provider: Organisation
    day: date
    school_year: int
    rows: list[list[Any]] = field(default_factory=list)
    by_status: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        out = [
            f"Quarterly data report of {self.provider.code} as of {self.day.isoformat()} "
            f"(school year {school_year_label(self.school_year)}): {len(self.rows):,} CCAs"
        ]
        out += [f"  {label}: {n:,}" for label, n in sorted(self.by_status.items())]
        return out


def _blank_after(value: date | None, day: date) -> date | None:
    return value if value is not None and value <= day else None


def _row(values: tuple, day: date) -> tuple[str, list[Any]]:
    pk, ssid, first, last, code, title, year, session, status, then = values[:10]
    attempted, earned, start, census, confirmed, grade, transcript, completed = values[10:]
    shown = Status(then or status)
    closed = shown in TERMINAL and shown.value == status and (completed is None or completed <= day)
    student = "" if ssid else f"{first[:1]}. {last}"
    row = [
        ssid or "",
        student,
        code,
        title,
        school_year_label(year),
        session,
        shown.label,
        attempted,
        earned if closed else None,
        start,
        census,
        _blank_after(confirmed, day),
        grade if closed else "",
        _blank_after(transcript, day),
        pk,
    ]
    return shown.label, row


def quarterly_rows(viewer: Viewer, provider: Organisation, day: date) -> Iterator[tuple[str, list]]:
    """(status label, row) for every CCA of ``provider`` enrolled by ``day``, as of ``day``."""
    if viewer.role in PROVIDER_ROLES and viewer.organisation.pk != provider.pk:
        raise NotPermitted(
            "A provider sees only its own quarterly data report.", rule="SPEC 10", field="provider"
        )
    cutoff = datetime.combine(day + timedelta(days=1), time.min, tzinfo=DENVER)
    status_then = (
        CCAHistory.objects.filter(cca=OuterRef("pk"), at__lt=cutoff)
        .order_by("-seq")
        .values("to_status")[:1]
    )
    ccas = (
        ccas_visible_to(viewer)
        .filter(provider=provider, school_year=school_year_of(day), noe_date__lte=day)
        .annotate(status_then=Subquery(status_then))
        .order_by("student__ssid", "offering__core_code", "session", "pk")
        .values_list(*_COLUMNS)
    )
    for values in ccas.iterator(chunk_size=5000):
        label, row = _row(values, day)
        then = Status(values[9] or values[8])
        if STATUS_INFO[then].stage is Stage.PRE_ENROLLMENT:
            continue  # cancelled by the LEA (or not enrolled yet that day): not in UTREx
        yield label, row


@on_replica
def build_quarterly(viewer: Viewer, provider: Organisation, day: date) -> QuarterlyReport:
    report = QuarterlyReport(provider=provider, day=day, school_year=school_year_of(day))
    for label, row in quarterly_rows(viewer, provider, day):
        report.rows.append(row)
        report.by_status[label] += 1
    log_export(
        viewer,
        what=f"UTREx quarterly report {provider.code} {day.isoformat()}",
        rows=len(report.rows),
        purpose=AccessPurpose.STATE_REPORTING,
    )
    return report
