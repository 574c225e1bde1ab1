"""Entering a student's SSID on the web (SPEC 3.1: Confirmed needs an SSID): state staff for any
student, provider staff for a home-school student it serves. The page calls the same service as
the API (``services.students.assign_ssid``: format, uniqueness, an audit entry)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from seats.core.models import CCA, AccessAction, AccessPurpose
from seats.core.selectors.access import PROVIDER_ROLES, Viewer
from seats.core.services.audit import log_access
from seats.core.services.students import assign_ssid
from seats.domain.errors import DomainError
from seats.domain.roles import STATE_ACTING_ROLES

from .labels import error_text
from .permissions import allow, visible_cca

SSID_ROLES = STATE_ACTING_ROLES | PROVIDER_ROLES


def can_enter_ssid(viewer: Viewer, cca: CCA) -> bool:
    """Whether the CCA page offers the SSID form: the student has none yet, and the viewer is
    state staff, or provider staff of a home-school student (the service decides again)."""
    if cca.student.ssid:
        return False
    return viewer.role in STATE_ACTING_ROLES or (
        viewer.role in PROVIDER_ROLES and cca.student.is_home_school
    )


@allow(SSID_ROLES)
@require_http_methods(["GET", "POST"])
def enter_ssid(request: HttpRequest, pk: int) -> HttpResponse:
    viewer: Viewer = request.viewer  # type: ignore[attr-defined]
    cca = visible_cca(viewer, pk)
    if not can_enter_ssid(viewer, cca):
        messages.info(request, _("You cannot enter an SSID for this student."))
        return redirect("web:cca", pk=cca.pk)
    if request.method == "GET":
        log_access(
            viewer,
            action=AccessAction.VIEW,
            what=f"CCA {cca.pk} (ssid)",
            cca=cca,
            purpose=AccessPurpose.PROVIDER_WORK
            if viewer.role in PROVIDER_ROLES
            else AccessPurpose.REVIEW,
        )
        return render(request, "web/ssid.html", {"cca": cca})
    entered = request.POST.get("ssid", "")[:64]
    try:
        assign_ssid(actor=viewer.actor, student_id=cca.student_id, ssid=entered, channel="web")
    except DomainError as error:
        message = error_text(error)
        context = {
            "cca": cca,
            "error": message,
            "error_links": [("ssid", message)],
            "entered": entered,
        }
        return render(request, "web/ssid.html", context, status=400)
    messages.success(request, _("The SSID is saved."))
    return redirect("web:cca", pk=cca.pk)
