"""The web application's first pages: sign-in, roles, the scoped queue and a CCA's detail."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from seats.core.models import AccessLog, RoleMembership
from seats.domain.roles import BESIDE_SOEP_ROLES, Role
from seats.web.nav import HOME
from seats.web.permissions import declared
from tests.factories import build_world, make_offering, make_student, org
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    world = build_world()
    world.register()
    ours = world.submit()
    other_lea = org("lea", "LEA9", "Far Valley District")
    other_school = org("school", "SCH9", "Far Valley High", parent=other_lea)
    other_provider = org("provider", "PRV9", "Far Online", provider_category="certified")
    stranger = make_student(world, primary_lea=other_lea, primary_school=other_school)
    theirs = world.submit(
        student=stranger,
        offering=make_offering(world, provider=other_provider),
        actor=world.actor(Role.STATE_SPECIALIST),
    )
    return world, ours, theirs


#: Pages whose ``pk`` is a student's, not a CCA's.
STUDENT_PAGES = {"caseload_student"}


def test_sign_in_then_land_on_the_role_home(scene) -> None:
    world, ours, _ = scene
    client = Client()
    assert client.get(reverse("web:home")).url == reverse("web:login")
    page = client.get(reverse("web:login"))
    assert page.status_code == 200 and b'autocomplete="current-password"' in page.content
    user = world.actor(Role.COUNSELOR).user
    user.set_password("correct horse")
    user.save()
    response = client.post(
        reverse("web:login"), {"username": "counselor", "password": "correct horse"}
    )
    assert response.status_code == 302
    home = client.get(reverse("web:home")).url
    assert home == reverse("web:caseload")  # a counselor's home (seats.web.nav.HOME)
    caseload = client.get(home, {"year": ours.school_year})
    assert caseload.status_code == 200
    assert ours.student.display_name.encode() in caseload.content


def test_repeated_failed_sign_ins_are_throttled(scene) -> None:
    world, _, _ = scene
    user = world.actor(Role.COUNSELOR).user
    user.set_password("right")
    user.save()
    client = Client()
    for _ in range(5):
        assert (
            client.post(
                reverse("web:login"), {"username": "counselor", "password": "no"}
            ).status_code
            == 200
        )
    locked = client.post(reverse("web:login"), {"username": "counselor", "password": "right"})
    assert locked.status_code == 429
    assert b"Too many failed sign-ins" in locked.content
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", list(Role))
def test_queue_and_detail_are_scoped(scene, role: Role) -> None:
    world, ours, theirs = scene
    client = signed_in(world, role)
    if role in BESIDE_SOEP_ROLES:  # they see no SOEP page (SPEC 1, issue 12)
        assert client.get(reverse("web:ccas")).status_code == 404
        assert client.get(reverse("web:cca", args=[ours.pk])).status_code == 404
        return
    page = client.get(reverse("web:ccas"))
    assert page.status_code == 200
    shown = {c.pk for c in page.context["page"].object_list}
    everyone = role in {Role.STATE_SPECIALIST, Role.STATE_ADMIN, Role.AUDITOR}
    assert shown == ({ours.pk, theirs.pk} if everyone else {ours.pk})
    assert client.get(reverse("web:cca", args=[ours.pk])).status_code == 200
    hidden = client.get(reverse("web:cca", args=[theirs.pk])).status_code
    missing = client.get(reverse("web:cca", args=[10**9])).status_code
    assert missing == 404 and hidden == (200 if everyone else 404)


def test_views_of_student_records_are_logged(scene) -> None:
    world, ours, _ = scene
    client = signed_in(world, Role.PROVIDER_STAFF)
    client.get(reverse("web:cca", args=[ours.pk]))
    entry = AccessLog.objects.get(action="view")
    assert (entry.user, entry.role, entry.cca_id, entry.student_id) == (
        world.actor(Role.PROVIDER_STAFF).user,
        "provider_staff",
        ours.pk,
        ours.student_id,
    )
    assert ours.student.legal_last_name not in entry.what  # keys only, no personal data


def test_detail_shows_what_is_due_and_what_happened(scene) -> None:
    world, ours, _ = scene
    page = signed_in(world, Role.COUNSELOR).get(reverse("web:cca", args=[ours.pk]))
    text = page.content.decode()
    assert "Primary LEA approves or rejects" in text and "Pending Execution" in text
    assert "by counselor (School counselor)" in text


def test_a_person_with_two_roles_switches(scene) -> None:
    world, ours, theirs = scene
    person = world.actor(Role.COUNSELOR).user
    RoleMembership.objects.create(
        user=person, role=Role.PROVIDER_STAFF.value, organisation=theirs.provider
    )
    client = Client()
    client.force_login(person)
    first = {c.pk for c in client.get(reverse("web:ccas")).context["page"].object_list}
    choices = client.get(reverse("web:choose_role")).context["choices"]
    provider_key = next(key for key, v in choices if v.role is Role.PROVIDER_STAFF)
    assert client.post(reverse("web:choose_role"), {"viewer": provider_key}).status_code == 302
    second = {c.pk for c in client.get(reverse("web:ccas")).context["page"].object_list}
    assert first == {ours.pk} and second == {theirs.pk}
    assert client.post(reverse("web:choose_role"), {"viewer": "state_admin:1"}).status_code == 404


def _web_patterns(resolver: URLResolver | None = None, inside: bool = False) -> list[URLPattern]:
    """Every URL pattern of the ``web`` namespace, its included modules' too."""
    out = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if inside or getattr(entry, "namespace", None) == "web":
                out += _web_patterns(entry, inside=True)
        else:
            out.append(entry)
    return out


def test_every_web_url_declares_its_permission() -> None:
    undeclared = [p.name for p in _web_patterns(get_resolver()) if not declared(p.callback)]
    assert undeclared == []


def _adult_enrollment(world):  # type: ignore[no-untyped-def]
    """An adult-education enrollment of a program at the world's LEA (issue 12's pages)."""
    from datetime import date

    from seats.adulted.models import AdultStudent, Enrollment, Program

    program = Program.objects.create(code="AEW", name="Walk Adult Ed", organisation=world.lea)
    student = AdultStudent.objects.create(
        program=program, first_name="Wren", last_name="Walker", date_of_birth=date(1990, 1, 1)
    )
    return Enrollment.objects.create(
        student=student,
        program=program,
        fiscal_year=2025,
        entry_date=date(2025, 9, 2),
        area_of_focus="ABE",
    )


def _adult_entries(enrollment) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """An hour entry and an assessment of the enrollment (their correct-or-void pages)."""
    from datetime import date

    from seats.adulted.models import Assessment, ContactHour

    hour = ContactHour.objects.create(
        enrollment=enrollment, day=date(2025, 9, 3), kind="instructional", hours=2
    )
    test = Assessment.objects.create(
        enrollment=enrollment,
        test="TABE_9_10",
        day=date(2025, 9, 2),
        administrator="Kim",
        table_effective=date(2025, 7, 1),
    )
    return {"hour_id": hour.pk, "assessment_id": test.pk}


MEMBERSHIP_RECORD_PAGES = {
    "logout",
    "membership_why",
    "membership_program",
    "membership_program_edit",
    "membership_enroll",
    "membership_enrollment",
    "membership_enrollment_edit",
    "membership_enrollment_exit",
}


@pytest.mark.parametrize("role", list(Role))
def test_walk_every_url_with_every_role(scene, role: Role) -> None:
    world, ours, _ = scene
    client = signed_in(world, role)
    adult = _adult_enrollment(world)
    entries = _adult_entries(adult)
    for pattern in _web_patterns(get_resolver()):
        if pattern.name in MEMBERSHIP_RECORD_PAGES:  # a program's or an enrollment's page:
            continue  # tests/web/test_membership_pages.py, test_membership_records.py
        kwargs = {"pk": ours.pk} if "pk" in str(pattern.pattern) else {}
        if pattern.name.startswith("adulted_") and kwargs:
            kwargs = {"pk": adult.pk}
            kwargs |= {k: v for k, v in entries.items() if k in str(pattern.pattern)}
        if pattern.name in STUDENT_PAGES:
            kwargs = {"pk": ours.student_id}
        if "file_format" in str(pattern.pattern):
            kwargs = {"file_format": "csv"}
        status = client.get(reverse(f"web:{pattern.name}", kwargs=kwargs)).status_code
        allowed = (
            getattr(pattern.callback, "seats_public", False) or role in pattern.callback.seats_roles
        )
        assert status in ((200, 302) if allowed else (404,)), (pattern.name, role, status)


def test_queue_query_count_does_not_grow_with_rows(scene) -> None:
    world, _, _ = scene
    for _ in range(12):
        world.submit(student=make_student(world), offering=world.offering)
    client = signed_in(world, Role.COUNSELOR)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("web:ccas"), {"per": 10})
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("web:ccas"), {"per": 25})
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_menu_offers_only_pages_the_role_may_open() -> None:
    """A menu link to a page the role may not open would answer "not found"."""
    from seats.web.nav import NAV

    for item in NAV:
        match = get_resolver().resolve(reverse(item.url_name))
        allowed = getattr(match.func, "seats_roles", None)
        assert allowed is not None, item.url_name
        assert item.roles <= allowed, (item.url_name, item.roles - allowed)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_the_api_token_page_is_in_the_menu_of_staff_roles(role: Role) -> None:
    """Issue 9: the staff, whose systems and scripts use the API, find the token page in the
    menu (and it keeps the app's header and menu); students and parents do not."""
    client = signed_in(build_world(), role)
    menu = client.get(reverse(HOME[role])).content.decode()
    link = f'href="{reverse("seats-api-tokens")}"'
    assert (link in menu) is (role not in {Role.STUDENT, Role.PARENT})
    page = client.get(reverse("seats-api-tokens"))
    assert page.status_code == 200
    assert 'aria-label="Main"' in page.content.decode()
