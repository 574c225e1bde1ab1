"""What each role may see (SPEC 1, 10): the one place that scopes queries.

A ``Viewer`` is a user acting in one role membership. Every list, detail and export (web pages,
the API, files) starts from ``ccas_visible_to`` / ``students_visible_to`` and fetches single
records with ``cca_for``, which answers "not found" alike for a record that does not exist and
one outside the viewer's scope, so a probe learns nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from seats.domain.errors import NotFound
from seats.domain.roles import (
    FAMILY_ROLES,
    PROVIDER_ROLES,
    SCHOOL_ROLES,
    STATE_ROLES,
    Party,
    Role,
)

from ..models import CCA, Organisation, RoleMembership, Student, User
from ..services.actors import Actor

__all__ = ["FAMILY_ROLES", "PROVIDER_ROLES", "SCHOOL_ROLES", "STATE_ROLES"]  # re-exported


@dataclass(frozen=True)
class Viewer:
    user: User
    role: Role
    organisation: Organisation

    @classmethod
    def from_membership(cls, membership: RoleMembership) -> Viewer:
        return cls(membership.user, Role(membership.role), membership.organisation)

    @property
    def actor(self) -> Actor:
        """The same person as an actor of the services (who changes what)."""
        return Actor(self.user, self.role, self.organisation)

    @property
    def read_only(self) -> bool:
        return self.role is Role.AUDITOR

    @property
    def party(self) -> Party | None:
        return self.actor.party


def viewers_of(user: User) -> list[Viewer]:
    """Every role the user holds, each a way of viewing SEATS (a user may switch between them)."""
    memberships = RoleMembership.objects.filter(user=user).select_related("user", "organisation")
    return [Viewer.from_membership(m) for m in memberships.order_by("role", "organisation__name")]


def _cca_scope(viewer: Viewer) -> Q:
    role, org = viewer.role, viewer.organisation
    if role in STATE_ROLES:
        return Q()
    if role in PROVIDER_ROLES:
        return Q(provider=org)
    if role is Role.LEA_APPROVER:
        return Q(primary_lea=org)
    if role in SCHOOL_ROLES:
        return Q(primary_school=org)
    if role is Role.STUDENT:
        return Q(student__user=viewer.user)
    if role is Role.PARENT:
        return Q(student__guardians__user=viewer.user)
    return Q(pk__in=[])  # an unknown role sees nothing


def ccas_visible_to(viewer: Viewer) -> QuerySet[CCA]:
    """The CCAs this viewer may see; compose filters on top, never around it."""
    return CCA.objects.filter(_cca_scope(viewer))


def students_visible_to(viewer: Viewer) -> QuerySet[Student]:
    role, org = viewer.role, viewer.organisation
    if role in STATE_ROLES:
        return Student.objects.all()
    if role in PROVIDER_ROLES:
        # A provider sees only the students of its own CCAs (SPEC 10).
        return Student.objects.filter(pk__in=CCA.objects.filter(provider=org).values("student"))
    if role is Role.LEA_APPROVER:
        return Student.objects.filter(primary_lea=org)
    if role in SCHOOL_ROLES:
        return Student.objects.filter(primary_school=org)
    if role is Role.STUDENT:
        return Student.objects.filter(user=viewer.user)
    if role is Role.PARENT:
        return Student.objects.filter(guardians__user=viewer.user)
    return Student.objects.none()


def cca_for(viewer: Viewer, pk: object) -> CCA:
    """One CCA the viewer may see, or ``NotFound`` (the same for missing and out of scope)."""
    try:
        return ccas_visible_to(viewer).get(pk=pk)
    except (CCA.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"There is no CCA {pk} that you can see.", field="cca") from None


def student_for(viewer: Viewer, pk: object) -> Student:
    try:
        return students_visible_to(viewer).get(pk=pk)
    except (Student.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"There is no student {pk} that you can see.", field="student") from None


def cca_scope(viewer: Viewer, through: str) -> Q:
    """The viewer's CCA scope for rows that reach a CCA by the relation ``through`` (such as
    ``"cca"`` from an overdue flag): the same rule as ``ccas_visible_to``, applied on the join
    instead of as an ``IN (SELECT ...)`` over every CCA, which for state roles is no filter."""
    return _rerooted(_cca_scope(viewer), through)


def _rerooted(q: Q, through: str) -> Q:
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    out.children = [
        _rerooted(c, through) if isinstance(c, Q) else (f"{through}__{c[0]}", c[1])
        for c in q.children
    ]
    return out
