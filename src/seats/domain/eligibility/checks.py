"""A rule of eligibility: each ``Check`` is a pure predicate over ``Facts``. Each rules module
keeps its own table (``RULES``, definition order); the package joins them in report order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ..i18n import Text
from .facts import Facts, Reason, ReasonKind

Rule = Callable[[Facts], Text | None]


@dataclass(frozen=True, slots=True)
class Check:
    """One rule: ``test`` returns the parent-facing message when the rule refuses, else None."""

    code: str
    kind: ReasonKind
    rule: str
    test: Rule

    def apply(self, facts: Facts) -> Reason | None:
        found = self.test(facts)
        if found is None:
            return None
        return Reason(self.code, str(found), self.rule, self.kind, found.template, found.params)


Register = Callable[[str, ReasonKind, str], Callable[[Rule], Rule]]


def registrar(table: list[Check]) -> Register:
    """The decorator that adds a predicate to ``table`` as a rule; definition order is report
    order within the table."""

    def check(code: str, kind: ReasonKind, rule: str) -> Callable[[Rule], Rule]:
        def register(test: Rule) -> Rule:
            table.append(Check(code, kind, rule, test))
            return test

        return register

    return check


def num(value: Decimal | int) -> str:
    """Credits as people write them: 6, 5.75, 0.5 (never 6.00 or 6E+0)."""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in {"-0", ""} else text
