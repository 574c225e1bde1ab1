"""The batch size limit of pupil accounting's LMS endpoints (issue 13): a batch of 50,000
events (about 6 MB of JSON) passes Django's 2.5 MB limit there and only there; a batch over
SEATS_MEMBERSHIP_BATCH_MAX_BYTES is a 413 problem naming the limit and what to do."""

from __future__ import annotations

import json

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from seats.domain.roles import Role
from seats.membership.models import EngagementEvent
from tests.api.helpers import BASE, api_for
from tests.membership.helpers import build_scene, nth, row


@pytest.fixture
def scene(db, settings):
    settings.SEATS_TODAY = nth(40)
    settings.SEATS_API_RATE_LIMIT = 0
    return build_scene()


def _batch(scene, n: int, **kw: object) -> dict:
    events = [row(scene.enrollment, nth(1 + i % 40), f"lms-{i}", **kw) for i in range(n)]
    return {"source_system": "canvas", "events": events}


def _is_batch_limit_problem(answer, limit: int) -> None:  # type: ignore[no-untyped-def]
    assert answer.status == 413, answer.body
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert answer.body["type"] == "urn:seats:problem:payload-too-large"
    assert answer.body["limit_bytes"] == limit
    assert "SEATS_MEMBERSHIP_BATCH_MAX_BYTES" in answer.body["detail"]
    assert "split the batch" in answer.body["detail"]


def test_a_fifty_thousand_event_batch_passes_the_size_gate_of_the_batch_endpoint_only(
    scene,
) -> None:
    # every item of a wrong kind: the service reads and checks all 50,000 (422, item by item),
    # so the body was accepted; the same body anywhere else is over Django's limit
    body = _batch(scene, 50_000, kind="nope")
    size = len(json.dumps(body))
    assert size > django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert size < django_settings.SEATS_MEMBERSHIP_BATCH_MAX_BYTES
    api = api_for(scene.world, Role.PUPIL_ACCOUNTING)
    answer = api.post("/membership/events", body)
    assert answer.status == 422
    assert len(answer.body["problems"]) == 1_000  # the first thousand of 50,000 named
    assert answer.body["problems"][0].startswith("item 0, kind: 'nope'")
    other = api.post("/ccas", body)
    assert other.status == 413 and "SEATS_MEMBERSHIP_BATCH_MAX_BYTES" not in other.body["detail"]
    assert EngagementEvent.objects.count() == 0


def test_a_batch_over_djangos_limit_is_recorded_once(scene, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000
    body = _batch(scene, 400)
    assert len(json.dumps(body)) > 20_000
    api = api_for(scene.world, Role.TEACHER)
    first = api.post("/membership/events", body)
    assert first.status == 200 and first.body == {"rows": 400, "added": 400, "duplicates": 0}
    again = api.post("/membership/events", body)
    assert again.body == {"rows": 400, "added": 0, "duplicates": 400}
    assert EngagementEvent.objects.count() == 400
    assert api.post("/ccas", body).status == 413  # the raised limit is the batch endpoint's only


def test_a_batch_over_the_batch_limit_is_refused_with_what_to_do(scene, settings) -> None:
    settings.SEATS_MEMBERSHIP_BATCH_MAX_BYTES = 30_000
    body = _batch(scene, 400)
    api = api_for(scene.world, Role.PUPIL_ACCOUNTING)
    _is_batch_limit_problem(api.post("/membership/events", body), 30_000)
    _is_batch_limit_problem(
        api.post("/membership/provider-events", {"events": body["events"]}), 30_000
    )
    assert EngagementEvent.objects.count() == 0
    half = {"source_system": "canvas", "events": body["events"][:100]}
    assert api.post("/membership/events", half).status == 200  # split, it goes through


def test_without_a_token_a_large_body_is_not_read(scene, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000
    data = json.dumps(_batch(scene, 400))
    answer = Client().post(BASE + "/membership/events", data=data, content_type="application/json")
    assert answer.status_code in (401, 413)
    assert EngagementEvent.objects.count() == 0


def test_a_csv_file_over_the_limit_records_nothing_and_says_split(scene, settings) -> None:
    settings.SEATS_MEMBERSHIP_BATCH_MAX_BYTES = 1_000
    ssid = scene.enrollment.student.ssid
    lines = [f"{ssid},ONL,{nth(1 + i % 30)},assignment,,f-{i}" for i in range(60)]
    text = "ssid,program,date,kind,minutes,external_id\n" + "\n".join(lines) + "\n"
    assert len(text) > 1_000
    teacher = Client()
    teacher.force_login(scene.world.actor(Role.TEACHER).user)
    answer = teacher.post(
        reverse("web:membership_upload"),
        {"file": SimpleUploadedFile("e.csv", text.encode(), content_type="text/csv")},
        follow=True,
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "SEATS_MEMBERSHIP_BATCH_MAX_BYTES" in page and "Split it" in page
    assert EngagementEvent.objects.count() == 0
    settings.SEATS_MEMBERSHIP_BATCH_MAX_BYTES = 100_000
    teacher.post(
        reverse("web:membership_upload"),
        {"file": SimpleUploadedFile("e.csv", text.encode(), content_type="text/csv")},
    )
    assert EngagementEvent.objects.count() == 60
