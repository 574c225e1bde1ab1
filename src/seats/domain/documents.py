"""The Notice of Enrollment and the Notice of Rejection as documents (SPEC 3.1, 4).

A notice is a document the parties keep: its date, who issued it, the parties (student, primary
LEA and school, provider), the course and credit, and the terms that follow from it. This module
builds that content from plain facts; the web renders it as a printable page and as a PDF.

The terms come from the Provider Manual ("The USBE Responsibilities", "Enrollment Request") and
Board rule R277-726. Each term names its public source (what a family can look up) and, apart,
the rule number staff also see. Every sentence is a ``Text`` (an English template and its
values) so the page and the PDF are in the reader's language; numbers of days come from the
school year's ``Policy``, never from this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from .calendars import school_year_label
from .i18n import Text, gettext_noop, text
from .roles import Party

#: The public sources a term cites (what a family can look up).
USBE_PART = gettext_noop("Provider Manual, The USBE Responsibilities")
REQUEST_PART = gettext_noop("Provider Manual, Enrollment Request")
LEA_PART = gettext_noop("Provider Manual, Primary LEA Responsibilities")
WITHDRAWAL_PART = gettext_noop("Provider Manual, Withdrawal")
PARTICIPATION_PART = gettext_noop("Provider Manual, Active Participation")

#: How a page writes a date (the web passes the reader's format; ISO by default).
DateFormat = Callable[[date], str]


class DocumentKind(StrEnum):
    ENROLLMENT = "notice_of_enrollment"
    REJECTION = "notice_of_rejection"


TITLES = {
    DocumentKind.ENROLLMENT: gettext_noop("Notice of Enrollment"),
    DocumentKind.REJECTION: gettext_noop("Notice of Rejection"),
}


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What a notice says, as plain values (names already written as people read them)."""

    reference: str  # the record's key ("CCA 42"): no personal data
    student: str
    grade: int | None
    primary_lea: str
    primary_school: str
    provider: str
    state: str  # the issuing state agency
    course_title: str
    core_code: str
    credit: Decimal
    session: str | Text  # written for people: ``session_text`` ("Semester 2, 2026-27")
    home_school: bool
    issued_on: date
    issued_automatically: bool = False
    # Notice of Enrollment
    lea_silent: bool = False  # issued because the LEA did not answer in time (cancellable)
    lea_decision_days: int = 3
    lea_cancellation_due: date | None = None
    cancelled_on: date | None = None
    course_start: date | None = None
    withdrawal_days: int = 20
    withdrawal_unit: str = "school"  # "school" or "business" or "calendar"
    withdrawal_period_end: date | None = None
    confirmation_days: int = 5
    # Notice of Rejection
    rejected_by: Party | None = None
    reason_label: str = ""
    reason_rule: str = ""


@dataclass(frozen=True, slots=True)
class Line:
    """One labelled value: ("Student", "Ana López")."""

    label: str
    value: str | Text


@dataclass(frozen=True, slots=True)
class Term:
    """One term of the notice, with its public source and (for staff) the rule number."""

    text: Text
    source: Text
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    kind: DocumentKind
    title: str
    reference: str
    issued_on: date
    issuer: Text
    parties: tuple[Line, ...]
    course: tuple[Line, ...]
    terms: tuple[Term, ...]


def session_text(session: str, school_year: int) -> Text:
    """A session as a family reads it: "Semester 2, 2026-27", "Quarter 1, 2026-27"."""
    year = school_year_label(school_year)
    number = session[1:]
    if session.startswith("S"):
        return text(gettext_noop("Semester %(n)s, %(year)s"), n=number, year=year)
    if session.startswith("Q"):
        return text(gettext_noop("Quarter %(n)s, %(year)s"), n=number, year=year)
    return text(gettext_noop("Session %(session)s, %(year)s"), session=session, year=year)


def _source(part: str) -> Text:
    return text(part)


_RULE_SOURCE = text(gettext_noop("Board rule R277-726"))

UNIT_WORDS = {
    "school": gettext_noop("school days"),
    "business": gettext_noop("business days"),
    "calendar": gettext_noop("days"),
}


def _parties(f: DocumentFacts) -> tuple[Line, ...]:
    grade = "" if f.grade is None else f" ({f.grade})"
    lines = [Line(gettext_noop("Student (grade)"), f"{f.student}{grade}")]
    if f.home_school:
        lines.append(Line(gettext_noop("Primary LEA"), text(gettext_noop("Home school"))))
    else:
        lines.append(Line(gettext_noop("Primary LEA"), f.primary_lea))
        if f.primary_school:
            lines.append(Line(gettext_noop("Primary school"), f.primary_school))
    lines.append(Line(gettext_noop("Online provider"), f.provider))
    return tuple(lines)


def _course(f: DocumentFacts, fmt: DateFormat) -> tuple[Line, ...]:
    lines = [
        Line(gettext_noop("Course"), f"{f.course_title} ({f.core_code})"),
        Line(gettext_noop("Credit"), _credit(f.credit)),
        Line(gettext_noop("Session"), f.session),
    ]
    if f.course_start is not None:
        lines.append(Line(gettext_noop("Course start"), fmt(f.course_start)))
    return tuple(lines)


def _credit(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")


def _issuer(f: DocumentFacts, fmt: DateFormat) -> Text:
    if f.issued_automatically:
        return text(
            gettext_noop("Issued by %(state)s on %(date)s, automatically by SEATS"),
            state=f.state,
            date=fmt(f.issued_on),
        )
    return text(
        gettext_noop("Issued by %(state)s on %(date)s"), state=f.state, date=fmt(f.issued_on)
    )


def notice_of_enrollment(f: DocumentFacts, fmt: DateFormat = date.isoformat) -> Document:
    """The Notice of Enrollment: the state's word that the provider may open the course, and who
    pays for it (Provider Manual, The USBE Responsibilities; R277-726-7(24))."""
    approver = f.state if f.home_school else f.primary_lea
    payer = f.state if f.home_school else f.primary_lea
    terms = [
        Term(
            text(
                gettext_noop(
                    "The student completed registration, was accepted by %(provider)s, and the "
                    "request was approved by %(approver)s."
                ),
                provider=f.provider,
                approver=approver,
            )
            if not f.lea_silent
            else text(
                gettext_noop(
                    "The student completed registration and was accepted by %(provider)s. "
                    "%(lea)s did not answer within %(days)s business days, so the state issued "
                    "this notice."
                ),
                provider=f.provider,
                lea=f.primary_lea,
                days=f.lea_decision_days,
            ),
            _source(USBE_PART),
        ),
        Term(
            text(
                gettext_noop("%(payer)s accepts financial responsibility for this course."),
                payer=payer,
            ),
            _source(USBE_PART),
            "R277-726-7(24)(c)",
        ),
        Term(
            text(
                gettext_noop(
                    "%(provider)s may open this course, for this credit, to the student: only "
                    "this notice allows it."
                ),
                provider=f.provider,
            ),
            _RULE_SOURCE,
            "R277-726-7(24)(a)",
        ),
        Term(_withdrawal(f, fmt), _source(WITHDRAWAL_PART), "R277-726-2(19)"),
        Term(
            text(
                gettext_noop(
                    "The provider certifies the student's active participation within %(days)s "
                    "business days after the Day of Census, or closes the enrollment as Not "
                    "Confirmed Closed."
                ),
                days=f.confirmation_days,
            ),
            _source(PARTICIPATION_PART),
        ),
    ]
    if f.lea_silent and f.lea_cancellation_due is not None:
        terms.append(
            Term(
                text(
                    gettext_noop(
                        "Because the state issued this notice on the LEA's silence, %(lea)s may "
                        "ask to cancel it until %(due)s."
                    ),
                    lea=f.primary_lea,
                    due=fmt(f.lea_cancellation_due),
                ),
                _source(REQUEST_PART),
            )
        )
    if f.cancelled_on is not None:
        terms.append(
            Term(
                text(
                    gettext_noop("%(lea)s cancelled this notice on %(date)s."),
                    lea=f.primary_lea,
                    date=fmt(f.cancelled_on),
                ),
                _source(REQUEST_PART),
            )
        )
    return Document(
        kind=DocumentKind.ENROLLMENT,
        title=TITLES[DocumentKind.ENROLLMENT],
        reference=f.reference,
        issued_on=f.issued_on,
        issuer=_issuer(f, fmt),
        parties=_parties(f),
        course=_course(f, fmt),
        terms=tuple(terms),
    )


def _withdrawal(f: DocumentFacts, fmt: DateFormat) -> Text:
    unit = UNIT_WORDS.get(f.withdrawal_unit, UNIT_WORDS["school"])
    if f.withdrawal_period_end is not None:
        return text(
            gettext_noop(
                "The student may withdraw within %(days)s %(unit)s of the course start without "
                "it counting against the provider: until %(end)s."
            ),
            days=f.withdrawal_days,
            unit=unit,
            end=fmt(f.withdrawal_period_end),
        )
    return text(
        gettext_noop(
            "The student may withdraw within %(days)s %(unit)s of the course start without it "
            "counting against the provider; the provider sets the start date."
        ),
        days=f.withdrawal_days,
        unit=unit,
    )


def notice_of_rejection(f: DocumentFacts, fmt: DateFormat = date.isoformat) -> Document:
    """The Notice of Rejection: who rejected, the reason from the state's decision tree, and
    what it means (Provider Manual, Enrollment Request; the state issues it for every party)."""
    party = f.rejected_by or Party.STATE
    name = {Party.LEA: f.primary_lea, Party.PROVIDER: f.provider}.get(party, f.state)
    terms = [
        Term(
            text(
                gettext_noop("%(name)s rejected the request: %(reason)s"),
                name=name,
                reason=f.reason_label or "—",
            ),
            _source(REQUEST_PART),
            f.reason_rule,
        ),
        Term(
            text(
                gettext_noop(
                    "No Notice of Enrollment will be issued for this request: %(provider)s may "
                    "not open the course to the student under it."
                ),
                provider=f.provider,
            ),
            _RULE_SOURCE,
            "R277-726-7(24)(a)",
        ),
        Term(
            text(
                gettext_noop(
                    "The student may submit a new request, for this course in another term or "
                    "for another course or provider."
                )
            ),
            _source(REQUEST_PART),
        ),
    ]
    if party is Party.LEA:
        terms.append(
            Term(
                text(
                    gettext_noop(
                        "An LEA rejects only for a reason in the state's decision tree, and never "
                        "to steer a student to or away from a provider."
                    )
                ),
                _source(LEA_PART),
                "R277-726-3(2)",
            )
        )
    return Document(
        kind=DocumentKind.REJECTION,
        title=TITLES[DocumentKind.REJECTION],
        reference=f.reference,
        issued_on=f.issued_on,
        issuer=_issuer(f, fmt),
        parties=_parties(f),
        course=_course(f, fmt),
        terms=tuple(terms),
    )
