"""UTREx consistency check at state scale: goal < 30 s for 500,000 extract records.

Builds a 500,000-record extract from the state-scale demo (read-only: the records SEATS expects
in UTREx for every Confirmed-or-later CCA of the latest school years, shuffled; 1% spoiled in one
of six ways, 1,000 records of unknown students added, and the expected CCAs that did not fit left
out, so they are reported missing), writes it to a temporary CSV, and times the whole check as
the state runs it: reading the file, matching, every rule, and writing the findings to a CSV
report.

Run alone: DATABASE_URL=postgres://postgres@127.0.0.1:5432/seats_bench \
    DJANGO_SETTINGS_MODULE=seats.settings.development .venv/bin/python bench/bench_utrex.py
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import date
from pathlib import Path

RECORDS = 500_000
GOAL_SECONDS = 30.0
GOAL = f"< {GOAL_SECONDS:g} s"


def _spoil(row: dict[str, str], rng: random.Random) -> None:
    kind = rng.randrange(6)
    if kind == 0:
        row["school_of_record"] = rng.choice(["", "Y"])
    elif kind == 1:
        row["course_title"] = row["course_title"] + " Online"
    elif kind == 2:
        row["credit_attempted"] = "1" if row["credit_attempted"] != "1" else "0.5"
    elif kind == 3:
        row["membership_days"] = str(rng.randint(1, 90))
    elif kind == 4:
        row["enrollment_validation_type"] = "A"
    else:
        row["term"] = "Q1" if row["term"] != "Q1" else "Q2"


def build_extract(viewer, years: list[int], path: Path, seed: int = 7) -> tuple[int, int]:
    """Write about ``RECORDS`` records to ``path``; returns (records written, spoiled)."""
    from seats.integration.utrex.expected import expected_records
    from seats.integration.utrex.extract import write_extract

    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    for year in years:
        rows.extend(expected_records(viewer, school_year=year))
        if len(rows) >= RECORDS:
            break
    rng.shuffle(rows)
    extras = RECORDS // 500
    rows = rows[: RECORDS - extras]  # CCAs beyond this are missing from the extract
    for row in rows[: RECORDS // 100]:
        _spoil(row, rng)
    rows.extend(dict(rows[-i - 1], ssid=str(90_000_000 + i)) for i in range(extras))
    spoiled = RECORDS // 100
    with path.open("w", encoding="utf-8", newline="") as f:
        write_extract(rows, f)
    return len(rows), spoiled


def rows(as_of: date) -> list[tuple[str, str, str, str]]:
    from seats.core.models import CCA
    from seats.integration.management.commands.utrex import viewer_for
    from seats.integration.utrex.check import run_check
    from seats.integration.utrex.output import finding_row, findings_writer, finish_findings

    years = sorted(set(CCA.objects.values_list("school_year", flat=True).distinct()), reverse=True)
    if not years:
        return [("UTREx check", "skipped: no CCAs loaded", GOAL, "skipped")]
    viewer = viewer_for(None)
    with tempfile.TemporaryDirectory(prefix="seats-utrex-") as tmp:
        extract = Path(tmp) / "utrex.csv"
        written, spoiled = build_extract(viewer, years, extract)
        started = time.monotonic()
        writer = findings_writer(Path(tmp) / "findings.csv")
        summary, _ = run_check(
            viewer,
            extract.read_bytes(),
            source=extract.name,
            as_of=as_of,
            emit=lambda f: writer.write(finding_row(f)),
        )
        finish_findings(writer, summary)
        seconds = time.monotonic() - started
    findings = sum(summary.by_rule.values())
    measure = (
        f"UTREx check of {written:,} records, state viewer ({spoiled:,} spoiled; "
        f"{summary.matched:,} matched, {findings:,} findings to CSV)"
    )
    result = "pass" if seconds < GOAL_SECONDS else "FAIL"
    return [(measure, f"{seconds:.1f} s", GOAL, result)]


if __name__ == "__main__":
    import django

    django.setup()
    for row in rows(date(2026, 2, 18)):
        print(" | ".join(row))
