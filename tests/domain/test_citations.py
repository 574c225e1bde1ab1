"""Rule citations (issue 9, 5; SPEC 3.2): families see the public document and its part, staff
the same plus the rule number, and nobody an internal file name."""

from __future__ import annotations

import inspect
import re

import pytest

from seats.domain import citations, eligibility, guards, lifecycle, reasons
from seats.domain.citations import cite, family_citation, staff_citation
from seats.domain.eligibility import CHECKS
from seats.domain.reasons import (
    LEA_REJECTION_REASONS,
    PROVIDER_REJECTION_REASONS,
    STATE_REJECTION_REASONS,
)

INTERNAL = re.compile(r"SPEC|\.md\b|\.txt\b|SY\d{4}|SOEP Provider|reference/|\b00\d\b")


def test_a_manual_part_and_a_rule_number() -> None:
    rule = (
        "SPEC 3.4; SOEP Provider Manual SY2025-26, Student Eligibility: Public School Students; "
        "R277-726-2(4)(a)"
    )
    assert family_citation(rule) == "Provider Manual, Student Eligibility: Public School Students"
    assert staff_citation(rule) == (
        "Provider Manual, Student Eligibility: Public School Students; R277-726-2(4)(a)"
    )


def test_the_review_reasons_cite_the_lea_part_and_the_rule() -> None:
    reason = LEA_REJECTION_REASONS["not_seop_pccr"]
    assert family_citation(reason.rule) == "Provider Manual, Primary LEA Responsibilities"
    assert staff_citation(reason.rule) == (
        "Provider Manual, Primary LEA Responsibilities; R277-726-3(2)(a)(ii)"
    )


M = "Provider Manual, "


@pytest.mark.parametrize(
    ("rule", "family"),
    [
        ("SPEC 3.3", M + "Order of Operations"),
        ("SPEC 3.3 transcripts", M + "Grading and Course Completion"),
        ("SPEC 3.4: local registration before the provider accepts", M + "Local Registration"),
        ("SPEC 3: the CCA is the LEA's contract", M + "Course Credit Acknowledgement (CCA)"),
        ("SPEC 2 (grades allowed)", M + "SEATS Course Request Spreadsheet"),
        ("SPEC 2 (capacity, first come first served)", M + "Online Provider Responsibilities"),
        (
            "SPEC 10: access is scoped to the role's organisation",
            M + "Family Educational Rights and Privacy Act (FERPA)",
        ),
        ("001, Course Fees", M + "Course Fees"),
        ("R277-726-2(19): a withdrawal", "Board rule R277-726, Statewide Online Education Program"),
        ("concurrent edits: only one change to a version wins", ""),
        ("", ""),
    ],
)
def test_an_internal_section_names_the_manuals_part(rule: str, family: str) -> None:
    assert family_citation(rule) == family


def every_rule_string() -> list[str]:
    """The rule strings the domain writes: the checks, the rejection reasons, and every string
    literal passed as ``rule=`` in the domain's modules."""
    found = [c.rule for c in CHECKS]
    for table in (LEA_REJECTION_REASONS, PROVIDER_REJECTION_REASONS, STATE_REJECTION_REASONS):
        found += [r.rule for r in table.values()]
    for module in (eligibility, guards, lifecycle, reasons):
        found += re.findall(r'rule="([^"]+)"', inspect.getsource(module))
    return found


def test_no_citation_names_an_internal_file_and_every_reason_names_a_document() -> None:
    rules = every_rule_string()
    assert len(rules) > 40
    for rule in rules:
        shown = cite(rule)
        assert not INTERNAL.search(shown.for_staff), (rule, shown.for_staff)
        assert not re.search(r"R277", shown.for_family), rule  # families: no rule numbers
    for table in (LEA_REJECTION_REASONS, PROVIDER_REJECTION_REASONS, STATE_REJECTION_REASONS):
        for reason in table.values():
            assert family_citation(reason.rule).startswith("Provider Manual, "), reason.code
    for check in CHECKS:
        assert family_citation(check.rule), check.code


def test_the_module_is_pure() -> None:
    assert "django" not in inspect.getsource(citations)
