"""Record retention at state scale: goal < 30 s for the retention plan over 400,000 students.

Times ``make_plan`` (what `seats retention plan` runs: every student's exit, the legal holds,
the plan's items and its counts per kind) on a day far enough ahead that every student of the
demo has been out five years, so all of them are planned. The plan is written inside a
transaction that is rolled back: the database is left as it was found.

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
    from django.db import transaction

    from seats.compliance.services.retention import make_plan
    from seats.core.models import Student
    from seats.core.services.actors import Actor

    students = Student.objects.count()
    later = date(as_of.year + 12, as_of.month, min(as_of.day, 28))
    started = time.perf_counter()
    planned = 0
    try:
        with transaction.atomic():
            plan = make_plan(actor=Actor.system(), as_of=later)
            planned = plan.counts.get("students", 0)
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
