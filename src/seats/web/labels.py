"""What SEATS calls things on its pages, in the reader's language (SPEC 4).

The domain keeps its English labels and stays free of Django; this module marks each one for
translation (``gettext_lazy``) so makemessages extracts it and a Spanish reader sees Spanish. A
test checks that every English text here is the domain's own, so the two never drift apart.
Templates use these through the ``seats_labels`` filters.

Sentences the domain builds (eligibility reasons, refusals a family can meet) arrive as an English
template with values; ``reason_text`` and ``error_text`` translate the template and fill in the
values, so the numbers are the rule's own in every language.
"""

from __future__ import annotations

import re

from django.utils import formats
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from seats.domain.catalog import NCAA_APPROVED, ContentCategory, Session, session_text
from seats.domain.i18n import Params, fill
from seats.domain.policy import DayUnit
from seats.domain.reasons import reason_for_label
from seats.domain.roles import Role
from seats.domain.statuses import Credit, Stage, Status
from seats.domain.turn import PHRASES

S = Status

STATUS_LABELS: dict[Status, Promise] = {
    S.PENDING_EXECUTION: _("Pending Execution"),
    S.REJECTED_BY_LEA: _("Rejected by LEA"),
    S.REJECTED_PROVIDER: _("Rejected Provider"),
    S.REJECTED_BY_STATE: _("Rejected by State"),
    S.CANCELLED_BY_LEA: _("Cancelled by LEA"),
    S.ENROLLMENT_COMPLETE: _("Enrollment Complete"),
    S.CONFIRMED: _("Confirmed"),
    S.LOSS_OF_ELIGIBILITY_WITHIN_20: _("Loss of Eligibility within first 20 school days"),
    S.STUDENT_WITHDRAWAL_WITHIN_20: _("Student Withdrawal within first 20 school days"),
    S.NOT_CONFIRMED_CLOSED: _("Not Confirmed Closed"),
    S.LOSS_OF_ELIGIBILITY_AFTER_20: _("Loss of Eligibility after 20 school days: no credit earned"),
    S.LOSS_OF_ELIGIBILITY_QUARTER: _("Loss of Eligibility: .25 earned, cancel remainder"),
    S.STUDENT_WITHDRAWAL_AFTER_20: _("Student Withdrawal after 20 school days: no credit earned"),
    S.ADMINISTRATIVE_WITHDRAWAL: _(
        "Administrative Withdrawal: no credit earned after initial activity"
    ),
    S.ADMINISTRATIVE_WITHDRAWAL_QUARTER: _(
        "Administrative Withdrawal: .25 earned, cancel remainder"
    ),
    S.DISCIPLINARY_WITHDRAWAL: _("Disciplinary Withdrawal: no credit earned"),
    S.DISCIPLINARY_WITHDRAWAL_QUARTER: _("Disciplinary Withdrawal: .25 earned, cancel remainder"),
    S.COMPLETED_GRADE_TOO_LOW: _("Completed Course: grade too low to earn credit (F)"),
    S.FAILED_TO_COMPLETE: _("Failed to Complete Course: no credit earned (I, NG)"),
    S.QUARTER_EARNED_NOT_PASSING: _(
        ".25 Earned Not Passing Remainder: grade too low to earn full credit"
    ),
    S.ANTICIPATED_LATE_PASS: _("Anticipated Late Pass"),
    S.PASS_ALL_COMPLETE: _("Pass All Complete"),
    S.LATE_PASS: _("Late Pass"),
}

#: A status in plain words for students and parents, by what it means for them.
MEANINGS: dict[str, Promise] = {
    "waiting": _("Waiting for the school district (LEA) and the provider to decide."),
    "not_going_ahead": _("This request will not go ahead; the reason is given with it."),
    "starting": _(
        "Enrolled: the course is starting. The provider confirms participation after the "
        "first weeks."
    ),
    "taking": _("Taking the course: participation is confirmed."),
    "finishing": _(
        "Still finishing: the provider expects a passing grade after the school year ends."
    ),
    "credit": _("Finished with credit earned."),
    "part_credit": _("Closed with part of the credit (.25) earned."),
    "no_credit": _("Closed without credit."),
}

#: Deadline key (seats.domain.deadlines) -> its label.
DEADLINE_LABELS: dict[str, Promise] = {
    "lea_decision_due": _("Primary LEA approves or rejects"),
    "provider_decision_due": _("Provider accepts or rejects"),
    "lea_cancellation_due": _("Primary LEA may cancel the state-issued notice"),
    "iep_forwarding_due": _("Primary LEA forwards the IEP / 504 plan"),
    "withdrawal_period_end": _("Withdrawal period ends"),
    "census_day": _("Day of Census"),
    "confirmation_due": _("Provider confirms or closes (Not Confirmed Closed)"),
    "second_half_start": _("Second 0.5 credit starts"),
    "second_withdrawal_period_end": _("Withdrawal period of the second 0.5 credit ends"),
    "second_census_day": _("Day of Census of the second 0.5 credit"),
    "second_withdrawal_record_by": _("Last day to record a withdrawal of the second window"),
    "correction_request_due": _(
        "Provider asks the state to correct a mistaken Not Confirmed Closed"
    ),
    "administrative_withdrawal_due": _("Provider withdraws if no reinstatement is requested"),
    "closeout": _("Every CCA in a closeout status"),
    "late_pass_final_due": _("Anticipated Late Pass finalized"),
    "transcript_due": _("Transcript to the state, primary school and parent"),
}

#: Steps whose deadline label is staff shorthand, in the words a family reads on "My courses".
PLAIN_STEPS: dict[str, Promise] = {
    "closeout": _("Provider reports the final result (end of the school year)"),
}

#: An optional right (seats.domain.deadlines.OPTIONAL_RIGHTS) while it is available: "may ...
#: until", never "overdue".
MAY_LABELS: dict[str, Promise] = {
    "lea_cancellation_due": _("may cancel until %(date)s"),
    "correction_request_due": _("may ask the state for a correction until %(date)s"),
}

#: Who acts on a deadline (Deadline.who) -> words a family understands.
WHO_LABELS: dict[str, Promise] = {
    "primary LEA": _("Primary LEA (school district)"),
    "provider": _("Provider"),
    "student": _("Student"),
}

ROLE_LABELS: dict[str, Promise] = {
    Role.STUDENT: _("Student"),
    Role.PARENT: _("Parent / guardian"),
    Role.COUNSELOR: _("School counselor"),
    Role.REGISTRAR: _("School registrar"),
    Role.LEA_APPROVER: _("LEA approver"),
    Role.PROVIDER_STAFF: _("Provider staff"),
    Role.PROVIDER_ADMIN: _("Provider administrator"),
    Role.STATE_SPECIALIST: _("State specialist"),
    Role.STATE_ADMIN: _("State administrator"),
    Role.AUDITOR: _("Auditor (read-only)"),
    Role.TEACHER: _("Teacher (pupil accounting)"),
    Role.PUPIL_ACCOUNTING: _("Pupil-accounting staff"),
    Role.ADULTED_STAFF: _("Adult education program staff"),
    Role.ADULTED_DIRECTOR: _("Adult education program director"),
    Role.ADULTED_SPECIALIST: _("State adult education specialist"),
    "system": _("the system"),
}

#: History actions (CCAHistory.action): the lifecycle's move names and the services' changes.
ACTION_LABELS: dict[str, Promise] = {
    "submit": _("Request submitted"),
    "counselor_review": _("Counselor reviewed the request"),
    "lea_approve": _("Approved by the LEA"),
    "provider_accept": _("Accepted by the provider"),
    "local_registration_complete": _("Local registration completed"),
    "set_course_start": _("Course start date set"),
    "set_teacher_of_record": _("Teacher of record assigned"),
    "forward_iep": _("IEP / 504 plan forwarded"),
    "activity": _("Activity reported by the provider's LMS"),
    "grade_progress": _("Grade progress reported"),
    "flag_at_risk": _("Flagged at risk of failing"),
    "clear_at_risk": _("At-risk flag cleared"),
    "intent_to_withdraw": _("Notice of intent to withdraw sent"),
    "reinstatement_requested": _("Reinstatement requested"),
    "request_correction": _("Correction requested from the state"),
    "deny_correction": _("Correction denied by the state"),
    "set_transcript_due": _("Transcript due date set"),
    "issue_transcript": _("Transcript issued"),
    "recompute_deadlines": _("Deadlines recalculated"),
    "calendar_correction": _("Deadlines corrected for a new school calendar"),
    "set_second_half_start": _("Start of the second 0.5 credit set"),
    "loss_of_eligibility_second_window": _("Loss of eligibility (second 0.5 credit's window)"),
    "student_withdrawal_second_window": _("Student withdrew (second 0.5 credit's window)"),
    "reject_by_lea": _("Rejected by the LEA"),
    "reject_by_provider": _("Rejected by the provider"),
    "reject_by_state": _("Rejected by the state"),
    "issue_notice_of_enrollment": _("Notice of Enrollment issued"),
    "cancel_by_lea": _("Cancelled by the LEA"),
    "confirm": _("Enrollment confirmed"),
    "not_confirmed_closed": _("Closed, not confirmed"),
    "loss_of_eligibility_within_20": _("Loss of eligibility (first 20 school days)"),
    "student_withdrawal_within_20": _("Student withdrew (first 20 school days)"),
    "loss_of_eligibility": _("Loss of eligibility"),
    "loss_of_eligibility_quarter": _("Loss of eligibility, .25 credit earned"),
    "student_withdrawal": _("Student withdrew"),
    "administrative_withdrawal": _("Administrative withdrawal"),
    "administrative_withdrawal_quarter": _("Administrative withdrawal, .25 credit earned"),
    "disciplinary_withdrawal": _("Disciplinary withdrawal"),
    "disciplinary_withdrawal_quarter": _("Disciplinary withdrawal, .25 credit earned"),
    "completed_grade_too_low": _("Completed with a grade too low for credit"),
    "failed_to_complete": _("Did not complete the course"),
    "quarter_earned_not_passing": _(".25 credit earned, remainder not passed"),
    "anticipated_late_pass": _("Late pass anticipated"),
    "pass_all_complete": _("Passed and completed"),
    "late_pass": _("Passed late"),
    "correct_not_confirmed_closed": _("The state corrected Not Confirmed Closed"),
    "reactivate": _("Reactivated by the state"),
}


def _humane(code: str) -> str:
    """An unknown code still reads as words (a new action shows before it has a label)."""
    return code.replace("_", " ").capitalize()


def status_label(value: object) -> str:
    try:
        return str(STATUS_LABELS[Status(str(value))])
    except ValueError:
        return str(value or "")


def meaning_key(status: Status) -> str:
    """Which plain-words meaning a status has, read from the domain's facts about it."""
    info = status.info
    if status is Status.PENDING_EXECUTION:
        return "waiting"
    if status is Status.ENROLLMENT_COMPLETE:
        return "starting"
    if status is Status.CONFIRMED:
        return "taking"
    if status is Status.ANTICIPATED_LATE_PASS:
        return "finishing"
    if info.stage is not Stage.CLOSEOUT:
        return "not_going_ahead"
    return {Credit.ALL: "credit", Credit.QUARTER: "part_credit"}.get(info.credit, "no_credit")


def status_meaning(value: object) -> str:
    try:
        return str(MEANINGS[meaning_key(Status(str(value)))])
    except ValueError:
        return ""


def deadline_label(key: str, default: str = "") -> str:
    label = DEADLINE_LABELS.get(key)
    return str(label) if label is not None else default or _humane(key)


def step_label(key: str) -> str:
    plain = PLAIN_STEPS.get(key)
    return str(plain) if plain is not None else deadline_label(key)


def who_label(who: str) -> str:
    label = WHO_LABELS.get(who)
    return str(label) if label is not None else who


def role_label(role: object) -> str:
    label = ROLE_LABELS.get(str(role))
    return str(label) if label is not None else _humane(str(role or ""))


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else _humane(action)


_DECIMAL = re.compile(r"-?\d+\.\d+")


def translated(template: str, params: Params, english: str) -> str:
    """``template`` in the active language with ``params`` filled in.

    A catalogue entry whose placeholders do not match the English (a translator's slip) falls
    back to the English sentence instead of breaking the page; a test keeps that from happening.
    """
    if not template:
        return english
    separator = str(formats.get_format("DECIMAL_SEPARATOR"))
    values = tuple((name, _decimal_in(value, separator)) for name, value in params)
    try:
        return fill(gettext(template), values)
    except (KeyError, ValueError, TypeError):
        return english


def _decimal_in(value: str, separator: str) -> str:
    """A credit such as "5.75" written with the page's decimal separator ("5,75" in Spanish),
    as Django writes the other numbers on the same page; whole numbers and codes are kept."""
    return value.replace(".", separator) if _DECIMAL.fullmatch(value) else value


def reason_text(reason: object) -> str:
    """An eligibility reason (``seats.domain.eligibility.Reason``) in the reader's language."""
    english = str(getattr(reason, "message", reason))
    return translated(getattr(reason, "template", ""), getattr(reason, "params", ()), english)


def error_text(error: object) -> str:
    """A refusal (``DomainError``) in the reader's language: translated when the service raised
    it with a template a family can meet, else its English message (staff-only refusals)."""
    english = str(getattr(error, "message", error))
    return translated(getattr(error, "template", ""), getattr(error, "params", ()), english)


def rejection_reason(value: object) -> str:
    """A stored reason in the reader's language when it is a decision-tree label (SPEC 3.4,
    ``seats.domain.reasons``, marked for the catalogue there); words a staff member typed are
    shown as typed. Family pages only: staff pages show the English label with its code."""
    text = str(value or "")
    reason = reason_for_label(text)
    return gettext(reason.label) if reason is not None else text


def turn_text(key: object) -> str:
    """Whose turn it is (a ``seats.domain.turn`` phrase key) in the reader's language."""
    english = PHRASES.get(str(key or ""), "")
    return gettext(english) if english else ""


def session_label(cca: object) -> str:
    """A CCA's session as a family reads it ("Semester 2, 2026-27"), in the reader's language."""
    found = session_text(str(getattr(cca, "session", "")), int(getattr(cca, "school_year", 0)))
    return translated(found.template, found.params, str(found))


def may_until(item: object) -> str:
    """An optional right as "may ... until <date>" (a ``DueItem``'s deadline or a ``NextStep``)."""
    deadline = getattr(item, "deadline", item)
    key, due = str(getattr(deadline, "key", "")), getattr(deadline, "due", None)
    label = MAY_LABELS.get(key)
    if label is None or due is None:
        return ""
    return str(label) % {"date": formats.date_format(due, "DATE_FORMAT")}


# The catalog (issue 9, 5) ------------------------------------------------------------------

C = ContentCategory
SUBJECT_LABELS: dict[ContentCategory, Promise] = {
    C.DIGITAL_STUDIES: _("Digital Studies"),
    C.DRIVER_EDUCATION: _("Driver Education"),
    C.FINANCIAL_LITERACY: _("Financial Literacy"),
    C.HEALTH: _("Health"),
    C.PHYSICAL_EDUCATION: _("Physical Education"),
    C.CTE: _("CTE"),
    C.ELECTIVE: _("Elective Credits"),
    C.FINE_ARTS: _("Fine Arts"),
    C.SOCIAL_STUDIES: _("Social Studies Core"),
    C.WORLD_LANGUAGE: _("World Language"),
    C.CONCURRENT_ENROLLMENT: _("Concurrent Enrollment"),
    C.LANGUAGE_ARTS: _("Language Arts"),
    C.MATH: _("Math"),
    C.SCIENCE: _("Science"),
}
SESSION_NAMES: dict[Session, Promise] = {
    Session.Q1: _("Quarter 1"),
    Session.Q2: _("Quarter 2"),
    Session.Q3: _("Quarter 3"),
    Session.Q4: _("Quarter 4"),
    Session.S1: _("Semester 1"),
    Session.S2: _("Semester 2"),
}


def subject_label(value: object) -> str:
    """A content category (the catalog's subject) in the reader's language."""
    try:
        return str(SUBJECT_LABELS[ContentCategory(str(value))])
    except ValueError:
        return str(value or "")


def session_name(value: object) -> str:
    """A session code in words ("Semester 1"), in the reader's language."""
    try:
        return str(SESSION_NAMES[Session(str(value))])
    except ValueError:
        return str(value or "")


def ncaa_note(note: object) -> SafeString:
    """The NCAA note: the common "NCAA approved" in the reader's language; any other note as
    the provider wrote it, marked as English for screen readers."""
    text = str(note or "").strip()
    if text.casefold().rstrip(".") == NCAA_APPROVED.casefold():
        return format_html("{}", gettext(NCAA_APPROVED))
    return format_html('<span lang="en">{}</span>', text)


def day_count(days: int, unit: DayUnit) -> str:
    """'20 school days', '3 business days', '30 days': a policy length as the help texts say it."""
    if unit is DayUnit.SCHOOL:
        return ngettext("%(n)d school day", "%(n)d school days", days) % {"n": days}
    if unit is DayUnit.BUSINESS:
        return ngettext("%(n)d business day", "%(n)d business days", days) % {"n": days}
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
