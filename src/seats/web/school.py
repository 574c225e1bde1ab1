"""The school side of a CCA on the web: the counselor's review, the LEA's decision and
cancellation, the state's rejections and corrections, TranscriptDue and IEP/504 forwarding
(SPEC 3.3, 3.4), and the queue's extras for LEA approvers and counselors (default filter, time
left in the LEA window, bulk approval).

Each action is one POST form carrying the version the person saw; the view parses it, calls ONE
service, and redirects. A refusal re-renders the action's own page with the rule that refused it,
so the person sees why without losing the CCA in front of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from seats.core import clock
from seats.core.models import CCA, AccessAction, AccessPurpose
from seats.core.selectors.access import Viewer
from seats.core.services import corrections, enrollment, requests
from seats.core.services.actors import Actor
from seats.core.services.audit import log_access
from seats.core.services.authority import decides_for_lea
from seats.core.services.calendars import business_calendar
from seats.core.services.eligibility import Approvals
from seats.domain import dates
from seats.domain.calendars import BusinessCalendar
from seats.domain.errors import Conflict, DomainError, InvalidInput
from seats.domain.lifecycle import NoeBasis
from seats.domain.reasons import LEA_REJECTION_REASONS, STATE_REJECTION_REASONS
from seats.domain.roles import LEA_ROLES, SCHOOL_ROLES, STATE_ACTING_ROLES, Role
from seats.domain.statuses import Status

from . import limits
from .permissions import allow, visible_cca
from .school_confirm import (
    CLOSING_ACTIONS,
    bulk_modal,
    modal,
    school_confirmation,
)

SCHOOL, LEA, STATE = SCHOOL_ROLES, LEA_ROLES, STATE_ACTING_ROLES
#: Who may open the LEA decision pages; the service decides whether a counselor is the LEA's
#: designee (Organisation.counselors_decide) and the state decides only for home school.
LEA_DECIDERS = LEA | STATE | {Role.COUNSELOR}
#: Roles whose queue opens on Pending Execution: their work is deciding pending requests.
DEFAULT_PENDING_ROLES = frozenset({Role.LEA_APPROVER, Role.COUNSELOR})
#: The action pages that show the counselor's SEOP/PCCR review (answer, note, who and when).
REVIEW_SHOWN = frozenset({"review", "lea_approve", "lea_reject", "state_reject"})
_WITHDRAWN = {Status.ADMINISTRATIVE_WITHDRAWAL, Status.ADMINISTRATIVE_WITHDRAWAL_QUARTER}
_IEP_STATUSES = {
    Status.PENDING_EXECUTION,
    Status.ENROLLMENT_COMPLETE,
    Status.CONFIRMED,
    Status.ANTICIPATED_LATE_PASS,
}


# What a viewer may do on a CCA now. actions/school.html mirrors these conditions in template
# tags (it is included by a page this module does not render); tests/web/test_school_actions.py
# proves the two agree.


def available_actions(viewer: Viewer, cca: CCA, today: date) -> frozenset[str]:
    if viewer.read_only:
        return frozenset()
    role, status = viewer.role, Status(cca.status)
    pending = status is Status.PENDING_EXECUTION
    as_lea = role in LEA or (role in STATE and cca.primary_lea.is_home)
    # A designated counselor decides for the LEA; cancelling a notice stays the LEA's own.
    decides = as_lea or decides_for_lea(viewer.actor, cca)
    found: set[str] = set()
    if role in SCHOOL and pending:
        found.add("review")
    if decides and pending and not cca.lea_decision:
        found |= {"lea_approve", "lea_reject"}
    if as_lea and _cancellable(cca, today):
        found.add("lea_cancel")
    if role in STATE:
        found |= _state_actions(cca, today)
    if role in SCHOOL and cca.student.grade == 12:
        found.add("transcript_due")
    if (role in SCHOOL or role in LEA) and _iep_forwardable(cca):
        found.add("forward_iep")
    return frozenset(found)


def _cancellable(cca: CCA, today: date) -> bool:
    return (
        cca.status == Status.ENROLLMENT_COMPLETE
        and cca.noe_basis == NoeBasis.LEA_WINDOW_EXPIRED
        and cca.lea_cancellation_due is not None
        and today <= cca.lea_cancellation_due
    )


def _state_actions(cca: CCA, today: date) -> set[str]:
    status, found = Status(cca.status), set()
    if status is Status.PENDING_EXECUTION:
        found.add("state_reject")
        window_passed = cca.lea_decision_due is not None and cca.lea_decision_due < today
        if cca.provider_decision == "approved" and window_passed:
            found.add("issue_notice")
    if (
        status is Status.NOT_CONFIRMED_CLOSED
        and cca.correction_requested_on
        and not cca.correction_denied_on
    ):
        found |= {"correct", "deny_correction"}
    if status in _WITHDRAWN:
        found.add("reactivate")
    return found


def _iep_forwardable(cca: CCA) -> bool:
    return (
        (cca.student.has_iep or cca.student.has_504)
        and cca.provider_decision == "approved"
        and Status(cca.status) in _IEP_STATUSES
        and cca.iep_forwarded_on is None
    )


# Parsing a form -------------------------------------------------------------------------------


def _version(post: QueryDict) -> int:
    value = post.get("version", "")
    if not value.isdigit():
        raise InvalidInput(
            _("The form lost the record's version; reload the page."), field="version"
        )
    return int(value)


def _reason(post: QueryDict, what: str) -> str:
    reason = post.get("reason", "").strip()
    if not reason:
        raise InvalidInput(what, field="reason")
    return reason


def _checked(post: QueryDict, name: str) -> bool:
    return post.get(name) == "yes"


def _day(post: QueryDict, name: str) -> date:
    day = dates.parse_entered(post.get(name, ""))
    if day is None:
        raise InvalidInput(_("Give the date as MM/DD/YYYY."), field=name)
    return dates.checked(day, name)  # type: ignore[return-value]


# The actions: each parses its form and calls one service --------------------------------------

Run = Callable[[Actor, CCA, QueryDict], str]


def _review(actor: Actor, cca: CCA, post: QueryDict) -> str:
    answer = post.get("seop_consistent", "")
    if answer not in {"yes", "no"}:
        raise InvalidInput(_("Answer whether the course fits the SEOP/PCCR."), field="seop")
    approvals = Approvals(
        credit_limit_agreed=_checked(post, "credit_limit_agreed"),
        health_approval=_checked(post, "health_approval"),
        grade_replacement_approved=_checked(post, "grade_replacement_approved"),
    )
    requests.review_as_counselor(
        actor=actor,
        cca_id=cca.pk,
        expected_version=_version(post),
        seop_consistent=answer == "yes",
        note=post.get("note", "").strip(),
        approvals=approvals,
    )
    return _("Your review is saved.")


def _lea_approve(actor: Actor, cca: CCA, post: QueryDict) -> str:
    requests.decide_as_lea(
        actor=actor,
        cca_id=cca.pk,
        expected_version=_version(post),
        approve=True,
        accept_financial_responsibility=_checked(post, "accept_financial_responsibility"),
    )
    return _("Approved; the LEA accepts financial responsibility for this CCA.")


def _lea_reject(actor: Actor, cca: CCA, post: QueryDict) -> str:
    requests.decide_as_lea(
        actor=actor,
        cca_id=cca.pk,
        expected_version=_version(post),
        approve=False,
        reason_code=post.get("reason", ""),
    )
    return _("Rejected; the family receives a Notice of Rejection citing the reason.")


def _lea_cancel(actor: Actor, cca: CCA, post: QueryDict) -> str:
    requests.cancel_as_lea(
        actor=actor, cca_id=cca.pk, expected_version=_version(post), reason=post.get("reason", "")
    )
    return _("The Notice of Enrollment is cancelled.")


def _state_reject(actor: Actor, cca: CCA, post: QueryDict) -> str:
    requests.reject_as_state(
        actor=actor,
        cca_id=cca.pk,
        expected_version=_version(post),
        reason_code=post.get("reason", ""),
    )
    return _("Rejected by the state.")


def _issue_notice(actor: Actor, cca: CCA, post: QueryDict) -> str:
    requests.issue_notice_of_enrollment(actor=actor, cca_id=cca.pk, expected_version=_version(post))
    return _("The Notice of Enrollment is issued.")


def _correct(actor: Actor, cca: CCA, post: QueryDict) -> str:
    reason = _reason(post, _("Say why the Not Confirmed Closed was a mistake."))
    corrections.grant_correction(
        actor=actor, cca_id=cca.pk, expected_version=_version(post), reason=reason
    )
    return _("Corrected to Confirmed.")


def _deny_correction(actor: Actor, cca: CCA, post: QueryDict) -> str:
    reason = _reason(post, _("Say why the state denies the correction."))
    corrections.deny_correction(
        actor=actor, cca_id=cca.pk, expected_version=_version(post), reason=reason
    )
    return _("The correction is denied: Not Confirmed Closed stays.")


def _reactivate(actor: Actor, cca: CCA, post: QueryDict) -> str:
    reason = _reason(post, _("Say why the Administrative Withdrawal is reactivated."))
    enrollment.reactivate(
        actor=actor, cca_id=cca.pk, expected_version=_version(post), reason=reason
    )
    return _("Reactivated to Confirmed.")


def _transcript_due(actor: Actor, cca: CCA, post: QueryDict) -> str:
    due = _day(post, "due")
    enrollment.set_transcript_due(
        actor=actor, cca_id=cca.pk, expected_version=_version(post), due=due
    )
    return _("TranscriptDue is set to %(due)s.") % {"due": due.isoformat()}


def _forward_iep(actor: Actor, cca: CCA, post: QueryDict) -> str:
    enrollment.forward_iep(actor=actor, cca_id=cca.pk, expected_version=_version(post))
    return _("Recorded: the IEP / 504 plan was forwarded to the provider.")


@dataclass(frozen=True)
class Action:
    name: str
    title: str
    roles: frozenset[Role]
    run: Run


ACTIONS = {
    a.name: a
    for a in (
        Action("review", "Counselor review", SCHOOL, _review),
        Action("lea_approve", "Approve as the LEA", LEA_DECIDERS, _lea_approve),
        Action("lea_reject", "Reject as the LEA", LEA_DECIDERS, _lea_reject),
        Action("lea_cancel", "Cancel the Notice of Enrollment", LEA | STATE, _lea_cancel),
        Action("state_reject", "Reject as the state", STATE, _state_reject),
        Action("issue_notice", "Issue the Notice of Enrollment", STATE, _issue_notice),
        Action("correct", "Correct a mistaken Not Confirmed Closed", STATE, _correct),
        Action("deny_correction", "Deny the correction request", STATE, _deny_correction),
        Action("reactivate", "Reactivate an Administrative Withdrawal", STATE, _reactivate),
        Action("transcript_due", "Set TranscriptDue", SCHOOL, _transcript_due),
        Action("forward_iep", "Mark the IEP / 504 plan forwarded", SCHOOL | LEA, _forward_iep),
    )
}


def _page(
    request: HttpRequest, action: Action, cca: CCA, error: DomainError | None = None
) -> HttpResponse:
    status = 200 if error is None else 409 if isinstance(error, Conflict) else 400
    context = {
        "action": action,
        "cca": cca,
        "error": error,
        "conflict": isinstance(error, Conflict),
        "reasons": getattr(error, "reasons", ()),
        "lea_reasons": LEA_REJECTION_REASONS.values(),
        "state_reasons": STATE_REJECTION_REASONS.values(),
        "today": clock.today(),
        "chosen": request.POST.get("reason", ""),
        "field_error": limits.field_error(action.name, error) if error else None,
        "entered": request.POST,
        "show_review": action.name in REVIEW_SHOWN,
        "confirm_modal": _modal(request, action, cca),
    }
    return render(request, "web/school/action.html", context, status=status)


def _modal(request: HttpRequest, action: Action, cca: CCA) -> object | None:
    """The modal a closing action's form opens with JavaScript (components/confirm.html)."""
    if action.name not in CLOSING_ACTIONS:
        return None
    return modal(action.name, cca)


def action_view(action: Action) -> Callable[..., HttpResponse]:
    """One view per action: GET shows its form alone, POST runs it."""

    @allow(action.roles)
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        viewer: Viewer = request.viewer  # type: ignore[attr-defined]
        cca = visible_cca(viewer, pk)
        if request.method == "GET":
            if action.name in available_actions(viewer, cca, clock.today()):
                log_access(
                    viewer,
                    action=AccessAction.VIEW,
                    what=f"CCA {cca.pk} ({action.name})",
                    cca=cca,
                    purpose=AccessPurpose.DECIDE,
                )
                return _page(request, action, cca)
            messages.info(request, _("That action is not open for this CCA now."))
            return redirect("web:cca", pk=cca.pk)
        try:
            limits.check_text(request.POST)
            open_now = action.name in available_actions(viewer, cca, clock.today())
            asked = school_confirmation(request, action.name, cca, open_now=open_now)
            if asked is not None:
                return asked
            done = action.run(viewer.actor, cca, request.POST)
        except DomainError as error:
            return _page(request, action, visible_cca(viewer, pk), error)
        messages.success(request, done)
        return redirect("web:cca", pk=cca.pk)

    view.__name__ = f"school_{action.name}"
    return view


# The queue ------------------------------------------------------------------------------------


def queue_params(viewer: Viewer, params: QueryDict) -> QueryDict:
    """The queue's query string with Pending Execution as the default status for the roles that
    decide pending requests; an explicit choice (also "All statuses", an empty value) wins."""
    if viewer.role not in DEFAULT_PENDING_ROLES or "status" in params:
        return params
    params = params.copy()
    params["status"] = Status.PENDING_EXECUTION.value
    return params


@dataclass(frozen=True)
class TimeLeft:
    business_days: int  # left until the LEA decision is due; negative once it is overdue
    label: str

    @property
    def overdue(self) -> bool:
        return self.business_days < 0


def time_left(cca: CCA, today: date, calendar: BusinessCalendar) -> TimeLeft | None:
    """Business days left in the LEA's decision window, for a request still waiting on it."""
    due = cca.lea_decision_due
    if cca.status != Status.PENDING_EXECUTION or cca.lea_decision or due is None:
        return None
    if due < today:
        late = calendar.business_days_between(due, today)
        text = ngettext("overdue by %(n)d business day", "overdue by %(n)d business days", late)
        return TimeLeft(-max(late, 1), text % {"n": late} if late else _("overdue"))
    left = calendar.business_days_between(today, due)
    if left == 0:
        return TimeLeft(0, _("due today"))
    text = ngettext("%(n)d business day left", "%(n)d business days left", left)
    return TimeLeft(left, text % {"n": left})


def annotate_time_left(rows: Iterable[CCA], today: date) -> None:
    """Attach ``time_left`` to each row shown (the calendar is read once for the page, so the
    query count does not grow with the rows); the queue template reads ``c.time_left``."""
    calendar = None
    for row in rows:
        if row.status == Status.PENDING_EXECUTION and calendar is None:
            calendar = business_calendar()
        left = time_left(row, today, calendar) if calendar is not None else None
        row.time_left = left  # type: ignore[attr-defined]


def queue_extras(
    viewer: Viewer, rows: Iterable[CCA], today: date | None = None
) -> dict[str, object]:
    """What the queue page adds for the school side: the time left on each pending row (for the
    roles that watch the LEA window) and whether the bulk approval form is offered."""
    watches = watches_lea_window(viewer)
    if watches:
        annotate_time_left(rows, today or clock.today())
    bulk = _approves_in_bulk(viewer)
    lea = viewer.organisation if viewer.role in LEA else viewer.organisation.parent
    return {
        "time_left_column": watches,
        "bulk_approve": bulk,
        "bulk_needs_review": bulk and lea is not None and lea.bulk_approval_needs_review,
        "bulk_modal": bulk_modal() if bulk else None,
    }


def watches_lea_window(viewer: Viewer) -> bool:
    """The roles whose queue (and its export) shows the time left in the LEA's window."""
    return viewer.role in SCHOOL | LEA | STATE


def _approves_in_bulk(viewer: Viewer) -> bool:
    """LEA approvers, and the counselors of an LEA that designated its counselors."""
    if viewer.role in LEA:
        return True
    lea = viewer.organisation.parent
    return viewer.role is Role.COUNSELOR and lea is not None and lea.counselors_decide
