"""The provider's worklists: the census worklist (its Enrollment Complete CCAs in the order their
confirmation falls due, overdue marked) and the counselor contact list; both scoped to the
provider, paginated, with a query count that does not grow with the rows."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from seats.core.models import CCA, RoleMembership, User
from seats.domain.roles import Role
from tests.factories import build_world, make_offering, make_student, org, registration_done

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def signed_in(world, role: Role = Role.PROVIDER_STAFF) -> Client:
    client = Client()
    client.force_login(world.actor(role).user)
    return client


def enrolled(world, actor_role: Role = Role.COUNSELOR, **kw) -> CCA:
    """An Enrollment Complete CCA of a new student (registration recorded directly)."""
    student = make_student(world, **kw)
    registration_done(world, student)
    cca = world.submit(student=student, actor=world.actor(actor_role))
    world.accept(cca)
    cca = world.approve(cca)
    cca.refresh_from_db()
    return cca


def with_confirmation_due(cca: CCA, days_from_today: int) -> CCA:
    """Place the stored due date around today (the worklist reads the column as stored)."""
    due = timezone.localdate() + timedelta(days=days_from_today)
    CCA.objects.filter(pk=cca.pk).update(confirmation_due=due, census_date=due - timedelta(10))
    cca.refresh_from_db()
    return cca


def other_providers_cca(world) -> CCA:
    provider = org("provider", "PRV9", "Far Online", provider_category="online")
    cca = world.submit(
        student=make_student(world),
        offering=make_offering(world, provider=provider),
        actor=world.actor(Role.STATE_SPECIALIST),
    )
    CCA.objects.filter(pk=cca.pk).update(status="enrollment_complete")
    return cca


def test_census_lists_only_our_enrollment_complete_in_due_order(world) -> None:
    late = with_confirmation_due(enrolled(world), -3)
    soon = with_confirmation_due(enrolled(world), 5)
    later = with_confirmation_due(enrolled(world), 20)
    pending = world.submit(student=make_student(world))
    theirs = other_providers_cca(world)
    page = signed_in(world).get(reverse("web:census"))
    assert page.status_code == 200
    shown = [c.pk for c in page.context["page"].object_list]
    assert shown == [late.pk, soon.pk, later.pk]
    assert pending.pk not in shown and theirs.pk not in shown
    text = page.content.decode()
    assert text.count('class="overdue"') == 1 and text.count("<strong>Overdue</strong>") == 1
    assert text.index(late.student.display_name) < text.index(soon.student.display_name)
    assert reverse("web:provider_cca", args=[late.pk]) in text


def test_census_without_a_start_date_comes_last(world) -> None:
    undated = enrolled(world)
    dated = with_confirmation_due(enrolled(world), 30)
    shown = [c.pk for c in signed_in(world).get(reverse("web:census")).context["page"]]
    assert undated.confirmation_due is None and shown == [dated.pk, undated.pk]


def test_census_paginates(world) -> None:
    for _ in range(26):
        enrolled(world)
    first = signed_in(world).get(reverse("web:census"))
    assert len(first.context["page"].object_list) == 25 and first.context["page"].has_next()
    bigger = signed_in(world).get(reverse("web:census"), {"per": 50})
    assert len(bigger.context["page"].object_list) == 26


def test_an_empty_census_says_so(world) -> None:
    assert "Nothing to confirm" in signed_in(world).get(reverse("web:census")).content.decode()


def counselor(world, username: str, first: str, email: str, school=None) -> User:
    user = User.objects.create_user(username, password="x", first_name=first, last_name="Guide")
    user.email = email
    user.save()
    RoleMembership.objects.create(
        user=user, role=Role.COUNSELOR.value, organisation=school or world.school
    )
    return user


def test_contacts_show_the_cca_counselor_or_else_the_schools(world) -> None:
    world.school.phone, world.school.email = "801-555-0199", "office@canyon.example"
    world.school.save()
    assigned = enrolled(world)  # filed by the counselor: it names them
    assert assigned.counselor == world.actor(Role.COUNSELOR).user
    User.objects.filter(pk=assigned.counselor_id).update(email="c1@canyon.example")
    orphan = enrolled(world)
    CCA.objects.filter(pk=orphan.pk).update(counselor=None)
    counselor(world, "second", "Sam", "sam@canyon.example")
    far_school = org("school", "SCH7", "Elsewhere High", parent=world.lea)
    counselor(world, "far", "Farrah", "farrah@elsewhere.example", school=far_school)
    theirs = other_providers_cca(world)
    page = signed_in(world).get(reverse("web:contacts"))
    assert page.status_code == 200
    rows = {c.pk: c for c in page.context["page"].object_list}
    assert set(rows) == {assigned.pk, orphan.pk} and theirs.pk not in rows
    text = page.content.decode()
    assigned_row = text[text.index(assigned.student.display_name) :].split("</tr>")[0]
    orphan_row = text[text.index(orphan.student.display_name) :].split("</tr>")[0]
    assert "c1@canyon.example" in assigned_row and "sam@canyon.example" not in assigned_row
    assert "sam@canyon.example" in orphan_row and "School counselors:" in orphan_row
    assert "farrah@elsewhere.example" not in text
    assert "801-555-0199" in orphan_row and "office@canyon.example" in orphan_row


def test_contacts_leave_out_closed_ccas(world) -> None:
    closed = enrolled(world)
    CCA.objects.filter(pk=closed.pk).update(status="pass_all_complete")
    open_one = enrolled(world)
    shown = {c.pk for c in signed_in(world).get(reverse("web:contacts")).context["page"]}
    assert shown == {open_one.pk}


@pytest.mark.parametrize("role", [Role.COUNSELOR, Role.AUDITOR, Role.STATE_SPECIALIST])
def test_other_roles_cannot_open_the_provider_lists(world, role: Role) -> None:
    client = signed_in(world, role)
    assert client.get(reverse("web:census")).status_code == 404
    assert client.get(reverse("web:contacts")).status_code == 404


@pytest.mark.parametrize("name", ["census", "contacts"])
def test_query_count_does_not_grow_with_rows(world, name: str) -> None:
    for n in range(4):
        cca = with_confirmation_due(enrolled(world), n)
        if n % 2:
            CCA.objects.filter(pk=cca.pk).update(counselor=None)
    counselor(world, "second", "Sam", "sam@canyon.example")
    client = signed_in(world)
    with CaptureQueriesContext(connection) as small:
        page = client.get(reverse(f"web:{name}"))
    assert len(page.context["page"].object_list) == 4
    for n in range(8):
        cca = with_confirmation_due(enrolled(world), 10 + n)
        if n % 2:
            CCA.objects.filter(pk=cca.pk).update(counselor=None)
    other_school = org("school", "SCH6", "North High", parent=world.lea)
    counselor(world, "north", "Nora", "nora@north.example", school=other_school)
    for _ in range(3):
        student_cca = enrolled(world, Role.STATE_SPECIALIST, primary_school=other_school)
        CCA.objects.filter(pk=student_cca.pk).update(counselor=None)
    with CaptureQueriesContext(connection) as large:
        page = client.get(reverse(f"web:{name}"))
    assert len(page.context["page"].object_list) == 15
    assert len(large.captured_queries) == len(small.captured_queries)


# Issue 9: the contacts' phone, search and export -------------------------------------------


def test_contacts_show_each_counselors_work_phone(world) -> None:
    world.school.phone = "801-555-0199"
    world.school.save()
    assigned = enrolled(world)
    User.objects.filter(pk=assigned.counselor_id).update(phone="801-555-0142 ext. 7")
    orphan = enrolled(world)
    CCA.objects.filter(pk=orphan.pk).update(counselor=None)
    sam = counselor(world, "second", "Sam", "sam@canyon.example")
    User.objects.filter(pk=sam.pk).update(phone="+44 20 7946 0958")
    text = signed_in(world).get(reverse("web:contacts")).content.decode()
    assigned_row = text[text.index(assigned.student.display_name) :].split("</tr>")[0]
    orphan_row = text[text.index(orphan.student.display_name) :].split("</tr>")[0]
    assert "801-555-0142 ext. 7" in assigned_row and "+44 20 7946 0958" not in assigned_row
    assert "+44 20 7946 0958" in orphan_row and "801-555-0199" in orphan_row


def test_the_contacts_search_is_posted_and_kept_out_of_the_address(world) -> None:
    wanted = enrolled(world, legal_first_name="Ximena", legal_last_name="Quintero")
    other = enrolled(world, legal_first_name="Bo", legal_last_name="Lund")
    client = signed_in(world)
    answer = client.post(reverse("web:contacts"), {"q": "quint", "per": "50"})
    assert answer.status_code in (302, 303)
    address = answer["Location"]
    assert "quint" not in address.lower() and "search=" in address and "per=50" in address
    page = client.get(address)
    assert [c.pk for c in page.context["page"].object_list] == [wanted.pk]
    text = page.content.decode()
    assert 'value="quint"' in text and other.student.display_name not in text
    link = re.search(r'href="(/provider/contacts\.csv[^"]*)"', text)
    assert link is not None and "quint" not in link.group(1)
    export = client.get(link.group(1).replace("&amp;", "&"))
    assert export.status_code == 200
    lines = export.content.decode().splitlines()
    assert len(lines) == 2 and "Quintero" in lines[1] and "Lund" not in export.content.decode()
    # an old address with the text in it is sent to a keyed one
    legacy = client.get(reverse("web:contacts"), {"q": "quint"})
    assert legacy.status_code == 303 and "quint" not in legacy["Location"]
    # by school name, course code and counselor's last name too
    for term in ("canyon", wanted.offering.core_code, "guide"):
        address = client.post(reverse("web:contacts"), {"q": term})["Location"]
        found = {c.pk for c in client.get(address).context["page"].object_list}
        if term == "guide":
            assert found == set(), term  # the counselor of these CCAs is not a "Guide"
        else:
            assert found == {wanted.pk, other.pk}, term


def test_the_contacts_export_has_the_screens_columns_in_words(world) -> None:
    world.school.phone, world.school.email = "801-555-0199", "office@canyon.example"
    world.school.save()
    assigned = enrolled(world)
    User.objects.filter(pk=assigned.counselor_id).update(
        phone="801-555-0142", email="c1@canyon.example"
    )
    orphan = enrolled(world)
    CCA.objects.filter(pk=orphan.pk).update(counselor=None)
    counselor(world, "second", "Sam", "sam@canyon.example")
    response = signed_in(world).get(reverse("web:contacts_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == [
        "Student", "SSID", "Course", "Session", "Status", "Counselor", "Counselor email",
        "Counselor phone", "Counselor of", "School", "School phone", "School email",
    ]  # fmt: skip
    by_student = {r["Student"]: r for r in rows}
    mine = by_student[assigned.student.display_name]
    assert mine["Counselor email"] == "c1@canyon.example"
    assert mine["Counselor phone"] == "801-555-0142" and mine["Counselor of"] == "this course"
    assert mine["Status"] == "Enrollment Complete" and mine["School phone"] == "801-555-0199"
    theirs = by_student[orphan.student.display_name]
    assert "sam@canyon.example" in theirs["Counselor email"]
    assert theirs["Counselor of"] == "the school"
    assert signed_in(world, Role.COUNSELOR).get(reverse("web:contacts_export")).status_code == 404


def test_the_contacts_export_costs_the_same_queries_for_more_rows(world) -> None:
    for n in range(3):
        cca = enrolled(world)
        if n % 2:
            CCA.objects.filter(pk=cca.pk).update(counselor=None)
    client = signed_in(world)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("web:contacts_export"))
    for n in range(6):
        cca = enrolled(world)
        if n % 2:
            CCA.objects.filter(pk=cca.pk).update(counselor=None)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("web:contacts_export"))
    assert len(response.content.decode().splitlines()) == 10
    assert len(large.captured_queries) == len(small.captured_queries)
