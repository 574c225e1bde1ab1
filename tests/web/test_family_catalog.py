"""The course catalog (issue 3): filters, paging, the mature-content disclaimer, no N+1."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from seats.domain.calendars import default_school_days, school_year_of
from seats.domain.catalog import MATURE_DISCLAIMER, session_dates
from seats.domain.roles import Role
from tests.factories import build_world, make_offering, make_student, org
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


# Issue 9: keyword search, the child's grade, pagination, what each course shows ----------


def test_a_keyword_finds_courses_by_title_code_provider_or_description(world) -> None:
    other = org("provider", "PRV6", "Redrock Virtual Academy", provider_category="online")
    titled = make_offering(world, provider_title="Astronomy Online", usbe_title="Earth Science")
    coded = make_offering(world, core_code="4040123")
    theirs = make_offering(world, provider=other)
    described = make_offering(world, description="Build robots with Arduino kits.")
    client = signed_in(world, Role.COUNSELOR)
    assert shown(client, q="astronomy") == {titled.pk}
    assert shown(client, q="EARTH science") == {titled.pk}  # every word, any case
    assert shown(client, q="4040123") == {coded.pk}
    assert shown(client, q="redrock") == {theirs.pk}
    assert shown(client, q="arduino") == {described.pk}
    assert shown(client, q="arduino redrock") == set()
    assert shown(client, q="arduino", provider="PRV1") == {described.pk}  # with the filters
    page = client.get(reverse("web:catalog"), {"q": "arduino"})
    assert 'value="arduino"' in page.content.decode()


def test_a_family_catalog_opens_on_the_childs_grade_and_can_widen(world) -> None:
    seniors = make_offering(world, grade_min=11, grade_max=12)
    middle = make_offering(world, grade_min=6, grade_max=8)
    for role in (Role.STUDENT, Role.PARENT):  # the world's student is in grade 10
        client = signed_in(world, role)
        page = client.get(reverse("web:catalog"))
        found = {o.pk for o in page.context["page"].object_list}
        assert seniors.pk not in found and middle.pk not in found and world.offering.pk in found
        text = page.content.decode()
        assert '<option value="10" selected>' in text and "Opens on grade 10" in text
        wide = shown(client, grade="")  # "Any grade"
        assert {seniors.pk, middle.pk} <= wide
        assert seniors.pk in shown(client, grade="11")
    staff = shown(signed_in(world, Role.COUNSELOR))  # staff see every grade
    assert {seniors.pk, middle.pk} <= staff


def test_widening_survives_the_next_page(world) -> None:
    for _ in range(26):
        make_offering(world, grade_min=11, grade_max=12)
    client = signed_in(world, Role.PARENT)
    first = client.get(reverse("web:catalog"), {"grade": ""})
    assert first.context["page"].paginator.count == 28
    text = first.content.decode()
    assert 'class="usa-pagination' in text and "grade=&amp;page=2" in text
    second = client.get(reverse("web:catalog"), {"grade": "", "page": 2})
    assert len(second.context["page"].object_list) == 3


def test_each_course_shows_its_description_seats_left_and_term_dates(world) -> None:
    from seats.core.models import CCA

    limited = make_offering(
        world, capacity=3, description="Stars, planets and the sky at night.", credit="0.5"
    )
    year = school_year_of(timezone.localdate())  # the catalog's school year
    held = world.submit(offering=limited)
    full = make_offering(world, capacity=1)
    world.submit(offering=full, session=held.session, student=make_student(world))
    CCA.objects.update(school_year=year)
    held.refresh_from_db()
    client = signed_in(world, Role.PARENT)
    text = client.get(reverse("web:catalog"), {"q": "planets"}).content.decode()
    assert "Stars, planets and the sky at night." in text
    rows = text[text.index("Sessions of") :].split("</table>")[0]
    other = "S2" if held.session == "S1" else "S1"
    taken_row = rows.split(f"Semester {held.session[1]}")[1].split("</tr>")[0]
    free_row = rows.split(f"Semester {other[1]}")[1].split("</tr>")[0]
    assert "<td>2</td>" in taken_row and "<td>3</td>" in free_row
    first, last = session_dates(held.session, default_school_days(year))  # the state's days
    assert f"{date_format(first)} to {date_format(last)}" in taken_row
    text = client.get(reverse("web:catalog"), {"q": full.provider_title}).content.decode()
    assert "<strong>Full</strong>" in text
    plain = client.get(reverse("web:catalog"), {"q": world.offering.provider_title})
    assert "No limit" in plain.content.decode()


def test_a_mature_description_shows_the_disclaimer_once(world) -> None:
    make_offering(
        world,
        provider_title="Modern Novels",
        mature_content=True,
        description=f"Novels of the 20th century. {MATURE_DISCLAIMER}",
    )
    text = signed_in(world, Role.PARENT).get(reverse("web:catalog"), {"q": "novels"})
    html = text.content.decode()
    assert html.count(MATURE_DISCLAIMER) == 1 and "Novels of the 20th century." in html


def test_seats_left_cost_one_query_for_the_whole_page(world) -> None:
    from seats.core.models import CCA

    client = signed_in(world, Role.PARENT)
    make_offering(world, capacity=5)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("web:catalog"))
    for n in range(10):
        offering = make_offering(world, capacity=10 + n)
        if n % 3 == 0:
            world.submit(offering=offering, student=make_student(world))
    CCA.objects.update(school_year=school_year_of(timezone.localdate()))
    with CaptureQueriesContext(connection) as large:
        page = client.get(reverse("web:catalog"))
    assert page.context["page"].paginator.count == 13
    assert len(large.captured_queries) == len(small.captured_queries)
