"""ADR 0011: the compliance rules import no Django; core and funding never import this app."""

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


def test_the_compliance_rules_import_no_django() -> None:
    files = sorted((SRC / "domain" / "compliance").glob("*.py"))
    assert len(files) >= 4
    for path in files:
        bad = {n for n in _imports(path) if n.split(".")[0] == "django" or n.startswith("seats.")}
        assert not bad, f"{path.name} imports {bad}"


def test_core_and_funding_never_import_the_compliance_app() -> None:
    for folder in ("core", "funding", "integration"):
        for path in (SRC / folder).rglob("*.py"):
            assert "seats.compliance" not in path.read_text(), path
