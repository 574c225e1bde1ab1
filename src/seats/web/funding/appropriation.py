"""The home and private school appropriation page (R277-726-9): the year's balance, what is
obligated to which CCA, and (a state administrator) the year's amount."""

from __future__ import annotations

from contextlib import suppress

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from seats.core import clock
from seats.core.services.policy import policy_for
from seats.domain.errors import DomainError
from seats.domain.funding import appropriation as rules
from seats.domain.roles import STATE_ROLES, Role
from seats.funding.models import AppropriationChange
from seats.funding.services.appropriation import balance_for, set_appropriation

from ..permissions import allow
from .forms import AppropriationForm

SHOWN = 500


def school_year_of(day) -> int:
    return day.year if day.month >= 7 else day.year - 1


@allow(STATE_ROLES)
@require_http_methods(["GET", "POST"])
def appropriation_page(request: HttpRequest) -> HttpResponse:
    viewer = request.viewer  # type: ignore[attr-defined]
    today = clock.today()
    year = school_year_of(today)
    with suppress(ValueError):
        year = int(request.GET.get("year") or request.POST.get("year") or year)
    form = AppropriationForm(request.POST or None, initial={"year": year})
    error: DomainError | None = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                set_appropriation(
                    actor=viewer.actor,
                    school_year=data["year"],
                    amount=data["amount"],
                    home_share_percent=data["home_share_percent"],
                    obligated_elsewhere=data["obligated_elsewhere"],
                    note=data["note"],
                )
            except DomainError as exc:
                error = exc
                if exc.field in form.fields:
                    form.add_error(exc.field, exc.message)
            else:
                messages.success(request, f"The {data['year']} appropriation is recorded.")
                return redirect(f"{reverse('web:funding_appropriation')}?year={data['year']}")
        status = 400
    found = balance_for(year, day=today)
    policy = policy_for(year, as_of=today)
    rows = []
    if found is not None:
        for o in found[1][:SHOWN]:
            rows.append(
                {
                    "cca_id": o.cca_id,
                    "amount": o.amount,
                    "paid": o.paid,
                    "outstanding": rules.outstanding(o, policy),
                    "released": rules.released(o, policy),
                    "status": o.status.value,
                }
            )
    context = {
        "form": form,
        "error": error,
        "year": year,
        "balance": found[0] if found else None,
        "obligations": rows,
        "more": max(0, len(found[1]) - SHOWN) if found else 0,
        "changes": AppropriationChange.objects.filter(school_year=year).order_by("-id")[:20],
        "can_set": viewer.role is Role.STATE_ADMIN,
        "release_on": rules.release_day(year, policy),
    }
    return render(request, "web/funding/appropriation.html", context, status=status)
