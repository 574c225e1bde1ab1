"""What each adult-education role may see (issue 12), the one place that scopes its queries:
program staff and directors their organisation's programs, the state's adult-education
specialist every program, every other role (SOEP's) nothing. A record out of scope answers
"not found" exactly like a missing one."""

from __future__ import annotations

from django.db.models import QuerySet

from seats.core.selectors.access import Viewer
from seats.domain.errors import NotFound
from seats.domain.roles import ADULTED_PROGRAM_ROLES, Role

from ..models import AdultStudent, Assessment, ContactHour, Enrollment, Program


def programs_visible_to(viewer: Viewer) -> QuerySet[Program]:
    if viewer.role is Role.ADULTED_SPECIALIST:
        return Program.objects.all()
    if viewer.role in ADULTED_PROGRAM_ROLES:
        return Program.objects.filter(organisation=viewer.organisation)
    return Program.objects.none()


def students_visible_to(viewer: Viewer) -> QuerySet[AdultStudent]:
    return AdultStudent.objects.filter(program__in=programs_visible_to(viewer))


def enrollments_visible_to(viewer: Viewer) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(program__in=programs_visible_to(viewer))


def _one(rows: QuerySet, pk: object, what: str):  # type: ignore[no-untyped-def]
    try:
        return rows.get(pk=pk)
    except (rows.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"There is no {what} {pk} that you can see.", field=what) from None


def program_for(viewer: Viewer, pk: object) -> Program:
    return _one(programs_visible_to(viewer), pk, "program")


def student_for(viewer: Viewer, pk: object) -> AdultStudent:
    return _one(students_visible_to(viewer).select_related("program"), pk, "student")


def enrollment_for(viewer: Viewer, pk: object) -> Enrollment:
    rows = enrollments_visible_to(viewer).select_related("program", "student")
    return _one(rows, pk, "enrollment")


def hour_for(viewer: Viewer, pk: object, *, enrollment: Enrollment | None = None) -> ContactHour:
    """A contact-hour entry (void ones included) of a program the viewer sees."""
    rows = ContactHour.all_objects.filter(
        enrollment__program__in=programs_visible_to(viewer)
    ).select_related("enrollment__program", "enrollment__student", "voided_by", "entered_by")
    if enrollment is not None:
        rows = rows.filter(enrollment=enrollment)
    return _one(rows, pk, "hour")


def assessment_for(
    viewer: Viewer, pk: object, *, enrollment: Enrollment | None = None
) -> Assessment:
    """An assessment (void ones included) of a program the viewer sees."""
    rows = Assessment.all_objects.filter(
        enrollment__program__in=programs_visible_to(viewer)
    ).select_related("enrollment__program", "enrollment__student", "voided_by")
    if enrollment is not None:
        rows = rows.filter(enrollment=enrollment)
    return _one(rows, pk, "assessment")
