"""The detail page's "still open" rules (Python, per CCA) agree with the sweep's (SQL, per set)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from seats.core.models import CCA
from seats.core.selectors.ccas import OPEN
from seats.core.services.facts import DEADLINE_COLUMNS
from seats.core.services.sweep import OPEN_WORK

pytestmark = pytest.mark.django_db


def test_open_rules_agree_with_the_sweep_on_every_demo_cca() -> None:
    call_command("demo", "--as-of", "2026-02-18", verbosity=0)
    ccas = list(CCA.objects.all())
    assert len(ccas) > 1000
    checked = 0
    for column, q in OPEN_WORK.items():
        key = DEADLINE_COLUMNS.get(column, column)
        if key not in OPEN:
            continue
        in_sql = set(CCA.objects.filter(q).values_list("pk", flat=True))
        in_python = {c.pk for c in ccas if OPEN[key](c)}
        assert in_python == in_sql, column
        checked += 1
    assert checked == len(OPEN_WORK)  # every rule of the sweep has its Python twin
