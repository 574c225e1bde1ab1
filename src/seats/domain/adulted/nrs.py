"""The NRS benchmark tables (002, "National Reporting System - Levels, Competencies and
Corresponding Scale Scores") as data: a scale score of a test's skill area -> a functioning level.

The tables are never code. The app ships one JSON file per version under ``data/``; a newer table
(the NRS revises them) is loaded from a file without a release (``seats adulted nrs-load``), and
a test is read with the newest table in force on its date (``TableSet.for_day``). A version's
shape::

    {"effective": "YYYY-MM-DD", "source": "...",
     "ladders": {"ESOL": [[1, "ESOL 1", "Beginning ESOL Literacy"], ...], "ABE": [...]},
     "tests": {"TABE_9_10": {"name": "...", "ladder": "ABE", "scale": [0, 999],
                             "areas": {"reading": [[level, low, high], ...]}}}}

Bands are inclusive whole scale scores; the bands of an area may not overlap and must lie
within the test's ``scale``. A score outside every band is refused with the bands shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from ..errors import InvalidInput

RULE = "002, Section 6: NRS levels and corresponding scale scores"


@dataclass(frozen=True)
class Level:
    ladder: str  # "ESOL" or "ABE" (ABE 1-4 and AHSC 1-2 form one ladder)
    number: int  # 1..6 (ESOL 7 = exit criteria met)
    code: str  # "ESOL 3", "AHSC 1"
    name: str

    def __str__(self) -> str:
        return f"{self.code} ({self.name})"


@dataclass(frozen=True)
class Band:
    level: int
    low: int
    high: int

    def text(self, ladder: dict[int, Level]) -> str:
        return f"{ladder[self.level].code} {self.low}-{self.high}"


@dataclass(frozen=True)
class TestSpec:
    code: str
    name: str
    ladder: str
    scale: tuple[int, int]
    areas: dict[str, tuple[Band, ...]]

    @property
    def family(self) -> str:
        """Pre- and post-tests compare within a family: here each test is its own family."""
        return self.code


@dataclass(frozen=True)
class Table:
    effective: date
    source: str
    ladders: dict[str, dict[int, Level]]
    tests: dict[str, TestSpec]

    def test(self, code: str) -> TestSpec:
        try:
            return self.tests[code]
        except KeyError:
            known = ", ".join(sorted(self.tests))
            raise InvalidInput(
                f"Unknown test {code!r}. Known tests: {known}.", field="test", rule=RULE
            ) from None

    def level(self, ladder: str, number: int) -> Level:
        return self.ladders[ladder][number]

    def bands_text(self, test: str, area: str) -> str:
        spec = self.test(test)
        ladder = self.ladders[spec.ladder]
        return "; ".join(b.text(ladder) for b in spec.areas[area])

    def level_for(self, test: str, area: str, score: int) -> Level:
        """The functioning level of ``score`` in ``area`` of ``test``; a score outside every
        band, an unknown area or a non-whole score is refused, naming the bands."""
        spec = self.test(test)
        if area not in spec.areas:
            known = ", ".join(spec.areas)
            raise InvalidInput(
                f"{spec.name} has no skill area {area!r}; its areas: {known}.",
                field="area",
                rule=RULE,
            )
        if isinstance(score, bool) or not isinstance(score, int):
            raise InvalidInput(
                f"A {spec.name} {area} scale score is a whole number, not {score!r}.",
                field=f"score_{area}",
                rule=RULE,
            )
        for band in spec.areas[area]:
            if band.low <= score <= band.high:
                return self.ladders[spec.ladder][band.level]
        raise InvalidInput(
            f"{score} is not a possible {spec.name} {area} scale score: the bands are "
            f"{self.bands_text(test, area)}.",
            field=f"score_{area}",
            rule=RULE,
        )


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{where}: {value!r} is not a whole number.", field="file")
    return value


def parse_table(data: dict[str, Any]) -> Table:
    """Check and build one version; every problem is refused naming where it is."""
    try:
        effective = date.fromisoformat(str(data["effective"]))
        ladders: dict[str, dict[int, Level]] = {}
        for ladder, rows in data["ladders"].items():
            ladders[ladder] = {
                _int(n, f"ladder {ladder}"): Level(ladder, n, str(code), str(name))
                for n, code, name in rows
            }
        tests: dict[str, TestSpec] = {}
        for code, raw in data["tests"].items():
            ladder = raw["ladder"]
            if ladder not in ladders:
                raise InvalidInput(f"Test {code}: unknown ladder {ladder!r}.", field="file")
            low, high = (_int(v, f"test {code} scale") for v in raw["scale"])
            areas: dict[str, tuple[Band, ...]] = {}
            for area, bands in raw["areas"].items():
                parsed = sorted(
                    (Band(*(_int(v, f"{code} {area}") for v in band)) for band in bands),
                    key=lambda b: b.low,
                )
                _check_bands(code, area, parsed, (low, high), ladders[ladder])
                areas[area] = tuple(parsed)
            tests[code] = TestSpec(code, str(raw["name"]), ladder, (low, high), areas)
    except InvalidInput:
        raise
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidInput(f"Not an NRS table file: {error!r}.", field="file") from None
    return Table(effective, str(data.get("source", "")), ladders, tests)


def _check_bands(
    code: str, area: str, bands: list[Band], scale: tuple[int, int], ladder: dict[int, Level]
) -> None:
    if not bands:
        raise InvalidInput(f"{code} {area}: no bands.", field="file")
    previous = None
    for band in bands:
        where = f"{code} {area} band {band.low}-{band.high}"
        if band.level not in ladder:
            raise InvalidInput(f"{where}: level {band.level} is not on the ladder.", field="file")
        if band.low > band.high or band.low < scale[0] or band.high > scale[1]:
            raise InvalidInput(f"{where}: outside the scale {scale[0]}-{scale[1]}.", field="file")
        if previous is not None and band.low <= previous.high:
            raise InvalidInput(f"{where}: overlaps {previous.low}-{previous.high}.", field="file")
        previous = band


def parse_json(text: str) -> Table:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"Not JSON: {error}.", field="file") from None
    if not isinstance(data, dict):
        raise InvalidInput("Not an NRS table file: expected an object.", field="file")
    return parse_table(data)


@dataclass(frozen=True)
class TableSet:
    """Every loaded version, oldest first."""

    tables: tuple[Table, ...]

    def __post_init__(self) -> None:
        if not self.tables:
            raise InvalidInput("No NRS table is loaded.", field="file")

    def for_day(self, day: date) -> Table:
        """The newest version in force on ``day``; a day before the first uses the first."""
        chosen = self.tables[0]
        for table in self.tables:
            if table.effective <= day:
                chosen = table
        return chosen

    def with_table(self, table: Table) -> TableSet:
        """Add (or replace the version of the same effective date)."""
        rest = [t for t in self.tables if t.effective != table.effective]
        return TableSet(tuple(sorted([*rest, table], key=lambda t: t.effective)))


def shipped() -> TableSet:
    """The versions the app ships (``data/nrs_*.json``)."""
    folder = resources.files(__package__) / "data"
    tables = [
        parse_json(entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.startswith("nrs_") and entry.name.endswith(".json")
    ]
    return TableSet(tuple(sorted(tables, key=lambda t: t.effective)))
