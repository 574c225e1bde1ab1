"""The run's plan as set-based SQL: what ``domain.funding.plan`` decides per CCA, for every
candidate CCA at once, in a few statements (SPEC 6; issue 10: "set-based SQL").

The rules keep one source of truth:

- the **money** (the fee, its halves, what the second half is worth in each closeout status,
  pro rata credit, the policy's ``partial_credit_payment``) is never written in SQL: for each
  distinct (school year, tier, status, credit attempted, credit earned) among the candidates,
  ``domain.funding.tranches.entitlements`` itself is asked, and its answers become a small
  temporary table the SQL joins (``funding_plan_fees``);
- the **structure** (Confirmed reached, an SSID, the closeout and transcript entries, the later
  of the two, the cutoff, holds, the ledger's chain per half: paid, last entry, reversal then
  re-payment) is the SQL below, and ``tests/funding/test_setplan.py`` proves, on SQLite and
  PostgreSQL, that it posts exactly what the domain planner (``runs.plan_with_domain``) posts for
  every case: each tranche rule, holds of every scope and reason, the 9th at 16:59 and 17:01
  Denver, HOME CCAs and their appropriation legs, corrections and reversals.

The cutoff: ``Cutoff.payment_month(at) <= run month`` holds exactly when ``at`` is before the
run month's cutoff instant (payment months never decrease with time), so the SQL compares the
entry's timestamp with that one instant.

Amounts are whole cents (integers) inside SQL, so SQLite (which sums decimals as floats) and
PostgreSQL agree to the cent; they become ``amount`` as cents / 100 only when written.

Temporary tables (per connection, dropped at the end): ``funding_plan_facts`` (one row per
candidate CCA), ``funding_plan_fees`` and ``funding_plan`` (one row per (CCA, half) that a run
would post something for, or that a hold holds back).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import connection

from seats.core.models import CCA, CCAHistory, CourseOffering, Organisation, Student
from seats.core.services.policy import policy_for
from seats.domain.funding.fees import course_fee
from seats.domain.funding.holds import HoldFacts
from seats.domain.funding.tranches import Event, PaymentFacts, entitlements
from seats.domain.policy import Tier
from seats.domain.statuses import PASSING, Credit, Status

from ..models import Entry

CONFIRMED = Status.CONFIRMED.value
TRANSCRIPT_KEY = "transcript_issued_on"
FACTS, FEES, PLAN = "funding_plan_facts", "funding_plan_fees", "funding_plan"
#: The statuses whose second half the rules can owe (a pass, or a ".25 earned" closeout): the
#: only ones whose closeout entry the plan reads. ``_fee_row`` refuses any other that pays.
SECOND_HALF_STATUSES = frozenset(
    s.value for s in Status if s in PASSING or s.info.credit is Credit.QUARTER
)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _dt(value: datetime) -> object:
    return connection.ops.adapt_datetimefield_value(value)


def _in(column: str, values: set[int]) -> str:
    """``column IN (...)`` over literal ids (ints only, never text from a user); false when
    there are none."""
    if not values:
        return "1 = 0"
    return f"{column} IN ({', '.join(str(int(v)) for v in sorted(values))})"


def _drop() -> None:
    with connection.cursor() as cursor:
        for name in (PLAN, FEES, FACTS):
            cursor.execute(f"DROP TABLE IF EXISTS {name}")


@contextmanager
def planned(
    *,
    run_month_cutoff: datetime,
    holds: list[HoldFacts],
    as_of: date,
    candidates: list[int] | None = None,
) -> Iterator[None]:
    """Build ``funding_plan`` for a run whose cutoff instant is ``run_month_cutoff``, with the
    ``holds`` active now; drop the temporary tables afterwards."""
    _drop()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # hash joins of ~600,000 rows without batches
            cursor.execute("SET LOCAL work_mem = '128MB'")
    try:
        _facts(candidates)
        _fees(as_of)
        _plan(run_month_cutoff, holds)
        yield
    finally:
        _drop()


def _statuses(values: list[str]) -> str:
    return ", ".join(f"'{Status(v).value}'" for v in values)  # enum values only


def moves_predicate(alias: str = "h") -> str:
    """The moves into a status a payment can follow: the predicate of the partial index
    ``funding_history_moves`` (migration 0005), repeated so the planner can use it."""
    from .facts import REACHABLE_AFTER_CONFIRMED

    return (
        f"{alias}.to_status IN ({_statuses(REACHABLE_AFTER_CONFIRMED)}) "
        f"AND {alias}.from_status <> {alias}.to_status"
    )


def _transcript_predicate(alias: str = "h") -> str:
    if connection.vendor == "postgresql":  # the partial index funding_history_transcripts
        return f"{alias}.details ? '{TRANSCRIPT_KEY}'"
    return f"JSON_TYPE({alias}.details, '$.\"{TRANSCRIPT_KEY}\"') IS NOT NULL"


def _facts(candidates: list[int] | None) -> None:
    """One row per candidate CCA (ever in a status a payment can follow, or in the ledger):
    where its money goes, the fee's keys, and the three history entries the rules read (the
    first that reached Confirmed, the last that set the current status, the latest that
    recorded the transcript), each the first row of a window over a partial index."""
    from .facts import REACHABLE_AFTER_CONFIRMED

    cca, hist = _q(CCA._meta.db_table), _q(CCAHistory._meta.db_table)
    org, student = _q(Organisation._meta.db_table), _q(Student._meta.db_table)
    offering, entry = _q(CourseOffering._meta.db_table), _q(Entry._meta.db_table)
    if candidates is not None:
        chosen = _in("c.id", set(candidates))
    else:
        chosen = (
            f"(c.status IN ({_statuses(REACHABLE_AFTER_CONFIRMED)}) "
            f"OR c.id IN (SELECT cca_id FROM {entry}))"
        )
    moves = moves_predicate()

    def first(where: str, order: str, join: str = "") -> str:
        return (
            f"(SELECT cca_id, id, at FROM (SELECT h.cca_id AS cca_id, h.id AS id, h.at AS at, "
            f"ROW_NUMBER() OVER (PARTITION BY h.cca_id ORDER BY h.seq {order}) AS rn "
            f"FROM {hist} h {join} WHERE {where}) w WHERE rn = 1)"
        )

    conf = first(f"{moves} AND h.to_status = '{CONFIRMED}'", "ASC")
    # the closeout entry matters only in a status whose second half can be owed
    close = first(
        f"{moves} AND h.to_status IN ({_statuses(sorted(SECOND_HALF_STATUSES))})",
        "DESC",
        f"JOIN {cca} cs ON cs.id = h.cca_id AND cs.status = h.to_status",
    )
    transcript = first(_transcript_predicate(), "DESC")
    sql = f"""
        CREATE TEMPORARY TABLE {FACTS} AS
        SELECT c.id AS cca_id, c.provider_id AS provider_id, c.primary_lea_id AS lea_id,
               o.code AS lea_code, c.school_year AS school_year, c.status AS status,
               off.tier AS tier,
               CAST(ROUND(c.credit_attempted * 100) AS INTEGER) AS ca,
               COALESCE(CAST(ROUND(c.credit_earned * 100) AS INTEGER), -1) AS ce,
               CASE WHEN TRIM(COALESCE(s.ssid, '')) <> '' THEN 1 ELSE 0 END AS has_ssid,
               hc.id AS conf_id, hc.at AS conf_at,
               hl.id AS close_id, hl.at AS close_at,
               ht.id AS tr_id, ht.at AS tr_at
        FROM {cca} c
        JOIN {org} o ON o.id = c.primary_lea_id
        JOIN {student} s ON s.id = c.student_id
        JOIN {offering} off ON off.id = c.offering_id
        LEFT JOIN {conf} hc ON hc.cca_id = c.id
        LEFT JOIN {close} hl ON hl.cca_id = c.id
        LEFT JOIN {transcript} ht ON ht.cca_id = c.id
        WHERE {chosen}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {FACTS}")  # a temporary table has no statistics


def _fees(as_of: date) -> None:
    """What the domain says each half is worth, per distinct fee key among the candidates.

    ``entitlements`` is asked with every fact present (Confirmed, an SSID, the closeout and
    the transcript): ``first`` / ``second`` are the halves' amounts in cents when they are
    payable then, 0 when the rules owe nothing in that status (no credit, partial credit under
    ``partial_credit_payment = none``, not completed)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT school_year, tier, status, ca, ce FROM {FACTS}")
        keys = cursor.fetchall()
        cursor.execute(
            f"CREATE TEMPORARY TABLE {FEES} (school_year INTEGER, tier VARCHAR(8), "
            "status VARCHAR(48), ca INTEGER, ce INTEGER, first_cents INTEGER, "
            "second_cents INTEGER)"
        )
        rows = [_fee_row(key, as_of) for key in keys]
        if rows:
            cursor.executemany(f"INSERT INTO {FEES} VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {FEES}")  # so the plan hashes it, not sorts the facts


_EVERYTHING = datetime(2000, 1, 1, tzinfo=UTC)


def _fee_row(key: tuple, as_of: date) -> tuple:
    from .facts import REACHABLE_AFTER_CONFIRMED as REACHABLE

    year, tier, status, ca, ce = key
    policy = policy_for(int(year), as_of=as_of)
    attempted = Decimal(int(ca)) / 100
    fee = course_fee(tier=Tier(tier), credit_attempted=attempted, policy=policy)
    facts = PaymentFacts(
        cca_id=0,
        status=Status(status),
        has_ssid=True,
        credit_attempted=attempted,
        credit_earned=None if int(ce) < 0 else Decimal(int(ce)) / 100,
        confirmed=Event(_EVERYTHING, 1),
        closeout=Event(_EVERYTHING, 2),
        transcript=Event(_EVERYTHING + timedelta(seconds=1), 3),
    )
    first, second = entitlements(facts, fee, policy)
    if second.payable and (status not in REACHABLE or status not in SECOND_HALF_STATUSES):
        # the closeout entry is read only among moves into these statuses (_facts)
        raise RuntimeError(f"{status} pays a second half but its closeout is not read")
    return (
        year,
        tier,
        status,
        ca,
        ce,
        _cents(first.amount) if first.payable else 0,
        _cents(second.amount) if second.payable else 0,
    )


def _cents(amount: Decimal) -> int:
    return int(amount * 100)


def _plan(cutoff: datetime, holds: list[HoldFacts]) -> None:
    """``funding_plan``: per (CCA, half), what the half is owed now (``raw``: the entitlement
    when payable; ``owed``: 0 under a fraud hold on the CCA), the entry that made it payable and
    whether that entry came before the run's cutoff, the holds, and the ledger's chain (net
    paid in cents and its last entry). Only rows where the run posts something (paid <> owed)
    or where a hold holds back a due, unpaid half are kept."""
    held_cca = {h.target_id for h in holds if h.scope.value == "cca"}
    held_provider = {h.target_id for h in holds if h.scope.value == "provider"}
    held_lea = {h.target_id for h in holds if h.scope.value == "lea"}
    fraud: dict[int, int] = {}
    for h in sorted(holds, key=lambda h: h.id):
        if h.reverses_payments:
            fraud.setdefault(h.target_id, h.id)
    held = (
        f"({_in('f.cca_id', held_cca)} OR {_in('f.provider_id', held_provider)} "
        f"OR {_in('f.lea_id', held_lea)})"
    )
    hold_id = (
        "CASE f.cca_id " + " ".join(f"WHEN {c} THEN {h}" for c, h in fraud.items()) + " END"
        if fraud
        else "CAST(NULL AS INTEGER)"
    )
    is_fraud = _in("f.cca_id", set(fraud))
    entry = _q(Entry._meta.db_table)
    ledger = (
        f"SELECT cca_id, half, SUM(CAST(ROUND(amount * 100) AS INTEGER)) AS paid, "
        f"MAX(id) AS last_id FROM {entry} GROUP BY cca_id, half"
    )
    # the second half's entry: the later (by time, then id) of the closeout and the transcript
    later_is_close = "(f.close_at > f.tr_at OR (f.close_at = f.tr_at AND f.close_id > f.tr_id))"
    first = (
        "SELECT f.cca_id, 'first' AS half, f.provider_id, f.lea_id, f.lea_code, f.school_year, "
        "CASE WHEN f.conf_id IS NOT NULL AND f.has_ssid = 1 THEN fe.first_cents ELSE 0 END "
        "AS raw, f.conf_id AS event_id, f.conf_at AS event_at"
    )
    second = (
        "SELECT f.cca_id, 'second' AS half, f.provider_id, f.lea_id, f.lea_code, "
        "f.school_year, CASE WHEN f.conf_id IS NOT NULL AND f.has_ssid = 1 "
        "AND f.close_id IS NOT NULL AND f.tr_id IS NOT NULL THEN fe.second_cents ELSE 0 END "
        f"AS raw, CASE WHEN {later_is_close} THEN f.close_id ELSE f.tr_id END AS event_id, "
        f"CASE WHEN {later_is_close} THEN f.close_at ELSE f.tr_at END AS event_at"
    )
    rest = (
        f", {held} AS held_expr, {is_fraud} AS fraud_expr, {hold_id} AS hold_id "
        f"FROM {FACTS} f JOIN {FEES} fe ON fe.school_year = f.school_year AND fe.tier = f.tier "
        "AND fe.status = f.status AND fe.ca = f.ca AND fe.ce = f.ce"
    )
    sql = f"""
        CREATE TEMPORARY TABLE {PLAN} AS
        SELECT h.cca_id AS cca_id, h.half AS half, h.provider_id AS provider_id,
               h.lea_id AS lea_id, h.lea_code AS lea_code, h.school_year AS school_year,
               h.raw AS raw, CASE WHEN h.fraud_expr THEN 0 ELSE h.raw END AS owed,
               h.event_id AS event_id,
               CASE WHEN h.event_at < %s THEN 1 ELSE 0 END AS due,
               CASE WHEN h.held_expr THEN 1 ELSE 0 END AS held,
               h.hold_id AS hold_id,
               COALESCE(l.paid, 0) AS paid, l.last_id AS last_id
        FROM ({first}{rest} UNION ALL {second}{rest}) h
        LEFT JOIN ({ledger}) l ON l.cca_id = h.cca_id AND l.half = h.half
        WHERE COALESCE(l.paid, 0) <> (CASE WHEN h.fraud_expr THEN 0 ELSE h.raw END)
           OR (h.held_expr AND h.raw > 0 AND h.event_at < %s AND COALESCE(l.paid, 0) <= 0)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [_dt(cutoff), _dt(cutoff)])


# What the run posts, from funding_plan (the domain's plan_half, row by row):
#: a reversal of the chain's last entry whenever something was paid and the half is now owed
#: a different amount (or nothing);
REVERSALS = "paid <> owed AND paid <> 0"
#: a payment when the half is owed, due by the run's cutoff, not held, and not already paid
#: that amount; after a reversal in the same run it re-pays that reversal (second statement),
#: otherwise it points at the chain's last entry (a reversal of an earlier run) or nothing.
PAYMENTS = "paid <> owed AND owed > 0 AND held = 0 AND due = 1"
HELD_BACK = "held = 1 AND raw > 0 AND due = 1 AND paid <= 0"


@dataclass(frozen=True)
class Line:
    cca_id: int
    half: str
    tranche: str
    cents: int
    reversal_of: int | None  # a posted entry's id (None: a first payment)
    event_id: int | None
    hold_id: int | None
    after_reversal: bool
    provider_id: int
    lea_id: int
    lea_code: str
    school_year: int


def lines() -> list[Line]:
    """Every line the run would post, in the domain planner's order (CCA, half, reversal
    first)."""
    sql = f"""
        SELECT cca_id, half, 'reversal', -paid, last_id, NULL, hold_id, 0, provider_id, lea_id,
               lea_code, school_year, 0 AS k FROM {PLAN} WHERE {REVERSALS}
        UNION ALL
        SELECT cca_id, half, half, owed, CASE WHEN paid = 0 THEN last_id ELSE NULL END,
               event_id, NULL, CASE WHEN paid = 0 THEN 0 ELSE 1 END, provider_id, lea_id,
               lea_code, school_year, 1 AS k FROM {PLAN} WHERE {PAYMENTS}
        ORDER BY 1, 2, 13
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [
            Line(r[0], r[1], r[2], int(r[3]), r[4], r[5], r[6], bool(r[7]), *r[8:12])
            for r in cursor.fetchall()
        ]


@dataclass(frozen=True)
class Totals:
    entries: int
    cents: int
    by_provider: dict[int, int]
    by_lea: dict[int, int]
    payees: list[tuple[int, int, str, int]]  # (provider, lea, lea code, school year)


def totals() -> Totals:
    """The run's count, total, and totals per provider and per LEA, in one grouped query."""
    sql = f"""
        SELECT provider_id, lea_id, lea_code, school_year, COUNT(*), SUM(amount) FROM (
            SELECT provider_id, lea_id, lea_code, school_year, -paid AS amount
            FROM {PLAN} WHERE {REVERSALS}
            UNION ALL
            SELECT provider_id, lea_id, lea_code, school_year, owed AS amount
            FROM {PLAN} WHERE {PAYMENTS}
        ) t GROUP BY provider_id, lea_id, lea_code, school_year
    """
    by_provider: dict[int, int] = {}
    by_lea: dict[int, int] = {}
    entries = cents = 0
    payees = []
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for provider, lea, code, year, n, amount in cursor.fetchall():
            amount = int(amount)
            entries += int(n)
            cents += amount
            by_provider[provider] = by_provider.get(provider, 0) + amount
            by_lea[lea] = by_lea.get(lea, 0) + amount
            payees.append((provider, lea, code, year))
    return Totals(entries, cents, by_provider, by_lea, payees)


def held_back() -> list[tuple[int, int, int, int]]:
    """(CCA, provider, LEA, cents) of every CCA a hold holds back, by CCA."""
    sql = f"""
        SELECT cca_id, MIN(provider_id), MIN(lea_id), SUM(raw) FROM {PLAN}
        WHERE {HELD_BACK} GROUP BY cca_id ORDER BY cca_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [(r[0], r[1], r[2], int(r[3])) for r in cursor.fetchall()]


def insert(*, run_id: int, now: datetime) -> None:
    """Write the run's entries: reversals and payments in one ``INSERT ... SELECT``, then the
    re-payments that undo a reversal of this same run (they need its id) in a second; each in
    CCA order, so a statement's lines (read by entry id) follow the CCAs."""
    entry = _q(Entry._meta.db_table)
    cols = (
        "run_id, cca_id, half, tranche, amount, history_id, reversal_of_id, provider_id, "
        "lea_id, hold_id, posted_at"
    )
    first_pass = f"""
        INSERT INTO {entry} ({cols})
        SELECT %s, cca_id, half, 'reversal', -paid / 100.0, NULL, last_id, provider_id, lea_id,
               hold_id, %s FROM {PLAN} WHERE {REVERSALS}
        UNION ALL
        SELECT %s, cca_id, half, half, owed / 100.0, event_id, last_id, provider_id, lea_id,
               NULL, %s FROM {PLAN} WHERE {PAYMENTS} AND paid = 0
        ORDER BY 2, 3
    """
    repayments = f"""
        INSERT INTO {entry} ({cols})
        SELECT %s, p.cca_id, p.half, p.half, p.owed / 100.0, p.event_id, r.id, p.provider_id,
               p.lea_id, NULL, %s FROM {PLAN} p
        JOIN {entry} r ON r.run_id = %s AND r.cca_id = p.cca_id AND r.half = p.half
             AND r.tranche = 'reversal'
        WHERE {PAYMENTS} AND paid <> 0
        ORDER BY 2, 3
    """
    at = _dt(now)
    with connection.cursor() as cursor:
        cursor.execute(first_pass, [run_id, at, run_id, at])
        cursor.execute(repayments, [run_id, at, run_id])
