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
  by SSID. Without it only the flag entered on the student counts.
"""

from __future__ import annotations

from collections.abc import Callable
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
_ADULT_EDUCATION: list[AdultEducationCheck] = []


def register_adult_education_check(check: AdultEducationCheck) -> None:
    """Add ``check`` once (``ready()`` may run twice)."""
    if check not in _ADULT_EDUCATION:
        _ADULT_EDUCATION.append(check)


def in_adult_education(student: Student, as_of: date) -> bool:
    """Whether a registered check finds the student enrolled in adult education on ``as_of``."""
    return any(check(student, as_of) for check in _ADULT_EDUCATION)
