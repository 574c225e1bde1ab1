"""Preview, approve, post: the state's three steps of a monthly run on the web (SPEC 6).

``approve_run`` records what the preview showed; ``post_approved`` posts the month only if it
would post exactly that (``runs.post_run(expect=...)``, checked inside the posting transaction),
and keeps a ``RunProgress`` row, written in its own short transactions before and after the
posting, that the page polls while the run is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from seats.core.services.actors import Actor
from seats.core.services.policy import policy_for
from seats.domain.errors import DomainError, GuardFailed, InvalidInput, NotPermitted
from seats.domain.funding.months import Month, check_run

from ..models import PaymentRun, RunApproval, RunProgress
from .authority import check_state
from .runs import RunPlan, cutoff_for, last_posted_month, post_run, preview_run
from .schedule import schedule_for


@dataclass(frozen=True)
class MonthState:
    """Where a month stands: posted, closed, waiting for its cutoff, or open to post."""

    month: Month
    run_date: date | None
    posted: PaymentRun | None
    refusal: DomainError | None  # why it cannot be posted now (None: it can)

    @property
    def open(self) -> bool:
        return self.posted is None and self.refusal is None


def month_state(month: Month, *, now: datetime) -> MonthState:
    posted = PaymentRun.objects.filter(month=month.first_day()).first()
    schedule = schedule_for(month)
    try:
        run_date = schedule.run_date(month)
    except InvalidInput as refusal:
        return MonthState(month, None, posted, refusal)
    refusal: DomainError | None = None
    if posted is None:
        try:
            check_run(
                month=month,
                now=now,
                cutoff=cutoff_for(month),
                schedule=schedule,
                last_posted=last_posted_month(),
            )
        except DomainError as exc:
            refusal = exc
    return MonthState(month, run_date, posted, refusal)


def latest_approval(month: Month) -> RunApproval | None:
    return RunApproval.objects.filter(month=month.first_day()).first()


def approve_run(*, actor: Actor, month: str | Month, now: datetime | None = None) -> RunApproval:
    """Approve what the month's run would post now (state administrator)."""
    check_state(actor, what="approve a payment run", admin_only=True)
    now = now or timezone.now()
    month = month if isinstance(month, Month) else Month.parse(month)
    state = month_state(month, now=now)
    if state.posted is not None:
        raise GuardFailed(f"The {month} run is already posted; nothing to approve.", field="month")
    if state.refusal is not None:
        raise state.refusal
    plan: RunPlan = preview_run(actor=actor, month=month, now=now)
    approval = RunApproval(
        month=month.first_day(),
        entries=plan.entries,
        total=plan.total,
        approved_by=actor.user,
        approved_by_role=actor.role_name,
        approved_at=now,
    )
    approval.save()
    return approval


def post_approved(*, actor: Actor, month: str | Month, now: datetime | None = None) -> RunProgress:
    """Post the month as approved. Returns the progress row (posted, nothing or failed)."""
    check_state(actor, what="post a payment run", admin_only=True)
    month = month if isinstance(month, Month) else Month.parse(month)
    approval = latest_approval(month)
    if approval is None:
        raise GuardFailed(
            f"The {month} run is not approved yet: preview it and approve it first.",
            field="month",
            rule="SPEC 6: a run is previewed before it is posted",
        )
    check_two_people(actor=actor, approval=approval, month=month, now=now)
    with transaction.atomic():  # committed at once: another request can read it
        progress = RunProgress.objects.create(
            month=month.first_day(),
            approval=approval,
            step=f"Posting {approval.entries} entries totalling {approval.total}",
            started_by=actor.user,
            started_at=timezone.now(),
        )
    try:
        plan = post_run(
            actor=actor, month=month, now=now, expect=(approval.entries, approval.total)
        )
    except DomainError as exc:
        _finish(progress, RunProgress.State.FAILED, message=str(exc))
        raise
    except Exception:
        _finish(progress, RunProgress.State.FAILED, message="The run failed; nothing was posted.")
        raise
    if plan.already_posted:
        _finish(progress, RunProgress.State.NOTHING, message=f"The {month} run was already posted.")
    else:
        _finish(
            progress,
            RunProgress.State.POSTED,
            message=f"Posted {plan.entries} entries totalling {plan.total}.",
            entries=plan.entries,
            total=plan.total,
        )
    return progress


TWO_PEOPLE_RULE = "separation of duties: policy payment_run_people"


def check_two_people(
    *, actor: Actor, approval: RunApproval, month: Month, now: datetime | None = None
) -> None:
    """Refuse the posting by the state administrator who approved the run, unless the month's
    school year lets one person do both (``payment_run_people`` = 1, a dated setting). The
    system account (the console, the demo) is nobody's second pair of eyes and no one's first:
    the rule is between people."""
    policy = policy_for(month.school_year, as_of=(now or timezone.now()).date())
    if policy.payment_run_people < 2:
        return
    if actor.user is None or approval.approved_by_id is None:
        return
    if approval.approved_by_id == actor.user.pk:
        raise NotPermitted(
            f"You approved the {month} run, so another state administrator must post it: two "
            f"people for a payment run (payment_run_people = {policy.payment_run_people}, "
            f"{policy.source('payment_run_people')}). Nothing was posted.",
            rule=TWO_PEOPLE_RULE,
        )


def may_post(*, actor: Actor, approval: RunApproval | None, month: Month) -> str:
    """Why ``actor`` may not post the approved run (empty when they may): for the page."""
    if approval is None:
        return ""
    try:
        check_two_people(actor=actor, approval=approval, month=month)
    except NotPermitted as exc:
        return str(exc)
    return ""


def _finish(progress: RunProgress, state: str, *, message: str, **values: object) -> None:
    progress.state = state
    progress.message = message
    progress.finished_at = timezone.now()
    for name, value in values.items():
        setattr(progress, name, value)
    progress.save()
