"""The confirmations of the provider's closing actions (issue 9): a status move that closes the
CCA (every closeout) and the rejection of a request. See seats.web.confirm."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from seats.core.models import CCA
from seats.domain.lifecycle import Move
from seats.domain.statuses import Status

from .confirm import Confirmation, cca_lines, closing_consequence, confirm_page, reposted


def move_modal(cca: CCA) -> Confirmation:
    """The modal of the status form (with JavaScript the script fills in the chosen status)."""
    return Confirmation(
        title=_("Close this CCA?"),
        lines=cca_lines(cca),
        consequence=closing_consequence(),
        action=reverse("web:provider_act", args=[cca.pk]),
        hidden=(),
        confirm_label=_("Yes, change the status"),
        back_url=reverse("web:provider_cca", args=[cca.pk]),
        fill_label=_("New status:"),
    )


def move_confirmation(request: HttpRequest, cca: CCA, move: Move) -> HttpResponse:
    change = _("Status: %(old)s → %(new)s") % {
        "old": Status(cca.status).label,
        "new": move.target.label,
    }
    return confirm_page(
        request,
        Confirmation(
            title=_("Close this CCA?"),
            lines=cca_lines(cca, change),
            consequence=closing_consequence(move.target),
            action=reverse("web:provider_act", args=[cca.pk]),
            hidden=reposted(request.POST),
            confirm_label=_("Yes, change the status to %(status)s") % {"status": move.target.label},
            back_url=reverse("web:provider_cca", args=[cca.pk]),
        ),
    )


def rejection_confirmation(request: HttpRequest, cca: CCA, reason: str) -> HttpResponse:
    return confirm_page(
        request,
        Confirmation(
            title=_("Reject this request?"),
            lines=cca_lines(cca, _("Reason: %(reason)s") % {"reason": reason}),
            consequence=_(
                "The request is closed and the family receives a Notice of Rejection. "
                "A rejection is final; the family may make a new request."
            ),
            action=reverse("web:provider_act", args=[cca.pk]),
            hidden=reposted(request.POST),
            confirm_label=_("Yes, reject the request"),
            back_url=reverse("web:provider_cca", args=[cca.pk]),
        ),
    )
