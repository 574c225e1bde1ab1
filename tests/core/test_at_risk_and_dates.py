"""The at-risk flag ends with the CCA, and reported dates stay inside the course (issue 9): the
services (per row and bulk) and the deadline calculator refuse the same dates with the rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from seats.core.models import CCA, CCAHistory
from seats.core.selectors.deadlines import CalculatorInput, calculator_facts
from seats.core.services import enrollment
from seats.core.services.bulk import GRADE_PROGRESS, BulkRow, run_bulk
from seats.core.services.lifecycle import move_status
from seats.domain.errors import InvalidInput
from seats.domain.progress import ACTIVITY_RULE, START_RULE
from seats.domain.roles import Role
from seats.domain.statuses import Status
from tests.core.helpers_lifecycle import confirmed
from tests.factories import SUBMITTED, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def provider(world):
    return world.actor(Role.PROVIDER_STAFF)


def flagged(world) -> CCA:
    cca = confirmed(world)
    enrollment.set_at_risk(
        actor=provider(world),
        cca_id=cca.pk,
        expected_version=cca.version,
        at_risk=True,
        reason="failing",
        as_of=cca.census_date,
    )
    cca.refresh_from_db()
    assert cca.at_risk
    return cca


def test_closing_a_cca_ends_its_at_risk_flag(world) -> None:
    cca = flagged(world)
    move_status(
        actor=provider(world),
        cca_id=cca.pk,
        to=Status.COMPLETED_GRADE_TOO_LOW,
        expected_version=cca.version,
        final_grade="F",
        as_of=date(2025, 12, 19),
    )
    cca.refresh_from_db()
    assert (cca.at_risk, cca.at_risk_since) == (False, None)
    entry = CCAHistory.objects.filter(cca=cca).order_by("-seq").first()
    assert entry.details["at_risk"] == {"from": True, "to": False}


def test_a_non_closing_move_keeps_the_flag(world) -> None:
    cca = flagged(world)
    enrollment.send_intent_to_withdraw(
        actor=provider(world), cca_id=cca.pk, expected_version=cca.version, as_of=cca.census_date
    )
    cca.refresh_from_db()
    assert cca.at_risk


def _progress(world, cca: CCA, last_activity: date, as_of: date) -> None:
    cca.refresh_from_db()
    enrollment.record_progress(
        actor=provider(world),
        cca_id=cca.pk,
        expected_version=cca.version,
        percent="70",
        last_activity=last_activity,
        as_of=as_of,
    )


def test_activity_after_today_or_before_the_start_is_refused(world) -> None:
    cca = confirmed(world)
    today = date(2025, 11, 3)
    for day, words in (
        (today + timedelta(days=1), "is after today"),
        (cca.course_start_date - timedelta(days=1), "is before the course started"),
    ):
        with pytest.raises(InvalidInput) as refused:
            _progress(world, cca, day, today)
        assert words in refused.value.message and refused.value.rule == ACTIVITY_RULE
        assert refused.value.field == "last_activity"
    _progress(world, cca, today, today)
    cca.refresh_from_db()
    assert cca.last_activity_on == today


def test_bulk_progress_refuses_the_same_dates(world) -> None:
    cca = confirmed(world)
    today = date(2025, 11, 3)
    row = BulkRow(
        1, GRADE_PROGRESS, cca.pk, {"percent": "70", "last_activity": today + timedelta(days=2)}
    )
    result = run_bulk([row], actor=provider(world), as_of=today)
    assert not result.written
    assert result.refused[0].error.rule == ACTIVITY_RULE


def test_a_course_start_before_the_submission_is_refused(world) -> None:
    cca = world.enrolled()
    with pytest.raises(InvalidInput) as refused:
        enrollment.set_course_start(
            actor=provider(world),
            cca_id=cca.pk,
            expected_version=cca.version,
            start=SUBMITTED - timedelta(days=1),
        )
    assert refused.value.rule == START_RULE and "before the request was submitted" in str(
        refused.value.message
    )
    cca.refresh_from_db()
    assert cca.course_start_date is None


def test_the_calculator_refuses_it_too() -> None:
    with pytest.raises(InvalidInput) as refused:
        calculator_facts(CalculatorInput(submitted=date(2025, 9, 2), course_start=date(2025, 9, 1)))
    assert refused.value.field == "course_start" and refused.value.rule == START_RULE
    calculator_facts(CalculatorInput(submitted=date(2025, 9, 2), course_start=date(2025, 9, 2)))


def test_the_migration_clears_the_flag_on_ccas_already_closed(world) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("seats.core.migrations.0012_actions_bulk_approval_needs_review")
    closed, open_ = flagged(world), confirmed(world, offering=world.offering_full_credit)
    CCA.objects.filter(pk=closed.pk).update(status=Status.PASS_ALL_COMPLETE.value)
    CCA.objects.filter(pk=open_.pk).update(at_risk=True, at_risk_since=date(2025, 10, 6))
    migration.closed_ccas_are_not_at_risk(apps, None)
    assert CCA.objects.get(pk=closed.pk).at_risk is False
    assert CCA.objects.get(pk=open_.pk).at_risk is True
