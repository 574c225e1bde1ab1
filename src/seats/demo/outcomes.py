"""What will happen to a demo CCA, drawn when it is submitted.

The shares are plausible rather than measured: most requests are approved and most students
pass; every closeout status occurs. ``SHOWCASE`` lists fates the generator forces onto the first
CCAs of the previous school year so that every status exists at any scale and seed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .world import OfferingInfo, StudentInfo, World

_HALF = Decimal("0.5")
LATE_SESSIONS = frozenset({"S2", "Q4"})  # sessions that end near June 30
QUARTER_OUTCOMES = frozenset({"loe_q", "admin_q", "disc_q", "quarter_np"})
ALP_OUTCOMES = frozenset({"alp_late", "alp_fail", "alp_open"})
#: A provider whose students fail about twice as often: the demo's provider under the minimum
#: completion rate (seats.reports flags it on the compliance page and its own home).
STRUGGLING_PROVIDER = "P002"
_QUARTER_FALLBACK = {"loe_q": "loe", "admin_q": "admin", "disc_q": "disc", "quarter_np": "f"}

_OUTCOME_SHARES = (
    ("f", 0.04),
    ("incomplete", 0.035),
    ("quarter_np", 0.02),
    ("loe", 0.02),
    ("loe_q", 0.012),
    ("withdraw", 0.035),
    ("admin", 0.03),
    ("admin_q", 0.012),
    ("admin_reactivated", 0.01),
    ("disc", 0.01),
    ("disc_q", 0.008),
    ("alp_late", 0.04),
    ("alp_fail", 0.01),
    ("alp_open", 0.008),
)


@dataclass(frozen=True, slots=True)
class Fate:
    submitter: str = "student"
    counselor_review: bool = True
    registers: bool = True
    lea: str = "approve"  # approve | reject | silent
    provider: str = "accept"  # accept | late | reject
    state_reject: bool = False
    lea_cancels: bool = False
    iep_forwarded: bool = True
    start_on_accept: bool = True
    teacher_set: bool = True
    participation: str = "confirm"  # confirm | ncc | ncc_corrected | early_withdraw | early_loe
    confirm_late: bool = False  # | unconfirmed
    outcome: str = "pass"  # see _OUTCOME_SHARES, "pass" and "open"
    transcript: str = "on_time"  # on_time | late | never
    senior_due: bool = False
    at_risk: bool = False
    prompt: bool = False  # registration and the provider's answer on the day of submission

    @property
    def needs_half_credit(self) -> bool:
        return self.outcome in QUARTER_OUTCOMES

    @property
    def needs_late_session(self) -> bool:
        return self.outcome in ALP_OUTCOMES


#: One fate per final status (previous school year); the pending one is used in the current year.
SHOWCASE: tuple[Fate, ...] = (
    Fate(lea="reject"),
    Fate(provider="reject"),
    Fate(state_reject=True, lea="silent", provider="late"),
    Fate(lea="silent", lea_cancels=True),
    Fate(participation="early_withdraw"),
    Fate(participation="early_loe"),
    Fate(participation="ncc"),
    Fate(participation="ncc_corrected"),
    Fate(participation="unconfirmed"),
    *(Fate(outcome=name) for name, _ in _OUTCOME_SHARES),
    Fate(outcome="pass"),
    Fate(outcome="open"),
)
PENDING_SHOWCASE = Fate(registers=False)
#: Accepted by the provider at once, the LEA silent, its window just passed: the Notice of
#: Enrollment waits for the next sweep (submitted a week before ``as_of``).
SWEEP_SHOWCASE = Fate(lea="silent", prompt=True)
#: Forced onto CCAs of the current school year, with their submission day before ``as_of``.
CURRENT_SHOWCASE = {PENDING_SHOWCASE: (0, 3), SWEEP_SHOWCASE: (6, 7)}


def draw(world: World, st: StudentInfo, off: OfferingInfo, year: int, session: str) -> Fate:
    rng = world.rng
    r = rng.random
    current = year == world.year
    if st.school_id is None:
        submitter = "student" if r() < 0.5 else "parent"
    else:
        x = r()
        submitter = (
            "student"
            if x < 0.45
            else "parent"
            if x < 0.7
            else "counselor"
            if x < 0.9
            else "provider_staff"
        )
    x = r()
    lea = "approve" if x < 0.70 else "reject" if x < 0.74 else "silent"
    x = r()
    provider = "accept" if x < 0.88 else "late" if x < 0.93 else "reject"
    transcript_draw = r()
    fate = Fate(
        submitter=submitter,
        counselor_review=r() < 0.8 or (off.is_health and st.grade <= 8),
        registers=not current or r() < 0.96,
        lea=lea,
        provider=provider,
        state_reject=r() < 0.02,
        lea_cancels=r() < 0.1,
        iep_forwarded=r() < 0.92,
        start_on_accept=r() < 0.8,
        teacher_set=not current or r() < 0.97,
        participation=_participation(r(), current),
        confirm_late=r() < 0.06,
        outcome=_outcome(r(), current, struggling=off.provider.code == STRUGGLING_PROVIDER),
        transcript=(
            "on_time" if transcript_draw < 0.9 else "late" if transcript_draw < 0.96 else "never"
        ),
        senior_due=st.grade == 12 and r() < 0.5,
        at_risk=r() < 0.1,
    )
    return fit(fate, st, off, session)


def _participation(x: float, current: bool) -> str:
    if x < 0.04:
        return "ncc"
    if x < 0.05:
        return "ncc_corrected"
    if x < 0.09:
        return "early_withdraw"
    if x < 0.11:
        return "early_loe"
    if x < (0.14 if current else 0.12):
        return "unconfirmed"
    return "confirm"


def _outcome(x: float, current: bool, *, struggling: bool = False) -> str:
    if struggling:
        x *= 0.5  # every closeout other than a pass twice as likely
    total = 0.0
    for name, share in _OUTCOME_SHARES:
        total += share
        if x < total:
            return name
    if not current and x > 0.99:
        return "open"  # never closed out: overdue since June 30
    return "pass"


def fit(fate: Fate, st: StudentInfo, off: OfferingInfo, session: str) -> Fate:
    """Bend a fate to what the rules allow for this student, course and session."""
    changes: dict[str, object] = {}
    if fate.outcome in QUARTER_OUTCOMES and off.credit != _HALF:
        changes["outcome"] = _QUARTER_FALLBACK[fate.outcome]
    if fate.outcome in ALP_OUTCOMES and session not in LATE_SESSIONS:
        changes["outcome"] = "pass"
    if (not st.has_ssid or not fate.teacher_set) and fate.participation in (
        "confirm",
        "ncc_corrected",
    ):
        changes["participation"] = "unconfirmed" if fate.confirm_late else "ncc"
    if st.school_id is None and fate.submitter == "counselor":
        changes["submitter"] = "parent"
    return replace(fate, **changes) if changes else fate
