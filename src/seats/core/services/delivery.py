"""Delivering the notice outbox: fan each notice out to its recipients, then claim, send and mark
each delivery (SPEC 4). See docs/notices.md for the guarantees and their limits.

Claiming is a conditional UPDATE (the healthchecks "sendalerts" idea): a worker locks due rows
with SKIP LOCKED, stamps them ``sending`` with its claim token and a lease, and commits before it
sends anything, so two workers never hold one delivery. A worker that dies leaves a ``sending``
row whose lease expires; the next worker takes it over.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from seats.domain.notices import Audience
from seats.domain.roles import Role

from ..models import (
    CCA,
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    InboxMessage,
    Notice,
    NoticeStatus,
    Organisation,
    OrgKind,
    RoleMembership,
    SentMessage,
    User,
)
from ..notice_texts import RenderedNotice, pick_language, render
from ..selectors.notices import FALLBACK_KEY

LOCMEM_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_attempts() -> int:
    return _setting("SEATS_NOTICE_MAX_ATTEMPTS", 6)


def lease() -> timedelta:
    return timedelta(seconds=_setting("SEATS_NOTICE_LEASE_SECONDS", 300))


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: base * 2^(attempts-1), capped, so a relay that is down for an
    hour is not hammered and a short blip costs a minute."""
    base = _setting("SEATS_NOTICE_RETRY_SECONDS", 60)
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 60 * 60))


def worker_name() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}"


# --- Fan-out ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    user_id: int | None
    email: str
    language: str

    @property
    def key(self) -> str:
        return f"user:{self.user_id}" if self.user_id else f"email:{self.email.lower()}"


def chosen_language(user: User | None, record_language: str = "") -> str:
    """The language of a person's notices: the one they chose in SEATS, else the one on their
    student or guardian record, else English."""
    chosen = user.language if user is not None else ""
    return pick_language(chosen or record_language)


def _users(users: Iterable[User], language: str | None = None) -> list[Recipient]:
    return [
        Recipient(u.pk, u.email, pick_language(language) if language else chosen_language(u))
        for u in users
        if u.is_active
    ]


def _members(org_ids: Iterable[int | None], roles: Iterable[Role]) -> list[User]:
    memberships = RoleMembership.objects.filter(
        organisation_id__in=[o for o in org_ids if o], role__in=[r.value for r in roles]
    ).select_related("user")
    return sorted({m.user for m in memberships}, key=lambda u: u.pk)


def _or_org_email(people: list[Recipient], org: Organisation | None) -> list[Recipient]:
    if people or org is None or not org.email:
        return people
    return [Recipient(None, org.email, "en")]


def _state_ids() -> list[int]:
    return list(Organisation.objects.filter(kind=OrgKind.STATE).values_list("pk", flat=True))


def recipients(notice: Notice) -> list[Recipient]:
    """Who reads ``notice``: the people its audience names on its CCA (docs/notices.md)."""
    cca: CCA | None = notice.cca
    if cca is None:  # addressed to one person (an app's notice names its own audience)
        return _users([notice.user]) if notice.user else []
    audience = Audience(notice.audience)
    student = cca.student
    if audience is Audience.STUDENT:
        if student.user and student.user.is_active:
            user = student.user
            language = chosen_language(user, student.language)
            return [Recipient(user.pk, student.email or user.email, language)]
        if not student.email:
            return []
        return [Recipient(None, student.email, pick_language(student.language))]
    if audience is Audience.GUARDIANS:
        out = []
        for guardian in student.guardians.select_related("user").order_by("pk"):
            email = guardian.email or (guardian.user.email if guardian.user else "")
            if guardian.user and guardian.user.is_active:
                language = chosen_language(guardian.user, guardian.language)
                out.append(Recipient(guardian.user_id, email, language))
            elif email:
                out.append(Recipient(None, email, pick_language(guardian.language)))
        return out
    if audience is Audience.COUNSELOR:
        if cca.counselor:
            return _users([cca.counselor])
        return _users(_members([cca.primary_school_id], [Role.COUNSELOR]))
    if audience is Audience.PRIMARY_SCHOOL:
        staff = _members([cca.primary_school_id], [Role.COUNSELOR, Role.REGISTRAR])
        return _or_org_email(_users(staff), cca.primary_school)
    if audience is Audience.LEA:
        if cca.primary_lea.is_home:
            return _users(_members(_state_ids(), [Role.STATE_SPECIALIST]))
        approvers = _members([cca.primary_lea_id], [Role.LEA_APPROVER])
        return _or_org_email(_users(approvers), cca.primary_lea)
    if audience is Audience.PROVIDER:
        staff = _members([cca.provider_id], [Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN])
        return _or_org_email(_users(staff), cca.provider)
    return _users(_members(_state_ids(), [Role.STATE_SPECIALIST]))


#: The staff audiences whose notices go to a fallback when nobody in them can receive one.
_FALLBACK_AUDIENCES = {Audience.COUNSELOR, Audience.PRIMARY_SCHOOL, Audience.LEA, Audience.PROVIDER}


def fallback(notice: Notice) -> tuple[str, list[Recipient]]:
    """Who reads a staff notice nobody in its audience can receive (docs/notices.md): the
    school's registrars (school-side audiences), then the LEA's approvers or its e-mail, then
    the state specialists. ("", []) when there is nobody at all or for a family audience."""
    cca = notice.cca
    if cca is None or Audience(notice.audience) not in _FALLBACK_AUDIENCES:
        return "", []
    if Audience(notice.audience) in (Audience.COUNSELOR, Audience.PRIMARY_SCHOOL):
        registrars = _users(_members([cca.primary_school_id], [Role.REGISTRAR]))
        if registrars:
            return "school registrar", registrars
    if Audience(notice.audience) is not Audience.PROVIDER and not cca.primary_lea.is_home:
        approvers = _or_org_email(
            _users(_members([cca.primary_lea_id], [Role.LEA_APPROVER])), cca.primary_lea
        )
        if approvers:
            return "LEA approvers", approvers
    state = _users(_members(_state_ids(), [Role.STATE_SPECIALIST]))
    return ("state specialists", state) if state else ("", [])


def _deliveries(notice: Notice, people: list[Recipient], now: datetime) -> list[Delivery]:
    rows = []
    for person in people:
        channels = [DeliveryChannel.INBOX] if person.user_id else []
        if person.email:
            channels.append(DeliveryChannel.EMAIL)
        for channel in channels:
            rows.append(
                Delivery(
                    notice=notice,
                    user_id=person.user_id,
                    email=person.email if channel == DeliveryChannel.EMAIL else "",
                    recipient_key=person.key,
                    channel=channel,
                    language=person.language,
                    next_attempt_at=now,
                )
            )
    return rows


def fan_out(*, now: datetime | None = None, batch: int = 200) -> int:
    """Turn due pending notices into deliveries; idempotent (unique keys, conflicts ignored). A
    notice is then ``sent`` (handed to delivery) or ``failed`` when nobody can receive it."""
    now = now or timezone.now()
    with transaction.atomic():
        notices = list(
            Notice.objects.filter(status=NoticeStatus.PENDING, available_at__lte=now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("cca__student__user", "cca__primary_lea", "cca__counselor")
            .select_related("cca__primary_school", "cca__provider", "user")
            .order_by("available_at", "pk")[:batch]
        )
        for notice in notices:
            rows = _deliveries(notice, recipients(notice), now)
            notice.last_error = ""
            if not rows:  # nobody in the audience: the documented fallback, listed for the state
                to, people = fallback(notice)
                rows = _deliveries(notice, people, now)
                if rows:
                    notice.context = {**(notice.context or {}), FALLBACK_KEY: to}
                    notice.last_error = f"nobody in the audience can receive it; sent to the {to}"
            Delivery.objects.bulk_create(rows, ignore_conflicts=True)
            notice.status = NoticeStatus.SENT if rows else NoticeStatus.FAILED
            notice.last_error = notice.last_error or (
                "" if rows else "nobody in the audience can receive it"
            )
            notice.sent_at = now
            notice.save(update_fields=["status", "last_error", "sent_at", "context"])
    return len(notices)


# --- Claim, send, mark ------------------------------------------------------------------------


def _due(now: datetime) -> Q:
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, lease_until__lt=now
    )


def claim(*, worker: str, now: datetime | None = None, batch: int = 50) -> list[Delivery]:
    """Take up to ``batch`` due deliveries for this worker; commits before anything is sent."""
    now = now or timezone.now()
    token = f"{worker[:47]}/{uuid.uuid4().hex[:16]}"
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(_due(now))
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:batch]
        )
        Delivery.objects.filter(_due(now), pk__in=ids).update(
            status=DeliveryStatus.SENDING,
            claimed_by=token,
            claimed_at=now,
            lease_until=now + lease(),
            attempts=F("attempts") + 1,
        )
    return list(
        Delivery.objects.filter(pk__in=ids, claimed_by=token)
        .select_related("notice__cca__offering", "user")
        .order_by("pk")
    )


def message_id(delivery: Delivery) -> str:
    """Deterministic, so a re-send after a crash carries the same Message-ID."""
    return f"<notice-{delivery.pk}@seats>"


def _rendered(delivery: Delivery) -> RenderedNotice:
    notice = delivery.notice
    # A notice without a CCA (a provider's compliance notice) carries its subject's words.
    course = (
        notice.cca.offering.provider_title
        if notice.cca
        else str((notice.context or {}).get("course", ""))
    )
    return render(
        notice.kind, delivery.language, course=course, cca_id=notice.cca_id, context=notice.context
    )


def relay_has(mid: str) -> bool:
    """Whether the mail backend already holds ``mid``. Only the in-memory test backend can be
    asked; an SMTP relay cannot, so a taken-over delivery is re-sent with the same Message-ID."""
    if settings.EMAIL_BACKEND != LOCMEM_BACKEND:
        return False
    return any(m.extra_headers.get("Message-ID") == mid for m in getattr(mail, "outbox", []))


def send_email(delivery: Delivery, text: RenderedNotice) -> None:
    mid = message_id(delivery)
    if delivery.attempts > 1 and relay_has(mid):
        return  # a previous worker sent it and died before marking it
    mail.EmailMessage(
        subject=text.subject,
        body=text.body,
        to=[delivery.email],
        headers={"Message-ID": mid, "Content-Language": text.language},
    ).send(fail_silently=False)


def mark_sent(delivery: Delivery, text: RenderedNotice, now: datetime) -> bool:
    """Record the outcome in one transaction, only while this worker still holds the claim. The
    inbox message is written here, so an inbox delivery is sent exactly once."""
    with transaction.atomic():
        held = Delivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.SENDING, claimed_by=delivery.claimed_by
        ).update(
            status=DeliveryStatus.SENT,
            sent_at=now,
            last_error="",
            message_id=message_id(delivery) if delivery.channel == DeliveryChannel.EMAIL else "",
        )
        if not held:
            return False
        if delivery.channel == DeliveryChannel.INBOX:
            InboxMessage.objects.create(
                delivery=delivery,
                user_id=delivery.user_id,
                cca_id=delivery.notice.cca_id,
                kind=delivery.notice.kind,
                language=text.language,
                subject=text.subject,
                body=text.body,
                link=text.link,
                created_at=now,
            )
        else:
            SentMessage.objects.create(
                message_id=message_id(delivery),
                delivery=delivery,
                recipient=delivery.email,
                sent_at=now,
            )
    return True


def record_failure(delivery: Delivery, error: str, now: datetime) -> str:
    """Back off and retry, or give up as ``failed`` after the last allowed attempt."""
    give_up = delivery.attempts >= max_attempts()
    status = DeliveryStatus.FAILED if give_up else DeliveryStatus.PENDING
    Delivery.objects.filter(pk=delivery.pk, claimed_by=delivery.claimed_by).update(
        status=status,
        next_attempt_at=now + backoff(delivery.attempts),
        lease_until=None,
        last_error=error[:2000],
    )
    return status


@dataclass
class WorkerReport:
    fanned_out: int = 0
    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    lost: int = 0

    def lines(self) -> list[str]:
        return [
            f"Notices fanned out: {self.fanned_out}",
            f"Deliveries claimed: {self.claimed}",
            f"  sent: {self.sent}",
            f"  to retry: {self.retrying}",
            f"  failed for good: {self.failed}",
            f"  lease lost to another worker: {self.lost}",
        ]


def deliver(delivery: Delivery, report: WorkerReport, now: datetime) -> None:
    try:
        text = _rendered(delivery)
        if delivery.channel == DeliveryChannel.EMAIL:
            send_email(delivery, text)
    except Exception as exc:  # a relay error, a bad address: retry later, keep the reason
        status = record_failure(delivery, f"{type(exc).__name__}: {exc}", now)
        report.failed += status == DeliveryStatus.FAILED
        report.retrying += status == DeliveryStatus.PENDING
        return
    if mark_sent(delivery, text, now):
        report.sent += 1
    else:
        report.lost += 1


def run_once(
    *, worker: str | None = None, now: datetime | None = None, batch: int = 50
) -> WorkerReport:
    """One pass: fan out due notices, then claim and deliver until nothing is due."""
    report = WorkerReport()
    now = now or timezone.now()
    name = worker or worker_name()
    while fanned := fan_out(now=now, batch=batch * 4):
        report.fanned_out += fanned
    while claimed := claim(worker=name, now=now, batch=batch):
        report.claimed += len(claimed)
        for delivery in claimed:
            deliver(delivery, report, now)
    return report


# --- The inbox --------------------------------------------------------------------------------


def inbox_of(user: User) -> QuerySet[InboxMessage]:
    return InboxMessage.objects.filter(user=user).order_by("-created_at", "-pk")


def mark_read(*, user: User, message_id: int) -> InboxMessage | None:
    """Mark the reader's own message read (once); someone else's message is simply not found."""
    with transaction.atomic():
        message = InboxMessage.objects.select_for_update().filter(user=user, pk=message_id).first()
        if message and message.read_at is None:
            message.read_at = timezone.now()
            message.save(update_fields=["read_at"])
    return message
