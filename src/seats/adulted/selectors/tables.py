"""The NRS tables in force: the versions the app ships and the ones loaded since."""

from __future__ import annotations

from functools import cache

from seats.domain.adulted import nrs

from ..models import NrsTableVersion


@cache
def _shipped() -> nrs.TableSet:
    return nrs.shipped()


def tables() -> nrs.TableSet:
    out = _shipped()
    for row in NrsTableVersion.objects.order_by("effective"):
        out = out.with_table(nrs.parse_json(row.content))
    return out
