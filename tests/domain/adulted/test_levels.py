"""EFL = the lowest area at intake; level gains, once per level per year; the hours rule."""

from __future__ import annotations

from datetime import date

from seats.domain.adulted.levels import Assessed

from .helpers import casas, daily, levels, tabe

D = date(2025, 9, 2)
LATER = date(2025, 11, 3)
D1 = date(2025, 9, 3)


def test_efl_is_the_lowest_area_at_intake() -> None:
    # intermediate in reading (ABE 4), beginning in math (ABE 2): reported at ABE 2
    result = levels([tabe(D, reading=520, total_math=400, language=500)])
    assert result.efl.code == "ABE 2"
    assert result.efl_areas == (("TABE_9_10", "total_math"),)
    assert result.efl_day == D


def test_every_test_on_the_intake_day_counts_toward_the_efl() -> None:
    result = levels([tabe(D, "a", reading=520), tabe(D, "b", language=300)])
    assert result.efl.code == "ABE 1"
    assert len(result.intake) == 2


def test_tests_of_another_ladder_are_ignored_with_the_reason() -> None:
    result = levels([casas(D, reading=190), tabe(LATER, reading=400)])
    assert result.efl.code == "ABE 2" and result.efl_day == LATER
    assert "does not place on the ABE levels" in result.ignored[0][1]
    assert levels([casas(D, reading=190)], focus="ESOL").efl.code == "ESOL 2"
    assert levels([tabe(D, reading=400)], focus="ESOL").efl is None


def test_a_valid_post_test_above_the_efl_is_a_gain() -> None:
    result = levels(
        [tabe(D, "pre", reading=400), tabe(LATER, "post", reading=470)], daily(D1, 20, 2)
    )
    assert result.gained == (3,)
    post = result.posttests[0]
    assert post.valid and post.level.code == "ABE 3" and post.hours_since_pretest == 40


def test_a_jump_of_two_levels_is_two_gains() -> None:
    result = levels([tabe(D, "pre", reading=400), tabe(LATER, "post", reading=520)], daily(D, 30))
    assert result.gained == (3, 4)


def test_each_level_counts_once_a_year() -> None:
    result = levels(
        [
            tabe(D, "pre", reading=400),
            tabe(date(2025, 10, 1), "p1", reading=470),
            tabe(date(2025, 12, 1), "p2", reading=480),
            tabe(date(2026, 3, 2), "p3", reading=530),
        ],
        daily(D, 200, 2),
    )
    assert result.gained == (3, 4)
    assert [p.gained for p in result.posttests] == [(3,), (), (4,)]
    assert "no level above" in result.posttests[1].reason


def test_a_too_early_post_test_is_kept_but_not_valid() -> None:
    result = levels(
        [tabe(D, "pre", reading=400), tabe(LATER, "post", reading=470)], daily(D1, 13, 3)
    )
    post = result.posttests[0]
    assert not post.valid and post.hours_since_pretest == 39
    assert post.reason.startswith("too early: 39 instructional hours")
    assert "at least 40" in post.reason
    assert result.gained == () and result.no_gain_reason() == "post-test too early"


def test_the_minimum_hours_are_a_setting() -> None:
    tests = [tabe(D, "pre", reading=400), tabe(LATER, "post", reading=470)]
    assert levels(tests, daily(D1, 13, 3), min_hours=30).gained == (3,)


def test_hours_count_after_the_pre_test_day_through_the_post_test_day() -> None:
    tests = [tabe(D, "pre", reading=400), tabe(LATER, "post", reading=470)]
    assert levels(tests, [(D, 100)]).gained == ()  # the pre-test's own day does not count
    assert levels(tests, [(LATER, 40)]).gained == (3,)
    assert levels(tests, [(date(2025, 12, 1), 40)]).gained == ()


def test_the_next_post_test_counts_hours_from_the_last_valid_test() -> None:
    tests = [
        tabe(D, "pre", reading=400),
        tabe(date(2025, 9, 10), "early", reading=470),
        tabe(LATER, "post", reading=470),
    ]
    result = levels(tests, daily(date(2025, 9, 5), 10, 4))
    assert [p.valid for p in result.posttests] == [False, True]
    assert result.gained == (3,)


def test_a_post_test_must_retest_the_area_that_set_the_efl() -> None:
    tests = [tabe(D, "pre", reading=520, total_math=320), tabe(LATER, "post", reading=570)]
    post = levels(tests, daily(D, 30)).posttests[0]
    assert not post.valid and "total_math" in post.reason


def test_a_post_test_of_another_family_has_no_pre_test() -> None:
    best = Assessed("b", "BEST_PLUS", D, (("speaking_listening", 410),))
    result = levels([best, casas(LATER, reading=200)], daily(D, 30), "ESOL")
    post = result.posttests[0]
    assert not post.valid and post.reason == "no pre-test of CASAS at intake"


def test_a_post_test_not_retesting_the_efl_area_is_not_valid() -> None:
    result = levels([casas(D, reading=185), casas(LATER, listening=200)], daily(D, 30), "ESOL")
    assert result.posttests[0].reason == "does not retest the area that set the EFL (reading)"


def test_no_gain_reasons() -> None:
    assert levels([]).no_gain_reason() == "no EFL: no assessment at intake"
    assert levels([tabe(D, reading=400)]).no_gain_reason() == "no post-test"
    flat = levels([tabe(D, "a", reading=400), tabe(LATER, "b", reading=410)], daily(D, 30))
    assert flat.no_gain_reason() == "post-test not above the EFL"
    assert flat.highest.code == "ABE 2"


def test_esol_exit_is_a_gain_from_esol_6() -> None:
    result = levels([casas(D, reading=230), casas(LATER, reading=240)], daily(D, 30), "ESOL")
    assert result.gained == (7,)


def test_only_the_fiscal_years_tests_set_its_efl() -> None:
    result = levels(
        [tabe(date(2025, 6, 30), "old", reading=300), tabe(D, "new", reading=400)],
        fiscal_year=2025,
    )
    assert result.efl.code == "ABE 2" and result.efl_day == D
