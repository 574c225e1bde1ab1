"""Recording access to student records (SPEC 10). Called by every view, API read and export.

Each entry says who (user, role, organisation), what (the record or list, by key; no personal
data), when, how (web, api or file) and why (the purpose the page or operation serves). One view
is one entry: the same person reading the same records again within ``SAME_VIEW`` (a search
sent once by typing and again by Enter, a double click, a history restore right after) keeps the
entry already written.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ..models import CCA, AccessAction, AccessLog, AccessPurpose, Student
from ..selectors.access import Viewer

SAME_VIEW = timedelta(seconds=3)


def log_export(
    viewer: Viewer, *, what: str, rows: int, purpose: AccessPurpose = AccessPurpose.SIS_EXPORT
) -> AccessLog | None:
    """An export of student records to a file. An operator's export from the server shell acts
    without a user account and is not attributable here (the shell's own audit covers it)."""
    if getattr(viewer.user, "pk", None) is None:
        return None
    return log_access(
        viewer, action=AccessAction.EXPORT, what=what, rows=rows, channel="file", purpose=purpose
    )


def log_access(
    viewer: Viewer,
    *,
    action: AccessAction,
    what: str,
    purpose: AccessPurpose,
    cca: CCA | None = None,
    student: Student | None = None,
    rows: int | None = None,
    channel: str = "web",
) -> AccessLog:
    """One row per access. ``what`` names the record or list without personal data;
    ``purpose`` is why the page or operation reads it."""
    student = student or (cca.student if cca is not None else None)
    fields = {
        "role": viewer.role.value,
        "organisation_id": viewer.organisation.pk,
        "action": str(action),
        "what": what[:200],
        "student_id": student.pk if student is not None else None,
        "cca_id": cca.pk if cca is not None else None,
        "rows": rows,
        "channel": channel,
        "purpose": str(purpose),
    }
    last = (
        AccessLog.objects.filter(user=viewer.user, at__gte=timezone.now() - SAME_VIEW)
        .order_by("-at", "-pk")
        .first()
    )
    if last is not None and all(getattr(last, k) == v for k, v in fields.items()):
        return last  # the same view, asked again at once
    return AccessLog.objects.create(user=viewer.user, **fields)
