"""TOR accountability on fixed dates (issue 11, part 3): open July 1, upload July 15, notices
August 15, corrections, final review October 15, corrective action, holds and their release."""

from __future__ import annotations

from datetime import date

import pytest
from freezegun import freeze_time

from seats.compliance.models import TorAssignment, TorCycle, TorHold
from seats.compliance.services.sweep import run_compliance_sweep
from seats.compliance.services.tor import open_cycle, upload_tor_sheet
from seats.compliance.services.tor_review import issue_corrective_action
from seats.compliance.services.tor_sheet import prefilled_workbook
from seats.compliance.sheets import SheetRefused
from seats.core.models import Notice, TeacherOfRecord
from seats.domain.errors import Conflict, NotFound, NotPermitted
from seats.domain.roles import Role
from seats.funding.models import PaymentHold
from tests.factories import build_world, make_student, org

from .helpers import SYSTEM, load_math_requirements, misaligned_teacher, taught_by, tor_sheet

pytestmark = pytest.mark.django_db
SY = 2025


@pytest.fixture
def world():
    w = build_world()
    load_math_requirements(w)
    return w


def sweep(day: date) -> dict[str, int]:
    with freeze_time(f"{day.isoformat()} 14:00:00"):
        return run_compliance_sweep(as_of=day)


def upload(world, data: bytes, day: date, actor=None) -> TorCycle:
    return upload_tor_sheet(
        actor=actor or world.actor(Role.PROVIDER_ADMIN),
        provider_id=world.provider.pk,
        school_year=SY,
        data=data,
        file_name="tor.csv",
        as_of=day,
    )


def notices(kind: str) -> list[Notice]:
    return list(Notice.objects.filter(kind=kind).order_by("user_id"))


def test_the_whole_cycle_on_its_dates(world) -> None:
    bad = misaligned_teacher(world)
    aligned_cca = taught_by(world.enrolled(), world.teacher)
    other = make_student(world)
    world.register(other)
    misaligned_cca = taught_by(world.enrolled(student=other, offering=world.offering), bad)

    sweep(date(2025, 6, 30))
    assert not TorCycle.objects.exists(), "nothing opens before July 1"
    with pytest.raises(Conflict):
        upload(world, tor_sheet(world, (world.offering, world.teacher)), date(2025, 6, 30))

    sweep(date(2025, 7, 1))
    cycle = TorCycle.objects.get(provider=world.provider, school_year=SY)
    assert cycle.opened_on == date(2025, 7, 1)

    sheet = tor_sheet(world, (world.offering, world.teacher), (world.offering, bad))
    upload(world, sheet, date(2025, 7, 15))
    cycle.refresh_from_db()
    assert cycle.submitted_on == date(2025, 7, 15)
    results = {a.teacher_id: (a.aligned, a.reasons) for a in cycle.assignments.all()}
    assert results == {
        world.teacher.pk: (True, []),
        bad.pk: (False, ["license_area", "endorsement"]),
    }

    sweep(date(2025, 8, 14))
    assert not notices("tor_misaligned")
    sweep(date(2025, 8, 15))
    sent = notices("tor_misaligned")
    staff = {world.actor(Role.PROVIDER_ADMIN).user.pk, world.actor(Role.PROVIDER_STAFF).user.pk}
    assert {n.user_id for n in sent} == staff and all(n.cca_id is None for n in sent)
    assert sent[0].context["due"] == "2025-10-15"
    sweep(date(2025, 8, 16))
    assert len(notices("tor_misaligned")) == 2, "the notice goes once"

    # A TOR added during the corrections gets the same check, dated the day it was added.
    late = TeacherOfRecord.objects.create(
        provider=world.provider,
        first_name="Lee",
        last_name="Later",
        cactus_id="C3000",
        license_areas=["Secondary"],
        endorsements=["Math"],
        background_check_date=date(2025, 9, 1),
    )
    with_late = tor_sheet(
        world,
        (world.offering, world.teacher),
        (world.offering, bad),
        (world.offering_full_credit, late),
    )
    upload(world, with_late, date(2025, 9, 10))
    added = {a.teacher_id: a for a in cycle.assignments.all()}
    assert added[late.pk].added_on == date(2025, 9, 10) and added[late.pk].aligned
    assert added[world.teacher.pk].added_on == date(2025, 7, 15)

    with pytest.raises(Conflict):  # before the final review
        issue_corrective_action(
            actor=world.actor(Role.STATE_SPECIALIST),
            cycle_id=cycle.pk,
            conditions="x",
            steps="y",
            as_of=date(2025, 10, 1),
        )
    sweep(date(2025, 10, 14))
    assert not PaymentHold.objects.exists()
    sweep(date(2025, 10, 15))
    cycle.refresh_from_db()
    assert cycle.final_review_on == date(2025, 10, 15) == cycle.noncompliance_on
    assert len(notices("tor_noncompliance")) == 2
    hold = PaymentHold.objects.get()
    assert (hold.cca_id, hold.reason, hold.released_at) == (
        misaligned_cca.pk,
        "tor_not_aligned",
        None,
    )
    assert not PaymentHold.objects.filter(cca=aligned_cca).exists()
    sweep(date(2025, 10, 16))
    assert PaymentHold.objects.count() == 1, "held once"

    action = issue_corrective_action(
        actor=world.actor(Role.STATE_SPECIALIST),
        cycle_id=cycle.pk,
        conditions="Mo Misfit teaches math without a math endorsement.",
        steps="Reassign the course or record the endorsement.",
        as_of=date(2025, 10, 20),
    )
    assert action.due_on == date(2025, 11, 19)
    assert len(notices("corrective_action")) == 2

    # The teacher earns the endorsement: the next sweep aligns the line and releases the hold.
    TeacherOfRecord.objects.filter(pk=bad.pk).update(
        license_areas=["Secondary"], endorsements=["Math"]
    )
    sweep(date(2025, 11, 3))
    hold.refresh_from_db()
    assert hold.released_at is not None
    assert TorHold.objects.get().released_on == date(2025, 11, 3)
    assert TorAssignment.objects.get(teacher=bad).aligned


def test_a_provider_that_never_submits_is_overdue_and_held_after_the_review(world) -> None:
    cca = taught_by(world.enrolled(), world.teacher)
    sweep(date(2025, 7, 1))
    sweep(date(2025, 8, 15))
    assert TorCycle.objects.get().notified_on is None, "no sheet, nothing checked yet"
    sweep(date(2025, 10, 15))
    assert PaymentHold.objects.get().cca_id == cca.pk, "an unverified TOR is not aligned"
    assert len(notices("tor_noncompliance")) == 2


def test_only_the_provider_itself_or_the_state_acts(world) -> None:
    other = org("provider", "PRV2", "Other Online", provider_category="online")
    sweep(date(2025, 7, 1))
    with pytest.raises(NotPermitted):
        open_cycle(
            actor=world.actor(Role.PROVIDER_ADMIN),
            provider_id=world.provider.pk,
            school_year=SY,
            as_of=date(2025, 7, 1),
        )
    from tests.factories import user_with

    stranger = user_with(Role.PROVIDER_ADMIN, other)
    with pytest.raises(NotFound):
        upload(world, tor_sheet(world, (world.offering, world.teacher)), date(2025, 7, 2), stranger)


def test_the_prefilled_workbook_uploads_back(world) -> None:
    sweep(date(2025, 7, 1))
    cycle = TorCycle.objects.get()
    upload(world, tor_sheet(world, (world.offering, world.teacher)), date(2025, 7, 10))
    data = prefilled_workbook(cycle)
    upload_tor_sheet(
        actor=SYSTEM,
        provider_id=world.provider.pk,
        school_year=SY,
        data=data,
        file_name="tor.xlsx",
        as_of=date(2025, 7, 12),
    )
    assert [a.core_code for a in cycle.assignments.all()] == [world.offering.core_code]


def _refused(world, data: bytes) -> list[str]:
    sweep(date(2025, 7, 1))
    with pytest.raises(SheetRefused) as caught:
        upload(world, data, date(2025, 7, 15))
    assert not TorAssignment.objects.exists(), "nothing written"
    assert TorCycle.objects.get(provider=world.provider).submitted_on is None
    return [p.text() for p in caught.value.problems]


def test_wrong_columns_are_refused(world) -> None:
    data = b"core_code,course,educator_name,cactus_id\n"
    data += f"{world.offering.core_code},x,Tess Teacher,C1000\n".encode()
    problems = _refused(world, data)
    assert "line 1, column course: Unknown column." in problems[0]
    assert any("column usbe_course_title: This column is missing" in p for p in problems)


def test_an_unknown_core_code_and_a_cactus_id_of_another_provider(world) -> None:
    other = org("provider", "PRV2", "Other Online", provider_category="online")
    TeacherOfRecord.objects.create(provider=other, first_name="O", last_name="T", cactus_id="C9")
    data = tor_sheet(world, (world.offering, world.teacher)).decode()
    data += "9999999,Basket Weaving,Tess Teacher,C1000\n"
    data += f"{world.offering.core_code},{world.offering.usbe_title},O T,C9\n"
    problems = _refused(world, data.encode())
    assert problems[0].startswith("line 3, column core_code: Unknown core code '9999999'")
    assert problems[1].startswith("line 4, column cactus_id: CACTUS id 'C9' is not a teacher")


def test_ten_thousand_garbage_rows_get_a_message_each(world) -> None:
    rows = ["core_code,usbe_course_title,educator_name,cactus_id"]
    rows += [f"junk{n},??,nobody,X{n}" for n in range(10_000)]
    problems = _refused(world, "\n".join(rows).encode())
    lines = {int(p.split(",")[0].removeprefix("line ")) for p in problems}
    assert lines == set(range(2, 10_002))


def test_a_hold_the_state_released_by_hand_does_not_stop_the_sweep(world) -> None:
    from seats.funding.services.holds import release_hold

    bad = misaligned_teacher(world)
    taught_by(world.enrolled(), bad)
    sweep(date(2025, 7, 1))
    upload(world, tor_sheet(world, (world.offering, bad)), date(2025, 7, 15))
    sweep(date(2025, 10, 15))
    hold = PaymentHold.objects.get()
    release_hold(actor=SYSTEM, hold_id=hold.pk, note="State decision")
    TeacherOfRecord.objects.filter(pk=bad.pk).update(
        license_areas=["Secondary"], endorsements=["Math"]
    )
    sweep(date(2025, 10, 20))
    assert TorHold.objects.get().released_on == date(2025, 10, 20)
    assert PaymentHold.objects.get().release_note == "State decision"
