"""The documentation cannot drift from the code: the status diagram is the generated one, and
every command, make target, environment variable and policy key the docs name exists."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands

from seats.core.management.commands.lifecycle import HEADERS, lifecycle_table, move_row
from seats.domain.lifecycle import MOVES, mermaid
from seats.domain.policy import SETTING_KEYS
from seats.domain.statuses import Status

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")
ARCHITECTURE = (DOCS / "architecture.md").read_text(encoding="utf-8")
BLOCK = re.compile(
    r"<!-- lifecycle:begin -->\n```mermaid\n(?P<body>.*?)```\n<!-- lifecycle:end -->", re.S
)


def _lifecycle(*args: str) -> str:
    out = StringIO()
    call_command("lifecycle", *args, stdout=out)
    return out.getvalue()


# --- The status diagram -----------------------------------------------------------------------


def test_architecture_diagram_is_the_generated_one() -> None:
    blocks = BLOCK.findall(ARCHITECTURE)
    assert len(blocks) == 1, "docs/architecture.md needs exactly one lifecycle block"
    assert blocks[0] == mermaid(), (
        "The diagram in docs/architecture.md is stale: paste the output of "
        "`seats lifecycle --mermaid` between the lifecycle markers."
    )


def test_the_diagram_names_every_status_and_move() -> None:
    body = BLOCK.search(ARCHITECTURE).group("body")  # type: ignore[union-attr]
    for status in Status:
        assert f"    {status.value}: {status.label}\n" in body
    for move in MOVES:
        assert f"    {move.source.value} --> {move.target.value}: {move.name} (" in body


@pytest.mark.parametrize("args", [(), ("--mermaid",)], ids=["default", "mermaid"])
def test_lifecycle_command_prints_the_diagram(args: tuple[str, ...]) -> None:
    assert _lifecycle(*args) == mermaid()


def test_lifecycle_table_has_one_row_per_move() -> None:
    lines = _lifecycle("--table").splitlines()
    assert lines[0].split() == list(HEADERS)
    assert set(lines[1]) <= {"-", " "}
    rows = lines[2:]
    assert len(rows) == len(MOVES)
    for line, move in zip(rows, MOVES, strict=True):
        cells = move_row(move)
        assert line.startswith(cells[0])
        assert line.rstrip().endswith(move.rule)
        for guard in move.guards:
            assert guard.name in line
        assert move.name in line.split()


def test_lifecycle_table_marks_the_states_corrections() -> None:
    corrections = [m for m in MOVES if m.correction]
    assert corrections, "the table has state corrections"
    for move in corrections:
        assert "(correction)" in move_row(move)[3]
    assert all("(correction)" not in move_row(m)[3] for m in MOVES if not m.correction)
    assert lifecycle_table().count("(correction)") == len(corrections)


def test_lifecycle_refuses_two_formats() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not allowed with"):
        _lifecycle("--mermaid", "--table")


# --- README -----------------------------------------------------------------------------------


def test_readme_gives_the_two_quick_start_commands() -> None:
    assert "make run" in README
    assert "make test" in README


def test_every_make_target_named_in_the_docs_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.M))
    named = set(re.findall(r"(?:`|^)make ([a-z][\w-]*)", README, re.M))
    assert {"run", "test", "bench"} <= named
    assert named - targets == set()


def test_every_seats_command_in_the_readme_exists() -> None:
    named = set(re.findall(r"^\| `seats ([a-z_]+)", README, re.M))
    assert {"migrate", "demo", "sweep", "deadlines", "calendar", "lifecycle"} <= named
    assert {"db_worker", "check"} <= named
    assert named - set(get_commands()) == set()


def test_local_links_in_the_docs_resolve() -> None:
    pages = [ROOT / "README.md", *DOCS.glob("*.md"), *DOCS.glob("adr/*.md")]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("../shared/"):
                continue  # the web, and the shared spec folder beside the checkout
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(ROOT)} -> {target}")
    assert broken == []


# --- Configuration and operations -------------------------------------------------------------


def _variables_read_by_settings() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "src" / "seats" / "settings").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"env_(?:str|bool|int|list)\(\s*\"([A-Z0-9_]+)\"", text))
        names |= set(re.findall(r"os\.environ\.get\(\s*\"([A-Z0-9_]+)\"", text))
    return names


def test_every_environment_variable_is_documented() -> None:
    names = _variables_read_by_settings()
    assert {"DATABASE_URL", "SEATS_SECRET_KEY", "SEATS_TIME_ZONE", "SEATS_TEST_DB_NAME"} <= names
    documented = (DOCS / "configuration.md").read_text(encoding="utf-8")
    missing = sorted(n for n in names if f"`{n}`" not in documented)
    assert missing == [], f"document these in docs/configuration.md: {missing}"


def test_every_settings_module_is_documented() -> None:
    documented = (DOCS / "configuration.md").read_text(encoding="utf-8")
    modules = [p.stem for p in (ROOT / "src" / "seats" / "settings").glob("*.py")]
    for name in set(modules) - {"__init__", "env", "base"}:
        assert f"`seats.settings.{name}`" in documented


def test_every_policy_key_is_documented() -> None:
    operations = (DOCS / "operations.md").read_text(encoding="utf-8")
    fee_keys = {k for k in SETTING_KEYS if k.startswith("fee_tier_")}
    missing = [k for k in SETTING_KEYS if k not in fee_keys and f"`{k}`" not in operations]
    assert missing == [], f"document these policy keys in docs/operations.md: {missing}"
    assert "`fee_tier_I`" in operations and "`fee_tier_IV`" in operations


# --- Decision records -------------------------------------------------------------------------


def test_decision_records_are_numbered_and_complete() -> None:
    records = sorted((DOCS / "adr").glob("[0-9][0-9][0-9][0-9]-*.md"))
    numbers = [int(p.name[:4]) for p in records]
    assert numbers == list(range(1, len(records) + 1))
    assert len(records) >= 9
    for path in records:
        text = path.read_text(encoding="utf-8")
        assert text.startswith(f"# {path.name[:4]}. "), path.name
        for section in ("## Context", "## Decision", "## Consequences"):
            assert section in text, f"{path.name} lacks {section}"
