"""Policy settings per school year (SPEC 3.3, 3.4, 6): every number the state may change.

The defaults are SPEC's. The state changes a value by recording a dated setting for a school year
(stored by ``seats.core.models.PolicySetting``); ``Policy.with_overrides`` validates and applies
them. Each value remembers where it came from so a deadline can explain itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from .errors import InvalidInput


class DayUnit(StrEnum):
    BUSINESS = "business"
    SCHOOL = "school"
    CALENDAR = "calendar"


class PartialCreditPayment(StrEnum):
    """How a ".25 earned" closeout pays the second half of the fee (an interpretation: the
    manual pays the rest "after course completion" and is silent on partial credit)."""

    PRO_RATA = "pro_rata"  # second half x credit earned / credit attempted
    NONE = "none"  # first half only, like a closeout with no credit


class Tier(StrEnum):
    I = "I"  # noqa: E741 - the state's own tier names
    II = "II"
    III = "III"
    IV = "IV"


#: Illustrative fee per 1.0 credit for each tier. The state loads each year's table (fees rise
#: with the WPU); these defaults only make a fresh installation and the demo coherent.
DEFAULT_FEES = {
    Tier.I: Decimal("348.00"),
    Tier.II: Decimal("454.00"),
    Tier.III: Decimal("566.00"),
    Tier.IV: Decimal("680.00"),
}


@dataclass(frozen=True)
class MonthDay:
    """A fixed date of the year (June 30, August 1): it never moves to a business day."""

    month: int
    day: int

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"

    @classmethod
    def parse(cls, text: str) -> MonthDay:
        try:
            month, day = (int(p) for p in str(text).strip().split("-"))
            date(2023, month, day)  # not a leap year: a fixed date must exist every year
        except (ValueError, TypeError):
            raise InvalidInput(
                f"{text!r} is not a month-day like 06-30 (one that exists every year).",
                field="value",
            ) from None
        return cls(month, day)


@dataclass(frozen=True)
class Policy:
    school_year: int
    lea_decision_days: int = 3  # business days from submission
    provider_decision_days: int = 3  # business days, paused while local registration is incomplete
    provider_decision_target_hours: int = 24  # the manual's target; shown, not enforced
    lea_cancellation_days: int = 3  # 72 business hours after a state-issued notice
    iep_forwarding_days: int = 3
    iep_forwarding_unit: DayUnit = DayUnit.SCHOOL
    withdrawal_period_days: int = 20
    withdrawal_period_unit: DayUnit = DayUnit.SCHOOL
    confirmation_days: int = 5  # business days after the Day of Census
    correction_request_days: int = 3  # business days to ask the state to fix a Not Confirmed Closed
    correction_decision_days: int = 3  # business days for the state to grant or deny that request
    inactivity_days: int = 10
    administrative_withdrawal_days: int = 5  # business days after the notice of intent
    transcript_days: int = 30  # calendar days after completion
    closeout: MonthDay = MonthDay(6, 30)
    late_pass_final: MonthDay = MonthDay(8, 1)
    late_pass_transcript: MonthDay = MonthDay(8, 31)  # "before Sept 1"
    # Anticipated Late Pass is set from this day of the school year's spring until June 30.
    anticipated_late_pass_from: MonthDay = MonthDay(6, 1)
    # A course starting on/after this day (before July 1) belongs to the upcoming school year.
    summer_session_start: MonthDay = MonthDay(6, 1)
    # When the second 0.5 credit of a 1.0-credit course starts unless the provider enters it:
    # N school days after the course start, or 0 for halfway through the school year's remaining
    # school days on the provider's calendar.
    second_half_start_school_days: int = 0
    payment_cutoff_day: int = 9
    # "End of business" on the cutoff day, in the state's time zone (America/Denver): a change
    # recorded before this hour on the cutoff day is paid in that month's run.
    payment_cutoff_hour: int = 17
    partial_credit_payment: PartialCreditPayment = PartialCreditPayment.PRO_RATA
    # Separation of duties for the monthly payment run: 2 = the state administrator who
    # approved a run may not also post it; 1 = one person may do both.
    payment_run_people: int = 2
    # R277-726-9(3): home and private school funds left by this day may be released to pending
    # requests; before it, home-school requests use the home-school share (at least 50%).
    appropriation_release_day: MonthDay = MonthDay(12, 1)
    credit_limit: Decimal = Decimal("6")
    # The provider's minimum course completion rate, in percent (Provider Manual, "Mandatory
    # Minimum Rate of Completion"); a provider under it is flagged (seats.reports).
    completion_rate_minimum: Decimal = Decimal("80")
    # Public reports: a figure for fewer than this many students is shown as "n<10".
    report_minimum_group: int = 10
    # Pupil accounting (SPEC 9, 004 section D-E; seats.domain.membership): a learner-validated
    # student is out of membership after this many consecutive school days with no engagement.
    membership_gap_days: int = 10
    # The teacher and counselor are warned after this many silent school days (before the limit).
    membership_warning_days: int = 7
    # Continued enrollment is documented at least once every this many school days (004 E.3).
    enrollment_check_days: int = 10
    # Home and hospital: minutes of direct instruction a week (004 D.4.b).
    home_hospital_weekly_minutes: int = 120
    # The most membership days a student counts in a school year (partial years prorated).
    membership_day_cap: int = 180
    # School age on September 1 of the school year: from the minimum up to the maximum age.
    membership_min_age: int = 5
    membership_max_age: int = 18

    # Adult education (002; docs/adult-education.md): the NRS minimum instructional hours between
    # a pre- and a post-test of the same family, the most contact hours a day may carry, the
    # minutes of one contact hour, the hours that make an enrollee, the clock hours per WPU.
    adulted_min_gain_hours: int = 40
    adulted_max_day_hours: int = 10
    adulted_contact_hour_minutes: int = 45
    adulted_enrollee_hours: int = 12
    adulted_wpu_hours: int = 990

    # The yearly provider cycle and TOR accountability (seats.compliance, docs/compliance.md).
    # A month-day from July 1 falls in the school year's first calendar year, earlier ones in
    # its second (the January Course Request Spreadsheet of SY2026-27 is due 2027-02-15).
    tor_spreadsheet_open: MonthDay = MonthDay(7, 1)
    tor_spreadsheet_due: MonthDay = MonthDay(7, 15)
    tor_notice: MonthDay = MonthDay(8, 15)
    tor_final_review: MonthDay = MonthDay(10, 15)
    teaching_assignments_due: MonthDay = MonthDay(10, 13)
    course_request_open: MonthDay = MonthDay(1, 2)
    course_request_due: MonthDay = MonthDay(2, 15)
    annual_renewal_due: MonthDay = MonthDay(3, 31)  # the manual leaves it to the state's e-mail
    monitoring_visit: MonthDay = MonthDay(4, 15)  # "an annual site visit each spring"
    background_check_years: int = 5  # how long a background check counts as current
    corrective_action_days: int = 30  # calendar days a Notice of Corrective Action gives
    compliance_reminder_days: int = 14  # calendar days before a provider obligation's date
    retention_years: int = 5  # years after the student exits before personal data is removed
    fees: dict[Tier, Decimal] = field(default_factory=lambda: dict(DEFAULT_FEES))
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    def source(self, key: str) -> str:
        """Where a value comes from: 'state default' or the dated setting that changed it."""
        return self.sources.get(key, "state default")

    def fee_for(self, tier: Tier, credit: Decimal) -> Decimal:
        return (self.fees[tier] * credit).quantize(Decimal("0.01"))

    def with_overrides(self, settings: dict[str, Any], *, source: str = "policy setting") -> Policy:
        """Apply ``{key: raw value}`` (fees as ``fee_tier_I`` ...); unknown keys and bad values
        raise ``InvalidInput`` naming the key."""
        changes: dict[str, Any] = {}
        fees = dict(self.fees)
        sources = dict(self.sources)
        for key, raw in settings.items():
            if key.startswith("fee_tier_"):
                tier_name = key.removeprefix("fee_tier_")
                if tier_name not in Tier.__members__:
                    raise InvalidInput(f"Unknown fee tier in {key!r}.", field=key)
                fees[Tier(tier_name)] = _decimal(key, raw)
            else:
                changes[key] = coerce_setting(key, raw)
            sources[key] = source
        return replace(self, **changes, fees=fees, sources=sources)


_FIELD_TYPES = {f.name: f.type for f in fields(Policy)}
SETTING_KEYS = sorted(
    [k for k in _FIELD_TYPES if k not in {"school_year", "fees", "sources"}]
    + [f"fee_tier_{t.value}" for t in Tier]
)


#: Bounds of whole-number settings: a period of 0 days would make a deadline the event's own day
#: (and a school-day count impossible), so day counts start at 1.
_INT_BOUNDS: dict[str, tuple[int, int]] = {
    "payment_cutoff_day": (1, 28),
    "payment_cutoff_hour": (0, 23),
    "payment_run_people": (1, 2),
    "provider_decision_target_hours": (1, 24 * 30),
    "second_half_start_school_days": (0, 366),
    "report_minimum_group": (1, 1000),
    "home_hospital_weekly_minutes": (1, 7 * 24 * 60),
    "membership_min_age": (3, 25),
    "membership_max_age": (3, 25),
    "adulted_max_day_hours": (1, 24),
    "adulted_contact_hour_minutes": (1, 60),
    "adulted_wpu_hours": (1, 2000),
}
_DEFAULT_INT_BOUNDS = (1, 366)
_PERCENT_KEYS = frozenset({"completion_rate_minimum"})


def _decimal(key: str, raw: Any) -> Decimal:
    if isinstance(raw, bool):
        raise InvalidInput(f"{key} must be a number, not {raw!r}.", field=key)
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise InvalidInput(f"{key} must be a number, not {raw!r}.", field=key) from None
    if not value.is_finite():
        raise InvalidInput(f"{key} must be a number, not {raw!r}.", field=key)
    if value < 0:
        raise InvalidInput(f"{key} cannot be negative.", field=key)
    if key in _PERCENT_KEYS and value > 100:
        raise InvalidInput(f"{key} is a percentage: at most 100.", field=key)
    return value


def _int(key: str, raw: Any) -> int:
    """A whole number; 3.0 or "3" is fine, 3.5, True or "three" is refused (never truncated)."""
    if isinstance(raw, bool):
        raise InvalidInput(f"{key} must be a whole number, not {raw!r}.", field=key)
    try:
        number = Decimal(str(raw).strip())
        if not number.is_finite() or number != number.to_integral_value():
            raise ValueError
        value = int(number)
    except (ValueError, InvalidOperation):
        raise InvalidInput(f"{key} must be a whole number, not {raw!r}.", field=key) from None
    low, high = _INT_BOUNDS.get(key, _DEFAULT_INT_BOUNDS)
    if not low <= value <= high:
        raise InvalidInput(f"{key} must be between {low} and {high}, not {value}.", field=key)
    return value


def coerce_setting(key: str, raw: Any) -> Any:
    """Turn a stored raw value into the typed value of setting ``key``."""
    if key.startswith("fee_tier_") and key in SETTING_KEYS:
        return _decimal(key, raw)
    kind = _FIELD_TYPES.get(key)
    if kind is None or key in {"school_year", "fees", "sources"}:
        raise InvalidInput(
            f"Unknown policy setting {key!r}. Known settings: {', '.join(SETTING_KEYS)}.",
            field="key",
        )
    if kind == "int":
        return _int(key, raw)
    if kind == "Decimal":
        return _decimal(key, raw)
    if kind == "DayUnit":
        try:
            return DayUnit(str(raw).strip().lower())
        except ValueError:
            raise InvalidInput(
                f"{key} must be one of {', '.join(u.value for u in DayUnit)}, not {raw!r}.",
                field=key,
            ) from None
    if kind == "PartialCreditPayment":
        try:
            return PartialCreditPayment(str(raw).strip().lower())
        except ValueError:
            choices = ", ".join(u.value for u in PartialCreditPayment)
            raise InvalidInput(f"{key} must be one of {choices}, not {raw!r}.", field=key) from None
    if kind == "MonthDay":
        if isinstance(raw, MonthDay):
            return raw
        try:
            return MonthDay.parse(raw)
        except InvalidInput as exc:
            raise InvalidInput(f"{key}: {exc.message}", field=key) from None
    raise InvalidInput(f"{key} cannot be set.", field=key)  # pragma: no cover - table is closed
