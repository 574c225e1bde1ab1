"""The confirmations of the school side's closing actions (issue 9): the LEA's rejection, the
state's rejection and the cancellation of a Notice of Enrollment (by the LEA or the state for
home school), and bulk approval. A POST without ``confirmed=1`` shows what will happen, for whom,
and what follows, and changes nothing; the page posts the same fields again to confirm.

A request the rules would refuse anyway (no reason, an action not open now) is not asked about:
it goes straight to the service, which refuses it in its own words."""

from __future__ import annotations

from dataclasses import replace

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seats.core.models import CCA
from seats.domain.reasons import LEA_REJECTION_REASONS, STATE_REJECTION_REASONS

from .confirm import Confirmation, cca_lines, confirm_page, confirmed, item_lines, reposted

#: action name -> (the reasons its form offers, or None for a free-text reason)
CLOSING_ACTIONS = {
    "lea_reject": LEA_REJECTION_REASONS,
    "state_reject": STATE_REJECTION_REASONS,
    "lea_cancel": None,
}


def _consequence(name: str) -> str:
    """No move of the lifecycle table leaves a rejection or a cancellation: both are final."""
    if name == "lea_cancel":
        done = _("The enrollment is cancelled and the family and the provider are told.")
        return f"{done} {_('Nobody can reopen it in SEATS.')}"
    done = _("The request is closed and the family receives a Notice of Rejection.")
    return f"{done} {_('A rejection is final; the family may make a new request.')}"


def _reason_line(name: str, chosen: str) -> str | None:
    """The reason as the person will read it, or None when there is none to confirm."""
    reasons = CLOSING_ACTIONS[name]
    if reasons is None:
        return _("Reason: %(reason)s") % {"reason": chosen} if chosen else None
    reason = reasons.get(chosen)
    return _("Reason: %(reason)s") % {"reason": reason.label} if reason else None


def _titles(name: str) -> tuple[str, str]:
    if name == "lea_cancel":
        return _("Cancel this enrollment?"), _("Yes, cancel the enrollment")
    return _("Reject this request?"), _("Yes, reject the request")


def school_confirmation(
    request: HttpRequest, name: str, cca: CCA, *, open_now: bool
) -> HttpResponse | None:
    """The confirmation page of a closing action not yet confirmed; None to go ahead."""
    post = request.POST
    if name not in CLOSING_ACTIONS or confirmed(post) or not open_now:
        return None
    line = _reason_line(name, post.get("reason", "").strip())
    if line is None:
        return None
    asked = modal(name, cca, line)
    return confirm_page(request, replace(asked, hidden=reposted(post)))


def modal(name: str, cca: CCA, line: str | None = None) -> Confirmation:
    """The confirmation of ``name`` on ``cca``: the page's text, also the modal's (with JS the
    chosen reason is filled in by the script)."""
    title, label = _titles(name)
    return Confirmation(
        title=title,
        lines=cca_lines(cca, *([line] if line else [])),
        consequence=_consequence(name),
        action=reverse(f"web:school_{name}", args=[cca.pk]),
        hidden=[],
        confirm_label=label,
        back_url=reverse("web:cca", args=[cca.pk]),
        fill_label="" if line else _("Reason:"),
    )


def _financial() -> str:
    return _("The LEA accepts financial responsibility for each request approved.")


def _bulk_consequence() -> str:
    return _(
        "An approval cannot be taken back in SEATS. Until the Notice of Enrollment, the state "
        "may still reject a request when the parent asks."
    )


def bulk_confirmation(request: HttpRequest, rows: list[CCA], picks: list[str]) -> HttpResponse:
    """How many and which requests a bulk approval will approve, before it does."""
    n = len(rows)
    return confirm_page(
        request,
        Confirmation(
            title=ngettext("Approve %(n)d request?", "Approve %(n)d requests?", n) % {"n": n},
            lines=[_financial()],
            items=item_lines(rows),
            consequence=_bulk_consequence(),
            action=reverse("web:school_bulk_approve"),
            hidden=[("approve", pick) for pick in picks],
            confirm_label=ngettext("Yes, approve %(n)d request", "Yes, approve %(n)d requests", n)
            % {"n": n},
            back_url=reverse("web:ccas"),
        ),
    )


def duplicate_confirmation(request: HttpRequest, cca: CCA, back: str) -> HttpResponse:
    """The state's rejection of a duplicate request, before it happens."""
    return confirm_page(
        request,
        Confirmation(
            title=_("Reject this request?"),
            lines=cca_lines(cca, _("Reason: a duplicate request for the same course")),
            consequence=_consequence("state_reject", True),
            action=reverse("web:duplicate_reject", args=[cca.pk]),
            hidden=reposted(request.POST),
            confirm_label=_("Yes, reject the request"),
            back_url=back,
        ),
    )


def bulk_modal() -> Confirmation:
    """The queue's bulk approval modal (with JavaScript: the script counts and lists the rows)."""
    return Confirmation(
        title=_("Approve the selected requests?"),
        lines=[_financial()],
        consequence=_bulk_consequence(),
        action=reverse("web:school_bulk_approve"),
        hidden=[],
        confirm_label=_("Yes, approve them"),
        back_url=reverse("web:ccas"),
        count_label=_("Requests selected:"),
    )
