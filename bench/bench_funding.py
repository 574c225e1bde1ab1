"""The monthly payment run and "why (not) paid" at state scale (issue 10).

Rows:
1. preview of the next open month's run (every candidate CCA planned)          goal < 10 s
2. posting it (one transaction: entries, legs, the balance check)              goal < 10 s
3. the same set-based INSERT written as raw SQL (entries of every payable first half, then both
   legs in one INSERT ... SELECT), in the same run: the floor the posting is judged against;
   posting must stay within 3x of it                                            goal ratio < 3
4. "why (not) paid" of one CCA, the CCA page's section (median of 50 CCAs)      goal < 50 ms

The month is the one after the latest posted run or, with none posted (the state-scale demo),
the first run of the earliest month with at least 200,000 first halves Confirmed by its cutoff;
posted "now" = an hour after its cutoff, so everything due by then is paid. Everything happens
inside one transaction rolled back at the end (and each posting in a savepoint), so the shared
benchmark database is left exactly as it was; both postings end with SET CONSTRAINTS ALL
IMMEDIATE, so the deferred foreign-key checks of a commit are timed. PostgreSQL only.

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
MIN_TRANCHES = 200_000
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
    """The month benchmarked and "now" (an hour after its cutoff). With runs posted: the next
    open month. With none (the state-scale demo posts none): the first run of the earliest
    scheduled month whose cutoff has at least MIN_TRANCHES first halves Confirmed before it,
    i.e. the first run that pays every Confirmed CCA's first half (and the second halves
    completed by then)."""
    from django.db import connection

    from seats.domain.funding.months import Month
    from seats.funding.models import MspRun
    from seats.funding.services.runs import cutoff_for, last_posted_month
    from seats.funding.services.setplan import moves_predicate

    latest = last_posted_month()
    if latest is not None:
        month = latest.next()
    else:
        month = Month.of(as_of)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT at FROM (SELECT h.at, ROW_NUMBER() OVER (PARTITION BY h.cca_id "
                f"ORDER BY h.seq) AS rn FROM seats_ccahistory h WHERE {moves_predicate()} "
                "AND h.to_status = 'confirmed') w WHERE rn = 1 ORDER BY at "
                f"OFFSET {MIN_TRANCHES - 1} LIMIT 1"
            )
            found = cursor.fetchone()
        if found:
            scheduled = sorted(Month.of(d) for d in MspRun.objects.values_list("month", flat=True))
            for candidate in scheduled:
                if cutoff_for(candidate).moment(candidate) > found[0]:
                    month = candidate
                    break
    return month, cutoff_for(month).moment(month) + timedelta(hours=1)


def _runs(as_of: datetime.date) -> list[Row]:
    from django.db import connection, transaction

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
    n = preview.entries
    out = [_row(f"payment run {month}: preview ({n:,} payable tranches)", preview_s, GOAL_S)]
    raw_s, raw_n = _raw(month, now)
    with transaction.atomic():
        started = time.perf_counter()
        posted = post_run(actor=system, month=month, now=now)
        with connection.cursor() as cursor:  # the deferred foreign-key checks of a commit
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        post_s = time.perf_counter() - started
        transaction.set_rollback(True)
    out.append(_row(f"payment run {month}: post ({posted.entries:,} entries)", post_s, GOAL_S))
    ratio = post_s / raw_s if raw_s else float("inf")
    out.append(
        (
            f"payment run {month}: post vs the same INSERT as raw SQL ({raw_n:,} entries "
            f"in {raw_s:.1f} s)",
            f"{ratio:.1f}x",
            f"< {RATIO:g}x",
            "pass" if ratio < RATIO and raw_n == posted.entries else "FAIL",
        )
    )
    if n < MIN_TRANCHES:
        out.append(
            ("payment run: payable tranches", f"{n:,} (goal: >= {MIN_TRANCHES:,})", "", "note")
        )
    return out


def _raw(month, now) -> tuple[float, int]:
    """The run's entries written by hand: one INSERT ... SELECT (first halves Confirmed with an
    SSID before the cutoff; second halves of a pass, or pro rata of a ".25 earned" closeout,
    with the transcript, the later entry before the cutoff), over the same partial indexes,
    then both legs with the posting's own INSERT ... SELECT; rolled back. Valid for a month
    whose ledger is empty and with no holds (the benchmark's)."""
    from django.db import connection, transaction

    from seats.core.models import CCA
    from seats.core.services.policy import policy_for
    from seats.domain.policy import Tier
    from seats.domain.statuses import PASSING, Credit, Status
    from seats.funding.models import PaymentRun
    from seats.funding.services.facts import REACHABLE_AFTER_CONFIRMED
    from seats.funding.services.posting import _insert_legs
    from seats.funding.services.runs import cutoff_for
    from seats.funding.services.setplan import moves_predicate

    years = sorted(set(CCA.objects.values_list("school_year", flat=True).distinct()))
    fees = (
        ", ".join(
            f"({y}, '{t.value}', {policy_for(y, as_of=now.date()).fees[t]})"
            for y in years
            for t in Tier
        )
        or "(0, 'I', 0)"
    )
    quote = ", ".join
    reachable = quote(f"'{s}'" for s in REACHABLE_AFTER_CONFIRMED)
    passing = quote(f"'{s.value}'" for s in PASSING)
    quarter = quote(f"'{s.value}'" for s in Status if s.info.credit is Credit.QUARTER)
    cutoff = cutoff_for(month).moment(month)
    moves = moves_predicate()
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
            WITH conf AS (
                SELECT DISTINCT ON (h.cca_id) h.cca_id, h.id, h.at FROM seats_ccahistory h
                WHERE {moves} AND h.to_status = 'confirmed' ORDER BY h.cca_id, h.seq),
            close AS (
                SELECT DISTINCT ON (h.cca_id) h.cca_id, h.id, h.at FROM seats_ccahistory h
                JOIN seats_cca c ON c.id = h.cca_id AND c.status = h.to_status
                WHERE {moves} ORDER BY h.cca_id, h.seq DESC),
            tr AS (
                SELECT DISTINCT ON (h.cca_id) h.cca_id, h.id, h.at FROM seats_ccahistory h
                WHERE h.details ? 'transcript_issued_on' ORDER BY h.cca_id, h.seq DESC),
            base AS (
                SELECT c.id, c.provider_id, c.primary_lea_id, c.status, c.credit_attempted,
                       c.credit_earned, conf.id AS conf_id, conf.at AS conf_at,
                       ROUND(ROUND(f.per_credit * c.credit_attempted, 2) / 2, 2) AS first,
                       ROUND(f.per_credit * c.credit_attempted, 2)
                       - ROUND(ROUND(f.per_credit * c.credit_attempted, 2) / 2, 2) AS second,
                       CASE WHEN (close.at, close.id) > (tr.at, tr.id) THEN close.id
                            ELSE tr.id END AS done_id,
                       CASE WHEN close.id IS NOT NULL AND tr.id IS NOT NULL
                            THEN GREATEST(close.at, tr.at) END AS done_at
                FROM seats_cca c
                JOIN seats_student s ON s.id = c.student_id AND TRIM(COALESCE(s.ssid, '')) <> ''
                JOIN seats_courseoffering o ON o.id = c.offering_id
                JOIN (VALUES {fees}) AS f(school_year, tier, per_credit)
                  ON f.school_year = c.school_year AND f.tier = o.tier
                JOIN conf ON conf.cca_id = c.id
                LEFT JOIN close ON close.cca_id = c.id
                LEFT JOIN tr ON tr.cca_id = c.id
                WHERE c.status IN ({reachable}))
            INSERT INTO seats_funding_entry (run_id, cca_id, half, tranche, amount, history_id,
                                             provider_id, lea_id, posted_at)
            SELECT %s, id, 'first', 'first', first, conf_id, provider_id, primary_lea_id, %s
            FROM base WHERE conf_at < %s AND first > 0
            UNION ALL
            SELECT %s, id, 'second', 'second', amount, done_id, provider_id, primary_lea_id, %s
            FROM (SELECT *, CASE WHEN status IN ({passing}) THEN second
                      WHEN status IN ({quarter}) THEN ROUND(second * LEAST(COALESCE(
                          credit_earned, 0.25) / credit_attempted, 1), 2) ELSE 0 END AS amount
                  FROM base WHERE done_at < %s) b
            WHERE amount > 0
            ORDER BY 2, 3
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [run.pk, now, cutoff, run.pk, now, cutoff])
            count = cursor.rowcount
        _insert_legs(run)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
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
