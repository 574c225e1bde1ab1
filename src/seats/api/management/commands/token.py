"""`seats token create USERNAME [--role R] [--organisation CODE] [--name N] [--days D]`,
`seats token revoke PREFIX` and `seats token list [USERNAME]`: API tokens from the command line.

The secret is printed once, by `create`; SEATS keeps only its hash.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandParser

from seats.api.models import ApiToken
from seats.api.tokens import choose_membership, create_token, revoke_token
from seats.core.management.options import usage_error
from seats.core.models import User
from seats.domain.errors import DomainError


class Command(BaseCommand):
    help = "Create, list and revoke API tokens (each acts as one role of one user)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print its secret once.")
        create.add_argument("username")
        create.add_argument("--role", help="The role the token acts as (if the user has several).")
        create.add_argument("--organisation", help="The organisation code of that role.")
        create.add_argument("--name", default="", help="A label, e.g. 'SIS sync'.")
        create.add_argument(
            "--days", type=int, help="Lifetime in days (default SEATS_API_TOKEN_DAYS; 0: none)."
        )
        revoke = sub.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")
        listing = sub.add_parser("list", help="List tokens (never their secrets).")
        listing.add_argument("username", nargs="?")

    def handle(self, *args: object, **options: object) -> None:
        try:
            if options["action"] == "create":
                self._create(options)
            elif options["action"] == "revoke":
                token = revoke_token(prefix=str(options["prefix"]))
                self.stdout.write(
                    f"Token {token.prefix} is revoked ({token.revoked_at:%Y-%m-%d %H:%M})."
                )
            else:
                self._list(options.get("username"))
        except DomainError as exc:
            raise usage_error(str(exc)) from None

    def _create(self, options: dict[str, object]) -> None:
        username = str(options["username"])
        user = User.objects.filter(username=username).first()
        if user is None:
            raise usage_error(f"There is no user {username!r}.")
        membership = choose_membership(
            user,
            options.get("role") or None,
            options.get("organisation") or None,  # type: ignore[arg-type]
        )
        days = options.get("days")
        if days is not None and int(days) < 0:  # type: ignore[call-overload]
            raise usage_error("--days: give a number of days (0 for no expiry).")
        lifetime: timedelta | bool | None = True
        if days is not None:
            lifetime = timedelta(days=int(days)) if int(days) else None  # type: ignore[call-overload]
        issued = create_token(membership=membership, name=str(options["name"]), lifetime=lifetime)
        token = issued.token
        expires = f"expires {token.expires_at:%Y-%m-%d}" if token.expires_at else "no expiry"
        self.stdout.write(
            f"Token {token.prefix} for {username} as {membership.role} at "
            f"{membership.organisation.code} ({expires}). The secret is shown only now:"
        )
        self.stdout.write(issued.secret)

    def _list(self, username: object) -> None:
        rows = ApiToken.objects.select_related("user", "membership__organisation")
        if username:
            rows = rows.filter(user__username=str(username))
        for t in rows.order_by("user__username", "created_at"):
            state = "revoked" if t.revoked_at else "active"
            role = f"{t.membership.role}@{t.membership.organisation.code}"
            self.stdout.write(f"{t.prefix}  {t.user.username}  {role}  {state}  {t.name}")
