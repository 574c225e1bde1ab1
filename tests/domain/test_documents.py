"""The Notice of Enrollment and the Notice of Rejection as documents (seats.domain.documents):
date, issuer, parties, course and the terms, built from plain facts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from seats.domain.documents import (
    DocumentFacts,
    DocumentKind,
    notice_of_enrollment,
    notice_of_rejection,
    session_text,
)
from seats.domain.roles import Party

FACTS = DocumentFacts(
    reference="CCA 7",
    student="Ana López",
    grade=10,
    primary_lea="Canyon View School District",
    primary_school="Canyon View High",
    provider="Lake Basin Online",
    state="Utah State Board of Education",
    course_title="Biology",
    core_code="04010000010",
    credit=Decimal("0.50"),
    session=session_text("S2", 2026),
    home_school=False,
    issued_on=date(2026, 9, 3),
    issued_automatically=True,
    lea_decision_days=3,
    withdrawal_days=20,
    withdrawal_period_end=date(2026, 10, 1),
    confirmation_days=5,
)


def _terms(doc) -> list[str]:
    return [str(t.text) for t in doc.terms]


def test_the_notice_of_enrollment_names_date_issuer_parties_and_course() -> None:
    doc = notice_of_enrollment(FACTS)
    assert doc.kind is DocumentKind.ENROLLMENT and doc.title == "Notice of Enrollment"
    assert doc.issued_on == date(2026, 9, 3)
    assert str(doc.issuer) == (
        "Issued by Utah State Board of Education on 2026-09-03, automatically by SEATS"
    )
    parties = {line.label: str(line.value) for line in doc.parties}
    assert parties == {
        "Student (grade)": "Ana López (10)",
        "Primary LEA": "Canyon View School District",
        "Primary school": "Canyon View High",
        "Online provider": "Lake Basin Online",
    }
    course = {line.label: str(line.value) for line in doc.course}
    assert course["Credit"] == "0.5" and course["Session"] == "Semester 2, 2026-27"


def test_its_terms_say_who_pays_who_may_teach_and_the_periods_from_policy() -> None:
    terms = _terms(notice_of_enrollment(FACTS))
    assert "Canyon View School District accepts financial responsibility" in terms[1]
    assert terms[2].startswith("Lake Basin Online may open this course")
    assert "within 20 school days" in terms[3] and "2026-10-01" in terms[3]
    assert "within 5 business days after the Day of Census" in terms[4]
    longer = notice_of_enrollment(
        DocumentFacts(**{**_plain(FACTS), "withdrawal_days": 25, "confirmation_days": 7})
    )
    assert "within 25 school days" in _terms(longer)[3]
    assert "within 7 business days" in _terms(longer)[4]
    rules = [t.rule for t in notice_of_enrollment(FACTS).terms]
    assert "R277-726-7(24)(c)" in rules and "R277-726-7(24)(a)" in rules
    assert all("SPEC" not in str(t.source) for t in notice_of_enrollment(FACTS).terms)


def test_a_home_school_notice_names_the_state_as_approver_and_payer() -> None:
    doc = notice_of_enrollment(DocumentFacts(**{**_plain(FACTS), "home_school": True}))
    terms = _terms(doc)
    assert "approved by Utah State Board of Education" in terms[0]
    assert terms[1].startswith("Utah State Board of Education accepts financial responsibility")
    assert {line.label: str(line.value) for line in doc.parties}["Primary LEA"] == "Home school"


def test_a_notice_issued_on_the_leas_silence_says_until_when_it_may_cancel() -> None:
    facts = DocumentFacts(
        **{**_plain(FACTS), "lea_silent": True, "lea_cancellation_due": date(2026, 9, 8)}
    )
    terms = _terms(notice_of_enrollment(facts))
    assert "did not answer within 3 business days" in terms[0]
    assert any("may ask to cancel it until 2026-09-08" in t for t in terms)
    assert not any("cancel" in t for t in _terms(notice_of_enrollment(FACTS)))
    cancelled = DocumentFacts(**{**_plain(facts), "cancelled_on": date(2026, 9, 5)})
    assert "cancelled this notice on 2026-09-05" in _terms(notice_of_enrollment(cancelled))[-1]


def test_the_notice_of_rejection_names_who_rejected_and_why() -> None:
    facts = DocumentFacts(
        **{
            **_plain(FACTS),
            "issued_automatically": False,
            "rejected_by": Party.LEA,
            "reason_label": "The course is full.",
            "reason_rule": "R277-726-3(2)(a)(i)",
        }
    )
    doc = notice_of_rejection(facts, fmt=lambda d: d.strftime("%m/%d/%Y"))
    assert doc.title == "Notice of Rejection"
    assert str(doc.issuer) == "Issued by Utah State Board of Education on 09/03/2026"
    first = doc.terms[0]
    assert (
        str(first.text) == "Canyon View School District rejected the request: The course is full."
    )
    assert first.rule == "R277-726-3(2)(a)(i)"
    assert any("steer" in t for t in _terms(doc))  # the LEA's limit is part of its notice
    by_provider = notice_of_rejection(
        DocumentFacts(**{**_plain(facts), "rejected_by": Party.PROVIDER})
    )
    assert _terms(by_provider)[0].startswith("Lake Basin Online rejected")
    assert not any("steer" in t for t in _terms(by_provider))


def test_sessions_read_as_families_say_them() -> None:
    assert str(session_text("Q1", 2025)) == "Quarter 1, 2025-26"
    assert str(session_text("S1", 2026)) == "Semester 1, 2026-27"


def _plain(facts: DocumentFacts) -> dict[str, object]:
    return {name: getattr(facts, name) for name in DocumentFacts.__slots__}
