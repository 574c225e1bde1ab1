"""The demo logins: one user per role, named after the role, all with the demo password.

They are placed to see one another's work: the student has several CCAs, the parent is that
student's guardian, the counselor and registrar work at the student's school, the LEA approver
at its LEA, the provider staff and administrator at the provider of most of its CCAs, and the
state users at USBE.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from seats.core.models import RoleMembership
from seats.domain.roles import Role

from .build import DEMO_PASSWORD


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    password: str
    organisation: str


def demo_logins() -> list[Login]:
    """The demo logins present in the database, in the order of the roles."""
    wanted = {role.value: role for role in Role}
    rows = (
        RoleMembership.objects.filter(user__username__in=list(wanted))
        .select_related("user", "organisation")
        .order_by("pk")
    )
    found: dict[str, Login] = {}
    for m in rows:
        if m.user.username == m.role and m.role not in found:
            found[m.role] = Login(m.role, m.user.username, DEMO_PASSWORD, m.organisation.name)
    return [found[r.value] for r in Role if r.value in found]


def logins_table(logins: list[Login]) -> str:
    header = Login("role", "username", "password", "organisation")
    rows = [header, *logins]
    widths = [max(len(getattr(r, f)) for r in rows) for f in ("role", "username", "password")]
    lines = []
    for n, r in enumerate(rows):
        cells = [r.role.ljust(widths[0]), r.username.ljust(widths[1]), r.password.ljust(widths[2])]
        lines.append("  ".join([*cells, r.organisation]))
        if n == 0:
            lines.append("  ".join("-" * w for w in [*widths, len("organisation")]))
    return "\n".join(lines)


def logins_json(logins: list[Login]) -> str:
    return json.dumps([asdict(login) for login in logins], indent=2, ensure_ascii=False)
