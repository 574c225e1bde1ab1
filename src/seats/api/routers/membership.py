"""Pupil accounting (SPEC 9, docs/membership.md): an LMS pushes engagement events in bulk; the
LEA's staff and the state read membership, ADM, the SIS adjustments and "why (not) in
membership". Scoped like the web pages: a teacher's or pupil-accounting token its own LEA, the
state's every LEA read-only, every other role nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router
from pydantic import BaseModel, Field

from seats.core import clock
from seats.core.models import AccessAction, AccessPurpose
from seats.core.services.audit import log_access
from seats.domain import dates
from seats.domain.calendars import school_year_of
from seats.domain.errors import NotFound
from seats.membership.models import Source
from seats.membership.selectors import reports
from seats.membership.services.authority import actor_lea_id
from seats.membership.services.events import MAX_ROWS, ingest
from seats.membership.services.soep import provider_feed

from ..auth import viewer
from ..params import ERRORS, WRITE_ERRORS

router = Router(tags=["Pupil accounting"])

Year = Annotated[int | None, Query(ge=2000, le=2100, description="School year (2026 = 2026-27).")]


class EventBatch(BaseModel):
    source_system: str = Field(
        min_length=1, max_length=64, description="The LMS sending the batch (ids are its own)."
    )
    events: list[dict[str, Any]] = Field(
        max_length=MAX_ROWS,
        description=(
            "Each item: ssid, program (code), date (YYYY-MM-DD), kind (synchronous_online, "
            "conference, assignment, in_person, direct_instruction), minutes (home and "
            "hospital), external_id (the LMS's own event id, required), note. Items are checked "
            "here, not by the schema, so every bad item is named by its index and field."
        ),
    )


class BatchResult(BaseModel):
    rows: int
    added: int
    duplicates: int


class ProgramMembership(BaseModel):
    code: str
    name: str
    kind: str
    lea: str
    students: int
    membership_days: int
    aggregate_days: Decimal
    days_in_session: int
    adm: Decimal


class AdjustmentOut(BaseModel):
    enrollment_id: int
    ssid: str | None
    program: str
    left_membership_on: date
    returned_on: date | None
    silent_school_days: list[date]


class WhyOut(BaseModel):
    enrollment_id: int
    date: date
    in_membership: bool
    reasons: list[str]
    rules: list[str]
    silent_school_days: list[date]


@router.post(
    "/membership/events",
    response={200: BatchResult, **WRITE_ERRORS},
    summary="Record engagement events from an LMS (idempotent by external_id)",
)
def post_events(request: HttpRequest, payload: EventBatch) -> dict[str, int]:
    who = viewer(request)
    lea_id = actor_lea_id(who.actor)
    result = ingest(
        actor=who.actor,
        lea_id=lea_id or 0,
        rows=payload.events,
        source=Source.LMS,
        source_system=payload.source_system,
    )
    return {"rows": result.rows, "added": result.added, "duplicates": result.duplicates}


class ProviderBatch(BaseModel):
    events: list[dict[str, Any]] = Field(
        max_length=MAX_ROWS,
        description=(
            "Each item: cca_id, date (YYYY-MM-DD), kind (synchronous_online, conference, "
            "assignment), external_id (the LMS's own event id). Sets each CCA's last activity "
            "date and, when the student is in a program of the primary LEA, is its evidence."
        ),
    )


class ProviderResult(BaseModel):
    rows: int
    ccas_updated: int
    events_added: int
    duplicates: int


@router.post(
    "/membership/provider-events",
    response={200: ProviderResult, **WRITE_ERRORS},
    summary="A provider's LMS reports engagement in its online courses (SOEP)",
)
def post_provider_events(request: HttpRequest, payload: ProviderBatch) -> dict[str, int]:
    result = provider_feed(viewer=viewer(request), rows=payload.events)
    return {
        "rows": result.rows,
        "ccas_updated": result.ccas_updated,
        "events_added": result.events_added,
        "duplicates": result.duplicates,
    }


def _year(school_year: int | None) -> tuple[int, date]:
    today = clock.today()
    year = school_year or school_year_of(today)
    return year, today


@router.get(
    "/membership/programs",
    response={200: list[ProgramMembership], **ERRORS},
    summary="Membership days, aggregate days and ADM per program",
)
def list_programs(request: HttpRequest, school_year: Year = None) -> list[dict[str, Any]]:
    who = viewer(request)
    year, today = _year(school_year)
    out = []
    for r in reports.program_reports(who, year, today):
        out.append(
            {
                "code": r.program.code,
                "name": r.program.name,
                "kind": r.program.kind,
                "lea": r.program.lea.code,
                "students": r.summary.students,
                "membership_days": r.summary.membership_days,
                "aggregate_days": r.summary.aggregate_days,
                "days_in_session": r.summary.days_in_session,
                "adm": r.summary.adm,
            }
        )
    return out


@router.get(
    "/membership/adjustments",
    response={200: list[AdjustmentOut], **ERRORS},
    summary="Who left membership on which date, and who came back (the SIS adjustments)",
)
def list_adjustments(request: HttpRequest, school_year: Year = None) -> list[dict[str, Any]]:
    who = viewer(request)
    year, today = _year(school_year)
    rows = reports.adjustments(who, year, today)
    log_access(
        who,
        action=AccessAction.EXPORT,
        what=f"membership adjustments {year}",
        purpose=AccessPurpose.PUPIL_ACCOUNTING,
        rows=len(rows),
        channel="api",
    )
    return [
        {
            "enrollment_id": a.enrollment.pk,
            "ssid": a.enrollment.student.ssid,
            "program": a.enrollment.program.code,
            "left_membership_on": a.left_on,
            "returned_on": a.returned_on,
            "silent_school_days": list(a.silent_days),
        }
        for a in rows
    ]


@router.get(
    "/membership/enrollments/{enrollment_id}/why",
    response={200: WhyOut, **ERRORS},
    summary="Why a student is (not) in membership on a date",
)
def why(request: HttpRequest, enrollment_id: int, on: date) -> dict[str, Any]:
    who = viewer(request)
    found = reports.why_on(who, enrollment_id, on)
    if found is None:
        raise NotFound(f"There is no enrollment {enrollment_id}.", field="enrollment_id")
    dates.checked(on, "on")
    enrollment, answer = found
    log_access(
        who,
        action=AccessAction.VIEW,
        what=f"membership enrollment {enrollment.pk}",
        purpose=AccessPurpose.PUPIL_ACCOUNTING,
        student=enrollment.student,
        channel="api",
    )
    return {
        "enrollment_id": enrollment.pk,
        "date": on,
        "in_membership": answer.in_membership,
        "reasons": list(answer.reasons),
        "rules": list(answer.rules),
        "silent_school_days": list(answer.silent_days),
    }
