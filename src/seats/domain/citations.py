"""How a rule is cited to people (SPEC 3.2): by the public source a person can look up.

The rules in this package carry a ``rule`` string written for the developers: the section of
the product specification they implement ("SPEC 3.4"), the part of the Provider Manual ("SOEP
Provider Manual SY2025-26, Student Eligibility") and the Board rule's number
("R277-726-2(4)(a)"). The specification is an internal file and is never shown. This module maps
a rule string, in one pure table, to:

* the **public sources**: the document and its part ("Provider Manual, Enrollment Request"),
  which families see;
* the **rule numbers** (R277-726-3(2)), which staff see after the same sources, followed by
  the rule's own words where it has them ("SPEC 3.2: the course start date, once set, cannot be
  changed" gives "the course start date, once set, cannot be changed").

A rule that names no part of the manual gets the part its specification section describes
(``SECTION_SOURCES``; the manual's own table of contents), so every citation names a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MANUAL = "Provider Manual"
BOARD_RULE = "Board rule R277-726, Statewide Online Education Program"

#: The manual's part for each specification section (its most specific heading first), used
#: when the rule string names no part of the manual itself. Matched by the longest prefix.
SECTION_SOURCES: dict[str, str] = {
    "SPEC 1": "Student Enrollment and Tracking System (SEATS) Access",
    "SPEC 2": "SEATS Course Request Spreadsheet",
    "SPEC 2 capacity": "Online Provider Responsibilities",
    "SPEC 2 (capacity": "Online Provider Responsibilities",
    "SPEC 3": "Course Credit Acknowledgement (CCA)",
    "SPEC 3.1": "Definitions and Functionality",
    "SPEC 3.2": "Definitions and Functionality",
    "SPEC 3.3": "Order of Operations",
    "SPEC 3.3 transcripts": "Grading and Course Completion",
    "SPEC 3.3: IEP": "IEP and 504 Implementation",
    "SPEC 3.4": "Enrollment Process Overview",
    "SPEC 3.4 eligibility": "Student Eligibility",
    "SPEC 3.4 decision tree": "Primary LEA Responsibilities",
    "SPEC 3.4 LEA decision tree": "Primary LEA Responsibilities",
    "SPEC 3.4 provider may reject": "Online Provider Responsibilities",
    "SPEC 3.4 state may reject": "The USBE Responsibilities",
    "SPEC 3.4: the state may reject": "The USBE Responsibilities",
    "SPEC 3.4 local registration": "Local Registration",
    "SPEC 3.4: local registration": "Local Registration",
    "SPEC 3.4: approvals": "Health Courses for 6-8th Grade Students",
    "SPEC 3.4 credit limit": "Enrollment Process Overview",
    "SPEC 4": "Online Provider Responsibilities",
    "SPEC 5": "Online Provider Responsibilities",
    "SPEC 6": "Funding",
    "SPEC 10": "Family Educational Rights and Privacy Act (FERPA)",
}

_MANUAL_PART = re.compile(r"^(?:SOEP\s+)?Provider Manual(?:\s+SY\d{4}-\d{2})?,\s*(?P<part>.+)$")
_RULE_NUMBER = re.compile(r"R277-\d+(?:-\d+)?(?:\([0-9a-z]+\))*")
_SPEC = re.compile(r"^SPEC\s+\d")
_FEES = re.compile(r"^001,\s*(?P<part>.+)$")  # the manual by its file number ("001, Course Fees")


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a rule comes from: public sources (document, part) and Board rule numbers."""

    sources: tuple[str, ...]
    rules: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def for_family(self) -> str:
        """The public sources only: "Provider Manual, Student Eligibility"."""
        return "; ".join(self.sources)

    @property
    def for_staff(self) -> str:
        """The same sources, then the rule numbers and the rule's words: "...; R277-726-2(4)(a)"."""
        sources = [s for s in self.sources if not (s == BOARD_RULE and self.rules)]
        return "; ".join((*sources, *self.rules, *self.notes))


def _section_source(segment: str) -> str | None:
    best = ""
    for key in SECTION_SOURCES:
        if segment.startswith(key) and len(key) > len(best):
            # "SPEC 3" must not claim "SPEC 3.4": the next character ends the section number.
            rest = segment[len(key) : len(key) + 1]
            if rest.isdigit() or rest == ".":
                continue
            best = key
    return SECTION_SOURCES[best] if best else None


def cite(rule: str) -> Citation:
    """The citation of a rule string as the rules write it (see the module's docstring)."""
    sources: list[str] = []
    rules: list[str] = []
    notes: list[str] = []
    fallback: list[str] = []
    for raw in str(rule or "").split(";"):
        segment = raw.strip()
        if not segment:
            continue
        numbers = _RULE_NUMBER.findall(segment)
        manual = _MANUAL_PART.match(segment)
        fees = _FEES.match(segment)
        if manual:
            sources.append(f"{MANUAL}, {_part(manual.group('part'))}")
        elif fees:
            sources.append(f"{MANUAL}, {_part(fees.group('part'))}")
        elif _SPEC.match(segment) or numbers:
            part = _section_source(segment) if _SPEC.match(segment) else None
            if part:
                fallback.append(f"{MANUAL}, {part}")
            _, colon, words = segment.partition(":")
            if colon and words.strip():
                notes.append(words.strip())
        else:
            notes.append(segment)  # the rule's own words ("concurrent edits: ...")
        rules.extend(n for n in numbers if n not in rules)
    if not sources:
        sources = fallback or ([BOARD_RULE] if rules else [])
    return Citation(
        tuple(dict.fromkeys(sources)), tuple(rules), tuple(n for n in dict.fromkeys(notes))
    )


def _part(text: str) -> str:
    """The manual's part without the developers' notes after it ("FAQ: school of record")."""
    return re.sub(r"\s*\((?:duplicate request)\)$", "", text.strip())


def family_citation(rule: str) -> str:
    return cite(rule).for_family


def staff_citation(rule: str) -> str:
    return cite(rule).for_staff
