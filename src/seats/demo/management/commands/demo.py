"""`seats demo [--scale small|state] [--as-of DATE] [--seed N] [--if-empty]` loads the synthetic
demo state; `seats demo --logins` / `--logins-json` prints the demo logins (and loads nothing)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seats.core import clock
from seats.core.management.options import parse_date_option
from seats.demo import (
    SCALES,
    build_demo,
    database_is_empty,
    demo_logins,
    logins_json,
    logins_table,
)


class Command(BaseCommand):
    help = (
        "Load a synthetic Utah-like state (organisations, catalog, people, CCAs in every status "
        "with their history) into an empty database, or print the demo logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="small",
            help="small: a few thousand CCAs (default); state: 1,000,000 CCAs for benchmarks.",
        )
        parser.add_argument(
            "--as-of", help="The demo's today: nothing happens after it (default: today)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (successfully) when the database already holds CCAs or students.",
        )
        parser.add_argument(
            "--logins", action="store_true", help="Print the demo logins as a table and stop."
        )
        parser.add_argument(
            "--logins-json", action="store_true", help="Print the demo logins as JSON and stop."
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["logins"] or options["logins_json"]:
            self._print_logins(as_json=bool(options["logins_json"]))
            return
        as_of = (
            parse_date_option("--as-of", str(options["as_of"]))
            if options.get("as_of")
            else clock.today()
        )
        if as_of > clock.today():
            raise CommandError(f"--as-of: {as_of.isoformat()} is in the future.")
        if not database_is_empty():
            if options["if_empty"]:
                self.stdout.write("The database already holds data: the demo was not loaded.")
                return
            raise CommandError(
                "The database already holds CCAs or students; the demo loads into an empty "
                "database only (use --if-empty to skip quietly)."
            )
        self.verbosity = int(options.get("verbosity", 1))  # type: ignore[arg-type]
        scale = SCALES[str(options["scale"])]
        summary = build_demo(scale, as_of=as_of, seed=int(options["seed"]), say=self._say)
        self.stdout.write("\n".join(summary.lines()))

    verbosity = 1

    def _say(self, line: str) -> None:
        if self.verbosity >= 1:
            self.stderr.write(line)

    def _print_logins(self, *, as_json: bool) -> None:
        logins = demo_logins()
        if as_json:
            self.stdout.write(logins_json(logins))
            return
        if not logins:
            raise CommandError("No demo logins: load the demo first with `seats demo`.")
        self.stdout.write(logins_table(logins))
