"""Gather, from the records, the facts the eligibility rules (domain) read for one request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from seats.domain import catalog as catalog_rules
from seats.domain.eligibility import (
    OfferingFacts,
    Reason,
    RequestFacts,
    StudentFacts,
    check_eligibility,
)
from seats.domain.statuses import COUNTS_TOWARD_CREDIT_LIMIT, OPEN

from ..models import CCA, CourseOffering, Student
from . import extensions
from .policy import policy_for

_COUNTED = [s.value for s in COUNTS_TOWARD_CREDIT_LIMIT]
_ACTIVE = [s.value for s in OPEN]


@dataclass(frozen=True)
class Approvals:
    """Approvals the primary school records with (or before) a request."""

    credit_limit_agreed: bool = False
    health_approval: bool = False
    grade_replacement: bool = False
    grade_replacement_approved: bool = False
    local_board_approved: bool = False
    full_course_load_exceeded: bool = False  # the counselor's answer for this request

    def missing(self, *, grade: int, is_health: bool) -> list[str]:
        """Approvals a request still lacks before it may be accepted or approved."""
        gaps = []
        if is_health and grade <= 8 and not self.health_approval:
            gaps.append("the counselor's written approval for Health in grades 6-8")
        if self.grade_replacement and not self.grade_replacement_approved:
            gaps.append("the counselor's approval for grade replacement")
        return gaps


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def credits_this_year(student: Student, school_year: int, *, exclude: int | None = None) -> Decimal:
    """Credit of the student's CCAs this school year that count toward the limit (SPEC 3.4)."""
    rows = CCA.objects.filter(student=student, school_year=school_year, status__in=_COUNTED)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return rows.aggregate(total=Sum("credit_attempted"))["total"] or Decimal(0)


def student_facts(student: Student, as_of: date) -> StudentFacts:
    school = student.primary_school
    return StudentFacts(
        grade=student.grade,
        age=age_on(student.date_of_birth, as_of),
        is_home_school=student.is_home_school,
        home_school_acknowledged=student.home_school_acknowledged,
        proof_of_age_identity=student.proof_of_age_identity,
        group_care=student.group_care,
        is_out_of_school_youth=student.is_out_of_school_youth,
        enrolled_in_public_school=(
            school is not None and not student.is_home_school and not student.is_private_school
        ),
        has_secondary_diploma=student.has_secondary_diploma,
        in_adult_education=student.in_adult_education
        or extensions.in_adult_education(student, as_of),
        utah_fits_all=student.utah_fits_all,
        is_private_school=student.is_private_school,
        primary_lea_code=student.primary_lea.code,
        primary_school_code=school.code if school else "",
        early_graduation_plan=student.early_graduation_plan,
    )


def offering_facts(offering: CourseOffering, school_year: int, session: str) -> OfferingFacts:
    provider = offering.provider
    seats_left = None
    if offering.capacity is not None:
        taken = CCA.objects.filter(
            offering=offering, school_year=school_year, session=session, status__in=_COUNTED
        ).count()
        seats_left = catalog_rules.seats_left(offering.capacity, taken)
    housing = provider.parent.code if provider.parent_id else None
    return OfferingFacts(
        provider_code=provider.code,
        provider_housing_lea_code=housing,
        credit=offering.credit,
        grade_min=offering.grade_min,
        grade_max=offering.grade_max,
        is_open=offering.is_open,
        seats_left=seats_left,
        is_health=offering.is_health,
        offered_in_school_year=offering.offered_in(school_year),
    )


def duplicate_of(
    student: Student, offering: CourseOffering, school_year: int, session: str
) -> int | None:
    return (
        CCA.objects.filter(
            student=student,
            offering=offering,
            school_year=school_year,
            session=session,
            status__in=_ACTIVE,
        )
        .values_list("pk", flat=True)
        .first()
    )


def reasons_for_request(
    *,
    student: Student,
    offering: CourseOffering,
    school_year: int,
    session: str,
    as_of: date,
    approvals: Approvals,
) -> list[Reason]:
    """Every eligibility reason that applies to this request (not only the first)."""
    policy = policy_for(school_year, as_of=as_of)
    request = RequestFacts(
        credits_this_year=credits_this_year(student, school_year),
        credit_limit=policy.credit_limit,
        credit_limit_agreed=approvals.credit_limit_agreed,
        local_board_approved=approvals.local_board_approved,
        full_course_load_exceeded=approvals.full_course_load_exceeded,
        health_approval=approvals.health_approval,
        grade_replacement=approvals.grade_replacement,
        grade_replacement_approved=approvals.grade_replacement_approved,
        duplicate_of=duplicate_of(student, offering, school_year, session),
    )
    return check_eligibility(
        student_facts(student, as_of), offering_facts(offering, school_year, session), request
    )
