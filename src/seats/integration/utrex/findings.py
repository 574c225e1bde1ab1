"""What the check reports: one ``Finding`` per mismatch, and a ``CheckSummary`` of the run."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from seats.domain.calendars import school_year_label

from .rules import RULES


@dataclass(slots=True)
class Finding:
    """One line of the report."""

    rule: str
    severity: str  # "error" (a mismatch) or "warning" (a value that could not be read)
    ssid: str
    core_code: str
    school_year: int | None
    session: str
    cca_id: int | None
    line: int | None
    expected: str
    found: str
    message: str
    provider: str = ""

    @property
    def school_year_label(self) -> str:
        return school_year_label(self.school_year) if self.school_year is not None else ""


@dataclass
class CheckSummary:
    source: str
    scope: str
    as_of: date
    school_years: list[int] = field(default_factory=list)
    records: int = 0
    soep_records: int = 0
    other_setting_records: int = 0
    other_year_records: int = 0
    matched: int = 0
    expected_ccas: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    by_severity: Counter[str] = field(default_factory=Counter)

    @property
    def clean(self) -> bool:
        return not self.by_rule

    def lines(self) -> list[str]:
        years = ", ".join(school_year_label(y) for y in self.school_years) or "none"
        out = [
            f"UTREx check of {self.source} for {self.scope} (as of {self.as_of.isoformat()})",
            f"  school years checked: {years}",
            f"  records read: {self.records:,} ({self.soep_records:,} SOEP, "
            f"{self.other_setting_records:,} other settings, "
            f"{self.other_year_records:,} of other school years)",
            f"  SEATS CCAs expected in UTREx: {self.expected_ccas:,}; matched: {self.matched:,}",
        ]
        if self.clean:
            out.append("  no mismatches: SEATS and the extract agree.")
        else:
            out.append(
                f"  findings: {self.by_severity['error']:,} errors, "
                f"{self.by_severity['warning']:,} warnings"
            )
            out += [f"    {rule}: {n:,}" for rule, n in sorted(self.by_rule.items())]
        return out


#: Findings about the set rather than one record's values.
SET_RULES: dict[str, tuple[str, str]] = {
    "MISSING_FROM_UTREX": (
        "Missing from UTREx",
        "A Confirmed (or later, on the payment path) CCA has no SOEP record in the extract.",
    ),
    "NO_SEATS_CCA": (
        "No SEATS CCA",
        "An SOEP record matches no CCA (student, core code, school year, session) in SEATS.",
    ),
    "CCA_NOT_CONFIRMED": (
        "CCA not confirmed",
        "An SOEP record matches a CCA that never reached Confirmed: it should not be reported.",
    ),
    "DUPLICATE_RECORD": (
        "Duplicate record",
        "A second SOEP record for a CCA that another record already matched.",
    ),
    "PARSE": ("Unreadable value", "A value in the extract could not be read."),
}
RULE_TITLES: dict[str, str] = {r.code: r.title for r in RULES} | {
    code: title for code, (title, _) in SET_RULES.items()
}
