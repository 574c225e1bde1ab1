"""Response bodies: what a caller may see of a record (never more than the web app shows).

Plain pydantic models, not ninja's ``Schema``: the API hands them dicts it built itself, and
ninja's attribute-resolving validator costs more than the whole query for a page of 100."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel as Schema
from pydantic import Field


class OrgRef(Schema):
    code: str
    name: str


class StudentRef(Schema):
    id: int
    ssid: str | None
    name: str
    grade: int


class OfferingRef(Schema):
    id: int
    core_code: str
    title: str
    credit: float


class PersonRef(Schema):
    name: str
    email: str


class TeacherRef(Schema):
    id: int
    name: str
    cactus_id: str


class DeadlineOut(Schema):
    key: str
    label: str
    due: date
    who: str
    rule: str
    calendar: str


class HistoryOut(Schema):
    seq: int
    at: datetime
    action: str
    from_status: str
    to_status: str
    actor_role: str
    actor_name: str | None
    reason: str
    document_ref: str
    details: dict[str, Any]


class CCASummary(Schema):
    id: int
    version: int
    etag: str
    status: str
    status_label: str
    student: StudentRef
    offering: OfferingRef
    provider: OrgRef
    primary_lea: OrgRef
    primary_school: OrgRef | None
    school_year: int
    session: str
    credit_attempted: float
    credit_earned: float | None
    final_grade: str
    submitted_at: datetime
    status_changed_at: datetime
    updated_at: datetime
    provider_decision: str
    lea_decision: str
    noe_date: date | None
    course_start_date: date | None
    census_date: date | None
    confirmation_due: date | None
    at_risk: bool


class CCADetail(CCASummary):
    counselor: PersonRef | None
    teacher_of_record: TeacherRef | None
    seop_consistent: bool | None
    counselor_note: str | None = Field(
        description="The counselor's SEOP/PCCR note; null for a reader who gets only the "
        "answer (`seop_consistent`): a provider."
    )
    credit_limit_agreed: bool
    health_approval: bool
    grade_replacement: bool
    grade_replacement_approved: bool
    early_graduation: bool
    lea_reason: str
    financial_responsibility_accepted: bool
    provider_reason: str
    provider_accepted_on: date | None
    local_registration_complete: bool
    noe_basis: str
    iep_forwarded_on: date | None
    confirmation_date: date | None
    not_confirmed_closed_on: date | None
    correction_requested_on: date | None
    correction_denied_on: date | None
    intent_to_withdraw_sent_on: date | None
    transcript_due_set: date | None
    grade_progress_percent: float | None
    grade_progress_letter: str
    grade_progress_as_of: date | None
    last_activity_on: date | None
    at_risk_since: date | None
    completion_date: date | None
    transcript_issued_on: date | None
    withdrawal_date: date | None
    second_half_start: date | None
    second_half_start_entered: bool
    deadlines: list[DeadlineOut]
    history: list[HistoryOut]


class CCAPage(Schema):
    items: list[CCASummary]
    next_cursor: str | None
    limit: int


class OfferingOut(Schema):
    id: int
    provider: OrgRef
    core_code: str
    usbe_title: str
    provider_title: str
    credit: float
    term_type: str
    content_categories: list[str]
    tier: str
    grade_min: int
    grade_max: int
    prerequisites: str
    is_open: bool
    capacity: int | None
    description: str
    mature_content: bool
    ncaa_note: str
    is_health: bool
    first_school_year: int
    last_school_year: int | None


class OfferingPage(Schema):
    items: list[OfferingOut]
    next_cursor: str | None
    limit: int


class EventOut(Schema):
    id: int
    cca_id: int
    seq: int
    version: int
    at: datetime
    action: str
    from_status: str
    to_status: str
    actor_role: str


class EventPage(Schema):
    items: list[EventOut]
    next_cursor: str | None
    limit: int


class NoticeOut(Schema):
    id: int
    kind: str
    audience: str
    cca_id: int | None
    status: str
    created_at: datetime
    sent_at: datetime | None
    context: dict[str, Any]


class NoticePage(Schema):
    items: list[NoticeOut]
    next_cursor: str | None
    limit: int


class ContactPerson(Schema):
    name: str
    email: str
    phone: str
    is_cca_counselor: bool


class ContactOut(Schema):
    cca_id: int
    student: StudentRef
    school: OrgRef | None
    school_email: str
    school_phone: str
    counselors: list[ContactPerson]


class ContactPage(Schema):
    items: list[ContactOut]
    next_cursor: str | None
    limit: int


class RegistrationOut(Schema):
    student_id: int
    provider: OrgRef
    completed_on: date | None


class SsidOut(Schema):
    student_id: int
    ssid: str


class ReasonCodeOut(Schema):
    party: str
    code: str
    label: str
    rule: str


class TeacherOut(Schema):
    id: int
    name: str
    cactus_id: str
    provider: OrgRef
