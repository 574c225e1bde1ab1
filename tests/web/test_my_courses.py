""" "My courses", the home of students and parents: one card per CCA they may see, grouped by
child, the current school year first, with who acts next, grade progress and the at-risk notice;
the CCA page's family view; scoping, logging and a query count that does not grow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from seats.core.models import CCA, AccessLog, Guardian
from seats.core.selectors.ccas import due_items
from seats.core.selectors.family import STEP_COLUMNS, next_steps
from seats.core.services.enrollment import record_progress, set_at_risk
from seats.core.services.requests import decide_as_provider, reject_as_state
from seats.domain.calendars import school_year_of
from seats.domain.roles import Role
from tests.core.helpers_lifecycle import confirmed, provider_actor
from tests.factories import build_world, make_offering, make_student, org

pytestmark = pytest.mark.django_db
URL = "/my-courses/"


@pytest.fixture
def world():
    return build_world()


def client_for(user, **headers) -> Client:
    client = Client(headers=headers)
    client.force_login(user)
    return client


def to_current_year(cca: CCA) -> None:
    """Move a CCA into today's school year (the factories file requests for 2025-26)."""
    CCA.objects.filter(pk=cca.pk).update(school_year=school_year_of(timezone.localdate()))


def text_of(response) -> str:
    return response.content.decode()


def test_the_url_and_the_menu(world) -> None:
    from seats.web.nav import MY_COURSES

    assert reverse(MY_COURSES) == URL
    page = client_for(world.actor(Role.STUDENT).user).get(URL)
    assert f'href="{URL}" aria-current="page"><span>My courses</span></a>' in text_of(page)
    counselor_menu = text_of(client_for(world.actor(Role.COUNSELOR).user).get(reverse("web:ccas")))
    assert f'href="{URL}"' not in counselor_menu


@pytest.mark.parametrize("role", list(Role))
def test_only_students_and_parents_open_it(world, role: Role) -> None:
    status = client_for(world.actor(role).user).get(URL).status_code
    assert status == (200 if role in {Role.STUDENT, Role.PARENT} else 404)


def test_the_empty_state_leads_to_the_catalog(world) -> None:
    parent = text_of(client_for(world.actor(Role.PARENT).user).get(URL))
    assert "Your children have no course requests yet." in parent
    assert f'href="{reverse("web:catalog")}"' in parent and "Browse the course catalog" in parent
    student = text_of(client_for(world.actor(Role.STUDENT).user).get(URL))
    assert "You have no course requests yet." in student


def test_a_pending_request_says_who_acts_next_and_by_when(world) -> None:
    cca = world.submit()  # no local registration yet: the family acts first
    page = client_for(world.actor(Role.STUDENT).user).get(URL)
    text = text_of(page)
    [card] = page.context["cards"]
    assert card.cca.pk == cca.pk and card.registration_needed
    assert cca.offering.provider_title in text and world.provider.name in text
    assert "Pending Execution" in text
    assert "Waiting for you: complete the local registration" in text  # whose turn, not a guess
    registration = reverse("web:registration", kwargs={"provider_code": world.provider.code})
    assert f'href="{registration}?student={world.student.pk}"' in text
    assert "Primary LEA approves or rejects: Primary LEA (school district), by " in text
    assert [s.key for s in card.steps] == ["lea_decision_due"]  # the provider waits for it
    assert f'href="{reverse("web:cca", args=[cca.pk])}"' in text


def test_grade_progress_at_risk_and_last_activity(world) -> None:
    cca = confirmed(world)
    today = timezone.localdate()
    cca = record_progress(
        actor=provider_actor(world),
        cca_id=cca.pk,
        expected_version=cca.version,
        percent="61",
        letter="D",
        last_activity=today - timedelta(days=3),
        as_of=today,
    )
    set_at_risk(
        actor=provider_actor(world),
        cca_id=cca.pk,
        expected_version=cca.version,
        at_risk=True,
        as_of=today,
    )
    counselor = world.actor(Role.COUNSELOR).user
    counselor.first_name, counselor.last_name, counselor.email = "Cora", "Lee", "cora@example.org"
    counselor.save()
    for client in (client_for(world.actor(Role.PARENT).user), client_for(world.student.user)):
        text = text_of(client.get(URL))
        assert "Grade progress:</strong>" in text and "61%" in text
        assert "(letter grade D)" in text and "as of" in text
        assert f'<progress max="100" value="61.00" aria-labelledby="progress-{cca.pk}">' in text
        assert "At risk of failing" in text and "may not pass this course" in text
        assert "Contact: Cora Lee, school counselor." in text
        assert 'href="mailto:cora@example.org"' in text
        assert "Last activity in the course: 3 days ago." in text
        assert "Confirmed" in text and "participation is confirmed" in text
    detail = text_of(client_for(world.actor(Role.PARENT).user).get(f"/ccas/{cca.pk}/"))
    assert "How the course is going" in detail and "61%" in detail
    assert "Last activity in the course: 3 days ago." in detail
    assert "← My courses" in detail
    assert "Flagged at risk of failing" in detail and "Grade progress reported" in detail


def test_the_family_detail_hides_staff_rules_staff_keep_them(world) -> None:
    cca = world.submit()
    family = text_of(client_for(world.actor(Role.PARENT).user).get(f"/ccas/{cca.pk}/"))
    staff = text_of(client_for(world.actor(Role.COUNSELOR).user).get(f"/ccas/{cca.pk}/"))
    rule = "business days after submission"
    assert rule not in family and rule in staff
    assert "Request submitted" in family and "by School counselor, Canyon View High" in family
    assert "counselor (School counselor)" not in family  # a staff user name never reaches it
    assert "by counselor (School counselor)" in staff
    assert "How the course is going" not in staff


def test_a_parent_sees_each_child_grouped_current_year_first(world) -> None:
    second = make_student(world, legal_first_name="Zed", legal_last_name="Tester")
    world.guardian.students.add(second)
    past = world.submit()
    current = world.submit(offering=world.offering_full_credit)
    to_current_year(current)
    theirs = world.submit(student=second, actor=world.actor(Role.STATE_SPECIALIST))
    page = client_for(world.actor(Role.PARENT).user).get(URL)
    text = text_of(page)
    assert [c.cca.pk for c in page.context["cards"]] == [current.pk, past.pk, theirs.pk]
    first, zed = world.student.display_name, second.display_name
    assert text.index(first) < text.index(zed)
    assert f'<h2 id="student-{world.student.pk}">{first}</h2>' in text
    assert "(this year)" in text and "School year 2025-26" in text


def test_another_familys_courses_never_show(world) -> None:
    other_lea = org("lea", "LEA9", "Far Valley District")
    other_school = org("school", "SCH9", "Far Valley High", parent=other_lea)
    stranger = make_student(world, primary_lea=other_lea, primary_school=other_school)
    Guardian.objects.create(first_name="Other", last_name="Parent").students.add(stranger)
    hidden = world.submit(
        student=stranger,
        offering=make_offering(world, provider_title="Hidden Course"),
        actor=world.actor(Role.STATE_SPECIALIST),
    )
    mine = world.submit()
    for role in (Role.PARENT, Role.STUDENT):
        page = client_for(world.actor(role).user).get(URL)
        assert [c.cca.pk for c in page.context["cards"]] == [mine.pk]
        assert "Hidden Course" not in text_of(page) and hidden.pk != mine.pk


def test_the_visit_is_logged_without_personal_data(world) -> None:
    world.submit()
    client_for(world.actor(Role.PARENT).user).get(URL)
    entry = AccessLog.objects.get(action="list")
    assert (entry.user, entry.role, entry.what, entry.rows) == (
        world.actor(Role.PARENT).user,
        "parent",
        "My courses",
        1,
    )


def test_the_query_count_does_not_grow_with_courses(world) -> None:
    world.register()
    client = client_for(world.actor(Role.PARENT).user)
    world.submit()
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for _ in range(3):
        child = make_student(world)
        world.guardian.students.add(child)
        world.submit(student=child)
    confirmed(world, offering=world.offering_full_credit)
    with CaptureQueriesContext(connection) as many:
        page = client.get(URL)
    assert len(page.context["cards"]) == 5
    assert len(many.captured_queries) == len(one.captured_queries)


def test_next_steps_agree_with_the_recomputed_deadlines(world) -> None:
    """The page reads the stored deadline columns; due_items recomputes them. They agree."""
    world.register()
    pending = world.submit()
    accepted = world.accept(world.submit(offering=world.offering_full_credit))
    in_course = confirmed(world, offering=make_offering(world))
    today = timezone.localdate()
    for cca in (pending, accepted, in_course):
        cca = CCA.objects.select_related("student", "provider").get(pk=cca.pk)
        expected = sorted(
            (item.deadline.due, item.deadline.key, item.deadline.who)
            for item in due_items(cca, today)
            if item.open and item.deadline.key in STEP_COLUMNS
        )
        found = [(s.due, s.key, s.who) for s in next_steps(cca, today)]
        assert found == expected, cca.status
        assert found, cca.status  # every open CCA has someone to act


def test_a_spanish_parent_reads_spanish(world) -> None:
    """No choice on the account: the browser's Spanish applies to every family page."""
    cca = confirmed(world)
    parent = world.actor(Role.PARENT).user
    assert parent.language == ""
    client = client_for(parent, accept_language="es-MX,es;q=0.9")
    home = text_of(client.get(URL))
    assert '<html lang="es">' in home and "Mis cursos" in home
    assert "Confirmada" in home and "Cursando: la participación está confirmada." in home
    assert "Padre, madre o tutor" in home  # the role under the name
    detail = text_of(client.get(f"/ccas/{cca.pk}/"))
    assert "Confirmada" in detail and "Inscripción confirmada" in detail
    assert "Solicitud presentada" in detail and "Cómo va el curso" in detail
    assert "Consejero escolar, Canyon View High" in detail and "Confirmed" not in detail
    queue = text_of(client.get(reverse("web:ccas")))
    assert "Confirmada" in queue and ">Confirmed<" not in queue


def reject_by_provider(world, cca: CCA, code: str) -> CCA:
    cca.refresh_from_db()
    return decide_as_provider(
        actor=world.actor(Role.PROVIDER_STAFF),
        cca_id=cca.pk,
        expected_version=cca.version,
        accept=False,
        reason_code=code,
    )


@pytest.mark.parametrize(
    "accept_language, shown, hidden",
    [
        ("es-MX,es;q=0.9", "El curso está lleno.", "The course is full."),
        ("en-US,en;q=0.9", "The course is full.", "El curso está lleno."),
    ],
)
def test_a_rejected_request_says_why_in_the_familys_language(
    world, accept_language: str, shown: str, hidden: str
) -> None:
    to_current_year(reject_by_provider(world, world.submit(), "course_full"))
    pending = world.submit(offering=world.offering_full_credit)
    client = client_for(world.actor(Role.PARENT).user, accept_language=accept_language)
    page = client.get(URL)
    cards = {card.cca.pk: card for card in page.context["cards"]}
    assert cards[pending.pk].reason == ""  # only a request that will not go ahead has one
    home = text_of(page)
    assert home.count(shown) == 1 and hidden not in home
    cca_pk = next(pk for pk, card in cards.items() if card.reason)
    detail = text_of(client.get(f"/ccas/{cca_pk}/"))
    assert f"<p>{shown}</p>" in detail and hidden not in detail


def test_staff_read_the_decision_trees_english(world) -> None:
    cca = reject_by_provider(world, world.submit(), "course_full")
    staff = client_for(world.actor(Role.COUNSELOR).user, accept_language="es-MX,es;q=0.9")
    detail = text_of(staff.get(f"/ccas/{cca.pk}/"))
    assert "<p>The course is full.</p>" in detail and "El curso está lleno." not in detail


def test_a_state_rejection_reads_from_the_history(world) -> None:
    """The state's reason is stored only on the history entry; the card reads it from there."""
    cca = world.submit()
    reject_as_state(
        actor=world.actor(Role.STATE_SPECIALIST),
        cca_id=cca.pk,
        expected_version=cca.version,
        reason_code="duplicate_request",
    )
    to_current_year(cca)
    client = client_for(world.actor(Role.STUDENT).user, accept_language="es")
    home = text_of(client.get(URL))
    assert "<dt>Motivo</dt><dd>La solicitud duplica otra solicitud" in home
