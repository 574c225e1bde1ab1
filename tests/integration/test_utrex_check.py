"""The consistency check against a known world: an extract written from SEATS checks clean; each
kind of disagreement (a rule, a missing CCA, an extra, duplicate or unconfirmed record) is
reported with the CCA it concerns; and each viewer checks only what it may see. CCAs reach their
statuses through the services."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from seats.core.models import CCA, LocalRegistration, Organisation
from seats.core.selectors.access import Viewer
from seats.core.services.lifecycle import move_status
from seats.core.services.requests import decide_as_provider
from seats.domain.roles import Role
from seats.domain.statuses import Status
from seats.integration.utrex.check import run_check
from seats.integration.utrex.expected import expected_records
from seats.integration.utrex.extract import write_extract
from seats.integration.utrex.findings import Finding
from tests.core.helpers_lifecycle import (
    COURSE_START,
    confirmed,
    other_provider,
    provider_actor,
    ready_to_confirm,
    with_start_and_tor,
)
from tests.factories import (
    SUBMITTED,
    World,
    build_world,
    make_offering,
    make_student,
    registration_done,
)

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 2, 18)


def viewer(world: World, role: Role) -> Viewer:
    actor = world.actor(role)
    return Viewer(actor.user, role, actor.organisation)


@dataclass
class Scene:
    world: World
    confirmed: CCA  # Confirmed, 0.5 credit, S1
    passed: CCA  # Pass All Complete, 1.0 credit, S2, completed 2026-01-09
    unconfirmed: CCA  # Enrollment Complete (never confirmed)
    elsewhere: CCA  # Confirmed at another provider
    other: Organisation
    other_viewer: Viewer


def _passed(world: World) -> CCA:
    student = make_student(world)
    registration_done(world, student)
    cca = confirmed(world, student=student, offering=world.offering_full_credit, session="S2")
    cca = move_status(
        actor=provider_actor(world),
        cca_id=cca.pk,
        to=Status.PASS_ALL_COMPLETE,
        expected_version=cca.version,
        as_of=date(2026, 1, 12),
        final_grade="A",
        completion_date=date(2026, 1, 9),
    )
    cca.refresh_from_db()
    return cca


def _elsewhere(world: World) -> tuple[CCA, Organisation, Viewer]:
    org, actor, teacher = other_provider(world)
    offering = make_offering(world, provider=org, usbe_title="Chemistry")
    student = make_student(world)
    LocalRegistration.objects.create(student=student, provider=org, completed_on=SUBMITTED)
    cca = world.submit(student=student, offering=offering)
    cca = decide_as_provider(
        actor=actor, cca_id=cca.pk, expected_version=cca.version, accept=True, as_of=SUBMITTED
    )
    world.approve(cca)
    cca.refresh_from_db()
    world.teacher = teacher
    saved_actor = world.actors[Role.PROVIDER_STAFF]
    world.actors[Role.PROVIDER_STAFF] = actor
    try:
        cca = with_start_and_tor(world, cca, COURSE_START)
        cca = move_status(
            actor=actor,
            cca_id=cca.pk,
            to=Status.CONFIRMED,
            expected_version=cca.version,
            as_of=cca.census_date,
        )
    finally:
        world.actors[Role.PROVIDER_STAFF] = saved_actor
    cca.refresh_from_db()
    return cca, org, Viewer(actor.user, Role.PROVIDER_STAFF, org)


@pytest.fixture
def scene() -> Scene:
    world = build_world()
    first = confirmed(world)
    passed = _passed(world)
    student = make_student(world)
    registration_done(world, student)
    unconfirmed = ready_to_confirm(world, student=student)
    saved_teacher = world.teacher
    elsewhere, org, other_viewer = _elsewhere(world)
    world.teacher = saved_teacher
    return Scene(world, first, passed, unconfirmed, elsewhere, org, other_viewer)


def extract_of(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    write_extract(rows, out)
    return out.getvalue().encode()


def seats_rows(v: Viewer, **kw: object) -> list[dict[str, str]]:
    return list(expected_records(v, school_year=2025, **kw))  # type: ignore[arg-type]


def check(v: Viewer, rows: list[dict[str, str]], **kw: object) -> tuple[object, list[Finding]]:
    return run_check(v, extract_of(rows), as_of=AS_OF, **kw)  # type: ignore[arg-type]


def found(findings: list[Finding]) -> set[tuple[str, int | None]]:
    return {(f.rule, f.cca_id) for f in findings}


def row_for(rows: list[dict[str, str]], cca: CCA) -> dict[str, str]:
    [row] = [r for r in rows if r["ssid"] == cca.student.ssid]
    return row


def test_an_extract_written_from_seats_checks_clean(scene: Scene) -> None:
    state = viewer(scene.world, Role.STATE_SPECIALIST)
    rows = seats_rows(state)
    assert {r["ssid"] for r in rows} == {
        c.student.ssid for c in (scene.confirmed, scene.passed, scene.elsewhere)
    }
    passed = row_for(rows, scene.passed)
    assert (passed["credit_attempted"], passed["credit_earned"], passed["term"]) == ("1", "1", "S2")
    assert passed["exit_date"] == "2026-01-09" and row_for(rows, scene.confirmed)["exit_date"] == ""
    summary, findings = check(state, rows)
    assert findings == [] and summary.clean
    assert (summary.records, summary.soep_records, summary.matched) == (3, 3, 3)
    assert summary.expected_ccas == 3 and summary.school_years == [2025]


def test_every_rule_is_reported_for_the_matched_cca(scene: Scene) -> None:
    state = viewer(scene.world, Role.STATE_SPECIALIST)
    rows = seats_rows(state)
    row_for(rows, scene.passed).update(
        school_of_record="",
        course_title="Chem Online",
        entry_date="2025-07-15",
        credit_attempted="0.5",
        credit_earned="0",
        membership_days="3",
        enrollment_validation_type="A",
    )
    line = rows.index(row_for(rows, scene.passed)) + 2  # the header is line 1
    _, findings = check(state, rows)
    assert [(f.rule, f.cca_id, f.line) for f in findings] == [
        ("SCHOOL_OF_RECORD", scene.passed.pk, line),
        ("COURSE_TITLE", scene.passed.pk, line),
        ("ENTRY_EXIT_DATES", scene.passed.pk, line),
        ("CREDIT_ATTEMPTED", scene.passed.pk, line),
        ("CREDIT_EARNED", scene.passed.pk, line),
        ("MEMBERSHIP_DAYS", scene.passed.pk, line),
        ("VALIDATION_TYPE", scene.passed.pk, line),
    ]
    assert {f.provider for f in findings} == {"PRV1"}
    dates = findings[2]
    assert dates.expected == "2025-08-20 to 2026-05-29" and "school calendar" in dates.message


def test_a_wrong_session_or_core_code_still_finds_its_cca(scene: Scene) -> None:
    state = viewer(scene.world, Role.STATE_SPECIALIST)
    rows = seats_rows(state)
    row_for(rows, scene.confirmed)["term"] = "S2"
    row_for(rows, scene.passed).update(core_code="9999", course_title="Unknown")
    _, findings = check(state, rows)
    assert found(findings) == {
        ("SESSION", scene.confirmed.pk),
        ("CORE_CODE", scene.passed.pk),
        ("COURSE_TITLE", scene.passed.pk),
    }


def test_missing_ccas_and_records_matching_nothing(scene: Scene) -> None:
    state = viewer(scene.world, Role.STATE_SPECIALIST)
    rows = [r for r in seats_rows(state) if r["ssid"] != scene.passed.student.ssid]
    stranger = dict(rows[0], ssid="9999999")
    unconfirmed = dict(
        rows[0],
        ssid=scene.unconfirmed.student.ssid,
        core_code=scene.unconfirmed.offering.core_code,
    )
    duplicate = dict(rows[0])
    not_soep = dict(rows[0], ssid="8888888", instructional_setting="")
    summary, findings = check(state, [*rows, stranger, unconfirmed, duplicate, not_soep])
    assert found(findings) == {
        ("MISSING_FROM_UTREX", scene.passed.pk),
        ("NO_SEATS_CCA", None),
        ("CCA_NOT_CONFIRMED", None),
        (
            "DUPLICATE_RECORD",
            next(
                c.pk
                for c in (scene.confirmed, scene.elsewhere)
                if c.student.ssid == rows[0]["ssid"]
            ),
        ),
    }
    by_rule = {f.rule: f for f in findings}
    assert by_rule["NO_SEATS_CCA"].ssid == "9999999"
    assert by_rule["NO_SEATS_CCA"].line == len(rows) + 2
    assert "Enrollment Complete" in by_rule["CCA_NOT_CONFIRMED"].message
    assert by_rule["MISSING_FROM_UTREX"].line is None
    assert by_rule["MISSING_FROM_UTREX"].session == "S2"
    assert (summary.soep_records, summary.other_setting_records) == (5, 1)


def test_a_record_not_marked_op_that_matches_a_cca_counts_with_its_setting_wrong(scene) -> None:
    state = viewer(scene.world, Role.STATE_SPECIALIST)
    rows = seats_rows(state)
    row_for(rows, scene.confirmed)["instructional_setting"] = "TR"
    _, findings = check(state, rows)
    assert found(findings) == {("INSTRUCTIONAL_SETTING", scene.confirmed.pk)}


def test_a_provider_checks_only_its_own_ccas(scene: Scene) -> None:
    state = viewer(scene.world, Role.STATE_SPECIALIST)
    rows = seats_rows(state)
    own = seats_rows(viewer(scene.world, Role.PROVIDER_STAFF))
    assert len(own) == 2 and scene.elsewhere.student.ssid not in {r["ssid"] for r in own}
    assert seats_rows(state, provider=scene.other) == seats_rows(scene.other_viewer)
    # The other provider uploads the whole state file: PRV1's records are not its CCAs, and
    # PRV1's CCAs are never reported missing to it.
    summary, findings = check(scene.other_viewer, rows)
    assert found(findings) == {("NO_SEATS_CCA", None)}
    assert len(findings) == 2 and summary.matched == 1 and summary.scope == "provider PRV9"
    assert all(f.provider in ("", "PRV9") for f in findings)
    # The state checking one provider: only that provider's CCAs are expected.
    _, findings = check(state, rows[:0], provider=scene.other)
    assert found(findings) == {("MISSING_FROM_UTREX", scene.elsewhere.pk)}


def test_viewers_without_provider_scope_see_nothing_to_compare(scene: Scene) -> None:
    parent = viewer(scene.world, Role.PARENT)
    rows = seats_rows(viewer(scene.world, Role.STATE_SPECIALIST))
    summary, findings = check(parent, rows[:1])
    assert summary.expected_ccas in (0, 1)  # only the parent's own child's CCA is visible
    assert all(f.cca_id in (None, scene.confirmed.pk) for f in findings)


def test_school_year_option_and_as_of(scene: Scene) -> None:
    state = viewer(scene.world, Role.STATE_SPECIALIST)
    rows = seats_rows(state)
    old = dict(rows[0], school_year="2024-25", ssid="5555555")
    summary, findings = check(state, [*rows, old], school_year=2025)
    assert findings == [] and summary.other_year_records == 1
    # An extract taken before a CCA was confirmed does not miss it.
    early = scene.confirmed.confirmation_date - timedelta(days=1)
    rest = [r for r in rows if r["ssid"] != scene.confirmed.student.ssid]
    _, findings = run_check(state, extract_of(rest), as_of=early)
    assert findings == []
    _, findings = run_check(state, extract_of(rest), as_of=AS_OF)
    assert found(findings) == {("MISSING_FROM_UTREX", scene.confirmed.pk)}


def test_unreadable_values_are_warnings_and_the_rest_is_checked(scene: Scene) -> None:
    state = viewer(scene.world, Role.STATE_SPECIALIST)
    rows = seats_rows(state)
    row_for(rows, scene.confirmed).update(credit_attempted="half", entry_date="2025-13-01")
    row_for(rows, scene.passed)["school_year"] = ""
    summary, findings = check(state, rows)
    parse = [f for f in findings if f.rule == "PARSE"]
    assert [f.severity for f in parse] == ["warning"] * 3
    messages = " | ".join(f.message for f in parse)
    assert "column 8 (entry_date)" in messages and "column 12 (credit_attempted)" in messages
    assert any("school year is blank" in f.message for f in parse)
    errors = {(f.rule, f.cca_id) for f in findings if f.severity == "error"}
    assert errors == {("MISSING_FROM_UTREX", scene.passed.pk)}
    assert summary.by_severity == {"warning": 3, "error": 1}
