"""Lists as CSV and Excel: exactly the rows the viewer may see, dates as dates, and no cell a
spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from seats.core.models import CCA, AccessLog, Organisation, RoleMembership, Student
from seats.core.selectors.access import Viewer, ccas_visible_to
from seats.domain.roles import Role
from seats.integration.exports import (
    CCA_COLUMNS,
    Column,
    export_ccas,
    neutralise,
    write_csv,
    write_xlsx,
)
from tests.core.helpers_lifecycle import confirmed, other_provider
from tests.factories import build_world, make_offering, make_student, org, user_with

pytestmark = pytest.mark.django_db

NASTY = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", '=HYPERLINK("http://x")']


def _csv(rows, columns) -> list[list[str]]:
    out = io.StringIO(newline="")
    write_csv(rows, columns, out)
    return list(csv.reader(io.StringIO(out.getvalue(), newline="")))


def _xlsx(rows, columns) -> list[list[object]]:
    out = io.BytesIO()
    write_xlsx(rows, columns, out)
    out.seek(0)
    sheet = load_workbook(out).worksheets[0]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
    return [list(r) for r in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("text", NASTY)
def test_neutralise_prefixes_formula_starts_only(text):
    assert neutralise(text) == "'" + text
    assert neutralise("Plain " + text) == "Plain " + text


def test_csv_writes_plain_values_and_neutralises_formulas():
    rows = [
        {"name": text, "day": date(2025, 10, 7), "n": -3, "ok": True, "cr": Decimal("0.50")}
        for text in NASTY
    ]
    table = _csv(rows, ["name", "day", "n", "ok", "cr"])
    assert table[0] == ["name", "day", "n", "ok", "cr"]
    assert [r[0] for r in table[1:]] == ["'" + t for t in NASTY]
    assert table[1][1:] == ["2025-10-07", "-3", "true", "0.50"]


def test_xlsx_writes_dates_as_dates_and_no_formulas():
    rows = [{"name": t, "day": date(2025, 10, 7), "n": 4, "none": None} for t in NASTY]
    rows.append({"name": "bell\x07ringer", "day": None, "n": None, "none": None})
    table = _xlsx(rows, ["name", "day", "n", Column("nothing", lambda r: r["none"])])
    assert table[0] == ["name", "day", "n", "nothing"]
    # XML reads a carriage return back as a line feed; the leading quote is what matters.
    assert [r[0] for r in table[1:-1]] == ["'" + t.replace("\r", "\n") for t in NASTY]
    assert table[1][1] == datetime(2025, 10, 7) and table[1][2] == 4
    assert table[-1][0] == "bellringer"


def _viewer(actor) -> Viewer:  # type: ignore[no-untyped-def]
    return Viewer(actor.user, actor.role, actor.organisation)


def _export_ids(viewer: Viewer, **kw) -> list[int]:  # type: ignore[no-untyped-def]
    out = io.StringIO(newline="")
    export_ccas(viewer, out, columns=["cca_id", "status"], **kw)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    return [int(r["cca_id"]) for r in rows]


def test_cca_export_contains_exactly_the_visible_rows():
    world = build_world()
    mine = [confirmed(world), confirmed(world, offering=make_offering(world))]
    other, other_staff, _ = other_provider(world)
    theirs = confirmed(world, offering=make_offering(world))
    CCA.objects.filter(pk=theirs.pk).update(provider=other)
    school2 = org("school", "SCH2", "Elsewhere High", parent=world.lea)
    counselor2 = user_with(Role.COUNSELOR, school2, "counselor2")
    expected = {
        world.actor(Role.PROVIDER_STAFF): [c.pk for c in mine],
        other_staff: [theirs.pk],
        world.actor(Role.COUNSELOR): sorted(c.pk for c in [*mine, theirs]),
        world.actor(Role.STATE_SPECIALIST): sorted(c.pk for c in [*mine, theirs]),
        world.actor(Role.PARENT): sorted(c.pk for c in [*mine, theirs]),
        counselor2: [],
    }
    for actor, ids in expected.items():
        viewer = _viewer(actor)
        exported = _export_ids(viewer)
        assert exported == ids, actor.role_name
        assert exported == list(ccas_visible_to(viewer).order_by("pk").values_list("pk", flat=True))
    logged = AccessLog.objects.filter(action="export", channel="file")
    assert logged.count() == len(expected)
    assert sorted(logged.values_list("rows", flat=True)) == sorted(
        len(v) for v in expected.values()
    )


def test_cca_export_filters_by_status_and_neutralises_student_names():
    world = build_world()
    student = make_student(
        world, legal_first_name='=HYPERLINK("http://evil")', legal_last_name="@x"
    )
    world.register(student)
    cca = confirmed(world, student=student)
    pending = world.submit(offering=make_offering(world))
    viewer = _viewer(world.actor(Role.PROVIDER_STAFF))
    assert _export_ids(viewer, statuses=["confirmed"]) == [cca.pk]
    assert _export_ids(viewer, statuses=["pending_execution"]) == [pending.pk]
    out = io.BytesIO()
    export_ccas(
        viewer,
        out,
        file_format="xlsx",
        columns=["cca_id", "student_name", "course_start_date"],
        statuses=["confirmed"],
    )
    out.seek(0)
    sheet = load_workbook(out).worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[1][1].startswith("'=HYPERLINK")
    assert values[1][2] == datetime(2025, 9, 8)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_every_cca_column_can_be_exported():
    world = build_world()
    confirmed(world)
    viewer = _viewer(world.actor(Role.STATE_ADMIN))
    out = io.StringIO(newline="")
    assert export_ccas(viewer, out, columns=list(CCA_COLUMNS)) == 1
    header, row = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert header == list(CCA_COLUMNS)
    values = dict(zip(header, row, strict=True))
    assert values["status"] == "confirmed" and values["teacher_cactus_id"] == "C1000"
    assert values["provider"] == "PRV1" and values["primary_school"] == "SCH1"


# --- the command ----------------------------------------------------------------------------------


def test_export_command_csv_to_stdout_and_xlsx_to_file(tmp_path):
    world = build_world()
    cca = confirmed(world)
    out = io.StringIO()
    call_command("export", "ccas", "--user", "provider", "--status", "confirmed", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [int(r["cca_id"]) for r in rows] == [cca.pk]
    assert rows[0]["ssid"] == world.student.ssid
    path = tmp_path / "ccas.xlsx"
    call_command(
        "export", "ccas", "--user", "provider", "--output", str(path), stderr=io.StringIO()
    )
    sheet = load_workbook(path).worksheets[0]
    assert sheet.cell(2, 1).value == cca.pk


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--user", "nobody"], "no active user"),
        (["--user", "provider", "--status", "graduated"], "unknown status graduated"),
        (["--user", "provider", "--columns", "cca_id,secret"], "Unknown column secret"),
        (["--user", "provider", "--format", "xlsx"], "needs --output"),
        (["--user", "multi"], "holds several roles"),
        (["--user", "multi", "--role", "auditor"], "holds no such role"),
    ],
)
def test_export_command_usage_errors(args, needle):
    world = build_world()
    multi = user_with(Role.PROVIDER_STAFF, world.provider, "multi").user
    RoleMembership.objects.create(user=multi, role=Role.COUNSELOR.value, organisation=world.school)
    with pytest.raises(CommandError, match=needle) as caught:
        call_command("export", "ccas", *args, stdout=io.StringIO())
    assert caught.value.returncode == 2


def test_export_command_role_choice(tmp_path):
    world = build_world()
    multi = user_with(Role.PROVIDER_STAFF, world.provider, "multi").user
    other = Organisation.objects.create(
        kind="provider", code="PRV7", name="Seven", provider_category="online"
    )
    RoleMembership.objects.create(user=multi, role=Role.PROVIDER_STAFF.value, organisation=other)
    cca = confirmed(world)
    out = io.StringIO()
    call_command("export", "ccas", "--user", "multi", "--organisation", "PRV1", stdout=out)
    assert str(cca.pk) in out.getvalue()
    out = io.StringIO()
    call_command("export", "ccas", "--user", "multi", "--organisation", "PRV7", stdout=out)
    assert out.getvalue().splitlines()[1:] == []
    assert Student.objects.count() == 1
