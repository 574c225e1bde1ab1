"""Who is acting: a user in one of their roles at one organisation, or the system (the sweep)."""

from __future__ import annotations

from dataclasses import dataclass

from seats.domain.roles import ROLE_PARTY, Party, Role

from ..models import Organisation, User


@dataclass(frozen=True)
class Actor:
    user: User | None
    role: Role | None
    organisation: Organisation | None

    @classmethod
    def system(cls) -> Actor:
        return cls(None, None, None)

    @classmethod
    def for_membership(cls, user: User, role: Role | str, organisation: Organisation) -> Actor:
        return cls(user, Role(role), organisation)

    @property
    def party(self) -> Party | None:
        if self.role is None:
            return Party.SYSTEM
        return ROLE_PARTY[self.role]

    @property
    def role_name(self) -> str:
        return self.role.value if self.role else "system"

    @property
    def organisation_id(self) -> int | None:
        return self.organisation.pk if self.organisation else None
