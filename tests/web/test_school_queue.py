"""The queue for LEA approvers and counselors: Pending Execution by default, the time left in
the LEA's window on each pending row, and bulk approval with per-request refusals."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seats.core.selectors.access import Viewer
from seats.core.selectors.ccas import PAGE_SIZES, SORTS, queue
from seats.core.services.calendars import business_calendar
from seats.core.services.requests import decide_as_lea
from seats.domain.roles import Role
from seats.domain.statuses import Status
from seats.web.queries import queue_query
from seats.web.school import annotate_time_left, queue_extras, queue_params, time_left
from tests.factories import build_world, make_offering, make_student
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db
DUE = date(2025, 9, 5)  # a Friday: the LEA decision is due 3 business days after 2 Sep 2025


@pytest.fixture
def world():
    w = build_world()
    w.register()
    return w


def viewer(world, role: Role) -> Viewer:
    actor = world.actor(role)
    return Viewer(actor.user, role, actor.organisation)


@pytest.mark.parametrize("role", [Role.LEA_APPROVER, Role.COUNSELOR])
def test_pending_execution_is_the_default_filter(world, role: Role) -> None:
    pending = world.submit()
    decided = world.submit(offering=world.offering_full_credit)
    decide_as_lea(
        actor=world.actor(Role.LEA_APPROVER),
        cca_id=decided.pk,
        expected_version=decided.version,
        approve=False,
        reason_code="credit_recovery",
    )
    me = viewer(world, role)
    default = queue_query(queue_params(me, QueryDict("")))
    everything = queue_query(queue_params(me, QueryDict("status=")))
    assert default.status == Status.PENDING_EXECUTION
    assert {c.pk for c in queue(me, default)} == {pending.pk}
    assert {c.pk for c in queue(me, everything)} == {pending.pk, decided.pk}
    provider = queue_query(queue_params(viewer(world, Role.PROVIDER_STAFF), QueryDict("")))
    assert provider.status == ""


def test_time_left_counts_business_days_to_the_lea_deadline(world) -> None:
    cca = world.submit()
    assert cca.lea_decision_due == DUE
    calendar = business_calendar()
    assert time_left(cca, date(2025, 9, 2), calendar).label == "3 business days left"
    assert time_left(cca, date(2025, 9, 4), calendar).label == "1 business day left"
    assert time_left(cca, DUE, calendar).label == "due today"
    late = time_left(cca, date(2025, 9, 9), calendar)  # Monday and Tuesday after the Friday
    assert late.overdue and late.label == "overdue by 2 business days"
    world.approve(cca)
    cca.refresh_from_db()
    assert time_left(cca, date(2025, 9, 2), calendar) is None  # the LEA has decided


def _render(world, role: Role, today: date, params: str = "") -> str:
    """The queue page as views.cca_list renders it, with the school extras added."""
    me = viewer(world, role)
    request = RequestFactory().get("/ccas/")
    request.user, request.viewer, request.viewers = me.user, me, [me]
    query = queue_query(queue_params(me, QueryDict(params)))
    page = Paginator(queue(me, query), 25).get_page(1)
    rows = list(page.object_list)
    context = {
        "page": page,
        "query": query,
        "per_page": 25,
        "page_sizes": PAGE_SIZES,
        "statuses": list(Status),
        "sorts": SORTS,
    }
    context.update(queue_extras(me, rows, today))
    return render_to_string("web/cca_list.html", context, request=request)


def test_the_queue_shows_time_left_and_keeps_all_statuses_selectable(world) -> None:
    world.submit()
    html = _render(world, Role.LEA_APPROVER, date(2025, 9, 4))
    assert "Time left (LEA decision)" in html and "1 business day left" in html
    assert '<option value="pending_execution" selected>' in html
    assert '<option value="">All statuses</option>' in html
    late = _render(world, Role.COUNSELOR, date(2025, 9, 9))
    assert "overdue by 2 business days" in late and "Approve selected" not in late


def test_time_left_reads_the_calendar_once_per_page(world) -> None:
    world.submit()
    me = viewer(world, Role.LEA_APPROVER)
    few = list(queue(me, queue_query(QueryDict(""))))
    for _ in range(6):
        world.submit(student=make_student(world), offering=world.offering)
    many = list(queue(me, queue_query(QueryDict(""))))
    counts = []
    for rows in (few, many):
        with CaptureQueriesContext(connection) as captured:
            annotate_time_left(rows, date(2025, 9, 3))
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1] and all(r.time_left for r in many)


def test_bulk_approve_reports_each_refusal(world) -> None:
    first = world.submit()
    second = world.submit(offering=world.offering_full_credit)
    health = make_offering(world, content_categories=["Health"], is_health=True)
    young = make_student(world, grade=7)
    world.register(young)
    blocked = world.submit(student=young, offering=health)  # Health 6-8 lacks written approval
    client = signed_in(world, Role.LEA_APPROVER)
    queue_page = client.get(reverse("web:ccas")).content.decode()
    assert f'value="{first.pk}:{first.version}"' in queue_page
    assert "Approve selected (accept financial responsibility)" in queue_page
    stale = f"{second.pk}:{second.version - 1 if second.version > 1 else 99}"
    result = client.post(
        reverse("web:school_bulk_approve"),
        {
            "approve": [f"{first.pk}:{first.version}", stale, f"{blocked.pk}:{blocked.version}"],
            "confirmed": "1",
        },
    )
    text = result.content.decode()
    assert result.status_code == 200 and "1 request approved." in text
    assert "2 requests skipped, not approved" in text
    for skipped in (second, blocked):
        assert f'href="{reverse("web:cca", args=[skipped.pk])}"' in text
    assert "Health in grades 6-8" in text
    first.refresh_from_db(), second.refresh_from_db(), blocked.refresh_from_db()
    assert first.lea_decision == "approved" and not second.lea_decision and not blocked.lea_decision
    nothing = client.post(reverse("web:school_bulk_approve"), {}, follow=True)
    assert b"Select at least one" in nothing.content
    counselor = signed_in(world, Role.COUNSELOR)
    assert "Approve selected" not in counselor.get(reverse("web:ccas")).content.decode()
    refused = counselor.post(
        reverse("web:school_bulk_approve"),
        {"approve": [f"{second.pk}:{second.version}"], "confirmed": "1"},
    )
    assert "designated its counselors" in refused.content.decode()
    second.refresh_from_db()
    assert not second.lea_decision
    assert (
        signed_in(world, Role.REGISTRAR)
        .post(reverse("web:school_bulk_approve"), {"approve": [f"{second.pk}:{second.version}"]})
        .status_code
        == 404
    )


def test_designated_counselors_approve_in_bulk(world) -> None:
    world.lea.counselors_decide = True
    world.lea.save()
    cca = world.submit()
    client = signed_in(world, Role.COUNSELOR)
    assert "Approve selected" in client.get(reverse("web:ccas")).content.decode()
    pick = {"approve": [f"{cca.pk}:{cca.version}"], "confirmed": "1"}
    result = client.post(reverse("web:school_bulk_approve"), pick)
    assert "1 request approved." in result.content.decode()
    cca.refresh_from_db()
    assert cca.lea_decision == "approved"
