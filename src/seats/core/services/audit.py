"""Recording access to student records (SPEC 10). Called by every view, API read and export."""

from __future__ import annotations

from ..models import CCA, AccessAction, AccessLog, Student
from ..selectors.access import Viewer


def log_export(viewer: Viewer, *, what: str, rows: int) -> AccessLog | None:
    """An export of student records to a file. An operator's export from the server shell acts
    without a user account and is not attributable here (the shell's own audit covers it)."""
    if getattr(viewer.user, "pk", None) is None:
        return None
    return log_access(viewer, action=AccessAction.EXPORT, what=what, rows=rows, channel="file")


def log_access(
    viewer: Viewer,
    *,
    action: AccessAction,
    what: str,
    cca: CCA | None = None,
    student: Student | None = None,
    rows: int | None = None,
    channel: str = "web",
) -> AccessLog:
    """One row per access. ``what`` names the record or list without personal data."""
    return AccessLog.objects.create(
        user=viewer.user,
        role=viewer.role.value,
        organisation=viewer.organisation,
        action=action,
        what=what[:200],
        student=student or (cca.student if cca is not None else None),
        cca_id=cca.pk if cca is not None else None,
        rows=rows,
        channel=channel,
    )
