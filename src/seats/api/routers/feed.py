"""The change feed (CCA history in order) and the notices addressed to the caller.

``/events`` lets a provider's SIS stay in sync without polling every record: it reads history
entries with an id above the cursor, within the viewer's scope (joined on the CCAs the access
layer lets it see), oldest first. History is append-only, so a cursor never misses or repeats
an entry once it has passed it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Router

from seats.core.models import AccessAction, AccessPurpose, CCAHistory, Notice
from seats.core.selectors.access import STATE_ROLES, Viewer, ccas_visible_to
from seats.core.services.audit import log_access
from seats.domain.roles import BESIDE_SOEP_ROLES, MEMBERSHIP_ROLES, Role

from ..auth import viewer
from ..pagination import encode, page
from ..params import ERRORS, Cursor, Limit
from ..schemas_out import EventPage, NoticePage

router = Router(tags=["Change feed and notices"])


def _event(entry: CCAHistory) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "cca_id": entry.cca_id,
        "seq": entry.seq,
        "version": entry.seq,  # the CCA's version right after this entry
        "at": entry.at,
        "action": entry.action,
        "from_status": entry.from_status,
        "to_status": entry.to_status,
        "actor_role": entry.actor_role,
    }


@router.get("/events", response={200: EventPage, **ERRORS}, summary="Change feed")
def events(request: HttpRequest, after: Cursor = None, limit: Limit = 100) -> dict[str, Any]:
    """History entries of the CCAs you can see, in the order they happened. Store
    ``next_cursor`` and pass it as ``after`` next time; null means you are up to date (keep the
    last cursor you had)."""
    visible = ccas_visible_to(viewer(request)).values("pk")
    rows = CCAHistory.objects.filter(cca__in=visible).only(
        "pk", "cca_id", "seq", "at", "action", "from_status", "to_status", "actor_role"
    )
    result = page(rows, cursor=after, limit=limit, order="events", serialize=_event)
    if result["next_cursor"] is None and result["items"]:
        result["next_cursor"] = encode("events", [result["items"][-1]["id"]])
    elif result["next_cursor"] is None and after:
        result["next_cursor"] = after
    log_access(
        viewer(request),
        action=AccessAction.LIST,
        what="API change feed",
        rows=len(result["items"]),
        channel="api",
        purpose=AccessPurpose.SIS_SYNC,
    )
    return result


def _addressed_to(who: Viewer) -> Q:
    """Notices for the viewer's organisation or the viewer in person (and, for the state and
    families, the audiences that carry no organisation). The roles beside SOEP get no SOEP
    notice, even one addressed to their LEA (SPEC 1, issue 12): pupil accounting reads only those
    addressed to the person (its ten-day warnings), adult education none."""
    if who.role in BESIDE_SOEP_ROLES:
        return Q(user=who.user) if who.role in MEMBERSHIP_ROLES else Q(pk__in=[])
    scope = Q(organisation=who.organisation) | Q(user=who.user)
    if who.role in STATE_ROLES:
        scope |= Q(audience="state")
    if who.role is Role.STUDENT:
        scope |= Q(audience="student", cca__student__user=who.user)
    if who.role is Role.PARENT:
        scope |= Q(audience="guardians", cca__student__guardians__user=who.user)
    if who.role in (Role.STUDENT, Role.PARENT):
        # a family member's membership organisation is the school: not an address for them
        scope &= ~Q(audience__in=["primary_school", "counselor", "lea", "provider"])
    return scope


def _notice(n: Notice) -> dict[str, Any]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "audience": n.audience,
        "cca_id": n.cca_id,
        "status": n.status,
        "created_at": n.created_at,
        "sent_at": n.sent_at,
        "context": n.context if isinstance(n.context, dict) else {},
    }


@router.get("/notices", response={200: NoticePage, **ERRORS}, summary="Notices to you")
def notices(request: HttpRequest, cursor: Cursor = None, limit: Limit = 100) -> dict[str, Any]:
    """The notices the outbox holds for your organisation (or you), oldest first."""
    rows = Notice.objects.filter(_addressed_to(viewer(request))).distinct()
    result = page(rows, cursor=cursor, limit=limit, order="id", serialize=_notice)
    log_access(
        viewer(request),
        action=AccessAction.LIST,
        what="API notices",
        rows=len(result["items"]),
        channel="api",
        purpose=AccessPurpose.NOTICES,
    )
    return result
