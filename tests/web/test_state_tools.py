"""The deadline calculator (the domain's dates, the same as `seats deadlines`, clear field errors)
and the access log (filters, keyset pages, its own reading logged, state roles only)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from seats.core.models import AccessLog
from seats.core.selectors.access import Viewer
from seats.core.services.audit import log_access
from seats.core.services.calendars import business_calendar, school_calendar_for
from seats.core.services.policy import policy_for
from seats.domain.deadlines import DeadlineFacts, compute_deadlines
from seats.domain.roles import Role
from tests.factories import build_world
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db
CALCULATOR = "/tools/deadlines/"


@pytest.fixture
def world():
    return build_world()


# Deadline calculator ----------------------------------------------------------------------------


def test_calculator_dates_are_the_domains_and_the_commands(world) -> None:
    page = signed_in(world, Role.COUNSELOR).get(
        reverse("web:deadline_calculator"),
        {"submitted": "2025-09-02", "course_start": "2025-09-08"},
    )
    assert page.status_code == 200 and reverse("web:deadline_calculator") == CALCULATOR
    shown = {d.key: d.due for d in page.context["result"]["deadlines"]}
    facts = DeadlineFacts(submitted=date(2025, 9, 2), course_start=date(2025, 9, 8))
    expected = compute_deadlines(
        facts,
        business=business_calendar(),
        provider_calendar=school_calendar_for(None, around=date(2025, 9, 8)),
        policy=policy_for(2025, as_of=date(2025, 9, 2)),
    )
    assert shown == {k: d.due for k, d in expected.items()}
    assert shown["lea_decision_due"] == date(2025, 9, 5)  # 3 business days after Tue 09-02
    out = StringIO()
    call_command(
        "deadlines",
        "--submitted",
        "2025-09-02",
        "--course-start",
        "2025-09-08",
        "--json",
        stdout=out,
    )
    for key, due in json.loads(out.getvalue()).items():
        assert shown[key].isoformat() == due, key
    text = page.content.decode()
    census = expected["census_day"].due
    assert "Day of Census" in text and census.strftime("%A, %Y-%m-%d") in text
    assert "Utah business days" in text and "school calendar" in text  # which calendar
    assert "3 business days after submission (2025-09-02), that day not counted" in text


def test_a_course_start_alone_gives_the_course_deadlines_only(world) -> None:
    page = signed_in(world, Role.PROVIDER_STAFF).get(CALCULATOR, {"course_start": "2025-09-08"})
    keys = [d.key for d in page.context["result"]["deadlines"]]
    assert "census_day" in keys and "confirmation_due" in keys
    assert "lea_decision_due" not in keys and "provider_decision_due" not in keys
    assert "no submission date" in page.content.decode()


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"submitted": "2025-02-30"}, "submitted", "Enter a real date as YYYY-MM-DD"),
        ({"course_start": "next week"}, "course_start", "Enter a real date as YYYY-MM-DD"),
        ({"submitted": "2025-09-02", "grade": "5"}, "grade", "Enter a grade from 6 to 12"),
        (
            {"submitted": "2025-09-02", "transcript_due": "2026-05-01"},
            "transcript_due",
            "Only seniors have a TranscriptDue date",
        ),
        (
            {"submitted": "2025-09-02", "completed": "2025-08-01"},
            "completed",
            "cannot be completed before",
        ),
        ({"grade": "10"}, "submitted", "Enter the submission date or the course start date"),
        ({"submitted": "2025-09-02", "calendar": "NOPE"}, "calendar", "Select a valid choice"),
    ],
)
def test_bad_input_names_the_field(world, params, field, message) -> None:
    page = signed_in(world, Role.LEA_APPROVER).get(CALCULATOR, params)
    assert page.status_code == 400
    assert message in " ".join(page.context["form"].errors[field])
    text = page.content.decode()
    assert message in text and f'id="id_{field}_error"' in text
    assert 'aria-invalid="true"' in text and page.context["result"] is None


def test_the_empty_calculator_explains_itself(world) -> None:
    page = signed_in(world, Role.STATE_ADMIN).get(CALCULATOR)
    assert page.status_code == 200
    assert "Enter a submission date or a course start date" in page.content.decode()


# Access log ------------------------------------------------------------------------------------


def viewer(world, role: Role) -> Viewer:
    actor = world.actor(role)
    return Viewer(actor.user, role, actor.organisation)


@pytest.fixture
def logged(world):
    """A counselor views a CCA, a provider exports the list, an LEA approver lists."""
    cca = world.submit()
    signed_in(world, Role.COUNSELOR).get(reverse("web:cca", args=[cca.pk]))
    signed_in(world, Role.PROVIDER_STAFF).get(reverse("web:ccas_export", args=["csv"]))
    signed_in(world, Role.LEA_APPROVER).get(reverse("web:ccas"))
    return world, cca


def rows(page) -> list[AccessLog]:
    return page.context["result"].rows


def test_access_log_filters(logged) -> None:
    world, cca = logged
    client = signed_in(world, Role.STATE_SPECIALIST)
    everything = client.get(reverse("web:access_log"))
    assert len(rows(everything)) == 3
    text = everything.content.decode()
    assert "counselor" in text and f"CCA {cca.pk}" in text and world.student.ssid in text
    assert [
        r.action
        for r in rows(client.post(reverse("web:access_log"), {"username": "provider"}, follow=True))
    ] == ["export"]
    assert [r.role for r in rows(client.get(reverse("web:access_log"), {"action": "view"}))] == [
        "counselor"
    ]
    by_role = rows(client.get(reverse("web:access_log"), {"role": "lea_approver"}))
    assert [r.what for r in by_role] == ["CCA list (pending_execution)"]
    by_org = rows(client.get(reverse("web:access_log"), {"organisation": "PRV1"}))
    assert {r.user.username for r in by_org} == {"provider"}
    assert [r.cca_id for r in rows(client.get(reverse("web:access_log"), {"cca": cca.pk}))] == [
        cca.pk
    ]
    by_ssid = rows(
        client.post(reverse("web:access_log"), {"ssid": world.student.ssid}, follow=True)
    )
    assert [r.action for r in by_ssid] == ["view"]
    today = timezone.localdate()
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert rows(client.get(reverse("web:access_log"), {"since": tomorrow})) == []
    today_only = {"since": today.isoformat(), "until": today.isoformat(), "action": "list"}
    assert {r.role for r in rows(client.get(reverse("web:access_log"), today_only))} >= {
        "lea_approver"
    }


def test_bad_filters_say_what_is_wrong(logged) -> None:
    world, _ = logged
    client = signed_in(world, Role.AUDITOR)
    page = client.get(reverse("web:access_log"), {"since": "2025-09-10", "until": "2025-09-01"})
    assert page.context["result"] is None
    text = page.content.decode()
    assert "The end date comes before the start date." in text and 'aria-invalid="true"' in text
    assert (
        "Enter a real date"
        in client.get(reverse("web:access_log"), {"since": "yesterday"}).content.decode()
    )


def test_reading_the_log_is_logged(logged) -> None:
    world, _ = logged
    signed_in(world, Role.AUDITOR).get(reverse("web:access_log"), {"action": "view"})
    entry = AccessLog.objects.order_by("-pk").first()
    assert (entry.user, entry.action, entry.what, entry.rows) == (
        world.actor(Role.AUDITOR).user,
        "list",
        "Access log",
        1,
    )


def test_the_log_pages_by_keyset_newest_first(world) -> None:
    someone = viewer(world, Role.COUNSELOR)
    for n in range(60):
        log_access(someone, action="view", what=f"CCA {n}", purpose="review")
    client = signed_in(world, Role.STATE_ADMIN)
    first = client.post(reverse("web:access_log"), {"username": "counselor"}, follow=True)
    shown = rows(first)
    assert [r.what for r in shown[:2]] == ["CCA 59", "CCA 58"] and len(shown) == 50
    cursor = first.context["result"].next_cursor
    assert cursor and "Older entries" in first.content.decode()
    older = client.get(f"{first.redirect_chain[-1][0]}&{urlencode({'after': cursor})}")
    assert [r.what for r in rows(older)] == [f"CCA {n}" for n in range(9, -1, -1)]
    assert not older.context["result"].has_next
    assert "End of the log for these filters." in older.content.decode()


def test_the_log_page_costs_the_same_queries_for_more_rows(world) -> None:
    someone = viewer(world, Role.COUNSELOR)
    log_access(someone, action="view", what="CCA 1", student=world.student, purpose="review")
    client = signed_in(world, Role.STATE_SPECIALIST)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("web:access_log"), {"role": "counselor"})
    for n in range(20):
        log_access(someone, action="view", what=f"CCA {n}", student=world.student, purpose="review")
    with CaptureQueriesContext(connection) as large:
        page = client.get(reverse("web:access_log"), {"role": "counselor"})
    assert len(rows(page)) == 21
    assert len(large.captured_queries) == len(small.captured_queries)
