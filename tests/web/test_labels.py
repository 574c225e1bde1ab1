"""Statuses, deadlines, history actions and roles have a label in English (the domain's own
words) and in Spanish, and notices name the status in the reader's language."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

from seats.core.notice_texts import render
from seats.domain.calendars import BusinessCalendar, SchoolCalendar, default_school_days
from seats.domain.catalog import MATURE_DISCLAIMER, ContentCategory, Session
from seats.domain.deadlines import DeadlineFacts, compute_deadlines
from seats.domain.eligibility import credit_limit_reason
from seats.domain.errors import InvalidInput
from seats.domain.i18n import gettext_noop, text
from seats.domain.lifecycle import MOVES
from seats.domain.notices import NoticeKind
from seats.domain.reasons import (
    LEA_REJECTION_REASONS,
    PROVIDER_REJECTION_REASONS,
    STATE_REJECTION_REASONS,
    RejectionReason,
    reason_for_label,
)
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
    "calendar_correction",
    "set_second_half_start",
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


# Eligibility reasons and refusals a family reads -------------------------------------------

PO = Path(labels.__file__).parents[1] / "locale" / "es" / "LC_MESSAGES" / "django.po"
#: Sources of text a student or parent reads (catalogue references are relative to src/seats).
FAMILY_SOURCES = (
    "domain/",
    "web/family.py",
    "web/catalog.py",
    "web/family_home.py",
    "web/labels.py",
    "web/notices.py",
    "web/templates/web/family/",
    "web/templates/web/base.html",
    "web/templates/web/cca_detail.html",
    "web/templates/web/notices/",
)
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def po_entries() -> list[tuple[list[str], str, str]]:
    """(references, msgid, msgstr) of each singular entry of the Spanish catalogue."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        refs = [r for line in block.splitlines() if line.startswith("#:") for r in line[2:].split()]
        found = re.search(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', block + "\n", re.M)
        if found and "msgid_plural" not in block:
            msgid, msgstr = (
                "".join(json.loads(q) for q in g.split("\n") if q) for g in found.groups()
            )
            entries.append((refs, msgid, msgstr))
    return entries


def test_every_family_text_in_the_catalogue_has_spanish_with_the_same_placeholders() -> None:
    family = [
        (msgid, msgstr)
        for refs, msgid, msgstr in po_entries()
        if msgid and any(ref.startswith(FAMILY_SOURCES) for ref in refs)
    ]
    assert len(family) > 250  # the parser read the catalogue
    for msgid, msgstr in family:
        assert msgstr, f"no Spanish for {msgid!r}"
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid


def test_every_domain_text_reaches_the_catalogue_and_is_compiled() -> None:
    """What the domain marks with gettext_noop was extracted, translated and compiled."""
    from tests.domain.test_eligibility_texts import marked_strings

    marked = marked_strings()
    assert len(marked) >= 30
    in_catalogue = {msgid for _refs, msgid, _msgstr in po_entries()}
    assert marked <= in_catalogue, marked - in_catalogue
    for template in marked:
        assert spanish_gettext(template) != template, template


def spanish_gettext(msgid: str) -> str:
    with translation.override("es"):
        return gettext(msgid)


def test_reason_text_translates_and_fills_in_the_numbers() -> None:
    reason = credit_limit_reason(Decimal("5.75"), Decimal("0.50"), Decimal("6"), False)
    with translation.override("en"):
        assert labels.reason_text(reason) == reason.message
    with translation.override("es"):
        shown = labels.reason_text(reason)
    # the values are the rule's; Spanish writes the decimal comma as the rest of its pages do
    assert shown.startswith("Este curso suma 0,5 de crédito, pero el estudiante ya tiene 5,75 ")
    assert "de los 6 créditos" in shown and "daría 6,25." in shown
    assert labels.reason_text("plain words") == "plain words"  # not a Reason: shown as given


def test_codes_and_whole_numbers_are_not_localised() -> None:
    params = (("provider", "PRV01"), ("cca", "42"), ("lea", "1.5.2"))
    with translation.override("es"):
        assert labels.translated("%(provider)s %(cca)s %(lea)s", params, "") == "PRV01 42 1.5.2"


def test_a_translation_that_lost_a_placeholder_falls_back_to_english() -> None:
    assert labels.translated("%(a)s and %(b)s", (("a", "1"),), "the English") == "the English"
    assert labels.translated("", (), "the English") == "the English"


def test_error_text_translates_family_refusals_and_keeps_staff_ones() -> None:
    family = InvalidInput(text(gettext_noop("Age cannot be negative (%(age)s)."), age=-2))
    staff = InvalidInput("Say why the LEA cancels the enrollment.")
    with translation.override("es"):
        assert labels.error_text(family) == "La edad no puede ser negativa (-2)."
        assert labels.error_text(staff) == "Say why the LEA cancels the enrollment."


# Rejection reasons (SPEC 3.4 decision tree) --------------------------------------------------

ALL_REJECTION_REASONS = [
    r
    for table in (LEA_REJECTION_REASONS, PROVIDER_REJECTION_REASONS, STATE_REJECTION_REASONS)
    for r in table.values()
]


@pytest.mark.parametrize("reason", ALL_REJECTION_REASONS, ids=lambda r: r.code)
def test_every_rejection_reason_is_marked_and_has_spanish(reason: RejectionReason) -> None:
    from tests.domain.test_eligibility_texts import marked_strings

    assert reason.label in marked_strings()  # makemessages extracts it
    assert reason_for_label(reason.label) == reason
    spanish_label = spanish_gettext(reason.label)
    assert spanish_label != reason.label and spanish_label.endswith(".")
    with translation.override("es"):
        assert labels.rejection_reason(reason.label) == spanish_label
    with translation.override("en"):
        assert labels.rejection_reason(reason.label) == reason.label


def test_words_staff_typed_are_shown_as_typed() -> None:
    assert reason_for_label("student moved") is None
    with translation.override("es"):
        assert labels.rejection_reason("student moved") == "student moved"
        assert labels.rejection_reason("") == "" and labels.rejection_reason(None) == ""


SOURCE = "(Provider Manual, Online Provider Responsibilities)"  # the public source, never SPEC


@pytest.mark.parametrize(
    "language, reason, shown",
    [
        ("es", "The course is full.", "Motivo: El curso está lleno (documento en inglés: Provider"),
        ("en", "The course is full.", f"Reason: The course is full {SOURCE}.\n"),
        ("es", "student moved", "Motivo: student moved.\n"),
        ("es", "", "Motivo: no se indicó.\n"),
    ],
)
def test_notices_give_the_reason_in_the_readers_language(
    language: str, reason: str, shown: str
) -> None:
    notice = render(
        NoticeKind.NOTICE_OF_REJECTION.value,
        language,
        course="Algebra",
        cca_id=7,
        context={"reason": reason},
    )
    assert shown in notice.body


# The catalog's words (issue 9, 5) -----------------------------------------------------------


@pytest.mark.parametrize("subject", list(ContentCategory), ids=lambda c: c.name)
def test_every_subject_has_its_domain_name_and_a_spanish_one(subject: ContentCategory) -> None:
    assert english(labels.SUBJECT_LABELS[subject]) == subject.value
    with translation.override("es"):
        assert labels.subject_label(subject.value) not in ("", subject.value)


def test_sessions_the_disclaimer_and_ncaa_have_spanish() -> None:
    with translation.override("es"):
        assert [labels.session_name(s) for s in Session] == [
            "Trimestre 1", "Trimestre 2", "Trimestre 3", "Trimestre 4", "Semestre 1", "Semestre 2",
        ]  # fmt: skip
        assert gettext(MATURE_DISCLAIMER).startswith("Este curso")
        assert labels.ncaa_note("NCAA approved") == "Aprobado por la NCAA"
        assert labels.ncaa_note("ncaa approved.") == "Aprobado por la NCAA"
        assert (
            labels.ncaa_note("Approved 2024 <b>")
            == '<span lang="en">Approved 2024 &lt;b&gt;</span>'
        )


def test_notice_bodies_link_with_a_full_address_and_write_dates_per_language(settings) -> None:
    """Issue 9, 5: an e-mail has no page to be relative to; dates read as the reader writes them."""
    settings.SEATS_BASE_URL = "https://seats.example.gov"
    notice = render(NoticeKind.OVERDUE.value, "es", course="Algebra", cca_id=7, context={
        "deadline": "confirmation_due", "due": "2026-12-03"})  # fmt: skip
    assert "https://seats.example.gov/ccas/7/" in notice.body and notice.link == "/ccas/7/"
    assert " /ccas/" not in notice.body and "venció el 3 de diciembre de 2026" in notice.body
    english = render(NoticeKind.OVERDUE.value, "en", course="Algebra", cca_id=None, context={
        "deadline": "confirmation_due", "due": "2026-12-03"})  # fmt: skip
    assert "https://seats.example.gov/notices/" in english.body and "Dec. 3, 2026" in english.body
