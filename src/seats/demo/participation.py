"""Steps of a demo CCA after the Notice of Enrollment: early withdrawals, the Day of Census,
confirmation or Not Confirmed Closed (and the state's correction), progress reports, the
closeout the fate chose (withdrawals with their documents, administrative withdrawal after the
notice of intent, grades, Anticipated Late Pass and Late Pass) and the transcript."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from seats.domain.statuses import Status

if TYPE_CHECKING:
    from .story import Story

S = Status
DAY = timedelta(days=1)

_PLAIN_CLOSE = {
    "loe": (S.LOSS_OF_ELIGIBILITY_AFTER_20, ""),
    "loe_q": (S.LOSS_OF_ELIGIBILITY_QUARTER, ""),
    "withdraw": (S.STUDENT_WITHDRAWAL_AFTER_20, "WR"),
    "disc": (S.DISCIPLINARY_WITHDRAWAL, "DR"),
    "disc_q": (S.DISCIPLINARY_WITHDRAWAL_QUARTER, "DR"),
}
_GRADE_CLOSE = {
    "pass": S.PASS_ALL_COMPLETE,
    "f": S.COMPLETED_GRADE_TOO_LOW,
    "incomplete": S.FAILED_TO_COMPLETE,
    "quarter_np": S.QUARTER_EARNED_NOT_PASSING,
}
_REASONS = {
    S.LOSS_OF_ELIGIBILITY_AFTER_20: "The student is no longer eligible (moved out of state).",
    S.LOSS_OF_ELIGIBILITY_QUARTER: "The student is no longer eligible; 0.25 credit earned.",
    S.STUDENT_WITHDRAWAL_AFTER_20: "The parent asked in writing to withdraw the student.",
    S.DISCIPLINARY_WITHDRAWAL: "Withdrawn after an academic integrity hearing.",
    S.DISCIPLINARY_WITHDRAWAL_QUARTER: "Withdrawn after a conduct hearing; 0.25 credit earned.",
}
PASSING = ("A", "A", "A-", "B+", "B", "B", "B-", "C+", "C", "C-", "D+", "D", "P")


def _between(story: Story, first: date, last: date) -> date:
    """A random day in [first, last] (``first`` when the span is empty)."""
    span = (last - first).days
    return first if span <= 0 else first + story.world.rng.randrange(span + 1) * DAY


class Participation:
    def enrolled(self: Story) -> None:
        """Both the notice and the start date are known: plan the first 20 school days."""
        if self.planned:
            return
        self.planned = True
        rng, fate = self.world.rng, self.fate
        wp_end, census, confirm_due = self.census()
        begun = max(self.c["course_start_date"], self.c["noe_date"])
        kind = fate.participation
        if kind in ("early_withdraw", "early_loe"):
            self.at(_between(self, begun + DAY, wp_end), self.staff_minute(), "early_close", kind)
        elif kind in ("ncc", "ncc_corrected"):
            self.at(_between(self, census, confirm_due), self.staff_minute(), "ncc")
        elif kind == "confirm":
            due = self.bdays(confirm_due, rng.randrange(1, 8)) if fate.confirm_late else confirm_due
            self.at(_between(self, census, due), self.staff_minute(), "confirm")

    def step_early_close(self: Story, day: date, minute: int, kind: str) -> None:
        if self.status is not S.ENROLLMENT_COMPLETE:
            return
        actor, role = self.provider_user()
        if kind == "early_withdraw":
            self.move(
                day,
                minute,
                actor,
                role,
                S.STUDENT_WITHDRAWAL_WITHIN_20,
                reason="The student withdrew within the first 20 school days.",
            )
        else:
            self.move(
                day,
                minute,
                actor,
                role,
                S.LOSS_OF_ELIGIBILITY_WITHIN_20,
                reason="The student lost eligibility (enrolled in adult education).",
            )
        self.stopped = True

    def step_ncc(self: Story, day: date, minute: int) -> None:
        if self.status is not S.ENROLLMENT_COMPLETE:
            return
        actor, role = self.provider_user()
        self.move(
            day,
            minute,
            actor,
            role,
            S.NOT_CONFIRMED_CLOSED,
            reason="No activity by the Day of Census.",
        )
        if self.fate.participation == "ncc_corrected":
            due = self.world.deadlines.after(self.year, day, None)[0]
            ask = _between(self, day + DAY, due)
            self.at(ask, self.staff_minute(), "request_correction")

    def step_request_correction(self: Story, day: date, minute: int) -> None:
        actor, role = self.provider_user()
        self.change(
            day,
            minute,
            actor,
            role,
            "request_correction",
            correction_requested_on=day,
            reason="The student was active; the closure was entered by mistake.",
        )
        self.at(self.bdays(day, self.world.rng.randrange(0, 3)), self.staff_minute(), "correct")

    def step_correct(self: Story, day: date, minute: int) -> None:
        actor, role = self.state_user()
        self.move(
            day,
            minute,
            actor,
            role,
            S.CONFIRMED,
            reason="Corrected on the provider's timely request.",
        )
        self.after_confirm(day)

    def step_confirm(self: Story, day: date, minute: int) -> None:
        if self.status is not S.ENROLLMENT_COMPLETE:
            return
        actor, role = self.provider_user()
        self.move(day, minute, actor, role, S.CONFIRMED)
        self.after_confirm(day)

    # --- after Confirmed ---

    def after_confirm(self: Story, confirmed: date, *, outcome: str | None = None) -> None:
        rng, fate = self.world.rng, self.fate
        outcome = outcome or fate.outcome
        finish = max(confirmed + DAY, self.end - rng.randrange(0, 7) * DAY)
        middle = _between(self, confirmed + DAY, max(confirmed + DAY, finish - 7 * DAY))
        for n in range(rng.randrange(1, 4)):
            report = _between(self, confirmed + DAY, middle if n == 0 else finish - DAY)
            self.at(report, self.staff_minute(), "progress")
        if fate.senior_due and self.student.counselor_id:
            self.at(middle, self.staff_minute(), "transcript_due", self.end + 14 * DAY)
        if outcome in _GRADE_CLOSE:
            self.at(
                finish + rng.randrange(0, 3) * DAY,
                self.staff_minute(),
                "grade_close",
                outcome,
                finish,
            )
        elif outcome in _PLAIN_CLOSE:
            self.at(middle, self.staff_minute(), "plain_close", outcome)
        elif outcome in ("admin", "admin_q", "admin_reactivated"):
            self.at(middle, self.staff_minute(), "intent", outcome)
        elif outcome.startswith("alp"):
            self.at(finish, self.staff_minute(), "alp", outcome)

    def step_progress(self: Story, day: date, minute: int) -> None:
        if self.status not in (S.CONFIRMED, S.ANTICIPATED_LATE_PASS):
            return
        rng = self.world.rng
        percent = rng.randrange(45, 100) if self.fate.at_risk else rng.randrange(62, 100)
        letter = (
            "A"
            if percent >= 90
            else "B"
            if percent >= 80
            else "C"
            if percent >= 70
            else ("D" if percent >= 60 else "F")
        )
        actor, role = self.provider_user()
        self.change(
            day,
            minute,
            actor,
            role,
            "grade_progress",
            grade_progress_percent=f"{percent}.00",
            grade_progress_letter=letter,
            grade_progress_as_of=day,
            last_activity_on=day - rng.randrange(0, 4) * DAY,
        )
        if percent < 60 and not self.c.get("at_risk"):
            self.change(
                day,
                minute + 2,
                actor,
                role,
                "flag_at_risk",
                at_risk=True,
                at_risk_since=day,
                reason="Failing grade at the last progress report.",
            )
        elif percent >= 70 and self.c.get("at_risk"):
            self.change(
                day, minute + 2, actor, role, "clear_at_risk", at_risk=False, at_risk_since=None
            )

    def step_transcript_due(self: Story, day: date, minute: int, due: date) -> None:
        if self.c.get("transcript_due_set") is None:
            self.change(
                day,
                minute,
                self.student.counselor_id,
                "counselor",
                "set_transcript_due",
                transcript_due_set=due,
            )

    def step_plain_close(self: Story, day: date, minute: int, outcome: str) -> None:
        if self.status is not S.CONFIRMED:
            return
        status, prefix = _PLAIN_CLOSE[outcome]
        document = f"{prefix}-{self.cca_id}" if prefix else ""
        actor, role = self.provider_user()
        self.move(day, minute, actor, role, status, reason=_REASONS[status], document=document)
        self.stopped = True

    def step_intent(self: Story, day: date, minute: int, outcome: str) -> None:
        if self.status is not S.CONFIRMED:
            return
        actor, role = self.provider_user()
        self.change(
            day,
            minute,
            actor,
            role,
            "intent_to_withdraw",
            intent_to_withdraw_sent_on=day,
            reason="No activity for more than 10 days.",
        )
        due = self.world.deadlines.after(self.year, None, day)[1]
        self.at(_between(self, self.bdays(day, 1), due), self.staff_minute(), "admin", outcome)

    def step_admin(self: Story, day: date, minute: int, outcome: str) -> None:
        if self.status is not S.CONFIRMED:
            return
        actor, role = self.provider_user()
        target = (
            S.ADMINISTRATIVE_WITHDRAWAL_QUARTER
            if outcome == "admin_q"
            else (S.ADMINISTRATIVE_WITHDRAWAL)
        )
        self.move(day, minute, actor, role, target, reason="No reinstatement was requested.")
        if outcome == "admin_reactivated":
            self.at(
                self.bdays(day, self.world.rng.randrange(1, 4)), self.staff_minute(), "reactivate"
            )

    def step_reactivate(self: Story, day: date, minute: int) -> None:
        actor, role = self.state_user()
        self.move(
            day,
            minute,
            actor,
            role,
            S.CONFIRMED,
            reason="Reactivated at the provider's request: the student resumed work.",
        )
        self.after_confirm(day, outcome="pass")

    def step_alp(self: Story, day: date, minute: int, outcome: str) -> None:
        if self.status is not S.CONFIRMED:
            return
        actor, role = self.provider_user()
        self.move(
            day,
            minute,
            actor,
            role,
            S.ANTICIPATED_LATE_PASS,
            reason="Actively working beyond June 30.",
        )
        june_30 = date(self.year + 1, 6, 30)
        if outcome == "alp_late":
            done = june_30 + self.world.rng.randrange(1, 30) * DAY
            self.at(done, self.staff_minute(), "grade_close", "late", done)
        elif outcome == "alp_fail":
            done = june_30 + self.world.rng.randrange(1, 25) * DAY
            self.at(done, self.staff_minute(), "grade_close", "incomplete", done)

    def step_grade_close(self: Story, day: date, minute: int, outcome: str, done: date) -> None:
        if self.status not in (S.CONFIRMED, S.ANTICIPATED_LATE_PASS):
            return
        rng = self.world.rng
        june_30 = date(self.year + 1, 6, 30)
        if outcome == "pass":
            day = min(day, june_30)
            done = min(done, day)
            status, grade = S.PASS_ALL_COMPLETE, rng.choice(PASSING)
        elif outcome == "late":
            status, grade = S.LATE_PASS, rng.choice(PASSING)
        else:
            status = _GRADE_CLOSE[outcome]
            grade = rng.choice(("I", "NG")) if outcome == "incomplete" else "F"
        actor, role = self.provider_user()
        self.move(day, minute, actor, role, status, grade=grade, completed=done)
        self.stopped = True
        self.schedule_transcript(day, done)

    def schedule_transcript(self: Story, closed: date, done: date) -> None:
        kind = self.fate.transcript
        if kind == "never":
            return
        senior_due = self.c.get("transcript_due_set") if self.student.grade == 12 else None
        late = self.status is S.LATE_PASS
        due = self.world.deadlines.closeout(self.year, done, senior_due, late)[2] or closed
        if kind == "late":
            day = due + self.world.rng.randrange(1, 12) * DAY
        else:
            day = _between(self, closed, max(closed, due))
        self.stopped = False
        self.queue.clear()
        self.at(max(day, closed), self.staff_minute(), "transcript")

    def step_transcript(self: Story, day: date, minute: int) -> None:
        actor, role = self.provider_user()
        self.change(day, minute, actor, role, "issue_transcript", transcript_issued_on=day)
        self.stopped = True
