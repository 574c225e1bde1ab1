"""Provider bulk files: CSV or Excel rows of status moves, course start dates, teachers of
record, grade progress, final grades, notices of intent to withdraw and transcripts (SPEC 3, 5).

``run_import`` checks every row (a dry run writes nothing) and applies all-or-nothing, or only the
valid rows with ``partial``; the format is documented in docs/imports.md.
"""

from .reader import MAX_ROWS, FileRefused, read_table
from .report import ImportReport, Problem, RowResult
from .run import importer_for, run_import

__all__ = [
    "MAX_ROWS",
    "FileRefused",
    "ImportReport",
    "Problem",
    "RowResult",
    "importer_for",
    "read_table",
    "run_import",
]
