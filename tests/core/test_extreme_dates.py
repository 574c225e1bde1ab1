"""Extreme dates (issue 8 item 8): 0001-01-01 and 9999-12-31 in the deadline calculator (page
and `seats deadlines`), the other commands and every date field give a clear message naming
the field, never a 500 or a traceback (date arithmetic on them overflows)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from seats.domain.calendars import parse_iso_date
from seats.domain.errors import InvalidInput
from seats.domain.roles import Role
from seats.integration.utrex.extract import parse_date as utrex_date
from tests.factories import build_world
from tests.web.conftest import signed_in

EXTREMES = ["0001-01-01", "9999-12-31"]
RANGE = "outside the dates SEATS works with (2000-01-01 to 2100-12-31)"


@pytest.mark.django_db
@pytest.mark.parametrize("day", EXTREMES)
@pytest.mark.parametrize(
    "args",
    [
        ["--submitted", "{d}"],
        ["--submitted", "2025-09-02", "--course-start", "{d}"],
        ["--submitted", "2025-09-02", "--completed", "{d}"],
        ["--submitted", "2025-09-02", "--grade", "12", "--transcript-due", "{d}"],
    ],
    ids=["submitted", "course-start", "completed", "transcript-due"],
)
def test_the_deadlines_command_names_the_option(day: str, args: list[str]) -> None:
    build_world()
    with pytest.raises(CommandError) as refused:
        call_command("deadlines", *[a.format(d=day) for a in args], stdout=StringIO())
    option = args[-2] if args[-1] == "{d}" else args[0]
    assert str(refused.value) == f"{option}: {day} is {RANGE}."
    assert refused.value.returncode == 2


@pytest.mark.django_db
@pytest.mark.parametrize("day", EXTREMES)
def test_every_commands_date_option_is_checked(day: str) -> None:
    with pytest.raises(CommandError, match=RANGE.replace("(", r"\(").replace(")", r"\)")):
        call_command("sweep", "--as-of", day, stdout=StringIO())


@pytest.mark.django_db
@override_settings(SEATS_MFA_REQUIRED=False)
@pytest.mark.parametrize("day", EXTREMES)
@pytest.mark.parametrize("field", ["submitted", "course_start", "completed", "transcript_due"])
def test_the_calculator_page_says_it_at_the_field(day: str, field: str) -> None:
    world = build_world()
    client = signed_in(world, Role.STATE_SPECIALIST)
    query = {"submitted": "2025-09-02", "grade": "12", field: day}
    page = client.get(reverse("web:deadline_calculator"), query)
    assert page.status_code == 400
    assert page.context["form"].errors[field] == [f"{day} is {RANGE}."]


@pytest.mark.django_db
@pytest.mark.parametrize("day", EXTREMES)
def test_the_access_log_dates_are_checked(day: str) -> None:
    world = build_world()
    client = signed_in(world, Role.STATE_SPECIALIST)
    form_fields = client.get(reverse("web:access_log")).context["form"].fields
    for name, field in form_fields.items():
        if field.__class__.__name__ == "DateField":
            page = client.get(reverse("web:access_log"), {name: day})
            assert page.status_code in (200, 400)
            assert page.context["form"].errors[name] == [f"{day} is {RANGE}."]


@pytest.mark.django_db
@pytest.mark.parametrize("day", EXTREMES)
def test_provider_and_school_date_fields(day: str) -> None:
    world = build_world()
    world.register()
    cca = world.enrolled()
    provider = signed_in(world, Role.PROVIDER_STAFF)
    answer = provider.post(
        reverse("web:provider_act", args=[cca.pk]),
        {"action": "course_start", "version": cca.version, "course_start_date": day},
        follow=True,
    )
    assert answer.status_code == 200
    assert f"{day} is {RANGE}." in answer.content.decode()
    counselor = signed_in(world, Role.COUNSELOR)
    page = counselor.post(
        reverse("web:school_transcript_due", args=[cca.pk]), {"due": day, "version": cca.version}
    )
    assert page.status_code == 400 and f"{day} is {RANGE}." in page.content.decode()


@pytest.mark.parametrize("day", EXTREMES)
def test_files_with_extreme_dates_are_refused_by_line(day: str) -> None:
    with pytest.raises(InvalidInput, match="outside the dates"):
        parse_iso_date(day, where="line 2")
    with pytest.raises(ValueError, match="outside the dates"):
        utrex_date(day)
    with pytest.raises(ValueError, match="outside the dates"):
        utrex_date("12/31/9999" if day.startswith("9") else "1/1/0001")
