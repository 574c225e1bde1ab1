"""The confirmation step of an action that cannot be undone by the person making it (a closeout,
a rejection, a cancellation, a bulk approval). Without JavaScript, POSTing such an action without
``confirmed=1`` renders this page (what, for whom, the consequence, Confirm / Go back) and
changes nothing; with JavaScript web/confirm.js opens the same text in the form's USWDS modal
before the form is sent. Both render templates/web/components/confirm.html (modes "page" and
"form")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from seats.domain.lifecycle import reopened_by_state
from seats.domain.statuses import Status

#: Fields never posted again from the confirmation page (the token is the page's own).
_NOT_REPOSTED = frozenset({"csrfmiddlewaretoken", "confirmed"})


def confirmed(post: QueryDict) -> bool:
    return post.get("confirmed") == "1"


def reposted(post: QueryDict) -> list[tuple[str, str]]:
    """The submitted fields, to send again when the person confirms."""
    return [(k, v) for k in post if k not in _NOT_REPOSTED for v in post.getlist(k)]


@dataclass(frozen=True)
class Confirmation:
    """What the component shows; see components/confirm.html for the interface."""

    title: str
    lines: Sequence[str]
    consequence: str
    action: str
    hidden: Sequence[tuple[str, str]]
    confirm_label: str
    back_url: str
    items: Sequence[str] = field(default_factory=tuple)
    fill_label: str = ""  # modal mode: a line whose value the script fills in (the chosen move)
    count_label: str = ""  # modal mode: a line the script ends with the number of boxes checked

    @property
    def posted(self) -> list[tuple[str, str]]:
        """The hidden fields of the confirmation page's form: the request again, confirmed."""
        return [*self.hidden, ("confirmed", "1")]


def cca_lines(cca: object, *extra: str) -> list[str]:
    """Who and what: the student and the course (the first lines of every confirmation)."""
    student = cca.student.display_name  # type: ignore[attr-defined]
    course = cca.offering.provider_title  # type: ignore[attr-defined]
    return [
        _("Student: %(name)s") % {"name": student},
        _("Course: %(course)s") % {"course": course},
        *extra,
    ]


def closing_consequence(target: Status | None = None) -> str:
    """What closing means, as the lifecycle table says it: only a status some state correction
    leaves (a mistaken Not Confirmed Closed, an Administrative Withdrawal) can be reopened, by the
    state; every other closing is final. Without ``target`` (the status form's modal, before a
    status is chosen) both are said."""
    if target is None:
        return _(
            "This closes the CCA. It is final, except that the state may correct a mistaken "
            "Not Confirmed Closed or reactivate an Administrative Withdrawal."
        )
    if reopened_by_state(target):
        return _("This closes the CCA. Only the state can reopen it, as a correction.")
    return _("This closes the CCA. It is final: nobody can reopen it in SEATS.")


def confirm_page(
    request: HttpRequest, confirmation: Confirmation, *, title: str | None = None
) -> HttpResponse:
    return render(
        request,
        "web/confirm_page.html",
        {"c": confirmation, "page_title": title or confirmation.title},
    )


def item_lines(rows: Iterable[object]) -> list[str]:
    return [
        f"{r.student.display_name} · {r.offering.provider_title}"  # type: ignore[attr-defined]
        for r in rows
    ]
