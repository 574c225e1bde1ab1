"""``seats reports``: completion rates and the state's report data from the console.

seats reports rates --year 2025                         (every provider, lowest extended first)
seats reports scores FILE                               (statewide assessment scores)
seats reports survey --provider CODE --year 2025 FILE   (a provider's satisfaction survey)

A file with any problem writes nothing; every problem is printed with its line and column and
the command exits with an error.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seats.core.models import Organisation
from seats.core.selectors.access import Viewer
from seats.core.services.actors import Actor
from seats.domain.roles import Role

from ...selectors.completion import minimum, provider_rates
from ...services.imports import Loaded, load_scores, load_survey


class Command(BaseCommand):
    help = "Completion rates ('rates') and the state's report data ('scores', 'survey')."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        rates = actions.add_parser("rates", help="Every provider's completion rates.")
        rates.add_argument("--year", type=int, required=True)
        scores = actions.add_parser("scores", help="Load statewide assessment scores.")
        scores.add_argument("file", type=Path)
        survey = actions.add_parser("survey", help="Load a provider's survey results.")
        survey.add_argument("--provider", required=True, metavar="CODE")
        survey.add_argument("--year", type=int, required=True)
        survey.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "rates":
            self._rates(options["year"])
            return
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if action == "scores":
            result = load_scores(actor=Actor.system(), data=path.read_bytes(), file_name=path.name)
        else:
            org = Organisation.objects.filter(code=options["provider"], kind="provider").first()
            if org is None:
                raise CommandError(f"--provider: no provider has the code {options['provider']!r}.")
            result = load_survey(
                actor=Actor.system(), provider_id=org.pk, school_year=options["year"],
                data=path.read_bytes(), file_name=path.name,
            )  # fmt: skip
        self._report(result)

    def _report(self, result: Loaded) -> None:
        if result.ok:
            plural = "" if result.rows == 1 else "s"
            self.stdout.write(f"{result.file_name}: {result.rows:,} row{plural} loaded.")
            return
        for p in result.problems:
            self.stderr.write(p.text())
        if result.more_problems:
            self.stderr.write(f"... and {result.more_problems:,} more problems.")
        raise CommandError(f"{result.file_name}: nothing was loaded.")

    def _rates(self, year: int) -> None:
        state = Organisation.objects.filter(kind="state").first()
        if state is None:
            raise CommandError("No state organisation: load the organisations first.")
        viewer = Viewer(user=None, role=Role.STATE_ADMIN, organisation=state)  # type: ignore[arg-type]
        self.stdout.write(f"Completion rates, school year {year} (minimum {minimum(year)}%)")
        self.stdout.write("provider\ttimely %\tcounted\textended %\tcounted\tunder minimum")
        for r in provider_rates(viewer, year):
            t, e = r.rates.timely, r.rates.extended
            self.stdout.write(
                f"{r.provider.code}\t{t.percent if t.percent is not None else '-'}\t{t.counted}\t"
                f"{e.percent if e.percent is not None else '-'}\t{e.counted}\t"
                f"{'yes' if r.below else 'no'}"
            )
