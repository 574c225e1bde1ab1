"""The public suppression rule: primary "n<10" and complementary suppression, proven against
exact derivation from the published totals (linear algebra over the rationals)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seats.domain.reports.suppression import Grid, augmented, share, suppress


def derivable(grid: Grid) -> set[tuple[int, int]]:
    """Suppressed positions whose value follows exactly from everything published.

    Unknowns are the suppressed positions of the augmented table; each row and column of it is
    one equation (cells sum to the total). An unknown is determined iff its unit vector lies in
    the row space of the equations' coefficient matrix restricted to the unknowns."""
    unknowns = sorted(grid.hidden)
    index = {u: i for i, u in enumerate(unknowns)}
    n_rows, n_cols = grid.rows + 1, grid.columns + 1
    equations: list[list[Fraction]] = []
    for r in range(n_rows):  # row r: cells 0..C-1 minus the total at C
        eq = [Fraction(0)] * len(unknowns)
        for c in range(n_cols):
            if (r, c) in index:
                eq[index[(r, c)]] += 1 if c < grid.columns else -1
        equations.append(eq)
    for c in range(n_cols):
        eq = [Fraction(0)] * len(unknowns)
        for r in range(n_rows):
            if (r, c) in index:
                eq[index[(r, c)]] += 1 if r < grid.rows else -1
        equations.append(eq)
    basis = _row_echelon(equations)
    found = set()
    for u, i in index.items():
        unit = [Fraction(int(j == i)) for j in range(len(unknowns))]
        if _in_span(basis, unit):
            found.add(u)
    return found


def _row_echelon(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    basis: list[tuple[int, list[Fraction]]] = []
    for row in rows:
        vec = _reduce(basis, row)
        pivot = next((j for j, v in enumerate(vec) if v), None)
        if pivot is not None:
            vec = [v / vec[pivot] for v in vec]
            basis = [(p, _eliminate(b, vec, pivot)) for p, b in basis]
            basis.append((pivot, vec))
    return basis


def _eliminate(b: list[Fraction], vec: list[Fraction], pivot: int) -> list[Fraction]:
    f = b[pivot]
    return [x - f * y for x, y in zip(b, vec, strict=True)] if f else b


def _reduce(basis: list[tuple[int, list[Fraction]]], row: list[Fraction]) -> list[Fraction]:
    vec = list(row)
    for pivot, b in basis:
        vec = _eliminate(vec, b, pivot)
    return vec


def _in_span(basis: list[tuple[int, list[Fraction]]], vec: list[Fraction]) -> bool:
    return not any(_reduce(basis, vec))


tables = st.integers(1, 5).flatmap(
    lambda rows: st.integers(1, 6).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.one_of(st.integers(0, 12), st.integers(10, 200)), min_size=cols, max_size=cols
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_suppressed_value_can_be_derived_from_the_published_totals(cells):
    grid = suppress(cells)
    assert derivable(grid) == set()


@settings(max_examples=300, deadline=None)
@given(tables)
def test_every_figure_under_ten_is_suppressed_and_only_published_figures_are_shown(cells):
    grid = suppress(cells)
    full = augmented(cells)
    for r, row in enumerate(full):
        for c, value in enumerate(row):
            shown = grid.shown(r, c)
            if value < 10:
                assert shown is None
            assert shown in (None, value)


def test_the_checker_finds_a_lone_suppressed_cell():
    """Without complementary suppression, one hidden cell follows from its row total."""
    naive = Grid(((3, 40), (50, 60)), frozenset({(0, 0)}))
    assert derivable(naive) == {(0, 0)}
    two_cycles_joined = Grid(
        ((3, 40), (50, 60)), frozenset({(0, 0), (0, 1), (1, 0), (1, 1), (0, 2)})
    )
    assert derivable(two_cycles_joined) == {(0, 2)}  # a bridge: its column gives it away


def test_a_single_small_cell_hides_its_rectangle():
    grid = suppress([[3, 40, 55], [50, 60, 70]])
    assert grid.hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert grid.row_total(0) == 98 and grid.column_total(0) == 53 and grid.grand_total == 278


def test_a_small_row_total_hides_the_row():
    grid = suppress([[4, 5], [40, 50]])
    assert grid.row_total(0) is None
    assert grid.shown(0, 0) is None and grid.shown(0, 1) is None
    assert derivable(grid) == set()


def test_a_table_of_large_counts_hides_nothing():
    assert suppress([[10, 20], [30, 40]]).hidden == frozenset()


def test_a_one_row_table_hides_the_column_totals_too():
    grid = suppress([[3, 40, 50]])
    assert grid.shown(0, 0) is None and grid.column_total(0) is None
    assert derivable(grid) == set()


def test_share_needs_both_counts():
    assert share(5, 10) == 0.5
    assert share(None, 10) is None and share(5, None) is None and share(0, 0) is None


def test_bad_tables_are_refused():
    with pytest.raises(ValueError):
        suppress([])
    with pytest.raises(ValueError):
        suppress([[1, 2], [3]])
    with pytest.raises(ValueError):
        suppress([[-1]])
