"""Each role's home page: where each role lands, the counselor's caseload and the student page
(issue 3). The LEA's pages are in test_lea_pages.py; the shared world in home_scene.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seats.core import clock
from seats.core.models import CCA, AccessLog
from seats.core.selectors.caseload import DUE_BY_COLUMN
from seats.core.selectors.ccas import due_items
from seats.core.services.facts import DEADLINE_COLUMNS, compute_for
from seats.domain.roles import Role
from seats.web.nav import HOME
from tests.factories import SY, build_world, make_offering, make_student
from tests.web.home_scene import build_scene, caseload, signed_in, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return build_scene()


# Where each role lands -------------------------------------------------------------------------


def test_the_home_table_names_a_page_for_every_role() -> None:
    assert set(HOME) == set(Role)
    assert HOME[Role.COUNSELOR] == HOME[Role.REGISTRAR] == "web:caseload"
    assert HOME[Role.LEA_APPROVER] == "web:lea_schools"
    assert HOME[Role.PROVIDER_STAFF] == HOME[Role.PROVIDER_ADMIN] == "web:ccas"


@pytest.mark.parametrize("role", list(Role))
def test_each_role_lands_on_its_home(role: Role) -> None:
    world = build_world()
    client = signed_in(world, role)
    landing = client.get(reverse("web:home"))
    assert landing.status_code == 302 and landing.url == reverse(HOME[role])
    assert client.get(landing.url).status_code == 200


# The caseload ----------------------------------------------------------------------------------


def test_caseload_rows_are_right(scene) -> None:
    world, s, _c = scene
    page = caseload(signed_in(world, Role.COUNSELOR))
    rows = {r.student_id: r for r in page.context["rows"]}
    assert set(rows) == {s["ana"].pk, s["ben"].pk, s["cy"].pk}  # not Di (other school), not Ed
    ana, ben, cy = rows[s["ana"].pk], rows[s["ben"].pk], rows[s["cy"].pk]
    assert (ana.open_count, ana.completed_count) == (2, 0)
    assert (ben.open_count, ben.completed_count) == (1, 1)
    assert (cy.open_count, cy.completed_count) == (1, 0)
    assert (ana.lowest_progress, ana.progress_letter) == (Decimal("61.5"), "D")
    assert ana.progress_as_of == date(2025, 10, 20)
    assert (ben.lowest_progress, ben.progress_letter) == (Decimal("88"), "B+")
    assert cy.lowest_progress is None
    assert (ana.at_risk, ana.at_risk_since) == (True, date(2025, 10, 20))
    assert not ben.at_risk and not cy.at_risk
    today = clock.today()
    assert ana.days_since_activity == (today - date(2025, 10, 18)).days
    assert cy.days_since_activity is None
    page_text = text(page)
    assert "no activity reported" in page_text and "since 10/20/2025" in page_text
    assert "61.5% D" in page_text and "as of 10/20/2025" in page_text
    assert "Di Diaz" not in page_text and "Ed Evans" not in page_text


def test_next_deadline_is_the_earliest_open_one_the_cca_page_shows(scene) -> None:
    """The SQL of the caseload and the CCA page's due items (Python) agree, per student."""
    world, s, _c = scene
    rows = {r.student_id: r for r in caseload(signed_in(world, Role.COUNSELOR)).context["rows"]}
    today = clock.today()
    for key in ("ana", "ben", "cy"):
        items = [
            i
            for cca in CCA.objects.filter(student=s[key], school_year=SY)
            for i in due_items(cca, today)
            if i.open
        ]
        first = min(i.deadline.due for i in items)
        row = rows[s[key].pk]
        assert row.next_due == first, key
        labels = {i.deadline.label for i in items if i.deadline.due == first}
        assert {d.label for d in row.next_due_what} == labels, key
        assert row.next_due_overdue == (first < today)
    assert "Primary LEA approves or rejects" in text(caseload(signed_in(world, Role.COUNSELOR)))


def test_the_deadline_labels_are_the_domains(scene) -> None:
    _world, _s, _c = scene
    by_key = {k: col for col, k in DEADLINE_COLUMNS.items()}
    checked = set()
    for cca in CCA.objects.all():
        for key, deadline in compute_for(cca).items():
            column = by_key.get(key)
            if column in DUE_BY_COLUMN:
                assert DUE_BY_COLUMN[column].label == deadline.label
                assert DUE_BY_COLUMN[column].who == deadline.who
                checked.add(column)
    assert len(checked) >= 5, checked


def test_filters_search_and_year(scene) -> None:
    world, s, _c = scene
    client = signed_in(world, Role.COUNSELOR)
    at_risk = caseload(client, at_risk="1").context["rows"]
    assert [r.student_id for r in at_risk] == [s["ana"].pk]
    assert [r.student_id for r in caseload(client, q="bak").context["rows"]] == [s["ben"].pk]
    assert [r.student_id for r in caseload(client, q="7777777").context["rows"]] == [s["cy"].pk]
    empty = caseload(client, year=SY - 1)
    assert empty.context["rows"] == [] and "Choose another school year" in text(empty)
    none = caseload(client, q="zzz")
    assert "No student matches" in text(none)


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        ("student", "ben"),  # Baker, Cole, Tester
        ("-student", "ana"),
        ("progress", "ana"),  # 61.5 before 88; Cy (none) last
        ("-progress", "ben"),
        ("at_risk", "ana"),
        ("completed", None),
        ("-completed", "ben"),
        ("-open", "ana"),
        ("grade", None),
        ("-grade", "ben"),
        ("activity", "ben"),  # fewest days since the last activity
        ("deadline", None),
        ("-deadline", None),
    ],
)
def test_every_column_sorts(scene, sort: str, first: str | None) -> None:
    world, s, _c = scene
    page = caseload(signed_in(world, Role.COUNSELOR), sort=sort)
    ids = [r.student_id for r in page.context["rows"]]
    assert sorted(ids) == sorted([s["ana"].pk, s["ben"].pk, s["cy"].pk])
    if first:
        assert ids[0] == s[first].pk
    if sort in ("progress", "-progress", "activity"):
        assert ids[-1] == s["cy"].pk  # nothing reported sorts last both ways
    if sort == "deadline":
        dues = [r.next_due for r in page.context["rows"]]
        assert dues == sorted(dues)


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "--student"},
        {"sort": "drop table"},
        {"per": "abc"},
        {"per": "7"},
        {"page": "999"},
        {"page": "x"},
        {"year": "zz"},
        {"year": "99999"},
        {"at_risk": "maybe"},
    ],
)
def test_garbage_parameters_fall_back(scene, params: dict[str, str]) -> None:
    world, _s, _c = scene
    response = signed_in(world, Role.COUNSELOR).get(reverse("web:caseload"), params)
    assert response.status_code == 200
    query = response.context["query"]
    assert query.sort.lstrip("-") in {"student", "grade"} or query.sort == "student"
    assert response.context["per_page"] in (25, 50, 100)


def test_caseload_query_count_does_not_grow_with_rows(scene) -> None:
    world, _s, _c = scene
    client = signed_in(world, Role.COUNSELOR)
    with CaptureQueriesContext(connection) as few:
        assert len(caseload(client, sort="-progress").context["rows"]) == 3
    for n in range(6):
        student = make_student(world, legal_first_name=f"More{n}")
        world.submit(student=student, offering=make_offering(world))
    with CaptureQueriesContext(connection) as many:
        assert len(caseload(client, sort="-progress").context["rows"]) == 9
    assert len(many.captured_queries) == len(few.captured_queries)


def test_caseload_is_logged_with_keys_only(scene) -> None:
    world, _s, _c = scene
    caseload(signed_in(world, Role.COUNSELOR))
    entry = AccessLog.objects.get(action="list")
    assert (entry.what, entry.rows, entry.role) == (f"caseload {SY}", 3, "counselor")


def test_registrar_sees_the_same_caseload(scene) -> None:
    world, s, _c = scene
    rows = caseload(signed_in(world, Role.REGISTRAR)).context["rows"]
    assert {r.student_id for r in rows} == {s["ana"].pk, s["ben"].pk, s["cy"].pk}


# The student page ------------------------------------------------------------------------------


def test_student_page_lists_the_ccas_with_what_is_due(scene) -> None:
    world, s, c = scene
    client = signed_in(world, Role.COUNSELOR)
    page = client.get(reverse("web:caseload_student", args=[s["ana"].pk]))
    assert page.status_code == 200
    shown = {item.cca.pk for item in page.context["ccas"]}
    assert shown == {c["a1"].pk, c["a2"].pk}
    body = text(page)
    assert reverse("web:cca", args=[c["a1"].pk]) in body
    assert "Confirmed" in body and "Pending Execution" in body and "since 10/20/2025" in body
    assert "Primary LEA approves or rejects (primary LEA)" in body
    entry = AccessLog.objects.get(action="view")
    assert (entry.student_id, entry.what) == (s["ana"].pk, f"Student {s['ana'].pk}")
    assert s["ana"].legal_last_name not in entry.what


@pytest.mark.parametrize(
    ("role", "student", "status"),
    [
        (Role.COUNSELOR, "di", 404),  # another school
        (Role.COUNSELOR, "ed", 404),  # another LEA
        (Role.LEA_APPROVER, "di", 200),  # a school of the LEA
        (Role.LEA_APPROVER, "ed", 404),
        (Role.STATE_SPECIALIST, "ed", 200),
        (Role.AUDITOR, "ed", 200),
        (Role.PARENT, "ana", 404),  # families use their own pages
        (Role.STUDENT, "ana", 404),
        (Role.PROVIDER_STAFF, "ana", 404),
    ],
)
def test_student_page_scope(scene, role: Role, student: str, status: int) -> None:
    world, s, _c = scene
    client = signed_in(world, role)
    assert client.get(reverse("web:caseload_student", args=[s[student].pk])).status_code == status
    assert client.get(reverse("web:caseload_student", args=[10**8])).status_code == 404


def test_pages_open_on_the_latest_school_year_with_ccas(scene) -> None:
    """Today is after the scene's school year: the homes open on the last year with data, not on
    an empty new year; a year asked for is kept even when it is empty."""
    world, _s, _c = scene
    counselor = signed_in(world, Role.COUNSELOR)
    opened = counselor.get(reverse("web:caseload"))
    assert opened.context["query"].school_year == SY and len(opened.context["rows"]) == 3
    asked = counselor.get(reverse("web:caseload"), {"year": SY + 5})
    assert asked.context["query"].school_year == SY + 5 and asked.context["rows"] == []
    assert signed_in(world, Role.LEA_APPROVER).get(reverse("web:lea_schools")).context["year"] == SY


def test_the_bench_module_measures_both_homes(scene) -> None:
    """bench/bench_web_home.py runs on a tiny database: it finds a counselor and an approver,
    measures each page, and leaves no access-log row behind (its transaction is rolled back)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "bench" / "bench_web_home.py"
    spec = importlib.util.spec_from_file_location("bench_web_home", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.RUNS = 1
    rows = module.rows(date(2025, 11, 3))
    assert [r[0].split(",")[0] for r in rows] == ["caseload"] * 3 + [
        "LEA schools view",
        "LEA at-risk list",
    ]
    assert all("queries" in r[1] for r in rows)
    assert not AccessLog.objects.exists()
