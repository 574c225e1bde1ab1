"""What every part of the demo generator shares: the random stream, the dates that bound the
story, the calendars and deadlines, and light records of the people and courses (plain slotted
objects, not model instances: a million CCAs are built from them)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from seats.domain.calendars import BusinessCalendar, school_year_of
from seats.domain.reasons import RejectionReason, reasons_for
from seats.domain.roles import Party

from .bulk import Ids
from .names import NameMaker
from .timekeeping import CalendarBook, DeadlineBook


class FastRandom(random.Random):
    """``random.Random`` with cheaper ``randrange`` and ``choice`` (the demo calls them tens of
    millions of times at state scale). Deterministic for a seed; the tiny bias of scaling a
    float does not matter for synthetic data."""

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:  # type: ignore[override]
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))

    def choice(self, seq):  # type: ignore[no-untyped-def, override]
        return seq[int(self.random() * len(seq))]


@dataclass(slots=True)
class ProviderInfo:
    id: int
    code: str
    category: str
    parent_id: int | None
    staff_ids: list[int] = field(default_factory=list)
    admin_id: int = 0
    teacher_ids: list[int] = field(default_factory=list)
    open_enrollment: bool = False


@dataclass(slots=True)
class OfferingInfo:
    id: int
    provider: ProviderInfo
    credit: Decimal
    term: str  # "quarter" or "semester"
    is_health: bool
    is_open: bool
    grade_min: int
    grade_max: int


@dataclass(slots=True)
class StudentInfo:
    id: int
    user_id: int
    guardian_user_id: int | None
    lea_id: int
    school_id: int | None
    is_home: bool
    has_ssid: bool
    iep: bool  # IEP or Section 504 plan: the LEA forwards it to the provider
    grade: int
    counselor_id: int | None
    approver_id: int
    approver_role: str
    last_name: str = ""
    first_name: str = ""


class Reasons:
    """Rejection reasons each party may give (the state's decision tree), picked at random."""

    LEA_CODES = ("not_graduation_requirements", "not_seop_pccr", "over_credit_limit")

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        lea = reasons_for(Party.LEA)
        self.table: dict[str, list[RejectionReason]] = {
            "lea": [lea[c] for c in self.LEA_CODES if c in lea] or list(lea.values()),
            "provider": [
                r
                for r in reasons_for(Party.PROVIDER).values()
                if r.code != "local_registration_incomplete"
            ],
            "state": list(reasons_for(Party.STATE).values()),
        }

    def pick(self, party: str) -> RejectionReason:
        return self.rng.choice(self.table[party])


DENVER = ZoneInfo("America/Denver")


@dataclass
class World:
    rng: random.Random
    as_of: date
    business: BusinessCalendar
    calendars: CalendarBook
    deadlines: DeadlineBook
    reasons: Reasons
    history_ids: Ids
    names: NameMaker
    tz: ZoneInfo = DENVER
    state_specialists: list[int] = field(default_factory=list)
    tick: int = 0
    midnights: dict = field(default_factory=dict)  # date -> aware midnight (state time)

    @property
    def year(self) -> int:
        """The current school year (named by the year it starts in)."""
        return school_year_of(self.as_of)

    @property
    def cut(self) -> date:
        """The last day anything happened: the day before ``as_of``."""
        return self.as_of - timedelta(days=1)

    @property
    def last_sweep(self) -> date:
        """The last day the daily sweep ran (a week ago): its Notices of Enrollment stop there,
        so a fresh demo has work waiting for ``seats sweep``."""
        return self.as_of - timedelta(days=7)
