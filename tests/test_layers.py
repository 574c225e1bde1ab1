"""ADR 0011, for every app beside core: its pure rules (``seats/domain/<app>/``) import no Django
and nothing of SEATS but the domain itself, and neither core nor the shared domain ever imports
the app (core calls an app only through its extension points, ``core/services/extensions.py``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import seats

SRC = Path(seats.__file__).parent
APPS = ("funding", "reports", "compliance", "adulted", "membership")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _shared_domain() -> list[Path]:
    """The domain's own modules and packages (eligibility/...), not the apps' subpackages."""
    return [
        p
        for p in (SRC / "domain").rglob("*.py")
        if p.relative_to(SRC / "domain").parts[0] not in APPS
    ]


@pytest.mark.parametrize("app", APPS)
def test_the_apps_rules_import_no_django(app: str) -> None:
    files = sorted((SRC / "domain" / app).rglob("*.py"))
    assert len(files) >= 3, f"seats/domain/{app}/ holds the app's rules"
    for path in files:
        bad = {
            n
            for n in _imports(path)
            if n.split(".")[0] == "django"
            or (n.startswith("seats.") and not n.startswith("seats.domain"))
        }
        assert not bad, f"{path.relative_to(SRC)} imports {bad}"


@pytest.mark.parametrize("app", APPS)
def test_core_and_the_shared_domain_never_import_the_app(app: str) -> None:
    assert (SRC / app / "apps.py").exists()
    for path in (SRC / "core").rglob("*.py"):
        assert f"seats.{app}" not in path.read_text(), path
    shared = _shared_domain()
    assert len(shared) > 20
    for path in shared:
        assert not {
            n
            for n in _imports(path)
            if n.startswith(f"seats.{app}") or n.startswith(f"seats.domain.{app}")
        }, path
        assert f"from .{app}" not in path.read_text(), path


def test_the_check_can_fail(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from django.db import models\nimport seats.funding.models\n")
    assert _imports(module) == {"django.db", "seats.funding.models"}
