"""A worker that dies between sending and marking, and two workers at once: no delivery is lost,
the inbox gets each message exactly once, and an e-mail is repeated only under its own
Message-ID (docs/notices.md, "What is guaranteed")."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.utils import timezone

from seats.core.models import Delivery, InboxMessage, SentMessage, User
from seats.core.services import delivery as service
from tests.factories import build_world

RELAYED: list[str] = []


class RelayBackend(BaseEmailBackend):
    """Stands in for an SMTP relay that cannot be asked what it already holds."""

    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        RELAYED.extend(m.extra_headers["Message-ID"] for m in email_messages)
        return len(email_messages)


class WorkerStopped(BaseException):
    """The process died: nothing in the worker may catch it."""


def _world() -> None:
    world = build_world()
    world.register()
    User.objects.update(email="person@example.org")
    world.submit()


def _crash_on_first(channel: str, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Write everything mark_sent writes, then die before the transaction commits."""
    real = service.mark_sent
    crashed: list[int] = []

    def dying(delivery, text, now):  # type: ignore[no-untyped-def]
        if delivery.channel != channel:
            return real(delivery, text, now)
        crashed.append(delivery.pk)
        with transaction.atomic():
            real(delivery, text, now)
            raise WorkerStopped

    monkeypatch.setattr(service, "mark_sent", dying)
    return crashed


def _all_delivered_once() -> None:
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    inbox = Delivery.objects.filter(channel="inbox")
    assert sorted(InboxMessage.objects.values_list("delivery_id", flat=True)) == sorted(
        inbox.values_list("pk", flat=True)
    )
    assert SentMessage.objects.count() == Delivery.objects.filter(channel="email").count()


@pytest.mark.django_db
@pytest.mark.parametrize("channel", ["inbox", "email"])
def test_a_stopped_worker_loses_nothing_and_repeats_nothing(channel, monkeypatch) -> None:
    _world()
    t0 = timezone.now()
    crashed = _crash_on_first(channel, monkeypatch)
    with pytest.raises(WorkerStopped):
        service.run_once(worker="dies", now=t0, batch=2)
    stuck = Delivery.objects.get(pk=crashed[0])
    assert (stuck.status, stuck.channel, stuck.attempts) == ("sending", channel, 1)
    assert not InboxMessage.objects.filter(delivery=stuck).exists()
    sent_before = Counter(m.extra_headers["Message-ID"] for m in mail.outbox)
    monkeypatch.undo()
    assert service.run_once(worker="next", now=t0 + timedelta(seconds=1)).claimed > 0
    stuck.refresh_from_db()
    assert stuck.status == "sending"  # its lease has not expired: nobody takes it over yet
    service.run_once(worker="next", now=t0 + service.lease() + timedelta(seconds=1))
    stuck.refresh_from_db()
    assert (stuck.status, stuck.attempts) == ("sent", 2)
    _all_delivered_once()
    ids = Counter(m.extra_headers["Message-ID"] for m in mail.outbox)
    assert set(ids.values()) == {1}  # the in-memory relay is asked before a re-send
    if channel == "email":
        assert sent_before[service.message_id(stuck)] == 1


@pytest.mark.django_db
def test_a_relay_that_cannot_be_asked_gets_the_same_message_id_again(settings, monkeypatch):
    settings.EMAIL_BACKEND = "tests.core.test_delivery_crash.RelayBackend"
    RELAYED.clear()
    _world()
    t0 = timezone.now()
    crashed = _crash_on_first("email", monkeypatch)
    with pytest.raises(WorkerStopped):
        service.run_once(worker="dies", now=t0, batch=2)
    stuck = Delivery.objects.get(pk=crashed[0])
    monkeypatch.undo()
    service.run_once(worker="next", now=t0 + service.lease() + timedelta(seconds=1))
    _all_delivered_once()
    twice = [mid for mid, n in Counter(RELAYED).items() if n > 1]
    assert twice == [service.message_id(stuck)]  # at least once, never under a new Message-ID
    expected = {service.message_id(d) for d in Delivery.objects.filter(channel="email")}
    assert set(RELAYED) == expected


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_deliver_each_notice_once() -> None:
    _world()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            barrier.wait(timeout=30)
            service.run_once(worker=name, batch=2)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads) and errors == []
    _all_delivered_once()
    ids = Counter(m.extra_headers["Message-ID"] for m in mail.outbox)
    assert set(ids.values()) == {1}
    assert len(ids) == Delivery.objects.filter(channel="email").count() > 0
    claimers = {c.split("/")[0] for c in Delivery.objects.values_list("claimed_by", flat=True)}
    assert claimers <= {"w0", "w1"}
