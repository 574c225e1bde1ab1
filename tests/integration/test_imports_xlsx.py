"""Excel imports read every row (issue 8 item 9): a sheet whose ``<dimension>`` under-declares
its size is read to its real end, so all-or-nothing covers the whole file."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from seats.integration.imports.reader import read_table
from tests.factories import SUBMITTED, build_world
from tests.integration.test_imports import enrolled, fresh, problems, run, xlsx_bytes

pytestmark = pytest.mark.django_db


def declare(data: bytes, ref: str) -> bytes:
    """The same workbook with the first sheet's ``<dimension ref=...>`` rewritten to ``ref``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                content, n = re.subn(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), content
                )
                assert n == 1
            target.writestr(entry, content)
    return out.getvalue()


def test_three_rows_declared_as_two_are_all_applied() -> None:
    world = build_world()
    ccas = [enrolled(world) for _ in range(3)]
    rows = [
        {"action": "course_start", "cca_id": c.pk, "course_start_date": "2025-09-08"} for c in ccas
    ]
    data = declare(xlsx_bytes(rows), "A1:C3")  # header + 2 rows declared; 3 rows held
    report = run(world, data, file_name="rows.xlsx", as_of=SUBMITTED)
    assert report.ok, problems(report)
    assert [str(fresh(c).course_start_date) for c in ccas] == ["2025-09-08"] * 3


def test_many_rows_declared_as_one_are_all_read() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["action", "cca_id"])
    for n in range(5_000):
        sheet.append(["course_start", n])
    out = io.BytesIO()
    book.save(out)
    table = read_table(declare(out.getvalue(), "A1"), "big.xlsx")
    assert len(table.rows) == 5_000
    assert table.rows[-1] == (5_001, ["course_start", "4999"])
