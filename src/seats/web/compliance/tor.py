"""TOR accountability pages: the provider's spreadsheet and findings; the state's list of every
provider with each step's status, and one provider's cycle with the state's actions."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seats.compliance.selectors.tor import all_cycles, cycle_view
from seats.compliance.services.cycle import provider_calendar
from seats.compliance.services.tor import open_cycle, upload_tor_sheet
from seats.compliance.services.tor_review import final_review, issue_corrective_action
from seats.compliance.services.tor_sheet import prefilled_workbook
from seats.compliance.sheets import SheetRefused
from seats.core import clock
from seats.domain.dates import parse_entered
from seats.domain.errors import DomainError
from seats.domain.roles import PROVIDER_ROLES, STATE_ACTING_ROLES, STATE_ROLES

from ..permissions import allow
from ..provider import error_text
from .common import XLSX, own_provider, provider_by_code, uploaded, year_of


def _page(request: HttpRequest, provider, *, state: bool, problems=None, status: int = 200):
    year = year_of(request)
    today = clock.today()
    context = {
        "view": cycle_view(provider, year, as_of=today),
        "calendar": provider_calendar(provider_id=provider.pk, school_year=year, as_of=today),
        "year": year,
        "state": state,
        "can_act": request.viewer.role in STATE_ACTING_ROLES,  # type: ignore[attr-defined]
        "problems": problems,
        "today": today,
    }
    return render(request, "web/compliance/provider.html", context, status=status)


@allow(PROVIDER_ROLES)
def provider_page(request: HttpRequest) -> HttpResponse:
    """The provider's own TOR spreadsheet, its findings and its yearly calendar."""
    return _page(request, own_provider(request), state=False)


@allow(PROVIDER_ROLES)
def provider_download(request: HttpRequest) -> HttpResponse:
    view = cycle_view(own_provider(request), year_of(request), as_of=clock.today())
    if view.cycle is None or view.cycle.opened_on is None:
        messages.error(request, _("The state has not opened this year's spreadsheet yet."))
        return redirect(reverse("web:compliance_provider"))
    response = HttpResponse(prefilled_workbook(view.cycle), content_type=XLSX)
    name = f"tor-{view.provider.code}-{view.school_year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@allow(PROVIDER_ROLES)
def provider_upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect(reverse("web:compliance_provider"))
    provider = own_provider(request)
    got = uploaded(request)
    if isinstance(got, str):
        messages.error(request, got)
        return _page(request, provider, state=False, status=400)
    data, name = got
    try:
        upload_tor_sheet(
            actor=request.viewer.actor,  # type: ignore[attr-defined]
            provider_id=provider.pk,
            school_year=year_of(request),
            data=data,
            file_name=name,
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
        return _page(request, provider, state=False, problems=exc.problems, status=400)
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return _page(request, provider, state=False, status=400)
    messages.success(request, _("The spreadsheet is recorded and every line was checked."))
    return redirect(f"{reverse('web:compliance_provider')}?year={year_of(request)}")


@allow(STATE_ROLES)
def state_overview(request: HttpRequest) -> HttpResponse:
    """Every provider's TOR cycle: each step's date or overdue, misaligned lines, holds."""
    year = year_of(request)
    today = clock.today()
    views = all_cycles(year, as_of=today)
    context = {
        "views": views,
        "year": year,
        "overdue": sum(1 for v in views if v.overdue),
        "steps": views[0].steps if views else [],
    }
    return render(request, "web/compliance/state.html", context)


@allow(STATE_ROLES)
def state_provider(request: HttpRequest) -> HttpResponse:
    """One provider's cycle as the state sees it (``?provider=CODE``), with the state's steps."""
    if not request.GET.get("provider"):
        return redirect(reverse("web:compliance_state"))
    return _page(request, provider_by_code(request), state=True)


@allow(STATE_ACTING_ROLES)
def state_act(request: HttpRequest) -> HttpResponse:
    """Open the spreadsheet, complete the final review, or issue a Notice of Corrective Action."""
    if request.method != "POST":
        return redirect(reverse("web:compliance_state"))
    provider = provider_by_code(request)
    actor = request.viewer.actor  # type: ignore[attr-defined]
    year, today = year_of(request), clock.today()
    action = request.POST.get("action", "")
    try:
        if action == "open":
            open_cycle(actor=actor, provider_id=provider.pk, school_year=year, as_of=today)
            messages.success(request, _("The TOR spreadsheet is open for the provider."))
        elif action in ("final_review", "corrective_action"):
            view = cycle_view(provider, year, as_of=today)
            if view.cycle is None:
                raise _not_open()
            if action == "final_review":
                final_review(actor=actor, cycle_id=view.cycle.pk, as_of=today)
                messages.success(request, _("The final review is recorded."))
            else:
                due = _due(request.POST.get("due_on", ""))
                issue_corrective_action(
                    actor=actor,
                    cycle_id=view.cycle.pk,
                    conditions=request.POST.get("conditions", ""),
                    steps=request.POST.get("steps", ""),
                    due_on=due,
                    as_of=today,
                )
                messages.success(request, _("The Notice of Corrective Action is issued."))
        else:
            messages.error(request, _("Choose an action."))
    except DomainError as exc:
        messages.error(request, error_text(exc))
    url = reverse("web:compliance_state_provider")
    return redirect(f"{url}?provider={provider.code}&year={year}")


def _not_open() -> DomainError:
    from seats.domain.errors import Conflict

    return Conflict("The provider's TOR spreadsheet is not open yet.", field="cycle")


def _due(text: str) -> date | None:
    if not text.strip():
        return None
    day = parse_entered(text)
    if day is None:
        from seats.domain.errors import InvalidInput

        raise InvalidInput("The due date is not a date like 2026-11-15.", field="due_on")
    return day
