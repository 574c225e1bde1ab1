"""The provider's pages (SPEC 1, 3.3, 5): its side of a CCA (decision, start date and teacher of
record, status moves with their documents, grade progress, at-risk, intent to withdraw,
corrections, transcript), the census worklist and the counselor contact list.

Each action view parses the form, calls ONE service as the person (``viewer.actor``) with the
version they saw, and redirects with a message; the rules refuse in their own words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from seats.core import clock
from seats.core.models import CCA, AccessAction, AccessPurpose, TeacherOfRecord
from seats.core.selectors.access import PROVIDER_ROLES, Viewer, ccas_visible_to
from seats.core.selectors.ccas import due_items, timeline
from seats.core.selectors.contacts import contacts_of, contacts_query
from seats.core.services import enrollment
from seats.core.services.actors import Actor
from seats.core.services.audit import log_access
from seats.core.services.guards import IN_COURSE, STARTABLE
from seats.core.services.lifecycle import move_status
from seats.core.services.offers import offered_moves_for, preview_move
from seats.core.services.policy import policy_for
from seats.core.services.requests import decide_as_provider
from seats.domain import dates
from seats.domain.citations import staff_citation
from seats.domain.errors import Conflict, DomainError, Ineligible, InvalidInput
from seats.domain.lifecycle import Move, is_dated
from seats.domain.offered_moves import closes_cca
from seats.domain.reasons import PROVIDER_REJECTION_REASONS, RejectionReason
from seats.domain.roles import Party
from seats.domain.statuses import PAID_THROUGH_CONFIRMED, TERMINAL, Status
from seats.domain.windows import has_second_half

from . import history, limits, search, turns
from .confirm import Confirmation, confirmed
from .labels import day_count
from .permissions import allow, visible_cca
from .provider_confirm import move_confirmation, move_modal, rejection_confirmation

WORKLIST_SIZES = (25, 50, 100)


# The CCA page: what the provider may do now ---------------------------------------------------


@dataclass(frozen=True)
class MoveChoice:
    """One status the provider may move to, and which fields that move asks for."""

    value: str
    label: str
    needs_document: bool
    needs_grade: bool
    needs_date: bool = False  # a withdrawal or exit date (dated closeouts)
    closes: bool = False  # a closeout: the person confirms it (only the state can undo it)


@dataclass(frozen=True)
class WithheldChoice:
    """A status of the lifecycle table the form does not offer now, and why."""

    label: str
    reasons: tuple[str, ...]


@dataclass
class ProviderActions:
    version: int
    can_decide: bool = False
    registration_complete: bool = False
    reasons: list[RejectionReason] = field(default_factory=list)
    can_set_start: bool = False
    start_date: date | None = None
    can_set_second_half: bool = False
    second_half_start: date | None = None
    second_half_entered: bool = False
    can_set_teacher: bool = False
    teachers: list[TeacherOfRecord] = field(default_factory=list)
    moves: list[MoveChoice] = field(default_factory=list)
    withheld: list[WithheldChoice] = field(default_factory=list)
    move_confirmation: Confirmation | None = None  # the modal of a closing move (with JS)
    can_progress: bool = False
    at_risk: bool = False
    can_send_intent: bool = False
    intent_pending: bool = False
    can_request_correction: bool = False
    can_issue_transcript: bool = False
    # The numbers the help texts quote, from the CCA's school-year policy (the state may change
    # them), never written into the template.
    withdrawal_period: str = ""
    correction_request_days: int = 0

    @property
    def any_document(self) -> bool:
        return any(m.needs_document for m in self.moves)

    @property
    def any_grade(self) -> bool:
        return any(m.needs_grade for m in self.moves)

    @property
    def any_date(self) -> bool:
        return any(m.needs_date for m in self.moves)


def _choice(move: Move) -> MoveChoice:
    names = [g.name for g in move.guards]
    return MoveChoice(
        value=move.target.value,
        label=move.target.label,
        needs_document=any(n.startswith("document:") for n in names),
        needs_grade=any(n.startswith("final_grade:") for n in names),
        needs_date=is_dated(move),
        closes=closes_cca(move.target),
    )


#: The provider rejects in its own form (accept or reject), not among the status moves.
_ELSEWHERE = frozenset({"reject_by_provider"})


def _moves(cca: CCA) -> tuple[list[MoveChoice], list[WithheldChoice]]:
    """The status moves the rules allow now (the same guards as the service) and the others."""
    offer = offered_moves_for(cca, party=Party.PROVIDER, exclude=_ELSEWHERE)
    withheld = [WithheldChoice(w.move.target.label, w.reasons) for w in offer.withheld]
    return [_choice(o.move) for o in offer.offered], withheld


def provider_actions(viewer: Viewer | None, cca: CCA) -> ProviderActions | None:
    """The provider forms that apply to this CCA now; None for anyone but its provider's staff
    (auditors included), so other people never see them."""
    if viewer is None or viewer.read_only or viewer.role not in PROVIDER_ROLES:
        return None
    if viewer.organisation.pk != cca.provider_id:
        return None
    status = Status(cca.status)
    pending = status is Status.PENDING_EXECUTION
    accepted = cca.provider_decision == "approved"
    moves, withheld = _moves(cca)
    policy = policy_for(cca.school_year)
    return ProviderActions(
        version=cca.version,
        can_decide=pending and not cca.provider_decision,
        registration_complete=cca.local_registration_complete,
        reasons=list(PROVIDER_REJECTION_REASONS.values()),
        can_set_start=cca.course_start_date is None and accepted and status in STARTABLE,
        start_date=cca.course_start_date,
        can_set_second_half=has_second_half(cca.credit_attempted)
        and status in IN_COURSE
        and cca.course_start_date is not None
        and (cca.second_half_start is None or cca.second_half_start > clock.today()),
        second_half_start=cca.second_half_start,
        second_half_entered=cca.second_half_start_entered,
        can_set_teacher=accepted and status in STARTABLE | IN_COURSE,
        teachers=list(
            TeacherOfRecord.objects.filter(provider_id=cca.provider_id).order_by(
                "last_name", "first_name", "pk"
            )
        ),
        moves=moves,
        withheld=withheld,
        move_confirmation=move_modal(cca) if any(m.closes for m in moves) else None,
        can_progress=status in IN_COURSE,
        at_risk=cca.at_risk,
        can_send_intent=status in {Status.CONFIRMED, Status.ANTICIPATED_LATE_PASS}
        and cca.intent_to_withdraw_sent_on is None,
        intent_pending=cca.intent_to_withdraw_sent_on is not None,
        can_request_correction=status is Status.NOT_CONFIRMED_CLOSED
        and cca.correction_requested_on is None,
        can_issue_transcript=status in TERMINAL & PAID_THROUGH_CONFIRMED
        and cca.transcript_issued_on is None,
        withdrawal_period=day_count(policy.withdrawal_period_days, policy.withdrawal_period_unit),
        correction_request_days=policy.correction_request_days,
    )


@allow(PROVIDER_ROLES)
def provider_cca(request: HttpRequest, pk: int) -> HttpResponse:
    """The CCA page with the provider's forms filled in for what it may do now."""
    viewer = request.viewer  # type: ignore[attr-defined]
    cca = visible_cca(viewer, pk)
    log_access(
        viewer,
        action=AccessAction.VIEW,
        what=f"CCA {cca.pk}",
        cca=cca,
        purpose=AccessPurpose.PROVIDER_WORK,
    )
    today = clock.today()
    entries = timeline(cca, reader=viewer.role)
    history.prepare(entries, cca, family=False)
    context = {
        "cca": cca,
        "due": due_items(cca, today),
        "history": entries,
        "turn": turns.turn_for(viewer, cca),
        "today": today,
        "provider_actions": provider_actions(viewer, cca),
        "field_error": limits.from_last_page(request),
    }
    return render(request, "web/cca_detail.html", context)


# Parsing the forms ------------------------------------------------------------------------------


def _date(post: QueryDict, name: str, label: str, *, required: bool = True) -> date | None:
    raw = post.get(name, "").strip()
    if not raw:
        if required:
            raise InvalidInput(f"Enter the {label} (MM/DD/YYYY).", field=name)
        return None
    day = dates.parse_entered(raw)
    if day is None:
        raise InvalidInput(f"{raw[:40]!r} is not a date; use MM/DD/YYYY.", field=name)
    return dates.checked(day, name)


def _int(post: QueryDict, name: str, label: str) -> int:
    try:
        return int(post.get(name, ""))
    except ValueError:
        raise InvalidInput(f"Choose the {label}.", field=name) from None


Handler = Callable[[Actor, int, int, QueryDict], str]


def _decide(actor: Actor, pk: int, version: int, post: QueryDict) -> str:
    accept = post.get("decision") == "accept"
    decide_as_provider(
        actor=actor,
        cca_id=pk,
        expected_version=version,
        accept=accept,
        reason_code=post.get("reason_code", ""),
    )
    return _("You accepted the request.") if accept else _("You rejected the request.")


def _course_start(actor: Actor, pk: int, version: int, post: QueryDict) -> str:
    start = _date(post, "course_start_date", "course start date")
    assert start is not None
    enrollment.set_course_start(actor=actor, cca_id=pk, expected_version=version, start=start)
    return _("The course start date is set to %(day)s.") % {"day": start.isoformat()}


def _second_half(actor: Actor, pk: int, version: int, post: QueryDict) -> str:
    start = _date(post, "second_half_start", "start of the second 0.5 credit")
    assert start is not None
    enrollment.set_second_half_start(actor=actor, cca_id=pk, expected_version=version, start=start)
    return _("The second 0.5 credit starts on %(day)s.") % {"day": start.isoformat()}


def _teacher(actor: Actor, pk: int, version: int, post: QueryDict) -> str:
    teacher_id = _int(post, "teacher_of_record", "teacher of record")
    enrollment.set_teacher_of_record(
        actor=actor, cca_id=pk, expected_version=version, teacher_id=teacher_id
    )
    return _("The teacher of record is set.")


def _move_request(post: QueryDict) -> dict[str, Any]:
    to = post.get("to", "")
    if not to:
        raise InvalidInput(_("Choose the new status."), field="to")
    return dict(
        to=to,
        reason=post.get("reason", "").strip(),
        document_ref=post.get("document_ref", "").strip(),
        final_grade=post.get("final_grade", ""),
        completion_date=_date(post, "completion_date", "completion date", required=False),
        withdrawal_date=_date(post, "withdrawal_date", "withdrawal date", required=False),
    )


def _move(actor: Actor, pk: int, version: int, post: QueryDict) -> str:
    cca = move_status(actor=actor, cca_id=pk, expected_version=version, **_move_request(post))
    return _("The CCA is now %(status)s.") % {"status": Status(cca.status).label}


def _confirm(request: HttpRequest, cca: CCA) -> HttpResponse | None:
    """A closing action not yet confirmed (a closeout move, the provider's rejection): check
    it, changing nothing, and ask; None to go ahead (the service then decides)."""
    post = request.POST
    if confirmed(post):
        return None
    if post.get("action") == "decide" and post.get("decision") == "reject":
        reason = PROVIDER_REJECTION_REASONS.get(post.get("reason_code", ""))
        open_now = cca.status == Status.PENDING_EXECUTION and not cca.provider_decision
        return rejection_confirmation(request, cca, reason.label) if reason and open_now else None
    if post.get("action") != "move":
        return None
    version = _int(post, "version", "version")
    actor = request.viewer.actor  # type: ignore[attr-defined]
    move = preview_move(actor=actor, cca_id=cca.pk, expected_version=version, **_move_request(post))
    return move_confirmation(request, cca, move) if closes_cca(move.target) else None


def _progress(actor: Actor, pk: int, version: int, post: QueryDict) -> str:
    enrollment.record_progress(
        actor=actor,
        cca_id=pk,
        expected_version=version,
        percent=post.get("percent", "").strip() or None,
        letter=post.get("letter", ""),
        last_activity=_date(post, "last_activity", "last activity date", required=False),
    )
    return _("Grade progress recorded.")


def _at_risk(actor: Actor, pk: int, version: int, post: QueryDict) -> str:
    flag = post.get("flag") == "set"
    enrollment.set_at_risk(
        actor=actor,
        cca_id=pk,
        expected_version=version,
        at_risk=flag,
        reason=post.get("reason", "").strip(),
    )
    return _("The student is flagged at risk.") if flag else _("The at-risk flag is cleared.")


def _intent(actor: Actor, pk: int, version: int, post: QueryDict) -> str:
    enrollment.send_intent_to_withdraw(
        actor=actor, cca_id=pk, expected_version=version, reason=post.get("reason", "").strip()
    )
    return _("The notice of intent to withdraw is recorded.")


def _reinstatement(actor: Actor, pk: int, version: int, post: QueryDict) -> str:
    enrollment.record_reinstatement_request(
        actor=actor, cca_id=pk, expected_version=version, reason=post.get("reason", "").strip()
    )
    return _("The reinstatement request is recorded; the pending withdrawal is withdrawn.")


def _correction(actor: Actor, pk: int, version: int, post: QueryDict) -> str:
    enrollment.request_correction(
        actor=actor, cca_id=pk, expected_version=version, reason=post.get("reason", "")
    )
    return _("The state is asked to correct the Not Confirmed Closed.")


def _transcript(actor: Actor, pk: int, version: int, post: QueryDict) -> str:
    issued = _date(post, "issued_on", "date the transcript was issued")
    enrollment.issue_transcript(actor=actor, cca_id=pk, expected_version=version, issued_on=issued)
    return _("The transcript is recorded as issued.")


HANDLERS: dict[str, Handler] = {
    "decide": _decide,
    "course_start": _course_start,
    "second_half": _second_half,
    "teacher": _teacher,
    "move": _move,
    "progress": _progress,
    "at_risk": _at_risk,
    "intent": _intent,
    "reinstatement": _reinstatement,
    "correction": _correction,
    "transcript": _transcript,
}


def error_text(error: DomainError) -> str:
    """What a person reads when the rules refuse: the problem and the rule it comes from."""
    if isinstance(error, Conflict):
        return _(
            "Someone else changed this CCA after you opened it. Reload the page, check what "
            "changed, and try again."
        )
    text = error.message
    if isinstance(error, Ineligible):
        text = " ".join(str(r) for r in error.reasons)
    rule = staff_citation(error.rule)  # the public sources and rule numbers, never SPEC
    return _("%(message)s (Rule: %(rule)s)") % {"message": text, "rule": rule} if rule else text


@allow(PROVIDER_ROLES)
def provider_act(request: HttpRequest, pk: int) -> HttpResponse:
    """One provider action on a CCA (POST); a GET just shows the CCA."""
    viewer = request.viewer  # type: ignore[attr-defined]
    cca = visible_cca(viewer, pk)
    if request.method == "POST":
        handler = HANDLERS.get(request.POST.get("action", ""))
        if handler is None:
            raise Http404
        try:
            limits.check_text(request.POST)
            asked = _confirm(request, cca)
            if asked is not None:
                return asked
            version = _int(request.POST, "version", "version")
            messages.success(request, handler(viewer.actor, cca.pk, version, request.POST))
        except DomainError as error:
            messages.error(request, error_text(error))
            limits.keep_for_next_page(request, request.POST.get("action", ""), error)
    return redirect("web:provider_cca", pk=cca.pk)


# Worklists ---------------------------------------------------------------------------------------


def _page(request: HttpRequest, rows: QuerySet[CCA]) -> tuple[Page[Any], int]:
    raw = request.GET.get("per", "")
    per_page = int(raw) if raw.isdigit() and int(raw) in WORKLIST_SIZES else WORKLIST_SIZES[0]
    return Paginator(rows, per_page).get_page(request.GET.get("page")), per_page


@allow(PROVIDER_ROLES)
def census(request: HttpRequest) -> HttpResponse:
    """Who must be Confirmed or Not Confirmed Closed, by when: Enrollment Complete CCAs in the
    order their confirmation falls due (those without a start date, hence no census, last)."""
    viewer = request.viewer  # type: ignore[attr-defined]
    rows = (
        ccas_visible_to(viewer)
        .filter(status=Status.ENROLLMENT_COMPLETE.value)
        .select_related("student", "offering")
        .order_by(F("confirmation_due").asc(nulls_last=True), "pk")
    )
    page, per_page = _page(request, rows)
    log_access(
        viewer,
        action=AccessAction.LIST,
        what="Census worklist",
        rows=len(page),
        purpose=AccessPurpose.CENSUS,
    )
    context = {
        "page": page,
        "per_page": per_page,
        "page_sizes": WORKLIST_SIZES,
        "today": clock.today(),
    }
    return render(request, "web/provider/census.html", context)


#: The contact list's plain parameters, and its search (kept out of addresses: seats.web.search).
CONTACTS_PUBLIC = ("per",)
CONTACTS_PRIVATE = ("q",)


def contacts_search(request: HttpRequest) -> str:
    """The contact list's search text, from the kept search the address names."""
    return search.params(request, "contacts", CONTACTS_PRIVATE).get("q", "")


@allow(PROVIDER_ROLES)
@require_http_methods(["GET", "POST"])
def contacts(request: HttpRequest) -> HttpResponse:
    """Whom to call about each active student: the CCA's counselor, else the counselors of the
    student's primary school, with their work phones and the school's own phone and email (one
    prefetch, no per-row queries). The search is POSTed and kept in the session."""
    base, kept = reverse("web:contacts"), {"public": CONTACTS_PUBLIC, "private": CONTACTS_PRIVATE}
    if request.method == "POST":
        return redirect(search.address(request, base, "contacts", **kept))
    legacy = search.legacy_redirect(request, base, "contacts", **kept)
    if legacy is not None:
        return legacy
    viewer = request.viewer  # type: ignore[attr-defined]
    text = contacts_search(request)
    page, per_page = _page(request, contacts_query(viewer, text))
    rows = [(cca, contacts_of(cca)) for cca in page.object_list]
    log_access(
        viewer,
        action=AccessAction.LIST,
        what="Counselor contacts",
        rows=len(page),
        purpose=AccessPurpose.CONTACT,
    )
    key = request.GET.get(search.SEARCH, "") if text else ""
    keep = urlencode({"per": per_page} | ({search.SEARCH: key} if key else {}))
    context = {
        "page": page,
        "rows": rows,
        "per_page": per_page,
        "page_sizes": WORKLIST_SIZES,
        "search_text": text,
        "keep": keep,
        "export_query": urlencode({search.SEARCH: key}) if key else "",
    }
    return render(request, "web/provider/contacts.html", context)
