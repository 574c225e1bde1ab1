"""A posted ledger for the statement tests (selectors, pages, API): two runs through the real
services, for two providers and three LEAs (HOME among them), with a reversal.

- October 2025: CCA ``ours`` (PRV1, LEA1), ``theirs`` (PRV9, LEA9, a student named Outsider)
  and ``home`` (PRV1, HOME) are paid their first half, 170.00 each.
- November 2025: a fraud hold on ``ours`` reverses its payment (-170.00).
"""

from __future__ import annotations

from dataclasses import dataclass

from seats.core.models import CCA, Organisation, RoleMembership, User
from seats.domain.funding.holds import HoldReason, HoldScope
from seats.domain.roles import Role
from seats.funding.services.holds import set_hold
from seats.funding.services.runs import post_run
from tests.factories import World, build_world, make_student, org

from .helpers import SYSTEM, confirmed_at, denver, load_msp

OCTOBER, NOVEMBER = "2025-10", "2025-11"


@dataclass
class StatementScene:
    world: World
    ours: CCA
    theirs: CCA
    home: CCA
    other_provider: Organisation
    other_lea: Organisation
    other_provider_user: User
    other_lea_user: User


def build_statement_scene(world: World | None = None) -> StatementScene:
    world = world or build_world()
    load_msp()
    other_lea = org("lea", "LEA9", "Far Valley District")
    other_provider = org("provider", "PRV9", "Far Online", provider_category="certified")
    ours = confirmed_at(world, denver(2025, 10, 7, 10))
    stranger = make_student(world, legal_first_name="Zelda", legal_last_name="Outsider")
    theirs = confirmed_at(world, denver(2025, 10, 7, 11), student=stranger)
    homeschooled = make_student(world, legal_first_name="Harriet", legal_last_name="Homebody")
    home = confirmed_at(world, denver(2025, 10, 7, 12), student=homeschooled)
    CCA.objects.filter(pk=theirs.pk).update(provider=other_provider, primary_lea=other_lea)
    CCA.objects.filter(pk=home.pk).update(primary_lea=world.home)
    post_run(actor=SYSTEM, month=OCTOBER, now=denver(2025, 10, 15))
    set_hold(
        actor=SYSTEM,
        scope=HoldScope.CCA,
        target_id=ours.pk,
        reason=HoldReason.FRAUD,
        note="test",
        now=denver(2025, 10, 20),
    )
    post_run(actor=SYSTEM, month=NOVEMBER, now=denver(2025, 11, 15))
    provider_user = User.objects.create(username="far-provider")
    RoleMembership.objects.create(
        user=provider_user, role=Role.PROVIDER_STAFF.value, organisation=other_provider
    )
    lea_user = User.objects.create(username="far-approver")
    RoleMembership.objects.create(
        user=lea_user, role=Role.LEA_APPROVER.value, organisation=other_lea
    )
    for cca in (ours, theirs, home):
        cca.refresh_from_db()
    return StatementScene(
        world, ours, theirs, home, other_provider, other_lea, provider_user, lea_user
    )
