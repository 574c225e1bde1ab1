"""Steps of a demo CCA before enrollment: submission, counselor review, local registration, the
LEA's and the provider's independent decisions, a state rejection, the Notice of Enrollment
(at once after the second decision, or by the daily sweep when the LEA's window passed), the
LEA's cancellation, IEP forwarding, and the start date and teacher of record."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from seats.domain.statuses import STATUS_INFO, Status

from . import outcomes

if TYPE_CHECKING:
    from .story import Story

S = Status
DAY = timedelta(days=1)


class PreEnrollment:
    def begin(self: Story, submitted: date, fate: outcomes.Fate) -> None:
        w, st, c, rng = self.world, self.student, self.c, self.world.rng
        self.fate = fate
        role = fate.submitter
        actor = {"student": st.user_id, "parent": st.guardian_user_id, "counselor": st.counselor_id}
        user = actor.get(role)
        if role == "provider_staff":
            user = rng.choice(self.offering.provider.staff_ids)
        c.update(
            submitted_by_id=user,
            submitted_by_role=role,
            submitted_on=submitted,
            counselor_id=user if role == "counselor" else None,
            local_registration_complete=self.registered_on is not None,
            local_registration_completed_on=submitted if self.registered_on else None,
        )
        minute = rng.randrange(7 * 60, 21 * 60)
        c["submitted_at"] = self.record(
            submitted, minute, user, role, "submit", to=S.PENDING_EXECUTION
        )
        if st.school_id is not None and fate.counselor_review:
            self.at(self.bdays(submitted, rng.randrange(0, 3)), self.staff_minute(), "review")
        if self.registered_on is not None:
            self.schedule_provider(submitted)
        elif fate.registers:
            later = 0 if fate.prompt else rng.randrange(0, 5)
            self.at(
                submitted + later * DAY,
                minute + 10 if fate.prompt else rng.randrange(7 * 60, 21 * 60),
                "register",
            )
        lea_due = self.lea_due()
        if fate.lea in ("approve", "reject"):
            day = min(self.bdays(submitted, rng.randrange(0, 4)), lea_due)
            self.at(day, self.staff_minute(), "lea")
        if fate.state_reject:
            self.at(self.bdays(submitted, rng.randrange(1, 3)), self.staff_minute(), "state_reject")
        del w

    def lea_due(self: Story) -> date:
        return self.world.deadlines.decisions(self.year, self.c["submitted_on"], None, None)[0]

    def schedule_provider(self: Story, registered: date) -> None:
        rng = self.world.rng
        due = self.world.deadlines.decisions(self.year, self.c["submitted_on"], registered, None)[1]
        if self.fate.provider == "late":
            day = self.bdays(due, rng.randrange(1, 5))
        elif self.fate.prompt:
            day = registered
        else:
            day = min(self.bdays(registered, rng.randrange(0, 4)), due)
        self.at(day, 23 * 60 if self.fate.prompt else self.staff_minute() + 30, "provider")

    def step_review(self: Story, day: date, minute: int) -> None:
        if self.status is not S.PENDING_EXECUTION:
            return
        st = self.student
        at = self.stamp(day, minute)
        changes: dict[str, Any] = {
            "seop_consistent": True,
            "counselor_note": "",
            "counselor_reviewed_at": at,
            "counselor": st.counselor_id,
        }
        if self.offering.is_health and st.grade <= 8:
            changes.update(
                credit_limit_agreed=False, health_approval=True, grade_replacement_approved=False
            )
        self.change(day, minute, st.counselor_id, "counselor", "counselor_review", at=at, **changes)

    def step_register(self: Story, day: date, minute: int) -> None:
        if self.status is not S.PENDING_EXECUTION:
            return
        st = self.student
        actor, role = (st.guardian_user_id, "parent") if st.grade < 10 else (st.user_id, "student")
        self.change(
            day,
            minute,
            actor,
            role,
            "local_registration_complete",
            local_registration_complete=True,
            local_registration_completed_on=day,
        )
        self.new_registration = day
        self.schedule_provider(day)

    def step_lea(self: Story, day: date, minute: int) -> None:
        if self.status is not S.PENDING_EXECUTION:
            return
        c = self.c
        actor, role = self.lea_user()
        if self.fate.lea == "reject":
            reason = self.world.reasons.pick("lea")
            at = self.stamp(day, minute)
            c.update(
                lea_decision="rejected",
                lea_reason=reason.code,
                lea_decided_by_id=actor,
                lea_decided_at=at,
            )
            self.move(
                day,
                minute,
                actor,
                role,
                S.REJECTED_BY_LEA,
                reason=reason.label,
                details={"reason_code": reason.code},
            )
            return
        at = self.stamp(day, minute)
        self.change(
            day,
            minute,
            actor,
            role,
            "lea_approve",
            at=at,
            lea_decision="approved",
            lea_decided_by=actor,
            lea_decided_at=at,
            financial_responsibility_accepted=True,
        )
        c["lea_decided_by_id"] = actor
        self.notice_if_ready(day, minute)

    def step_provider(self: Story, day: date, minute: int) -> None:
        if self.status is not S.PENDING_EXECUTION:
            return
        c, rng = self.c, self.world.rng
        actor, role = self.provider_user()
        at = self.stamp(day, minute)
        if self.fate.provider == "reject":
            reason = self.world.reasons.pick("provider")
            c.update(
                provider_decision="rejected",
                provider_reason=reason.code,
                provider_decided_by_id=actor,
                provider_decided_at=at,
            )
            self.move(
                day,
                minute,
                actor,
                role,
                S.REJECTED_PROVIDER,
                reason=reason.label,
                details={"reason_code": reason.code},
            )
            return
        self.change(
            day,
            minute,
            actor,
            role,
            "provider_accept",
            at=at,
            provider_decision="approved",
            provider_decided_by=actor,
            provider_decided_at=at,
            provider_accepted_on=day,
        )
        if self.student.iep and self.fate.iep_forwarded:
            late = rng.random() > 0.85
            forward = self.bdays(day, rng.randrange(4, 9) if late else rng.randrange(0, 3))
            self.at(forward, self.staff_minute(), "forward_iep")
        if self.fate.start_on_accept:
            self.at(day, minute + 5, "course_start", actor, role)
        self.notice_if_ready(day, minute)
        if self.status is S.PENDING_EXECUTION and not c.get("lea_decision"):
            self.at(self.lea_due() + DAY, rng.randrange(120, 150), "sweep_notice")

    def step_state_reject(self: Story, day: date, minute: int) -> None:
        if self.status is not S.PENDING_EXECUTION:
            return
        actor, role = self.state_user()
        reason = self.world.reasons.pick("state")
        self.move(day, minute, actor, role, S.REJECTED_BY_STATE, reason=reason.label)

    def notice_if_ready(self: Story, day: date, minute: int) -> None:
        """The Notice of Enrollment follows the second decision at once (the state's system)."""
        c = self.c
        if self.status is not S.PENDING_EXECUTION or c.get("provider_decision") != "approved":
            return
        if c.get("lea_decision") == "approved":
            basis = "lea_approved"
        elif not c.get("lea_decision") and day > self.lea_due():
            basis = "lea_window_expired"
        else:
            return
        self.issue_notice(day, minute, basis)

    def step_sweep_notice(self: Story, day: date, minute: int) -> None:
        if day <= self.world.last_sweep:  # later, the notice waits for the next sweep
            self.notice_if_ready(day, minute)

    def issue_notice(self: Story, day: date, minute: int, basis: str) -> None:
        c, rng = self.c, self.world.rng
        c.update(noe_date=day, noe_issued_by_id=None, noe_basis=basis)
        self.move(
            day,
            minute,
            None,
            "system",
            S.ENROLLMENT_COMPLETE,
            details={"basis": basis},
            same_moment=True,
        )
        if basis == "lea_window_expired" and self.fate.lea_cancels:
            cancel_due = self.world.deadlines.decisions(self.year, c["submitted_on"], None, day)[2]
            cancel = min(self.bdays(day, rng.randrange(1, 4)), cancel_due)
            self.at(cancel, self.staff_minute(), "cancel")
        elif c.get("course_start_date") is None:
            self.at(
                day + rng.randrange(0, 4) * DAY,
                self.staff_minute(),
                "course_start",
                *self.provider_user(),
            )
        else:
            self.enrolled()

    def step_cancel(self: Story, day: date, minute: int) -> None:
        if self.status is not S.ENROLLMENT_COMPLETE:
            return
        actor, role = self.lea_user()
        self.move(
            day,
            minute,
            actor,
            role,
            S.CANCELLED_BY_LEA,
            reason="The LEA cancels the enrollment the state issued on its silence.",
        )
        self.stopped = True

    def step_forward_iep(self: Story, day: date, minute: int) -> None:
        if STATUS_INFO[self.status].terminal or self.c.get("iep_forwarded_on"):
            return
        actor, role = self.lea_user()
        self.change(day, minute, actor, role, "forward_iep", iep_forwarded_on=day)

    def step_course_start(self: Story, day: date, minute: int, actor: int, role: str) -> None:
        if self.status not in (S.PENDING_EXECUTION, S.ENROLLMENT_COMPLETE):
            return
        if self.c.get("course_start_date") is None:
            self.change(day, minute, actor, role, "set_course_start", course_start_date=self.start)
        if self.fate.teacher_set and not self.c.get("teacher_of_record_id"):
            teacher = self.world.rng.choice(self.offering.provider.teacher_ids)
            self.change(
                day, minute + 1, actor, role, "set_teacher_of_record", teacher_of_record=teacher
            )
        if self.status is S.ENROLLMENT_COMPLETE:
            self.enrolled()
