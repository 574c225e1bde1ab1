"""Delivering the notice outbox: who receives each audience, in which language, and what the
worker does on success, on a second run and on relay failures (docs/notices.md)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from seats.core.models import (
    Delivery,
    DeliveryStatus,
    Guardian,
    InboxMessage,
    Notice,
    RoleMembership,
    SentMessage,
    User,
)
from seats.core.notice_texts import TEXTS, render
from seats.core.services.delivery import fan_out, recipients, run_once
from seats.core.services.records import queue_notice
from seats.core.services.requests import decide_as_provider
from seats.domain.notices import Audience, NoticeKind
from seats.domain.roles import Role
from tests.factories import build_world

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise SMTPException("relay refused")


@pytest.fixture
def world():
    world = build_world()
    world.register()
    return world


@pytest.fixture
def cca(world):
    return world.submit()


def _keys(notice: Notice) -> set[str]:
    return {r.key for r in recipients(notice)}


def _user(world, role: Role) -> str:
    return f"user:{world.actor(role).user.pk}"


def _notice(cca, audience: Audience, kind: NoticeKind = NoticeKind.AT_RISK) -> Notice:
    key = f"test:{audience}:{kind}"
    queue_notice(cca, kind=kind, audience=audience, dedupe_key=key, context={"reason": "r"})
    return Notice.objects.get(dedupe_key=key)


def test_each_audience_reaches_its_people(world, cca) -> None:
    by = {n.audience: n for n in Notice.objects.filter(cca=cca)}
    assert _keys(by["student"]) == {_user(world, Role.STUDENT)}
    assert _keys(by["guardians"]) == {_user(world, Role.PARENT)}
    assert _keys(by["counselor"]) == {_user(world, Role.COUNSELOR)}
    assert _keys(by["lea"]) == {_user(world, Role.LEA_APPROVER)}
    assert _keys(by["provider"]) == {
        _user(world, Role.PROVIDER_STAFF),
        _user(world, Role.PROVIDER_ADMIN),
    }
    school = _notice(cca, Audience.PRIMARY_SCHOOL)
    assert _keys(school) == {_user(world, Role.COUNSELOR), _user(world, Role.REGISTRAR)}
    state = _notice(cca, Audience.STATE)
    assert _keys(state) == {_user(world, Role.STATE_SPECIALIST)}  # not the state admin


def test_home_students_lea_notices_go_to_the_state(world, cca) -> None:
    type(cca).objects.filter(pk=cca.pk).update(primary_lea=world.home)
    cca.refresh_from_db()
    assert _keys(_notice(cca, Audience.LEA)) == {_user(world, Role.STATE_SPECIALIST)}


def test_organisation_email_stands_in_for_missing_staff(world, cca) -> None:
    RoleMembership.objects.filter(role=Role.LEA_APPROVER).delete()
    people = recipients(_notice(cca, Audience.LEA))
    assert [(p.user_id, p.email) for p in people] == [(None, "lea1@example.org")]
    RoleMembership.objects.filter(role__in=[Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN]).delete()
    assert recipients(_notice(cca, Audience.PROVIDER)) == []  # the provider has no e-mail


def test_the_counselor_audience_falls_back_to_the_schools_counselors(world, cca) -> None:
    type(cca).objects.filter(pk=cca.pk).update(counselor=None)
    cca.refresh_from_db()
    other = User.objects.create_user("counselor-2", email="c2@example.org")
    RoleMembership.objects.create(user=other, role=Role.COUNSELOR, organisation=world.school)
    notice = _notice(cca, Audience.COUNSELOR)
    assert _keys(notice) == {_user(world, Role.COUNSELOR), f"user:{other.pk}"}


def test_each_guardian_separately_in_their_language(world, cca) -> None:
    abuela = Guardian.objects.create(
        first_name="Rosa", last_name="Tester", email="rosa@example.org", language="es"
    )
    abuela.students.add(world.student)
    notice = _notice(cca, Audience.GUARDIANS)
    fan_out()
    rows = {
        (d.recipient_key, d.channel, d.language, d.email)
        for d in Delivery.objects.filter(notice=notice)
    }
    assert rows == {
        (_user(world, Role.PARENT), "inbox", "en", ""),
        ("email:rosa@example.org", "email", "es", "rosa@example.org"),
    }


def test_users_with_an_address_get_inbox_and_email(world, cca) -> None:
    User.objects.filter(pk=world.actor(Role.LEA_APPROVER).user.pk).update(email="a@example.org")
    fan_out()
    notice = Notice.objects.get(cca=cca, audience="lea")
    assert sorted(Delivery.objects.filter(notice=notice).values_list("channel", flat=True)) == [
        "email",
        "inbox",
    ]
    assert notice.__class__.objects.get(pk=notice.pk).status == "sent"


def test_fan_out_is_idempotent_and_an_empty_audience_goes_to_the_fallback(world, cca) -> None:
    RoleMembership.objects.filter(role__in=[Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN]).delete()
    fan_out()
    count = Delivery.objects.count()
    Notice.objects.update(status="pending")
    fan_out()
    assert Delivery.objects.count() == count > 0
    provider = Notice.objects.get(cca=cca, kind="decision_needed", audience="provider")
    # nobody at the provider: the state specialists get it, and it says so (docs/notices.md)
    assert provider.status == "sent" and "nobody" in provider.last_error
    assert provider.context["fallback_to"] == "state specialists"
    assert _keys(provider) == set()  # its audience still has nobody


def test_the_worker_delivers_each_notice_once_per_recipient(world, cca) -> None:
    User.objects.update(email="someone@example.org")
    first = run_once(worker="w1")
    again = run_once(worker="w2")
    assert first.sent == Delivery.objects.count() > 0 and again.claimed == 0
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    inbox = Delivery.objects.filter(channel="inbox")
    assert InboxMessage.objects.count() == inbox.count()
    assert {m.delivery_id for m in InboxMessage.objects.all()} == set(
        inbox.values_list("pk", flat=True)
    )
    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    email = Delivery.objects.filter(channel="email")
    assert sorted(ids) == sorted(
        f"<notice-{pk}@seats>" for pk in email.values_list("pk", flat=True)
    )
    assert SentMessage.objects.count() == email.count()
    student_inbox = InboxMessage.objects.filter(user=world.actor(Role.STUDENT).user)
    assert [m.kind for m in student_inbox] == ["request_received"]
    assert student_inbox[0].link == f"/ccas/{cca.pk}/"


def test_a_spanish_family_reads_spanish(world) -> None:
    world.student.language = "es"
    world.student.email = "ana@example.org"
    world.student.save()
    Guardian.objects.filter(pk=world.guardian.pk).update(language="es", email="pat@example.org")
    cca = world.submit()
    run_once()
    course = cca.offering.provider_title
    parent = InboxMessage.objects.get(user=world.actor(Role.PARENT).user)
    assert parent.language == "es" and parent.subject == f"Solicitud recibida: {course}"
    family_mail = [m for m in mail.outbox if m.to[0] in {"ana@example.org", "pat@example.org"}]
    assert len(family_mail) == 2
    for message in family_mail:
        assert message.subject.startswith("Solicitud recibida")
        assert message.extra_headers["Content-Language"] == "es"
        assert f"/ccas/{cca.pk}/" in message.body
        assert world.student.legal_last_name not in message.body  # no names in e-mail
    counselor = InboxMessage.objects.get(user=world.actor(Role.COUNSELOR).user)
    assert counselor.language == "en" and counselor.subject.startswith("Decision needed")


def _inbox(world, role: Role, kind: NoticeKind) -> InboxMessage:
    return InboxMessage.objects.get(user=world.actor(role).user, kind=kind.value)


def test_a_rejection_reason_reads_in_each_readers_language(world, cca) -> None:
    """The notice context stores the decision tree's English label; each reader gets it in
    their own language, with one full stop."""
    Guardian.objects.filter(pk=world.guardian.pk).update(language="es")
    decide_as_provider(
        actor=world.actor(Role.PROVIDER_STAFF),
        cca_id=cca.pk,
        expected_version=cca.version,
        accept=False,
        reason_code="course_full",
    )
    run_once()
    parent = _inbox(world, Role.PARENT, NoticeKind.NOTICE_OF_REJECTION)
    assert (
        parent.language == "es"
        and "Motivo: El curso está lleno (documento en inglés: Provider Manual," in parent.body
    )
    assert "The course is full" not in parent.body
    counselor = _inbox(world, Role.COUNSELOR, NoticeKind.NOTICE_OF_REJECTION)
    assert counselor.language == "en" and "Reason: The course is full (Provider" in counselor.body


def test_words_staff_typed_stay_as_typed_in_a_spanish_notice(world, cca) -> None:
    Guardian.objects.filter(pk=world.guardian.pk).update(language="es")
    queue_notice(
        cca,
        kind=NoticeKind.ENROLLMENT_CANCELLED,
        audience=Audience.GUARDIANS,
        dedupe_key="typed",
        context={"reason": "The student moved out of state."},
    )
    run_once()
    parent = _inbox(world, Role.PARENT, NoticeKind.ENROLLMENT_CANCELLED)
    assert "Motivo: The student moved out of state.\n" in parent.body


@pytest.mark.parametrize("kind", list(NoticeKind))
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_kind_has_both_languages(kind: NoticeKind, language: str) -> None:
    text = render(
        kind,
        language,
        course="Biology",
        cca_id=7,
        context={"status": "confirmed", "reason": "late", "deadline": "transcript_due"},
    )
    assert "Biology" in text.subject and "/ccas/7/" in text.body and "{" not in text.body
    assert text.subject != TEXTS[kind]["en" if language == "es" else "es"][0].format(
        course="Biology"
    )


def test_relay_failures_back_off_then_give_up(world, cca, settings) -> None:
    settings.EMAIL_BACKEND = "tests.core.test_delivery.FailingBackend"
    settings.SEATS_NOTICE_MAX_ATTEMPTS = 3
    settings.SEATS_NOTICE_RETRY_SECONDS = 60
    User.objects.filter(pk=world.actor(Role.COUNSELOR).user.pk).update(email="c@example.org")
    t0 = timezone.now()
    report = run_once(now=t0)
    email = Delivery.objects.get(channel="email")
    assert (report.retrying, email.status, email.attempts) == (1, "pending", 1)
    assert "relay refused" in email.last_error
    assert email.next_attempt_at == t0 + timedelta(seconds=60)
    assert set(Delivery.objects.filter(channel="inbox").values_list("status", flat=True)) == {
        "sent"
    }
    assert run_once(now=t0 + timedelta(seconds=59)).claimed == 0
    run_once(now=t0 + timedelta(seconds=60))
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("pending", 2)
    assert email.next_attempt_at == t0 + timedelta(seconds=60 + 120)
    report = run_once(now=t0 + timedelta(seconds=180))
    email.refresh_from_db()
    assert (report.failed, email.status, email.attempts) == (1, DeliveryStatus.FAILED, 3)
    assert "relay refused" in email.last_error
    assert run_once(now=t0 + timedelta(days=1)).claimed == 0  # given up for good


def test_the_deliver_command_runs_one_pass(world, cca) -> None:
    out = StringIO()
    call_command("deliver", "--once", "--batch", "3", stdout=out)
    sent = Delivery.objects.filter(status="sent").count()
    assert sent == Delivery.objects.count() > 0
    assert f"  sent: {sent}" in out.getvalue()
    with pytest.raises(CommandError, match="--batch must be between 1 and 1000"):
        call_command("deliver", "--once", "--batch", "0")


def test_the_task_delivers(world, cca) -> None:
    from seats.core.tasks import deliver_notices

    result = deliver_notices.call()
    assert result["sent"] == Delivery.objects.filter(status="sent").count() > 0
