"""What an import says back: one result per data row (OK, or every problem found with its line
and column) and the totals, readable on a terminal and exportable as CSV."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, where it is: ``line`` 0 means the whole file, 1 the header row."""

    line: int
    column: str
    message: str
    rule: str = ""

    def text(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        if self.column:
            where += f", column {self.column}"
        rule = f" ({self.rule})" if self.rule else ""
        return f"{where}: {self.message}{rule}"


@dataclass
class RowResult:
    line: int
    action: str
    cca_id: int | None = None
    problems: list[Problem] = field(default_factory=list)
    entries: int = 0  # history entries the row writes (or would write, in a dry run)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class ImportReport:
    file_name: str
    file_format: str
    dry_run: bool
    partial: bool
    file_problems: list[Problem] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    written: bool = False
    entries_written: int = 0
    outcome: str = ""

    @property
    def rows_ok(self) -> int:
        return sum(1 for r in self.rows if r.ok)

    @property
    def rows_with_errors(self) -> int:
        return len(self.rows) - self.rows_ok

    @property
    def rows_applied(self) -> int:
        return self.rows_ok if self.written else 0

    @property
    def ok(self) -> bool:
        return not self.file_problems and self.rows_with_errors == 0

    def problems(self) -> Iterable[Problem]:
        """Every problem, the file's first, then by line."""
        yield from self.file_problems
        for row in self.rows:
            yield from row.problems

    def summary(self) -> str:
        total = f"{len(self.rows):,} row{'s' if len(self.rows) != 1 else ''}"
        counts = f"{total}: {self.rows_ok:,} OK, {self.rows_with_errors:,} with errors."
        if self.dry_run:
            verdict = (
                "Dry run: every row can be applied; nothing was written."
                if self.ok
                else "Dry run: fix the rows above before applying; nothing was written."
            )
        elif self.file_problems:
            verdict = "Nothing was written: fix the file problems above first."
        elif self.written and self.ok:
            verdict = f"Applied: {self.entries_written:,} history entries written."
        elif self.written:
            verdict = (
                f"Partial: the {self.rows_applied:,} valid rows were applied "
                f"({self.entries_written:,} history entries); the rows above were not."
            )
        elif self.ok:
            verdict = "Nothing to change: every row matched the current record."
        elif self.partial:
            verdict = "Nothing was written: no row could be applied."
        else:
            verdict = (
                "Nothing was written (all-or-nothing): fix the rows above, or apply only the "
                "valid rows with --partial."
            )
        return f"{counts} {verdict}"
