"""The student-file checklist (002, Section 6 "Student Records"): four records kept for the
current program year and seven kept in perpetuity, each received on a date and checked by a
person. An item may be marked not applicable with a reason (a student who has not passed the GED
tests has no Official Score Report); every other item not received is missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..calendars import school_year_bounds

RULE = "002, Section 6: Student Records"

CURRENT_YEAR = {
    "assessment_protocols": "Assessment protocols (face sheet with name, date of birth, test "
    "date, administrator and raw scores)",
    "release_of_information": "Release of Information for credits",
    "contact_hour_documentation": "Contact hour documentation (instructional and "
    "non-instructional)",
    "current_seop": "Current SEOP with the signed or refused Waiver of Release",
}
PERPETUAL = {
    "other_agency_transcripts": "Copies of all grades and transcripts from other agencies",
    "cumulative_transcript": "Cumulative transcript of earned and awarded credits",
    "employment_military": "Record of employment and/or military service",
    "ged_score_report": "Record of passing the GED Tests (Official Score Report)",
    "accommodations": "Record of academic accommodations",
    "core_follow_up_surveys": "Completed Core Follow-up Surveys (students without a Social "
    "Security number)",
    "utah_residency": "Proof of Utah residency",
}
ITEMS = {**CURRENT_YEAR, **PERPETUAL}


@dataclass(frozen=True)
class Received:
    item: str
    received_on: date | None
    checked_by: str = ""
    not_applicable: str = ""  # the reason, when the item does not apply


@dataclass(frozen=True)
class ItemState:
    item: str
    label: str
    perpetual: bool
    state: str  # "received", "not_applicable", "missing"
    received_on: date | None
    checked_by: str
    note: str


def checklist(records: Iterable[Received], *, fiscal_year: int) -> list[ItemState]:
    """Every item of the document, in its order: a current-year item counts only when received
    within the program year; a perpetual one whenever it was received."""
    first, last = school_year_bounds(fiscal_year)
    best: dict[str, Received] = {}
    for rec in records:
        if rec.item not in ITEMS:
            continue
        if rec.item in CURRENT_YEAR and rec.received_on and not first <= rec.received_on <= last:
            continue
        best[rec.item] = rec
    out = []
    for key, label in ITEMS.items():
        perpetual = key in PERPETUAL
        rec = best.get(key)
        if rec and rec.not_applicable:
            out.append(
                ItemState(
                    key,
                    label,
                    perpetual,
                    "not_applicable",
                    None,
                    rec.checked_by,
                    rec.not_applicable,
                )
            )
        elif rec and rec.received_on:
            out.append(
                ItemState(key, label, perpetual, "received", rec.received_on, rec.checked_by, "")
            )
        else:
            note = "missing for this program year" if not perpetual else "missing"
            out.append(ItemState(key, label, perpetual, "missing", None, "", note))
    return out


def missing(states: Iterable[ItemState]) -> list[ItemState]:
    return [s for s in states if s.state == "missing"]
