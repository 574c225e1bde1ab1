"""The state staff's compliance and duplicate pages: counts of the overdue flags the real sweep
raised, by organisation and deadline kind, that match the lists and the CSV behind them; groups of
duplicate requests, rejected through the state's service (stale versions and non-duplicates
refused); constant query counts; read-only auditors."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from seats.core.models import CCA, AccessLog, LocalRegistration, OverdueFlag
from seats.core.services.sweep import run_sweep
from seats.domain.roles import Role
from seats.domain.statuses import Status
from seats.web.state import STATE_HOME
from tests.core.helpers_lifecycle import ready_to_confirm
from tests.factories import SUBMITTED, build_world, make_offering, make_student, org

pytestmark = pytest.mark.django_db


def signed_in(world, role: Role = Role.STATE_SPECIALIST) -> Client:
    client = Client()
    client.force_login(world.actor(role).user)
    return client


def registered(student, provider) -> None:
    LocalRegistration.objects.update_or_create(
        student=student, provider=provider, defaults={"completed_on": SUBMITTED}
    )


def far_side(world, code: str = "9"):
    """Another LEA with a school, and another provider with an offering."""
    lea = org("lea", f"LEA{code}", f"Far Valley {code}")
    school = org("school", f"SCH{code}", f"Far High {code}", parent=lea)
    provider = org("provider", f"PRV{code}", f"Far Online {code}", provider_category="certified")
    return lea, school, provider, make_offering(world, provider=provider)


def pending_at(world, provider, offering, **student) -> CCA:
    """A registered request the provider never answers (overdue after 3 business days)."""
    someone = make_student(world, **student)
    registered(someone, provider)
    return world.submit(
        student=someone, offering=offering, actor=world.actor(Role.STATE_SPECIALIST)
    )


@pytest.fixture
def swept():
    """Flags raised by the real sweep: at PRV1 a confirmation (A), a provider decision (B) and an
    IEP forwarding (D, the LEA's); at PRV9 / LEA9 a provider decision (C); one flag (E) raised
    and then cleared because the provider decided."""
    world = build_world()
    a = ready_to_confirm(world)
    b = pending_at(world, world.provider, world.offering_full_credit)
    lea9, school9, prv9, offering9 = far_side(world)
    c = pending_at(world, prv9, offering9, primary_lea=lea9, primary_school=school9)
    d = pending_at(world, world.provider, world.offering, has_iep=True)
    world.accept(d)
    e = pending_at(world, world.provider, world.offering)
    run_sweep(as_of=date(2025, 9, 10))
    assert OverdueFlag.objects.filter(cca=e, kind="provider_decision").exists()
    world.accept(e, as_of=date(2025, 9, 10))
    as_of = a.confirmation_due + timedelta(days=1)
    run_sweep(as_of=as_of)
    return world, {"a": a, "b": b, "c": c, "d": d, "e": e, "prv9": prv9, "lea9": lea9}


def test_the_state_home_constant_names_the_compliance_page() -> None:
    assert reverse(STATE_HOME) == "/state/compliance/"


def cells(page) -> dict[tuple[str, str], int]:
    matrix = page.context["matrix"]
    return {(r.code, c.kind): c.count for r in matrix.rows for c in r.cells if c.count}


def test_counts_by_provider_and_by_lea_match_the_sweep(swept) -> None:
    world, s = swept
    client = signed_in(world)
    page = client.get(reverse("web:compliance"))
    assert page.status_code == 200
    assert cells(page) == {
        ("PRV1", "confirmation"): 1,
        ("PRV1", "provider_decision"): 1,
        ("PRV1", "iep_forwarding"): 1,
        ("PRV9", "provider_decision"): 1,
    }  # E's flag was cleared when the provider decided: not counted
    matrix = page.context["matrix"]
    assert [r.code for r in matrix.rows] == ["PRV1", "PRV9"]  # most overdue first
    assert matrix.total == 4
    assert {c.kind: c.count for c in matrix.totals if c.count} == {
        "confirmation": 1,
        "provider_decision": 2,
        "iep_forwarding": 1,
    }
    oldest = {c.kind: c.oldest for c in matrix.totals if c.count}
    assert oldest["provider_decision"] == s["b"].provider_decision_due
    text = page.content.decode()
    assert "Lake Basin Online" in text and "Far Online 9" in text
    assert "Confirmation after census overdue" in text
    by_lea = client.get(reverse("web:compliance"), {"org_kind": "lea"})
    assert cells(by_lea) == {
        ("LEA1", "confirmation"): 1,
        ("LEA1", "provider_decision"): 1,
        ("LEA1", "iep_forwarding"): 1,
        ("LEA9", "provider_decision"): 1,
    }
    other_year = client.get(reverse("web:compliance"), {"year": "2024"})
    assert other_year.context["matrix"].rows == []
    assert "Nothing is overdue in school year 2024" in other_year.content.decode()
    bad_year = client.get(reverse("web:compliance"), {"year": "soon"})
    assert "Enter a year as four digits" in bad_year.content.decode()


def test_each_count_opens_the_ccas_behind_it_and_exports_them(swept) -> None:
    world, s = swept
    client = signed_in(world)
    params = {"org_kind": "provider", "org": world.provider.pk, "kind": "provider_decision"}
    page = client.get(reverse("web:overdue"), params)
    flags = list(page.context["page"].object_list)
    assert [f.cca_id for f in flags] == [s["b"].pk]
    b = s["b"]
    text = page.content.decode()
    days = (timezone.localdate() - b.provider_decision_due).days
    assert b.student.display_name in text and b.offering.provider_title in text
    assert "Provider: Lake Basin Online" in text
    assert f'<td data-label="Days overdue">{days}</td>' in text
    assert "Provider decision overdue, Lake Basin Online" in text  # the heading names the count
    iep = client.get(reverse("web:overdue"), {"org": world.provider.pk, "kind": "iep_forwarding"})
    assert "Primary LEA: Canyon View School District" in iep.content.decode()
    everything = client.get(reverse("web:overdue"))
    assert everything.context["page"].paginator.count == 4
    due = [f.due_date for f in everything.context["page"].object_list]
    assert due == sorted(due)
    listed = AccessLog.objects.filter(action="list", what__startswith="Overdue list").last()
    assert listed is not None and listed.rows == 4 and b.student.legal_last_name not in listed.what

    export = client.get(reverse("web:overdue_export"), {"org_kind": "lea", "org": s["lea9"].pk})
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    assert [int(r["cca_id"]) for r in rows] == [s["c"].pk]
    assert rows[0]["who_must_act"] == "Provider: Far Online 9"
    assert rows[0]["overdue"] == "Provider decision overdue"
    late = (timezone.localdate() - s["c"].provider_decision_due).days
    assert rows[0]["days_overdue"] == str(late)
    logged = AccessLog.objects.get(action="export")
    assert logged.rows == 1 and logged.user == world.actor(Role.STATE_SPECIALIST).user


def test_the_matrix_and_the_list_cost_the_same_queries_for_more_rows(swept) -> None:
    world, _ = swept
    client = signed_in(world)
    cache.clear()  # the completion flags are cached for five minutes: count them both times
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("web:compliance"))
    with CaptureQueriesContext(connection) as small_list:
        client.get(reverse("web:overdue"))
    for n in range(3):
        lea, school, provider, offering = far_side(world, f"{20 + n}")
        for _ in range(2):
            pending_at(world, provider, offering, primary_lea=lea, primary_school=school)
    run_sweep(as_of=date(2025, 12, 1))
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        page = client.get(reverse("web:compliance"))
    with CaptureQueriesContext(connection) as large_list:
        listing = client.get(reverse("web:overdue"))
    assert len(page.context["matrix"].rows) == 5
    assert listing.context["page"].paginator.count == 10
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large_list.captured_queries) == len(small_list.captured_queries)


# Duplicates -------------------------------------------------------------------------------------


@pytest.fixture
def doubles():
    """One student asked two providers for the same core code in S1 (a duplicate), and the same
    course in S2 from the first (the year's second half: not a duplicate)."""
    world = build_world()
    *_, prv9, _ = far_side(world)
    same_course = make_offering(world, provider=prv9, core_code=world.offering.core_code)
    student = make_student(world)
    registered(student, world.provider)
    first = world.submit(student=student)
    second = world.submit(student=student, offering=same_course, as_of=SUBMITTED + timedelta(1))
    later_half = world.submit(student=student, session="S2")
    single = world.submit(student=make_student(world))
    return world, first, second, later_half, single


def test_duplicates_are_grouped_and_counted(doubles) -> None:
    world, first, second, later_half, single = doubles
    page = signed_in(world).get(reverse("web:duplicates"))
    groups = page.context["groups"]
    assert page.context["page"].paginator.count == 1
    assert [[c.pk for c in g.ccas] for g in groups] == [[first.pk, second.pk]]
    text = page.content.decode()
    assert "1 group of duplicate requests" in text
    assert "Far Online 9" in text and "Lake Basin Online" in text
    assert f"Reject CCA {second.pk} as a duplicate" in text
    assert f"CCA {later_half.pk}<" not in text and f"CCA {single.pk}<" not in text
    assert AccessLog.objects.filter(what="Duplicate requests (all)", rows=2).exists()
    empty = signed_in(world).get(reverse("web:duplicates"), {"year": "2024"})
    assert "No duplicate requests in school year 2024" in empty.content.decode()


def test_the_state_rejects_one_duplicate_and_the_pair_is_resolved(doubles) -> None:
    world, first, second, later_half, _ = doubles
    client = signed_in(world, Role.STATE_ADMIN)
    url = reverse("web:duplicate_reject", args=[second.pk])
    asked = client.post(url, {"version": second.version, "year": "2025"})
    assert "Reject this request?" in asked.content.decode()  # it asks first
    second.refresh_from_db()
    assert second.status == Status.PENDING_EXECUTION
    response = client.post(
        url, {"version": second.version, "year": "2025", "confirmed": "1"}, follow=True
    )
    second.refresh_from_db()
    assert second.status == Status.REJECTED_BY_STATE
    assert second.history.last().reason.startswith("The request duplicates another")
    assert f"CCA {second.pk} is Rejected by State as a duplicate" in response.content.decode()
    assert response.context["groups"] == []  # the pair is no longer a duplicate
    again = client.post(
        reverse("web:duplicate_reject", args=[first.pk]),
        {"version": first.version, "confirmed": "1"},
        follow=True,
    )
    first.refresh_from_db()
    assert first.status == Status.PENDING_EXECUTION  # the survivor cannot be rejected too
    assert "is not a duplicate" in again.content.decode()
    later_half.refresh_from_db()
    assert later_half.status == Status.PENDING_EXECUTION


def test_a_stale_version_or_a_non_duplicate_is_refused_with_the_rule(doubles) -> None:
    world, first, second, later_half, single = doubles
    client = signed_in(world)
    stale = client.post(
        reverse("web:duplicate_reject", args=[second.pk]),
        {"version": second.version - 1 if second.version > 1 else 99},
        follow=True,
    )
    assert "Someone else changed this CCA" in stale.content.decode()
    lone = client.post(
        reverse("web:duplicate_reject", args=[single.pk]),
        {"version": single.version, "confirmed": "1"},
        follow=True,
    )
    text = lone.content.decode()
    assert "is not a duplicate" in text and "Provider Manual, The USBE Responsibilities" in text
    assert "SPEC" not in text
    for cca in (first, second, later_half, single):
        before = cca.version
        cca.refresh_from_db()
        assert (cca.status, cca.version) == (Status.PENDING_EXECUTION, before)


def test_the_auditor_reads_duplicates_but_cannot_reject(doubles) -> None:
    world, _, second, _, _ = doubles
    client = signed_in(world, Role.AUDITOR)
    page = client.get(reverse("web:duplicates"))
    assert page.status_code == 200 and "Reject CCA" not in page.content.decode()
    url = reverse("web:duplicate_reject", args=[second.pk])
    assert client.post(url, {"version": second.version}).status_code == 404
    second.refresh_from_db()
    assert second.status == Status.PENDING_EXECUTION


def test_duplicate_page_queries_do_not_grow_with_groups(doubles) -> None:
    world = doubles[0]
    client = signed_in(world)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("web:duplicates"))
    for _ in range(3):
        student = make_student(world)
        registered(student, world.provider)
        world.submit(student=student)
        CCA.objects.filter(pk=world.submit(student=student, session="S2").pk).update(session="S1")
    with CaptureQueriesContext(connection) as large:
        page = client.get(reverse("web:duplicates"))
    assert page.context["page"].paginator.count == 4
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_flag_selector_keeps_each_viewers_scope(swept) -> None:
    """The pages are the state's, but the selector scopes like every other: a provider's
    viewer counts only its own flags, a parent only their child's."""
    from seats.core.selectors.access import Viewer
    from seats.core.selectors.compliance import ComplianceQuery, open_flags

    world, s = swept
    prv9_staff = Viewer(world.actor(Role.STATE_ADMIN).user, Role.PROVIDER_STAFF, s["prv9"])
    flags = open_flags(prv9_staff, ComplianceQuery())
    assert [f.cca_id for f in flags] == [s["c"].pk]
    parent = world.actor(Role.PARENT)
    mine = open_flags(Viewer(parent.user, Role.PARENT, parent.organisation), ComplianceQuery())
    assert [f.cca_id for f in mine] == [s["a"].pk]  # world.student's confirmation only
    everyone = open_flags(Viewer(parent.user, Role.AUDITOR, world.state), ComplianceQuery())
    assert everyone.count() == 4
