"""Every schema of the API has its own name: the OpenAPI document names a component by its class,
so two routers' classes of one name would silently share one (the later one's) schema."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import seats.api

API = Path(seats.api.__file__).parent


def test_no_two_schema_classes_share_a_name() -> None:
    names: Counter[str] = Counter()
    for path in API.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Name) and b.id == "Schema" for b in node.bases
            ):
                names[node.name] += 1
    assert len(names) > 20
    assert [n for n, count in names.items() if count > 1] == []
