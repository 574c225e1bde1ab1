"""The NRS benchmark tables of 002: every band edge of every test and area, both sides."""

from __future__ import annotations

import json
from datetime import date

import pytest

from seats.domain.adulted import nrs
from seats.domain.errors import InvalidInput

TABLES = nrs.shipped()
TABLE = TABLES.tables[0]

# The document's figures, written out again here so the shipped file is checked against them.
DOCUMENT = {
    ("BEST_LITERACY", "literacy"): [
        (1, 0, 20),
        (2, 21, 52),
        (3, 53, 63),
        (4, 64, 67),
        (5, 68, 75),
        (6, 76, 78),
    ],
    ("BEST_PLUS", "speaking_listening"): [
        (1, 0, 400),
        (2, 401, 417),
        (3, 418, 438),
        (4, 439, 472),
        (5, 473, 506),
        (6, 507, 540),
        (7, 541, 999),
    ],
    ("CASAS", "reading"): [
        (1, 0, 180),
        (2, 181, 190),
        (3, 191, 200),
        (4, 201, 210),
        (5, 211, 220),
        (6, 221, 235),
        (7, 236, 999),
    ],
    ("CASAS", "listening"): [
        (1, 0, 180),
        (2, 181, 190),
        (3, 191, 200),
        (4, 201, 210),
        (5, 211, 220),
        (6, 221, 235),
        (7, 236, 999),
    ],
    ("TABE_9_10", "reading"): [
        (1, 0, 367),
        (2, 368, 460),
        (3, 461, 517),
        (4, 518, 566),
        (5, 567, 595),
        (6, 596, 999),
    ],
    ("TABE_9_10", "total_math"): [
        (1, 0, 313),
        (2, 314, 441),
        (3, 442, 505),
        (4, 506, 565),
        (5, 566, 594),
        (6, 595, 999),
    ],
    ("TABE_9_10", "language"): [
        (1, 0, 389),
        (2, 390, 490),
        (3, 491, 523),
        (4, 524, 559),
        (5, 560, 585),
        (6, 586, 999),
    ],
}

EDGES = [
    pytest.param(test, area, level, low, high, id=f"{test}-{area}-{level}")
    for (test, area), bands in DOCUMENT.items()
    for level, low, high in bands
]


def test_the_shipped_table_is_the_documents() -> None:
    shipped = {
        (code, area): [(b.level, b.low, b.high) for b in bands]
        for code, spec in TABLE.tests.items()
        for area, bands in spec.areas.items()
    }
    assert shipped == DOCUMENT


@pytest.mark.parametrize(("test", "area", "level", "low", "high"), EDGES)
def test_each_band_edge_both_sides(test: str, area: str, level: int, low: int, high: int) -> None:
    assert TABLE.level_for(test, area, low).number == level
    assert TABLE.level_for(test, area, high).number == level
    below, above = low - 1, high + 1
    lo_scale, hi_scale = TABLE.tests[test].scale
    if below >= lo_scale:
        assert TABLE.level_for(test, area, below).number == level - 1
    else:
        with pytest.raises(InvalidInput, match="not a possible"):
            TABLE.level_for(test, area, below)
    if above <= hi_scale:
        assert TABLE.level_for(test, area, above).number == level + 1
    else:
        with pytest.raises(InvalidInput, match="the bands are"):
            TABLE.level_for(test, area, above)


def test_level_names_follow_the_document() -> None:
    assert TABLE.level_for("TABE_9_10", "reading", 567).code == "AHSC 1"
    assert TABLE.level_for("TABE_9_10", "reading", 566).code == "ABE 4"
    assert TABLE.level_for("CASAS", "listening", 236).code == "ESOL exit"
    assert str(TABLE.level_for("BEST_PLUS", "speaking_listening", 401)) == (
        "ESOL 2 (Low Beginning ESOL)"
    )


def test_an_impossible_score_is_refused_with_the_bands_shown() -> None:
    with pytest.raises(InvalidInput) as caught:
        TABLE.level_for("BEST_LITERACY", "literacy", 79)
    assert "ESOL 1 0-20" in caught.value.message and "ESOL 6 76-78" in caught.value.message
    assert caught.value.field == "score_literacy"
    with pytest.raises(InvalidInput, match="not a possible"):
        TABLE.level_for("TABE_9_10", "total_math", -1)


@pytest.mark.parametrize("bad", [1.5, "300", True, None])
def test_a_score_is_a_whole_number(bad: object) -> None:
    with pytest.raises(InvalidInput, match="whole number"):
        TABLE.level_for("CASAS", "reading", bad)  # type: ignore[arg-type]


def test_unknown_test_and_area_are_named() -> None:
    with pytest.raises(InvalidInput, match="Known tests: BEST_LITERACY"):
        TABLE.level_for("GAIN", "reading", 400)
    with pytest.raises(InvalidInput, match="its areas: reading, total_math, language"):
        TABLE.level_for("TABE_9_10", "listening", 400)


def _raw() -> dict:
    folder = nrs.resources.files("seats.domain.adulted") / "data"
    return json.loads((folder / "nrs_2025-07-01.json").read_text())


def test_a_newer_table_applies_from_its_date_and_older_tests_keep_theirs() -> None:
    raw = _raw()
    raw["effective"] = "2027-07-01"
    raw["tests"]["CASAS"]["areas"]["reading"][0] = [1, 0, 185]
    raw["tests"]["CASAS"]["areas"]["reading"][1] = [2, 186, 190]
    tables = TABLES.with_table(nrs.parse_table(raw))
    assert tables.for_day(date(2027, 6, 30)).level_for("CASAS", "reading", 183).number == 2
    assert tables.for_day(date(2027, 7, 1)).level_for("CASAS", "reading", 183).number == 1
    # before the first version: the first applies
    assert tables.for_day(date(2001, 1, 1)) is tables.tables[0]
    # reloading the same date replaces it
    assert len(tables.with_table(nrs.parse_table(raw)).tables) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["tests"]["CASAS"]["areas"]["reading"].append([7, 230, 999]), "overlaps"),
        (lambda r: r["tests"]["CASAS"]["areas"]["reading"].append([9, 1000, 1000]), "ladder"),
        (lambda r: r["tests"]["BEST_LITERACY"].update(scale=[0, 70]), "outside the scale"),
        (lambda r: r["tests"]["CASAS"].update(ladder="GED"), "unknown ladder"),
        (lambda r: r.pop("effective"), "Not an NRS table"),
        (lambda r: r["tests"]["CASAS"]["areas"].update(reading=[]), "no bands"),
        (lambda r: r["tests"]["CASAS"]["areas"]["reading"].append([7, "x", 3]), "whole"),
    ],
)
def test_a_broken_table_file_is_refused(change, message: str) -> None:  # type: ignore[no-untyped-def]
    raw = _raw()
    change(raw)
    with pytest.raises(InvalidInput, match=message):
        nrs.parse_table(raw)


def test_not_json_is_refused() -> None:
    with pytest.raises(InvalidInput, match="Not JSON"):
        nrs.parse_json("{")
    with pytest.raises(InvalidInput, match="expected an object"):
        nrs.parse_json("[]")
