"""`seats nrs_tables load`: a newer NRS table without a release, refused when malformed."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from seats.adulted.selectors.tables import tables
from seats.domain.adulted import nrs

pytestmark = pytest.mark.django_db


def test_load_a_newer_table_and_list(tmp_path) -> None:  # type: ignore[no-untyped-def]
    raw = json.loads(
        (nrs.resources.files("seats.domain.adulted") / "data" / "nrs_2025-07-01.json").read_text()
    )
    raw["effective"] = "2027-07-01"
    raw["tests"]["CASAS"]["areas"]["reading"][0] = [1, 0, 185]
    raw["tests"]["CASAS"]["areas"]["reading"][1] = [2, 186, 190]
    path = tmp_path / "nrs.json"
    path.write_text(json.dumps(raw))
    out = io.StringIO()
    call_command("nrs_tables", "load", str(path), stdout=out)
    assert "effective 2027-07-01" in out.getvalue()
    assert tables().for_day(date(2027, 9, 1)).level_for("CASAS", "reading", 183).number == 1
    listed = io.StringIO()
    call_command("nrs_tables", "list", stdout=listed)
    assert listed.getvalue().splitlines()[0].startswith("2025-07-01")
    path.write_text("{}")
    with pytest.raises(CommandError, match="Not an NRS table"):
        call_command("nrs_tables", "load", str(path))
