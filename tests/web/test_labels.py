"""Statuses, deadlines, history actions and roles have a label in English (the domain's own
words) and in Spanish, and notices name the status in the reader's language."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from seats.core.notice_texts import render
from seats.domain.calendars import BusinessCalendar, SchoolCalendar, default_school_days
from seats.domain.deadlines import DeadlineFacts, compute_deadlines
from seats.domain.lifecycle import MOVES
from seats.domain.notices import NoticeKind
from seats.domain.roles import ROLE_LABELS as DOMAIN_ROLES
from seats.domain.roles import Role
from seats.domain.statuses import Status
from seats.web import labels

#: Every history action the services write besides the lifecycle's moves (grep 'action="').
SERVICE_ACTIONS = {
    "submit",
    "counselor_review",
    "lea_approve",
    "provider_accept",
    "local_registration_complete",
    "set_course_start",
    "set_teacher_of_record",
    "forward_iep",
    "grade_progress",
    "flag_at_risk",
    "clear_at_risk",
    "intent_to_withdraw",
    "reinstatement_requested",
    "request_correction",
    "set_transcript_due",
    "issue_transcript",
    "recompute_deadlines",
}


def spanish(text: object) -> str:
    with translation.override("es"):
        return str(text)


def english(text: object) -> str:
    with translation.override("en"):
        return str(text)


@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
def test_every_status_has_its_domain_label_and_a_spanish_one(status: Status) -> None:
    label = labels.STATUS_LABELS[status]
    assert english(label) == status.label
    assert spanish(label) and spanish(label) != status.label
    with translation.override("en"):
        meaning = labels.status_meaning(status.value)
    with translation.override("es"):
        assert labels.status_label(status.value) == spanish(label)
        assert meaning and labels.status_meaning(status.value) not in ("", meaning)


def test_spanish_names_of_the_main_statuses() -> None:
    with translation.override("es"):
        assert labels.status_label("confirmed") == "Confirmada"
        assert labels.status_label("pending_execution") == "Pendiente de ejecución"
        assert labels.status_label("not_a_status") == "not_a_status"  # shown as stored


def test_every_history_action_has_a_label_in_both_languages() -> None:
    actions = {m.name for m in MOVES} | SERVICE_ACTIONS
    assert actions <= set(labels.ACTION_LABELS), actions - set(labels.ACTION_LABELS)
    for action in actions:
        assert spanish(labels.ACTION_LABELS[action]) != english(labels.ACTION_LABELS[action])
    assert labels.action_label("brand_new_action") == "Brand new action"


def test_deadline_labels_are_the_domains_own() -> None:
    """Every deadline the rules can produce (facts that unlock all of them) keeps its words."""
    facts = DeadlineFacts(
        submitted=date(2025, 9, 2),
        school_year=2025,
        local_registration_completed=date(2025, 9, 3),
        provider_accepted=date(2025, 9, 4),
        needs_iep_forwarding=True,
        notice_of_enrollment=date(2025, 9, 5),
        noe_issued_by_state=True,
        course_start=date(2025, 9, 8),
        second_half_start=date(2026, 1, 12),
        completed=date(2026, 1, 9),
        grade=12,
        not_confirmed_closed=date(2025, 10, 10),
        intent_to_withdraw_sent=date(2025, 11, 3),
    )
    business = BusinessCalendar()
    school = SchoolCalendar.of("school days", default_school_days(2025, business))
    found = compute_deadlines(facts, business=business, provider_calendar=school)
    assert set(found) == set(labels.DEADLINE_LABELS)
    for key, deadline in found.items():
        assert english(labels.DEADLINE_LABELS[key]) == deadline.label
        assert spanish(labels.DEADLINE_LABELS[key]) != deadline.label
        assert deadline.who in labels.WHO_LABELS


def test_role_labels_are_the_domains_own() -> None:
    for role in Role:
        assert english(labels.ROLE_LABELS[role]) == DOMAIN_ROLES[role]
    assert spanish(labels.ROLE_LABELS["system"]) == "el sistema"
    with translation.override("es"):
        assert labels.role_label("parent") == "Padre, madre o tutor"


@pytest.mark.parametrize("language, word", [("en", "Confirmed"), ("es", "Confirmada")])
def test_notices_name_the_status_in_the_readers_language(language: str, word: str) -> None:
    text = render(
        NoticeKind.REQUEST_RECEIVED.value,
        language,
        course="Algebra",
        cca_id=7,
        context={"status": "confirmed"},
    )
    assert f": {word}." in text.body
