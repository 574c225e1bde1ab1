"""What SOEP may ask adult education (through core's extension point, never an import of it)."""

from __future__ import annotations

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
