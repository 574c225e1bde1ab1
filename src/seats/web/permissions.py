"""Every URL declares who may open it (the manage.get.gov idea): ``@allow(roles...)`` or
``@public``. A test walks every URL and fails on a view that declares nothing.

An undeclared role gets 404, exactly like a record that does not exist: "forbidden" and "not
found" look the same, so a probe learns nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from seats.core.models import CCA
from seats.core.selectors.access import Viewer, cca_for
from seats.domain.errors import NotFound
from seats.domain.roles import MEMBERSHIP_ROLES, SOEP_ROLES, Role
from seats.domain.roles import STAFF_ROLES as DOMAIN_STAFF_ROLES

View = Callable[..., HttpResponse]
#: Every role, for the pages of the person (the role chooser, account security).
EVERY_ROLE: frozenset[Role] = frozenset(Role)
#: Every role of SOEP (the CCA pages): the roles beside SOEP (pupil accounting's, SPEC 1, and
#: adult education's, issue 12; ``BESIDE_SOEP_ROLES``) get 404 on them.
ALL_ROLES: frozenset[Role] = SOEP_ROLES
#: Who has an inbox: SOEP's roles, and pupil accounting's (its ten-day warnings arrive there).
INBOX_ROLES: frozenset[Role] = SOEP_ROLES | MEMBERSHIP_ROLES
STAFF_ROLES: frozenset[Role] = DOMAIN_STAFF_ROLES
SOEP_STAFF_ROLES: frozenset[Role] = DOMAIN_STAFF_ROLES & SOEP_ROLES


def allow(roles: Iterable[Role]) -> Callable[[View], View]:
    """Only a signed-in user acting in one of ``roles`` may open the view."""
    allowed = frozenset(roles)

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            viewer = getattr(request, "viewer", None)
            if viewer is None or viewer.role not in allowed:
                raise Http404
            return view(request, *args, **kwargs)

        guarded.seats_roles = allowed  # type: ignore[attr-defined]
        return guarded

    return decorate


def public(view: View) -> View:
    """Open to anyone (sign-in, health)."""
    view.seats_public = True  # type: ignore[attr-defined]
    return view


def declared(view: object) -> bool:
    return getattr(view, "seats_public", False) or hasattr(view, "seats_roles")


def visible_cca(viewer: Viewer, pk: int) -> CCA:
    """The CCA ``pk`` if the viewer may see it; else 404, the same for missing and forbidden."""
    try:
        return cca_for(viewer, pk)
    except NotFound:
        raise Http404 from None
