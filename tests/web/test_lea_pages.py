"""The LEA approver's home: the schools view, the lists behind its counts and the at-risk list
(issue 3), on the world of home_scene.py."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seats.core.models import AccessLog, OverdueFlag
from seats.core.services.sweep import run_sweep
from seats.domain.roles import Role
from tests.factories import SY, make_offering, make_student, org
from tests.web.home_scene import build_scene, signed_in, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return build_scene()


# The LEA's schools -----------------------------------------------------------------------------


def lea_page(client: Client, name: str = "web:lea_schools", **params: object):
    return client.get(reverse(name), {"year": SY, **params})


def test_schools_view_counts(scene) -> None:
    world, _s, c = scene
    run_sweep(as_of=date(2025, 11, 3))  # raises overdue flags (e.g. unanswered pending requests)
    page = lea_page(signed_in(world, Role.LEA_APPROVER))
    rows = {r.school.pk if r.school else None: r for r in page.context["rows"]}
    assert set(rows) == {world.school.pk, c["other_school"].pk}  # not the far LEA's school
    high, middle = rows[world.school.pk], rows[c["other_school"].pk]
    assert high.students == 3 and middle.students == 1
    assert high.groups == {"pending": 2, "enrolled": 2, "completed": 1, "closed": 0}
    assert middle.groups == {"pending": 0, "enrolled": 1, "completed": 0, "closed": 0}
    assert (high.at_risk_students, middle.at_risk_students) == (1, 1)
    assert high.pending_lea == 2
    assert high.oldest_lea_due == min(c["a2"].lea_decision_due, c["c1"].lea_decision_due)
    flags = OverdueFlag.objects.filter(cleared_on__isnull=True, cca__primary_school=world.school)
    assert high.open_flags == flags.count() > 0
    body = text(page)
    assert "Canyon View High" in body and "Far Valley High" not in body
    at_risk_link = f"{reverse('web:lea_at_risk')}?year={SY}&amp;school={world.school.pk}"
    assert at_risk_link in body


def test_each_count_opens_the_ccas_behind_it(scene) -> None:
    world, _s, c = scene
    client = signed_in(world, Role.LEA_APPROVER)
    school = world.school.pk

    def shown(name: str = "web:lea_ccas", **params: object) -> set[int]:
        return {x.pk for x in lea_page(client, name, school=school, **params).context["page"]}

    assert shown(group="pending") == {c["a2"].pk, c["c1"].pk}
    assert shown(group="enrolled") == {c["a1"].pk, c["b1"].pk}
    assert shown(group="completed") == {c["b2"].pk}
    assert shown(work="lea_decision") == {c["a2"].pk, c["c1"].pk}
    assert shown("web:lea_at_risk") == {c["a1"].pk}
    everywhere = {x.pk for x in lea_page(client, "web:lea_at_risk").context["page"]}
    assert everywhere == {c["a1"].pk, c["d1"].pk}
    body = text(lea_page(client, "web:lea_at_risk"))
    assert "Di Diaz" in body and "Ed Evans" not in body and "since 10/21/2025" in body
    assert AccessLog.objects.filter(action="list", role="lea_approver").exists()


def test_overdue_list_matches_the_flags(scene) -> None:
    world, _s, _c = scene
    run_sweep(as_of=date(2025, 11, 3))
    client = signed_in(world, Role.LEA_APPROVER)
    page = lea_page(client, "web:lea_ccas", school=world.school.pk, work="overdue")
    flagged = set(
        OverdueFlag.objects.filter(
            cleared_on__isnull=True, cca__primary_school=world.school
        ).values_list("cca_id", flat=True)
    )
    assert {x.pk for x in page.context["page"]} == flagged


def test_state_roles_pick_an_lea(scene) -> None:
    world, _s, _c = scene
    client = signed_in(world, Role.STATE_SPECIALIST)
    picker = lea_page(client)
    assert picker.status_code == 200 and "Choose an LEA" in text(picker)
    far = lea_page(client, lea="LEA9")
    assert [r.school.name for r in far.context["rows"] if r.school] == ["Far Valley High"]
    assert lea_page(client, lea="NOPE").status_code == 404
    # An LEA approver cannot look at another LEA: the parameter is ignored.
    own = lea_page(signed_in(world, Role.LEA_APPROVER), lea="LEA9")
    assert own.context["lea"] == world.lea


def test_schools_view_query_count_does_not_grow(scene) -> None:
    world, _s, _c = scene
    client = signed_in(world, Role.LEA_APPROVER)
    with CaptureQueriesContext(connection) as few:
        lea_page(client)
    for n in range(3):
        school = org("school", f"SCH{n + 3}", f"School {n + 3}", parent=world.lea)
        student = make_student(world, primary_school=school)
        state = world.actor(Role.STATE_SPECIALIST)
        world.submit(student=student, offering=make_offering(world), actor=state)
    with CaptureQueriesContext(connection) as many:
        assert len(lea_page(client).context["rows"]) == 5
    assert len(many.captured_queries) == len(few.captured_queries)
    with CaptureQueriesContext(connection) as list_few:
        lea_page(client, "web:lea_ccas", group="pending", per="25")
    world.submit(student=make_student(world), offering=make_offering(world))
    with CaptureQueriesContext(connection) as list_many:
        lea_page(client, "web:lea_ccas", group="pending", per="25")
    assert len(list_many.captured_queries) == len(list_few.captured_queries)


@pytest.mark.parametrize(
    "params",
    [{"school": "abc"}, {"group": "nope"}, {"work": "x"}, {"per": "3"}, {"page": "-1"}],
)
def test_lea_lists_ignore_garbage(scene, params: dict[str, str]) -> None:
    world, _s, _c = scene
    client = signed_in(world, Role.LEA_APPROVER)
    assert lea_page(client, "web:lea_ccas", **params).status_code == 200
    assert lea_page(client, "web:lea_at_risk", **params).status_code == 200
