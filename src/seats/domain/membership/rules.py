"""The numbers of pupil accounting, from the school year's ``Policy`` (ADR 0007)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InvalidInput
from ..policy import Policy

#: Where each rule comes from (cited by explanations and docs/membership.md).
TEN_DAY_RULE = "004 D.3, E.2; R277-419: out of membership after 10 school days without engagement"
CHECK_RULE = "004 E.3: continued enrollment documented at least every 10 school days"
HOME_HOSPITAL_RULE = "004 D.4.b: 120 minutes of direct instruction each week"
CAP_RULE = "R277-419: at most 180 membership days a school year, prorated"
ELIGIBILITY_RULE = "004 D.1-D.2"


@dataclass(frozen=True)
class MembershipRules:
    gap_days: int = 10
    warning_days: int = 7
    check_days: int = 10
    weekly_minutes: int = 120
    day_cap: int = 180
    min_age: int = 5
    max_age: int = 18

    def __post_init__(self) -> None:
        if not 1 <= self.warning_days < self.gap_days:
            raise InvalidInput(
                f"membership_warning_days ({self.warning_days}) must be at least 1 and below "
                f"membership_gap_days ({self.gap_days}).",
                field="membership_warning_days",
            )
        if self.min_age > self.max_age:
            raise InvalidInput(
                "membership_min_age cannot be above membership_max_age.", field="membership_min_age"
            )

    @classmethod
    def of(cls, policy: Policy) -> MembershipRules:
        return cls(
            gap_days=policy.membership_gap_days,
            warning_days=policy.membership_warning_days,
            check_days=policy.enrollment_check_days,
            weekly_minutes=policy.home_hospital_weekly_minutes,
            day_cap=policy.membership_day_cap,
            min_age=policy.membership_min_age,
            max_age=policy.membership_max_age,
        )
