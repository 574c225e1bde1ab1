"""The life of one demo CCA, simulated event by event as the services would have recorded it.

A CCA's future (its ``Fate``) is drawn when it is submitted; then a small event queue plays the
steps in time order: decisions, the Notice of Enrollment, the start date, the Day of Census,
confirmation, progress, the closeout and the transcript. Each step obeys the lifecycle table and
its guards, writes the history entry the service would write (same action names and details),
and is stamped on its own day. Play stops at the day before ``as_of``, so what is open is what a
real state would have open that morning.
"""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from seats.domain.lifecycle import Move, find_move, is_dated, move_window
from seats.domain.progress import at_risk_after_close
from seats.domain.statuses import STATUS_INFO, Status, credit_earned

from .outcomes import Fate
from .participation import Participation
from .pre_enrollment import PreEnrollment
from .world import OfferingInfo, StudentInfo, World

S = Status
_encode = json.JSONEncoder(separators=(",", ":")).encode
_quote = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]
_SECOND, _MINUTE = timedelta(seconds=1), timedelta(minutes=1)
DAY = timedelta(days=1)
#: Fields whose history details hold a primary key and whose column is ``<name>_id``.
FOREIGN_KEYS = frozenset(
    {"counselor", "lea_decided_by", "provider_decided_by", "teacher_of_record"}
)


@dataclass
class Story(PreEnrollment, Participation):
    world: World
    cca_id: int
    student: StudentInfo
    offering: OfferingInfo
    year: int
    session: str
    start: date  # the course start the provider will enter
    end: date  # last school day of the session
    registered_on: date | None  # local registration with this provider, if already complete
    fate: Fate = field(default_factory=Fate)
    status: Status = S.PENDING_EXECUTION
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    c: dict[str, Any] = field(default_factory=dict)
    queue: list[tuple[int, int, str, tuple[Any, ...]]] = field(default_factory=list)
    last_at: datetime | None = None
    seq: int = 0
    entry_by_status: dict[str, int] = field(default_factory=dict)
    new_registration: date | None = None
    stopped: bool = False
    planned: bool = False

    # --- the event queue ---

    def at(self, day: date, minute: int, step: str, *args: Any) -> None:
        """Schedule ``step`` on ``day`` at ``minute`` past midnight (state time)."""
        self.world.tick += 1
        minute = min(minute, 22 * 60)
        heapq.heappush(self.queue, (day.toordinal() * 1440 + minute, self.world.tick, step, args))

    def play(self) -> None:
        cut = self.world.cut
        while self.queue and not self.stopped:
            stamp, _, step, args = heapq.heappop(self.queue)
            day = date.fromordinal(stamp // 1440)
            if day > cut:
                return
            getattr(self, f"step_{step}")(day, stamp % 1440, *args)

    # --- recording ---

    def stamp(self, day: date, minute: int) -> datetime:
        midnights = self.world.midnights
        midnight = midnights.get(day)
        if midnight is None:
            midnight = midnights[day] = datetime.combine(day, time(0), self.world.tz)
        return midnight + timedelta(seconds=minute * 60 + int(self.world.rng.random() * 60))

    def record(
        self,
        day: date,
        minute: int,
        actor: int | None,
        role: str,
        action: str,
        *,
        to: Status | None = None,
        reason: str = "",
        document: str = "",
        details: str = "{}",
        corrects: int | None = None,
        same_moment: bool = False,
        at: datetime | None = None,
    ) -> datetime:
        """Append one history entry (``details`` is JSON text)."""
        at = at or self.stamp(day, minute)
        if self.last_at is not None and at <= self.last_at:
            at = self.last_at + (_SECOND if same_moment else _MINUTE)
        self.last_at = at
        self.seq += 1
        before = self.status.value if self.seq > 1 else ""
        after = to.value if to is not None else before
        entry_id = self.world.history_ids.take()
        self.rows.append(
            (
                entry_id,
                self.cca_id,
                self.seq,
                at,
                actor,
                role,
                action,
                before,
                after,
                reason,
                document,
                details,
                corrects,
            )
        )
        if to is not None:
            self.status = to
            self.c["status_changed_at"] = at
            self.entry_by_status[to.value] = entry_id
        return at

    def change(
        self,
        day: date,
        minute: int,
        actor: int | None,
        role: str,
        action: str,
        reason: str = "",
        at: datetime | None = None,
        **changes: Any,
    ) -> datetime:
        """A change that keeps the status; details hold each field's old and new value."""
        c = self.c
        parts = []
        for name, value in changes.items():
            column = f"{name}_id" if name in FOREIGN_KEYS else name
            parts.append(f'"{name}":{{"from":{_json(c.get(column))},"to":{_json(value)}}}')
            c[column] = value
        details = "{" + ",".join(parts) + "}"
        return self.record(day, minute, actor, role, action, reason=reason, details=details, at=at)

    def move(
        self,
        day: date,
        minute: int,
        actor: int | None,
        role: str,
        to: Status,
        *,
        reason: str = "",
        document: str = "",
        grade: str = "",
        completed: date | None = None,
        details: dict[str, Any] | None = None,
        same_moment: bool = False,
    ) -> datetime:
        """A status move with the effects the lifecycle service records on the CCA."""
        c = self.c
        move = find_move(self.status, to)
        if move is None:
            raise AssertionError(f"demo story: no move {self.status} -> {to}")
        info = dict(details or {})
        corrects = self.entry_by_status.get(self.status.value) if move.correction else None
        if to is S.CONFIRMED:
            c["confirmation_date"] = c.get("confirmation_date") or day
            c["final_grade"], c["credit_earned"], c["completion_date"] = "", None, None
        elif to is S.NOT_CONFIRMED_CLOSED:
            c["not_confirmed_closed_on"] = day
        terminal = STATUS_INFO[to].terminal
        if terminal and c.get("at_risk"):  # the at-risk flag ends with the CCA
            c["at_risk"], c["at_risk_since"] = at_risk_after_close()
            info["at_risk"] = {"from": True, "to": False}
        if terminal:
            earned = credit_earned(to, float(self.offering.credit))
            c["credit_earned"] = Decimal(str(earned)) if earned is not None else None
        if grade:
            c["final_grade"] = grade
            c["completion_date"] = completed or day
            info.update(final_grade=grade, completion_date=c["completion_date"].isoformat())
        if terminal and c.get("credit_earned") is not None:
            info["credit_earned"] = str(c["credit_earned"])
        if is_dated(move):  # as the lifecycle service records a dated closeout
            withdrawn = self.withdrawal_day(day, move)
            c["withdrawal_date"] = withdrawn
            info["withdrawal_date"] = withdrawn.isoformat()
            info["window"] = move_window(move)
        return self.record(
            day,
            minute,
            actor,
            role,
            move.name,
            to=to,
            reason=reason,
            document=document,
            details=_encode(info) if info else "{}",
            corrects=corrects,
            same_moment=same_moment,
        )

    def withdrawal_day(self, day: date, move: Move) -> date:
        """The date a dated closeout took effect, inside the window its guard names: the day it
        is recorded, except that an "after 20 school days" status recorded inside a 1.0-credit
        course's second window took effect the day before the second half started."""
        if move_window(move) != "after" or self.offering.credit != 1:
            return day
        start = self.c.get("course_start_date")
        second = self.world.deadlines.second_window(self.year, self.offering.provider.id, start)
        opens, closes = second.get("second_half_start"), second.get("second_withdrawal_period_end")
        if opens and closes and opens <= day <= closes:
            return opens - DAY
        return day

    # --- who acts ---

    def provider_user(self) -> tuple[int, str]:
        p = self.offering.provider
        if self.world.rng.random() < 0.15:
            return p.admin_id, "provider_admin"
        return self.world.rng.choice(p.staff_ids), "provider_staff"

    def lea_user(self) -> tuple[int, str]:
        return self.student.approver_id, self.student.approver_role

    def state_user(self) -> tuple[int, str]:
        return self.world.rng.choice(self.world.state_specialists), "state_specialist"

    def staff_minute(self) -> int:
        return self.world.rng.randrange(8 * 60, 17 * 60)

    def bdays(self, day: date, n: int) -> date:
        return day if n <= 0 else self.world.deadlines.add_business(day, n)

    # --- the stored CCA ---

    def deadline_columns(self) -> dict[str, date | None]:
        """The deadline columns for the final facts, as ``refresh_deadlines`` stores them."""
        c, book, year, st = self.c, self.world.deadlines, self.year, self.student
        state_noe = c.get("noe_date") if c.get("noe_basis") == "lea_window_expired" else None
        registered = (
            c.get("local_registration_completed_on")
            if c.get("local_registration_complete")
            else None
        )
        lea_due, provider_due, cancel_due = book.decisions(
            year, c["submitted_on"], registered, state_noe
        )
        out: dict[str, date | None] = {
            "lea_decision_due": lea_due,
            "provider_decision_due": provider_due,
            "lea_cancellation_due": cancel_due,
            "iep_forwarding_due": None,
            "withdrawal_period_end": None,
            "census_date": None,
            "confirmation_due": None,
        }
        accepted = c.get("provider_accepted_on")
        if accepted and st.iep:
            out["iep_forwarding_due"] = book.iep(year, st.school_id or st.lea_id, accepted)
        if c.get("course_start_date"):
            wp_end, census, confirm_due = self.census()
            out.update(
                withdrawal_period_end=wp_end, census_date=census, confirmation_due=confirm_due
            )
            if self.offering.credit == 1:
                out.update(
                    book.second_window(year, self.offering.provider.id, c["course_start_date"])
                )
        ncc, intent = c.get("not_confirmed_closed_on"), c.get("intent_to_withdraw_sent_on")
        correction_due = admin_due = None
        if ncc or intent:
            correction_due, admin_due = book.after(year, ncc, intent)
        senior_due = c.get("transcript_due_set") if st.grade == 12 else None
        late = self.status in (S.ANTICIPATED_LATE_PASS, S.LATE_PASS)
        closeout, late_final, transcript_due = book.closeout(
            year, c.get("completion_date"), senior_due, late
        )
        out.update(
            correction_request_due=correction_due,
            administrative_withdrawal_due=admin_due,
            transcript_due=transcript_due,
            closeout_date=closeout,
            late_pass_final_due=late_final,
        )
        return out

    def census(self) -> tuple[date, date, date]:
        """Withdrawal period end, Day of Census and confirmation due for this enrollment."""
        start, noe = self.c["course_start_date"], self.c.get("noe_date")
        later_noe = noe if noe and noe > start else None  # only a later notice moves the start
        return self.world.deadlines.withdrawal(
            self.year, self.offering.provider.id, start, later_noe
        )


def _json(value: Any) -> str:
    """JSON text of a plain value as the services' ``_jsonable`` records it (dates as ISO
    strings, decimals as strings, model references by primary key)."""
    kind = type(value)
    if kind is str:
        return _quote(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is date or kind is datetime:
        return f'"{value.isoformat()}"'
    return _quote(str(value))
