"""The access log says who, what, when and why (SPEC 10; issue 8, item 6): every page and API
read of student records writes exactly one entry with its purpose, the change feed and the
notices (API and web) included, and the state's access-log page shows and filters the purpose."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from seats.core.models import AccessLog, AccessPurpose, InboxMessage
from seats.core.selectors.access import Viewer
from seats.core.services.audit import SAME_VIEW, log_access
from seats.core.services.delivery import run_once
from seats.domain.roles import Role
from tests.api.helpers import api_for
from tests.factories import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    w.register()
    w.cca = w.submit()
    run_once()  # the submission's notices reach the inboxes
    return w


def _client(world, role: Role) -> Client:
    client = Client()
    client.force_login(world.actor(role).user)
    return client


def _one_entry(read) -> AccessLog:  # type: ignore[no-untyped-def]
    """Run ``read`` and return the one access-log entry it wrote (exactly one)."""
    before = set(AccessLog.objects.values_list("pk", flat=True))
    response = read()
    assert response.status_code == 200, response
    new = AccessLog.objects.exclude(pk__in=before)
    assert new.count() == 1, list(new.values_list("what", flat=True))
    entry = new.get()
    assert entry.purpose in AccessPurpose.values, entry.what  # and never empty
    return entry


def _web_reads(world):  # type: ignore[no-untyped-def]
    cca = world.cca
    counselor = world.actor(Role.COUNSELOR).user
    message = InboxMessage.objects.filter(user=counselor).first()
    assert message is not None
    return [
        (Role.COUNSELOR, reverse("web:ccas"), AccessPurpose.QUEUE),
        (Role.COUNSELOR, reverse("web:cca", args=[cca.pk]), AccessPurpose.REVIEW),
        (Role.COUNSELOR, reverse("web:school_review", args=[cca.pk]), AccessPurpose.DECIDE),
        (Role.COUNSELOR, reverse("web:caseload"), AccessPurpose.CASELOAD),
        (
            Role.COUNSELOR,
            reverse("web:caseload_student", args=[world.student.pk]),
            AccessPurpose.STUDENT,
        ),
        (Role.COUNSELOR, reverse("web:notices"), AccessPurpose.NOTICES),
        (Role.COUNSELOR, reverse("web:notice", args=[message.pk]), AccessPurpose.NOTICES),
        (Role.COUNSELOR, reverse("web:ccas_export", args=["csv"]), AccessPurpose.EXPORT),
        (Role.STUDENT, reverse("web:ccas"), AccessPurpose.FAMILY),
        (Role.PARENT, reverse("web:cca", args=[cca.pk]), AccessPurpose.FAMILY),
        (Role.PROVIDER_STAFF, reverse("web:cca", args=[cca.pk]), AccessPurpose.PROVIDER_WORK),
        (Role.PROVIDER_STAFF, reverse("web:census"), AccessPurpose.CENSUS),
        (Role.PROVIDER_STAFF, reverse("web:contacts"), AccessPurpose.CONTACT),
        (Role.LEA_APPROVER, reverse("web:lea_at_risk"), AccessPurpose.LEA_OVERSIGHT),
        (Role.STATE_SPECIALIST, reverse("web:overdue"), AccessPurpose.COMPLIANCE),
        (Role.STATE_SPECIALIST, reverse("web:duplicates"), AccessPurpose.DUPLICATES),
        (Role.AUDITOR, reverse("web:access_log"), AccessPurpose.AUDIT),
    ]


def test_every_page_writes_one_entry_with_its_purpose(world) -> None:
    for role, url, purpose in _web_reads(world):
        entry = _one_entry(lambda r=role, u=url: _client(world, r).get(u))
        assert (entry.role, entry.purpose, entry.channel) == (role.value, purpose, "web"), url


@pytest.mark.parametrize(
    ("path", "purpose"),
    [
        ("/ccas", AccessPurpose.SIS_SYNC),
        ("/ccas/{pk}", AccessPurpose.SIS_SYNC),
        ("/counselor-contacts", AccessPurpose.CONTACT),
        ("/events", AccessPurpose.SIS_SYNC),
        ("/notices", AccessPurpose.NOTICES),
    ],
)
def test_every_api_read_writes_one_entry_with_its_purpose(world, path, purpose) -> None:
    api = api_for(world, Role.PROVIDER_STAFF)
    answer = {}

    def read():  # type: ignore[no-untyped-def]
        answer["a"] = api.get(path.format(pk=world.cca.pk))
        return type("R", (), {"status_code": answer["a"].status})()

    entry = _one_entry(read)
    assert (entry.purpose, entry.channel, entry.role) == (purpose, "api", "provider_staff")
    if path in ("/events", "/notices"):
        assert entry.rows == len(answer["a"].body["items"]) and entry.rows >= 1


def test_one_view_is_one_entry(world) -> None:
    """The queue's search sent by typing and again by Enter (two identical htmx requests at
    once) is one view; another page, or the same page later, is another."""
    client = _client(world, Role.COUNSELOR)
    search = {"status": "", "q": "Tester"}
    hx = {"HX-Request": "true"}
    client.post(reverse("web:ccas"), search, headers=hx)
    client.post(reverse("web:ccas"), search, headers=hx)
    assert AccessLog.objects.filter(what__startswith="CCA list").count() == 1
    client.get(reverse("web:cca", args=[world.cca.pk]))
    assert AccessLog.objects.count() == 2
    AccessLog.objects.update(at=AccessLog.objects.get(what__startswith="CCA list").at - SAME_VIEW)
    client.post(reverse("web:ccas"), search, headers=hx)
    assert AccessLog.objects.filter(what__startswith="CCA list").count() == 2
    someone_else = world.actor(Role.REGISTRAR)
    viewer = Viewer(someone_else.user, Role.REGISTRAR, someone_else.organisation)
    log_access(viewer, action="list", what="CCA list (all)", rows=1, purpose="queue")
    assert AccessLog.objects.filter(what__startswith="CCA list").count() == 3


def test_the_access_log_page_shows_and_filters_the_purpose(world) -> None:
    _client(world, Role.COUNSELOR).get(reverse("web:cca", args=[world.cca.pk]))
    api_for(world, Role.PROVIDER_STAFF).get("/events")
    state = _client(world, Role.STATE_SPECIALIST)
    page = state.get(reverse("web:access_log"))
    text = page.content.decode()
    assert '<th scope="col">Purpose</th>' in text
    assert "Reviewing a request" in text and "Export for SIS (API)" in text
    only = state.get(reverse("web:access_log"), {"purpose": "sis_sync"}).context["result"].rows
    assert [(e.what, e.channel) for e in only] == [("API change feed", "api")]
    assert AccessLog.objects.filter(at__gte=only[0].at - timedelta(days=1)).count() >= 3
