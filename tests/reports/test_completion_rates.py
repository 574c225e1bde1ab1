"""Completion rates live from the CCAs, on a hand-computed set covering every status."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seats.core.models import Organisation, PolicySetting
from seats.core.selectors.access import Viewer
from seats.domain.roles import Role
from seats.domain.statuses import Status
from seats.reports.selectors.completion import (
    course_rates,
    every_course_rates,
    provider_rates,
    pulled_down,
    rates_of,
    totals,
    under_minimum,
)
from tests.factories import SY, build_world, make_offering

from .helpers import cca, every_status

pytestmark = pytest.mark.django_db


def viewer(world, role):
    actor = world.actor(role)
    return Viewer(actor.user, role, actor.organisation)


@pytest.fixture
def world():
    return build_world()


def test_every_status_by_hand(world):
    every_status(world)
    r = rates_of(world.provider, SY)
    # timely: 7 Pass All Complete of 13 counted (7 PAC, 2 LP, ALP, F, I/NG, .25 not passing)
    assert (r.timely.completed, r.timely.counted, r.timely.percent) == (7, 13, Decimal("53.8"))
    # extended: 9 passes of 12 (ALP still working is not counted)
    assert (r.extended.completed, r.extended.counted, r.extended.percent) == (
        9,
        12,
        Decimal("75.0"),
    )
    assert r.open == 1  # the Confirmed one
    assert r.below(Decimal("80"))


def test_per_course_and_per_year(world):
    other = make_offering(world, core_code="0900001", usbe_title="Biology")
    every_status(world)
    for _ in range(4):
        cca(world, Status.PASS_ALL_COMPLETE, offering=other)
    cca(world, Status.FAILED_TO_COMPLETE, offering=other, year=SY + 1)
    courses = {c.core_code: c for c in course_rates(world.provider, SY)}
    assert (
        courses["0900001"].rates.extended.completed,
        courses["0900001"].rates.extended.counted,
    ) == (4, 4)
    assert courses["0900001"].title == "Biology" and not courses["0900001"].below
    assert courses[world.offering.core_code].below
    assert totals(list(courses.values())) == rates_of(world.provider, SY)
    every = every_course_rates(viewer(world, Role.STATE_ADMIN), SY)[world.provider.pk]
    assert {c.core_code: c.rates for c in every} == {k: c.rates for k, c in courses.items()}
    next_year = rates_of(world.provider, SY + 1)
    assert (next_year.extended.completed, next_year.extended.counted) == (0, 1)


def test_the_minimum_is_a_policy_setting(world):
    every_status(world)
    state = viewer(world, Role.STATE_SPECIALIST)
    assert [p.provider for p in under_minimum(state, SY)] == [world.provider]
    PolicySetting.objects.create(
        school_year=SY, key="completion_rate_minimum", value="70", effective_on="2025-07-01",
        reason="test",
    )  # fmt: skip
    assert under_minimum(state, SY) == []


def test_the_ccas_that_pulled_it_down(world):
    every_status(world)
    down = list(pulled_down(world.provider, SY))
    assert sorted(c.status for c in down) == sorted(
        [
            Status.COMPLETED_GRADE_TOO_LOW,
            Status.FAILED_TO_COMPLETE,
            Status.QUARTER_EARNED_NOT_PASSING,
        ]
    )


def test_scope(world):
    every_status(world)
    other = Organisation.objects.create(
        kind="provider", code="PRV2", name="Other Online", provider_category="online"
    )
    state = [p.provider for p in provider_rates(viewer(world, Role.STATE_ADMIN), SY)]
    assert set(state) == {world.provider, other}
    own = [p.provider for p in provider_rates(viewer(world, Role.PROVIDER_STAFF), SY)]
    assert own == [world.provider]
    assert provider_rates(viewer(world, Role.COUNSELOR), SY) == []
