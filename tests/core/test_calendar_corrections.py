"""A calendar loaded late (issue 15, item 3): a provider loads its school calendar after 1,000
CCAs passed their Day of Census on the state calendar. Every CCA's deadlines are recomputed, the
change is recorded as a correction naming the calendar's version, Confirmed CCAs stay Confirmed,
the overdue flags follow the moved deadlines, and a dry run shows it first and changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from seats.core.models import CCA, CalendarImport, CCAHistory, OverdueFlag, Student
from seats.core.services.calendars import import_calendar
from seats.core.services.lifecycle import move_status
from seats.core.services.sweep import run_sweep
from seats.domain.statuses import Status
from tests.core.helpers_lifecycle import (
    check_history,
    confirmed,
    provider_actor,
    ready_to_confirm,
)
from tests.factories import build_world

pytestmark = pytest.mark.django_db
D = date.fromisoformat
CLOSED_WEEK = (D("2025-09-15"), D("2025-09-19"))


def calendar_csv() -> bytes:
    """The provider's own calendar: weekdays, but closed the week of Sept 15."""
    days, day = [], D("2025-08-18")
    while day <= D("2026-06-05"):
        if day.weekday() < 5 and not CLOSED_WEEK[0] <= day <= CLOSED_WEEK[1]:
            days.append(day)
        day += timedelta(days=1)
    return ("date\n" + "\n".join(d.isoformat() for d in days) + "\n").encode()


def clones(template: CCA, n: int) -> list[CCA]:
    """``n`` copies of ``template`` for ``n`` new students (the fixture for scale, not a path
    the services offer): same dates, same status, their own history start."""
    base = template.student
    students = []
    for i in range(n):
        student = Student.objects.get(pk=base.pk)
        student.pk = None
        student.ssid = f"9{template.pk:02d}{i:05d}"
        student.user = None
        students.append(student)
    Student.objects.bulk_create(students)
    copies = []
    for student in students:
        cca = CCA.objects.get(pk=template.pk)
        cca.pk, cca.student, cca.version = None, student, 1
        copies.append(cca)
    CCA.objects.bulk_create(copies)
    CCAHistory.objects.bulk_create(
        CCAHistory(
            cca=c,
            seq=1,
            at=c.status_changed_at,
            actor_role="system",
            action="submit",
            from_status="",
            to_status=c.status,
        )
        for c in copies
    )
    return copies


@pytest.fixture
def world():
    return build_world()


def test_a_late_calendar_recomputes_1000_ccas_past_census(world) -> None:
    enrolled = ready_to_confirm(world)  # Enrollment Complete, past census and overdue today
    assert enrolled.census_date == D("2025-10-07")  # on the default state calendar
    done = confirmed(world, offering=world.offering_full_credit)
    ccas = [enrolled, done, *clones(enrolled, 499), *clones(done, 499)]
    run_sweep(as_of=D("2025-10-20"))
    flagged = OverdueFlag.objects.filter(kind="confirmation", cleared_on__isnull=True)
    assert flagged.count() == 500
    old_due = enrolled.confirmation_due

    record = import_calendar(
        organisation_code=world.provider.code, file_name="provider.csv", data=calendar_csv()
    )
    assert record.version == 1 and record.ccas_changed == 1000
    assert record.recompute["moved"]["census_date"] == 1000
    assert record.recompute["confirmed_changed"] == 500
    for cca in CCA.objects.filter(pk__in=[c.pk for c in ccas]):
        assert cca.census_date == D("2025-10-14")  # one week later: the closed week
        assert cca.confirmation_due > old_due
        assert cca.status in (Status.ENROLLMENT_COMPLETE, Status.CONFIRMED)
    assert CCA.objects.get(pk=done.pk).status == Status.CONFIRMED
    entry = check_history(done.pk)[-1]
    assert entry.action == "calendar_correction"
    assert entry.details["calendar"]["version"] == 1
    assert entry.details["census_date"] == {"from": "2025-10-07", "to": "2025-10-14"}
    assert (entry.from_status, entry.to_status) == ("confirmed", "confirmed")
    new_due = CCA.objects.get(pk=enrolled.pk).confirmation_due
    assert set(flagged.values_list("due_date", flat=True)) == {new_due}  # flags followed


def test_a_second_load_is_version_2_and_changes_only_what_moved(world) -> None:
    cca = ready_to_confirm(world)
    import_calendar(organisation_code=world.provider.code, file_name="a.csv", data=calendar_csv())
    again = import_calendar(
        organisation_code=world.provider.code, file_name="b.csv", data=calendar_csv()
    )
    assert (again.version, again.ccas_changed) == (2, 0)
    assert CCAHistory.objects.filter(cca=cca, action="calendar_correction").count() == 1


def test_dry_run_prints_what_would_move_and_changes_nothing(world, tmp_path) -> None:
    cca = ready_to_confirm(world)
    path = tmp_path / "provider.csv"
    path.write_bytes(calendar_csv())
    out = StringIO()
    call_command("calendar", "import", world.provider.code, str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Would load" in text and "1 of 1 CCAs changed" in text
    assert "census_date: moved on 1 CCAs" in text and "Dry run: nothing" in text
    assert CalendarImport.objects.count() == 0
    fresh = CCA.objects.get(pk=cca.pk)
    assert (fresh.census_date, fresh.version) == (D("2025-10-07"), cca.version)
    out = StringIO()
    call_command("calendar", "import", world.provider.code, str(path), stdout=out)
    assert "Loaded" in out.getvalue() and "1 of 1 CCAs changed" in out.getvalue()
    assert CCA.objects.get(pk=cca.pk).census_date == D("2025-10-14")


def test_final_ccas_keep_their_dates(world) -> None:
    cca = ready_to_confirm(world)
    cca = move_status(
        actor=provider_actor(world),
        cca_id=cca.pk,
        to=Status.STUDENT_WITHDRAWAL_WITHIN_20,
        expected_version=cca.version,
        as_of=D("2025-09-20"),
        withdrawal_date=D("2025-09-19"),
    )
    import_calendar(organisation_code=world.provider.code, file_name="a.csv", data=calendar_csv())
    fresh = CCA.objects.get(pk=cca.pk)
    assert (fresh.census_date, fresh.version) == (D("2025-10-07"), cca.version)


def test_the_bench_module_recomputes_the_largest_provider(world) -> None:
    """bench/bench_calendar.py on a tiny database: it finds the provider, closes the week after
    its course start, and reports the CCAs it moved (rolled back afterwards)."""
    import importlib.util
    from pathlib import Path

    cca = ready_to_confirm(world)
    path = Path(__file__).resolve().parents[2] / "bench" / "bench_calendar.py"
    spec = importlib.util.spec_from_file_location("bench_calendar", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    [(name, figure, goal, result)] = module.rows(D("2025-10-20"))
    assert goal == "< 10 s"
    assert world.provider.code in name and "1 open CCAs" in name
    assert "(1 changed)" in figure and result == "pass"
    assert CCA.objects.get(pk=cca.pk).census_date == D("2025-10-07")  # rolled back
    assert CalendarImport.objects.count() == 0
