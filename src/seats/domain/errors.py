"""Domain errors. Each names the rule (or field) it enforces so a person can act on it."""

from __future__ import annotations

from collections.abc import Sequence

from .i18n import Params, Text


class DomainError(Exception):
    """A request the rules refuse. ``rule`` cites where the rule comes from.

    ``message`` is English. A refusal a family can meet is raised with a ``Text`` instead, so the
    web can show it in the reader's language: ``template`` and ``params`` keep its parts (for a
    plain string the template is the message itself and there are no params).
    """

    code = "domain_error"

    def __init__(self, message: str | Text, *, rule: str = "", field: str | None = None) -> None:
        english = str(message)
        super().__init__(english)
        self.message = english
        self.template: str = message.template if isinstance(message, Text) else english
        self.params: Params = message.params if isinstance(message, Text) else ()
        self.rule = rule
        self.field = field

    def __str__(self) -> str:
        return f"{self.message} ({self.rule})" if self.rule else self.message


class InvalidInput(DomainError):
    """A value that cannot be used: unknown code, impossible date, malformed file."""

    code = "invalid_input"


class MoveNotAllowed(DomainError):
    """A status move the lifecycle forbids; ``allowed`` lists what the actor may do instead."""

    code = "move_not_allowed"

    def __init__(
        self, message: str, *, rule: str, allowed: Sequence[str], field: str | None = None
    ) -> None:
        allowed_text = ", ".join(allowed) if allowed else "none"
        super().__init__(f"{message} Allowed from here: {allowed_text}.", rule=rule, field=field)
        self.allowed = tuple(allowed)


class GuardFailed(DomainError):
    """A move that exists in the table but whose condition is not met yet."""

    code = "guard_failed"


class NotPermitted(DomainError):
    """The actor's role or organisation may not take this action on this record."""

    code = "not_permitted"


class NotYourMove(MoveNotAllowed, NotPermitted):
    """A move the table has, made by the wrong party: a refusal for the role (403 in the API),
    naming the moves the actor may make instead."""

    code = "not_permitted"


class NotFound(DomainError):
    """No such record, or one outside the caller's scope: the two answers look the same."""

    code = "not_found"


class Conflict(DomainError):
    """Someone else changed the record since the caller read it (stale version)."""

    code = "conflict"


class Ineligible(DomainError):
    """A request refused for eligibility; ``reasons`` holds every reason that applies."""

    code = "ineligible"

    def __init__(self, reasons: Sequence[object]) -> None:
        self.reasons = tuple(reasons)
        text = "; ".join(str(r) for r in self.reasons)
        super().__init__(f"The request is not eligible: {text}", rule="SPEC 3.4")
