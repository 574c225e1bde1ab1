"""After `make load`: the writes made during the run left no history entry or notice lost or
doubled. Run with the application's settings and database (scripts/load.sh does).

- every write the server accepted (the locust tally) left its history entry (the CCA's version
  it answered with), exactly once;
- each CCA written during the run has history entries 1..version, each once;
- no two notices share a dedupe key (the outbox's natural key), and each accepted LEA approval
  queued its notices.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime

import django


def before() -> int:
    """Print where the run starts: the time and the last notice, for `after`."""
    django.setup()
    from django.db.models import Max
    from django.utils import timezone

    from seats.core.models import Notice

    last = Notice.objects.aggregate(last=Max("id"))["last"] or 0
    print(json.dumps({"since": timezone.now().isoformat(), "notice_id": last}))
    return 0


def after(state_path: str, tally_path: str) -> int:
    django.setup()
    from django.db.models import Count, Max

    from seats.core.models import CCA, CCAHistory, Notice

    with open(state_path, encoding="utf-8") as f:
        state = json.load(f)
    with open(tally_path, encoding="utf-8") as f:
        tally = json.load(f)
    accepted, written_pairs = tally["accepted"], {tuple(p) for p in tally["written"]}
    new_history = CCAHistory.objects.filter(at__gte=datetime.fromisoformat(state["since"]))
    touched = CCA.objects.filter(pk__in=new_history.values("cca_id")).annotate(
        entries=Count("history"), last=Max("history__seq")
    )
    gaps = sum(1 for cca in touched if not (cca.entries == cca.last == cca.version))
    doubled = Notice.objects.values("dedupe_key").annotate(n=Count("id")).filter(n__gt=1).count()
    found = set(
        new_history.filter(cca_id__in={c for c, _ in written_pairs}).values_list("cca_id", "seq")
    )
    lost = len(written_pairs - found)
    notices = Notice.objects.filter(pk__gt=state["notice_id"]).count()
    kinds = ", ".join(f"{k} {v}" for k, v in accepted.items())
    print(f"accepted writes: {sum(accepted.values())} ({kinds})")
    print(f"new history entries: {new_history.count()}; CCAs written: {len(touched)}")
    print(f"accepted writes whose history entry is missing: {lost}")
    print(f"CCAs with a missing or doubled history entry: {gaps}")
    print(f"notices queued during the run: {notices}; doubled notices: {doubled}")
    ok = lost == 0 and gaps == 0 and doubled == 0
    print("integrity: OK" if ok else "integrity: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(before() if sys.argv[1] == "before" else after(sys.argv[2], sys.argv[3]))
