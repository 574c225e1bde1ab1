"""Record retention (seats.domain.compliance.retention): a plan lists what is due, a state
administrator approves it, and applying it removes the personal data while the de-identified
student row (grade, school, LEA, its CCAs and their grades and credit) stays for the counts.

Safe by construction: applying re-checks every student on the day (still out of the period, not
under a legal hold, not done already), so a plan approved long ago never reaches a student who
came back, and a second application changes nothing. The CCA history and the student changes are
append-only everywhere else; removing their free text under an approved plan is the one
exception, made by a queryset update that writes no other column: a history entry keeps its
row (time, actor, action, statuses) and its reason becomes a note naming the plan and the day
(``removed_note``), so the entry itself shows that, and when, its text was removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import DateField, Exists, Func, Max, Min, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest
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
from seats.domain.compliance.retention import KINDS, exited_before
from seats.domain.errors import Conflict, NotFound

from ..models import Deidentified, LegalHold, RetentionItem, RetentionLog, RetentionPlan
from .authority import check_state

BATCH = 10_000
REMOVED_BIRTH = date(1900, 1, 1)
FAMILY_AUDIENCES = ("student", "guardians")


LOW = date(1, 1, 1)  # below every real date: stands for "not known" inside the exit's GREATEST


class _JuneThirtyOf(Func):
    """June 30 of an integer year (NULL stays NULL), as a date, in SQL."""

    output_field = DateField()
    template = "make_date(%(expressions)s, 6, 30)"

    def as_sqlite(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
        # SQLite keeps dates as ISO text; NULL || text is NULL.
        return self.as_sql(compiler, connection, template="(%(expressions)s || '-06-30')", **extra)


def _known(expression: object) -> Coalesce:
    return Coalesce(expression, Value(LOW), output_field=DateField())


def due_queryset(as_of: date, years: int) -> QuerySet:
    """Every student out ``years`` or more on ``as_of``, not held, not done yet, annotated with
    ``exited_on``: one grouped query (seats.domain.compliance.retention.exit_date in SQL), so a
    plan over 400,000 students is one statement, not a loop."""
    cutoff = exited_before(as_of, years)
    holds = LegalHold.objects.filter(released_on=None)
    held_students = holds.exclude(student=None).values("student_id")
    held_orgs = holds.exclude(organisation=None).values("organisation_id")
    # June 30 of a cohort year after this one is after the cutoff: such a student cannot be due,
    # and leaving it out before the grouping keeps a yearly run to the classes that left.
    last_cohort = cutoff.year if (cutoff.month, cutoff.day) >= (6, 30) else cutoff.year - 1
    return (
        Student.objects.filter(
            Q(cohort_year__isnull=True) | Q(cohort_year__lte=last_cohort),
            ~Q(pk__in=held_students),
            ~Q(primary_lea_id__in=held_orgs),
            ~Q(primary_school_id__in=held_orgs),
            ~Exists(CCA.objects.filter(student_id=OuterRef("pk"), provider_id__in=held_orgs)),
            ~Exists(Deidentified.objects.filter(student_id=OuterRef("pk"))),
        )
        .annotate(
            exited_on=Greatest(
                _known(_JuneThirtyOf("cohort_year")),
                _known(_JuneThirtyOf(Max("ccas__school_year") + 1)),
                _known(Max("ccas__completion_date")),
                _known(Max("ccas__withdrawal_date")),
                output_field=DateField(),
            )
        )
        .filter(exited_on__gt=LOW, exited_on__lte=cutoff)
    )


def due_students(as_of: date, years: int) -> list[tuple[int, date]]:
    """(student id, exit date) of everyone due (see due_queryset)."""
    return list(due_queryset(as_of, years).order_by("pk").values_list("pk", "exited_on"))


def _kind_querysets(plan_id: int) -> dict[str, QuerySet]:
    """What a plan counts per kind (seats.domain.compliance.retention.KINDS), for its students:
    as apply removes it (a guardian counts only when no other student of it is kept). Written
    as semi- and anti-joins (IN, EXISTS, NOT EXISTS), never NOT IN, which PostgreSQL can only
    answer row by row."""
    ids = RetentionItem.objects.filter(plan_id=plan_id).values("student_id")
    planned = Exists(
        RetentionItem.objects.filter(plan_id=plan_id, student_id=OuterRef("student_id"))
    )
    links = Guardian.students.through.objects
    return {
        "students": Student.objects.filter(pk__in=ids),
        "guardians": Guardian.objects.filter(
            Exists(links.filter(planned, guardian_id=OuterRef("pk")))
        ).exclude(Exists(links.filter(~planned, guardian_id=OuterRef("pk")))),
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
    with transaction.atomic():
        _batch_memory()
        plan = RetentionPlan.objects.create(
            as_of=as_of, exited_before=exited_before(as_of, years), created_at=timezone.now()
        )
        planned = _insert_items(plan, due_queryset(as_of, years))
        items = RetentionItem.objects.filter(plan=plan)
        plan.oldest_exit = items.aggregate(oldest=Min("exited_on"))["oldest"]
        if connection.vendor == "postgresql":  # fresh statistics: 400,000 rows just arrived
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(RetentionItem._meta.db_table)}")
        plan.counts = {
            kind: planned if kind == "students" else qs.count()  # the rows just written
            for kind, qs in _kind_querysets(plan.pk).items()
        }
        plan.save(update_fields=["oldest_exit", "counts"])
    return plan


def _batch_memory() -> None:
    """PostgreSQL: room for the grouping of every student's CCAs in memory for this transaction
    only (SET LOCAL); at the default 4 MB the 400,000 groups spill to disk and take three times
    as long. A batch run of the state's, not a page: the memory is there."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")


def _insert_items(plan: RetentionPlan, due: QuerySet) -> int:
    """The plan's students, written by the database itself: INSERT ... SELECT from the grouped
    due query (400,000 rows never pass through Python)."""
    sql, params = due.values_list("pk", "exited_on").query.sql_with_params()
    table = connection.ops.quote_name(RetentionItem._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (plan_id, student_id, exited_on) "
            f"SELECT %s, due.* FROM ({sql}) due",
            (plan.pk, *params),
        )
        return cursor.rowcount


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
    changed = dict.fromkeys(KINDS, 0)
    now = timezone.now()
    with transaction.atomic():
        _batch_memory()
        todo = list(  # re-checked on the day: still out of the period, not held, not done
            plan.items.filter(student_id__in=due_queryset(as_of, years).values("pk"))
            .order_by("student_id")
            .values_list("student_id", flat=True)
        )
        for start in range(0, len(todo), BATCH):
            chunk = todo[start : start + BATCH]
            for kind, count in _remove(chunk, removed_note(plan.pk, as_of)).items():
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


def removed_note(plan_id: int, on: date) -> str:
    """What a CCA history entry's free text becomes: the entry (who, when, which change) stays,
    and says on itself that its text was removed, under which plan, on which day."""
    return f"[Text removed under record retention plan {plan_id} on {on.isoformat()}]"


def _remove(ids: list[int], note: str) -> dict[str, int]:
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
        .update(reason=note, document_ref="")
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
