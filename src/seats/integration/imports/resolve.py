"""Which CCA each row means, seen through the importing user's eyes (the access layer).

A CCA that does not exist and one of another provider get the same answer, as everywhere in
SEATS. A natural key (SSID, core code, school year, session) may match an earlier, rejected or
cancelled request as well as the live one: the live one wins; two live ones need a cca_id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from seats.core.selectors.access import Viewer, ccas_visible_to
from seats.domain.statuses import STATUS_INFO, Stage, Status

from .rows import Key, ParsedRow

_CHUNK = 2000
#: Requests that never started (rejected, cancelled) lose to a live one with the same key.
_NEVER_STARTED = frozenset(
    s for s, i in STATUS_INFO.items() if i.terminal and i.stage is Stage.PRE_ENROLLMENT
)


def resolve(viewer: Viewer, rows: list[ParsedRow]) -> None:
    """Set ``cca_id`` on every row that names a visible CCA; add a problem to the others."""
    by_id = _by_ids(viewer, {r.cca_id for r in rows if r.cca_id is not None})
    keyed = [r for r in rows if r.cca_id is None and r.key is not None]
    by_key = _by_keys(viewer, {r.key for r in keyed if r.key is not None})
    for row in rows:
        if row.cca_id is not None:
            known = by_id.get(row.cca_id)
            if known is None:
                row.problem("cca_id", f"There is no CCA {row.cca_id} that you can see.")
            elif row.key is not None and row.key != known:
                row.problem(
                    "cca_id",
                    f"CCA {row.cca_id} is {_show(known)}, but the row says {_show(row.key)}.",
                )
        elif row.key is not None:
            _pick(row, by_key.get(row.key, []))
    _duplicates(rows)


def _by_ids(viewer: Viewer, ids: set[int]) -> dict[int, Key]:
    found: dict[int, Key] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), _CHUNK):
        query = ccas_visible_to(viewer).filter(pk__in=ordered[start : start + _CHUNK])
        for pk, ssid, code, year, session in _key_values(query):
            found[pk] = (ssid or "", code, year, session)
    return found


def _by_keys(viewer: Viewer, keys: Iterable[Key]) -> dict[Key, list[tuple[int, str]]]:
    wanted = set(keys)
    ssids = sorted({k[0] for k in wanted})
    found: dict[Key, list[tuple[int, str]]] = defaultdict(list)
    for start in range(0, len(ssids), _CHUNK):
        query = ccas_visible_to(viewer).filter(student__ssid__in=ssids[start : start + _CHUNK])
        for pk, ssid, code, year, session, status in _key_values(query, "status"):
            key = (ssid or "", code, year, session)
            if key in wanted:
                found[key].append((pk, status))
    return found


def _key_values(query, *extra: str):  # type: ignore[no-untyped-def]
    return query.values_list(
        "pk", "student__ssid", "offering__core_code", "school_year", "session", *extra
    ).order_by("pk")


def _pick(row: ParsedRow, matches: list[tuple[int, str]]) -> None:
    live = [pk for pk, status in matches if Status(status) not in _NEVER_STARTED]
    candidates = live or [pk for pk, _ in matches]
    if len(candidates) == 1:
        row.cca_id = candidates[0]
    elif not candidates:
        row.problem("ssid", f"There is no CCA for {_show(row.key)} that you can see.")  # type: ignore[arg-type]
    else:
        ids = ", ".join(str(pk) for pk in candidates)
        row.problem("ssid", f"{_show(row.key)} matches CCAs {ids}: give the cca_id.")  # type: ignore[arg-type]


def _show(key: Key) -> str:
    ssid, code, year, session = key
    return f"SSID {ssid}, core code {code}, {year}-{(year + 1) % 100:02d} {session}"


def _duplicates(rows: list[ParsedRow]) -> None:
    """The same action twice for one CCA is ambiguous (which row is right?): both are refused."""
    first: dict[tuple[int, str], ParsedRow] = {}
    for row in rows:
        if row.cca_id is None or not row.action:
            continue
        earlier = first.setdefault((row.cca_id, row.action), row)
        if earlier is row:
            continue
        row.problem(
            "action",
            f"Line {earlier.line} already has {row.action} for CCA {row.cca_id}: give each CCA "
            "one row per action.",
        )
        if not any(p.message.startswith("Line ") for p in earlier.problems):
            earlier.problem(
                "action",
                f"Line {row.line} repeats {row.action} for CCA {row.cca_id}: give each CCA one "
                "row per action.",
            )
