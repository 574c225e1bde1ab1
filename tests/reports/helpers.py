"""A hand-made set of CCAs for the report tests, written with the ORM (the statuses are the
point here, not how they were reached: core's lifecycle tests cover that)."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from seats.core.models import CCA, CourseOffering, Student, TeacherOfRecord
from seats.domain.statuses import Status
from tests.factories import SY, World, make_student

_seq = itertools.count(1)
WHEN = datetime(2026, 5, 1, 12, tzinfo=ZoneInfo("America/Denver"))


def cca(
    world: World,
    status: Status,
    *,
    student: Student | None = None,
    offering: CourseOffering | None = None,
    teacher: TeacherOfRecord | None = None,
    final_grade: str = "",
    year: int = SY,
) -> CCA:
    offering = offering or world.offering
    return CCA.objects.create(
        student=student or make_student(world),
        offering=offering,
        provider=offering.provider,
        primary_lea=world.lea,
        primary_school=world.school,
        school_year=year,
        session="S1",
        credit_attempted=offering.credit,
        status=status.value,
        status_changed_at=WHEN,
        submitted_by_role="counselor",
        submitted_at=WHEN,
        submitted_on=date(2025, 9, 2),
        closeout_date=date(year + 1, 6, 30),
        late_pass_final_due=date(year + 1, 8, 1),
        teacher_of_record=teacher,
        final_grade=final_grade,
        credit_earned=Decimal("0.5")
        if status in (Status.PASS_ALL_COMPLETE, Status.LATE_PASS)
        else None,
    )


#: One CCA of every status, plus six more Pass All Complete and one more Late Pass.
EXTRA = {Status.PASS_ALL_COMPLETE: 6, Status.LATE_PASS: 1}
GRADES = {
    Status.PASS_ALL_COMPLETE: "A",
    Status.LATE_PASS: "B",
    Status.COMPLETED_GRADE_TOO_LOW: "F",
    Status.FAILED_TO_COMPLETE: "I",
    Status.QUARTER_EARNED_NOT_PASSING: "D",
}


def every_status(world: World, offering: CourseOffering | None = None) -> list[CCA]:
    made = []
    for status in Status:
        for _ in range(1 + EXTRA.get(status, 0)):
            made.append(
                cca(world, status, offering=offering, teacher=world.teacher,
                    final_grade=GRADES.get(status, ""))
            )  # fmt: skip
    return made
