"""The home and private school appropriation (R277-726-9; SPEC 6; Provider Manual, "Funding for
Home School Students").

A home-school student's CCA (primary LEA ``HOME``) is paid from the year's appropriation, not
withheld from an LEA. The state records the year's amount; SEATS keeps

    balance = appropriation - obligated outside SEATS - obligated - paid

where *paid* is what the ledger paid from the appropriation account, and *obligated* is, per
HOME CCA the state approved (or that reached a Notice of Enrollment), the part of its fee not
paid yet and still payable. The fee is obligated at the state's approval; the obligation is
released when the CCA ends without payment (a closeout before Confirmed), and what a closeout
can no longer pay (the second half of a closeout with no credit) is released with it.

Allocation (R277-726-9(2), (3)), as SEATS applies it:

- before the release day (``appropriation_release_day``, December 1) home-school requests use
  the home-school share: at least 50% of the appropriation ((2)(a); the state may set more);
- from the release day, funds left are released to pending requests ((3)) and every request is
  served first come, first served from the whole balance ((2)(b)(i)). SEATS takes requests only
  for home-school students (private-school students are not eligible, SPEC 3.4), so the
  preference for home-school students ((2)(b)(ii)) always holds;
- either way requests are served in request order: an approval that would leave an earlier
  pending request of the same year without funds is refused, as is one that would overspend.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..errors import GuardFailed, InvalidInput
from ..policy import Policy
from ..statuses import Status
from .money import ZERO, cents, parse_amount, split_fee
from .tranches import second_half_owed

RULE = "R277-726-9"
RULE_SHARE = "R277-726-9(2)(a)"
RULE_ORDER = "R277-726-9(2)(b)(i)"
RULE_RELEASE = "R277-726-9(3)"
MIN_HOME_SHARE = Decimal("50")


@dataclass(frozen=True)
class Obligated:
    """One HOME CCA the appropriation is committed to."""

    cca_id: int
    amount: Decimal  # the fee obligated at approval
    paid: Decimal  # net paid for it so far (payments less reversals)
    status: Status
    reached_confirmed: bool
    credit_attempted: Decimal
    credit_earned: Decimal | None = None


def payable_at_most(o: Obligated, policy: Policy) -> Decimal:
    """What the CCA can still be paid in all: its whole fee while it is open; once it ended,
    nothing when it never reached Confirmed, else the first half plus what its closeout pays of
    the second (the transcript may still be due)."""
    if not o.status.info.terminal:
        return o.amount
    if not o.reached_confirmed:
        return ZERO
    first, second = split_fee(o.amount)
    owed, _blocker = second_half_owed(
        status=o.status,
        credit_attempted=o.credit_attempted,
        credit_earned=o.credit_earned,
        half=second,
        policy=policy,
    )
    return first + owed


def outstanding(o: Obligated, policy: Policy) -> Decimal:
    """The part of the obligation still committed: payable and not paid yet (never negative)."""
    return max(ZERO, payable_at_most(o, policy) - max(o.paid, ZERO))


def released(o: Obligated, policy: Policy) -> Decimal:
    """The part of the obligation released (will never be paid)."""
    return max(ZERO, o.amount - payable_at_most(o, policy))


@dataclass(frozen=True)
class Appropriation:
    school_year: int
    amount: Decimal
    home_share_percent: Decimal = MIN_HOME_SHARE
    obligated_elsewhere: Decimal = ZERO  # private-school tuition the state obligated outside SEATS


def check_appropriation(
    *, school_year: int, amount: object, home_share_percent: object, obligated_elsewhere: object
) -> Appropriation:
    """The state's entry for a year, or ``InvalidInput`` naming the field."""
    parsed = parse_amount(amount, field="amount")
    elsewhere = parse_amount(obligated_elsewhere, field="obligated_elsewhere")
    share = parse_amount(home_share_percent, field="home_share_percent")
    if not MIN_HOME_SHARE <= share <= 100:
        raise InvalidInput(
            f"home_share_percent must be between 50 and 100, not {share}: before December 1 "
            "at least 50% of the appropriation is kept for home-school students.",
            field="home_share_percent",
            rule=RULE_SHARE,
        )
    if elsewhere > parsed:
        raise InvalidInput(
            f"obligated_elsewhere ({elsewhere}) cannot exceed the appropriation ({parsed}).",
            field="obligated_elsewhere",
        )
    if not 2000 <= school_year <= 2100:
        raise InvalidInput(f"{school_year} is not a school year like 2027.", field="year")
    return Appropriation(school_year, parsed, share, elsewhere)


def release_day(school_year: int, policy: Policy) -> date:
    """The release day of school year ``school_year`` (December 1 falls in its first year)."""
    day = policy.appropriation_release_day
    year = school_year if day.month >= 7 else school_year + 1
    return date(year, day.month, day.day)


@dataclass(frozen=True)
class Balance:
    appropriation: Appropriation
    obligated: Decimal  # outstanding obligations of SEATS
    paid: Decimal  # paid from the appropriation (net of reversals)
    released_obligations: Decimal  # obligations released (CCAs ended without payment)
    day: date
    release_on: date

    @property
    def balance(self) -> Decimal:
        a = self.appropriation
        return a.amount - a.obligated_elsewhere - self.obligated - self.paid

    @property
    def released(self) -> bool:
        """Funds left are released to pending requests from the release day (R277-726-9(3))."""
        return self.day >= self.release_on

    @property
    def home_share(self) -> Decimal:
        a = self.appropriation
        return cents(a.amount * a.home_share_percent / 100)

    @property
    def available(self) -> Decimal:
        """What a home-school request may still obligate today."""
        if self.released:
            return self.balance
        return min(self.balance, self.home_share - self.obligated - self.paid)

    def describe(self) -> str:
        when = (
            f"from {self.release_on:%B} {self.release_on.day} the funds left are released to "
            f"pending requests ({RULE_RELEASE})"
            if self.released
            else f"until {self.release_on:%B} {self.release_on.day}: the home-school share, "
            f"{self.appropriation.home_share_percent}% ({RULE_SHARE})"
        )
        return (
            f"Appropriation {self.appropriation.amount}; obligated {self.obligated}; paid "
            f"{self.paid}; balance {self.balance}; available to home-school requests "
            f"{self.available} ({when})."
        )


@dataclass(frozen=True)
class Pending:
    """An earlier request of the same year waiting for the state's decision."""

    cca_id: int
    fee: Decimal


def check_approval(*, balance: Balance, fee: Decimal, earlier: Iterable[Pending]) -> None:
    """Refuse, naming the rule, an approval that would overspend what is available, or that
    would take the funds of an earlier pending request (requests are served in request order)."""
    available = balance.available
    year = balance.appropriation.school_year
    if fee > available:
        where = (
            "the appropriation's balance"
            if balance.released
            else f"the home-school share before {balance.release_on:%B} {balance.release_on.day}"
        )
        raise GuardFailed(
            f"Approving this request would overspend {where} for {year}-{(year + 1) % 100:02d}: "
            f"its fee is {fee}, {available} is available. Nothing was approved; the request "
            "stays pending.",
            rule=RULE if balance.released else RULE_SHARE,
        )
    earlier = list(earlier)
    ahead = sum((p.fee for p in earlier), ZERO)
    if fee + ahead > available:
        first = earlier[0].cca_id
        raise GuardFailed(
            f"{len(earlier)} earlier home-school request(s) of {year} wait for funds "
            f"({ahead} in fees, the first is CCA {first}) and {available} is available: "
            "requests are served first come, first served. Decide the earlier ones first.",
            rule=RULE_ORDER,
        )


def no_appropriation(school_year: int) -> GuardFailed:
    return GuardFailed(
        f"No home and private school appropriation is recorded for {school_year}; the state "
        "records it before approving a home-school request.",
        rule=RULE,
    )
