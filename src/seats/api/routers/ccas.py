"""Reading CCAs: the filtered list (cursor-paginated), one CCA with its deadlines and history,
and the counselor contacts of the CCAs a viewer can see."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Router

from seats.core.models import CCA, AccessAction, AccessPurpose, RoleMembership
from seats.core.selectors.access import Viewer, cca_for, ccas_visible_to
from seats.core.services.audit import log_access
from seats.domain.roles import Role

from ..auth import viewer
from ..pagination import page
from ..params import (
    ERRORS,
    CcaId,
    Cursor,
    Limit,
    Order,
    OrgCode,
    SessionFilter,
    Since,
    StatusFilter,
    YearFilter,
    aware,
)
from ..schemas_out import CCADetail, CCAPage, ContactPage
from ..serialize import DETAIL_RELATIONS, cca_detail, cca_summary, etag, summary_rows
from ..writes import json_response

router = Router(tags=["CCAs"])


def filtered(
    who: Viewer,
    *,
    status: str | None = None,
    school_year: int | None = None,
    session: str | None = None,
    provider: str | None = None,
    lea: str | None = None,
    school: str | None = None,
    updated_since: Any = None,
) -> QuerySet[CCA]:
    """The viewer's CCAs narrowed by the filters (composed on top of the access layer)."""
    rows = ccas_visible_to(who)
    if status:
        rows = rows.filter(status=status)
    if school_year:
        rows = rows.filter(school_year=school_year)
    if session:
        rows = rows.filter(session=session)
    if provider:
        rows = rows.filter(provider__code=provider)
    if lea:
        rows = rows.filter(primary_lea__code=lea)
    if school:
        rows = rows.filter(primary_school__code=school)
    if updated_since is not None:
        rows = rows.filter(updated_at__gte=aware(updated_since))
    return rows


@router.get("/ccas", response={200: CCAPage, **ERRORS}, summary="List CCAs")
def list_ccas(
    request: HttpRequest,
    status: StatusFilter = None,
    school_year: YearFilter = None,
    session: SessionFilter = None,
    provider: OrgCode = None,
    lea: OrgCode = None,
    school: OrgCode = None,
    updated_since: Since = None,
    order: Order = "id",
    cursor: Cursor = None,
    limit: Limit = 100,
) -> HttpResponse:
    """The CCAs your token's role may see, oldest first (or by last change with
    ``order=updated_at``). Follow ``next_cursor`` until it is null."""
    rows = filtered(
        viewer(request),
        status=status,
        school_year=school_year,
        session=session,
        provider=provider,
        lea=lea,
        school=school,
        updated_since=updated_since,
    )
    result = page(
        summary_rows(rows), cursor=cursor, limit=limit, order=order, serialize=cca_summary
    )
    log_access(
        viewer(request),
        action=AccessAction.LIST,
        what="API CCA list",
        rows=len(result["items"]),
        channel="api",
        purpose=AccessPurpose.SIS_SYNC,
    )
    return json_response(CCAPage, result)


@router.get("/ccas/{cca_id}", response={200: CCADetail, **ERRORS}, summary="One CCA")
def get_cca(request: HttpRequest, response: HttpResponse, cca_id: CcaId) -> dict[str, Any]:
    """The CCA with its deadlines (each with its rule and calendar) and its history. The ETag
    header is what a write on this CCA sends back as If-Match."""
    cca = cca_for(viewer(request), cca_id)
    cca = CCA.objects.select_related(*DETAIL_RELATIONS).get(pk=cca.pk)
    log_access(
        viewer(request),
        action=AccessAction.VIEW,
        what=f"CCA {cca.pk}",
        cca=cca,
        channel="api",
        purpose=AccessPurpose.SIS_SYNC,
    )
    response["ETag"] = etag(cca)
    return cca_detail(cca, reader=viewer(request).role)


@router.get(
    "/counselor-contacts", response={200: ContactPage, **ERRORS}, summary="Counselor contacts"
)
def counselor_contacts(
    request: HttpRequest,
    status: StatusFilter = None,
    school_year: YearFilter = None,
    session: SessionFilter = None,
    school: OrgCode = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    """Who to call about each CCA: its counselor, or else the counselors of the student's
    school, each with their work phone (the school's when they have none), and the school's
    phone and email."""
    rows = filtered(
        viewer(request), status=status, school_year=school_year, session=session, school=school
    ).select_related("student", "primary_school", "counselor")
    result = page(rows, cursor=cursor, limit=limit, order="id", serialize=lambda c: c)
    result["items"] = _contacts(result["items"])
    log_access(
        viewer(request),
        action=AccessAction.LIST,
        what="API counselor contacts",
        rows=len(result["items"]),
        channel="api",
        purpose=AccessPurpose.CONTACT,
    )
    return result


def _person(user: Any, *, phone: str, own: bool) -> dict[str, Any]:
    return {
        "name": user.get_full_name() or user.username,
        "email": user.email,
        "phone": user.phone or phone,  # the counselor's work phone, else the school's
        "is_cca_counselor": own,
    }


def _contacts(ccas: list[CCA]) -> list[dict[str, Any]]:
    schools = {c.primary_school_id for c in ccas if c.primary_school_id and not c.counselor_id}
    by_school: dict[int, list[Any]] = defaultdict(list)
    memberships = RoleMembership.objects.filter(
        organisation_id__in=schools, role=Role.COUNSELOR.value, user__is_active=True
    ).select_related("user")
    for m in memberships.order_by("user__last_name", "user__username"):
        by_school[m.organisation_id].append(m.user)
    out = []
    for cca in ccas:
        school = cca.primary_school
        phone = school.phone if school else ""
        if cca.counselor is not None:
            people = [_person(cca.counselor, phone=phone, own=True)]
        else:
            people = [_person(u, phone=phone, own=False) for u in by_school[cca.primary_school_id]]
        out.append(
            {
                "cca_id": cca.pk,
                "student": {
                    "id": cca.student.pk,
                    "ssid": cca.student.ssid,
                    "name": cca.student.display_name,
                    "grade": cca.student.grade,
                },
                "school": {"code": school.code, "name": school.name} if school else None,
                "school_email": school.email if school else "",
                "school_phone": phone,
                "counselors": people,
            }
        )
    return out
