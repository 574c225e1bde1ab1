"""``seats appropriation``: the home and private school appropriation of a year (R277-726-9).

    seats appropriation set --year 2027 --amount 250000.00 [--home-share 50] [--elsewhere 0]
    seats appropriation show --year 2027 [--on 2027-12-01]

``--home-share`` is the percentage kept for home-school students before December 1 (at least
50); ``--elsewhere`` what the state obligated for private-school tuition outside SEATS.
"""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seats.core import clock
from seats.core.services.actors import Actor
from seats.domain.errors import DomainError
from seats.domain.funding.appropriation import no_appropriation

from ...services.appropriation import balance_for, set_appropriation

_OPTION = {
    "amount": "--amount",
    "home_share_percent": "--home-share",
    "obligated_elsewhere": "--elsewhere",
    "year": "--year",
}


class Command(BaseCommand):
    help = "The home and private school appropriation: 'set', 'show'."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        put = actions.add_parser("set", help="Record the year's appropriation.")
        put.add_argument("--year", type=int, required=True, help="School year, like 2027.")
        put.add_argument("--amount", required=True, help="Like 250000.00.")
        put.add_argument("--home-share", default="50", help="Percent kept before Dec 1 (>= 50).")
        put.add_argument("--elsewhere", default="0", help="Obligated outside SEATS.")
        put.add_argument("--note", default="")
        show = actions.add_parser("show", help="The year's balance.")
        show.add_argument("--year", type=int, required=True)
        show.add_argument("--on", type=date.fromisoformat, default=None, help="A day, ISO.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "set":
                row = set_appropriation(
                    actor=Actor.system(),
                    school_year=options["year"],
                    amount=options["amount"],
                    home_share_percent=options["home_share"],
                    obligated_elsewhere=options["elsewhere"],
                    note=options["note"],
                )
                year = row.school_year
                self.stdout.write(
                    f"Appropriation {year}-{(year + 1) % 100:02d}: {row.amount} "
                    f"(home-school share before December 1: {row.home_share_percent}%)."
                )
            found = balance_for(options["year"], day=options.get("on") or clock.today())
            if found is None:
                raise no_appropriation(options["year"])
        except DomainError as exc:
            where = (
                f"{_OPTION.get(exc.field or '', '--' + (exc.field or ''))}: " if exc.field else ""
            )
            raise CommandError(f"{where}{exc}", returncode=2) from None
        self.stdout.write(found[0].describe())
