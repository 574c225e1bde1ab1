"""Every deadline of a CCA (SPEC 3.3), named, dated and explained.

``compute_deadlines`` takes the dated facts of one CCA and returns the deadlines those facts
allow, each with the rule that produced it and the calendar it counted on. The services store the
dates on the CCA (so the daily sweep is set-based SQL); the ``seats deadlines`` command and the
web pages print the explanations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .calendars import BusinessCalendar, SchoolCalendar, school_year_of
from .policy import DayUnit, MonthDay, Policy
from .windows import course_school_year, derive_second_half_start

#: Deadlines that end a party's optional right, not a duty (issue 9): the primary LEA *may*
#: cancel a notice the state issued on its silence; the provider *may* ask the state to correct
#: a mistaken Not Confirmed Closed. Letting one pass is never "overdue": until the date the page
#: says who "may ... until", afterwards the right has lapsed. The daily sweep flags none of them.
OPTIONAL_RIGHTS = frozenset({"lea_cancellation_due", "correction_request_due"})


class Standing:
    """Where a deadline stands today (``standing``)."""

    DONE = "done"  # nobody has to act on it any more
    OPEN = "open"  # a duty, still in time
    OVERDUE = "overdue"  # a duty someone failed to do by its date
    MAY = "may"  # an optional right, still available
    LAPSED = "lapsed"  # an optional right whose date has passed


def standing(key: str, due: date, today: date, *, open_work: bool) -> str:
    """Whether a deadline is a duty in time, a duty overdue, a right still available or lapsed.
    ``open_work``: the CCA's state still asks for what the deadline is about."""
    if not open_work:
        return Standing.DONE
    if key in OPTIONAL_RIGHTS:
        return Standing.MAY if today <= due else Standing.LAPSED
    return Standing.OVERDUE if due < today else Standing.OPEN


@dataclass(frozen=True, slots=True)
class Deadline:
    key: str
    label: str
    due: date
    who: str
    rule: str
    calendar: str

    def as_dict(self) -> dict[str, str]:
        return {
            "key": self.key,
            "label": self.label,
            "due": self.due.isoformat(),
            "who": self.who,
            "rule": self.rule,
            "calendar": self.calendar,
        }


@dataclass(frozen=True, slots=True)
class DeadlineFacts:
    """The dated facts of one CCA. Only ``submitted`` is required; each further fact unlocks the
    deadlines that depend on it."""

    submitted: date
    school_year: int | None = None
    local_registration_completed: date | None = None
    local_registration_pending: bool = False  # the provider's clock is paused until it is done
    provider_accepted: date | None = None
    needs_iep_forwarding: bool = False
    notice_of_enrollment: date | None = None
    noe_issued_by_state: bool = False
    course_start: date | None = None
    # 1.0-credit courses: the second 0.5 credit starts on the date the provider entered, or on
    # the date the term-structure policy derives from the provider's calendar.
    full_credit_course: bool = False
    second_half_start: date | None = None  # as entered by the provider
    completed: date | None = None
    grade: int | None = None
    transcript_due_set: date | None = None  # the counselor's TranscriptDue (seniors)
    late_pass: bool = False
    not_confirmed_closed: date | None = None
    intent_to_withdraw_sent: date | None = None

    @property
    def effective_school_year(self) -> int:
        if self.school_year is not None:
            return self.school_year
        if self.course_start is None:
            return school_year_of(self.submitted)
        # A summer course counts in the upcoming school year (SPEC 3).
        return course_school_year(self.course_start, summer_start=Policy.summer_session_start)


def fixed_date(month_day: MonthDay, year: int) -> date:
    return date(year, month_day.month, month_day.day)


def _iso(d: date) -> str:
    return d.isoformat()


class _Builder:
    def __init__(self, business: BusinessCalendar, school: SchoolCalendar, policy: Policy) -> None:
        self.business = business
        self.school = school
        self.policy = policy
        self.out: dict[str, Deadline] = {}

    def add(self, key: str, label: str, due: date, who: str, rule: str, calendar: str) -> date:
        self.out[key] = Deadline(key, label, due, who, rule, calendar)
        return due

    def business_days(
        self, key: str, label: str, start: date, n: int, who: str, event: str, setting: str
    ) -> date:
        due = self.business.add_business_days(start, n)
        source = self.policy.source(setting)
        rule = f"{n} business days after {event} ({_iso(start)}), that day not counted [{source}]"
        return self.add(key, label, due, who, rule, self.business.name)

    def days(
        self, unit: DayUnit, calendar: SchoolCalendar, start: date, n: int
    ) -> tuple[date, str]:
        if unit is DayUnit.SCHOOL:
            return calendar.add_school_days(start, n), f"school calendar: {calendar.name}"
        if unit is DayUnit.BUSINESS:
            return self.business.add_business_days(start, n), self.business.name
        return self.business.add_calendar_days(
            start, n
        ), "calendar days, moved to the next business day"


def compute_deadlines(
    facts: DeadlineFacts,
    *,
    business: BusinessCalendar,
    provider_calendar: SchoolCalendar,
    lea_calendar: SchoolCalendar | None = None,
    policy: Policy | None = None,
) -> dict[str, Deadline]:
    """All deadlines the facts allow, keyed by name, in lifecycle order."""
    year = facts.effective_school_year
    policy = policy or Policy(year)
    b = _Builder(business, provider_calendar, policy)
    _decisions(b, facts)
    _participation(b, facts, lea_calendar or provider_calendar)
    _closeout(b, facts, year)
    return b.out


def _decisions(b: _Builder, f: DeadlineFacts) -> None:
    p = b.policy
    b.business_days(
        "lea_decision_due",
        "Primary LEA approves or rejects",
        f.submitted,
        p.lea_decision_days,
        "primary LEA",
        "submission",
        "lea_decision_days",
    )
    registered = max(f.local_registration_completed or f.submitted, f.submitted)
    if not f.local_registration_pending:
        event = "submission" if registered == f.submitted else "local registration completed"
        b.business_days(
            "provider_decision_due",
            "Provider accepts or rejects",
            registered,
            p.provider_decision_days,
            "provider",
            event,
            "provider_decision_days",
        )
    if f.notice_of_enrollment and f.noe_issued_by_state:
        b.business_days(
            "lea_cancellation_due",
            "Primary LEA may cancel the state-issued notice",
            f.notice_of_enrollment,
            p.lea_cancellation_days,
            "primary LEA",
            "the state-issued Notice of Enrollment",
            "lea_cancellation_days",
        )


def _participation(b: _Builder, f: DeadlineFacts, lea_calendar: SchoolCalendar) -> None:
    p = b.policy
    if f.provider_accepted and f.needs_iep_forwarding:
        due, cal = b.days(
            p.iep_forwarding_unit, lea_calendar, f.provider_accepted, p.iep_forwarding_days
        )
        b.add(
            "iep_forwarding_due",
            "Primary LEA forwards the IEP / 504 plan",
            due,
            "primary LEA",
            f"{p.iep_forwarding_days} {p.iep_forwarding_unit.value} days after provider acceptance "
            f"({_iso(f.provider_accepted)}) [{p.source('iep_forwarding_days')}]",
            cal,
        )
    if f.course_start:
        start, basis = f.course_start, "the course start date"
        if f.notice_of_enrollment and f.notice_of_enrollment > f.course_start:
            start, basis = f.notice_of_enrollment, "enrollment (after the course start)"
        end, cal = b.days(p.withdrawal_period_unit, b.school, start, p.withdrawal_period_days)
        b.add(
            "withdrawal_period_end",
            "Withdrawal period ends",
            end,
            "student",
            f"{p.withdrawal_period_days} {p.withdrawal_period_unit.value} days after {basis} "
            f"({_iso(start)}), that day not counted [{p.source('withdrawal_period_days')}]",
            cal,
        )
        census = b.school.next_school_day(end)
        b.add(
            "census_day",
            "Day of Census",
            census,
            "provider",
            f"the next school day after the withdrawal period ({_iso(end)})",
            f"school calendar: {b.school.name}",
        )
        b.business_days(
            "confirmation_due",
            "Provider confirms or closes (Not Confirmed Closed)",
            census,
            p.confirmation_days,
            "provider",
            "the Day of Census",
            "confirmation_days",
        )
    _second_half(b, f)
    if f.not_confirmed_closed:
        b.business_days(
            "correction_request_due",
            "Provider asks the state to correct a mistaken Not Confirmed Closed",
            f.not_confirmed_closed,
            p.correction_request_days,
            "provider",
            "Not Confirmed Closed was set",
            "correction_request_days",
        )
    if f.intent_to_withdraw_sent:
        b.business_days(
            "administrative_withdrawal_due",
            "Provider withdraws if no reinstatement is requested",
            f.intent_to_withdraw_sent,
            p.administrative_withdrawal_days,
            "provider",
            "the notice of intent to withdraw",
            "administrative_withdrawal_days",
        )


def _second_half(b: _Builder, f: DeadlineFacts) -> None:
    """The second withdrawal window of a 1.0-credit course (R277-726-2(19)(c)) and its own Day
    of Census and last day to record a withdrawal dated inside it."""
    p = b.policy
    start, rule = f.second_half_start, "entered by the provider"
    if start is None and f.full_credit_course and f.course_start:
        start = derive_second_half_start(
            f.course_start,
            b.school,
            school_days=p.second_half_start_school_days,
            school_year=f.effective_school_year,
        )
        n = p.second_half_start_school_days
        how = f"{n} school days after" if n else "halfway through the school year's days from"
        rule = (
            f"derived: {how} the course start ({_iso(f.course_start)}) "
            f"[{p.source('second_half_start_school_days')}]; the provider may change it"
        )
    if start is None:
        return
    cal = f"school calendar: {b.school.name}"
    b.add("second_half_start", "Second 0.5 credit starts", start, "provider", rule, cal)
    end, cal = b.days(p.withdrawal_period_unit, b.school, start, p.withdrawal_period_days)
    b.add(
        "second_withdrawal_period_end",
        "Withdrawal period of the second 0.5 credit ends",
        end,
        "student",
        f"{p.withdrawal_period_days} {p.withdrawal_period_unit.value} days after the second "
        f"0.5 credit starts ({_iso(start)}), that day not counted "
        f"[{p.source('withdrawal_period_days')}]",
        cal,
    )
    census = b.school.next_school_day(end)
    b.add(
        "second_census_day",
        "Day of Census of the second 0.5 credit",
        census,
        "provider",
        f"the next school day after the second withdrawal period ({_iso(end)})",
        f"school calendar: {b.school.name}",
    )
    b.business_days(
        "second_withdrawal_record_by",
        "Last day to record a withdrawal of the second window",
        census,
        p.confirmation_days,
        "provider",
        "the second Day of Census",
        "confirmation_days",
    )


def _closeout(b: _Builder, f: DeadlineFacts, year: int) -> None:
    p = b.policy
    closeout = fixed_date(p.closeout, year + 1)
    late_final = fixed_date(p.late_pass_final, year + 1)
    b.add(
        "closeout",
        "Every CCA in a closeout status",
        closeout,
        "provider",
        f"fixed date {p.closeout} of the school year (does not move) [{p.source('closeout')}]",
        "fixed date",
    )
    b.add(
        "late_pass_final_due",
        "Anticipated Late Pass finalized",
        late_final,
        "provider",
        f"fixed date {p.late_pass_final} after the school year (does not move) "
        f"[{p.source('late_pass_final')}]",
        "fixed date",
    )
    _transcript(b, f, closeout, year)


def _transcript(b: _Builder, f: DeadlineFacts, closeout: date, year: int) -> None:
    """The earlier of 30 days after completion and a cap: June 30, the senior's TranscriptDue,
    or (late passes) the day before Sept 1. Before completion only a senior's date is known."""
    p = b.policy
    label, who = "Transcript to the state, primary school and parent", "provider"
    senior_due = f.transcript_due_set if f.grade == 12 else None
    if f.completed is None:
        if senior_due is not None:
            b.add(
                "transcript_due",
                label,
                senior_due,
                who,
                "the TranscriptDue date the counselor set (fixed; the earlier of it and "
                f"{p.transcript_days} days after completion once the course is completed)",
                "fixed date",
            )
        return
    after = b.business.add_calendar_days(f.completed, p.transcript_days)
    after_rule = (
        f"{p.transcript_days} days after completion ({_iso(f.completed)}), moved to a business "
        f"day [{p.source('transcript_days')}]"
    )
    cap: date
    if f.late_pass:
        cap = fixed_date(p.late_pass_transcript, year + 1)
        cap_rule = f"late passes: by {p.late_pass_transcript} (before Sept 1)"
    elif senior_due is not None:
        cap, cap_rule = senior_due, "the counselor's TranscriptDue date (seniors)"
    else:
        cap, cap_rule = closeout, f"June 30 of the school year ({p.closeout})"
    if after <= cap:
        due, calendar, rule = after, b.business.name, f"{after_rule}; not later than {cap_rule}"
    else:
        due, calendar, rule = cap, "fixed date", f"{cap_rule}, which comes before {after_rule}"
    b.add("transcript_due", label, due, who, rule, calendar)
