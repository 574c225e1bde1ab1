"""What SOEP may ask adult education (through core's extension point, never an import of it)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.db.models import Q

from seats.core.models import Student

from ..models import Enrollment


def has_open_enrollment(student: Student, as_of: date) -> bool:
    """A K-12 student with an adult-education enrollment begun on or before ``as_of`` and not
    exited before it, linked by core's record or by SSID (SPEC 3.4)."""
    link = Q(student__k12_student=student)
    if student.ssid:
        link |= Q(student__ssid=student.ssid)
    return (
        Enrollment.objects.filter(link, entry_date__lte=as_of)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=as_of))
        .exists()
    )


def open_enrollment_ssids(ssids: Collection[str], as_of: date) -> set[str]:
    """The set-based form of ``has_open_enrollment``: of ``ssids``, those of K-12 students
    with an open adult-education enrollment on ``as_of`` (linked by the adult-education
    student's SSID or by its link to core's record), in one query."""
    wanted = sorted({s for s in ssids if s})
    if not wanted:
        return set()
    rows = (
        Enrollment.objects.filter(
            Q(student__ssid__in=wanted) | Q(student__k12_student__ssid__in=wanted),
            entry_date__lte=as_of,
        )
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=as_of))
        .values_list("student__ssid", "student__k12_student__ssid")
        .distinct()
    )
    asked = set(wanted)
    return {ssid for pair in rows for ssid in pair if ssid in asked}
