"""Concurrent retries on PostgreSQL: the same Idempotency-Key sent at once from several threads
acts once; without a key, the stale ETags lose with 412."""

from __future__ import annotations

import pytest

from seats.core.models import CCAHistory
from seats.domain.roles import Role
from tests.api.helpers import Api, token_for_role
from tests.core.test_race import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 6


@pytest.fixture
def scene(world, clock):
    world.register()
    cca = world.submit()
    return world, cca, token_for_role(world, Role.PROVIDER_STAFF)


def test_the_same_key_at_once_acts_once(scene) -> None:
    _, cca, token = scene
    path, tag = f"/ccas/{cca.pk}/provider-decision", f'"cca-{cca.pk}-v{cca.version}"'

    def accept():
        return Api(token).post(path, {"decision": "accept"}, if_match=tag, key="same-key")

    results = race([accept] * THREADS)
    answers = [value for kind, value in results if kind == "ok"]
    assert len(answers) == THREADS, results
    assert {a.status for a in answers} == {200}
    assert len({a.etag for a in answers}) == 1
    assert CCAHistory.objects.filter(cca=cca, action="provider_accept").count() == 1


def test_without_a_key_one_wins_and_the_others_are_told_they_are_stale(scene) -> None:
    _, cca, token = scene
    path, tag = f"/ccas/{cca.pk}/provider-decision", f'"cca-{cca.pk}-v{cca.version}"'

    def accept():
        return Api(token).post(path, {"decision": "accept"}, if_match=tag)

    answers = [value for _, value in race([accept] * THREADS)]
    statuses = sorted(a.status for a in answers)
    assert statuses == [200] + [412] * (THREADS - 1), [a.body for a in answers]
    assert CCAHistory.objects.filter(cca=cca, action="provider_accept").count() == 1
