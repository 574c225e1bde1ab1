"""The queue's search: a student's name prefix in any case (read from the CCA's stored search
copies), the SSID, a course code or a word of its title; a rename in the back office keeps the
copies right; the page is read by keys in the queue's order."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse

from seats.core.models import CCA, Student, User
from seats.core.selectors.access import viewers_of
from seats.core.selectors.ccas import PageByKeys, QueueQuery, queue
from seats.domain.roles import Role
from tests.factories import build_world, make_offering, make_student
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    w.register()
    return w


def found(world, term: str, role: Role = Role.COUNSELOR) -> set[int]:
    page = signed_in(world, role).post(reverse("web:ccas"), {"status": "", "q": term}, follow=True)
    assert page.status_code == 200
    return {c.pk for c in page.context["page"].object_list}


def test_each_kind_of_search_finds_its_ccas(world) -> None:
    nunez = make_student(world, legal_last_name="Núñez", legal_first_name="Ana", ssid="7654321")
    world.register(nunez)
    hers = world.submit(student=nunez)
    theirs = world.submit()  # the world's own student, "Tester"
    algebra = make_offering(world, provider_title="Algebra Online", core_code="0123456")
    other = world.submit(offering=algebra)
    assert found(world, "nú") == found(world, "NÚÑ") == {hers.pk}
    assert found(world, "ana") == {hers.pk}  # a first name
    assert found(world, "7654321") == {hers.pk}  # an SSID, exactly
    assert found(world, "765") == set()  # not a prefix of an SSID
    assert found(world, "0123456") == {other.pk}  # a course code
    assert found(world, "gebra") == {other.pk}  # a word inside a course title
    assert found(world, "tEsT") == {theirs.pk, other.pk}
    assert found(world, "nobody") == set()
    cca = CCA.objects.get(pk=hers.pk)
    assert (cca.search_last_name, cca.search_first_name) == ("NÚÑEZ", "ANA")


def test_a_rename_in_the_back_office_moves_the_search(world) -> None:
    cca = world.submit()
    staff = User.objects.create_superuser("admin2", "a@example.org", "pw-unused-123")
    request = RequestFactory().post("/")
    request.user = staff
    student_admin = admin.site._registry[Student]
    student = Student.objects.get(pk=world.student.pk)
    form_class = student_admin.get_form(request, student, change=True)
    data = {k: v for k, v in model_to_dict(student).items() if v is not None}
    data["legal_last_name"] = "Byron"
    form = form_class(data=data, instance=student)
    assert form.is_valid(), form.errors
    student_admin.save_model(request, form.save(commit=False), form, change=True)
    assert found(world, "byr") == {cca.pk}
    assert found(world, "test") == set()


def test_a_page_by_keys_keeps_the_queue_order_and_count(world) -> None:
    ccas = [world.submit(student=make_student(world)) for _ in range(7)]
    for cca in ccas:
        world.register(cca.student)
    viewer = viewers_of(world.actor(Role.COUNSELOR).user)[0]
    rows = queue(viewer, QueueQuery(sort="-submitted"))
    pages = PageByKeys(rows)
    assert pages.count() == len(pages) == 7
    assert [c.pk for c in pages[2:5]] == list(rows.values_list("pk", flat=True)[2:5])
    assert [c.pk for c in pages[0:7]] == sorted((c.pk for c in ccas), reverse=True)
