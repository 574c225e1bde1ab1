"""The yearly provider cycle pages: every provider's calendar for the state (overdue first), the
provider's iCalendar feed, and the Course Request Spreadsheet (upload; the state approves)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seats.compliance.models import CatalogSubmission
from seats.compliance.services.catalog import approve_catalog, submit_catalog
from seats.compliance.services.cycle import all_calendars, ics_feed, mark_done
from seats.compliance.sheets import SheetRefused
from seats.core import clock
from seats.domain.compliance.calendar import OBLIGATIONS, State
from seats.domain.errors import DomainError
from seats.domain.roles import PROVIDER_ROLES, STATE_ACTING_ROLES, STATE_ROLES

from ..permissions import allow
from ..provider import error_text
from .common import own_provider, provider_by_code, uploaded, year_of


@allow(STATE_ROLES)
def cycle_state(request: HttpRequest) -> HttpResponse:
    year, today = year_of(request), clock.today()
    calendars = all_calendars(school_year=year, as_of=today)
    rows = sorted(
        calendars.items(),
        key=lambda item: (not any(r.state is State.OVERDUE for r in item[1]), item[0].name),
    )
    context = {
        "rows": rows,
        "year": year,
        "obligations": [info.label for info in OBLIGATIONS.values()],
        "heads": rows[0][1] if rows else [],
        "can_act": request.viewer.role in STATE_ACTING_ROLES,  # type: ignore[attr-defined]
    }
    return render(request, "web/compliance/cycle_state.html", context)


@allow(STATE_ACTING_ROLES)
def cycle_done(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect(reverse("web:compliance_cycle_state"))
    provider = provider_by_code(request)
    try:
        mark_done(
            actor=request.viewer.actor,  # type: ignore[attr-defined]
            provider_id=provider.pk,
            school_year=year_of(request),
            obligation=request.POST.get("obligation", ""),
            done_on=clock.today(),
        )
        messages.success(request, _("Recorded as done for %(name)s.") % {"name": provider.name})
    except DomainError as exc:
        messages.error(request, error_text(exc))
    return redirect(f"{reverse('web:compliance_cycle_state')}?year={year_of(request)}")


@allow(PROVIDER_ROLES)
def provider_ics(request: HttpRequest) -> HttpResponse:
    provider = own_provider(request)
    text = ics_feed(
        actor=request.viewer.actor,  # type: ignore[attr-defined]
        provider_id=provider.pk,
        as_of=clock.today(),
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="seats-{provider.code}.ics"'
    return response


def _catalog_page(request: HttpRequest, provider, problems=None, status: int = 200):
    year = year_of(request) + 1
    submissions = CatalogSubmission.objects.filter(provider=provider).order_by("-pk")[:10]
    context = {"provider": provider, "year": year, "submissions": submissions, "problems": problems}
    return render(request, "web/compliance/catalog.html", context, status=status)


@allow(PROVIDER_ROLES)
def catalog_provider(request: HttpRequest) -> HttpResponse:
    """The provider's Course Request Spreadsheet of next year's catalog."""
    provider = own_provider(request)
    if request.method != "POST":
        return _catalog_page(request, provider)
    got = uploaded(request)
    if isinstance(got, str):
        messages.error(request, got)
        return _catalog_page(request, provider, status=400)
    try:
        submit_catalog(
            actor=request.viewer.actor,  # type: ignore[attr-defined]
            provider_id=provider.pk,
            school_year=year_of(request) + 1,
            data=got[0],
            file_name=got[1],
            as_of=clock.today(),
        )
    except SheetRefused as exc:
        messages.error(
            request,
            ngettext(
                "%(n)s problem; nothing was recorded.",
                "%(n)s problems; nothing was recorded.",
                len(exc.problems),
            )
            % {"n": len(exc.problems)},
        )
        return _catalog_page(request, provider, problems=exc.problems, status=400)
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return _catalog_page(request, provider, status=400)
    messages.success(
        request, _("The Course Request Spreadsheet is recorded for the state's review.")
    )
    return redirect(reverse("web:compliance_catalog_provider"))


@allow(STATE_ROLES)
def catalog_state(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.viewer.role not in STATE_ACTING_ROLES:  # type: ignore[attr-defined]
            messages.error(request, _("The auditor reads; only state staff approve."))
        else:
            try:
                pk = int(request.POST.get("submission", "0") or 0)
                published = approve_catalog(
                    actor=request.viewer.actor,  # type: ignore[attr-defined]
                    submission_id=pk,
                    as_of=clock.today(),
                )
                messages.success(
                    request,
                    _("Approved: %(new)s new, %(kept)s continued, %(closed)s ended.")
                    % {
                        "new": published.created,
                        "kept": published.kept,
                        "closed": published.closed,
                    },
                )
            except (DomainError, ValueError) as exc:
                messages.error(request, error_text(exc) if isinstance(exc, DomainError) else "?")
        return redirect(reverse("web:compliance_catalog_state"))
    pending = CatalogSubmission.objects.filter(status=CatalogSubmission.SUBMITTED)
    context = {
        "pending": pending.select_related("provider").order_by("provider__name"),
        "can_act": request.viewer.role in STATE_ACTING_ROLES,  # type: ignore[attr-defined]
    }
    return render(request, "web/compliance/catalog_state.html", context)
