"""Extension points: where core calls code of the apps above it without importing them.

Core must not import an app (dependencies point inward: web and api -> apps -> core -> domain).
When a core decision needs an app's rule, core calls the hooks registered here, and the app
registers them in its ``AppConfig.ready()``. Today:

- **LEA approval checks** (``register_lea_approval``): called by
  ``requests.decide_as_lea`` inside its transaction, with the CCA locked, after core's own checks
  and before the approval is written. A hook may refuse the approval by raising a
  ``DomainError`` (nothing is written: the transaction rolls back) and may write its own rows
  in the same transaction (the funding app checks the home-school appropriation, R277-726-9,
  and records the fee's obligation).
- **Adult-education enrollment** (``register_adult_education_check``): asked by
  ``eligibility.student_facts`` whether a K-12 student is in adult education on a day (SPEC 3.4:
  then not eligible for SOEP); the adult-education app answers from its open enrollments, linked
  by SSID. Without it only the flag entered on the student counts. Its set-based form
  (``batch=``: SSIDs -> the ones enrolled, one query) serves a batch of decisions: a bulk path
  opens ``adult_education_batch(students, day)`` around its rows, and every eligibility
  decision inside answers from that one look-up.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..models import CCA, Student
    from .actors import Actor


class LeaApprovalHook(Protocol):
    def __call__(self, *, cca: CCA, actor: Actor, as_of: date) -> None: ...


_LEA_APPROVAL: dict[str, LeaApprovalHook] = {}


def register_lea_approval(name: str, hook: LeaApprovalHook | Callable[..., None]) -> None:
    """Register (or replace, by ``name``: ``ready()`` may run twice) an LEA approval hook."""
    _LEA_APPROVAL[name] = hook  # type: ignore[assignment]


def lea_approval_hooks() -> list[LeaApprovalHook]:
    return list(_LEA_APPROVAL.values())


def run_lea_approval(*, cca: CCA, actor: Actor, as_of: date) -> None:
    """Call every registered hook, in registration order; the first refusal stops the approval."""
    for hook in lea_approval_hooks():
        hook(cca=cca, actor=actor, as_of=as_of)


AdultEducationCheck = Callable[["Student", date], bool]
#: SSIDs -> the ones with an open adult-education enrollment on the day (one query per batch).
AdultEducationBatchCheck = Callable[[Collection[str], date], set[str]]
_ADULT_EDUCATION: list[AdultEducationCheck] = []
_ADULT_EDUCATION_BATCH: list[AdultEducationBatchCheck] = []
#: While ``adult_education_batch`` is open: (day, student pks asked about, pks found enrolled).
_KNOWN: ContextVar[tuple[date, frozenset[int], frozenset[int]] | None] = ContextVar(
    "seats_adult_education_known", default=None
)


def register_adult_education_check(
    check: AdultEducationCheck, *, batch: AdultEducationBatchCheck | None = None
) -> None:
    """Add ``check`` once (``ready()`` may run twice); ``batch`` is its set-based form, asked
    once for a whole batch of students (``adult_education_among``)."""
    if check not in _ADULT_EDUCATION:
        _ADULT_EDUCATION.append(check)
    if batch is not None and batch not in _ADULT_EDUCATION_BATCH:
        _ADULT_EDUCATION_BATCH.append(batch)


def in_adult_education(student: Student, as_of: date) -> bool:
    """Whether a registered check finds the student enrolled in adult education on ``as_of``
    (answered from the open ``adult_education_batch`` when it covers the student and day)."""
    known = _KNOWN.get()
    if known is not None and known[0] == as_of and student.pk in known[1]:
        return student.pk in known[2]
    return any(check(student, as_of) for check in _ADULT_EDUCATION)


def adult_education_among(students: Iterable[Student], as_of: date) -> set[int]:
    """The pks of ``students`` enrolled in adult education on ``as_of``: one query per batch
    check for those with an SSID (the link between the systems); the single-student checks
    for the others, or when an app registered no batch form."""
    students = list(students)
    if not _ADULT_EDUCATION:
        return set()
    by_ssid: dict[str, list[int]] = {}
    alone: list[Student] = []
    for s in students:
        if (
            s.ssid
            and _ADULT_EDUCATION_BATCH
            and len(_ADULT_EDUCATION_BATCH) == len(_ADULT_EDUCATION)
        ):
            by_ssid.setdefault(s.ssid, []).append(s.pk)
        else:
            alone.append(s)
    found: set[int] = set()
    if by_ssid:
        enrolled: set[str] = set()
        for batch in _ADULT_EDUCATION_BATCH:
            enrolled |= batch(list(by_ssid), as_of)
        found |= {pk for ssid in enrolled for pk in by_ssid.get(ssid, ())}
    found |= {s.pk for s in alone if any(check(s, as_of) for check in _ADULT_EDUCATION)}
    return found


@contextmanager
def adult_education_batch(students: Iterable[Student], as_of: date) -> Iterator[set[int]]:
    """Within the block, ``in_adult_education`` answers for these students on ``as_of`` from
    one set-based look-up (a bulk import's rows), not one query per eligibility decision.
    Yields the pks found enrolled."""
    students = list(students)
    found = adult_education_among(students, as_of)
    token = _KNOWN.set((as_of, frozenset(s.pk for s in students), frozenset(found)))
    try:
        yield found
    finally:
        _KNOWN.reset(token)
