"""Funding facts shown inside other pages: ``{% load seats_funding %}``.

``{% home_balance cca %}`` on the state's decision of a home-school request: the appropriation's
remaining balance and the fee the approval would obligate (R277-726-9). Nothing for other CCAs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from seats.core import clock
from seats.core.services.policy import policy_for
from seats.funding.services.appropriation import balance_for, earlier_pending, fee_of

register = template.Library()


@register.inclusion_tag("web/funding/_home_balance.html")
def home_balance(cca: Any) -> dict[str, object]:
    if not cca.primary_lea.is_home:
        return {"shown": False}
    today = clock.today()
    policy = policy_for(cca.school_year, as_of=today)
    found = balance_for(cca.school_year, day=today)
    fee = fee_of(cca, policy)
    if found is None:
        return {"shown": True, "balance": None, "fee": fee, "year": cca.school_year}
    balance = found[0]
    earlier = earlier_pending(cca, policy)
    ahead = sum((p.fee for p in earlier), Decimal("0.00"))
    return {
        "shown": True,
        "balance": balance,
        "fee": fee,
        "year": cca.school_year,
        "earlier": len(earlier),
        "ahead": ahead,
        "fits": fee + ahead <= balance.available,
        "level": "info" if fee + ahead <= balance.available else "warning",
        "after": balance.available - fee,
    }
