"""The demo's pupil accounting (issue 13): the demo LEA gets a program of each kind on its
school calendar, about thirty students enrolled, engagement evidence with the patterns the
rules are about (steady, a gap of exactly ten school days, a gap of eleven and a return, a
student at day 7-9 today, one out of membership, a home-and-hospital week short of 120
minutes), some continued-enrollment checks (others overdue) and the warnings sweep.

The ``teacher`` demo login teaches them; ``pupil_accounting`` works for the LEA."""

from __future__ import annotations

import random
from datetime import date

from seats.core.models import Organisation, SchoolCalendar, SchoolDay, Student, User
from seats.core.services.actors import Actor
from seats.domain.membership.kinds import EventKind, ProgramKind
from seats.domain.roles import Role
from seats.membership.models import Enrollment, EnrollmentCheck, Program
from seats.membership.services.checks import record_check
from seats.membership.services.events import ingest
from seats.membership.services.programs import create_program, enroll
from seats.membership.services.warnings import send_warnings

SYSTEM = Actor.system()
PROGRAMS = (
    ("ONL", "Online Academy", ProgramKind.ONLINE),
    ("BLD", "Blended Learning Center", ProgramKind.BLENDED),
    ("CBE", "Competency-Based Pathways", ProgramKind.COMPETENCY),
    ("ATT", "Main Campus (in person)", ProgramKind.ATTENDANCE),
    ("HH", "Home and Hospital", ProgramKind.HOME_HOSPITAL),
    ("CTE", "CTE at the Technical College", ProgramKind.CTE_TECH_COLLEGE),
)
KIND_OF = {
    ProgramKind.ATTENDANCE: EventKind.IN_PERSON,
    ProgramKind.CTE_TECH_COLLEGE: EventKind.IN_PERSON,
    ProgramKind.HOME_HOSPITAL: EventKind.DIRECT_INSTRUCTION,
}
LEARNER = (EventKind.ASSIGNMENT, EventKind.SYNCHRONOUS_ONLINE, EventKind.CONFERENCE)


def _pattern(n: int, days: list[date], rng: random.Random) -> list[date]:
    """Engagement days for the n-th student: most steady, some with the gaps the rules name."""
    if n == 1:  # a gap of exactly ten school days: nothing lost
        return [d for i, d in enumerate(days) if i % 11 == 0 or i >= len(days) - 3]
    if n == 2:  # a gap of eleven, then back
        cut = max(0, len(days) // 2 - 6)
        return [d for i, d in enumerate(days) if not cut <= i < cut + 11]
    if n in (3, 4, 5):  # at day 7, 8, 9 without engagement today
        return days[: len(days) - (4 + n)]
    if n == 6:  # out of membership: silent for the last fifteen school days
        return days[: max(0, len(days) - 15)]
    return [d for d in days if rng.random() < 0.7]


def build_membership(*, as_of: date, seed: int = 1) -> dict[str, int]:
    teacher = User.objects.filter(username=Role.TEACHER.value).first()
    clerk = User.objects.filter(username=Role.PUPIL_ACCOUNTING.value).first()
    if teacher is None or clerk is None:
        return {}
    lea_id = teacher.memberships.get(role=Role.TEACHER.value).organisation_id
    school = Organisation.objects.filter(parent_id=lea_id, kind="school").order_by("pk").first()
    calendar = (
        SchoolCalendar.objects.filter(organisation_id__in=[lea_id, getattr(school, "pk", 0)])
        .order_by("pk")
        .first()
        or SchoolCalendar.objects.order_by("pk").first()
    )
    if calendar is None:
        return {}
    rng = random.Random(seed)
    days = list(
        SchoolDay.objects.filter(calendar=calendar, date__lte=as_of)
        .order_by("date")
        .values_list("date", flat=True)
    )[-90:]
    if len(days) < 20:
        return {}
    programs = [
        create_program(
            actor=SYSTEM, lea_id=lea_id, code=code, name=name, kind=kind,
            calendar_id=calendar.pk, school_id=getattr(school, "pk", None),
        )
        for code, name, kind in PROGRAMS
    ]  # fmt: skip
    students = list(
        Student.objects.filter(primary_lea_id=lea_id, ssid__isnull=False).order_by("pk")[:36]
    )
    enrollments: list[Enrollment] = []
    rows: list[dict[str, object]] = []
    for n, student in enumerate(students):
        program: Program = programs[0] if n < 12 else programs[n % len(programs)]
        enrollment = enroll(
            actor=SYSTEM, program_id=program.pk, student_id=student.pk, entry_on=days[0],
            teacher_id=teacher.pk,
        )  # fmt: skip
        enrollments.append(enrollment)
        kind = program.program_kind
        if kind is ProgramKind.HOME_HOSPITAL:
            for i, day in enumerate(days):
                if day.weekday() in (1, 3):
                    short = i in range(20, 27)  # one week under 120 minutes
                    rows.append(_row(student, program, day, EventKind.DIRECT_INSTRUCTION,
                                     40 if short else 60, n, i))  # fmt: skip
            continue
        for i, day in enumerate(_pattern(n % 12, days, rng)):
            event = KIND_OF.get(kind) or LEARNER[i % len(LEARNER)]
            rows.append(_row(student, program, day, event, None, n, i))
    added = ingest(
        actor=SYSTEM, lea_id=lea_id, rows=rows, source="lms", source_system="demo-lms",
        as_of=as_of,
    ).added  # fmt: skip
    for enrollment in enrollments[::3]:
        record_check(
            actor=Actor.for_membership(clerk, Role.PUPIL_ACCOUNTING, enrollment.program.lea),
            enrollment_id=enrollment.pk, outcome="continuing", checked_on=days[-5],
        )  # fmt: skip
    warned = send_warnings(as_of=days[-1]).warned
    return {
        "membership programs": len(programs),
        "membership enrollments": len(enrollments),
        "engagement events": added,
        "continued-enrollment checks": EnrollmentCheck.objects.count(),
        "membership warnings": warned,
    }


def _row(
    student: Student, program: Program, day: date, kind: EventKind, minutes: int | None,
    n: int, i: int,
) -> dict[str, object]:  # fmt: skip
    return {
        "ssid": student.ssid, "program": program.code, "date": day.isoformat(),
        "kind": kind.value, "minutes": minutes, "external_id": f"demo-{n}-{i}",
    }  # fmt: skip
