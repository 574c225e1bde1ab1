"""The longest text each web form field takes, checked on the server (the ``maxlength`` in the
templates is only a hint a browser may ignore). Text over a limit is refused with the message
at the field and nothing is saved: nothing is ever cut short silently."""

from __future__ import annotations

from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from seats.domain.disclosure import NOTE_MAX_CHARS
from seats.domain.errors import DomainError, InvalidInput

#: Field name -> most characters (after trimming spaces), as the templates' ``maxlength``.
TEXT_LIMITS = {
    "note": NOTE_MAX_CHARS,
    "reason": 500,
    "document_ref": 255,
    "final_grade": 4,
    "letter": 4,
}

SESSION_KEY = "seats_field_error"


def check_text(post: QueryDict, limits: dict[str, int] = TEXT_LIMITS) -> None:
    """``InvalidInput`` naming the first field whose text is over its limit."""
    for name, limit in limits.items():
        for value in post.getlist(name):
            if len(value.strip()) > limit:
                raise InvalidInput(
                    _(
                        "At most %(limit)d characters fit here; this has %(n)d. Shorten it and "
                        "send it again (nothing was saved)."
                    )
                    % {"limit": limit, "n": len(value.strip())},
                    field=name,
                )


def field_error(action: str, error: DomainError) -> dict[str, str] | None:
    """What a form's template needs to show ``error`` at its field (None without a field)."""
    if not error.field:
        return None
    return {"action": action, "field": error.field, "message": error.message}


def keep_for_next_page(request: HttpRequest, action: str, error: DomainError) -> None:
    """After a redirect (provider actions), the next page shows the error at its field."""
    found = field_error(action, error)
    if found:
        request.session[SESSION_KEY] = found


def from_last_page(request: HttpRequest) -> dict[str, str] | None:
    return request.session.pop(SESSION_KEY, None)
