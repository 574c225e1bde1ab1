"""`make bench`: SEATS at state scale on PostgreSQL (not part of `make test`).

1. (Re)create the benchmark database and migrate it.
2. Time `seats demo --scale state` (1,000,000 CCAs) from the empty database.   goal < 120 s
3. Measure the caseload straight after the load, then VACUUM ANALYZE (as autovacuum would).
4. Time `run_sweep(as_of=...)` over those CCAs.                                 goal < 10 s
5. Time one service transition: the median of ~200 `move_status` calls that confirm Enrollment
   Complete CCAs past their Day of Census (SSID and teacher of record present).  goal < 3 ms
6. Run every bench/bench_<area>.py module (web pages, API, bulk files, OneRoster, UTREx): each
   adds its rows to the table. The pages' rows give their SQL floor too (bench/floor.py: the
   same statements replayed straight through psycopg) and the ratio.

The database is SEATS_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
seats_bench); it is dropped and created again unless --reuse is given. Speed is proved here,
never by timing assertions in the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/seats_bench"
ROOT = Path(__file__).resolve().parents[1]
SEATS = str(ROOT / ".venv" / "bin" / "seats")
DEMO_GOAL_S = 120
MOVE_GOAL_MS = 3


@dataclass
class Row:
    measure: str
    figure: str
    goal: str
    result: str


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", default="2026-02-18", help="The demo's and the sweep's day.")
    parser.add_argument(
        "--scale", default="state", help="Demo scale to load (state; small for a quick trial)."
    )
    parser.add_argument("--transitions", type=int, default=200, help="move_status calls to time.")
    parser.add_argument(
        "--reuse", action="store_true", help="Keep an already loaded database (skip steps 1-2)."
    )
    args = parser.parse_args(argv)
    url = os.environ.get("SEATS_BENCH_DATABASE_URL", DEFAULT_URL)
    as_of = date.fromisoformat(args.as_of)
    env = {**os.environ, "DATABASE_URL": url, "SEATS_DEBUG": "false"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "seats.settings.development")
    try:
        import psycopg
    except ImportError:
        print("bench: psycopg is not installed (run `make install`).", file=sys.stderr)
        return 1
    if not _reachable(psycopg, _maintenance_url(url)):
        print(
            f"bench: PostgreSQL at {_safe(url)} is unreachable; start it or set "
            "SEATS_BENCH_DATABASE_URL. Nothing was measured.",
            file=sys.stderr,
        )
        return 1
    rows: list[Row] = []
    if args.reuse and _has_data(psycopg, url):
        rows.append(Row("demo --scale state", "reused existing data", f"< {DEMO_GOAL_S} s", "n/a"))
    else:
        _recreate(psycopg, url)
        _run([SEATS, "migrate", "--noinput", "-v", "0"], env)
        seconds = _timed([SEATS, "demo", "--scale", args.scale, "--as-of", args.as_of], env)
        rows.append(_row(f"demo --scale {args.scale} (from empty)", seconds, DEMO_GOAL_S, "s"))
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "SEATS_DEBUG")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", env["DJANGO_SETTINGS_MODULE"])
    import django

    django.setup()
    rows.extend(_vacuum_after_load(as_of, url))
    rows.append(_bench_sweep(as_of))
    rows.append(_bench_transition(as_of, args.transitions))
    rows.extend(_area_benchmarks(as_of))
    _print(rows, psycopg, url)
    return 0


def _area_benchmarks(as_of: date) -> list[Row]:
    """Rows of every bench/bench_<area>.py module (API, imports, exports...): each exposes
    ``rows(as_of) -> [(measure, figure, goal, result)]`` and leaves the database as it found it."""
    import importlib.util

    out: list[Row] = []
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
            out.extend(Row(*row) for row in module.rows(as_of))
        except Exception as exc:  # a broken benchmark is reported, the others still run
            out.append(Row(path.stem, f"error: {type(exc).__name__}: {exc}", "", "FAIL"))
    return out


def _vacuum_after_load(as_of: date, url: str) -> list[Row]:
    """The caseload straight after the load, then ``VACUUM ANALYZE`` (what autovacuum does
    soon after a load: statistics, and the visibility map that index-only scans need); every
    later row measures the vacuumed database."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_web_home import caseload_rows
    from floor import vacuum_analyze

    out = [Row(*r) for r in caseload_rows(as_of, when=" (before VACUUM ANALYZE)")]
    seconds = vacuum_analyze(url)
    out.append(Row("VACUUM ANALYZE after the load", f"{seconds:.1f} s", "-", "info"))
    return out


# --- the database ---------------------------------------------------------------------------


def _maintenance_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres"))


def _database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or "seats_bench"


def _safe(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    return f"{parts.scheme}://{host}:{parts.port or 5432}/{_database_name(url)}"


def _reachable(psycopg, url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("select 1")
    except Exception:  # any failure means "not reachable"
        return False
    return True


def _has_data(psycopg, url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            return bool(conn.execute("select exists (select 1 from seats_cca)").fetchone()[0])
    except Exception:
        return False


def _recreate(psycopg, url: str) -> None:
    from psycopg import sql

    name = sql.Identifier(_database_name(url))
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


# --- measures -------------------------------------------------------------------------------


def _run(cmd: list[str], env: dict[str, str]) -> None:
    subprocess.run(cmd, env=env, check=True, cwd=ROOT)


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.monotonic()
    _run(cmd, env)
    return time.monotonic() - started


def _row(measure: str, value: float, goal: float, unit: str) -> Row:
    shown = f"{value:.1f} {unit}" if unit == "s" else f"{value:.2f} {unit}"
    return Row(measure, shown, f"< {goal:g} {unit}", "pass" if value < goal else "FAIL")


def _bench_sweep(as_of: date) -> Row:
    try:
        from seats.core.services.sweep import run_sweep
    except ImportError as exc:
        return Row("run_sweep", f"skipped: sweep not importable ({exc})", "< 10 s", "skipped")
    started = time.monotonic()
    report = run_sweep(as_of=as_of)
    seconds = time.monotonic() - started
    raised = sum(report.flags_raised.values())
    row = _row(
        f"run_sweep over all CCAs ({report.notices_of_enrollment:,} notices, "
        f"{raised:,} flags, {report.reminders:,} reminders)",
        seconds,
        10,
        "s",
    )
    return row


def _bench_transition(as_of: date, wanted: int) -> Row:
    goal = f"< {MOVE_GOAL_MS} ms median"
    try:
        from seats.core.models import CCA, RoleMembership
        from seats.core.services.actors import Actor
        from seats.core.services.lifecycle import move_status
        from seats.domain.roles import Role
        from seats.domain.statuses import Status
    except ImportError as exc:
        return Row("move_status", f"skipped: lifecycle not importable ({exc})", goal, "skipped")
    candidates = list(
        CCA.objects.filter(
            status=Status.ENROLLMENT_COMPLETE,
            census_date__lte=as_of,
            student__ssid__isnull=False,
            teacher_of_record__isnull=False,
            course_start_date__isnull=False,
        )
        .order_by("pk")
        .values_list("pk", "version", "provider_id")[:wanted]
    )
    if not candidates:
        return Row("move_status", "skipped: no CCA ready to confirm", goal, "skipped")
    staff = {}
    for m in RoleMembership.objects.filter(
        role=Role.PROVIDER_STAFF, organisation_id__in={c[2] for c in candidates}
    ).select_related("user", "organisation"):
        staff.setdefault(m.organisation_id, Actor(m.user, Role.PROVIDER_STAFF, m.organisation))
    timings = []
    for pk, version, provider_id in candidates:
        started = time.perf_counter()
        move_status(
            actor=staff[provider_id],
            cca_id=pk,
            to=Status.CONFIRMED,
            expected_version=version,
            as_of=as_of,
        )
        timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    return _row(f"move_status confirm, median of {len(timings)}", median, MOVE_GOAL_MS, "ms")


# --- report ---------------------------------------------------------------------------------


def _machine(psycopg, url: str) -> str:
    memory = "unknown"
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2**30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    with psycopg.connect(url) as conn:
        version = conn.execute("show server_version").fetchone()[0]
    return (
        f"machine: {os.cpu_count()} CPUs, {memory} RAM, {platform.system()} "
        f"{platform.machine()}, Python {platform.python_version()}, PostgreSQL {version}"
    )


def _print(rows: list[Row], psycopg, url: str) -> None:
    header = Row("measure", "figure", "goal", "result")
    widths = [max(len(getattr(r, f)) for r in [header, *rows]) for f in ("measure", "figure")]
    goal_w = max(len(r.goal) for r in [header, *rows])
    print()
    for n, r in enumerate([header, *rows]):
        print(f"{r.measure:<{widths[0]}}  {r.figure:<{widths[1]}}  {r.goal:<{goal_w}}  {r.result}")
        if n == 0:
            print("  ".join("-" * w for w in [*widths, goal_w, 6]))
    print(_machine(psycopg, url))


if __name__ == "__main__":
    sys.exit(main())
