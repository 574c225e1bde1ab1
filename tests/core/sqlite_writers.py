"""Twenty concurrent API writers on a file-based SQLite database (tests/core/test_sqlite_busy.py
runs this in its own process, since the test database is in memory).

Usage: ``python -m tests.core.sqlite_writers`` with ``DATABASE_URL=sqlite:////path/file`` and
``SEATS_TODAY``; prints a JSON object of the statuses each scenario got."""

from __future__ import annotations

import json
import os
import sys
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seats.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

WRITERS = 20


def race(calls):  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):  # type: ignore[no-untyped-def]
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as exc:  # reported, asserted on by the test
            results[index] = f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def main() -> None:
    call_command("migrate", verbosity=0)
    from seats.domain.roles import Role
    from tests.api.helpers import Api, token_for_role
    from tests.factories import build_world

    world = build_world()
    world.register()
    same = world.submit()
    many = [world.submit(student=_student(world)) for _ in range(WRITERS)]
    token = token_for_role(world, Role.PROVIDER_STAFF)
    connection.close()

    def decide(cca):  # type: ignore[no-untyped-def]
        def call():  # type: ignore[no-untyped-def]
            answer = Api(token).post(
                f"/ccas/{cca.pk}/provider-decision",
                {"decision": "accept"},
                if_match=f'"cca-{cca.pk}-v{cca.version}"',
            )
            return [answer.status, answer.headers.get("Retry-After", "")]

        return call

    out = {
        "same": race([decide(same)] * WRITERS),
        "many": race([decide(c) for c in many]),
    }
    json.dump(out, sys.stdout)


def _student(world):  # type: ignore[no-untyped-def]
    from tests.factories import make_student

    student = make_student(world)
    world.register(student)
    return student


if __name__ == "__main__":
    main()
