"""Policy settings per school year: SPEC's defaults overlaid with the state's dated settings.

Settings are append-only rows; the value in force for a key on a day is the newest row whose
``effective_on`` is on or before that day, so an old deadline can always be explained with the
numbers that applied then.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from django.db import transaction

from seats.core import clock
from seats.domain.errors import InvalidInput
from seats.domain.policy import MonthDay, Policy, coerce_setting

from ..models import PolicySetting, User
from .memo import memo_active, memoized


def _source(row: PolicySetting) -> str:
    return f"setting of {row.effective_on.isoformat()}: {row.reason}"


def policy_for(school_year: int, *, as_of: date | None = None) -> Policy:
    """The policy of ``school_year`` in force on ``as_of`` (today in the state when omitted)."""
    day = as_of or clock.today()
    return memoized(("policy", school_year, day), lambda: _load_policy(school_year, day))


def _load_policy(school_year: int, day: date) -> Policy:
    if memo_active():
        # In a batch, the year's settings are read once and each distinct set in force is built
        # once: rows asking for the policy on many different days (the deadlines of a bulk
        # import) no longer cost a query and a build each (issue 14).
        rows = [
            r
            for r in memoized(("policy_rows", school_year), lambda: list(_rows(school_year)))
            if r.effective_on <= day
        ]
        in_force = _in_force(rows)
        key = ("policy_built", school_year, tuple(sorted((k, r.pk) for k, r in in_force.items())))
        return memoized(key, lambda: _build(school_year, in_force))
    rows = list(_rows(school_year).filter(effective_on__lte=day))
    return _build(school_year, _in_force(rows))


def _rows(school_year: int) -> Any:
    return PolicySetting.objects.filter(school_year=school_year).order_by("effective_on", "id")


def _in_force(rows: Any) -> dict[str, PolicySetting]:
    in_force: dict[str, PolicySetting] = {}
    for row in rows:
        in_force[row.key] = row  # later rows win: newest effective_on, then newest id
    return in_force


def _build(school_year: int, in_force: dict[str, PolicySetting]) -> Policy:
    policy = Policy(school_year)
    for key, row in sorted(in_force.items()):
        try:
            policy = policy.with_overrides({key: row.value}, source=_source(row))
        except InvalidInput as exc:
            raise InvalidInput(
                f"Policy setting #{row.pk} ({key} for {school_year}) cannot be used: "
                f"{exc.message} Record a corrected setting.",
                field=key,
            ) from None
    return policy


def _stored(value: Any) -> Any:
    """The JSON form of a typed setting value (decimals as text so no precision is lost)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, MonthDay | Decimal):
        return str(value)
    return value


def set_policy(
    *,
    school_year: int,
    key: str,
    value: Any,
    effective_on: date,
    reason: str,
    actor: User | None = None,
) -> PolicySetting:
    """Record a new value for ``key`` from ``effective_on`` on; the old rows stay as history."""
    if not isinstance(school_year, int) or isinstance(school_year, bool):
        raise InvalidInput("school_year must be a year like 2025.", field="school_year")
    if not 2000 <= school_year <= 2100:
        raise InvalidInput(
            f"school_year {school_year} is not a plausible school year.", field="school_year"
        )
    if not isinstance(effective_on, date):
        raise InvalidInput("effective_on must be a date.", field="effective_on")
    if not str(reason or "").strip():
        raise InvalidInput("A policy change needs a reason.", field="reason")
    if len(str(reason).strip()) > 255:
        raise InvalidInput(
            f"The reason is {len(str(reason).strip())} characters; at most 255 fit.",
            field="reason",
        )
    typed = coerce_setting(key, value)
    with transaction.atomic():
        return PolicySetting.objects.create(
            school_year=school_year,
            key=key,
            value=_stored(typed),
            effective_on=effective_on,
            reason=str(reason).strip(),
            set_by=actor,
        )
