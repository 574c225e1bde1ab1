"""Record retention at state scale: goal < 30 s for the retention plan over 400,000 students.

Times ``make_plan`` (what `seats retention plan` runs: every student's exit, the legal holds,
the plan's items and its counts per kind) on the day of a yearly run in which the demo's oldest
class (its students all graduate 2026 or later, so none is due today) has been out five years
and a month: that class is planned, the rest of the 400,000 are checked and stay. The plan is
written inside a transaction that is rolled back: the database is left as it was found; any
deferred foreign key check a commit would make is forced before the rollback and timed too.

Run alone: DATABASE_URL=postgres://postgres@127.0.0.1:5432/seats_bench \
    DJANGO_SETTINGS_MODULE=seats.settings.development .venv/bin/python bench/bench_compliance.py
"""

from __future__ import annotations

import time
from datetime import date

STUDENTS = 400_000
GOAL_SECONDS = 30.0
GOAL = f"< {GOAL_SECONDS:g} s"


class _Rollback(Exception):
    pass


def rows(as_of: date) -> list[tuple[str, str, str, str]]:
    from django.db import connection, transaction
    from django.db.models import Min

    from seats.compliance.services.retention import make_plan
    from seats.core.models import Student
    from seats.core.services.actors import Actor

    students = Student.objects.count()
    oldest = Student.objects.aggregate(oldest=Min("cohort_year"))["oldest"] or as_of.year - 6
    # A yearly run: the day the demo's oldest class has been out five years and a month. Its
    # students are due (a realistic share, one graduating class); every other student is
    # checked and found inside the period.
    later = max(as_of, date(oldest + 5, 8, 1))
    started = time.perf_counter()
    planned = 0
    try:
        with transaction.atomic():
            plan = make_plan(actor=Actor.system(), as_of=later)
            planned = plan.counts.get("students", 0)
            if connection.vendor == "postgresql":  # the foreign key checks a commit would run
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            raise _Rollback
    except _Rollback:
        pass
    seconds = time.perf_counter() - started
    measure = f"retention plan over {students:,} students ({planned:,} planned)"
    if students < STUDENTS:
        measure += f"; goal is for {STUDENTS:,}"
    result = "PASS" if seconds < GOAL_SECONDS else "FAIL"
    return [(measure, f"{seconds:.1f} s", GOAL, result)]


if __name__ == "__main__":
    import django

    django.setup()
    for row in rows(date.today()):
        print(" | ".join(row))
