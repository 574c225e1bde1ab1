"""Two task workers on one Redis queue (SEATS_TASK_BACKEND=rq): each queued task runs once, and
the daily sweep queued twice for a day runs once (seats.core.services.sweep_runs).

The workers are real processes (`seats rqworker --burst`, as the systemd unit runs them without
--burst) on the PostgreSQL test database; the queue is a Redis database of its own, emptied first.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import redis
from django.db import connection

from seats.core.models import SweepRun

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("SEATS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
SEATS = str(Path(sys.executable).with_name("seats"))
DAYS = [f"2026-10-{d:02d}" for d in range(1, 11)]


def _redis() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis at {REDIS_URL} is unreachable and CI=true.")
        pytest.skip(f"Redis at {REDIS_URL} is unreachable: the two-worker test was SKIPPED.")
    return client


def _env() -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "seats.settings.development",
        "DATABASE_URL": url,
        "SEATS_TASK_BACKEND": "rq",
        "SEATS_RQ_URL": REDIS_URL,
    }


def test_two_workers_run_each_task_once_and_a_day_sweep_once() -> None:
    _redis().flushdb()
    env = _env()
    enqueue = (
        "import django; django.setup()\n"
        "from seats.core.tasks import daily_sweep\n"
        f"for day in {DAYS + DAYS!r}: daily_sweep.enqueue(day)\n"  # every day's sweep twice
    )
    subprocess.run([sys.executable, "-c", enqueue], env=env, check=True, capture_output=True)
    worker = [SEATS, "rqworker", "--job-class", "django_tasks_rq.Job", "--burst", "default"]
    procs = [
        subprocess.Popen(
            worker, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for _ in range(2)
    ]
    logs = [p.communicate(timeout=240)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], logs

    started = Counter(
        job
        for log in logs
        for job in re.findall(r"default: seats\.core\.tasks\.daily_sweep\(.*?\) \((\w+)\)", log)
    )
    assert len(started) == 2 * len(DAYS), logs  # every queued task was taken ...
    assert set(started.values()) == {1}  # ... by exactly one worker, once

    runs = list(SweepRun.objects.order_by("as_of"))
    assert [r.as_of.isoformat() for r in runs] == DAYS  # each day's sweep ran once
    assert all(r.finished_at and r.attempts == 1 for r in runs)
