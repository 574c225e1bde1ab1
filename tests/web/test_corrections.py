"""The state's correction worklist (issue 9, section 3): open requests with their clock, overdue
first; state staff grant or deny each with a reason; duplicates the state may not reject say what
it can do instead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse

from seats.core.models import AccessLog, CCAHistory
from seats.core.services.enrollment import request_correction
from seats.core.services.requests import decide_as_lea, decide_as_provider
from seats.domain.roles import Role
from seats.domain.statuses import Status
from tests.core.helpers_lifecycle import not_confirmed_closed, provider_actor
from tests.factories import SUBMITTED, build_world, make_offering, make_student, org
from tests.web.conftest import signed_in
from tests.web.test_state_pages import registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _two_requests(world):
    """Two open requests: one asked on its Day of Census, one asked again two days later."""
    first = not_confirmed_closed(world)
    other = make_student(world)
    registered(other, world.provider)
    second = not_confirmed_closed(world, student=other, session="S2")
    second = request_correction(
        actor=provider_actor(world),
        cca_id=second.pk,
        expected_version=second.version,
        reason="asked again with the logs",
        as_of=second.census_date + timedelta(days=2),
    )
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second


def test_the_worklist_lists_open_requests_with_their_clock_overdue_first(world) -> None:
    first, second = _two_requests(world)
    client = signed_in(world, Role.STATE_SPECIALIST)
    with override_settings(SEATS_TODAY=first.census_date):
        calm = client.get(reverse("web:corrections")).context["page"].object_list
    first_answer_by = dict((cca.pk, c) for cca, c in calm)[first.pk].answer_by
    with override_settings(SEATS_TODAY=first_answer_by + timedelta(days=1)):
        page = client.get(reverse("web:corrections"))
    assert page.status_code == 200
    listed = page.context["page"].object_list
    assert [(cca.pk, c.overdue) for cca, c in listed] == [(first.pk, True), (second.pk, False)]
    html = page.content.decode()
    assert "Answer by" in html and first_answer_by.isoformat() in html
    assert "1 overdue" in html and "Overdue" in html
    assert reverse("web:school_correct", args=[first.pk]) in html
    assert reverse("web:school_deny_correction", args=[first.pk]) in html
    assert AccessLog.objects.filter(what="Correction requests", purpose="compliance").exists()


def test_the_state_denies_with_a_reason_and_the_request_leaves_the_worklist(world) -> None:
    first, second = _two_requests(world)
    client = signed_in(world, Role.STATE_SPECIALIST)
    url = reverse("web:school_deny_correction", args=[first.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'name="reason"' in form.content.decode()
    blank = client.post(url, {"version": first.version, "reason": ""})
    assert blank.status_code == 400
    done = client.post(url, {"version": first.version, "reason": "no activity logged"})
    assert done.status_code == 302
    first.refresh_from_db()
    assert first.status == Status.NOT_CONFIRMED_CLOSED and first.correction_denied_on
    assert CCAHistory.objects.filter(cca=first, action="deny_correction").count() == 1
    listed = client.get(reverse("web:corrections")).context["page"].object_list
    assert [cca.pk for cca, _ in listed] == [second.pk]
    page = client.get(reverse("web:cca", args=[first.pk])).content.decode()
    assert reverse("web:school_correct", args=[first.pk]) not in page


def test_the_state_grants_and_the_cca_is_confirmed_again(world) -> None:
    first, _ = _two_requests(world)
    client = signed_in(world, Role.STATE_SPECIALIST)
    url = reverse("web:school_correct", args=[first.pk])
    assert client.post(url, {"version": first.version, "reason": "active"}).status_code == 302
    first.refresh_from_db()
    assert first.status == Status.CONFIRMED


@pytest.mark.parametrize("role", [Role.PROVIDER_STAFF, Role.LEA_APPROVER, Role.PARENT])
def test_other_roles_have_no_worklist(world, role: Role) -> None:
    assert signed_in(world, role).get(reverse("web:corrections")).status_code == 404


def test_the_auditor_reads_the_worklist_without_actions(world) -> None:
    first, _ = _two_requests(world)
    html = signed_in(world, Role.AUDITOR).get(reverse("web:corrections")).content.decode()
    assert f"CCA {first.pk}" in html
    assert reverse("web:school_deny_correction", args=[first.pk]) not in html


def test_a_late_request_offers_only_denial(world) -> None:
    cca = not_confirmed_closed(world)
    cca.refresh_from_db()
    request_correction(
        actor=provider_actor(world),
        cca_id=cca.pk,
        expected_version=cca.version,
        reason="late",
        as_of=cca.correction_request_due + timedelta(days=7),
    )
    html = signed_in(world, Role.STATE_SPECIALIST).get(reverse("web:corrections")).content
    html = html.decode()
    assert "late: due" in html
    assert reverse("web:school_correct", args=[cca.pk]) not in html
    assert reverse("web:school_deny_correction", args=[cca.pk]) in html


# Duplicates past the Notice of Enrollment -------------------------------------------------------


def test_duplicates_past_the_notice_say_what_the_state_can_do_instead(world) -> None:
    prv9 = org("provider", "PRV9", "Far Online 9", provider_category="certified")
    staff9 = world.actor(Role.PROVIDER_STAFF).__class__.for_membership(
        world.actor(Role.PROVIDER_STAFF).user, Role.PROVIDER_STAFF, prv9
    )
    from seats.core.models import RoleMembership

    RoleMembership.objects.create(
        user=staff9.user, role=Role.PROVIDER_STAFF.value, organisation=prv9
    )
    same_course = make_offering(world, provider=prv9, core_code=world.offering.core_code)
    student = make_student(world)
    registered(student, world.provider)
    registered(student, prv9)
    ccas = [
        world.submit(student=student),
        world.submit(student=student, offering=same_course, as_of=SUBMITTED + timedelta(1)),
    ]
    for cca, provider in zip(ccas, (world.actor(Role.PROVIDER_STAFF), staff9), strict=True):
        cca.refresh_from_db()
        decide_as_provider(actor=provider, cca_id=cca.pk, expected_version=cca.version, accept=True)
        cca.refresh_from_db()
        if cca.status != Status.PENDING_EXECUTION:
            continue  # the LEA had already approved: the notice is issued
        decide_as_lea(
            actor=world.actor(Role.LEA_APPROVER),
            cca_id=cca.pk,
            expected_version=cca.version,
            approve=True,
            accept_financial_responsibility=True,
        )
    for cca in ccas:
        cca.refresh_from_db()
        assert cca.status == Status.ENROLLMENT_COMPLETE
    html = signed_in(world, Role.STATE_SPECIALIST).get(reverse("web:duplicates")).content.decode()
    assert "All 2 requests are past the Notice of Enrollment" in html
    assert html.count("Past the Notice of Enrollment: the state cannot reject it.") == 2
    assert "ask the LEA" in html or "Student Withdrawal within first 20 school days" in html
    assert "Reject CCA" not in html
