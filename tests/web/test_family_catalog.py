"""The course catalog (issue 3): filters, paging, the mature-content disclaimer, no N+1."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from seats.domain.calendars import school_year_of
from seats.domain.catalog import MATURE_DISCLAIMER
from seats.domain.roles import Role
from tests.factories import build_world, make_offering, org
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def shown(client: Client, **query: str) -> set[int]:
    page = client.get(reverse("web:catalog"), query)
    assert page.status_code == 200
    return {o.pk for o in page.context["page"].object_list}


def test_catalog_lists_open_offerings_of_this_school_year(world) -> None:
    year = school_year_of(timezone.localdate())
    closed = make_offering(world, is_open=False)
    ended = make_offering(world, first_school_year=year - 2, last_school_year=year - 1)
    upcoming = make_offering(world, first_school_year=year + 1)
    found = shown(signed_in(world, Role.PARENT))
    assert {world.offering.pk, world.offering_full_credit.pk} <= found
    assert found.isdisjoint({closed.pk, ended.pk, upcoming.pk})


def test_each_filter_narrows_the_list(world) -> None:
    other = org("provider", "PRV7", "Mesa Online", provider_category="online")
    health = make_offering(world, content_categories=["Health"], credit=Decimal("0.25"))
    quarter = make_offering(world, term_type="quarter", provider=other)
    seniors = make_offering(world, grade_min=11, grade_max=12)
    client = signed_in(world, Role.STUDENT)
    assert shown(client, subject="Health") == {health.pk}
    assert shown(client, tier="I") == {health.pk}
    assert shown(client, credit="0.25") == {health.pk}
    assert shown(client, credit="1.0") == {world.offering_full_credit.pk}
    assert shown(client, provider="PRV7") == {quarter.pk}
    assert shown(client, term="quarter") == {quarter.pk}
    assert seniors.pk not in shown(client, grade="9")
    assert seniors.pk in shown(client, grade="11")
    assert shown(client, subject="Math", term="quarter") == {quarter.pk}


def test_an_unknown_filter_value_is_named_and_ignored(world) -> None:
    page = signed_in(world, Role.COUNSELOR).get(reverse("web:catalog"), {"credit": "2"})
    assert page.status_code == 200
    assert b'role="alert"' in page.content and b"Credit: choose 0.25, 0.5 or 1.0." in page.content
    assert page.context["page"].paginator.count == 2


def test_catalog_pages_by_25(world) -> None:
    for _ in range(28):
        make_offering(world)
    client = signed_in(world, Role.PARENT)
    first = client.get(reverse("web:catalog"))
    second = client.get(reverse("web:catalog"), {"page": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    both = {o.pk for o in first.context["page"].object_list} | {
        o.pk for o in second.context["page"].object_list
    }
    assert len(both) == 30
    assert b"page=2" in first.content


def test_mature_course_carries_the_disclaimer_and_details(world) -> None:
    mature = make_offering(
        world,
        mature_content=True,
        description=MATURE_DISCLAIMER,
        prerequisites="Algebra I",
        ncaa_note="NCAA approved",
    )
    client = signed_in(world, Role.PARENT)
    text = client.get(reverse("web:catalog"), {"subject": "Math"}).content.decode()
    assert text.count(MATURE_DISCLAIMER) == 1
    assert mature.usbe_title in text and mature.core_code in text
    assert "Algebra I" in text and "NCAA approved" in text and world.provider.name in text
    assert reverse("web:request_course", args=[mature.pk]) in text


def test_catalog_query_count_does_not_grow_with_rows(world) -> None:
    other = org("provider", "PRV8", "Other Online", provider_category="online")
    client = signed_in(world, Role.STATE_SPECIALIST)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("web:catalog"))
    for n in range(10):
        make_offering(world, provider=other if n % 2 else world.provider)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("web:catalog"))
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize("role", [Role.LEA_APPROVER])
def test_roles_outside_the_catalog_get_404(world, role: Role) -> None:
    assert signed_in(world, role).get(reverse("web:catalog")).status_code == 404
