"""``seats fees``: a year's fee table (Provider Manual, Course Fees).

seats fees roll-forward --from 2026 --to 2027 --wpu-increase 4.0%          (preview)
seats fees roll-forward --from 2026 --to 2027 --wpu-increase 4.0% --save   (records it)
seats fees show --year 2027
"""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seats.core import clock
from seats.core.services.actors import Actor
from seats.core.services.policy import policy_for
from seats.domain.errors import DomainError
from seats.domain.policy import Tier

from ...services.fees import roll_forward_fees

_OPTION = {"from_year": "--from", "to_year": "--to", "wpu_increase": "--wpu-increase"}


class Command(BaseCommand):
    help = "Fee tables: 'roll-forward' (previewed unless --save), 'show'."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        roll = actions.add_parser("roll-forward", help="Next year's fees by the WPU increase.")
        roll.add_argument("--from", dest="from_year", type=int, required=True)
        roll.add_argument("--to", dest="to_year", type=int, required=True)
        roll.add_argument("--wpu-increase", required=True, help="Like 4.0%%.")
        roll.add_argument("--effective-on", type=date.fromisoformat, default=None)
        roll.add_argument("--save", action="store_true", help="Record the table (else preview).")
        show = actions.add_parser("show", help="The fee table in force for a school year.")
        show.add_argument("--year", type=int, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "show":
            policy = policy_for(options["year"])
            for tier in Tier:
                key = f"fee_tier_{tier.value}"
                self.stdout.write(f"Tier {tier.value}: {policy.fees[tier]}  ({policy.source(key)})")
            return
        try:
            plan = roll_forward_fees(
                actor=Actor.system(),
                from_year=options["from_year"],
                to_year=options["to_year"],
                wpu_increase=options["wpu_increase"],
                effective_on=options["effective_on"] or clock.today(),
                save=options["save"],
            )
        except DomainError as exc:
            where = (
                f"{_OPTION.get(exc.field or '', '--' + (exc.field or ''))}: " if exc.field else ""
            )
            raise CommandError(f"{where}{exc}", returncode=2) from None
        self.stdout.write(f"Fee per 1.0 credit, school year {plan.school_year}:")
        for tier in Tier:
            self.stdout.write(f"  Tier {tier.value}: {plan.before[tier]} -> {plan.after[tier]}")
        if plan.saved:
            self.stdout.write("Saved as dated policy settings.")
        else:
            self.stdout.write("Preview only: nothing saved. Add --save to record this table.")
