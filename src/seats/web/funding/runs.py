"""The state's payment run page: preview a month (totals per provider and per LEA, every CCA held
back with its reason), approve it, post it (SPEC 6; seats.funding.services.approval).

Posting runs in the request. With JavaScript the form posts through htmx while the page polls
the run's progress record (``run_progress``, written outside the posting transaction) every
second; without it the browser waits for the answer and lands on the posted month. Either way
the service does the work and refuses a month it may not post, with the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from seats.core import clock
from seats.core.models import Organisation
from seats.domain.errors import Conflict, DomainError, InvalidInput
from seats.domain.funding.months import Month
from seats.domain.roles import STATE_ACTING_ROLES, Role
from seats.funding.models import PaymentRun, RunProgress
from seats.funding.services import approval as approvals
from seats.funding.services.runs import RunPlan, last_posted_month, preview_run

from ..htmx import is_htmx, render_part
from ..lifecycle import Lifecycle, Step
from ..permissions import allow
from .forms import MonthForm

HELD_SHOWN = 200
STEPS = ("Preview", "Approve", "Post", "Posted")


@dataclass(frozen=True)
class Total:
    name: str
    code: str
    amount: Decimal


def _steps(number: int) -> Lifecycle:
    steps = tuple(
        Step(label, "current" if n == number else "complete" if n < number else "")
        for n, label in enumerate(STEPS, start=1)
    )
    return Lifecycle(steps, number, len(STEPS), STEPS[number - 1])


def _totals(by_org: dict[int, Decimal], names: dict[int, tuple[str, str]]) -> list[Total]:
    rows = [Total(*names.get(k, (str(k), str(k))), v) for k, v in by_org.items()]
    return sorted(rows, key=lambda t: (-t.amount, t.name))


def _suggested() -> str:
    latest = last_posted_month()
    return str(latest.next() if latest else Month.of(clock.today()))


def _context(request: HttpRequest, month: Month | None) -> dict[str, object]:
    viewer = request.viewer  # type: ignore[attr-defined]
    context: dict[str, object] = {
        "runs": PaymentRun.objects.order_by("-month")[:24],
        "can_post": viewer.role is Role.STATE_ADMIN,
        "month": month,
    }
    if month is None:
        return context
    now = timezone.now()
    state = approvals.month_state(month, now=now)
    context["state"] = state
    context["progress"] = RunProgress.objects.filter(month=month.first_day()).first()
    if state.run_date is None:
        return context
    plan: RunPlan = preview_run(actor=viewer.actor, month=month, now=now)
    ids = set(plan.by_provider()) | set(plan.by_lea()) | {h.provider_id for h in plan.held}
    ids |= {h.lea_id for h in plan.held}
    names = {
        o["id"]: (o["name"], o["code"])
        for o in Organisation.objects.filter(pk__in=ids).values("id", "name", "code")
    }
    approval = approvals.latest_approval(month)
    matches = approval is not None and (approval.entries, approval.total) == (
        plan.entries,
        plan.total,
    )
    step = 4 if state.posted else 3 if matches else 2 if state.open else 1
    context.update(
        plan=plan,
        providers=_totals(plan.by_provider(), names),
        leas=_totals(plan.by_lea(), names),
        held=[
            {
                "cca_id": h.cca_id,
                "provider_name": names.get(h.provider_id, ("", ""))[0],
                "lea_name": names.get(h.lea_id, ("", ""))[0],
                "amount": h.amount,
                "reasons": h.reasons,
            }
            for h in plan.held[:HELD_SHOWN]
        ],
        held_more=max(0, len(plan.held) - HELD_SHOWN),
        held_total=sum((h.amount for h in plan.held), Decimal("0.00")),
        approval=approval,
        approval_matches=matches,
        post_refusal=approvals.may_post(actor=viewer.actor, approval=approval, month=month)
        if matches
        else "",
        steps=_steps(step),
    )
    return context


@allow(STATE_ACTING_ROLES)
@require_http_methods(["GET", "POST"])
def run_page(request: HttpRequest) -> HttpResponse:
    """GET: the runs posted and, with ``?month=``, that month's preview. POST ``action``
    ``approve`` or ``post`` (a state administrator)."""
    source = request.POST if request.method == "POST" else request.GET
    bound = request.method == "POST" or "month" in source
    form = MonthForm(source if bound else None, initial={"month": _suggested()})
    month = form.cleaned_data["month"] if bound and form.is_valid() else None
    error: DomainError | None = None
    if request.method == "POST" and month is not None:
        try:
            return _act(request, month)
        except DomainError as exc:
            error = exc
            if is_htmx(request):  # htmx swaps nothing on an error status: reload with it
                messages.error(request, f"{exc.message} ({exc.rule})" if exc.rule else exc.message)
                return _hx_redirect(month)
    status = 200
    if bound and month is None:
        status = 400
    elif error is not None:
        status = 409 if isinstance(error, Conflict) else 400
    context = {"form": form, "error": error, **_context(request, month)}
    return render(request, "web/funding/runs.html", context, status=status)


def _act(request: HttpRequest, month: Month) -> HttpResponse:
    viewer = request.viewer  # type: ignore[attr-defined]
    action = request.POST.get("action", "")
    if action == "approve":
        done = approvals.approve_run(actor=viewer.actor, month=month)
        messages.success(
            request,
            f"Approved: the {month} run posts {done.entries} entries totalling {done.total}. "
            "Post it when ready.",
        )
    elif action == "post":
        progress = approvals.post_approved(actor=viewer.actor, month=month)
        messages.success(request, progress.message)
    else:
        raise InvalidInput("Choose Approve or Post.", field="action")
    return _hx_redirect(month) if is_htmx(request) else redirect(_month_url(month))


def _month_url(month: Month) -> str:
    return f"{reverse('web:funding_runs')}?{urlencode({'month': str(month)})}"


def _hx_redirect(month: Month) -> HttpResponse:
    response = HttpResponse(status=204)
    response["HX-Redirect"] = _month_url(month)
    return response


@allow(STATE_ACTING_ROLES)
@require_http_methods(["GET"])
def run_progress(request: HttpRequest) -> HttpResponse:
    """The progress of the latest posting of ``?month=`` (polled by the run page)."""
    bound = "month" in request.GET
    form = MonthForm(request.GET if bound else None)
    month = form.cleaned_data["month"] if bound and form.is_valid() else None
    progress = (
        RunProgress.objects.filter(month=month.first_day()).first() if month is not None else None
    )
    context = {"progress": progress, "month": month, "form": form}
    return render_part(
        request,
        "web/funding/progress.html",
        "web/funding/_progress.html",
        context,
        status=400 if bound and month is None else 200,
    )
