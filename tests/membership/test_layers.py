"""ADR 0011: the membership rules import no Django; core never imports the membership app."""

from __future__ import annotations

import ast
from pathlib import Path

import seats

SRC = Path(seats.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_membership_rules_import_no_django() -> None:
    files = sorted((SRC / "domain" / "membership").glob("*.py"))
    assert len(files) >= 9
    for path in files:
        bad = {n for n in _imports(path) if n.split(".")[0] == "django" or n.startswith("seats.")}
        assert not bad, f"{path.name} imports {bad}"


def test_core_and_the_shared_domain_never_import_the_membership_app() -> None:
    for path in (SRC / "core").rglob("*.py"):
        assert "seats.membership" not in path.read_text(), path
    for path in (SRC / "domain").glob("*.py"):
        assert not {n for n in _imports(path) if "membership" in n}, path
        assert "from .membership" not in path.read_text(), path
