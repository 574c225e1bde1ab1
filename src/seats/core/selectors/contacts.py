"""The provider's counselor contacts (SPEC 1): whom to call about each student of an open CCA.

One row per open CCA the viewer may see: the CCA's counselor, or else the counselors of the
student's primary school, each with e-mail and work phone, and the school's own phone and e-mail.
The page and its CSV read the same rows (``contact_rows``), so the file has the screen's columns.
The counselors come in one prefetch for the whole page or file, never one query per row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from seats.domain.roles import Role
from seats.domain.statuses import TERMINAL, Status

from ..models import CCA, RoleMembership
from .access import Viewer, ccas_visible_to
from .ccas import search_filter

#: A provider's students are those of its open CCAs (not yet closed out or rejected).
ACTIVE = [s.value for s in Status if s not in TERMINAL]
SEARCH_LENGTH = 80


@dataclass(frozen=True)
class Contact:
    """One person to call: name, e-mail, work phone; ``own`` when the CCA names them."""

    name: str
    email: str
    phone: str
    own: bool


def contacts_query(viewer: Viewer, search: str = "") -> QuerySet[CCA]:
    """The open CCAs of the viewer's scope, by student name, with what the rows need.

    ``search`` finds a student (start of a last or first name, an SSID), a course (code, a word
    of its title), a school (a word of its name) or a counselor (the start of a last name)."""
    counselors = RoleMembership.objects.filter(
        role=Role.COUNSELOR.value, user__is_active=True
    ).select_related("user")
    rows = ccas_visible_to(viewer).filter(status__in=ACTIVE)
    term = search.strip()[:SEARCH_LENGTH]
    if term:
        rows = rows.filter(
            search_filter(term)
            | Q(student__primary_school__name__icontains=term)
            | Q(counselor__last_name__istartswith=term)
        )
    return (
        rows.select_related("student", "student__primary_school", "offering", "counselor")
        .prefetch_related(
            Prefetch(
                "student__primary_school__members",
                queryset=counselors.order_by("user__last_name", "user__first_name", "pk"),
                to_attr="school_counselors",
            )
        )
        .order_by("student__legal_last_name", "student__legal_first_name", "pk")
    )


def _person(user: object, *, own: bool) -> Contact:
    name = user.get_full_name() or user.username  # type: ignore[attr-defined]
    return Contact(name, user.email, user.phone, own)  # type: ignore[attr-defined]


def contacts_of(cca: CCA) -> list[Contact]:
    """The people to call about ``cca`` (from ``contacts_query``'s prefetch)."""
    if cca.counselor is not None:
        return [_person(cca.counselor, own=True)]
    school = cca.student.primary_school
    members = getattr(school, "school_counselors", []) if school else []
    return [_person(m.user, own=False) for m in members]
