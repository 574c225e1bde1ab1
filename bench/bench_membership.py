"""Pupil accounting at scale (issue 13): an LEA of 20,000 learner-validated students with
3,000,000 engagement events on PostgreSQL.

- membership days and ADM for the year (every student, every program)        goal < 5 s
- a 50,000-event LMS batch checked and ingested                               goal < 10 s
  (by the service, and the same size of batch as JSON through the API)
- the teacher's roster page (30 students)                                     goal < 50 ms

The data is built inside one transaction that is rolled back, so the shared benchmark database
is left as it was. ``SEATS_BENCH_MEMBERSHIP_STUDENTS`` (default 20000) and
``SEATS_BENCH_MEMBERSHIP_EVENTS`` (per student, default 150) shrink it for a quick trial.

Run alone (from the checkout):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/seats_bench \\
    DJANGO_SETTINGS_MODULE=seats.settings.development .venv/bin/python bench/bench_membership.py
"""

from __future__ import annotations

import datetime
import json
import os
import random
import sys
import time

GOALS = {"adm": 5.0, "batch": 10.0, "roster": 0.050}


class _Rollback(Exception):
    pass


def rows(as_of: datetime.date) -> list[tuple[str, str, str, str]]:
    from django.db import transaction

    out: list[tuple[str, str, str, str]] = []
    try:
        with transaction.atomic():
            out = _measure(as_of)
            raise _Rollback
    except _Rollback:
        pass
    return out


def _measure(as_of: datetime.date) -> list[tuple[str, str, str, str]]:
    from django.test import Client, override_settings
    from django.urls import reverse
    from django.utils import timezone

    from seats.api.tokens import create_token
    from seats.core.models import (
        Organisation,
        RoleMembership,
        SchoolCalendar,
        SchoolDay,
        Student,
        User,
    )
    from seats.core.selectors.access import Viewer
    from seats.core.services.actors import Actor
    from seats.domain.calendars import default_school_days, school_year_of
    from seats.domain.roles import Role
    from seats.membership.models import Enrollment, Program
    from seats.membership.selectors.reports import program_reports
    from seats.membership.services.events import ingest
    from seats.membership.services.writer import insert_events

    n_students = int(os.environ.get("SEATS_BENCH_MEMBERSHIP_STUDENTS", "20000"))
    per_student = int(os.environ.get("SEATS_BENCH_MEMBERSHIP_EVENTS", "150"))
    year = school_year_of(as_of)
    lea = Organisation.objects.filter(kind="lea").exclude(code="HOME").order_by("pk").first()
    if lea is None:
        return [("membership", "skipped: no LEA", "", "skipped")]
    calendar = SchoolCalendar.objects.create(
        organisation=Organisation.objects.create(
            kind="school", code="BENCH-MEMB", name="Bench Online", parent=lea
        ),
        name="Bench membership calendar",
    )
    days = [d for d in default_school_days(year) if d <= as_of] or default_school_days(year)
    SchoolDay.objects.bulk_create([SchoolDay(calendar=calendar, date=d) for d in days])
    through = days[-1]
    program = Program.objects.create(
        lea=lea, code="BENCH", name="Bench Online", kind="online", calendar=calendar
    )
    rng = random.Random(1)
    students = Student.objects.bulk_create(
        [
            Student(
                ssid=f"9{n:08d}", legal_first_name="Bench", legal_last_name=f"S{n}",
                date_of_birth=datetime.date(2010, 1, 1), grade=9, primary_lea=lea,
            )
            for n in range(n_students)
        ],
        batch_size=5000,
    )  # fmt: skip
    teacher = User.objects.create_user(username="bench-membership-teacher", password="x")
    teacher_role = RoleMembership.objects.create(
        user=teacher, role=Role.TEACHER.value, organisation=lea
    )
    enrollments = Enrollment.objects.bulk_create(
        [
            Enrollment(program=program, student=s, entry_on=days[0],
                       teacher=teacher if i < 30 else None)
            for i, s in enumerate(students)
        ],
        batch_size=5000,
    )  # fmt: skip
    now = timezone.now()
    # One assignment on up to every school day so far; beyond that (the demo's day is in
    # February, about 115 school days in), a synchronous session on some of the same days, so
    # the LEA reaches its 3,000,000 events (150 per student) by mid-year.
    k = min(per_student, len(days))
    extra = min(max(per_student - len(days), 0), len(days))
    batch: list[tuple[object, ...]] = []
    total = 0
    for e in enrollments:  # the order of writer.COLUMNS
        for kind, count in (("assignment", k), ("synchronous_online", extra)):
            for day in rng.sample(days, count):
                batch.append((e.pk, lea.pk, day, kind, None, "lms", "bench", "", None, "",
                              None, "system", now))  # fmt: skip
        total += k + extra
        if len(batch) >= 200_000:
            insert_events(batch)
            batch = []
    insert_events(batch)
    state = RoleMembership.objects.filter(role=Role.STATE_SPECIALIST.value).first()
    viewer = (
        Viewer(teacher, Role.TEACHER, lea)
        if state is None
        else Viewer(state.user, Role.STATE_SPECIALIST, state.organisation)
    )
    # each figure is wall time; "Python CPU" is this process's own share of it (the rest is the
    # database and, on a busy machine, waiting for a core)
    started, cpu = time.perf_counter(), time.process_time()
    reports = program_reports(viewer, year, through)
    adm_s, adm_cpu = time.perf_counter() - started, time.process_time() - cpu
    report = next(r for r in reports if r.program.pk == program.pk)
    out = [
        (
            f"membership days and ADM: {n_students:,} students, {total:,} events "
            f"(ADM {report.summary.adm}; Python CPU {adm_cpu:.1f} s)",
            f"{adm_s:.2f} s", "< 5 s", "pass" if adm_s < GOALS["adm"] else "FAIL",
        )
    ]  # fmt: skip
    lms = [
        {"ssid": f"9{i % n_students:08d}", "program": "BENCH",
         "date": days[i % len(days)].isoformat(), "kind": "conference",
         "external_id": f"bench-{i}"}
        for i in range(50_000)
    ]  # fmt: skip
    started, cpu = time.perf_counter(), time.process_time()
    result = ingest(
        actor=Actor.system(), lea_id=lea.pk, rows=lms, source="lms", source_system="bench-lms",
        as_of=through,
    )  # fmt: skip
    batch_s, batch_cpu = time.perf_counter() - started, time.process_time() - cpu
    out.append(
        (f"a 50,000-event LMS batch ({result.added:,} added; Python CPU {batch_cpu:.1f} s)",
         f"{batch_s:.2f} s", "< 10 s", "pass" if batch_s < GOALS["batch"] else "FAIL")
    )  # fmt: skip
    # the same size of batch as an LMS sends it: JSON through the API (over Django's 2.5 MB
    # request limit; the batch endpoints take SEATS_MEMBERSHIP_BATCH_MAX_BYTES)
    token = create_token(membership=teacher_role, name="bench-lms").secret
    body = json.dumps(
        {"source_system": "bench-api",
         "events": [{**item, "kind": "synchronous_online", "external_id": f"api-{i}"}
                    for i, item in enumerate(lms)]}
    )  # fmt: skip
    api = Client(HTTP_HOST="localhost")
    with override_settings(SEATS_TODAY=through, SEATS_API_RATE_LIMIT=0):
        started, cpu = time.perf_counter(), time.process_time()
        answer = api.post(
            "/api/v1/membership/events", data=body, content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )  # fmt: skip
        api_s, api_cpu = time.perf_counter() - started, time.process_time() - cpu
    ok = answer.status_code == 200
    added = answer.json().get("added", 0) if ok else f"HTTP {answer.status_code}"
    out.append(
        (f"the same through the API: POST /membership/events, {len(body) / 1e6:.1f} MB of JSON "
         f"({added:,} added; Python CPU {api_cpu:.1f} s)"
         if ok else f"the same through the API ({added})",
         f"{api_s:.2f} s", "< 10 s", "pass" if ok and api_s < GOALS["batch"] else "FAIL")
    )  # fmt: skip
    client = Client(HTTP_HOST="localhost")
    client.force_login(teacher)
    url = reverse("web:membership_roster") + f"?date={through.isoformat()}"
    client.get(url)
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        timings.append(time.perf_counter() - started)
    roster = sorted(timings)[2]
    out.append(
        ("the teacher's roster page (30 students), median of 5", f"{roster * 1000:.0f} ms",
         "< 50 ms", "pass" if roster < GOALS["roster"] else "FAIL")
    )  # fmt: skip
    return out


if __name__ == "__main__":
    import django

    django.setup()
    day = (
        datetime.date.fromisoformat(sys.argv[1])
        if len(sys.argv) > 1
        else datetime.date(2027, 2, 18)
    )
    for row in rows(day):
        print("  ".join(row))
