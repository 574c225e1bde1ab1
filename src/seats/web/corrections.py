"""The state's correction worklist (SPEC 3.2): the providers' requests to correct a mistaken Not
Confirmed Closed, each with its clock, overdue first; state staff grant or deny each with a
reason on the CCA's action pages (seats.web.school: "correct", "deny_correction")."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from seats.core import clock
from seats.core.models import AccessAction, AccessPurpose
from seats.core.selectors.access import STATE_ROLES
from seats.core.selectors.corrections import open_corrections
from seats.core.services.audit import log_access
from seats.domain.roles import STATE_ACTING_ROLES

from .permissions import allow

PER_PAGE = 50


@allow(STATE_ROLES)
def worklist(request: HttpRequest) -> HttpResponse:
    viewer = request.viewer  # type: ignore[attr-defined]
    today = clock.today()
    rows = open_corrections(viewer, today=today)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    log_access(
        viewer,
        action=AccessAction.LIST,
        what="Correction requests",
        rows=len(page.object_list),
        purpose=AccessPurpose.COMPLIANCE,
    )
    context = {
        "page": page,
        "today": today,
        "overdue": sum(1 for _, c in rows if c.overdue),
        "can_decide": viewer.role in STATE_ACTING_ROLES,
    }
    return render(request, "web/state/corrections.html", context)
