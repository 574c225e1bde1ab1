"""Summer courses count in the provider's upcoming school year (SPEC 3; issue 15, item 4): a
course starting in June for the summer and one starting July 1 belong to the same school year's
session, for deadlines, the credit limit, the fee and the UTREx check. On the boundary."""

from __future__ import annotations

import io
from datetime import date

import pytest

from seats.core.models import CCA, RoleMembership
from seats.core.selectors.access import Viewer
from seats.core.services.eligibility import credits_this_year
from seats.core.services.enrollment import set_course_start, set_teacher_of_record
from seats.core.services.lifecycle import move_status
from seats.core.services.policy import policy_for
from seats.core.services.requests import submit_request
from seats.domain.errors import InvalidInput
from seats.domain.policy import MonthDay
from seats.domain.roles import Role
from seats.domain.statuses import Status
from seats.domain.windows import course_school_year
from seats.integration.utrex.check import run_check
from seats.integration.utrex.expected import expected_records
from seats.integration.utrex.extract import write_extract
from tests.core.helpers_lifecycle import provider_actor
from tests.factories import build_world

D = date.fromisoformat
JUNE_1 = MonthDay(6, 1)


@pytest.mark.parametrize(
    ("start", "year"),
    [
        ("2026-05-29", 2025),  # the last days of the spring belong to the ending year
        ("2026-05-31", 2025),
        ("2026-06-01", 2026),  # the summer session starts the upcoming year
        ("2026-06-30", 2026),
        ("2026-07-01", 2026),
        ("2027-05-31", 2026),
    ],
)
def test_course_school_year_on_the_boundary(start: str, year: int) -> None:
    assert course_school_year(D(start), summer_start=JUNE_1) == year


def enrolled_for(world, *, school_year: int, offering, as_of: date) -> CCA:
    world.register(as_of=as_of)
    cca = submit_request(
        actor=world.actor(Role.COUNSELOR),
        student_id=world.student.pk,
        offering_id=offering.pk,
        school_year=school_year,
        session="S1",
        as_of=as_of,
    )
    world.accept(cca, as_of=as_of)
    cca = world.approve(cca, as_of=as_of)
    cca.refresh_from_db()
    assert cca.status == Status.ENROLLMENT_COMPLETE
    return cca


def started(world, cca: CCA, start: date) -> CCA:
    cca = set_course_start(
        actor=provider_actor(world), cca_id=cca.pk, expected_version=cca.version, start=start
    )
    return set_teacher_of_record(
        actor=provider_actor(world),
        cca_id=cca.pk,
        expected_version=cca.version,
        teacher_id=world.teacher.pk,
    )


@pytest.mark.django_db
def test_a_june_summer_course_and_a_july_course_share_the_school_year() -> None:
    world = build_world()
    day = D("2026-05-04")
    summer = started(
        world,
        enrolled_for(world, school_year=2026, offering=world.offering, as_of=day),
        D("2026-06-02"),
    )
    july = started(
        world,
        enrolled_for(world, school_year=2026, offering=world.offering_full_credit, as_of=day),
        D("2026-07-01"),
    )
    for cca in (summer, july):
        assert cca.closeout_date == D("2027-06-30")  # deadlines of 2026-27
        assert cca.late_pass_final_due == D("2027-08-01")
    assert credits_this_year(world.student, 2026) == 1.5  # both count in 2026-27's limit
    assert credits_this_year(world.student, 2025) == 0
    fee_year = {policy_for(c.school_year).school_year for c in (summer, july)}
    assert fee_year == {2026}  # one fee table pays both

    for cca in (summer, july):
        cca.refresh_from_db()
        move_status(
            actor=provider_actor(world),
            cca_id=cca.pk,
            to=Status.CONFIRMED,
            expected_version=cca.version,
            as_of=cca.census_date,
        )
    membership = (
        RoleMembership.objects.filter(role=Role.STATE_SPECIALIST.value)
        .select_related("user", "organisation")
        .first()
    )
    state = Viewer.from_membership(membership)
    rows = list(expected_records(state, school_year=2026))
    assert len(rows) == 2 and {r["school_year"] for r in rows} == {"2027"}
    out = io.StringIO()
    write_extract(rows, out)
    summary, findings = run_check(state, out.getvalue().encode(), as_of=D("2026-10-01"))
    assert findings == []
    assert summary.matched == 2 and summary.school_years == [2026]


@pytest.mark.django_db
def test_a_june_start_is_refused_for_the_ending_school_year() -> None:
    world = build_world()
    cca = enrolled_for(world, school_year=2025, offering=world.offering, as_of=D("2025-09-02"))
    with pytest.raises(InvalidInput) as refused:
        set_course_start(
            actor=provider_actor(world),
            cca_id=cca.pk,
            expected_version=cca.version,
            start=D("2026-06-01"),
        )
    assert "belongs to 2026-27" in refused.value.message
    assert refused.value.field == "course_start_date"
    cca = set_course_start(
        actor=provider_actor(world),
        cca_id=cca.pk,
        expected_version=cca.version,
        start=D("2026-05-29"),  # still the spring of 2025-26
    )
    assert cca.closeout_date == D("2026-06-30")
