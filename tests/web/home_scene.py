"""The world the home-page tests share: Ana (two open CCAs, one at risk), Ben (one open, one
completed), Cy (pending only) at the counselor's school; Di at another school of the same LEA;
Ed in another LEA. Built through the services (tests/core/helpers_lifecycle)."""

from __future__ import annotations

from datetime import date, timedelta

from django.test import Client
from django.urls import reverse

from seats.core.models import CCA
from seats.core.services.enrollment import record_progress, set_at_risk
from seats.core.services.lifecycle import move_status
from seats.domain.roles import Role
from seats.domain.statuses import Status
from tests.core.helpers_lifecycle import confirmed
from tests.factories import SY, build_world, make_offering, make_student, org


def signed_in(world, role: Role) -> Client:
    client = Client()
    client.force_login(world.actor(role).user)
    return client


def text(response) -> str:
    return response.content.decode()


def _progress(world, cca: CCA, percent: str, letter: str, day: date, at_risk: bool) -> CCA:
    provider = world.actor(Role.PROVIDER_STAFF)
    cca = record_progress(
        actor=provider,
        cca_id=cca.pk,
        expected_version=cca.version,
        percent=percent,
        letter=letter,
        last_activity=day - timedelta(days=2),
        as_of=day,
    )
    if at_risk:
        cca = set_at_risk(
            actor=provider, cca_id=cca.pk, expected_version=cca.version, at_risk=True, as_of=day
        )
    cca.refresh_from_db()
    return cca


def _enrolled_for(world, student, offering=None) -> CCA:
    world.register(student)
    state = world.actor(Role.STATE_SPECIALIST)
    cca = world.submit(student=student, offering=offering or make_offering(world), actor=state)
    world.accept(cca)
    return world.approve(cca)


def build_scene() -> tuple:
    """(world, students by first name, CCAs by key): see the module docstring."""
    world = build_world()
    ana = world.student
    a1 = _progress(world, confirmed(world), "61.5", "D", date(2025, 10, 20), at_risk=True)
    a2 = world.submit(student=ana, offering=make_offering(world))
    ben = make_student(world, legal_first_name="Ben", legal_last_name="Baker", grade=12)
    world.register(ben)
    b1 = _progress(
        world, confirmed(world, student=ben), "88", "B+", date(2025, 10, 25), at_risk=False
    )
    b2 = confirmed(world, student=ben, offering=make_offering(world))
    b2 = move_status(
        actor=world.actor(Role.PROVIDER_STAFF),
        cca_id=b2.pk,
        to=Status.PASS_ALL_COMPLETE,
        expected_version=b2.version,
        as_of=date(2025, 12, 15),
        final_grade="A",
        completion_date=date(2025, 12, 12),
    )
    cy = make_student(world, legal_first_name="Cy", legal_last_name="Cole", ssid="7777777")
    c1 = world.submit(student=cy, offering=make_offering(world))
    other_school = org("school", "SCH2", "Canyon View Middle", parent=world.lea)
    di = make_student(
        world, legal_first_name="Di", legal_last_name="Diaz", primary_school=other_school
    )
    d1 = _progress(world, _enrolled_for(world, di), "40", "F", date(2025, 10, 21), at_risk=True)
    far_lea = org("lea", "LEA9", "Far Valley District")
    far_school = org("school", "SCH9", "Far Valley High", parent=far_lea)
    ed = make_student(
        world, legal_first_name="Ed", legal_last_name="Evans", primary_lea=far_lea,
        primary_school=far_school,
    )  # fmt: skip
    e1 = world.submit(
        student=ed, offering=make_offering(world), actor=world.actor(Role.STATE_SPECIALIST)
    )
    return (
        world,
        dict(ana=ana, ben=ben, cy=cy, di=di, ed=ed),
        dict(a1=a1, a2=a2, b1=b1, b2=b2, c1=c1, d1=d1, e1=e1, other_school=other_school),
    )


def caseload(client: Client, **params: object):
    """The caseload page; a search is POSTed (it never goes into the address) and followed."""
    if "q" in params:
        return client.post(reverse("web:caseload"), {"year": SY, **params}, follow=True)
    return client.get(reverse("web:caseload"), {"year": SY, **params})
