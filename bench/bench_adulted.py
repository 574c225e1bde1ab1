"""Adult education at state scale (issue 12): 100,000 adult-education students with 5,000,000
contact-hour rows on PostgreSQL, in several programs of several LEAs.

- the statewide NRS tables of a program year, computed live (no nightly table)   goal < 5 s
- a student's record page, through the real view (median over several students,
  with its SQL floor, bench/floor.py)                                            goal < 50 ms
- a 10,000-row attendance CSV through the real upload service                   goal < 5 s

The students' data is realistic in shape: ESOL, ABE and AHSC students; intake assessments on
the shipped NRS tables (CASAS, BEST Plus, TABE), post-tests with and without gains and some
too early; SEOPs (some without a core goal), funding codes 1-9 (some missing), a few students
under 12 hours, exits with their reasons, and K-12 students linked by SSID. It is generated in
Python and written with COPY (``cursor.copy``), never the ORM row by row; the figures stored on
each enrollment (EFL, gains, hours, enrollee date) come from the app's own rules
(``seats.adulted.services.status``), so the tables read exactly what the services would have
stored. Everything happens inside one transaction that is rolled back, so the database is left
as it was (only sequence values move).

``SEATS_BENCH_ADULTED_STUDENTS`` (default 100000) and ``SEATS_BENCH_ADULTED_HOURS`` (rows in
all, default 5000000) shrink it for a quick trial.

Run alone (from the checkout; an empty migrated database will do, or a copy of bench_base):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/seats_bench \\
    DJANGO_SETTINGS_MODULE=seats.settings.development .venv/bin/python bench/bench_adulted.py
"""

from __future__ import annotations

import datetime
import io
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

GOALS = {"nrs": 5.0, "record": 0.050, "upload": 5.0}
PROGRAMS_PER_LEA = 2
LEAS = 8
UPLOAD_ROWS = 10_000
FIRST = ("Ana", "Bo", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kai", "Lena")
ETHNICITY = ("Hispanic or Latino", "White", "Asian", "Black or African American", "", "Two or more")
EXITS = ("completion", "dismissal", "transfer", "administrative_withdrawal", "death")


class _Rollback(Exception):
    pass


def rows(as_of: datetime.date) -> list[tuple[str, str, str, str]]:
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        return [("adult education", "skipped: PostgreSQL only (COPY)", "", "skipped")]
    out: list[tuple[str, str, str, str]] = []
    try:
        with transaction.atomic():
            out = _measure(as_of)
            raise _Rollback
    except _Rollback:
        pass
    return out


# --- the data ---------------------------------------------------------------------------------


@dataclass
class Plan:
    """One student's program year, as generated (ids are reserved before the COPY)."""

    sid: int
    eid: int
    program_id: int
    focus: str
    entry: datetime.date
    exit: datetime.date | None = None
    exit_reason: str = ""
    code: int | None = None
    hours: list[tuple[datetime.date, Decimal, str]] = field(default_factory=list)
    tests: list[tuple[int, str, datetime.date, str, list[tuple[str, int, str, int]]]] = field(
        default_factory=list
    )  # (assessment id, test, day, form, [(area, scale, level code, level number)])
    seop: tuple[str, datetime.date] | None = None  # (core goal, day)


def _year(as_of: datetime.date) -> tuple[int, datetime.date, datetime.date]:
    """A program year with at least 200 days behind ``as_of`` (the hours need room)."""
    from seats.domain.calendars import school_year_bounds, school_year_of

    year = school_year_of(as_of)
    first, last = school_year_bounds(year)
    if (as_of - first).days < 200:
        year -= 1
        first, last = school_year_bounds(year)
    return year, first, min(last, as_of)


def _reserve(cursor, table: str, n: int) -> int:  # type: ignore[no-untyped-def]
    """The first of ``n`` ids taken from the table's identity sequence (sequences are not
    rolled back, so the ids stay unused and never collide)."""
    cursor.execute(f"SELECT pg_get_serial_sequence('{table}', 'id')")
    seq = cursor.fetchone()[0]
    cursor.execute("SELECT nextval(%s)", [seq])
    start = cursor.fetchone()[0]
    cursor.execute("SELECT setval(%s, %s)", [seq, start + n])
    return start


def _copy(cursor, table: str, columns: tuple[str, ...], lines) -> None:  # type: ignore[no-untyped-def]
    """COPY text lines (already tab-separated, \\N for NULL) into ``table``."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with cursor.copy(sql) as copy:
        buffer = io.StringIO()
        size = 0
        for line in lines:
            buffer.write(line)
            size += 1
            if size >= 50_000:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
                size = 0
        copy.write(buffer.getvalue())


def _n(value: object) -> str:
    return "\\N" if value is None else str(value)


def _organisations():  # type: ignore[no-untyped-def]
    """LEAs to run the programs (the state database's, or made here) and the state office."""
    from seats.core.models import Organisation

    leas = list(Organisation.objects.filter(kind="lea").exclude(code="HOME").order_by("pk")[:LEAS])
    for n in range(len(leas), LEAS):
        leas.append(
            Organisation.objects.create(kind="lea", code=f"BENCH-AE-LEA{n}", name=f"Bench LEA {n}")
        )
    state = Organisation.objects.filter(kind="state").first()
    if state is None:
        state = Organisation.objects.create(kind="state", code="BENCH-AE-USBE", name="Bench State")
    return leas, state


def _band(table, test: str, area: str, level: int, rng: random.Random) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    spec = table.tests[test]
    band = next(b for b in spec.areas[area] if b.level == level)
    return rng.randint(band.low, min(band.high, band.low + 40)), table.ladders[spec.ladder][
        level
    ].code


def _plan(
    n_students: int,
    n_hours: int,
    programs: list[int],
    first: datetime.date,
    last: datetime.date,
    sid0: int,
    eid0: int,
    aid0: int,
) -> list[Plan]:
    from seats.domain.adulted.nrs import shipped

    table = shipped().for_day(first)
    rng = random.Random(12)
    sparse = {g for g in range(n_students) if g % 20 == 7}  # under 12 hours: 3 days
    rest = max(1, n_students - len(sparse))
    budget = n_hours - 4 * len(sparse)  # each sparse student: 3 days + the intake hour
    per, extra = divmod(max(budget, 0), rest)
    plans: list[Plan] = []
    aid = aid0
    room = max(10, (last - first).days - 100)
    regular = -1  # index among the students who are not sparse
    for g in range(n_students):
        regular += g not in sparse
        focus = ("ESOL", "ABE", "ESOL", "ABE", "AHSC")[g % 5]
        entry = first + datetime.timedelta(days=g % min(75, room))
        p = Plan(sid0 + g, eid0 + g, programs[g % len(programs)], focus, entry)
        p.code = None if g % 11 == 3 else rng.randint(1, 9)
        # hours: an intake hour on the entry day, then instructional days
        count = 3 if g in sparse else max(1, per + (1 if regular < extra else 0) - 1)
        days_left = (last - entry).days
        stride = 2 if count * 2 < days_left else 1
        count = min(count, days_left)
        p.hours.append((entry, Decimal(1), "intake"))
        for k in range(count):
            day = entry + datetime.timedelta(days=1 + k * stride)
            p.hours.append((day, Decimal(2 + (g + k) % 2), "instructional"))
        last_day = p.hours[-1][0]
        # assessments: an intake test (3% never tested), post-tests for most
        if g % 33 != 5:
            if focus == "ESOL":
                casas = (g // 5) % 5 < 3
                test, areas = (
                    ("CASAS", ("reading", "listening"))
                    if casas
                    else ("BEST_PLUS", ("speaking_listening",))
                )
                level = 1 + g % 6
                top = 7
            else:
                test, areas = "TABE_9_10", ("reading", "total_math")
                level = 1 + g % 4 if focus == "ABE" else 5 + g % 2
                top = 6
            pre = [(a, *_band(table, test, a, min(level + (i and g % 3 == 0), top), rng))
                   for i, a in enumerate(areas)]  # fmt: skip
            p.tests.append((aid, test, entry, "A", [(a, s, c, _num(c)) for a, s, c in pre]))
            aid += 1
            kind = g % 20
            if kind < 12:  # a post-test late enough: a gain of 0, 1 or 2 levels
                day = min(entry + datetime.timedelta(days=90), last_day)
                post_level = min(level + (g % 3), top)
                post = [(a, *_band(table, test, a, post_level, rng)) for a in areas]
                p.tests.append((aid, test, day, "B", [(a, s, c, _num(c)) for a, s, c in post]))
                aid += 1
            elif kind < 14:  # too early: two weeks after the pre-test
                day = min(entry + datetime.timedelta(days=14), last_day)
                post = [(a, *_band(table, test, a, min(level + 1, top), rng)) for a in areas]
                p.tests.append((aid, test, day, "B", [(a, s, c, _num(c)) for a, s, c in post]))
                aid += 1
        if g % 8 != 6:
            goal = "" if g % 40 == 1 else ("Earn a secondary diploma" if focus == "AHSC" else
                                           "Enter employment")  # fmt: skip
            p.seop = (goal, entry + datetime.timedelta(days=7))
        if g % 9 == 4 and last_day + datetime.timedelta(days=7) <= last:
            p.exit = last_day + datetime.timedelta(days=7)
            p.exit_reason = EXITS[g % len(EXITS)]
        plans.append(p)
    return plans


def _num(code: str) -> int:
    """The ladder number of a level code ("ESOL 3" -> 3, "AHSC 1" -> 5, "ESOL exit" -> 7)."""
    if code == "ESOL exit":
        return 7
    kind, number = code.split()
    return int(number) + (4 if kind == "AHSC" else 0)


def _figures(p, year, table_set, now, enroll_lines, test_lines, score_lines):  # type: ignore[no-untyped-def]
    """The enrollment's figures by the app's own rules, and its COPY lines."""
    from seats.adulted.models import Enrollment
    from seats.adulted.services import status
    from seats.domain.adulted.levels import Assessed

    e = Enrollment(
        pk=p.eid, student_id=p.sid, program_id=p.program_id, fiscal_year=year,
        entry_date=p.entry, exit_date=p.exit, exit_reason=p.exit_reason,
        area_of_focus=p.focus, funding_code=p.code,
        funding_code_on=p.entry if p.code else None,
    )  # fmt: skip
    tested = [Assessed(a, t, d, tuple((s[0], s[1]) for s in sc), f) for a, t, d, f, sc in p.tests]
    seop_day = p.seop[1] if p.seop and p.seop[0] else None
    levels, st = status._evaluate(e, p.hours, tested, seop_day, table_set)
    status._store(e, p.hours, levels, st)
    notes = status._notes(levels)
    enroll_lines.append(
        "\t".join(_n(v) for v in (
            e.pk, e.fiscal_year, e.entry_date, e.exit_date, e.exit_reason, e.area_of_focus,
            e.funding_code, e.funding_code_on, "Utah driver license" if p.sid % 6 else "",
            e.hours_total, e.instructional_total, e.hours_reached_on, e.efl_code,
            e.efl_number, e.efl_on, e.levels_gained, e.no_gain_reason, e.seop_on,
            e.enrollee_on, e.student_id, e.program_id,
        )) + "\n"
    )  # fmt: skip
    for aid, test, day, form, scores in p.tests:
        role, valid, note = notes.get(aid, ("", None, ""))
        valid_text = "\\N" if valid is None else ("t" if valid else "f")
        test_lines.append(
            f"{aid}\t{test}\t{form}\t{day}\tBench Assessor\t{table_set.for_day(day).effective}"
            f"\t{role}\t{valid_text}\t{note}\t{now}\t{p.eid}\n"
        )
        for area, scale, code, number in scores:
            score_lines.append(f"{area}\t\\N\t{scale}\t{code}\t{number}\t{aid}\n")


def _build(as_of: datetime.date, n_students: int, n_hours: int):  # type: ignore[no-untyped-def]
    """Write the students, enrollments, hours, tests, scores and SEOPs; returns the world."""
    from django.db import connection
    from django.utils import timezone

    from seats.adulted.models import Program
    from seats.adulted.selectors.tables import tables
    from seats.core.models import RoleMembership, Student, User
    from seats.core.services.memo import reference_data_memoized
    from seats.domain.roles import Role

    year, first, last = _year(as_of)
    leas, state = _organisations()
    programs = Program.objects.bulk_create(
        [
            Program(code=f"BENCH-AE-{i}-{k}", name=f"Bench Adult Ed {lea.code} {k}",
                    organisation=lea)
            for i, lea in enumerate(leas)
            for k in range(PROGRAMS_PER_LEA)
        ]
    )  # fmt: skip
    users = {}
    for role, org in ((Role.ADULTED_SPECIALIST, state), (Role.ADULTED_STAFF, leas[0])):
        user = User.objects.create(username=f"bench-adulted-{role.value}")  # no hashing
        RoleMembership.objects.create(user=user, role=role.value, organisation=org)
        users[role] = user
    started = time.perf_counter()
    with connection.cursor() as cursor:
        sid0 = _reserve(cursor, "seats_adulted_adultstudent", n_students)
        eid0 = _reserve(cursor, "seats_adulted_enrollment", n_students)
        aid0 = _reserve(cursor, "seats_adulted_assessment", 3 * n_students)
    plans = _plan(n_students, n_hours, [p.pk for p in programs], first, last, sid0, eid0, aid0)
    # K-12 students aged 16-18 in adult education, linked by SSID (1%)
    k12 = list(
        Student.objects.exclude(ssid="")
        .filter(ssid__isnull=False, grade__gte=10)
        .order_by("pk")
        .values_list("pk", "ssid", "date_of_birth")[: n_students // 100]
    )
    now = timezone.now().isoformat()
    table_set = tables()
    enroll_lines, test_lines, score_lines = [], [], []
    with reference_data_memoized():  # the year's policy read once
        for p in plans:
            _figures(p, year, table_set, now, enroll_lines, test_lines, score_lines)
    student_lines = []
    for g, p in enumerate(plans):
        link = k12[g // 100] if g % 100 == 0 and g // 100 < len(k12) else None
        born = link[2] if link else datetime.date(1960 + g % 45, 1 + g % 12, 1 + g % 28)
        student_lines.append(
            f"{p.sid}\t{link[1] if link else ''}\t{FIRST[g % len(FIRST)]}\tB{g:06d}\t{born}"
            f"\t{('F', 'M', '')[g % 3]}\t{ETHNICITY[g % len(ETHNICITY)]}\t{'t' if g % 9 else 'f'}"
            f"\t{'t' if link else 'f'}\tf\t{now}\t{_n(link[0] if link else None)}\t{p.program_id}\n"
        )
    with connection.cursor() as cursor:
        _copy(cursor, "seats_adulted_adultstudent",
              ("id", "ssid", "first_name", "last_name", "date_of_birth", "sex", "ethnicity",
               "has_ssn", "k12_enrolled", "graduated", "created_at", "k12_student_id",
               "program_id"), student_lines)  # fmt: skip
        _copy(cursor, "seats_adulted_enrollment",
              ("id", "fiscal_year", "entry_date", "exit_date", "exit_reason", "area_of_focus",
               "funding_code", "funding_code_on", "residency_proof", "hours_total",
               "instructional_total", "hours_reached_on", "efl_code", "efl_number", "efl_on",
               "levels_gained", "no_gain_reason", "seop_on", "enrollee_on", "student_id",
               "program_id"), enroll_lines)  # fmt: skip
        _copy(cursor, "seats_adulted_assessment",
              ("id", "test", "form", "day", "administrator", "table_effective", "role",
               "valid_for_gain", "note", "entered_at", "enrollment_id"), test_lines)  # fmt: skip
        _copy(cursor, "seats_adulted_score",
              ("area", "raw", "scale", "level_code", "level_number", "assessment_id"),
              score_lines)  # fmt: skip
        _copy(cursor, "seats_adulted_seop",
              ("goals", "prior_achievements", "work_history", "core_goal", "core_goal_on",
               "counselor_signed_on", "student_signed_on", "waiver_refused", "updated_at",
               "enrollment_id"),
              (f"Improve reading\tSome secondary school\tRetail\t{goal}\t{day}\t{day}\t{day}"
               f"\t{'t' if p.sid % 11 == 5 else 'f'}\t{now}\t{p.eid}\n"
               for p in plans if p.seop for goal, day in [p.seop]))  # fmt: skip
        _copy(
            cursor,
            "seats_adulted_contacthour",
            ("day", "kind", "hours", "minutes", "entered_at", "entered_by_id", "enrollment_id"),
            (f"{d}\t{k}\t{h}\t\\N\t{now}\t\\N\t{p.eid}\n" for p in plans for d, h, k in p.hours),
        )
        for t in ("adultstudent", "enrollment", "assessment", "score", "seop", "contacthour"):
            cursor.execute(f"ANALYZE seats_adulted_{t}")  # what autovacuum does after a load
    built = time.perf_counter() - started
    total_hours = sum(len(p.hours) for p in plans)
    return year, last, programs, users, plans, total_hours, built


# --- the measures -------------------------------------------------------------------------------


def _measure(as_of: datetime.date) -> list[tuple[str, str, str, str]]:
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from floor import measure
    from seats.adulted.selectors import access, reports
    from seats.adulted.services.upload import upload_attendance
    from seats.core.services.actors import Actor
    from seats.domain.roles import Role

    n_students = int(os.environ.get("SEATS_BENCH_ADULTED_STUDENTS", "100000"))
    n_hours = int(os.environ.get("SEATS_BENCH_ADULTED_HOURS", "5000000"))
    year, last, programs, users, plans, total_hours, built = _build(as_of, n_students, n_hours)
    out = [
        (
            f"adult-ed data: {n_students:,} students, {total_hours:,} contact-hour rows, "
            f"{len(programs)} programs (generated, COPY, ANALYZE)",
            f"{built:.1f} s", "-", "info",
        )
    ]  # fmt: skip
    with override_settings(SEATS_TODAY=last):
        specialist = users[Role.ADULTED_SPECIALIST]
        viewer = _viewer(specialist, Role.ADULTED_SPECIALIST)
        timings, cpu = [], []
        report = None
        for _ in range(3):
            started, cpu_started = time.perf_counter(), time.process_time()
            report = reports.nrs_report(access.enrollments_visible_to(viewer), year)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        nrs_s = statistics.median(timings)
        assert report is not None
        out.append(
            (
                f"statewide NRS tables, program year {year}, live: {report.students:,} students, "
                f"{report.enrollees:,} enrollees, {len(report.not_counted):,} with a reason "
                "(median of 3)",
                f"{nrs_s:.2f} s (CPU {statistics.median(cpu):.2f} s)", "< 5 s",
                "pass" if nrs_s < GOALS["nrs"] else "FAIL",
            )
        )  # fmt: skip
        client = Client(HTTP_HOST="localhost")
        client.force_login(specialist)
        url = reverse("web:adulted_nrs") + f"?scope=state&year={year}"
        started = time.perf_counter()
        page = client.get(url)
        page_s = time.perf_counter() - started
        assert page.status_code == 200, page.status_code
        out.append(
            ("the statewide NRS page (the tables + 200 reasons rendered), once",
             f"{page_s:.2f} s", "< 5 s", "pass" if page_s < GOALS["nrs"] else "FAIL")
        )  # fmt: skip
        # the record page: students of the staff's program of several kinds
        staff = users[Role.ADULTED_STAFF]
        client = Client(HTTP_HOST="localhost")
        client.force_login(staff)
        mine = [p for p in plans if p.program_id == programs[0].pk]
        picks = [mine[i] for i in (0, 1, 3, 7, 10, 14, 17, 22, 39) if i < len(mine)]
        floors = []
        for p in picks:
            student_url = reverse("web:adulted_student", args=[p.eid])
            assert client.get(student_url).status_code == 200
            floors.append(measure(lambda u=student_url: client.get(u), runs=7, warm_up=1))
        floors.sort(key=lambda f: f.page_ms)
        median = floors[len(floors) // 2]
        out.append(
            (
                f"a student's record page (staff), median over {len(floors)} students "
                f"({min(f.queries for f in floors)}-{max(f.queries for f in floors)} queries)",
                median.figure, "< 50 ms",
                "pass" if median.page_ms < GOALS["record"] * 1000 else "FAIL",
            )
        )  # fmt: skip
        # a month's attendance: 10,000 rows of the program's open students, new days
        data, count = _attendance_file(mine, last)
        actor = Actor.for_membership(staff, Role.ADULTED_STAFF, programs[0].organisation)
        started, cpu_started = time.perf_counter(), time.process_time()
        result = upload_attendance(actor=actor, program=programs[0], data=data)
        upload_s = time.perf_counter() - started
        upload_cpu = time.process_time() - cpu_started
        if not result.ok:
            first = result.stopped or str(result.problems[0])
            figure = f"FAILED: {len(result.problems)} problems, e.g. {first}"
            out.append((f"a {count:,}-row attendance upload", figure, "< 5 s", "FAIL"))
        else:
            out.append(
                (f"a {count:,}-row attendance upload (checked, written, "
                 f"{len({r for r in _students_of(data)}):,} students recomputed)",
                 f"{upload_s:.2f} s (CPU {upload_cpu:.2f} s)", "< 5 s",
                 "pass" if upload_s < GOALS["upload"] else "FAIL")
            )  # fmt: skip
    return out


def _viewer(user, role):  # type: ignore[no-untyped-def]
    from seats.core.models import RoleMembership
    from seats.core.selectors.access import Viewer

    organisation = RoleMembership.objects.get(user=user, role=role.value).organisation
    return Viewer(user, role, organisation)


def _attendance_file(plans: list[Plan], last: datetime.date) -> tuple[bytes, int]:
    """UPLOAD_ROWS rows: the program's students still open, on days after their last recorded
    day (a month's attendance), 2 or 3 instructional hours."""
    lines = ["student_id,day,kind,hours"]
    open_ = [p for p in plans if p.exit is None]
    for day_offset in range(0, 60):
        for p in open_:
            day = p.hours[-1][0] + datetime.timedelta(days=1 + day_offset)
            if day > last:
                continue
            lines.append(f"{p.sid},{day.isoformat()},instructional,{2 + day_offset % 2}")
            if len(lines) > UPLOAD_ROWS:
                return ("\n".join(lines) + "\n").encode(), UPLOAD_ROWS
    return ("\n".join(lines) + "\n").encode(), len(lines) - 1


def _students_of(data: bytes) -> set[str]:
    return {line.split(",", 1)[0] for line in data.decode().splitlines()[1:]}


if __name__ == "__main__":
    import django

    django.setup()
    day = (
        datetime.date.fromisoformat(sys.argv[1])
        if len(sys.argv) > 1
        else datetime.date(2026, 2, 18)
    )
    for row in rows(day):
        print("  ".join(row))
