"""Bulk approval of the LEA's queue (SPEC 3.2): the picked requests, each approved in its own
transaction after the person confirmed how many and which; a request the LEA's policy keeps out
of bulk approval (not reviewed by the counselor) is skipped and listed with why."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from seats.core.models import CCA
from seats.core.selectors.access import Viewer, cca_for, ccas_visible_to
from seats.core.services import requests
from seats.domain.citations import staff_citation
from seats.domain.errors import DomainError, InvalidInput
from seats.domain.roles import LEA_ROLES, Role

from .confirm import confirmed
from .permissions import allow
from .school_confirm import bulk_confirmation


@dataclass(frozen=True)
class Refusal:
    cca_id: str
    message: str
    what: str = ""  # the student and the course, when the viewer may see the request


def _parse_pick(value: str) -> tuple[int, int]:
    pk, _sep, version = value.partition(":")
    if not (pk.isdigit() and version.isdigit()):
        raise InvalidInput(_("Unreadable selection %(v)r.") % {"v": value[:40]}, field="approve")
    return int(pk), int(version)


def picked_rows(viewer: Viewer, picks: list[str]) -> list[CCA]:
    """The picked requests the viewer may see, in the order picked (one query)."""
    ids = [int(v.partition(":")[0]) for v in picks if v.partition(":")[0].isdigit()]
    found = ccas_visible_to(viewer).filter(pk__in=ids).select_related("student", "offering")
    by_pk = {c.pk: c for c in found}
    return [by_pk[i] for i in dict.fromkeys(ids) if i in by_pk]


def approve_many(viewer: Viewer, picks: list[str]) -> tuple[list[CCA], list[Refusal]]:
    """Approve each picked CCA in its own transaction; one refusal does not undo the others.
    A request the LEA's policy keeps out of bulk approval (not reviewed) is skipped, with why."""
    approved, refused = [], []
    rows = {c.pk: c for c in picked_rows(viewer, picks)}
    for value in picks:
        shown = (
            rows.get(int(value.partition(":")[0])) if value.partition(":")[0].isdigit() else None
        )
        what = f"{shown.student.display_name} · {shown.offering.provider_title}" if shown else ""
        try:
            pk, version = _parse_pick(value)
            cca = cca_for(viewer, pk)
            requests.decide_as_lea(
                actor=viewer.actor,
                cca_id=pk,
                expected_version=version,
                approve=True,
                accept_financial_responsibility=True,
                in_bulk=True,
            )
            approved.append(shown or cca)
        except DomainError as error:
            rule = staff_citation(error.rule)
            text = f"{error.message} ({rule})" if rule else error.message
            refused.append(Refusal(value.partition(":")[0], text, what))
    return approved, refused


@allow(LEA_ROLES | {Role.COUNSELOR})
@require_http_methods(["GET", "POST"])
def bulk_approve(request: HttpRequest) -> HttpResponse:
    """Approve the selected requests (or every pending one of the page: ``all_on_page``) after
    the person confirmed how many and which."""
    if request.method == "GET":
        return redirect("web:ccas")
    post = request.POST
    picks = post.getlist("page_pick" if post.get("all_on_page") == "1" else "approve")[:100]
    if not picks:
        messages.error(request, _("Select at least one pending request to approve."))
        return redirect("web:ccas")
    viewer: Viewer = request.viewer  # type: ignore[attr-defined]
    if not confirmed(post):
        return bulk_confirmation(request, picked_rows(viewer, picks), picks)
    approved, refused = approve_many(viewer, picks)
    return render(
        request, "web/school/bulk_result.html", {"approved": approved, "refused": refused}
    )
