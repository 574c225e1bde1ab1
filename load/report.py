"""Print the load test's table from locust's CSV (requests/s, p50/p95/p99 per page, errors) and
judge it against the goal: no errors, p95 under the limit for every page. Standard library only."""

from __future__ import annotations

import csv
import sys

P95_GOAL_MS = 250
#: Signing in hashes the password on purpose (PBKDF2, slow by design against guessing): measured
#: and shown, not held to the page goal.
NOT_A_PAGE = {"sign in"}


def main(prefix: str, p95_goal: int = P95_GOAL_MS) -> int:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    header = (
        f"{'page':28} {'requests':>9} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>7}"
    )
    print(header)
    print("-" * len(header))
    ok = True
    for row in rows:
        name = row["Name"]
        p95 = float(row["95%"] or 0)
        errors = int(row["Failure Count"])
        is_total = row["Name"] == "Aggregated"
        late = not is_total and name not in NOT_A_PAGE and p95 > p95_goal
        ok = ok and errors == 0 and not late
        print(
            f"{('ALL' if is_total else name)[:28]:28} {row['Request Count']:>9} "
            f"{float(row['Requests/s']):7.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6} "
            f"{errors:7d}{'  p95 over goal' if late else ''}"
        )
    verdict = "MET" if ok else "NOT MET"
    print(f"goal: 0 errors and p95 < {p95_goal} ms on every page (not sign-in): {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], *(int(a) for a in sys.argv[2:3])))
