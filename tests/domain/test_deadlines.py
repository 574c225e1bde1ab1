"""Every deadline of SPEC 3.3 on fixed dates, counted by hand (Utah Code 68-3-7)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seats.domain.calendars import BusinessCalendar, CalendarExhausted, SchoolCalendar
from seats.domain.deadlines import DeadlineFacts, compute_deadlines
from seats.domain.policy import Policy

D = date.fromisoformat
UT = BusinessCalendar()
BREAKS = {"2025-09-01", "2025-10-16", "2025-10-17", "2025-11-26", "2025-11-27", "2025-11-28"}
BREAKS |= {"2026-01-19", "2026-02-16", "2026-03-23", "2026-03-24", "2026-03-25"}
BREAKS |= {"2026-03-26", "2026-03-27"}


def _weekdays(first: str, last: str, closed: set[str]) -> list[date]:
    day, out = D(first), []
    while day <= D(last):
        winter = D("2025-12-22") <= day <= D("2026-01-02")
        if day.weekday() < 5 and day.isoformat() not in closed and not winter:
            out.append(day)
        day += timedelta(days=1)
    return out


# A provider calendar in session on Columbus Day (10-13) and Veterans Day (11-11): it decides.
PROVIDER = SchoolCalendar.of("Provider calendar", _weekdays("2025-08-18", "2026-06-05", BREAKS))
# The LEA is in session on Wednesday 11-26; the provider is not.
LEA = SchoolCalendar.of(
    "Alpine District", _weekdays("2025-08-18", "2026-06-05", BREAKS - {"2025-11-26"})
)


def deadlines(policy: Policy | None = None, **facts: object) -> dict[str, date]:
    result = compute_deadlines(
        DeadlineFacts(**facts),  # type: ignore[arg-type]
        business=UT,
        provider_calendar=PROVIDER,
        lea_calendar=LEA,
        policy=policy,
    )
    return {k: d.due for k, d in result.items()}


def explained(**facts: object) -> dict[str, object]:
    return compute_deadlines(
        DeadlineFacts(**facts),  # type: ignore[arg-type]
        business=UT,
        provider_calendar=PROVIDER,
        lea_calendar=LEA,
    )


def test_only_submission_known() -> None:
    got = deadlines(submitted=D("2025-11-25"))
    assert got == {
        "lea_decision_due": D("2025-12-01"),  # Wed, (Thanksgiving), Fri, Mon
        "provider_decision_due": D("2025-12-01"),
        "closeout": D("2026-06-30"),
        "late_pass_final_due": D("2026-08-01"),
    }


@pytest.mark.parametrize(
    ("submitted", "due"),
    [
        ("2027-07-21", "2027-07-27"),  # Pioneer Day observed Fri 07-23
        ("2026-07-01", "2026-07-07"),  # Independence Day observed Fri 07-03
        ("2025-09-05", "2025-09-10"),  # weekend
        ("2025-09-06", "2025-09-10"),  # submitted on a Saturday: Mon, Tue, Wed
    ],
)
def test_lea_decision_is_3_business_days_after_submission(submitted: str, due: str) -> None:
    assert deadlines(submitted=D(submitted))["lea_decision_due"] == D(due)


def test_provider_clock_paused_while_local_registration_is_pending() -> None:
    got = deadlines(submitted=D("2027-07-20"), local_registration_pending=True)
    assert "provider_decision_due" not in got
    assert got["lea_decision_due"] == D("2027-07-26")


def test_provider_clock_counts_from_local_registration_completion() -> None:
    got = explained(submitted=D("2027-07-19"), local_registration_completed=D("2027-07-22"))
    due = got["provider_decision_due"]
    assert due.due == D("2027-07-28")  # Mon 26, Tue 27, Wed 28 (Fri 23 observed)
    assert "local registration completed (2027-07-22)" in due.rule
    early = deadlines(submitted=D("2027-07-19"), local_registration_completed=D("2027-07-01"))
    assert early["provider_decision_due"] == D("2027-07-22"), "never earlier than submission"


def test_lea_may_cancel_only_a_state_issued_notice() -> None:
    by_state = deadlines(
        submitted=D("2027-07-14"), notice_of_enrollment=D("2027-07-21"), noe_issued_by_state=True
    )
    assert by_state["lea_cancellation_due"] == D("2027-07-27")
    by_lea = deadlines(submitted=D("2027-07-14"), notice_of_enrollment=D("2027-07-21"))
    assert "lea_cancellation_due" not in by_lea


def test_iep_forwarding_counts_school_days_of_the_lea_calendar() -> None:
    got = explained(
        submitted=D("2025-11-19"), provider_accepted=D("2025-11-24"), needs_iep_forwarding=True
    )
    assert got["iep_forwarding_due"].due == D("2025-12-01")  # Tue 25, Wed 26 (LEA), Mon 1
    assert got["iep_forwarding_due"].calendar == "school calendar: Alpine District"
    no_plan = deadlines(submitted=D("2025-11-19"), provider_accepted=D("2025-11-24"))
    assert "iep_forwarding_due" not in no_plan
    provider_only = compute_deadlines(
        DeadlineFacts(
            D("2025-11-19"), provider_accepted=D("2025-11-24"), needs_iep_forwarding=True
        ),
        business=UT,
        provider_calendar=PROVIDER,
    )
    assert provider_only["iep_forwarding_due"].due == D("2025-12-02"), "falls back to provider's"


def test_participation_deadlines_from_the_course_start() -> None:
    got = explained(submitted=D("2025-08-25"), course_start=D("2025-09-08"))
    # Sep 9-12 (4), 15-19 (9), 22-26 (14), Sep 29-Oct 3 (19), Oct 6 (20).
    assert got["withdrawal_period_end"].due == D("2025-10-06")
    assert "the course start date (2025-09-08)" in got["withdrawal_period_end"].rule
    assert got["census_day"].due == D("2025-10-07")
    assert got["confirmation_due"].due == D("2025-10-15")  # Columbus Day 10-13 skipped
    assert got["withdrawal_period_end"].calendar == "school calendar: Provider calendar"
    assert got["confirmation_due"].calendar == "Utah business days"


def test_withdrawal_period_crossing_thanksgiving_break_and_a_holiday_in_session() -> None:
    got = deadlines(submitted=D("2025-10-20"), course_start=D("2025-11-03"))
    # Nov 4-7 (4), 10-14 incl. Veterans Day in session (9), 17-21 (14), 24-25 (16),
    # break 26-28, Dec 1-4 (20).
    assert got["withdrawal_period_end"] == D("2025-12-04")
    assert got["census_day"] == D("2025-12-05")
    assert got["confirmation_due"] == D("2025-12-12")


def test_course_start_on_a_non_school_day_is_still_excluded() -> None:
    got = deadlines(submitted=D("2025-08-25"), course_start=D("2025-09-06"))  # Saturday
    assert got["withdrawal_period_end"] == D("2025-10-03")  # Sep 8 is day 1


def test_census_is_the_next_school_day_after_the_period() -> None:
    # Start Sep 17: the 20th school day after is Wed Oct 15; Oct 16-17 fall break; census Mon 20.
    got = deadlines(submitted=D("2025-09-01"), course_start=D("2025-09-17"))
    assert got["withdrawal_period_end"] == D("2025-10-15")
    assert got["census_day"] == D("2025-10-20")
    assert got["confirmation_due"] == D("2025-10-27")


def test_period_runs_from_enrollment_when_the_notice_comes_after_the_start() -> None:
    got = explained(
        submitted=D("2025-09-02"),
        course_start=D("2025-09-08"),
        notice_of_enrollment=D("2025-09-10"),
    )
    assert got["withdrawal_period_end"].due == D("2025-10-08")
    assert "enrollment (after the course start) (2025-09-10)" in got["withdrawal_period_end"].rule
    assert got["census_day"].due == D("2025-10-09")
    assert got["confirmation_due"].due == D("2025-10-17")  # 10, (13), 14, 15, 16, 17
    before = deadlines(
        submitted=D("2025-09-02"),
        course_start=D("2025-09-08"),
        notice_of_enrollment=D("2025-09-05"),
    )
    assert before["withdrawal_period_end"] == D("2025-10-06")


def test_second_withdrawal_period_of_a_full_credit_course() -> None:
    got = deadlines(
        submitted=D("2025-08-25"), course_start=D("2025-09-08"), second_half_start=D("2025-11-03")
    )
    assert got["second_withdrawal_period_end"] == D("2025-12-04")


def test_correction_and_administrative_withdrawal_windows() -> None:
    got = deadlines(
        submitted=D("2025-08-25"),
        not_confirmed_closed=D("2025-11-25"),
        intent_to_withdraw_sent=D("2026-07-01"),
    )
    assert got["correction_request_due"] == D("2025-12-01")
    assert got["administrative_withdrawal_due"] == D("2026-07-09")  # 2, (3 obs), 6, 7, 8, 9


@pytest.mark.parametrize(
    ("completed", "due", "calendar"),
    [
        ("2026-01-09", "2026-02-09", "Utah business days"),  # Sun 02-08 -> Mon
        ("2025-12-20", "2026-01-20", "Utah business days"),  # MLK Day 01-19 -> Tue
        ("2026-05-15", "2026-06-15", "Utah business days"),  # Sun 06-14 -> Mon
        ("2026-06-10", "2026-06-30", "fixed date"),  # June 30 comes first
    ],
)
def test_transcript_due_is_the_earlier_of_30_days_and_june_30(
    completed: str, due: str, calendar: str
) -> None:
    got = explained(submitted=D("2025-08-25"), completed=D(completed))
    assert got["transcript_due"].due == D(due)
    assert got["transcript_due"].calendar == calendar


def test_senior_transcript_due_uses_the_counselors_date() -> None:
    senior = {"submitted": D("2025-08-25"), "grade": 12, "transcript_due_set": D("2026-05-29")}
    assert deadlines(**senior)["transcript_due"] == D("2026-05-29")
    assert deadlines(**senior, completed=D("2026-05-15"))["transcript_due"] == D("2026-05-29")
    assert deadlines(**senior, completed=D("2026-04-10"))["transcript_due"] == D("2026-05-11")
    junior = {**senior, "grade": 11}
    assert "transcript_due" not in deadlines(**junior)
    assert deadlines(**junior, completed=D("2026-05-15"))["transcript_due"] == D("2026-06-15")


def test_late_pass_transcript_before_september_1() -> None:
    base = {"submitted": D("2025-08-25"), "late_pass": True}
    assert deadlines(**base, completed=D("2026-07-20"))["transcript_due"] == D("2026-08-19")
    assert deadlines(**base, completed=D("2026-08-10"))["transcript_due"] == D("2026-08-31")


def test_fixed_dates_do_not_move_even_on_weekends() -> None:
    got = deadlines(submitted=D("2028-09-12"))
    assert got["closeout"] == D("2029-06-30") and got["closeout"].weekday() == 5
    assert deadlines(submitted=D("2026-09-14"))["late_pass_final_due"] == D("2027-08-01")
    assert D("2027-08-01").weekday() == 6


def test_school_year_comes_from_the_course_start_or_is_given() -> None:
    assert deadlines(submitted=D("2025-06-20"))["closeout"] == D("2025-06-30")
    summer = deadlines(submitted=D("2025-06-20"), course_start=D("2025-07-07"))
    assert summer["closeout"] == D("2026-06-30")
    assert deadlines(submitted=D("2025-06-20"), school_year=2025)["closeout"] == D("2026-06-30")


def test_all_keys_once_every_fact_is_known() -> None:
    got = explained(
        submitted=D("2025-08-25"),
        local_registration_completed=D("2025-08-26"),
        provider_accepted=D("2025-08-27"),
        needs_iep_forwarding=True,
        notice_of_enrollment=D("2025-09-02"),
        noe_issued_by_state=True,
        course_start=D("2025-09-08"),
        second_half_start=D("2025-11-03"),
        completed=D("2026-01-09"),
        not_confirmed_closed=D("2025-10-20"),
        intent_to_withdraw_sent=D("2025-12-01"),
    )
    assert list(got) == [
        "lea_decision_due",
        "provider_decision_due",
        "lea_cancellation_due",
        "iep_forwarding_due",
        "withdrawal_period_end",
        "census_day",
        "confirmation_due",
        "second_half_start",
        "second_withdrawal_period_end",
        "second_census_day",
        "second_withdrawal_record_by",
        "correction_request_due",
        "administrative_withdrawal_due",
        "closeout",
        "late_pass_final_due",
        "transcript_due",
    ]
    for key, d in got.items():
        assert d.key == key and d.label and d.who and d.rule and d.calendar
        assert d.as_dict()["due"] == d.due.isoformat()


def test_policy_overrides_change_the_numbers_and_name_their_source() -> None:
    src = "setting of 2025-08-01: manual says 5"
    policy = Policy(2025).with_overrides(
        {"lea_decision_days": 5, "withdrawal_period_days": "10", "transcript_days": 10},
        source=src,
    )
    got = compute_deadlines(
        DeadlineFacts(D("2025-11-25"), course_start=D("2025-09-08"), completed=D("2026-01-09")),
        business=UT,
        provider_calendar=PROVIDER,
        policy=policy,
    )
    assert got["lea_decision_due"].due == D("2025-12-03")
    assert src in got["lea_decision_due"].rule
    assert got["withdrawal_period_end"].due == D("2025-09-22")
    assert src in got["withdrawal_period_end"].rule
    assert got["transcript_due"].due == D("2026-01-20")  # Mon 01-19 is MLK Day
    assert "state default" in got["confirmation_due"].rule


def test_calendar_days_unit_and_moved_fixed_dates() -> None:
    policy = Policy(2025).with_overrides(
        {"withdrawal_period_unit": "calendar", "late_pass_final": "09-30", "closeout": "06-15"},
        source="setting of 2025-07-01: board vote",
    )
    got = compute_deadlines(
        DeadlineFacts(D("2025-08-25"), course_start=D("2025-09-08")),
        business=UT,
        provider_calendar=PROVIDER,
        policy=policy,
    )
    assert got["withdrawal_period_end"].due == D("2025-09-29")  # Sun 09-28 -> Mon
    assert got["withdrawal_period_end"].calendar.startswith("calendar days")
    assert got["late_pass_final_due"].due == D("2026-09-30")
    assert got["closeout"].due == D("2026-06-15")
    assert "board vote" in got["closeout"].rule


def test_a_calendar_too_short_for_the_period_says_so() -> None:
    with pytest.raises(CalendarExhausted, match="Provider calendar"):
        deadlines(submitted=D("2026-05-01"), course_start=D("2026-05-18"))


@settings(max_examples=60, deadline=None)
@given(
    submitted=st.dates(min_value=date(2025, 8, 1), max_value=date(2026, 2, 1)),
    start_offset=st.one_of(st.none(), st.integers(min_value=0, max_value=60)),
    completed_offset=st.one_of(st.none(), st.integers(min_value=30, max_value=200)),
    pending=st.booleans(),
)
def test_every_deadline_is_explained_and_after_its_event(
    submitted: date, start_offset: int | None, completed_offset: int | None, pending: bool
) -> None:
    start = submitted + timedelta(days=start_offset) if start_offset is not None else None
    done = submitted + timedelta(days=completed_offset) if completed_offset is not None else None
    got = explained(
        submitted=submitted,
        course_start=start,
        completed=done,
        local_registration_pending=pending,
        school_year=2025,
    )
    assert got["lea_decision_due"].due > submitted
    assert ("provider_decision_due" in got) is not pending
    for d in got.values():
        assert d.rule.strip() and d.calendar.strip()
    if start is not None:
        assert start < got["withdrawal_period_end"].due < got["census_day"].due
        assert got["census_day"].due < got["confirmation_due"].due
        assert UT.is_business_day(got["confirmation_due"].due)
    if done is not None:
        assert got["transcript_due"].due <= D("2026-06-30")
