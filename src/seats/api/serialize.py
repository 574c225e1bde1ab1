"""Records to response dicts. A list reads its rows with their relations in one query of
plain values (``SUMMARY_VALUES``), so the number of queries never grows with the rows and no
model instances are built for a page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from seats.core.models import CCA, CCAHistory, CourseOffering, Organisation, Student
from seats.core.selectors.ccas import acting_organisation
from seats.core.services.facts import compute_for
from seats.domain.disclosure import NOTE_ACTIONS, NOTE_FIELDS, may_read_note
from seats.domain.roles import FAMILY_ROLES, Role
from seats.domain.statuses import Status

DETAIL_RELATIONS = (
    "student",
    "offering",
    "provider",
    "primary_lea",
    "primary_school",
    "counselor",
    "teacher_of_record",
)
#: The columns a list row reads (one query with its joins; no model instances are built).
SUMMARY_VALUES = (
    "id",
    "version",
    "status",
    "school_year",
    "session",
    "credit_attempted",
    "credit_earned",
    "final_grade",
    "submitted_at",
    "status_changed_at",
    "updated_at",
    "provider_decision",
    "lea_decision",
    "noe_date",
    "course_start_date",
    "census_date",
    "confirmation_due",
    "at_risk",
    "student_id",
    "student__ssid",
    "student__legal_first_name",
    "student__preferred_name",
    "student__legal_last_name",
    "student__grade",
    "offering_id",
    "offering__core_code",
    "offering__provider_title",
    "offering__credit",
    "provider__code",
    "provider__name",
    "primary_lea__code",
    "primary_lea__name",
    "primary_school__code",
    "primary_school__name",
)
_COPIED = (
    "id",
    "version",
    "status",
    "school_year",
    "session",
    "final_grade",
    "submitted_at",
    "status_changed_at",
    "updated_at",
    "provider_decision",
    "lea_decision",
    "noe_date",
    "course_start_date",
    "census_date",
    "confirmation_due",
    "at_risk",
)


def etag(cca: CCA) -> str:
    return f'"cca-{cca.pk}-v{cca.version}"'


def org_ref(org: Organisation | None) -> dict[str, str] | None:
    return {"code": org.code, "name": org.name} if org else None


def student_ref(student: Student) -> dict[str, Any]:
    return {
        "id": student.pk,
        "ssid": student.ssid,
        "name": student.display_name,
        "grade": student.grade,
    }


def _num(value: Any) -> float | None:
    return float(value) if value is not None else None


def _org(row: dict[str, Any], prefix: str) -> dict[str, str] | None:
    code = row[f"{prefix}__code"]
    return {"code": code, "name": row[f"{prefix}__name"]} if code is not None else None


def summary_rows(rows: QuerySet[CCA]) -> QuerySet:
    return rows.values(*SUMMARY_VALUES)


def cca_summary(row: dict[str, Any]) -> dict[str, Any]:
    """A list row (from ``summary_rows``) as the API shows it."""
    data = {name: row[name] for name in _COPIED}
    first = row["student__preferred_name"] or row["student__legal_first_name"]
    data.update(
        etag=f'"cca-{row["id"]}-v{row["version"]}"',
        status_label=Status(row["status"]).label,
        student={
            "id": row["student_id"],
            "ssid": row["student__ssid"],
            "name": f"{first} {row['student__legal_last_name']}",
            "grade": row["student__grade"],
        },
        offering={
            "id": row["offering_id"],
            "core_code": row["offering__core_code"],
            "title": row["offering__provider_title"],
            "credit": float(row["offering__credit"]),
        },
        provider=_org(row, "provider"),
        primary_lea=_org(row, "primary_lea"),
        primary_school=_org(row, "primary_school"),
        credit_attempted=float(row["credit_attempted"]),
        credit_earned=_num(row["credit_earned"]),
    )
    return data


_DETAIL_FIELDS = (
    "seop_consistent",
    "counselor_note",
    "credit_limit_agreed",
    "health_approval",
    "grade_replacement",
    "grade_replacement_approved",
    "early_graduation",
    "lea_reason",
    "financial_responsibility_accepted",
    "provider_reason",
    "provider_accepted_on",
    "local_registration_complete",
    "noe_basis",
    "iep_forwarded_on",
    "confirmation_date",
    "not_confirmed_closed_on",
    "correction_requested_on",
    "correction_denied_on",
    "intent_to_withdraw_sent_on",
    "transcript_due_set",
    "grade_progress_letter",
    "grade_progress_as_of",
    "last_activity_on",
    "at_risk_since",
    "completion_date",
    "transcript_issued_on",
    "withdrawal_date",
    "second_half_start",
    "second_half_start_entered",
)


def cca_detail(cca: CCA, *, reader: Role | None) -> dict[str, Any]:
    """Everything the record holds for this reader, its deadlines (with rule and calendar) and
    its history. The counselor's note (and its trace in the history) is null for a reader who
    may not read it (``domain.disclosure``: a provider gets the SEOP/PCCR answer only)."""
    data = cca_summary(summary_rows(CCA.objects.filter(pk=cca.pk)).get())
    data.update({name: getattr(cca, name) for name in _DETAIL_FIELDS})
    note = may_read_note(reader)
    if not note:
        data["counselor_note"] = None
    data["grade_progress_percent"] = _num(cca.grade_progress_percent)
    counselor = cca.counselor
    data["counselor"] = (
        {"name": counselor.get_full_name() or counselor.username, "email": counselor.email}
        if counselor
        else None
    )
    teacher = cca.teacher_of_record
    data["teacher_of_record"] = (
        {
            "id": teacher.pk,
            "name": f"{teacher.first_name} {teacher.last_name}",
            "cactus_id": teacher.cactus_id,
        }
        if teacher
        else None
    )
    data["deadlines"] = [d.as_dict() for d in compute_for(cca).values()]
    family = reader in FAMILY_ROLES
    state: list[str] = []
    data["history"] = [
        history_entry(h, note=note, family_of=cca if family else None, state=state)
        for h in _history(cca)
    ]
    return data


def _history(cca: CCA) -> QuerySet[CCAHistory]:
    return CCAHistory.objects.filter(cca=cca).select_related("actor").order_by("seq")


def history_entry(
    entry: CCAHistory,
    *,
    note: bool = True,
    family_of: CCA | None = None,
    state: list[str] | None = None,
) -> dict[str, Any]:
    """One history entry; without ``note`` the counselor's note is left out of it. For a family
    reader (``family_of``: the CCA) a staff actor is named by role and organisation, never by
    user name."""
    details = entry.details if isinstance(entry.details, dict) else {}
    reason = entry.reason
    if not note:
        details = {k: v for k, v in details.items() if k not in NOTE_FIELDS}
        reason = "" if entry.action in NOTE_ACTIONS else reason
    return {
        "seq": entry.seq,
        "at": entry.at,
        "action": entry.action,
        "from_status": entry.from_status,
        "to_status": entry.to_status,
        "actor_role": entry.actor_role,
        "actor_name": _actor_name(entry, family_of, state if state is not None else []),
        "reason": reason,
        "document_ref": entry.document_ref,
        "details": details,
    }


def _actor_name(entry: CCAHistory, family_of: CCA | None, state: list[str]) -> str | None:
    actor = entry.actor
    if actor is None:
        return None
    if family_of is None:
        return actor.get_full_name() or actor.username
    try:
        role = Role(entry.actor_role)
    except ValueError:
        return None
    if role in FAMILY_ROLES:
        return role.label
    where = acting_organisation(entry.actor_role, family_of, state)
    return f"{role.label}, {where}" if where else role.label


def offering_out(offering: CourseOffering) -> dict[str, Any]:
    data = {
        name: getattr(offering, name)
        for name in (
            "core_code",
            "usbe_title",
            "provider_title",
            "term_type",
            "tier",
            "grade_min",
            "grade_max",
            "prerequisites",
            "is_open",
            "capacity",
            "description",
            "mature_content",
            "ncaa_note",
            "is_health",
            "first_school_year",
            "last_school_year",
        )
    }
    data.update(
        id=offering.pk,
        provider=org_ref(offering.provider),
        credit=float(offering.credit),
        content_categories=[str(c) for c in offering.content_categories or []],
    )
    return data
