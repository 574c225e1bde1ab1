"""Request bodies. Limits here answer bad input with a 422 naming the field before any service
runs; the services still check every rule (they are the authority)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, model_validator

from seats.domain.catalog import Session
from seats.domain.statuses import Status

MAX_ID = 2_147_483_647
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
SchoolYear = Annotated[int, Field(ge=2000, le=2100)]
#: What the validators below enforce, stated in the OpenAPI document too: no NUL in text, and
#: dates within the program's years (2000-01-01 to 2100-12-31).
NO_NUL = {"pattern": "^[^\\u0000]*$"}
DAY_PATTERN = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
BIRTH_DATE_PATTERN = "^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
Text = Annotated[str, Field(max_length=2000, json_schema_extra=NO_NUL)]
Code = Annotated[str, Field(max_length=64, json_schema_extra=NO_NUL)]


def _plausible(value: date) -> date:
    """Dates far outside the program's years are typos (and would overflow date arithmetic)."""
    if not date(2000, 1, 1) <= value <= date(2100, 12, 31):
        raise ValueError("must be between 2000-01-01 and 2100-12-31")
    return value


Day = Annotated[
    date,
    AfterValidator(_plausible),
    Field(json_schema_extra={"pattern": DAY_PATTERN, "description": "2000-01-01 to 2100-12-31"}),
]


def _no_nul(value: Any) -> None:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    if isinstance(value, dict):
        for item in value.values():
            _no_nul(item)
    if isinstance(value, list):
        for item in value:
            _no_nul(item)


class In(Schema):
    """Unknown fields are refused (a typo is an error, not silently ignored)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _text_is_storable(cls, data: Any) -> Any:
        _no_nul(data)
        return data


class ApprovalsIn(In):
    credit_limit_agreed: bool = False
    health_approval: bool = False
    grade_replacement: bool = False
    grade_replacement_approved: bool = False
    local_board_approved: bool = False
    full_course_load_exceeded: bool = False


def _birth_date(value: date) -> date:
    if not date(1900, 1, 1) <= value <= date(2100, 12, 31):
        raise ValueError("must be between 1900-01-01 and 2100-12-31")
    return value


class StudentIdentityIn(In):
    """The facts the family or the school gave you: all three must match one student."""

    ssid: Annotated[str, Field(min_length=1, max_length=16, json_schema_extra=NO_NUL)]
    date_of_birth: Annotated[
        date,
        AfterValidator(_birth_date),
        Field(
            json_schema_extra={
                "pattern": BIRTH_DATE_PATTERN,
                "description": "1900-01-01 to 2100-12-31",
            }
        ),
    ]
    last_name: Annotated[str, Field(min_length=1, max_length=80, json_schema_extra=NO_NUL)]


class SubmitIn(In):
    """Name the student by ``student_id`` only when your role already sees the student (your
    school's, your child, a provider's own CCA's student); otherwise by ``student`` (SSID, date
    of birth and last name, in any case and accents). A student you cannot act for, or facts
    that match no student, get the same 404."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "oneOf": [
                {"required": ["student_id"], "properties": {"student_id": {"type": "integer"}}},
                {"required": ["student"], "properties": {"student": {"type": "object"}}},
            ]
        },
    )

    student_id: Id | None = None
    student: StudentIdentityIn | None = None
    offering_id: Id
    school_year: Annotated[
        int,
        Field(
            ge=2000,
            le=2100,
            description="The current or the upcoming school year (the year it starts; a "
            "school year starts on July 1); another is a 422 naming school_year.",
        ),
    ]
    session: Annotated[
        Session,
        Field(
            description="The session rules: a semester course takes S1 or S2, a "
            "quarter course Q1-Q4 (the offering's term_type); another is a 422 naming session.",
        ),
    ]
    early_graduation: bool = False
    approvals: ApprovalsIn | None = None

    @model_validator(mode="after")
    def _one_way_to_name_the_student(self) -> SubmitIn:
        if (self.student_id is None) == (self.student is None):
            raise ValueError("give either student_id or student (ssid, date_of_birth, last_name)")
        return self


class CounselorReviewIn(In):
    seop_consistent: bool
    note: Text = ""
    approvals: ApprovalsIn | None = None


class LeaDecisionIn(In):
    decision: Literal["approve", "reject"]
    reason_code: Code = ""
    accept_financial_responsibility: bool = False


class ProviderDecisionIn(In):
    decision: Literal["accept", "reject"]
    reason_code: Code = ""


class StateRejectionIn(In):
    reason_code: Code


class ReasonIn(In):
    reason: Text = ""


class RequiredReasonIn(In):
    reason: Annotated[str, Field(min_length=1, max_length=2000, json_schema_extra=NO_NUL)]


class CorrectionDecisionIn(In):
    decision: Literal["grant", "deny"]
    reason: Annotated[str, Field(min_length=1, max_length=2000, json_schema_extra=NO_NUL)]


class MoveIn(In):
    to: Status
    reason: Text = ""
    document_ref: Annotated[str, Field(max_length=255, json_schema_extra=NO_NUL)] = ""
    final_grade: Annotated[str, Field(max_length=4, json_schema_extra=NO_NUL)] = ""
    completion_date: Day | None = None
    withdrawal_date: Day | None = Field(
        None,
        description="The date a withdrawal or loss of eligibility took effect: required for "
        "those closeouts and checked against the CCA's withdrawal windows.",
    )


class CourseStartIn(In):
    course_start_date: Day


class SecondHalfStartIn(In):
    second_half_start: Day


class TeacherIn(In):
    teacher_id: Id


class ProgressIn(In):
    percent: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] | None = None
    letter: Annotated[str, Field(max_length=4, json_schema_extra=NO_NUL)] = ""
    last_activity: Day | None = None


class AtRiskIn(In):
    at_risk: bool
    reason: Text = ""


class TranscriptDueIn(In):
    due: Day


class TranscriptIn(In):
    issued_on: Day | None = None


class SsidIn(In):
    """The student's SSID (6-16 digits; the service checks the format and uniqueness)."""

    ssid: Code


class RegistrationIn(In):
    provider: Code
    gender: Annotated[str, Field(max_length=16, json_schema_extra=NO_NUL)] = ""
    preferred_name: Annotated[str, Field(max_length=80, json_schema_extra=NO_NUL)] = ""
    home_address: Text = ""
    school_address: Text = ""
    phone: Annotated[str, Field(max_length=32, json_schema_extra=NO_NUL)] = ""
    preferred_contact: Annotated[str, Field(max_length=16, json_schema_extra=NO_NUL)] = ""
    iep_or_504: bool | None = None
    multilingual: bool | None = None
    home_language_survey: bool = False
    fee_waiver: bool | None = None
    birth_certificate: bool = False
    proof_of_residency: bool = False
    home_school_acknowledgment: bool = False
