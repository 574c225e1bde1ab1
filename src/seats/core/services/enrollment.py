"""After acceptance: course start date and teacher of record, IEP/504 forwarding, grade progress
and the at-risk flag, the notice of intent to withdraw, corrections, TranscriptDue and the
transcript (SPEC 3.2, 3.3, 5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from seats.domain.errors import GuardFailed, InvalidInput
from seats.domain.lifecycle import ALL_GRADES
from seats.domain.roles import Party
from seats.domain.statuses import Status

from ..models import CCA, TeacherOfRecord
from .actors import Actor
from .authority import require
from .guards import (
    IN_COURSE,
    STARTABLE,
    check_activity_date,
    check_course_start,
    check_second_half_start,
    check_transcript,
    parse_percent,
    require_status,
)
from .lifecycle import change_fields, lock_cca, move_status, today


def set_course_start(
    *, actor: Actor, cca_id: int, expected_version: int, start: date, as_of: date | None = None
) -> CCA:
    """Set the course start date once: it starts the statutory withdrawal period."""
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        check_course_start(actor, cca, start)
        change_fields(
            cca, actor=actor, action="set_course_start", changes={"course_start_date": start}
        )
    return cca


def set_second_half_start(
    *, actor: Actor, cca_id: int, expected_version: int, start: date, as_of: date | None = None
) -> CCA:
    """Enter (or move, until it has passed) the start of a 1.0-credit course's second 0.5
    credit; its withdrawal window, Day of Census and recording deadline follow it."""
    as_of = as_of or today()
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        check_second_half_start(actor, cca, start, as_of=as_of)
        change_fields(
            cca,
            actor=actor,
            action="set_second_half_start",
            changes={"second_half_start": start, "second_half_start_entered": True},
        )
    return cca


def set_teacher_of_record(
    *, actor: Actor, cca_id: int, expected_version: int, teacher_id: int
) -> CCA:
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        require(actor, cca, Party.PROVIDER)
        require_status(cca, STARTABLE | IN_COURSE, "Assigning a teacher of record", "SPEC 3.3")
        teacher = TeacherOfRecord.objects.filter(pk=teacher_id, provider_id=cca.provider_id).first()
        if teacher is None:
            raise InvalidInput(
                f"Teacher {teacher_id} is not a teacher of record of this provider.",
                field="teacher_of_record",
            )
        change_fields(
            cca, actor=actor, action="set_teacher_of_record", changes={"teacher_of_record": teacher}
        )
    return cca


def forward_iep(
    *, actor: Actor, cca_id: int, expected_version: int, as_of: date | None = None
) -> CCA:
    """The primary LEA records that it forwarded the IEP / 504 plan to the provider."""
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        require(actor, cca, Party.LEA, Party.SCHOOL)
        if not (cca.student.has_iep or cca.student.has_504):
            raise GuardFailed(
                "The student has no IEP or Section 504 plan to forward.", rule="SPEC 3.3"
            )
        if cca.provider_decision != "approved" or Status(cca.status) not in STARTABLE | IN_COURSE:
            raise GuardFailed(
                "The plan is forwarded once the provider has accepted an active request.",
                rule="SPEC 3.3: IEP / 504 forwarding after provider acceptance",
            )
        if cca.iep_forwarded_on:
            raise GuardFailed("The IEP / 504 plan was already forwarded.", rule="SPEC 3.3")
        change_fields(
            cca, actor=actor, action="forward_iep", changes={"iep_forwarded_on": as_of or today()}
        )
    return cca


def record_progress(
    *,
    actor: Actor,
    cca_id: int,
    expected_version: int,
    percent: Decimal | str | None = None,
    letter: str = "",
    last_activity: date | None = None,
    as_of: date | None = None,
) -> CCA:
    """Grade progress the provider reports for the communication dashboard (SPEC 5)."""
    value = parse_percent(percent)
    letter = letter.strip().upper()
    if letter and letter not in ALL_GRADES:
        raise InvalidInput(
            f"{letter!r} is not a grade (A-D with +/-, P, F, I, NG).", field="letter"
        )
    if value is None and not letter:
        raise InvalidInput("Give a percent, a letter grade, or both.", field="percent")
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        require(actor, cca, Party.PROVIDER)
        require_status(cca, IN_COURSE, "Reporting grade progress", "SPEC 5")
        check_activity_date(cca, last_activity, as_of=as_of or today())
        changes: dict[str, object] = {
            "grade_progress_percent": value,
            "grade_progress_letter": letter,
            "grade_progress_as_of": as_of or today(),
        }
        if last_activity:
            changes["last_activity_on"] = last_activity
        change_fields(cca, actor=actor, action="grade_progress", changes=changes)
    return cca


def record_activity(
    *, actor: Actor, cca_id: int, last_activity: date, as_of: date | None = None
) -> bool:
    """A provider's LMS reports activity in the course (SPEC 5: last activity date, days
    inactive). The last activity date only moves forward; an older report changes nothing.
    Returns whether the CCA changed. Called by apps fed by an LMS (the pupil-accounting feed);
    core does not know them."""
    with transaction.atomic():
        cca = lock_cca(cca_id, None)
        require(actor, cca, Party.PROVIDER)
        require_status(cca, IN_COURSE, "Reporting activity", "SPEC 5")
        check_activity_date(cca, last_activity, as_of=as_of or today())
        if cca.last_activity_on is not None and cca.last_activity_on >= last_activity:
            return False
        change_fields(
            cca, actor=actor, action="activity", changes={"last_activity_on": last_activity}
        )
    return True


def set_at_risk(
    *,
    actor: Actor,
    cca_id: int,
    expected_version: int,
    at_risk: bool,
    reason: str = "",
    as_of: date | None = None,
) -> CCA:
    """Flag (or clear) a student at risk of failing; flagging notifies counselor and parents."""
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        require(actor, cca, Party.PROVIDER)
        require_status(cca, IN_COURSE, "Flagging at risk", "SPEC 5")
        if cca.at_risk == at_risk:
            raise GuardFailed(
                f"The at-risk flag is already {'set' if at_risk else 'clear'}.", rule="SPEC 5"
            )
        change_fields(
            cca,
            actor=actor,
            action="flag_at_risk" if at_risk else "clear_at_risk",
            reason=reason,
            changes={"at_risk": at_risk, "at_risk_since": (as_of or today()) if at_risk else None},
        )
    return cca


def send_intent_to_withdraw(
    *, actor: Actor, cca_id: int, expected_version: int, reason: str = "", as_of: date | None = None
) -> CCA:
    """Notice of intent to withdraw an inactive student (inactive > 10 days); Administrative
    Withdrawal may follow after the reinstatement window (SPEC 3.3)."""
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        require(actor, cca, Party.PROVIDER)
        require_status(
            cca,
            {Status.CONFIRMED, Status.ANTICIPATED_LATE_PASS},
            "A notice of intent to withdraw",
            "SPEC 3.3",
        )
        change_fields(
            cca,
            actor=actor,
            action="intent_to_withdraw",
            reason=reason,
            changes={"intent_to_withdraw_sent_on": as_of or today()},
        )
    return cca


def record_reinstatement_request(
    *, actor: Actor, cca_id: int, expected_version: int, reason: str = ""
) -> CCA:
    """The student, parent or counselor asked to stay: the pending withdrawal is withdrawn (the
    notice's date stays in the history entry)."""
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        require(actor, cca, Party.PROVIDER, Party.SCHOOL, Party.FAMILY)
        if cca.intent_to_withdraw_sent_on is None:
            raise GuardFailed("No notice of intent to withdraw is pending.", rule="SPEC 3.3")
        change_fields(
            cca,
            actor=actor,
            action="reinstatement_requested",
            reason=reason,
            changes={"intent_to_withdraw_sent_on": None},
        )
    return cca


def request_correction(
    *, actor: Actor, cca_id: int, expected_version: int, reason: str, as_of: date | None = None
) -> CCA:
    """The provider asks the state to correct a mistaken Not Confirmed Closed. A late request is
    recorded too; the state's correction then fails its 3-business-day guard."""
    if not reason.strip():
        raise InvalidInput("Say why the Not Confirmed Closed was a mistake.", field="reason")
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        require(actor, cca, Party.PROVIDER)
        require_status(cca, {Status.NOT_CONFIRMED_CLOSED}, "Asking for a correction", "SPEC 3.2")
        if cca.correction_denied_on is not None:
            raise GuardFailed(
                "The state denied the correction of this Not Confirmed Closed on "
                f"{cca.correction_denied_on.isoformat()}; the decision stands.",
                rule="SPEC 3.2",
            )
        change_fields(
            cca,
            actor=actor,
            action="request_correction",
            reason=reason,
            changes={"correction_requested_on": as_of or today()},
        )
    return cca


def correct_not_confirmed_closed(
    *, actor: Actor, cca_id: int, expected_version: int, reason: str, as_of: date | None = None
) -> CCA:
    """The state corrects a mistaken Not Confirmed Closed to Confirmed (a correction entry)."""
    return move_status(
        actor=actor,
        cca_id=cca_id,
        to=Status.CONFIRMED,
        expected_version=expected_version,
        as_of=as_of,
        reason=reason,
    )


def reactivate(
    *, actor: Actor, cca_id: int, expected_version: int, reason: str, as_of: date | None = None
) -> CCA:
    """The state reactivates an Administrative Withdrawal (no new withdrawal period)."""
    return move_status(
        actor=actor,
        cca_id=cca_id,
        to=Status.CONFIRMED,
        expected_version=expected_version,
        as_of=as_of,
        reason=reason,
    )


def set_transcript_due(*, actor: Actor, cca_id: int, expected_version: int, due: date) -> CCA:
    """The counselor's TranscriptDue date for a senior (SPEC 3.3)."""
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        require(actor, cca, Party.SCHOOL)
        if cca.student.grade != 12:
            raise InvalidInput(
                "TranscriptDue is set for seniors (grade 12) only.", field="transcript_due"
            )
        change_fields(
            cca, actor=actor, action="set_transcript_due", changes={"transcript_due_set": due}
        )
    return cca


def issue_transcript(
    *, actor: Actor, cca_id: int, expected_version: int, issued_on: date | None = None
) -> CCA:
    """The provider records the transcript (title, code, grade, credit) it sent (SPEC 3.3)."""
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        check_transcript(actor, cca)
        change_fields(
            cca,
            actor=actor,
            action="issue_transcript",
            changes={"transcript_issued_on": issued_on or today()},
        )
    return cca
