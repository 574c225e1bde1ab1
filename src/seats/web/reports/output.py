"""The annual report as files: a PDF (fpdf2, the fonts of the notices), a CSV and an Excel
workbook. All three lay out the same ``AnnualReport`` the web page renders, section by section
and table by table, so a figure is the same wherever it is read."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from seats.integration.exports import neutralise
from seats.reports.selectors.annual import AnnualReport, Table, flat_rows

from ..documents import FONT_FILES, FONTS, printable


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def pdf_bytes(report: AnnualReport) -> bytes:
    """US Letter, landscape (the per-course tables are wide)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", format="Letter")
    pdf.set_title(report.title)
    pdf.set_creator("SEATS")
    for style, name in FONT_FILES.items():
        pdf.add_font("DejaVu", style, str(FONTS / name))
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, 15)
    pdf.add_page()

    def para(words: str, size: float = 9, style: str = "", gap: float = 1.5) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.multi_cell(pdf.epw, size * 0.5, printable(words)[0], new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    def table(t: Table) -> None:
        """A grid of plain cells (fast: fpdf2's flowing table costs ~1 ms a cell): the row
        labels get the width they need, the figures share the rest; a header wraps, a cell
        too long for its column is cut with an ellipsis (the CSV and Excel carry it whole)."""
        para(t.caption, 10, "B", 1)
        if not t.rows:
            para(_("No data for this school year."), gap=3)
            return
        body = [*t.rows, *([t.foot] if t.foot else [])]
        texts = [[printable(_text(v))[0] for v in row] for row in body]
        widths = _widths(pdf, t.columns, texts)
        pdf.set_font("DejaVu", "B", 7)
        pdf.set_fill_color(230, 230, 230)
        lines = max(len(pdf.multi_cell(w, 4, h, dry_run=True, output="LINES"))
                    for w, h in zip(widths, t.columns, strict=True))  # fmt: skip
        if pdf.will_page_break(lines * 4 + 4):
            pdf.add_page()
        top, x = pdf.get_y(), pdf.l_margin
        for w, h in zip(widths, t.columns, strict=True):
            pdf.set_xy(x, top)
            pdf.rect(x, top, w, lines * 4, style="DF")
            pdf.set_xy(x, top)
            pdf.multi_cell(w, 4, h)
            x += w
        pdf.set_xy(pdf.l_margin, top + lines * 4)
        for i, row in enumerate(texts):
            pdf.set_font("DejaVu", "B" if t.foot and i == len(texts) - 1 else "", 7)
            if pdf.will_page_break(4):
                pdf.add_page()
            for w, words in zip(widths, row, strict=True):
                pdf.cell(w, 4, _fit(pdf, words, w - 1), border=1)
            pdf.ln(4)
        pdf.ln(3)

    para(report.title, 15, "B", 2)
    edition = _("Public edition") if report.public else _("Staff edition")
    prepared = _("prepared %(date)s") % {"date": report.prepared_on.isoformat()}
    para(f"{edition} · {prepared} · SEATS", 8, "", 4)
    if report.public:
        para(
            _(
                'Figures for fewer than %(n)s students are shown as "n<10"; other figures are '
                "also hidden where they would reveal one."
            )
            % {"n": report.minimum_group},
            8,
        )
    for section in report.sections:
        para(section.heading, 12, "B", 1)
        para(section.intro, 8, "", 2)
        for label, value in section.facts:
            para(f"{label}: {_text(value)}", 9, "", 0.5)
        if section.facts:
            pdf.ln(2)
        if section.text:
            para(section.text, 9, "", 3)
        for t in section.tables:
            table(t)
    return bytes(pdf.output())


def _widths(pdf: object, columns: list[str], rows: list[list[str]]) -> list[float]:
    """The label columns (text) as wide as their longest entry, up to a third of the page
    together; the figure columns share the rest equally."""
    epw = pdf.epw  # type: ignore[attr-defined]
    pdf.set_font("DejaVu", "", 7)  # type: ignore[attr-defined]
    labels = [c for c in range(len(columns)) if any(not _numeric(r[c]) for r in rows)] or [0]
    natural = {c: max(pdf.get_string_width(r[c]) for r in rows) + 2 for c in labels}  # type: ignore[attr-defined]
    budget = epw / 3 if len(columns) > len(labels) else epw
    scale = min(1.0, budget / sum(natural.values()))
    widths = {c: max(14.0, natural[c] * scale) for c in labels}
    rest = len(columns) - len(widths)
    share = (epw - sum(widths.values())) / rest if rest else 0
    return [widths.get(c, share) for c in range(len(columns))]


def _numeric(text: str) -> bool:
    return text in ("", "n<10", "—") or text.replace(".", "", 1).isdigit() or text.endswith(" to 1")


def _fit(pdf: object, words: str, width: float) -> str:
    if pdf.get_string_width(words) <= width:  # type: ignore[attr-defined]
        return words
    while words and pdf.get_string_width(words + "…") > width:  # type: ignore[attr-defined]
        words = words[:-1]
    return words + "…"


def csv_text(report: AnnualReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in flat_rows(report):
        writer.writerow([neutralise(_text(v)) for v in row])
    return out.getvalue()


def xlsx_bytes(report: AnnualReport) -> bytes:
    """One sheet for the summary, one per table (numbers stay numbers)."""
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = _("Summary")[:31]
    summary.append([report.title])
    summary.append([_("Prepared on"), report.prepared_on])
    for section in report.sections:
        summary.append([])
        summary.append([section.heading])
        for label, value in section.facts:
            summary.append([label, _cell(value)])
        if section.text:
            summary.append([neutralise(section.text)])
    for section in report.sections:
        for t in section.tables:
            sheet = book.create_sheet(t.key.title()[:31])
            sheet.append([t.caption])
            sheet.append(t.columns)
            for row in [*t.rows, *([t.foot] if t.foot else [])]:
                sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, int | Decimal):
        return value
    return neutralise(_text(value))
