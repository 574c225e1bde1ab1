"""The monthly payment run and "why (not) paid" at state scale (issue 10).

Rows:
1. preview of the next open month's run (every candidate CCA planned)          goal < 10 s
2. posting it (one transaction: entries, legs, the balance check)              goal < 10 s
3. the same set-based INSERT written as raw SQL (entries of every payable first half, then both
   legs in one INSERT ... SELECT), in the same run: the floor the posting is judged against;
   posting must stay within 3x of it                                            goal ratio < 3
4. "why (not) paid" of one CCA, the CCA page's section (median of 50 CCAs)      goal < 50 ms

The month is the one after the latest posted run (or the demo day's month), posted "now" = just
after its cutoff, so everything due by then is paid. Everything happens inside one transaction
rolled back at the end (and each posting in a savepoint), so the shared benchmark database is
left exactly as it was. PostgreSQL only (``DISTINCT ON``).

Run alone (from the checkout):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/seats_bench \\
    DJANGO_SETTINGS_MODULE=seats.settings.development .venv/bin/python bench/bench_funding.py
"""

from __future__ import annotations

import datetime
import statistics
import sys
import time
from datetime import timedelta

GOAL_S = 10.0
RATIO = 3.0
WHY_GOAL_MS = 50.0
WHY_SAMPLES = 50
Row = tuple[str, str, str, str]


def rows(as_of: datetime.date) -> list[Row]:
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        return [("payment run", "skipped: PostgreSQL only", f"< {GOAL_S:g} s", "skipped")]
    out: list[Row] = []
    with transaction.atomic():
        out += _runs(as_of)
        out.append(_why(as_of))
        transaction.set_rollback(True)
    return out


def _moment(as_of: datetime.date):
    from zoneinfo import ZoneInfo

    from django.conf import settings

    from seats.domain.funding.months import Month
    from seats.funding.services.runs import cutoff_for, last_posted_month

    latest = last_posted_month()
    month = latest.next() if latest else Month.of(as_of)
    now = datetime.datetime.combine(as_of, datetime.time(18), ZoneInfo(settings.TIME_ZONE))
    return month, max(now, cutoff_for(month).moment(month) + timedelta(hours=1))


def _runs(as_of: datetime.date) -> list[Row]:
    from django.db import transaction

    from seats.core.services.actors import Actor
    from seats.funding.services.runs import post_run, preview_run

    month, now = _moment(as_of)
    system = Actor.system()
    started = time.perf_counter()
    try:
        preview = preview_run(actor=system, month=month, now=now)
    except Exception as exc:  # e.g. no MSP schedule loaded for the month
        return [(f"payment run {month}", f"skipped: {exc}", f"< {GOAL_S:g} s", "skipped")]
    preview_s = time.perf_counter() - started
    n = len(preview.planned)
    out = [_row(f"payment run {month}: preview ({n:,} payable tranches)", preview_s, GOAL_S)]
    raw_s, raw_n = _raw(month, now)
    with transaction.atomic():
        started = time.perf_counter()
        posted = post_run(actor=system, month=month, now=now)
        post_s = time.perf_counter() - started
        transaction.set_rollback(True)
    out.append(_row(f"payment run {month}: post ({len(posted.planned):,} entries)", post_s, GOAL_S))
    ratio = post_s / raw_s if raw_s else float("inf")
    out.append(
        (
            f"payment run {month}: post vs the same INSERT as raw SQL ({raw_n:,} entries "
            f"in {raw_s:.1f} s)",
            f"{ratio:.1f}x",
            f"< {RATIO:g}x",
            "pass" if ratio < RATIO else "FAIL",
        )
    )
    if n < 200_000:
        out.append(
            ("payment run: payable tranches", f"{n:,} (state scale has >= 200,000)", "", "note")
        )
    return out


def _raw(month, now) -> tuple[float, int]:
    """Every payable first half (Confirmed, SSID, not yet paid) as entries with one INSERT ...
    SELECT, then both legs with the posting's own INSERT ... SELECT; rolled back."""
    from django.db import connection, transaction

    from seats.core.models import CCA, CCAHistory, Student
    from seats.core.models import CourseOffering as Offering
    from seats.core.services.policy import policy_for
    from seats.domain.policy import Tier
    from seats.funding.models import Entry, PaymentRun
    from seats.funding.services.facts import REACHABLE_AFTER_CONFIRMED
    from seats.funding.services.posting import _insert_legs

    years = sorted(set(CCA.objects.values_list("school_year", flat=True).distinct()))
    fees = (
        ", ".join(
            f"({y}, '{t.value}', {policy_for(y, as_of=now.date()).fees[t]})"
            for y in years
            for t in Tier
        )
        or "(0, 'I', 0)"
    )
    statuses = ", ".join(f"'{s}'" for s in REACHABLE_AFTER_CONFIRMED)
    cca, hist, student = CCA._meta.db_table, CCAHistory._meta.db_table, Student._meta.db_table
    offering, entry = Offering._meta.db_table, Entry._meta.db_table
    with transaction.atomic():
        started = time.perf_counter()
        run = PaymentRun(
            month=datetime.date(2099, 1, 1),
            run_date=datetime.date(2099, 1, 20),
            posted_at=now,
            posted_by_role="bench",
        )
        run.save(force_insert=True)
        _open_accounts()
        sql = f"""
            INSERT INTO {entry} (run_id, cca_id, half, tranche, amount, history_id,
                                 provider_id, lea_id, posted_at)
            SELECT %s, c.id, 'first', 'first', ROUND(ROUND(f.per_credit * c.credit_attempted, 2)
                   / 2, 2), h.id, c.provider_id, c.primary_lea_id, %s
            FROM {cca} c
            JOIN {student} s ON s.id = c.student_id AND COALESCE(s.ssid, '') <> ''
            JOIN {offering} o ON o.id = c.offering_id
            JOIN (VALUES {fees}) AS f(school_year, tier, per_credit)
              ON f.school_year = c.school_year AND f.tier = o.tier
            JOIN (SELECT DISTINCT ON (cca_id) id, cca_id FROM {hist}
                  WHERE to_status = 'confirmed' AND from_status <> 'confirmed'
                  ORDER BY cca_id, seq) h ON h.cca_id = c.id
            WHERE c.status IN ({statuses})
              AND NOT EXISTS (SELECT 1 FROM {entry} e WHERE e.cca_id = c.id AND e.half = 'first')
              AND ROUND(ROUND(f.per_credit * c.credit_attempted, 2) / 2, 2) > 0
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [run.pk, now])
            count = cursor.rowcount
        _insert_legs(run)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, count


def _open_accounts() -> None:
    """Provider and LEA accounts for every organisation that has CCAs (the posting opens what
    it needs the same way, before its INSERTs)."""
    from seats.core.models import CCA
    from seats.funding.services.accounts import accounts_for
    from seats.funding.services.runs import Planned

    pairs = CCA.objects.values_list(
        "provider_id", "primary_lea_id", "primary_lea__code", "school_year"
    ).distinct()
    accounts_for([Planned(0, p, lea, code, year, None) for p, lea, code, year in pairs])  # type: ignore[arg-type]


def _why(as_of: datetime.date) -> Row:
    from seats.core.models import CCA
    from seats.funding.selectors.why import why_paid

    _, now = _moment(as_of)
    ids = list(
        CCA.objects.filter(status="confirmed")
        .order_by("pk")
        .values_list("pk", flat=True)[:WHY_SAMPLES]
    )
    if not ids:
        return (
            "why (not) paid, one CCA",
            "skipped: no Confirmed CCA",
            f"< {WHY_GOAL_MS:g} ms",
            "skipped",
        )
    times = []
    for pk in ids:
        started = time.perf_counter()
        why_paid(cca_id=pk, now=now)
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    return (
        f"why (not) paid, one CCA (median of {len(ids)})",
        f"{median:.1f} ms",
        f"< {WHY_GOAL_MS:g} ms",
        "pass" if median < WHY_GOAL_MS else "FAIL",
    )


def _row(measure: str, seconds: float, goal: float) -> Row:
    return (measure, f"{seconds:.1f} s", f"< {goal:g} s", "pass" if seconds < goal else "FAIL")


if __name__ == "__main__":
    import django

    django.setup()
    for row in rows(
        datetime.date.fromisoformat(sys.argv[1] if len(sys.argv) > 1 else "2026-02-18")
    ):
        print(" | ".join(row))
