"""Record retention (issue 11, part 5; R277-726-7(14)): the plan, the administrator's approval,
the application; nothing inside five years touched, a held student untouched, twice = once."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from seats.compliance.models import RetentionLog, RetentionPlan
from seats.compliance.services.retention import (
    apply_plan,
    approve_plan,
    make_plan,
    removed_note,
    set_legal_hold,
)
from seats.core.models import CCA, CCAHistory, Guardian, LocalRegistration, Student
from seats.domain.errors import Conflict, NotPermitted
from seats.domain.roles import Role
from tests.factories import build_world, make_student

from .helpers import SYSTEM

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 12, 1)  # five years back: exits on or before 2020-12-01 are due


def with_cca(world, student: Student, school_year: int) -> CCA:
    world.register(student)
    cca = world.submit(student=student)
    CCA.objects.filter(pk=cca.pk).update(
        school_year=school_year, counselor_note="Talked with the family at home."
    )
    return cca


@pytest.fixture
def people():
    world = build_world()
    old = world.student  # the one with a guardian and an account
    with_cca(world, old, 2018)  # exited 2019-06-30
    LocalRegistration.objects.filter(student=old).update(home_address="1 Main St")
    recent = make_student(world, legal_first_name="Rita")
    with_cca(world, recent, 2020)  # exited 2021-06-30: inside the five years
    held = make_student(world, legal_first_name="Hal")
    with_cca(world, held, 2017)
    set_legal_hold(actor=SYSTEM, reason="Litigation 2025-14", on=AS_OF, student_id=held.pk)
    org_held = make_student(world, legal_first_name="Olga")
    with_cca(world, org_held, 2016)
    Student.objects.filter(pk=org_held.pk).update(primary_lea=world.housing_lea)
    set_legal_hold(actor=SYSTEM, reason="Audit", on=AS_OF, organisation_id=world.housing_lea.pk)
    cohort = make_student(world, legal_first_name="Cora", cohort_year=2019)  # no CCA at all
    unknown = make_student(world, legal_first_name="Una")  # no CCA, no cohort: never due
    return world, {
        "old": old,
        "recent": recent,
        "held": held,
        "org_held": org_held,
        "cohort": cohort,
        "unknown": unknown,
    }


def snapshot() -> list[tuple]:
    return [
        *Student.objects.order_by("pk").values_list(
            "pk", "legal_first_name", "legal_last_name", "date_of_birth", "ssid", "email"
        ),
        *Guardian.objects.order_by("pk").values_list("pk", "first_name", "email"),
        *CCA.objects.order_by("pk").values_list("pk", "counselor_note", "final_grade", "status"),
        *LocalRegistration.objects.order_by("pk").values_list("pk", "home_address", "phone"),
        *CCAHistory.objects.order_by("pk").values_list("pk", "reason"),
    ]


def test_plan_approve_apply_and_apply_again(people) -> None:
    world, s = people
    untouched_before = {
        k: Student.objects.filter(pk=s[k].pk).values().get()
        for k in ("recent", "held", "org_held", "unknown")
    }
    ccas_before = CCA.objects.count()
    old_cca = CCA.objects.get(student=s["old"])
    noted = CCAHistory.objects.create(
        cca=old_cca,
        seq=old_cca.history.count() + 1,
        at=timezone.now(),
        actor_role="provider_admin",
        action="note",
        reason="Called Pat Doe at 801-555-0100 about the withdrawal.",
        document_ref="withdrawal-request-pat-doe.pdf",
    )
    history_before = CCAHistory.objects.count()
    plan = make_plan(actor=SYSTEM, as_of=AS_OF)
    assert plan.counts["history_text"] == 1
    assert set(plan.items.values_list("student_id", flat=True)) == {s["old"].pk, s["cohort"].pk}
    assert plan.oldest_exit == date(2019, 6, 30) and plan.exited_before == date(2020, 12, 1)
    assert plan.counts["students"] == 2 and plan.counts["guardians"] == 1
    assert plan.counts["registrations"] == 1 and plan.counts["cca_text"] == 1

    with pytest.raises(Conflict):
        apply_plan(plan_id=plan.pk, as_of=AS_OF)
    with pytest.raises(NotPermitted):
        approve_plan(actor=world.actor(Role.STATE_SPECIALIST), plan_id=plan.pk)
    approve_plan(actor=world.actor(Role.STATE_ADMIN), plan_id=plan.pk)
    changed = apply_plan(plan_id=plan.pk, as_of=AS_OF)
    assert changed["students"] == 2 and changed["guardians"] == 1 and changed["cca_text"] == 1

    old = Student.objects.get(pk=s["old"].pk)
    assert (old.legal_first_name, old.ssid, old.date_of_birth, old.user_id) == (
        "",
        None,
        date(1900, 1, 1),
        None,
    )
    assert old.grade == 10 and old.primary_lea_id == world.lea.pk, "the counts stay"
    assert CCA.objects.count() == ccas_before and CCA.objects.get(student=old).counselor_note == ""
    assert LocalRegistration.objects.get(student=old).home_address == ""
    noted = CCAHistory.objects.get(pk=noted.pk)  # the entry stays and says what was removed
    assert CCAHistory.objects.count() == history_before and noted.action == "note"
    assert (noted.reason, noted.document_ref) == (removed_note(plan.pk, AS_OF), "")
    assert f"plan {plan.pk} on 2025-12-01" in noted.reason and changed["history_text"] == 1
    assert not Guardian.objects.filter(first_name="Pat").exists()
    for key, before in untouched_before.items():
        assert Student.objects.filter(pk=s[key].pk).values().get() == before, key

    logged = dict(RetentionLog.objects.filter(plan=plan).values_list("kind", "count"))
    assert logged["students"] == 2
    log = RetentionLog.objects.filter(plan=plan).first()
    assert log.approved_by == world.actor(Role.STATE_ADMIN).user and log.applied_at

    before = snapshot()
    again = apply_plan(plan_id=plan.pk, as_of=AS_OF)
    assert set(again.values()) == {0} and snapshot() == before
    second = make_plan(actor=SYSTEM, as_of=AS_OF)
    assert second.counts["students"] == 0, "a de-identified student is not planned again"


def test_a_student_who_came_back_after_the_plan_is_not_touched(people) -> None:
    world, s = people
    plan = make_plan(actor=SYSTEM, as_of=AS_OF)
    approve_plan(actor=world.actor(Role.STATE_ADMIN), plan_id=plan.pk)
    with_cca(world, s["cohort"], 2025)  # enrolled again
    set_legal_hold(actor=SYSTEM, reason="Records request", on=AS_OF, student_id=s["old"].pk)
    changed = apply_plan(plan_id=plan.pk, as_of=AS_OF)
    assert changed["students"] == 0
    assert Student.objects.get(pk=s["cohort"].pk).legal_first_name == "Cora"
    assert Student.objects.get(pk=s["old"].pk).ssid == s["old"].ssid


def test_the_commands(people, capsys) -> None:
    call_command("retention", "plan", "--as-of", "2025-12-01")
    out = capsys.readouterr().out
    plan = RetentionPlan.objects.get()
    assert f"Retention plan {plan.pk}" in out and "students: 2" in out
    with _raises_command_error():
        call_command("retention", "approve", str(plan.pk), "--user", "specialist")
    call_command("retention", "approve", str(plan.pk), "--user", "state-admin")
    call_command("retention", "apply", str(plan.pk), "--as-of", "2025-12-01")
    assert "students 2" in capsys.readouterr().out
    call_command("retention", "apply", str(plan.pk), "--as-of", "2025-12-01")
    assert "nothing left to change" in capsys.readouterr().out


def _raises_command_error():
    from django.core.management.base import CommandError

    return pytest.raises(CommandError)


def test_the_exit_is_the_latest_known_date() -> None:
    from seats.domain.compliance.retention import exit_date

    assert exit_date(cohort_year=None, last_school_year=None) is None
    assert exit_date(cohort_year=2019, last_school_year=None) == date(2019, 6, 30)
    assert exit_date(cohort_year=2019, last_school_year=2019) == date(2020, 6, 30)
    late = exit_date(cohort_year=2020, last_school_year=2019, last_completion=date(2020, 11, 2))
    assert late == date(2020, 11, 2), "a Late Pass after June 30 is the exit"
    assert exit_date(
        cohort_year=None, last_school_year=2019, last_withdrawal=date(2020, 8, 1)
    ) == date(2020, 8, 1)


def test_a_late_completion_or_withdrawal_keeps_the_student_in_the_period(people) -> None:
    from seats.compliance.services.retention import due_students
    from seats.domain.compliance.retention import exit_date

    world, s = people
    late = make_student(world, legal_first_name="Lana")
    cca = with_cca(world, late, 2019)  # closeout 2020-06-30: due on its own (cutoff 2020-12-01)
    CCA.objects.filter(pk=cca.pk).update(completion_date=date(2021, 1, 15))  # extended pass
    gone = make_student(world, legal_first_name="Gil")
    cca = with_cca(world, gone, 2019)
    CCA.objects.filter(pk=cca.pk).update(withdrawal_date=date(2020, 12, 2))
    due = dict(due_students(AS_OF, 5))
    assert late.pk not in due and gone.pk not in due
    assert set(due) == {s["old"].pk, s["cohort"].pk}
    CCA.objects.filter(pk=cca.pk).update(withdrawal_date=date(2020, 11, 30))
    due = dict(due_students(AS_OF, 5))
    assert due[gone.pk] == date(2020, 11, 30)
    for pk, exited in due.items():  # the SQL computes the domain rule
        student = Student.objects.get(pk=pk)
        ccas = CCA.objects.filter(student=student)
        assert exited == exit_date(
            cohort_year=student.cohort_year,
            last_school_year=max((c.school_year for c in ccas), default=None),
            last_completion=max(
                (c.completion_date for c in ccas if c.completion_date), default=None
            ),
            last_withdrawal=max(
                (c.withdrawal_date for c in ccas if c.withdrawal_date), default=None
            ),
        )
