"""Small-number suppression for public reports ("n<10"), with complementary suppression.

A public table is a grid of counts of students (rows x columns) published with its row totals,
its column totals and its grand total. The rule:

1. **Primary**: every cell, total or grand total under the minimum group (10) is suppressed.
2. **Complementary**: a suppressed cell must not be recoverable from what is published. Seen as
   a graph whose nodes are the rows (the totals row included) and the columns (the totals column
   included), each suppressed cell is an edge. The published sums fix a suppressed cell exactly
   when its edge is a bridge (it lies on no cycle: the sums around a cycle can move +k/-k
   together without changing any total). So while a suppressed edge (r, c) is a bridge, we also
   suppress the cells (r, c'), (r', c) and (r', c') of the cheapest rectangle (least students
   newly hidden, then the first), which puts (r, c) on a cycle. Adding edges never makes a
   cycle edge a bridge, so each round removes at least one bridge and the loop ends.

A rate is published only when its numerator and its denominator are published (``share``).
Pure and deterministic: the same table always suppresses the same cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

SUPPRESSED = "n<10"

Cell = tuple[int, int]


@dataclass(frozen=True)
class Grid:
    """Counts with their totals, and which of them the public may see.

    Positions use the augmented table: rows ``0..R-1`` and the totals row ``R``; columns
    ``0..C-1`` and the totals column ``C``. ``hidden`` holds the suppressed positions.
    """

    cells: tuple[tuple[int, ...], ...]
    hidden: frozenset[Cell]

    @property
    def rows(self) -> int:
        return len(self.cells)

    @property
    def columns(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    def value(self, r: int, c: int) -> int:
        """A count of the augmented table (totals included)."""
        return self.full[r][c]

    @cached_property
    def full(self) -> list[list[int]]:
        return augmented(self.cells)

    def shown(self, r: int, c: int) -> int | None:
        """The published count, or None where it is suppressed."""
        return None if (r, c) in self.hidden else self.value(r, c)

    def row_total(self, r: int) -> int | None:
        return self.shown(r, self.columns)

    def column_total(self, c: int) -> int | None:
        return self.shown(self.rows, c)

    @property
    def grand_total(self) -> int | None:
        return self.shown(self.rows, self.columns)


def augmented(cells: Sequence[Sequence[int]]) -> list[list[int]]:
    """The table with a totals column and a totals row."""
    rows = [[*r, sum(r)] for r in cells]
    width = len(rows[0]) if rows else 1
    rows.append([sum(r[c] for r in rows) for c in range(width)])
    return rows


def suppress(cells: Sequence[Sequence[int]], minimum: int = 10) -> Grid:
    """The public view of ``cells`` (a non-empty rectangle of non-negative counts)."""
    table = tuple(tuple(int(v) for v in row) for row in cells)
    if not table or not table[0] or any(len(r) != len(table[0]) for r in table):
        raise ValueError("a table needs at least one row and one column, all the same width")
    if any(v < 0 for r in table for v in r):
        raise ValueError("counts cannot be negative")
    full = augmented(table)
    n_rows, n_cols = len(full), len(full[0])
    hidden = {(r, c) for r in range(n_rows) for c in range(n_cols) if full[r][c] < minimum}
    while True:
        bridge = _first_bridge(hidden, n_rows)
        if bridge is None:
            return Grid(table, frozenset(hidden))
        hidden |= _rectangle(bridge, hidden, full)


def _rectangle(edge: Cell, hidden: set[Cell], full: list[list[int]]) -> set[Cell]:
    r, c = edge
    best: tuple[int, int, int] | None = None
    for r2 in range(len(full)):
        if r2 == r:
            continue
        for c2 in range(len(full[0])):
            if c2 == c:
                continue
            cost = sum(full[a][b] for a, b in ((r, c2), (r2, c), (r2, c2)) if (a, b) not in hidden)
            if best is None or cost < best[0]:
                best = (cost, r2, c2)
    assert best is not None  # the augmented table has at least 2 rows and 2 columns
    _, r2, c2 = best
    return {(r, c2), (r2, c), (r2, c2)}


def _first_bridge(edges: set[Cell], n_rows: int) -> Cell | None:
    """The first suppressed cell (in row, column order) whose edge is a bridge, or None.

    Nodes: row r is ``r``, column c is ``n_rows + c``. Tarjan's low-link, iterative."""
    adjacency: dict[int, list[tuple[int, Cell]]] = {}
    for r, c in edges:
        adjacency.setdefault(r, []).append((n_rows + c, (r, c)))
        adjacency.setdefault(n_rows + c, []).append((r, (r, c)))
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    bridges: list[Cell] = []
    counter = 0
    for root in sorted(adjacency):
        if root in order:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack: list[tuple[int, Cell | None, int]] = [(root, None, 0)]
        while stack:
            node, via, i = stack[-1]
            neighbours = adjacency[node]
            if i < len(neighbours):
                stack[-1] = (node, via, i + 1)
                nxt, edge = neighbours[i]
                if edge == via:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                else:
                    order[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append((nxt, edge, 0))
            else:
                stack.pop()
                if stack and via is not None:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        bridges.append(via)
    return min(bridges) if bridges else None


def share(numerator: int | None, denominator: int | None) -> float | None:
    """A published rate: only when both its counts are published and the group is not empty."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def small(n: int, minimum: int = 10) -> bool:
    """A figure about ``n`` students that a public report does not show."""
    return n < minimum
