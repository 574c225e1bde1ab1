"""Calendar services and ``seats calendar import``: which calendar counts, and loading one."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from seats.core.models import (
    BusinessDayOverride,
    CalendarImport,
    Organisation,
    OrgKind,
    SchoolCalendar,
    SchoolDay,
)
from seats.core.services.calendars import business_calendar, import_calendar, school_calendar_for
from seats.domain.calendars import default_school_days
from seats.domain.errors import InvalidInput

pytestmark = pytest.mark.django_db
D = date.fromisoformat


def org(code: str, kind: str = OrgKind.LEA, parent: Organisation | None = None) -> Organisation:
    category = "online" if kind == OrgKind.PROVIDER else ""
    return Organisation.objects.create(
        kind=kind, code=code, name=f"{code} name", parent=parent, provider_category=category
    )


def weekdays(first: str, count: int) -> list[date]:
    day, out = D(first), []
    while len(out) < count:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


def csv_bytes(days: list[date]) -> bytes:
    return ("date\n" + "".join(f"{d.isoformat()}\n" for d in days)).encode()


def loaded(code: str) -> list[date]:
    return list(
        SchoolDay.objects.filter(calendar__organisation__code=code)
        .order_by("date")
        .values_list("date", flat=True)
    )


# --- business_calendar --------------------------------------------------------------------------


def test_business_calendar_applies_the_states_overrides() -> None:
    assert not business_calendar().is_business_day(D("2025-11-11"))
    BusinessDayOverride.objects.create(date=D("2025-11-28"), closed=True, note="Governor")
    BusinessDayOverride.objects.create(date=D("2025-11-11"), closed=False, note="worked")
    cal = business_calendar()
    assert cal.state == "UT" and cal.name == "Utah business days"
    assert not cal.is_business_day(D("2025-11-28"))
    assert cal.is_business_day(D("2025-11-11"))
    assert cal.add_business_days(D("2025-11-25"), 2) == D("2025-12-01")


# --- import_calendar ------------------------------------------------------------------------------


def test_import_loads_days_and_records_the_import() -> None:
    org("ALPINE")
    days = weekdays("2025-08-20", 30)
    data = csv_bytes(days)
    record = import_calendar(organisation_code="ALPINE", file_name="alpine.csv", data=data)
    assert loaded("ALPINE") == days
    assert record.calendar.organisation.code == "ALPINE"
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert (record.days_loaded, record.days_replaced, record.replaced_days) == (30, 0, [])
    assert record.school_years == [2025] and record.file_name == "alpine.csv"
    assert record.imported_at is not None and record.imported_by is None


def test_reimport_replaces_only_the_school_years_in_the_file() -> None:
    org("ALPINE")
    first = weekdays("2025-08-20", 10) + weekdays("2026-08-19", 5)
    import_calendar(organisation_code="ALPINE", file_name="a.csv", data=csv_bytes(first))
    second = weekdays("2025-09-01", 4)
    record = import_calendar(organisation_code="ALPINE", file_name="b.csv", data=csv_bytes(second))
    assert loaded("ALPINE") == second + weekdays("2026-08-19", 5)
    assert record.days_replaced == 10
    assert record.replaced_days == [d.isoformat() for d in weekdays("2025-08-20", 10)]
    assert CalendarImport.objects.count() == 2
    assert SchoolCalendar.objects.count() == 1


def test_ics_import() -> None:
    org("PROV", kind=OrgKind.PROVIDER)
    ics = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        b"DTSTART;VALUE=DATE:20250825\r\nDTEND;VALUE=DATE:20250830\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    record = import_calendar(organisation_code="PROV", file_name="prov.ics", data=ics)
    assert record.days_loaded == 5
    assert loaded("PROV") == [D("2025-08-25") + timedelta(days=i) for i in range(5)]


def test_unknown_organisation_writes_nothing() -> None:
    with pytest.raises(InvalidInput) as err:
        import_calendar(organisation_code="NOPE", file_name="x.csv", data=b"date\n2025-08-20\n")
    assert err.value.field == "organisation" and "NOPE" in str(err.value)
    assert not SchoolCalendar.objects.exists()


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"date\n2025-08-20\n2025-08-32\n", "line 3, column 1"),
        (b"date\n2025-08-20\n2025-08-20\n", "repeats line 2"),
        (b"date,x\n2025-08-20,1\n", "header"),
        (b"date\n\xff\xfe\n", "not UTF-8"),
        (b"BEGIN:VCALENDAR\r\nbroken\r\n", "iCalendar"),
    ],
)
def test_a_bad_file_changes_nothing(data: bytes, fragment: str) -> None:
    org("ALPINE")
    before = weekdays("2025-08-20", 3)
    import_calendar(organisation_code="ALPINE", file_name="a.csv", data=csv_bytes(before))
    with pytest.raises(InvalidInput, match=fragment):
        import_calendar(organisation_code="ALPINE", file_name="bad.csv", data=data)
    assert loaded("ALPINE") == before
    assert CalendarImport.objects.count() == 1


def test_a_failure_inside_the_transaction_rolls_everything_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    org("ALPINE")
    before = weekdays("2025-08-20", 3)
    import_calendar(organisation_code="ALPINE", file_name="a.csv", data=csv_bytes(before))

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(CalendarImport.objects, "create", explode)
    with pytest.raises(RuntimeError):
        import_calendar(
            organisation_code="ALPINE", file_name="b.csv", data=csv_bytes(weekdays("2025-09-01", 2))
        )
    assert loaded("ALPINE") == before


# --- school_calendar_for -----------------------------------------------------------------------


def test_the_organisations_own_calendar_wins(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    state = org("USBE", kind=OrgKind.STATE)
    lea = org("ALPINE")
    import_calendar(
        organisation_code="USBE", file_name="s.csv", data=csv_bytes(weekdays("2025-08-18", 40))
    )
    days = weekdays("2025-08-20", 40) + weekdays("2026-08-19", 3)
    import_calendar(organisation_code="ALPINE", file_name="a.csv", data=csv_bytes(days))
    with django_assert_num_queries(1):
        cal = school_calendar_for(lea, around=D("2025-09-08"))
    assert cal.name == "ALPINE name school calendar"
    assert list(cal.days) == days
    assert state.code == "USBE"


def test_a_school_without_a_calendar_uses_its_leas() -> None:
    lea = org("ALPINE")
    school = org("ALPINE-HS", kind=OrgKind.SCHOOL, parent=lea)
    days = weekdays("2025-08-20", 20)
    import_calendar(organisation_code="ALPINE", file_name="a.csv", data=csv_bytes(days))
    cal = school_calendar_for(school, around=D("2025-09-01"))
    assert list(cal.days) == days
    assert "LEA calendar" in cal.name and "ALPINE-HS" in cal.name


def test_falls_back_to_the_state_calendar_then_the_default() -> None:
    lea = org("ALPINE")
    # The LEA's calendar covers only 2024-25: not the year asked about.
    import_calendar(
        organisation_code="ALPINE", file_name="old.csv", data=csv_bytes(weekdays("2024-08-21", 5))
    )
    default = school_calendar_for(lea, around=D("2025-09-08"))
    assert default.name == "Default state calendar"
    assert default.first_day == default_school_days(2025)[0]
    assert default.last_day == default_school_days(2026)[-1]
    org("USBE", kind=OrgKind.STATE)
    state_days = weekdays("2025-08-18", 50)
    import_calendar(organisation_code="USBE", file_name="s.csv", data=csv_bytes(state_days))
    state = school_calendar_for(lea, around=D("2025-09-08"))
    assert list(state.days) == state_days and "(state calendar)" in state.name
    assert list(school_calendar_for(None, around=D("2026-01-05")).days) == state_days
    assert school_calendar_for(lea, around=D("2024-09-03")).days == tuple(weekdays("2024-08-21", 5))


# --- seats calendar import -----------------------------------------------------------------------


def test_command_imports_and_reports(tmp_path: Path) -> None:
    org("ALPINE")
    path = tmp_path / "alpine.csv"
    path.write_bytes(csv_bytes(weekdays("2025-08-20", 12)))
    out = StringIO()
    call_command("calendar", "import", "ALPINE", str(path), stdout=out)
    assert "Loaded 12 school days for ALPINE (school years 2025-26, calendar version 1)" in (
        out.getvalue()
    )
    assert "replaced 0" in out.getvalue()
    path.write_bytes(csv_bytes(weekdays("2025-08-20", 5)))
    call_command("calendar", "import", "ALPINE", str(path), stdout=out)
    assert "Loaded 5 school days" in out.getvalue() and "replaced 12" in out.getvalue()


@pytest.mark.parametrize(
    ("code", "content", "fragment"),
    [
        ("NOPE", b"date\n2025-08-20\n", "ORG_CODE: No organisation has the code 'NOPE'"),
        ("ALPINE", b"date\n2025-08-20\nsoon\n", "FILE: cal.csv: line 3, column 1"),
        ("ALPINE", None, "FILE: cannot read"),
    ],
)
def test_command_errors_exit_2_and_load_nothing(
    tmp_path: Path, code: str, content: bytes | None, fragment: str
) -> None:
    org("ALPINE")
    path = tmp_path / "cal.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError) as err:
        call_command("calendar", "import", code, str(path))
    assert err.value.returncode == 2
    assert fragment in str(err.value)
    assert "\n" not in str(err.value)
    assert not SchoolDay.objects.exists()
