"""The demo's adult education (issue 12): programs run by several LEAs, students of all three
areas of focus, daily contact hours, pre- and post-tests (gains, no gains, a too-early
post-test), SEOPs, exits, a K-12 student linked by SSID (so SOEP finds them ineligible), and
the demo logins of the adult-education roles (staff and director at the first program's LEA,
the state's specialist at the state office).

Records go through the app's services (every edit check applies), except the contact hours,
which are bulk-loaded and then recomputed per enrollment as the services do.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from seats.adulted.models import ContactHour
from seats.adulted.services import records, status
from seats.adulted.services.assessments import record_assessment
from seats.core.models import Organisation, RoleMembership, Student, User
from seats.core.services.actors import Actor
from seats.domain.calendars import school_year_bounds, school_year_of
from seats.domain.roles import Role

from .build import DEMO_PASSWORD

FIRST = ("Ana", "Bo", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kai", "Lena")
LAST = ("Abara", "Brooks", "Castillo", "Dang", "Ekwueme", "Flores", "Gray", "Haddad", "Ito")
ETHNICITY = ("Hispanic or Latino", "White", "Asian", "Black or African American", "")
STUDENTS_PER_PROGRAM = 18
# (area of focus, test, {area: pre-test score}, post-test scores or None)
PROFILES = [
    ("ESOL", "CASAS", {"reading": 185, "listening": 195}, {"reading": 203, "listening": 200}),
    ("ESOL", "BEST_PLUS", {"speaking_listening": 430}, {"speaking_listening": 480}),
    ("ESOL", "CASAS", {"reading": 215}, {"reading": 218}),  # valid, no gain
    ("ABE", "TABE_9_10", {"reading": 400, "total_math": 350}, {"reading": 470, "total_math": 450}),
    ("ABE", "TABE_9_10", {"reading": 300, "language": 380}, None),  # no post-test yet
    ("AHSC", "TABE_9_10", {"reading": 570, "total_math": 580}, {"reading": 600, "total_math": 600}),
]


def _user(username: str, role: Role, organisation: Organisation) -> Actor:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD)
    RoleMembership.objects.get_or_create(user=user, role=role.value, organisation=organisation)
    return Actor.for_membership(user, role, organisation)


def _year(as_of: date) -> tuple[int, date, date]:
    """A program year with at least three months behind ``as_of``."""
    year = school_year_of(as_of)
    first, last = school_year_bounds(year)
    if (as_of - first).days < 90:
        year -= 1
        first, last = school_year_bounds(year)
    return year, first, min(last, as_of)


def build_adulted(*, as_of: date, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed + 12)
    leas = list(Organisation.objects.filter(kind="lea").exclude(code="HOME").order_by("pk")[:3])
    state = Organisation.objects.filter(kind="state").first()
    if not leas or state is None:
        return {}
    specialist = _user(Role.ADULTED_SPECIALIST.value, Role.ADULTED_SPECIALIST, state)
    year, first, last = _year(as_of)
    counts = {"adulted_programs": 0, "adulted_students": 0, "adulted_hours": 0}
    for n, lea in enumerate(leas):
        program = records.create_program(
            actor=specialist,
            code=f"AE-{lea.code}",
            name=f"{lea.name} Adult Education",
            organisation=lea,
        )
        counts["adulted_programs"] += 1
        if n == 0:
            staff = _user(Role.ADULTED_STAFF.value, Role.ADULTED_STAFF, lea)
            director = _user(Role.ADULTED_DIRECTOR.value, Role.ADULTED_DIRECTOR, lea)
        else:
            code = lea.code.lower()
            staff = _user(f"ae.staff.{code}", Role.ADULTED_STAFF, lea)
            director = _user(f"ae.director.{code}", Role.ADULTED_DIRECTOR, lea)
        k12 = (
            Student.objects.filter(primary_lea=lea, ssid__isnull=False, grade__gte=11)
            .order_by("pk")
            .first()
        )
        for i in range(STUDENTS_PER_PROGRAM):
            _student(
                rng,
                program,
                staff,
                director,
                i,
                n,
                year,
                first,
                last,
                k12 if i == 0 else None,
                counts,
            )
    return counts


def _student(rng, program, staff, director, i, n, year, first, last, k12, counts) -> None:  # type: ignore[no-untyped-def]
    focus, test, pre, post = PROFILES[i % len(PROFILES)]
    if k12 is not None:
        focus, test, pre, post = PROFILES[5]
        born, name = k12.date_of_birth, (k12.legal_first_name, k12.legal_last_name)
    else:
        born = date(1970 + rng.randrange(38), rng.randrange(1, 13), rng.randrange(1, 28))
        name = (FIRST[(i + n) % len(FIRST)], LAST[(i * 7 + n) % len(LAST)])
    student = records.register_student(
        actor=staff,
        program=program,
        first_name=name[0],
        last_name=name[1],
        date_of_birth=born,
        sex=rng.choice(("F", "M", "F", "M", "")),
        ethnicity=rng.choice(ETHNICITY),
        ssid=k12.ssid if k12 else "",
        has_ssn=i % 9 != 4,
    )
    entry = first + timedelta(days=20 + (i % 5) * 3)
    code = None if i % 8 == 7 else rng.choice((2, 3, 6, 7, 1, 4))  # every 8th lacks a code
    enrollment = records.enroll(
        actor=staff,
        student=student,
        program=program,
        entry_date=entry,
        area_of_focus=focus,
        funding_code=code,
        residency_proof="Utah driver license" if i % 6 else "",
    )
    counts["adulted_students"] += 1
    record_assessment(
        actor=staff,
        enrollment=enrollment,
        test=test,
        day=entry,
        administrator="Demo Assessor",
        scores={area: (None, score) for area, score in pre.items()},
        form="A",
    )
    sparse = i % 10 == 9  # a student who came a few times only (under 12 hours)
    rows = []
    day = entry + timedelta(days=1)
    while day <= last and not (sparse and len(rows) >= 3):
        if day.weekday() in (0, 2, 3) and rng.random() < 0.85:
            rows.append(
                ContactHour(
                    enrollment=enrollment,
                    day=day,
                    kind="instructional",
                    hours=Decimal(3),
                    entered_by=staff.user,
                )
            )
        day += timedelta(days=1)
    rows.append(
        ContactHour(
            enrollment=enrollment, day=entry, kind="intake", hours=Decimal(1), entered_by=staff.user
        )
    )
    ContactHour.objects.bulk_create(rows)
    counts["adulted_hours"] += len(rows)
    status.refresh(enrollment)
    if i % 4 != 3:
        records.save_seop(
            actor=staff,
            enrollment=enrollment,
            goals="Improve reading and get a better job",
            prior_achievements="Some secondary school",
            work_history="Retail, two years",
            core_goal="Enter employment" if focus != "AHSC" else "Earn a secondary diploma",
            core_goal_on=entry + timedelta(days=7),
            counselor_signed_on=entry + timedelta(days=7),
            student_signed_on=entry + timedelta(days=7),
            waiver_refused=i % 11 == 5,
        )
    if post is not None and not sparse:
        when = min(last, entry + timedelta(days=120))
        if i % 6 == 1 and n == 0:  # one too-early post-test: two weeks after the pre-test
            when = entry + timedelta(days=14)
        record_assessment(
            actor=staff,
            enrollment=enrollment,
            test=test,
            day=when,
            administrator="Demo Assessor",
            scores={a: (None, s) for a, s in post.items()},
            form="B",
        )
    records.check_item(
        actor=staff,
        student=student,
        item="assessment_protocols",
        received_on=entry,
        fiscal_year=year,
    )
    if i % 3:
        records.check_item(actor=staff, student=student, item="utah_residency", received_on=entry)
    if i % 7 == 6 and last > entry + timedelta(days=60):  # a few exits, approved by the director
        final = enrollment.hours.order_by("-day").values_list("day", flat=True).first() or entry
        records.exit_enrollment(
            actor=director,
            enrollment=enrollment,
            exit_date=final,
            reason=("completion", "transfer", "administrative_withdrawal")[i % 3],
        )
