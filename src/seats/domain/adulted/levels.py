"""Entering Functioning Level and level gains for one student in one program year (002, NRS).

- The intake is the student's first assessment day of the program year on the ladder of the
  area of focus (ESOL tests for ESOL, TABE for ABE and AHSC); every test taken that day is part
  of it. The EFL is the lowest level across the areas tested at intake.
- A later test of the same family is a post-test. It is valid for gain only after at least
  ``min_hours`` instructional hours since its pre-test (the latest valid test of that family):
  hours on the days after the pre-test, up to and including the post-test's day. A too-early
  post-test is kept and shown, marked not valid with the reason.
- A valid post-test's level is the lowest level of the areas that set the EFL which it retests;
  levels above the EFL (and above every level already reached) are gains, each level counted
  once in the year.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..calendars import school_year_bounds
from .nrs import Level, TableSet

RULE = "002, Section 6: Entering Functioning Level; Level gain"
HOURS_RULE = "NRS: minimum instructional hours between pre- and post-test (policy)"

AREA_LADDER = {"ESOL": "ESOL", "ABE": "ABE", "AHSC": "ABE"}


@dataclass(frozen=True)
class Assessed:
    id: int | str
    test: str  # table code, e.g. "TABE_9_10"
    day: date
    scores: tuple[tuple[str, int], ...]  # (skill area, scale score)
    form: str = ""


@dataclass(frozen=True)
class PostTest:
    test: Assessed
    level: Level | None
    valid: bool
    reason: str  # why not valid, or what it showed
    gained: tuple[int, ...] = ()
    hours_since_pretest: Decimal = Decimal(0)


@dataclass(frozen=True)
class Levels:
    ladder: str
    efl: Level | None
    efl_day: date | None
    efl_areas: tuple[tuple[str, str], ...]  # (test, area) at the EFL
    intake: tuple[Assessed, ...]
    posttests: tuple[PostTest, ...]
    gained: tuple[int, ...]  # level numbers gained this year, each once
    ignored: tuple[tuple[Assessed, str], ...] = field(default_factory=tuple)

    @property
    def highest(self) -> Level | None:
        best = self.efl
        for post in self.posttests:
            if post.valid and post.level and (best is None or post.level.number > best.number):
                best = post.level
        return best

    @property
    def has_gain(self) -> bool:
        return bool(self.gained)

    def no_gain_reason(self) -> str:
        """Why the student shows no level gain (empty when there is one)."""
        if self.gained:
            return ""
        if self.efl is None:
            return "no EFL: no assessment at intake"
        if not self.posttests:
            return "no post-test"
        if not any(p.valid for p in self.posttests):
            if any(p.reason.startswith("too early") for p in self.posttests):
                return "post-test too early"
            return self.posttests[-1].reason
        return "post-test not above the EFL"


def hours_between(
    instructional: Iterable[tuple[date, Decimal]], after: date, through: date
) -> Decimal:
    return sum((h for d, h in instructional if after < d <= through), Decimal(0))


def compute_levels(
    *,
    tests: Sequence[Assessed],
    instructional: Sequence[tuple[date, Decimal]],
    area_of_focus: str,
    tables: TableSet,
    min_hours: int,
    fiscal_year: int | None = None,
) -> Levels:
    """``fiscal_year``: only that year's tests count (the EFL is the year's)."""
    ladder = AREA_LADDER[area_of_focus]
    if fiscal_year is not None:
        first, last = school_year_bounds(fiscal_year)
        tests = [t for t in tests if first <= t.day <= last]
    on_ladder: list[Assessed] = []
    ignored: list[tuple[Assessed, str]] = []
    for t in sorted(tests, key=lambda t: (t.day, str(t.id))):
        spec = tables.for_day(t.day).test(t.test)
        if spec.ladder != ladder:
            ignored.append((t, f"{spec.name} does not place on the {area_of_focus} levels"))
        else:
            on_ladder.append(t)
    if not on_ladder:
        return Levels(ladder, None, None, (), (), (), (), tuple(ignored))

    def level(t: Assessed, area: str, score: int) -> Level:
        return tables.for_day(t.day).level_for(t.test, area, score)

    efl_day = on_ladder[0].day
    intake = tuple(t for t in on_ladder if t.day == efl_day)
    placed = [(t.test, a, level(t, a, s)) for t in intake for a, s in t.scores]
    if not placed:
        return Levels(ladder, None, None, (), intake, (), (), tuple(ignored))
    efl = min((lv for _, _, lv in placed), key=lambda lv: lv.number)
    efl_areas = tuple(sorted({(t, a) for t, a, lv in placed if lv.number == efl.number}))

    baseline: dict[str, date] = {t.test: efl_day for t in intake}
    highest = efl.number
    gained: list[int] = []
    posts: list[PostTest] = []
    for t in on_ladder:
        if t.day == efl_day:
            continue
        spec = tables.for_day(t.day).test(t.test)
        if t.test not in baseline:
            posts.append(PostTest(t, None, False, f"no pre-test of {spec.name} at intake"))
            continue
        hours = hours_between(instructional, baseline[t.test], t.day)
        if hours < min_hours:
            posts.append(
                PostTest(
                    t,
                    None,
                    False,
                    f"too early: {hours} instructional hours since the {spec.name} pre-test of "
                    f"{baseline[t.test].isoformat()}; at least {min_hours} are needed",
                    hours_since_pretest=hours,
                )
            )
            continue
        relevant = [level(t, a, s) for a, s in t.scores if (t.test, a) in efl_areas]
        if not relevant:
            areas = ", ".join(a for _, a in efl_areas)
            posts.append(
                PostTest(
                    t,
                    None,
                    False,
                    f"does not retest the area that set the EFL ({areas})",
                    hours_since_pretest=hours,
                )
            )
            continue
        baseline[t.test] = t.day
        post_level = min(relevant, key=lambda lv: lv.number)
        new = tuple(range(highest + 1, post_level.number + 1))
        if new:
            highest = post_level.number
            gained.extend(new)
            reason = f"gain: {post_level.code} above the EFL {efl.code}"
        else:
            reason = f"no gain: {post_level.code}, no level above {efl.code} newly reached"
        posts.append(PostTest(t, post_level, True, reason, new, hours))
    return Levels(
        ladder, efl, efl_day, efl_areas, intake, tuple(posts), tuple(gained), tuple(ignored)
    )
