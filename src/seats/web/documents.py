"""The Notice of Enrollment and the Notice of Rejection as documents: a printable page and a PDF
(SPEC 3.1, 4). The content comes from ``seats.domain.documents``; this module only translates it
into the reader's language and lays it out. Whoever may open the CCA may open its notices, and
each opening is logged like the CCA page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from seats.core.models import CCA, AccessAction, AccessPurpose
from seats.core.selectors.access import FAMILY_ROLES, PROVIDER_ROLES, Viewer
from seats.core.selectors.documents import document_facts, has_document
from seats.core.services.audit import log_access
from seats.domain.documents import (
    TITLES,
    Document,
    DocumentKind,
    notice_of_enrollment,
    notice_of_rejection,
)
from seats.domain.i18n import Text

from .labels import translated
from .permissions import ALL_ROLES, allow, visible_cca

FONTS = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
SLUGS = {
    "notice-of-enrollment": DocumentKind.ENROLLMENT,
    "notice-of-rejection": DocumentKind.REJECTION,
}
#: URL names of each document's page and PDF (seats.web.urls).
PAGE_NAMES = {"notice-of-enrollment": "cca_noe", "notice-of-rejection": "cca_nor"}
PDF_NAMES = {"notice-of-enrollment": "cca_noe_pdf", "notice-of-rejection": "cca_nor_pdf"}
BUILDERS = {
    DocumentKind.ENROLLMENT: notice_of_enrollment,
    DocumentKind.REJECTION: notice_of_rejection,
}


@dataclass(frozen=True)
class Shown:
    """A document in the reader's language, ready for the page and the PDF."""

    kind: DocumentKind
    slug: str
    page: str  # URL names, for {% url %}
    pdf: str
    title: str
    reference: str
    issued_on: date
    issuer: str
    parties: tuple[tuple[str, str], ...]
    course: tuple[tuple[str, str], ...]
    terms: tuple[tuple[str, str, str], ...]  # (text, source, rule: "" for families)


def _words(value: str | Text) -> str:
    if isinstance(value, Text):
        return translated(value.template, value.params, str(value))
    return value


def _local_date(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def build(cca: CCA, kind: DocumentKind, *, staff: bool) -> Shown:
    """The CCA's notice of ``kind`` in the active language (``has_document`` must hold)."""
    doc: Document = BUILDERS[kind](document_facts(cca, kind), _local_date)
    slug = next(s for s, k in SLUGS.items() if k is kind)
    return Shown(
        kind=kind,
        slug=slug,
        page=f"web:{PAGE_NAMES[slug]}",
        pdf=f"web:{PDF_NAMES[slug]}",
        title=_(doc.title),
        reference=doc.reference,
        issued_on=doc.issued_on,
        issuer=_words(doc.issuer),
        parties=tuple((_(line.label), _words(line.value)) for line in doc.parties),
        course=tuple((_(line.label), _words(line.value)) for line in doc.course),
        terms=tuple((_words(t.text), _words(t.source), t.rule if staff else "") for t in doc.terms),
    )


def available(cca: CCA, viewer: Viewer) -> list[Shown]:
    """The notices the CCA has, for its page (date, issuer, links)."""
    staff = viewer.role not in FAMILY_ROLES
    return [build(cca, kind, staff=staff) for kind in DocumentKind if has_document(cca, kind)]


def _purpose(viewer: Viewer) -> AccessPurpose:
    """Why a notice is read: as for the CCA page it belongs to (seats.web.views)."""
    if viewer.role in FAMILY_ROLES:
        return AccessPurpose.FAMILY
    return AccessPurpose.PROVIDER_WORK if viewer.role in PROVIDER_ROLES else AccessPurpose.REVIEW


def _open(request: HttpRequest, pk: int, slug: str, channel: str) -> tuple[CCA, Shown | None]:
    """The CCA (404 outside the viewer's scope) and its notice, None when it has none yet."""
    kind = SLUGS.get(slug)
    if kind is None:
        raise Http404
    viewer = request.viewer  # type: ignore[attr-defined]
    cca = visible_cca(viewer, pk)
    if not has_document(cca, kind):
        messages.info(
            request, _("This course request has no %(title)s.") % {"title": _(TITLES[kind])}
        )
        return cca, None
    shown = build(cca, kind, staff=viewer.role not in FAMILY_ROLES)
    log_access(
        viewer,
        action=AccessAction.VIEW if channel == "page" else AccessAction.EXPORT,
        what=f"CCA {cca.pk} ({slug}{'' if channel == 'page' else ', PDF'})",
        cca=cca,
        purpose=_purpose(viewer),
    )
    return cca, shown


@allow(ALL_ROLES)
def document_page(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """The notice as a printable page, with a link to its PDF."""
    cca, shown = _open(request, pk, slug, "page")
    if shown is None:
        return redirect("web:cca", pk=cca.pk)
    return render(request, "web/documents/notice.html", {"cca": cca, "doc": shown})


@allow(ALL_ROLES)
def document_pdf(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """The same notice as a PDF (the fonts are embedded: every name prints as written)."""
    cca, shown = _open(request, pk, slug, "pdf")
    if shown is None:
        return redirect("web:cca", pk=cca.pk)
    response = HttpResponse(pdf_bytes(shown), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{shown.slug}-{cca.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


#: Printed for a character the embedded fonts cannot draw (e.g. CJK), so none vanishes unseen.
MISSING_GLYPH = "\u25a1"


@lru_cache(maxsize=1)
def _drawable() -> frozenset[int]:
    """The code points both embedded fonts can draw."""
    from fontTools.ttLib import TTFont

    maps = [TTFont(str(FONTS / name)).getBestCmap() for name in FONT_FILES.values()]
    return frozenset(set(maps[0]) & set(maps[1]))


def printable(words: str) -> tuple[str, bool]:
    """``words`` with every character the fonts cannot draw shown as a white square, and
    whether any was (the PDF then says that the page has the exact text)."""
    drawable = _drawable()
    out = "".join(c if ord(c) in drawable or c in "\n\t" else MISSING_GLYPH for c in words)
    return out, out != words


def pdf_bytes(shown: Shown) -> bytes:
    """The document laid out on US Letter with the DejaVu fonts shipped in ``web/fonts``."""
    from fpdf import FPDF  # imported here: only the PDF needs it

    pdf = FPDF(format="Letter")
    pdf.set_title(shown.title)
    pdf.set_creator("SEATS")
    for style, name in FONT_FILES.items():
        pdf.add_font("DejaVu", style, str(FONTS / name))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    width = pdf.epw
    replaced = False

    def para(words: str, size: float = 10, style: str = "", gap: float = 1.5) -> None:
        nonlocal replaced
        words, missing = printable(words)
        replaced = replaced or missing
        pdf.set_font("DejaVu", style, size)
        pdf.multi_cell(width, size * 0.5, words, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    def lines(title: str, rows: tuple[tuple[str, str], ...]) -> None:
        para(title, 12, "B", 1)
        for label, value in rows:
            para(f"{label}: {value}", gap=0.5)
        pdf.ln(3)

    para(shown.title, 18, "B", 2)
    para(f"{shown.reference} · {shown.issuer}", 10, "", 5)
    lines(_("Parties"), shown.parties)
    lines(_("Course"), shown.course)
    para(_("Terms"), 12, "B", 1)
    for number, (words, source, rule) in enumerate(shown.terms, start=1):
        para(f"{number}. {words}", gap=0.3)
        para(f"{source}{f' ({rule})' if rule else ''}", 8, "", 2)
    if replaced:
        para(
            _(
                "Some characters cannot be printed in this PDF and are shown as %(mark)s; the "
                "notice's page in SEATS shows every name exactly as recorded."
            )
            % {"mark": MISSING_GLYPH},
            8,
        )
    return bytes(pdf.output())
