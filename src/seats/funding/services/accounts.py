"""Ledger accounts: found or opened in bulk for a run's entries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from seats.domain.funding.ledger import AccountKey, AccountKind, source_account

from ..models import Account


class _Payee(Protocol):
    provider_id: int
    lea_id: int
    lea_code: str
    school_year: int


def _key(account: Account) -> AccountKey:
    owner = account.organisation_id if account.organisation_id else account.school_year
    return AccountKey(AccountKind(account.kind), owner)


def accounts_for(planned: Iterable[_Payee]) -> dict[AccountKey, Account]:
    """Every account the entries touch, created when missing (one query each way)."""
    keys: set[AccountKey] = set()
    for p in planned:
        keys.add(AccountKey(AccountKind.PROVIDER, p.provider_id))
        keys.add(source_account(lea_id=p.lea_id, lea_code=p.lea_code, school_year=p.school_year))
    found = {_key(a): a for a in Account.objects.all()}
    missing = [k for k in sorted(keys) if k not in found]
    if missing:
        Account.objects.bulk_create(
            [
                Account(kind=k.kind.value, organisation_id=k.owner_id)
                if k.kind is not AccountKind.APPROPRIATION
                else Account(kind=k.kind.value, school_year=k.owner_id)
                for k in missing
            ],
            ignore_conflicts=True,
        )
        found = {_key(a): a for a in Account.objects.all()}
    return found
