"""``seats retention``: the reviewed record retention run (R277-726-7(14)).

seats retention plan [--as-of DATE]              list what is due; prints the plan's number
seats retention approve PLAN --user USERNAME     a state administrator approves it
seats retention apply PLAN [--as-of DATE]        remove the personal data (idempotent)
seats retention hold --student ID | --organisation CODE --reason TEXT
seats retention release HOLD
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from seats.core import clock
from seats.core.management.options import parse_date_option, usage_error
from seats.core.models import Organisation, RoleMembership
from seats.core.services.actors import Actor
from seats.domain.compliance.retention import KINDS
from seats.domain.errors import DomainError
from seats.domain.roles import Role

from ...services.retention import (
    apply_plan,
    approve_plan,
    make_plan,
    release_legal_hold,
    set_legal_hold,
)

SYSTEM = Actor.system()


class Command(BaseCommand):
    help = "Record retention: plan, approve, apply; legal holds."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        plan = actions.add_parser("plan", help="List what is due.")
        plan.add_argument("--as-of")
        approve = actions.add_parser("approve", help="A state administrator approves a plan.")
        approve.add_argument("plan", type=int)
        approve.add_argument("--user", required=True, help="The state administrator's username.")
        apply = actions.add_parser("apply", help="Apply an approved plan.")
        apply.add_argument("plan", type=int)
        apply.add_argument("--as-of")
        hold = actions.add_parser("hold", help="Set a legal hold.")
        target = hold.add_mutually_exclusive_group(required=True)
        target.add_argument("--student", type=int)
        target.add_argument("--organisation", help="The organisation's code.")
        hold.add_argument("--reason", required=True)
        release = actions.add_parser("release", help="Release a legal hold.")
        release.add_argument("hold", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_date_option("--as-of", options.get("as_of")) or clock.today()
        try:
            getattr(self, f"_{options['action']}")(options, as_of)
        except DomainError as exc:
            raise usage_error(str(exc)) from None

    def _plan(self, options: dict[str, Any], as_of: Any) -> None:
        plan = make_plan(actor=SYSTEM, as_of=as_of)
        self.stdout.write(
            f"Retention plan {plan.pk} as of {as_of}: students who exited on or before "
            f"{plan.exited_before}; oldest exit {plan.oldest_exit or 'none'}."
        )
        for kind, count in plan.counts.items():
            self.stdout.write(f"  {kind}: {count} ({KINDS[kind]})")
        self.stdout.write(
            f"Approve it: seats retention approve {plan.pk} --user <state administrator>"
        )

    def _approve(self, options: dict[str, Any], as_of: Any) -> None:
        membership = (
            RoleMembership.objects.filter(
                user__username=options["user"], role=Role.STATE_ADMIN.value, user__is_active=True
            )
            .select_related("user", "organisation")
            .first()
        )
        if membership is None:
            raise usage_error(f"--user: {options['user']!r} is not an active state administrator.")
        actor = Actor.for_membership(membership.user, Role.STATE_ADMIN, membership.organisation)
        plan = approve_plan(actor=actor, plan_id=options["plan"])
        when = f"{plan.approved_at:%Y-%m-%d %H:%M}"
        self.stdout.write(f"Plan {plan.pk} approved by {plan.approved_by.username} at {when}.")

    def _apply(self, options: dict[str, Any], as_of: Any) -> None:
        changed = apply_plan(plan_id=options["plan"], as_of=as_of)
        total = sum(changed.values())
        self.stdout.write(
            f"Plan {options['plan']} applied on {as_of}: "
            + ", ".join(f"{k} {v}" for k, v in changed.items())
            + ("." if total else " (nothing left to change).")
        )

    def _hold(self, options: dict[str, Any], as_of: Any) -> None:
        org_id = None
        if options.get("organisation"):
            org = Organisation.objects.filter(code=options["organisation"]).first()
            if org is None:
                raise usage_error(f"--organisation: there is no {options['organisation']!r}.")
            org_id = org.pk
        hold = set_legal_hold(
            actor=SYSTEM,
            reason=options["reason"],
            on=as_of,
            student_id=options.get("student"),
            organisation_id=org_id,
        )
        self.stdout.write(f"Legal hold {hold.pk} set.")

    def _release(self, options: dict[str, Any], as_of: Any) -> None:
        hold = release_legal_hold(actor=SYSTEM, hold_id=options["hold"], on=as_of)
        self.stdout.write(f"Legal hold {hold.pk} released on {hold.released_on}.")
