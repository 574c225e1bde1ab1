"""The SOEP link (issue 13): a provider's LMS feed sets the CCA's last activity date and is
membership evidence in the primary LEA's program; a suggested notice of intent to withdraw."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from seats.core.selectors.access import Viewer
from seats.domain.roles import Role
from seats.membership.models import EngagementEvent
from seats.membership.services.events import BatchRejected
from seats.membership.services.programs import enroll
from seats.membership.services.soep import provider_feed
from tests.core.helpers_lifecycle import confirmed
from tests.membership.helpers import SYSTEM, build_scene


@pytest.fixture
def scene(db):
    return build_scene()


def test_the_provider_feed_sets_last_activity_and_membership_evidence(scene, settings) -> None:
    world = scene.world
    cca = confirmed(world)
    enrollment = enroll(
        actor=SYSTEM,
        program_id=scene.online.pk,
        student_id=cca.student_id,
        entry_on=cca.course_start_date,
        exit_on=cca.course_start_date + timedelta(days=200),
    )
    day = cca.census_date + timedelta(days=1)
    settings.SEATS_TODAY = day + timedelta(days=3)
    actor = world.actor(Role.PROVIDER_STAFF)
    viewer = Viewer(actor.user, Role.PROVIDER_STAFF, actor.organisation)
    batch = [{"cca_id": cca.pk, "date": day.isoformat(), "kind": "assignment", "external_id": "p1"}]
    first = provider_feed(viewer=viewer, rows=batch)
    assert (first.ccas_updated, first.events_added) == (1, 1)
    cca.refresh_from_db()
    assert cca.last_activity_on == day
    event = EngagementEvent.objects.get()
    assert (event.enrollment, event.cca_id, event.source) == (enrollment, cca.pk, "provider_lms")
    again = provider_feed(viewer=viewer, rows=batch)
    assert (again.ccas_updated, again.events_added, again.duplicates) == (0, 0, 1)
    with pytest.raises(BatchRejected, match="not one of your courses"):
        provider_feed(viewer=viewer, rows=[{**batch[0], "cca_id": 999999}])
    # eleven days later the provider is shown the suggested notice of intent
    settings.SEATS_TODAY = day + timedelta(days=11)
    page = Client()
    page.force_login(actor.user)
    text = page.get(reverse("web:provider_cca", args=[cca.pk])).content.decode()
    assert "inactive for 11 days" in text
    settings.SEATS_TODAY = day + timedelta(days=10)
    text = page.get(reverse("web:provider_cca", args=[cca.pk])).content.decode()
    assert "inactive for" not in text
