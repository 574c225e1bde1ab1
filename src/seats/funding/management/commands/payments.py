"""``seats payments``: the monthly payment run, its schedule, holds, and "why (not) paid".

    seats payments preview --month 2027-02
    seats payments run --month 2027-02                     (the console: posts as the system)
    seats payments approve --month 2027-02 --user ADMIN    (a state administrator approves ...)
    seats payments post --month 2027-02 --user OTHER       (... and another one posts it)
    seats payments schedule --year 2026 --run 2026-07=2026-07-20 --run 2026-08=2026-08-20 ...
    seats payments hold --cca 12 --reason fraud --note "..."   (or --provider / --lea ID)
    seats payments release --hold 3
    seats payments why --cca 12

Run from the console, the operator acts as the system (the server's own account). Bad input
prints a message naming the option or rule and writes nothing (exit status 2).
"""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seats.core.models import Organisation, RoleMembership
from seats.core.services.actors import Actor
from seats.domain.errors import DomainError, InvalidInput
from seats.domain.funding.holds import HoldReason, HoldScope
from seats.domain.roles import Role

from ...selectors.why import why_paid
from ...services.approval import approve_run, post_approved
from ...services.holds import release_hold, set_hold
from ...services.runs import RunPlan, post_run, preview_run
from ...services.schedule import load_schedule


def _state_admin(username: str) -> Actor:
    membership = (
        RoleMembership.objects.filter(
            user__username=username, role=Role.STATE_ADMIN.value, user__is_active=True
        )
        .select_related("user", "organisation")
        .first()
    )
    if membership is None:
        raise InvalidInput(f"{username!r} is not an active state administrator.", field="user")
    return Actor.for_membership(membership.user, Role.STATE_ADMIN, membership.organisation)


class Command(BaseCommand):
    help = "Payments: preview, run, schedule, hold, release, why."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        for name, text in (("preview", "Show what a run would post."), ("run", "Post a run.")):
            sub = actions.add_parser(name, help=text)
            sub.add_argument("--month", required=True, help="The month paid, like 2027-02.")
        for name, text in (
            ("approve", "Approve what the month's run would post, as a state administrator."),
            ("post", "Post the approved run as a state administrator (not the approver)."),
        ):
            sub = actions.add_parser(name, help=text)
            sub.add_argument("--month", required=True, help="The month paid, like 2027-02.")
            sub.add_argument("--user", required=True, help="A state administrator's username.")
        sched = actions.add_parser("schedule", help="Load the MSP run dates of a school year.")
        sched.add_argument("--year", type=int, required=True, help="School year, like 2026.")
        sched.add_argument("--run", action="append", required=True, help="MONTH=DATE")
        hold = actions.add_parser("hold", help="Stop payment for a CCA, provider or LEA.")
        target = hold.add_mutually_exclusive_group(required=True)
        target.add_argument("--cca", type=int)
        target.add_argument("--provider", type=int, help="The provider's organisation id.")
        target.add_argument("--lea", type=int, help="The LEA's organisation id.")
        hold.add_argument("--reason", required=True, choices=[r.value for r in HoldReason])
        hold.add_argument("--note", default="")
        release = actions.add_parser("release", help="Release a hold.")
        release.add_argument("--hold", type=int, required=True)
        release.add_argument("--note", default="")
        why = actions.add_parser("why", help="Why (not) paid, for one CCA.")
        why.add_argument("--cca", type=int, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = Actor.system()
        try:
            getattr(self, f"_{options['action']}")(actor, options)
        except DomainError as exc:
            where = f"--{exc.field.replace('_', '-')}: " if exc.field else ""
            raise CommandError(f"{where}{exc}", returncode=2) from None

    def _preview(self, actor: Actor, options: dict[str, Any]) -> None:
        self._print(preview_run(actor=actor, month=options["month"]), verb="Would post")

    def _run(self, actor: Actor, options: dict[str, Any]) -> None:
        self._print(post_run(actor=actor, month=options["month"]), verb="Posted")

    def _approve(self, actor: Actor, options: dict[str, Any]) -> None:
        done = approve_run(actor=_state_admin(options["user"]), month=options["month"])
        self.stdout.write(
            f"Approved by {options['user']}: the {options['month']} run posts {done.entries} "
            f"entries totalling {done.total}. Another state administrator posts it: "
            f"seats payments post --month {options['month']} --user <other administrator>"
        )

    def _post(self, actor: Actor, options: dict[str, Any]) -> None:
        progress = post_approved(actor=_state_admin(options["user"]), month=options["month"])
        self.stdout.write(progress.message)

    def _print(self, plan: RunPlan, *, verb: str) -> None:
        if plan.already_posted:
            self.stdout.write(f"The {plan.month} run is already posted; nothing to post.")
            return
        names = dict(Organisation.objects.values_list("id", "code"))
        self.stdout.write(
            f"{verb} {plan.entries} entries for {plan.month} "
            f"(MSP run date {plan.run_date}), total {plan.total}."
        )
        self.stdout.write("Per provider:")
        for org_id, total in plan.by_provider().items():
            self.stdout.write(f"  {names.get(org_id, org_id)}  {total}")
        self.stdout.write("Per LEA (withheld; HOME: the appropriation):")
        for org_id, total in plan.by_lea().items():
            self.stdout.write(f"  {names.get(org_id, org_id)}  {total}")
        self.stdout.write(f"Held back: {len(plan.held)} CCAs")
        for held in plan.held:
            self.stdout.write(f"  CCA {held.cca_id}  {held.amount}  {'; '.join(held.reasons)}")

    def _schedule(self, actor: Actor, options: dict[str, Any]) -> None:
        runs: dict[str, date] = {}
        for item in options["run"]:
            month, _, day = item.partition("=")
            try:
                runs[month] = date.fromisoformat(day.strip())
            except ValueError:
                raise CommandError(
                    f"--run: {item!r} must be MONTH=DATE, like 2026-07=2026-07-20.", returncode=2
                ) from None
        rows = load_schedule(actor=actor, school_year=options["year"], runs=runs)
        self.stdout.write(f"Loaded {len(rows)} MSP run dates for {options['year']}.")

    def _hold(self, actor: Actor, options: dict[str, Any]) -> None:
        scope = next(s for s in HoldScope if options.get(s.value) is not None)
        hold = set_hold(
            actor=actor,
            scope=scope,
            target_id=options[scope.value],
            reason=options["reason"],
            note=options["note"],
        )
        self.stdout.write(f"Hold {hold.pk} set on {scope.value} {options[scope.value]}.")

    def _release(self, actor: Actor, options: dict[str, Any]) -> None:
        hold = release_hold(actor=actor, hold_id=options["hold"], note=options["note"])
        self.stdout.write(f"Hold {hold.pk} released; held amounts are paid in the next run.")

    def _why(self, actor: Actor, options: dict[str, Any]) -> None:
        why = why_paid(cca_id=options["cca"])
        self.stdout.write(f"CCA {why.cca_id}: fee {why.fee}")
        for half in why.halves:
            self.stdout.write(f"  {half.state.value}: {half.text()}")
