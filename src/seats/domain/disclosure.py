"""Data minimisation (SPEC 10: least privilege): which facts about a student each party may be
shown, beyond the records its scope already lets it see. One table, used by the services (what
a refusal says), the API serialisers and the web pages, so every channel shows the same.

- The counselor's SEOP/PCCR *note* is the school's reasoning about the student's plan. The
  school wrote it, the LEA decides on it (its rejection reasons include "not consistent with the
  student's plan"), the state audits it, and the family may inspect it (FERPA 34 CFR 99.10). The
  provider needs only the *answer* (consistent: yes or no), so it never gets the text.
- Eligibility reasons about the student (group care, adult education, Utah Fits All, diploma,
  home school, age, credits taken elsewhere, approvals) are protected facts. A provider filing a
  request sees the reasons about its course (closed, full, grades, school year, a duplicate of
  its own course) and, for anything else, one sentence that names no fact.
"""

from __future__ import annotations

from collections.abc import Iterable

from .eligibility import Reason, ReasonKind
from .roles import ROLE_PARTY, Party, Role

#: The parties that may read the counselor's note (the provider only sees the yes/no answer).
NOTE_READERS = frozenset({Party.FAMILY, Party.SCHOOL, Party.LEA, Party.STATE})
#: History actions whose free-text reason is the counselor's note.
NOTE_ACTIONS = frozenset({"counselor_review"})
#: History detail fields that carry the note.
NOTE_FIELDS = frozenset({"counselor_note"})
#: The longest counselor note, in characters after trimming spaces. A longer note is refused
#: (on the web, through the API and from a file alike), never cut short.
NOTE_MAX_CHARS = 1000
#: The reasons a provider may read: those about its own course.
PROVIDER_REASON_KINDS = frozenset({ReasonKind.COURSE, ReasonKind.DUPLICATE})

#: English only: a provider reads it through the API (families and schools get the reasons).
STUDENT_REASON = (
    "The request cannot go ahead for reasons about the student that only the family and the "
    "primary school may see; ask the family to contact the student's school."
)
STUDENT_REASON_CODE = "student_reasons_withheld"


def may_read_note(role: Role | None) -> bool:
    """Whether a person in this role may read the counselor's SEOP/PCCR note (the read-only
    auditor reads as the state does; the system has no reader)."""
    if role is Role.AUDITOR:
        return True
    return role is not None and ROLE_PARTY[role] in NOTE_READERS


def reasons_for(party: Party | None, reasons: Iterable[Reason]) -> list[Reason]:
    """The eligibility reasons this party may be told. Everyone but a provider gets them all."""
    reasons = list(reasons)
    if party is not Party.PROVIDER:
        return reasons
    shown = [r for r in reasons if r.kind in PROVIDER_REASON_KINDS]
    if len(shown) < len(reasons):
        shown.append(
            Reason(
                STUDENT_REASON_CODE,
                STUDENT_REASON,
                "SPEC 10: data minimisation",
                ReasonKind.INELIGIBLE,
                STUDENT_REASON,
            )
        )
    return shown
