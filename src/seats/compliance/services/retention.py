"""Record retention (seats.domain.compliance.retention): a plan lists what is due, a state
administrator approves it, and applying it removes the personal data while the de-identified
student row (grade, school, LEA, its CCAs and their grades and credit) stays for the counts.

Safe by construction: applying re-checks every student on the day (still out of the period, not
under a legal hold, not done already), so a plan approved long ago never reaches a student who
came back, and a second application changes nothing. The CCA history and the student changes are
append-only everywhere else; removing their free text under an approved plan is the one
exception, made by a queryset update that writes no other column.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from seats.core.models import (
    CCA,
    CCAHistory,
    Guardian,
    LocalRegistration,
    Notice,
    Student,
    StudentChange,
    User,
)
from seats.core.models.delivery import Delivery
from seats.core.services.actors import Actor
from seats.core.services.policy import policy_for
from seats.domain.compliance.calendar import school_year_of
from seats.domain.compliance.retention import exit_date, exited_before
from seats.domain.errors import Conflict, NotFound

from ..models import Deidentified, LegalHold, RetentionItem, RetentionLog, RetentionPlan
from .authority import check_state

BATCH = 10_000
REMOVED_BIRTH = date(1900, 1, 1)
FAMILY_AUDIENCES = ("student", "guardians")


def _held_ids() -> tuple[set[int], set[int]]:
    holds = LegalHold.objects.filter(released_on=None)
    students = set(holds.exclude(student=None).values_list("student_id", flat=True))
    orgs = set(holds.exclude(organisation=None).values_list("organisation_id", flat=True))
    return students, orgs


def _org_held_students(orgs: set[int]) -> set[int]:
    if not orgs:
        return set()
    by_student = Student.objects.filter(
        Q(primary_lea_id__in=orgs) | Q(primary_school_id__in=orgs)
    ).values_list("pk", flat=True)
    by_cca = CCA.objects.filter(provider_id__in=orgs).values_list("student_id", flat=True)
    return set(by_student) | set(by_cca)


def due_students(as_of: date, years: int) -> list[tuple[int, date]]:
    """(student id, exit date) of everyone out ``years`` or more, not held, not done yet."""
    cutoff = exited_before(as_of, years)
    held, orgs = _held_ids()
    held |= _org_held_students(orgs)
    done = set(Deidentified.objects.values_list("student_id", flat=True))
    rows = (
        Student.objects.annotate(last_year=Max("ccas__school_year"))
        .values_list("pk", "cohort_year", "last_year")
        .iterator(chunk_size=BATCH)
    )
    out = []
    for pk, cohort, last in rows:
        exited = exit_date(cohort_year=cohort, last_school_year=last)
        if exited is not None and exited <= cutoff and pk not in held and pk not in done:
            out.append((pk, exited))
    return out


def _kind_querysets(ids: QuerySet) -> dict[str, QuerySet]:
    return {
        "students": Student.objects.filter(pk__in=ids),
        "guardians": Guardian.objects.filter(students__in=ids).distinct(),
        "registrations": LocalRegistration.objects.filter(student_id__in=ids),
        "cca_text": CCA.objects.filter(student_id__in=ids),
        "history_text": CCAHistory.objects.filter(cca__student_id__in=ids).filter(
            ~Q(reason="") | ~Q(document_ref="")
        ),
        "student_changes": StudentChange.objects.filter(student_id__in=ids),
        "deliveries": Delivery.objects.filter(
            notice__cca__student_id__in=ids, notice__audience__in=FAMILY_AUDIENCES
        ).exclude(email=""),
    }


@dataclass(frozen=True)
class PlanSummary:
    plan: RetentionPlan
    students: int
    counts: dict[str, int]


def make_plan(*, actor: Actor, as_of: date) -> RetentionPlan:
    """List what is due on ``as_of`` (counts per kind, the oldest exit, the students)."""
    check_state(actor, what="plan the record retention run")
    years = policy_for(school_year_of(as_of), as_of=as_of).retention_years
    due = due_students(as_of, years)
    with transaction.atomic():
        plan = RetentionPlan.objects.create(
            as_of=as_of,
            exited_before=exited_before(as_of, years),
            created_at=timezone.now(),
            oldest_exit=min((d for _, d in due), default=None),
        )
        _insert_items(plan, due)
        ids = RetentionItem.objects.filter(plan=plan).values("student_id")
        plan.counts = {kind: qs.count() for kind, qs in _kind_querysets(ids).items()}
        plan.save(update_fields=["counts"])
    return plan


def _insert_items(plan: RetentionPlan, due: list[tuple[int, date]]) -> None:
    """The plan's students: COPY on PostgreSQL (400,000 rows in about a second; an INSERT per
    batch takes over ten), batched inserts elsewhere."""
    if connection.vendor == "postgresql":
        table = RetentionItem._meta.db_table
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table} (plan_id, student_id, exited_on) FROM STDIN") as copy:
                for pk, exited in due:
                    copy.write_row((plan.pk, pk, exited))
        return
    RetentionItem.objects.bulk_create(
        (RetentionItem(plan=plan, student_id=pk, exited_on=d) for pk, d in due),
        batch_size=BATCH,
    )


def approve_plan(*, actor: Actor, plan_id: int) -> RetentionPlan:
    """A state administrator approves the plan (recorded: who and when)."""
    check_state(actor, what="approve a record retention plan", admin_only=True)
    with transaction.atomic():
        plan = RetentionPlan.objects.select_for_update().filter(pk=plan_id).first()
        if plan is None:
            raise NotFound(f"There is no retention plan {plan_id}.", field="plan")
        if plan.approved_at is None:
            plan.approved_by = actor.user
            plan.approved_at = timezone.now()
            plan.save(update_fields=["approved_by", "approved_at"])
    return plan


def apply_plan(*, plan_id: int, as_of: date) -> dict[str, int]:
    """Remove the personal data of the plan's students that are still due on ``as_of``.
    Returns what was changed per kind (all zero for a plan applied before)."""
    plan = RetentionPlan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(f"There is no retention plan {plan_id}.", field="plan")
    if plan.approved_at is None:
        raise Conflict(
            f"Retention plan {plan_id} is not approved; a state administrator approves it first.",
            field="plan",
            rule="R277-726-7(14)",
        )
    years = policy_for(school_year_of(as_of), as_of=as_of).retention_years
    still_due = {pk for pk, _ in due_students(as_of, years)}
    planned = set(plan.items.values_list("student_id", flat=True))
    todo = sorted(planned & still_due)
    changed = dict.fromkeys(_kind_querysets(Student.objects.none().values("pk")), 0)
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(todo), BATCH):
            chunk = todo[start : start + BATCH]
            for kind, count in _remove(chunk).items():
                changed[kind] += count
            Deidentified.objects.bulk_create(
                [Deidentified(student_id=pk, plan=plan, on=now) for pk in chunk]
            )
        RetentionLog.objects.bulk_create(
            RetentionLog(
                plan=plan,
                kind=kind,
                count=count,
                approved_by=plan.approved_by,
                approved_at=plan.approved_at,
                applied_at=now,
            )
            for kind, count in changed.items()
        )
        if plan.applied_at is None:
            RetentionPlan.objects.filter(pk=plan.pk).update(applied_at=now)
    return changed


def _remove(ids: list[int]) -> dict[str, int]:
    students = Student.objects.filter(pk__in=ids)
    user_ids = list(students.exclude(user=None).values_list("user_id", flat=True))
    out = {
        "students": students.update(
            legal_first_name="",
            legal_last_name="Removed",
            preferred_name="",
            date_of_birth=REMOVED_BIRTH,
            ssid=None,
            email="",
            user=None,
        )
    }
    User.objects.filter(pk__in=user_ids).update(
        first_name="", last_name="", email="", is_active=False
    )
    kept = Student.objects.exclude(pk__in=ids)
    guardians = Guardian.objects.filter(students__in=ids).distinct()
    alone = list(guardians.exclude(students__in=kept).values_list("pk", "user_id"))
    Guardian.students.through.objects.filter(student_id__in=ids).delete()
    out["guardians"] = Guardian.objects.filter(pk__in=[pk for pk, _ in alone]).update(
        first_name="", last_name="Removed", email="", phone="", user=None
    )
    User.objects.filter(pk__in=[u for _, u in alone if u]).update(
        first_name="", last_name="", email="", is_active=False
    )
    out["registrations"] = LocalRegistration.objects.filter(student_id__in=ids).update(
        preferred_name="", home_address="", school_address="", phone=""
    )
    out["cca_text"] = CCA.objects.filter(student_id__in=ids).update(
        counselor_note="", search_last_name="", search_first_name=""
    )
    out["history_text"] = (
        CCAHistory.objects.filter(cca__student_id__in=ids)
        .filter(~Q(reason="") | ~Q(document_ref=""))
        .update(reason="", document_ref="")
    )
    out["student_changes"] = StudentChange.objects.filter(student_id__in=ids).update(
        old_value="", new_value=""
    )
    family = Notice.objects.filter(cca__student_id__in=ids, audience__in=FAMILY_AUDIENCES)
    deliveries = Delivery.objects.filter(notice__in=family).exclude(email="")
    out["deliveries"] = 0
    for delivery in deliveries.only("pk"):
        out["deliveries"] += Delivery.objects.filter(pk=delivery.pk).update(
            email="", recipient_key=f"removed:{delivery.pk}"
        )
    return out


def set_legal_hold(
    *,
    actor: Actor,
    reason: str,
    on: date,
    student_id: int | None = None,
    organisation_id: int | None = None,
) -> LegalHold:
    """Keep a student's (or every student of an organisation's) records out of any retention
    run until the hold is released."""
    from seats.core.models import Organisation
    from seats.domain.errors import InvalidInput

    check_state(actor, what="set a legal hold")
    if (student_id is None) == (organisation_id is None):
        raise InvalidInput("Name a student or an organisation.", field="student")
    if not str(reason).strip():
        raise InvalidInput("Give the reason for the hold.", field="reason")
    if student_id is not None and not Student.objects.filter(pk=student_id).exists():
        raise NotFound(f"There is no student {student_id}.", field="student")
    if organisation_id is not None and not Organisation.objects.filter(pk=organisation_id).exists():
        raise NotFound(f"There is no organisation {organisation_id}.", field="organisation")
    return LegalHold.objects.create(
        student_id=student_id,
        organisation_id=organisation_id,
        reason=str(reason).strip()[:200],
        set_by=actor.user,
        set_on=on,
    )


def release_legal_hold(*, actor: Actor, hold_id: int, on: date) -> LegalHold:
    check_state(actor, what="release a legal hold")
    hold = LegalHold.objects.filter(pk=hold_id).first()
    if hold is None:
        raise NotFound(f"There is no legal hold {hold_id}.", field="hold")
    if hold.released_on is None:
        hold.released_on = on
        hold.save(update_fields=["released_on"])
    return hold
