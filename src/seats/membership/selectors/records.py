"""Programs and enrollments as the pages and the API read them, scoped like every read of the
app (reports.programs_visible_to): the LEA's own staff their LEA, the state every LEA."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from seats.core.selectors.access import Viewer

from ..models import Enrollment, Program, RecordChange
from .reports import enrollments_visible_to, programs_visible_to


def programs(viewer: Viewer) -> QuerySet[Program]:
    return (
        programs_visible_to(viewer)
        .select_related("lea", "school", "calendar")
        .annotate(enrolled=Count("enrollments"))
        .order_by("lea__code", "code")
    )


def program_for(viewer: Viewer, pk: int) -> Program | None:
    return (
        programs_visible_to(viewer)
        .select_related("lea", "school", "calendar")
        .filter(pk=pk)
        .first()
    )


def enrollment_for(viewer: Viewer, pk: int) -> Enrollment | None:
    return (
        enrollments_visible_to(viewer)
        .select_related("program__lea", "teacher", "counselor")
        .filter(pk=pk)
        .first()
    )


def enrollments_of(program: Program) -> QuerySet[Enrollment]:
    return program.enrollments.select_related("student", "teacher").order_by(
        "student__legal_last_name", "student__legal_first_name", "entry_on", "pk"
    )


def history_of(*, program: Program | None = None, enrollment: Enrollment | None = None):  # type: ignore[no-untyped-def]
    rows = RecordChange.objects.select_related("by").order_by("-at", "-pk")
    if enrollment is not None:
        return rows.filter(enrollment=enrollment)
    return rows.filter(program=program, enrollment__isnull=True)
