"""The in-app inbox (/notices/): every signed-in person reads the notices delivered to them,
whatever role they are acting in. Scoped to request.user, never to the role's organisation."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from seats.core.models import AccessAction, AccessPurpose
from seats.core.services.audit import log_access
from seats.core.services.delivery import inbox_of, mark_read

from .htmx import is_htmx
from .permissions import INBOX_ROLES, allow

PER_PAGE = 25


@allow(INBOX_ROLES)
def inbox(request: HttpRequest) -> HttpResponse:
    messages_ = inbox_of(request.user).select_related("cca")  # type: ignore[arg-type]
    page = Paginator(messages_, PER_PAGE).get_page(request.GET.get("page"))
    unread = messages_.filter(read_at__isnull=True).count()
    log_access(
        request.viewer,  # type: ignore[attr-defined]
        action=AccessAction.LIST,
        what="Notices inbox",
        rows=len(page.object_list),
        purpose=AccessPurpose.NOTICES,
    )
    return render(request, "web/notices/inbox.html", {"page": page, "unread": unread})


@allow(INBOX_ROLES)
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a message marks it read. A message that is not the reader's is answered like a
    missing one: back to the inbox, so a probe learns nothing."""
    message = mark_read(user=request.user, message_id=pk)  # type: ignore[arg-type]
    if message is None:
        messages.warning(request, _("That message is not in your inbox."))
        return redirect("web:notices")
    log_access(
        request.viewer,  # type: ignore[attr-defined]
        action=AccessAction.VIEW,
        what=f"Notice {message.pk}",
        cca=message.cca,
        purpose=AccessPurpose.NOTICES,
    )
    return render(request, "web/notices/detail.html", {"message": message})


@allow(INBOX_ROLES)
@require_http_methods(["GET", "POST"])
def mark_as_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark as read without opening the message. htmx gets the row as it now is and the new
    unread count; a plain form post returns to the inbox. A GET only leads to the inbox (the
    change needs a POST), and someone else's message is answered like a missing one."""
    if request.method != "POST":
        return redirect("web:notices")
    message = mark_read(user=request.user, message_id=pk)  # type: ignore[arg-type]
    if message is None:
        messages.warning(request, _("That message is not in your inbox."))
        return redirect("web:notices")
    if not is_htmx(request):
        messages.success(request, _("Marked as read: %(subject)s") % {"subject": message.subject})
        return redirect("web:notices")
    unread = inbox_of(request.user).filter(read_at__isnull=True).count()  # type: ignore[arg-type]
    response = render(request, "web/notices/_marked.html", {"m": message, "unread": unread})
    patch_vary_headers(response, ["HX-Request"])
    return response
