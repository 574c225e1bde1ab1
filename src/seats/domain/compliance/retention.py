"""Record retention (R277-726-7(14); the provider manual's "Record Retention"): test scores,
grades, credit and other progress measures are kept at least five calendar years after the
student exits; after that the personal data may be removed (the records' counts stay).

The rule counts from the exit from the provider's program, the SY2025-26 manual from "the
student's graduation or exit from K-12"; the later of the two is kept. SEATS records no exit
date, so the exit is derived, the latest of what is known:
- June 30 of the student's cohort (graduation) year, when one is recorded (the K-12 exit);
- June 30 that ends the last school year the student had a course request in (its closeout);
- the latest completion date of any of the student's courses (a Late Pass or an extended
  completion finishes after that June 30);
- the latest withdrawal or exit date of any of its courses (a dated closeout).
A student with none of these has no known exit and is never due. A later status change made by
staff (a correction) is not an exit: it does not restart the period.
"""

from __future__ import annotations

from datetime import date


def exit_date(
    *,
    cohort_year: int | None,
    last_school_year: int | None,
    last_completion: date | None = None,
    last_withdrawal: date | None = None,
) -> date | None:
    """The student's exit (the module's rule). The retention service computes the same in SQL
    over every student at once; a test holds the two together."""
    candidates = [d for d in (last_completion, last_withdrawal) if d is not None]
    if cohort_year:
        candidates.append(date(cohort_year, 6, 30))
    if last_school_year is not None:
        candidates.append(date(last_school_year + 1, 6, 30))
    return max(candidates) if candidates else None


def exited_before(as_of: date, years: int) -> date:
    """A student who exited on or before this day has been out ``years`` full years."""
    try:
        return as_of.replace(year=as_of.year - years)
    except ValueError:  # February 29
        return date(as_of.year - years, 2, 28)


def due(exited: date | None, *, as_of: date, years: int) -> bool:
    return exited is not None and exited <= exited_before(as_of, years)


#: What ``apply`` removes, per kind (the plan counts each; the log records each).
KINDS = {
    "students": "names, birth date, SSID, e-mail and account of the student",
    "guardians": "names and contacts of a guardian with no other student kept",
    "registrations": "addresses, phone and preferred name of a local registration",
    "cca_text": "the counselor's note and the name search copies of a course request",
    "history_text": "free text reasons and document references of the CCA history",
    "student_changes": "old and new values of the student's SSID changes",
    "deliveries": "e-mail addresses a notice about the student was sent to",
}
