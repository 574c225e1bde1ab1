"""Random sequences of service calls by random actors: the history must stay trustworthy.

Each example builds a fresh world (inside a transaction that is rolled back), brings one CCA to a
random starting stage through the services, then applies 8-15 random calls: every service that
changes a CCA, by every role (auditor, another provider's staff, another LEA, the system
included), with good and bad arguments and a clock that only moves forward. After every call:

(a) the status rank never falls except by a state correction (correct_not_confirmed_closed,
    reactivate), (b) no payment status without an earlier entry to Confirmed, (c) history seqs
    are 1..n with n == version, a successful call wrote its own entry (plus, for the last of
    the two decisions, the system's Notice of Enrollment) and a refused call wrote nothing (no
    history, no version change, no CCA, no notice), (d) each entry starts where the previous
    ended, (e) the status is the last entry's.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from seats.core.models import CCA, CCAHistory, TeacherOfRecord
from seats.core.services import enrollment as enr
from seats.core.services import requests as req
from seats.core.services.actors import Actor
from seats.core.services.eligibility import Approvals
from seats.core.services.lifecycle import move_status
from seats.core.services.students import assign_ssid, complete_local_registration
from seats.core.services.sweep import run_sweep
from seats.domain.errors import DomainError
from seats.domain.lifecycle import find_move, moves_from
from seats.domain.roles import Party, Role
from seats.domain.statuses import STATUS_INFO, Status, rank
from tests.core.helpers_lifecycle import (
    CORRECTION_ACTIONS,
    STATE_ROLES,
    Snapshot,
    administratively_withdrawn,
    check_history,
    confirmed,
    not_confirmed_closed,
    other_provider,
    ready_to_confirm,
)
from tests.factories import REGISTRATION, SUBMITTED, SY, World, build_world, user_with

LAST_DAY = date(2026, 9, 30)
STAGES = (
    "unregistered",
    "pending",
    "accepted",
    "enrolled",
    "silence",
    "ready",
    "confirmed",
    "not_confirmed_closed",
    "administrative_withdrawal",
)
#: Stages built on Confirmed need the SSID at first (it may be missing in the others).
NEEDS_SSID = {"confirmed", "not_confirmed_closed", "administrative_withdrawal"}


@dataclass
class Ctx:
    world: World
    actors: dict[str, Actor]
    other_teacher: TeacherOfRecord
    clock: date
    cca_id: int


Call = Callable[[Ctx, CCA, Actor, date, int, dict[str, Any]], str]


@dataclass(frozen=True)
class Op:
    likely: tuple[str, ...]  # roles that usually may make the call (drawn half the time)
    args: Callable[[CCA], st.SearchStrategy[dict[str, Any]]]
    call: Call


def _move(ctx: Ctx, cca: CCA, actor: Actor, as_of: date, v: int, a: dict[str, Any]) -> str:
    move = find_move(Status(cca.status), a["to"])
    a = dict(a)
    days_before = a.pop("withdrawn_days_before")
    withdrawn = None if days_before is None else as_of - timedelta(days=days_before)
    move_status(
        actor=actor,
        cca_id=cca.pk,
        expected_version=v,
        as_of=as_of,
        withdrawal_date=withdrawn,
        **a,
    )
    return move.name if move else "<no such move succeeded>"


def _lea(ctx: Ctx, cca: CCA, actor: Actor, as_of: date, v: int, a: dict[str, Any]) -> str:
    req.decide_as_lea(actor=actor, cca_id=cca.pk, expected_version=v, as_of=as_of, **a)
    return "lea_approve" if a["approve"] else "reject_by_lea"


def _provider(ctx: Ctx, cca: CCA, actor: Actor, as_of: date, v: int, a: dict[str, Any]) -> str:
    req.decide_as_provider(actor=actor, cca_id=cca.pk, expected_version=v, as_of=as_of, **a)
    return "provider_accept" if a["accept"] else "reject_by_provider"


def _simple(service: Callable[..., Any], action: str, dated: bool = True) -> Call:
    def call(ctx: Ctx, cca: CCA, actor: Actor, as_of: date, v: int, a: dict[str, Any]) -> str:
        extra = {"as_of": as_of} if dated else {}
        service(actor=actor, cca_id=cca.pk, expected_version=v, **extra, **a)
        return action

    return call


def _at_risk(ctx: Ctx, cca: CCA, actor: Actor, as_of: date, v: int, a: dict[str, Any]) -> str:
    enr.set_at_risk(actor=actor, cca_id=cca.pk, expected_version=v, as_of=as_of, **a)
    return "flag_at_risk" if a["at_risk"] else "clear_at_risk"


def _tor(ctx: Ctx, cca: CCA, actor: Actor, as_of: date, v: int, a: dict[str, Any]) -> str:
    teacher = {"own": ctx.world.teacher.pk, "other": ctx.other_teacher.pk, "none": 987654}
    enr.set_teacher_of_record(
        actor=actor, cca_id=cca.pk, expected_version=v, teacher_id=teacher[a["teacher"]]
    )
    return "set_teacher_of_record"


def _start(ctx: Ctx, cca: CCA, actor: Actor, as_of: date, v: int, a: dict[str, Any]) -> str:
    start = as_of + timedelta(days=a["offset"])
    enr.set_course_start(actor=actor, cca_id=cca.pk, expected_version=v, start=start, as_of=as_of)
    return "set_course_start"


def _second_half(ctx: Ctx, cca: CCA, actor: Actor, as_of: date, v: int, a: dict[str, Any]) -> str:
    start = as_of + timedelta(days=a["offset"])
    enr.set_second_half_start(
        actor=actor, cca_id=cca.pk, expected_version=v, start=start, as_of=as_of
    )
    return "set_second_half_start"


def _transcript(ctx: Ctx, cca: CCA, actor: Actor, as_of: date, v: int, a: dict[str, Any]) -> str:
    enr.issue_transcript(actor=actor, cca_id=cca.pk, expected_version=v, issued_on=as_of)
    return "issue_transcript"


def _student_level(ctx: Ctx, cca: CCA, actor: Actor, as_of: date, v: int, a: dict[str, Any]) -> str:
    """Calls on the student, not the CCA: SSID, local registration, a second request."""
    world = ctx.world
    if a["what"] == "ssid":
        assign_ssid(actor=actor, student_id=world.student.pk, ssid=a["ssid"])
    elif a["what"] == "register":
        complete_local_registration(
            actor=actor,
            student_id=world.student.pk,
            provider_code=world.provider.code,
            form=REGISTRATION,
            as_of=as_of,
        )
    else:
        req.submit_request(
            actor=actor,
            student_id=world.student.pk,
            offering_id=world.offering_full_credit.pk,
            school_year=a["school_year"],
            session=a["session"],
            as_of=as_of,
        )
    return a["what"]


_GRADES = st.sampled_from(["", "A", "B-", "P", "F", "I", "NG", "Z"])
_REASON = st.sampled_from(["", "asked by the family"])


def _move_args(cca: CCA) -> st.SearchStrategy[dict[str, Any]]:
    """Half the time a target the table has from here (so moves do happen), else any status."""
    offered = sorted({m.target for m in moves_from(Status(cca.status))})
    onward = [s for s in offered if not STATUS_INFO[s].terminal]  # keeps the sequence going
    targets = [st.sampled_from(x) for x in (onward, offered) if x]
    return st.fixed_dictionaries(
        {
            "to": st.one_of(*targets, st.sampled_from(list(Status))),
            "reason": _REASON,
            "document_ref": st.sampled_from(["", "doc-7"]),
            "final_grade": _GRADES,
            # Dated closeouts: inside, at the edge of and after the withdrawal windows, or none.
            "withdrawn_days_before": st.sampled_from([None, -1, 0, 3, 30, 120]),
        }
    )


def _fixed(
    **values: st.SearchStrategy[Any],
) -> Callable[[CCA], st.SearchStrategy[dict[str, Any]]]:
    return lambda cca: st.fixed_dictionaries(values)


_P, _S, _L, _C = "provider_staff", "state_specialist", "lea_approver", "counselor"
OPS: dict[str, Op] = {
    "move": Op((_P, _P, _S, _L), _move_args, _move),
    "lea": Op(
        (_L,),
        _fixed(
            approve=st.booleans(),
            reason_code=st.sampled_from(["", "not_seop_pccr", "steer_elsewhere"]),
            accept_financial_responsibility=st.booleans(),
        ),
        _lea,
    ),
    "provider": Op(
        (_P,),
        _fixed(accept=st.booleans(), reason_code=st.sampled_from(["", "course_full", "x"])),
        _provider,
    ),
    "review": Op(
        (_C, "registrar"),
        _fixed(
            seop_consistent=st.booleans(),
            approvals=st.sampled_from([None, Approvals(credit_limit_agreed=True)]),
        ),
        _simple(req.review_as_counselor, "counselor_review", dated=False),
    ),
    "state_reject": Op(
        (_S,),
        _fixed(reason_code=st.sampled_from(["duplicate_request", "parent_withdrew_request", "x"])),
        _simple(req.reject_as_state, "reject_by_state"),
    ),
    "noe": Op(
        (_S, "system"),
        _fixed(),
        _simple(req.issue_notice_of_enrollment, "issue_notice_of_enrollment"),
    ),
    "cancel": Op((_L,), _fixed(reason=_REASON), _simple(req.cancel_as_lea, "cancel_by_lea")),
    "start": Op((_P,), _fixed(offset=st.sampled_from([-3, 0, 5, 400])), _start),
    "second_half": Op((_P,), _fixed(offset=st.sampled_from([-1, 0, 10, 60, 400])), _second_half),
    "tor": Op((_P,), _fixed(teacher=st.sampled_from(["own", "own", "other", "none"])), _tor),
    "iep": Op((_L, _C), _fixed(), _simple(enr.forward_iep, "forward_iep")),
    "progress": Op(
        (_P,),
        _fixed(
            percent=st.sampled_from([None, "55", "100", "150", "abc"]),
            letter=st.sampled_from(["", "B", "Q"]),
        ),
        _simple(enr.record_progress, "grade_progress"),
    ),
    "at_risk": Op((_P,), _fixed(at_risk=st.booleans(), reason=_REASON), _at_risk),
    "intent": Op(
        (_P,), _fixed(reason=_REASON), _simple(enr.send_intent_to_withdraw, "intent_to_withdraw")
    ),
    "request_correction": Op(
        (_P,), _fixed(reason=_REASON), _simple(enr.request_correction, "request_correction")
    ),
    "transcript": Op((_P,), _fixed(), _transcript),
    "student": Op(
        (_S, _C, "parent", _P),
        _fixed(
            what=st.sampled_from(["ssid", "register", "submit"]),
            ssid=st.sampled_from(["7654321", "12AB"]),
            school_year=st.sampled_from([SY, SY + 3]),
            session=st.sampled_from(["S1", "S2", "Q9"]),
        ),
        _student_level,
    ),
}
ACTOR_KEYS = (*(r.value for r in Role), "other_provider", "other_lea", "system")


def make_ctx(stage: str, full_credit: bool, has_ssid: bool) -> Ctx:
    world = build_world()
    if not has_ssid and stage not in NEEDS_SSID:
        world.student.ssid = None
        world.student.save()
    _, outsider, other_teacher = other_provider(world)
    actors: dict[str, Actor] = {r.value: a for r, a in world.actors.items()}
    actors["other_provider"] = outsider
    actors["other_lea"] = user_with(Role.LEA_APPROVER, world.housing_lea, "other-lea")
    actors["system"] = Actor.system()
    cca = build_stage(world, stage, world.offering_full_credit if full_credit else world.offering)
    clock = max(d for d in (SUBMITTED, cca.census_date, last_entry_day(cca)) if d is not None)
    if stage == "silence":
        clock = cca.lea_decision_due + timedelta(days=1)
        assert run_sweep(as_of=clock).notices_of_enrollment == 1
    return Ctx(world, actors, other_teacher, clock, cca.pk)


def build_stage(world: World, stage: str, offering: Any) -> CCA:
    builders: dict[str, Callable[..., CCA]] = {
        "enrolled": world.enrolled,
        "ready": lambda **kw: ready_to_confirm(world, **kw),
        "confirmed": lambda **kw: confirmed(world, **kw),
        "not_confirmed_closed": lambda **kw: not_confirmed_closed(world, **kw),
        "administrative_withdrawal": lambda **kw: administratively_withdrawn(world, **kw),
    }
    if stage in builders:
        return builders[stage](offering=offering)
    if stage != "unregistered":
        world.register()
    cca = world.submit(offering=offering)
    if stage in ("accepted", "silence"):
        world.accept(cca)
    cca.refresh_from_db()
    return cca


def last_entry_day(cca: CCA) -> date | None:
    """The latest date the setup used (a later call never goes back in time)."""
    days = [cca.confirmation_date, cca.not_confirmed_closed_on, cca.intent_to_withdraw_sent_on]
    known = [d for d in days if d is not None]
    return max(known) + timedelta(days=7) if known else None


def versions() -> dict[int, int]:
    return dict(CCA.objects.values_list("pk", "version"))


def check_step(
    ctx: Ctx,
    op: str,
    actor: Actor,
    before: Snapshot,
    old: dict[int, int],
    last_pk: int,
    expected: str | None,
) -> None:
    """The per-call half of property (c), then (a)-(e) on every CCA's full history."""
    now = Snapshot.take()
    new_rows = list(CCAHistory.objects.filter(pk__gt=last_pk).order_by("pk"))
    if expected is None:
        assert now == before, f"refused {op} wrote something: {before} -> {now}"
        assert versions() == old, f"refused {op} changed a version"
    else:
        assert now.history - before.history == len(new_rows)
        if op != "sweep":
            _check_success_rows(ctx, op, actor, new_rows, expected)
    for cca_id, version in versions().items():
        assert version >= old.get(cca_id, 1), f"CCA {cca_id} version went down"
        check_history(cca_id)


def _check_success_rows(
    ctx: Ctx, op: str, actor: Actor, rows: list[CCAHistory], expected: str
) -> None:
    system_noe = [
        r for r in rows if r.action == "issue_notice_of_enrollment" and r.actor_id is None
    ]
    if op == "student":
        allowed = {"ssid": set(), "register": {"local_registration_complete"}, "submit": {"submit"}}
        assert {r.action for r in rows} <= allowed[expected], [r.action for r in rows]
        assert expected != "submit" or len(rows) == 1
        return
    assert rows, f"successful {op} wrote no history entry"
    first, rest = rows[0], rows[1:]
    assert first.cca_id == ctx.cca_id and first.action == expected, (first.action, expected)
    assert first.actor_role == actor.role_name
    assert all(r in system_noe and r.cca_id == ctx.cca_id for r in rest), [r.action for r in rest]
    assert len(rest) <= (1 if expected in ("lea_approve", "provider_accept") else 0)
    if rank(Status(first.to_status)) < rank(Status(first.from_status)):
        assert first.action in CORRECTION_ACTIONS and actor.role_name in STATE_ROLES


@settings(
    max_examples=int(os.environ.get("SEATS_PROPERTY_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
@pytest.mark.django_db
def test_random_service_sequences_keep_the_history_trustworthy(data: st.DataObject) -> None:
    stage = data.draw(st.sampled_from(STAGES), label="stage")
    full_credit = data.draw(st.booleans(), label="full_credit")
    has_ssid = data.draw(st.booleans(), label="has_ssid")
    steps = data.draw(st.integers(8, 15), label="steps")
    with transaction.atomic():
        ctx = make_ctx(stage, full_credit, has_ssid)
        event(f"stage {stage}")
        check_history(ctx.cca_id)
        for _ in range(steps):
            run_step(ctx, data)
        transaction.set_rollback(True)


PARTY_ROLES = {
    Party.PROVIDER: (_P, "provider_admin"),
    Party.STATE: (_S, "state_admin"),
    Party.LEA: (_L,),
    Party.SYSTEM: ("system",),
}
#: "move" is drawn most often: it is the call with the most ways to go wrong.
OP_NAMES = ("move", "move", "move", "move", *OPS, "sweep")


def likely_roles(op: Op, cca: CCA, args: dict[str, Any]) -> tuple[str, ...]:
    """For a status move, the roles of the party the table names; else the op's usual roles."""
    move = find_move(Status(cca.status), args["to"]) if "to" in args else None
    if move is None:
        return op.likely
    return tuple(role for party in move.by for role in PARTY_ROLES.get(party, ()))


def run_step(ctx: Ctx, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(OP_NAMES), label="op")
    ctx.clock = min(
        LAST_DAY, ctx.clock + timedelta(days=data.draw(st.sampled_from([0, 1, 3, 10, 30, 90])))
    )
    cca = CCA.objects.get(pk=ctx.cca_id)
    before, old = Snapshot.take(), versions()
    start = CCAHistory.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if name == "sweep":
        report = run_sweep(as_of=ctx.clock)
        rows = list(CCAHistory.objects.filter(pk__gt=start))
        assert len(rows) == report.notices_of_enrollment
        assert all(r.action == "issue_notice_of_enrollment" and r.actor_id is None for r in rows)
        check_step(ctx, name, Actor.system(), before, old, start, "sweep")
        return
    op = OPS[name]
    args = data.draw(op.args(cca), label="args")
    key = data.draw(
        st.one_of(st.sampled_from(likely_roles(op, cca, args)), st.sampled_from(ACTOR_KEYS)),
        label="actor",
    )
    stale = data.draw(st.sampled_from([0] * 9 + [1]), label="stale")
    actor = ctx.actors[key]
    expected: str | None
    try:
        expected = op.call(ctx, cca, actor, ctx.clock, cca.version - stale, args)
    except DomainError as exc:
        assert str(exc).strip(), f"{name} refused without a message"
        expected = None
        event(f"refused {name}: {type(exc).__name__}")
    else:
        event(f"ok {name}: {expected}")
        assert stale == 0 or name == "student", f"{name} accepted a stale version"
    check_step(ctx, name, actor, before, old, start, expected)
