"""What the compliance pages share: the school year asked for, the provider acted on."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from seats.core import clock
from seats.core.models import Organisation
from seats.domain.compliance.calendar import school_year_of

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def year_of(request: HttpRequest) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    if raw.strip().isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return school_year_of(clock.today())


def own_provider(request: HttpRequest) -> Organisation:
    org = request.viewer.organisation  # type: ignore[attr-defined]
    if org is None or org.kind != "provider":
        raise Http404
    return org


def provider_by_code(request: HttpRequest) -> Organisation:
    """The provider a state page is about: ``?provider=CODE`` (or the posted ``provider``)."""
    code = (request.GET.get("provider") or request.POST.get("provider") or "").strip()
    org = Organisation.objects.filter(kind="provider", code=code).first() if code else None
    if org is None:
        raise Http404
    return org


def uploaded(request: HttpRequest) -> tuple[bytes, str] | str:
    """The uploaded file's bytes and name, or the message to show."""
    upload = request.FILES.get("file")
    if upload is None:
        return _("Choose a CSV or Excel file first.")
    if upload.size > MAX_UPLOAD_BYTES:
        return _("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
    return upload.read(), upload.name or "upload"
