"""Status moves of a CCA: the one path by which a status changes.

``move_status`` locks the row, refuses a stale version, asks the lifecycle table (domain) whether
this party may make this move now, applies the move's effects on the record, recomputes its
deadlines, appends one history entry and queues the move's notices, all in one transaction.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from seats.domain.errors import Conflict, InvalidInput
from seats.domain.lifecycle import Move, NoeBasis, check_move, find_move, is_dated, move_window
from seats.domain.progress import at_risk_after_close
from seats.domain.statuses import FINAL_GRADE_STATUSES, STATUS_INFO, Status, credit_earned

from .. import clock
from ..models import CCA, CCAHistory, Decision
from .actors import Actor
from .authority import acting_party
from .facts import (
    anticipated_late_pass_from,
    deadline_facts,
    move_facts,
    refresh_deadlines,
)
from .prepared import PreparedGet
from .records import history_entry, save_entry

#: The row lock with what the rules read (student, primary LEA), compiled once per connection.
_LOCK: PreparedGet[CCA] = PreparedGet(
    lambda: CCA.objects.select_for_update(of=("self",)).select_related("student", "primary_lea")
)


def lock_cca(cca_id: int, expected_version: int | None) -> CCA:
    """Lock the CCA row for this transaction and check the version the caller saw.

    Concurrent writers queue on the row lock; the ones that read an older version get
    ``Conflict`` instead of overwriting a change they never saw.
    """
    try:
        cca = _LOCK.get(cca_id)
    except (CCA.DoesNotExist, ValueError, TypeError):
        raise InvalidInput(f"There is no CCA {cca_id}.", field="cca") from None
    check_version(cca, expected_version)
    cca._loaded = columns_of(cca)  # type: ignore[attr-defined]
    return cca


def check_version(cca: CCA, expected_version: int | None) -> None:
    """Refuse a change based on an older version than the one locked (``None``: no check)."""
    if expected_version is not None and cca.version != expected_version:
        raise Conflict(
            f"CCA {cca.pk} was changed by someone else (now version {cca.version}, you saw "
            f"version {expected_version}). Reload it and try again.",
            rule="concurrent edits: only one change to a version wins",
        )


def columns_of(cca: CCA) -> dict[str, Any]:
    """Every stored column's value: what ``save_changes`` compares to find the changed ones."""
    return {f.attname: getattr(cca, f.attname) for f in CCA._meta.concrete_fields}


def save_changes(cca: CCA) -> None:
    """Write only the columns that changed since ``lock_cca`` read the row (smaller UPDATE)."""
    loaded = getattr(cca, "_loaded", None)
    if loaded is None:
        cca.save()
        return
    changed = [name for name, value in columns_of(cca).items() if loaded[name] != value]
    cca.save(update_fields=[*changed, "updated_at"])
    cca._loaded = columns_of(cca)  # type: ignore[attr-defined]


def today() -> date:
    return clock.today()


def move_status(
    *,
    actor: Actor,
    cca_id: int,
    to: Status | str,
    expected_version: int,
    as_of: date | None = None,
    reason: str = "",
    document_ref: str = "",
    final_grade: str = "",
    completion_date: date | None = None,
    withdrawal_date: date | None = None,
) -> CCA:
    """Move a CCA to status ``to`` if the lifecycle table allows it for this actor now.

    ``withdrawal_date`` is the date a withdrawal or loss of eligibility took effect: required
    for those closeouts, and checked against the CCA's withdrawal windows."""
    target = as_status(to)
    as_of = as_of or today()
    request: dict[str, Any] = dict(
        reason=reason,
        document_ref=document_ref,
        final_grade=final_grade.strip().upper(),
        completion_date=completion_date,
        withdrawal_date=withdrawal_date,
    )
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        move = plan_move(cca, target, actor=actor, as_of=as_of, **request)
        apply_move(cca, move, actor=actor, as_of=as_of, **request)
    return cca


def plan_move(
    cca: CCA,
    target: Status,
    *,
    actor: Actor,
    as_of: date,
    reason: str = "",
    document_ref: str = "",
    final_grade: str = "",
    completion_date: date | None = None,
    withdrawal_date: date | None = None,
) -> Move:
    """Every check ``move_status`` makes on a locked CCA, changing nothing: the move to apply,
    or the ``DomainError`` that refuses it. The bulk path checks file rows with it too."""
    _check_request(cca, as_of=as_of, document_ref=document_ref, completion_date=completion_date)
    source = Status(cca.status)
    candidate = find_move(source, target)
    party = acting_party(actor, cca, candidate.by if candidate else ())
    seasonal = {}
    if target is Status.ANTICIPATED_LATE_PASS:
        seasonal["anticipated_late_pass_from"] = anticipated_late_pass_from(cca)
    facts = move_facts(
        cca,
        party=party,
        as_of=as_of,
        reason=reason,
        document_ref=document_ref,
        final_grade=final_grade,
        completion_date=completion_date,
        withdrawal_date=withdrawal_date,
        **seasonal,
    )
    return check_move(source, target, facts)


_DOCUMENT_REF_MAX = CCAHistory._meta.get_field("document_ref").max_length or 255


def _check_request(
    cca: CCA, *, as_of: date, document_ref: str, completion_date: date | None
) -> None:
    """Values a move records must fit the record and the course's own dates."""
    if len(document_ref) > _DOCUMENT_REF_MAX:
        raise InvalidInput(
            f"The document reference is {len(document_ref)} characters; at most "
            f"{_DOCUMENT_REF_MAX} (a file name, URL or record number).",
            field="document_ref",
        )
    if completion_date is None:
        return
    if completion_date > as_of:
        raise InvalidInput(
            f"The completion date {completion_date.isoformat()} is after today "
            f"({as_of.isoformat()}).",
            field="completion_date",
        )
    if cca.course_start_date and completion_date < cca.course_start_date:
        raise InvalidInput(
            f"The completion date {completion_date.isoformat()} is before the course started "
            f"({cca.course_start_date.isoformat()}).",
            field="completion_date",
        )


def as_status(value: Status | str) -> Status:
    """A status by its value, or an ``InvalidInput`` listing the known ones."""
    try:
        return Status(value)
    except ValueError:
        known = ", ".join(s.value for s in Status)
        raise InvalidInput(
            f"Unknown status {value!r}. Known statuses: {known}.", field="to"
        ) from None


def apply_move(
    cca: CCA,
    move: Move,
    *,
    actor: Actor,
    as_of: date,
    reason: str = "",
    document_ref: str = "",
    final_grade: str = "",
    completion_date: date | None = None,
    withdrawal_date: date | None = None,
    details: dict[str, Any] | None = None,
) -> CCAHistory:
    """Apply an already-checked move to a locked CCA and record it. Callers hold the lock."""
    entry = prepare_move(
        cca,
        move,
        actor=actor,
        as_of=as_of,
        reason=reason,
        document_ref=document_ref,
        final_grade=final_grade,
        completion_date=completion_date,
        withdrawal_date=withdrawal_date,
        details=details,
    )
    save_changes(cca)
    return save_entry(entry)


def prepare_move(
    cca: CCA,
    move: Move,
    *,
    actor: Actor,
    as_of: date,
    reason: str = "",
    document_ref: str = "",
    final_grade: str = "",
    completion_date: date | None = None,
    withdrawal_date: date | None = None,
    details: dict[str, Any] | None = None,
) -> CCAHistory:
    """The in-memory half of ``apply_move``: change the CCA object (status, effects, version,
    deadlines) and return its history entry, both unsaved, so the bulk path can write many
    CCAs and entries in a few statements with exactly the per-row effects."""
    source = cca.status
    facts_before = deadline_facts(cca)
    intent_before = cca.intent_to_withdraw_sent_on
    at_risk_before = cca.at_risk
    corrects = _corrected_entry(cca, move) if move.correction else None
    _effects(
        cca, move.target, actor=actor, as_of=as_of, final_grade=final_grade, done=completion_date
    )
    if withdrawal_date is not None and is_dated(move):
        cca.withdrawal_date = withdrawal_date
    cca.status = move.target.value
    cca.status_changed_at = timezone.now()
    cca.version += 1
    refresh_deadlines(cca, unless_unchanged=facts_before)
    info: dict[str, Any] = dict(details or {})
    if intent_before != cca.intent_to_withdraw_sent_on:
        info["intent_to_withdraw_sent_on"] = {"from": intent_before, "to": None}
    if at_risk_before and not cca.at_risk:
        info["at_risk"] = {"from": True, "to": False}
    if final_grade:
        info.update(final_grade=final_grade, completion_date=cca.completion_date)
    if withdrawal_date is not None and is_dated(move):
        info["withdrawal_date"] = withdrawal_date
        info["window"] = move_window(move)
    if cca.credit_earned is not None and STATUS_INFO[move.target].terminal:
        info["credit_earned"] = str(cca.credit_earned)
    return history_entry(
        cca,
        actor=actor,
        action=move.name,
        from_status=source,
        to_status=move.target.value,
        reason=reason,
        document_ref=document_ref,
        details=info,
        corrects=corrects,
    )


def _effects(
    cca: CCA, target: Status, *, actor: Actor, as_of: date, final_grade: str, done: date | None
) -> None:
    """What reaching ``target`` records on the CCA besides its status."""
    if target is Status.ENROLLMENT_COMPLETE:
        cca.noe_date = as_of
        cca.noe_issued_by = actor.user
        approved = cca.lea_decision == Decision.APPROVED
        cca.noe_basis = NoeBasis.LEA_APPROVED if approved else NoeBasis.LEA_WINDOW_EXPIRED
    elif target is Status.CONFIRMED:
        # A correction or reactivation keeps the original confirmation (the withdrawal period
        # does not restart) and reopens the closeout.
        cca.confirmation_date = cca.confirmation_date or as_of
        cca.intent_to_withdraw_sent_on = None  # a notice of intent is spent by a reactivation
        cca.final_grade, cca.credit_earned, cca.completion_date = "", None, None
        cca.transcript_due = None
    elif target is Status.NOT_CONFIRMED_CLOSED:
        cca.not_confirmed_closed_on = as_of
    if STATUS_INFO[target].terminal:
        # The at-risk flag ends with the CCA (issue 9): a closed CCA is never shown at risk.
        cca.at_risk, cca.at_risk_since = at_risk_after_close()
        earned = credit_earned(target, float(cca.credit_attempted))
        cca.credit_earned = Decimal(str(earned)) if earned is not None else None
    if target in FINAL_GRADE_STATUSES:
        cca.final_grade = final_grade
        cca.completion_date = done or as_of


def change_fields(
    cca: CCA, *, actor: Actor, action: str, changes: dict[str, Any], reason: str = ""
) -> CCAHistory:
    """A change that keeps the status: assign, bump the version, refresh the deadlines, and
    record every field's old and new value. Callers hold the lock."""
    entry = prepare_change(cca, actor=actor, action=action, changes=changes, reason=reason)
    save_changes(cca)
    return save_entry(entry)


def prepare_change(
    cca: CCA, *, actor: Actor, action: str, changes: dict[str, Any], reason: str = ""
) -> CCAHistory:
    """The in-memory half of ``change_fields`` (see ``prepare_move``)."""
    before = {name: getattr(cca, name) for name in changes}
    facts_before = deadline_facts(cca)
    for name, value in changes.items():
        setattr(cca, name, value)
    cca.version += 1
    refresh_deadlines(cca, unless_unchanged=facts_before)
    details = {
        name: {"from": _plain(before[name]), "to": _plain(value)} for name, value in changes.items()
    }
    return history_entry(
        cca,
        actor=actor,
        action=action,
        from_status=cca.status,
        to_status=cca.status,
        reason=reason,
        details=details,
    )


def _plain(value: Any) -> Any:
    """Model instances are recorded by primary key."""
    return getattr(value, "pk", value)


def _corrected_entry(cca: CCA, move: Move) -> CCAHistory | None:
    """The history entry that set the status a state correction undoes."""
    return (
        CCAHistory.objects.filter(cca=cca, to_status=move.source.value)
        .exclude(from_status=move.source.value)
        .order_by("-seq")
        .first()
    )
