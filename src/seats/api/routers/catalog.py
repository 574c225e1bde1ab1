"""The course catalog, the rejection reason codes and the teachers of record: the reference
data a client needs to fill in requests and decisions."""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router

from seats.core.models import CourseOffering, TeacherOfRecord
from seats.core.selectors.access import PROVIDER_ROLES, STATE_ROLES
from seats.domain.catalog import TermType
from seats.domain.policy import Tier
from seats.domain.reasons import reasons_for
from seats.domain.roles import Party

from ..auth import viewer
from ..pagination import page
from ..params import ERRORS, Cursor, Limit, OrgCode, YearFilter
from ..schemas_out import OfferingPage, ReasonCodeOut, TeacherOut
from ..serialize import offering_out, org_ref

router = Router(tags=["Reference data"])


@router.get("/catalog", response={200: OfferingPage, **ERRORS}, summary="Course catalog")
def catalog(
    request: HttpRequest,
    provider: OrgCode = None,
    core_code: Annotated[str | None, Query(max_length=16)] = None,
    school_year: YearFilter = None,
    term_type: Annotated[TermType | None, Query()] = None,
    tier: Annotated[Tier | None, Query()] = None,
    grade: Annotated[int | None, Query(ge=6, le=12)] = None,
    is_open: bool | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Words in the title.")] = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    """Course offerings (the catalog is public to every role)."""
    rows = CourseOffering.objects.select_related("provider")
    if provider:
        rows = rows.filter(provider__code=provider)
    if core_code:
        rows = rows.filter(core_code=core_code)
    if school_year:
        rows = rows.filter(first_school_year__lte=school_year).filter(
            Q(last_school_year__isnull=True) | Q(last_school_year__gte=school_year)
        )
    if term_type:
        rows = rows.filter(term_type=term_type.value)
    if tier:
        rows = rows.filter(tier=tier.value)
    if grade:
        rows = rows.filter(grade_min__lte=grade, grade_max__gte=grade)
    if is_open is not None:
        rows = rows.filter(is_open=is_open)
    for word in (q or "").split():
        rows = rows.filter(Q(provider_title__icontains=word) | Q(usbe_title__icontains=word))
    return page(rows, cursor=cursor, limit=limit, order="id", serialize=offering_out)


@router.get("/reason-codes", response={200: list[ReasonCodeOut], **ERRORS}, summary="Reasons")
def reason_codes(request: HttpRequest) -> list[dict[str, str]]:
    """The rejection reason codes each party may give (the state's decision tree)."""
    out = []
    for party in (Party.LEA, Party.PROVIDER, Party.STATE):
        for code, reason in reasons_for(party).items():
            out.append(
                {"party": party.value, "code": code, "label": reason.label, "rule": reason.rule}
            )
    return out


@router.get("/teachers", response={200: list[TeacherOut], **ERRORS}, summary="Teachers of record")
def teachers(request: HttpRequest) -> list[dict[str, Any]]:
    """A provider's teachers of record (the ids the teacher-of-record action takes); the state
    sees every provider's, other roles none."""
    who = viewer(request)
    rows = TeacherOfRecord.objects.select_related("provider").order_by("last_name", "pk")
    if who.role in PROVIDER_ROLES:
        rows = rows.filter(provider=who.organisation)
    elif who.role not in STATE_ROLES:
        rows = rows.none()
    return [
        {
            "id": t.pk,
            "name": f"{t.first_name} {t.last_name}",
            "cactus_id": t.cactus_id,
            "provider": org_ref(t.provider),
        }
        for t in rows[:2000]
    ]
