"""The TOR alignment rule and the timeline's step states (seats.domain.compliance.tor)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from seats.domain.compliance.calendar import Obligation, State, calendar, on
from seats.domain.compliance.tor import (
    CycleFacts,
    Educator,
    Reason,
    Requirement,
    Step,
    alignment,
    background_current,
    step_states,
)
from seats.domain.policy import MonthDay, Policy

POLICY = Policy(2025)
MATH = Requirement("0310", ("Secondary",), ("Math", "Mathematics"))
DAY = date(2025, 8, 15)


def teacher(**kw: object) -> Educator:
    values: dict[str, object] = dict(
        license_areas=("Secondary",), endorsements=("Math",), background_check_date=date(2024, 1, 5)
    )
    values.update(kw)
    return Educator(**values)  # type: ignore[arg-type]


def test_an_aligned_tor_has_no_reason() -> None:
    assert alignment(teacher(), MATH, as_of=DAY, policy=POLICY) == []
    assert alignment(teacher(endorsements=(" mathematics ",)), MATH, as_of=DAY, policy=POLICY) == []


def test_each_reason_of_a_misaligned_tor() -> None:
    assert alignment(teacher(license_areas=("Elementary",)), MATH, as_of=DAY, policy=POLICY) == [
        Reason.LICENSE_AREA
    ]
    assert alignment(teacher(endorsements=("Art",)), MATH, as_of=DAY, policy=POLICY) == [
        Reason.ENDORSEMENT
    ]
    assert alignment(teacher(background_check_date=None), MATH, as_of=DAY, policy=POLICY) == [
        Reason.NO_BACKGROUND_CHECK
    ]
    old = teacher(background_check_date=date(2020, 8, 15))
    assert alignment(old, MATH, as_of=DAY, policy=POLICY) == [Reason.BACKGROUND_CHECK_EXPIRED]
    assert alignment(teacher(), None, as_of=DAY, policy=POLICY) == [Reason.NO_REQUIREMENT]


def test_a_concurrent_enrollment_instructor_without_a_k12_license() -> None:
    ce = teacher(license_areas=(), endorsements=(), concurrent_enrollment=True)
    assert alignment(ce, MATH, as_of=DAY, policy=POLICY) == [Reason.NO_BACKGROUND_DOCUMENT]
    documented = teacher(
        license_areas=(), endorsements=(), concurrent_enrollment=True, background_document="bc.pdf"
    )
    assert alignment(documented, MATH, as_of=DAY, policy=POLICY) == []
    unlicensed = teacher(license_areas=(), endorsements=())
    assert Reason.LICENSE_AREA in alignment(unlicensed, MATH, as_of=DAY, policy=POLICY)


@given(st.dates(date(2000, 1, 1), date(2040, 12, 31)), st.integers(1, 10))
def test_a_background_check_is_current_for_exactly_its_years(checked: date, years: int) -> None:
    assert background_current(checked, as_of=checked, years=years)
    assert not background_current(checked, as_of=date(checked.year + years, 12, 31), years=years)
    assert not background_current(None, as_of=checked, years=years)


def test_the_steps_fall_on_the_manuals_dates_and_follow_the_policy() -> None:
    facts = CycleFacts(None, None, None, None, None, misaligned=0)
    states = {s.step: s for s in step_states(facts, policy=POLICY, as_of=date(2025, 7, 16))}
    assert states[Step.OPEN].due == date(2025, 7, 1) and states[Step.OPEN].overdue
    assert states[Step.SUBMIT].due == date(2025, 7, 15) and states[Step.SUBMIT].overdue
    assert states[Step.NOTICE].due == date(2025, 8, 15) and not states[Step.NOTICE].overdue
    assert states[Step.FINAL_REVIEW].due == date(2025, 10, 15)
    assert not states[Step.CORRECTIVE_ACTION].needed
    moved = POLICY.with_overrides({"tor_spreadsheet_due": "07-31"})
    states = {s.step: s for s in step_states(facts, policy=moved, as_of=date(2025, 7, 16))}
    assert states[Step.SUBMIT].due == date(2025, 7, 31) and not states[Step.SUBMIT].overdue


def test_a_corrective_action_is_needed_only_for_what_the_final_review_left() -> None:
    left = CycleFacts(*(date(2025, 7, 1),) * 4, None, misaligned=2)
    action = step_states(left, policy=POLICY, as_of=date(2025, 10, 20))[-1]
    assert action.needed and action.overdue
    clean = CycleFacts(*(date(2025, 7, 1),) * 4, None, misaligned=0)
    assert not step_states(clean, policy=POLICY, as_of=date(2025, 10, 20))[-1].needed


def test_the_provider_calendar_spans_the_school_year() -> None:
    dated = {d.obligation: d for d in calendar(POLICY)}
    assert dated[Obligation.TOR_SPREADSHEET].due == date(2025, 7, 15)
    assert dated[Obligation.TEACHING_ASSIGNMENTS].due == date(2025, 10, 13)
    assert dated[Obligation.COURSE_REQUEST].due == date(2026, 2, 15)
    assert dated[Obligation.COURSE_REQUEST].opens == date(2026, 1, 2)
    assert dated[Obligation.COURSE_REQUEST].remind_on == date(2026, 2, 1)
    assert dated[Obligation.TOR_SPREADSHEET].remind_on == date(2025, 7, 1), "not before it opens"
    row = dated[Obligation.TEACHING_ASSIGNMENTS]
    assert row.state(done_on=None, as_of=date(2025, 9, 1)) is State.UPCOMING
    assert row.state(done_on=None, as_of=date(2025, 9, 29)) is State.DUE_SOON
    assert row.state(done_on=None, as_of=date(2025, 10, 14)) is State.OVERDUE
    assert row.state(done_on=date(2025, 10, 1), as_of=date(2025, 10, 14)) is State.DONE
    assert on(2025, MonthDay(6, 30)) == date(2026, 6, 30)


WORDS = st.sampled_from(["Secondary", "Elementary", "Math", "Science", "Art", "CTE"])


@given(
    st.lists(WORDS, max_size=3),
    st.lists(WORDS, max_size=3),
    st.lists(WORDS, max_size=3),
    st.lists(WORDS, max_size=3),
    WORDS,
)
def test_a_further_license_or_endorsement_never_misaligns(areas, endorsements, req_a, req_e, extra):
    requirement = Requirement("0310", tuple(req_a), tuple(req_e))
    before = alignment(
        teacher(license_areas=tuple(areas), endorsements=tuple(endorsements)),
        requirement,
        as_of=DAY,
        policy=POLICY,
    )
    more = teacher(license_areas=(*areas, extra), endorsements=(*endorsements, extra))
    after = alignment(more, requirement, as_of=DAY, policy=POLICY)
    assert set(after) <= set(before)
