"""Each person sees what is theirs to do (issue 9, section 3): the queue's columns, whose turn it
is on each row, the CCA page and My courses, the export with names, and the default page size."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seats.domain.roles import Role
from tests.factories import build_world, make_student, registration_done
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db
QUEUE = "/ccas/"


@pytest.fixture
def world():
    w = build_world()
    w.register()
    return w


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def headings(html: str) -> list[str]:
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    cells = re.findall(r"<th[^>]*>(.*?)</th>", head, flags=re.S)
    cells = [re.sub(r'<span aria-hidden="true">.*?</span>', "", c) for c in cells]  # sort arrow
    return [re.sub(r"<[^>]+>", "", c).strip() for c in cells]


def row_of(html: str, cca) -> str:  # type: ignore[no-untyped-def]
    """The queue row that links to ``cca``."""
    for row in html.split("<tr>")[1:]:
        if f'href="/ccas/{cca.pk}/"' in row:
            return row.split("</tr>", 1)[0]
    raise AssertionError(f"no row for CCA {cca.pk}")


def test_the_lea_queue_has_the_training_columns_and_actions(world) -> None:
    cca = world.submit()
    html = text(signed_in(world, Role.LEA_APPROVER).get(QUEUE))
    shown = headings(html)
    training = [
        "Submission Date",
        "Student",
        "Counselor",
        "Session",
        "Course",
        "Credit",
        "Provider",
        "Status",
        "SEOP Consistent",
    ]
    assert shown[: len(training)] == training and shown[-1] == "Actions"
    row = row_of(html, cca)
    approve = reverse("web:school_lea_approve", args=[cca.pk])
    reject = reverse("web:school_lea_reject", args=[cca.pk])
    assert f'href="{approve}"' in row and f'href="{reject}"' in row
    assert "Open request" in row and "Semester 1, 2025-26" in row
    provider = text(signed_in(world, Role.PROVIDER_STAFF).get(QUEUE + "?status="))
    assert f'href="{approve}"' not in provider and "Open request" in row_of(provider, cca)


def test_a_request_the_lea_approved_does_not_look_like_one_waiting_for_it(world) -> None:
    cca = world.approve(world.submit())
    lea = row_of(text(signed_in(world, Role.LEA_APPROVER).get(QUEUE)), cca)
    assert "Pending Execution" in lea
    assert "Approved by you, waiting for the provider" in lea
    assert "Waiting for you" not in lea
    assert reverse("web:school_lea_approve", args=[cca.pk]) not in lea  # no approve offered
    provider = row_of(text(signed_in(world, Role.PROVIDER_STAFF).get(QUEUE)), cca)
    assert "Approved by the LEA, waiting for you" in provider
    counselor = row_of(text(signed_in(world, Role.COUNSELOR).get(QUEUE)), cca)
    assert "Approved by the LEA, waiting for the provider" in counselor


def test_each_queue_says_whose_turn_before_any_decision(world) -> None:
    cca = world.submit()
    assert "Waiting for you" in row_of(text(signed_in(world, Role.LEA_APPROVER).get(QUEUE)), cca)
    assert "Waiting for you" in row_of(text(signed_in(world, Role.PROVIDER_STAFF).get(QUEUE)), cca)
    counselor = row_of(text(signed_in(world, Role.COUNSELOR).get(QUEUE)), cca)
    assert "Waiting for your SEOP/PCCR review" in counselor
    world.accept(cca)
    lea = row_of(text(signed_in(world, Role.LEA_APPROVER).get(QUEUE)), cca)
    assert "Accepted by the provider, waiting for you" in lea
    provider = row_of(text(signed_in(world, Role.PROVIDER_STAFF).get(QUEUE)), cca)
    assert "Accepted by you, waiting for the LEA" in provider


@pytest.mark.parametrize(
    ("role", "per"),
    [(Role.LEA_APPROVER, 50), (Role.COUNSELOR, 50), (Role.PROVIDER_STAFF, 25)],
)
def test_deciders_see_50_entries_by_default(world, role: Role, per: int) -> None:
    page = signed_in(world, role).get(QUEUE)
    assert page.context["per_page"] == per
    assert f'<option value="{per}" selected>' in text(page)
    assert signed_in(world, role).get(QUEUE + "?per=10").context["per_page"] == 10


def test_the_export_has_the_screen_columns_with_names(world) -> None:
    world.lea.counselors_decide = False
    cca = world.approve(world.submit())
    client = signed_in(world, Role.LEA_APPROVER)
    screen = headings(text(client.get(QUEUE)))
    response = client.get(reverse("web:ccas_export", args=["csv"]) + "?status=pending_execution")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, [line] = rows[0], rows[1:]
    shown = [h for h in screen if h not in {"Actions", "Select"}]
    assert [h for h in header if h != "Whose turn"] == shown
    values = dict(zip(header, line, strict=True))
    assert values["Status"] == "Pending Execution"  # a name, not pending_execution
    assert values["Provider"] == world.provider.name and values["Session"] == "Semester 1, 2025-26"
    assert values["Student"] == cca.student.display_name
    assert values["Whose turn"] == "Approved by you, waiting for the provider"
    assert values["Submission Date"] == "2025-09-02" and values["Credit"] == "0.50"


def test_the_queue_reads_whose_turn_without_a_query_per_row(world) -> None:
    client = signed_in(world, Role.LEA_APPROVER)
    world.submit()
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    for _ in range(5):
        world.approve(world.submit(student=make_student(world)))
    client.get(QUEUE)  # the access log writes a new row count once
    with CaptureQueriesContext(connection) as many:
        page = client.get(QUEUE)
    assert text(page).count("Approved by you, waiting for the provider") == 5
    assert len(many.captured_queries) == len(few.captured_queries)


# The CCA page and My courses ---------------------------------------------------------------


def test_the_family_reads_what_is_pending_now(world) -> None:
    cca = world.approve(world.submit())
    parent = signed_in(world, Role.PARENT)
    detail = text(parent.get(f"/ccas/{cca.pk}/"))
    assert "Approved by the LEA, waiting for the provider" in detail
    assert "Waiting for the school district (LEA) and the provider to decide." not in detail
    assert "Semester 1, 2025-26" in detail
    home = text(parent.get(reverse("web:my_courses")))
    assert "Approved by the LEA, waiting for the provider" in home
    assert "Semester 1, 2025-26" in home
    world.accept(cca)
    after = text(parent.get(reverse("web:my_courses")))
    assert "Enrolled, waiting for the provider to confirm participation" in after


def test_the_session_and_whose_turn_are_spanish_for_a_spanish_family(world) -> None:
    cca = world.approve(world.submit(session="S2"))
    parent = signed_in(world, Role.PARENT)
    home = text(parent.get(reverse("web:my_courses"), HTTP_ACCEPT_LANGUAGE="es"))
    assert "Semestre 2, 2025-26" in home
    assert "Aprobada por el LEA (distrito escolar), en espera del proveedor" in home
    detail = text(parent.get(f"/ccas/{cca.pk}/", HTTP_ACCEPT_LANGUAGE="es"))
    assert "Semestre 2, 2025-26" in detail


def test_families_see_roles_and_organisations_never_user_names(world) -> None:
    cca = world.approve(world.submit())
    family = text(signed_in(world, Role.PARENT).get(f"/ccas/{cca.pk}/"))
    history = family.split("What happened", 1)[1]
    assert "by School counselor, Canyon View High" in history
    assert "by LEA approver, Canyon View School District" in history
    for username in ("approver (", "counselor ("):  # staff pages: "<user name> (<role>)"
        assert username not in history
    staff = text(signed_in(world, Role.STATE_SPECIALIST).get(f"/ccas/{cca.pk}/"))
    assert "by approver (LEA approver)" in staff.split("What happened", 1)[1]


# Overdue is a duty missed; an optional right says "may ... until" -----------------------------


def test_the_lea_cancellation_right_is_never_overdue(world, settings) -> None:
    from tests.core.helpers_lifecycle import state_issued_notice

    cca = state_issued_notice(world)
    settings.SEATS_TODAY = cca.lea_cancellation_due
    lea = text(signed_in(world, Role.LEA_APPROVER).get(f"/ccas/{cca.pk}/"))
    due = lea.split("What is due", 1)[1].split("What happened", 1)[0]
    cancel_row = due.split("Primary LEA may cancel the state-issued notice", 1)[0].rsplit("<tr", 1)
    assert 'class="overdue"' not in cancel_row[1]
    assert "may cancel until" in due
    family = text(signed_in(world, Role.PARENT).get(reverse("web:my_courses")))
    assert "may cancel until" in family
    settings.SEATS_TODAY = cca.lea_cancellation_due + timedelta(days=5)
    late = text(signed_in(world, Role.LEA_APPROVER).get(f"/ccas/{cca.pk}/"))
    row = late.split("Primary LEA may cancel the state-issued notice", 1)[1].split("</tr>", 1)[0]
    before = late.split("Primary LEA may cancel the state-issued notice", 1)[0].rsplit("<tr", 1)[1]
    assert "Overdue" not in row and 'class="overdue"' not in before
    family_late = text(signed_in(world, Role.PARENT).get(reverse("web:my_courses")))
    assert "may cancel" not in family_late and "Primary LEA may cancel" not in family_late
    caseload = text(signed_in(world, Role.COUNSELOR).get(reverse("web:caseload") + "?year=2025"))
    assert "Primary LEA may cancel the state-issued notice" not in caseload


def test_the_state_reads_a_home_school_request_as_its_lea(world) -> None:
    student = make_student(
        world,
        primary_lea=world.home,
        primary_school=None,
        is_home_school=True,
        home_school_acknowledged=True,
        proof_of_age_identity=True,
    )
    registration_done(world, student)
    home = world.submit(student=student, actor=world.actor(Role.STATE_SPECIALIST))
    other = world.submit()
    client = signed_in(world, Role.STATE_SPECIALIST)
    html = text(client.get(QUEUE + "?status="))
    assert "Waiting for you" in row_of(html, home)
    assert "Waiting for the LEA and the provider" in row_of(html, other)
    assert "Waiting for you" in text(client.get(f"/ccas/{home.pk}/"))
    auditor = text(signed_in(world, Role.AUDITOR).get(QUEUE + "?status="))
    assert "Waiting for you" not in row_of(auditor, home)  # the auditor decides nothing


def test_the_lea_lists_say_whose_turn(world) -> None:
    cca = world.approve(world.submit())
    html = text(signed_in(world, Role.LEA_APPROVER).get(reverse("web:lea_ccas") + "?year=2025"))
    assert "Approved by you, waiting for the provider" in html
    assert "Semester 1, 2025-26" in html
    assert f'href="/ccas/{cca.pk}/"' in html


def test_no_optional_right_is_work_the_sweep_flags() -> None:
    from seats.core.services.sweep import OPEN_WORK
    from seats.domain.deadlines import OPTIONAL_RIGHTS

    assert OPTIONAL_RIGHTS.isdisjoint(OPEN_WORK)


def test_the_student_page_says_whose_turn(world) -> None:
    world.approve(world.submit())
    url = reverse("web:caseload_student", args=[world.student.pk])
    html = text(signed_in(world, Role.COUNSELOR).get(url))
    assert "Approved by the LEA, waiting for the provider" in html
    assert "Semester 1, 2025-26" in html
