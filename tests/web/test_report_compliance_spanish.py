"""The annual report (staff and public edition, its PDF, CSV and Excel), the completion-rate
pages, the TOR accountability pages and the yearly provider cycle are marked for translation,
and every string they mark has its Spanish in src/seats/locale/es/translations.json (from which
the catalogue is rebuilt: scripts/fill_po.py).

The strings are read the way makemessages reads them: the templates through Django's
``templatize``, the Python modules by their ``gettext`` / ``ngettext`` / ``gettext_noop`` calls.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from django.utils.translation.template import templatize

import seats

ROOT = Path(seats.__file__).parent
TEMPLATES = [
    *(
        p
        for p in sorted((ROOT / "web/templates/web/reports").glob("*.html"))
        if p.name != "imports.html"  # the state's data loads: not a report text
    ),
    *sorted((ROOT / "web/templates/web/compliance").glob("*.html")),
]
MODULES = [
    ROOT / "reports/selectors/annual.py",
    ROOT / "web/reports/output.py",
    ROOT / "web/reports/views.py",
    ROOT / "domain/reports/completion.py",
    ROOT / "domain/reports/figures.py",
    ROOT / "domain/compliance/tor.py",
    ROOT / "domain/compliance/calendar.py",
    *sorted((ROOT / "web/compliance").glob("*.py")),
]
_STRING = r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_CALL = re.compile(
    rf"\b(gettext|ngettext|pgettext|npgettext)\(\s*u?{_STRING}(?:\s*,\s*u?{_STRING})?"
)
_FUNCTIONS = {"_", "gettext", "gettext_noop", "ngettext", "pgettext"}


def _spanish() -> dict[str, object]:
    return json.loads((ROOT / "locale/es/translations.json").read_text(encoding="utf-8"))


def template_msgids(path: Path) -> set[str]:
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    found = set()
    for match in _CALL.finditer(code):
        kind, first, second = match.groups()
        found.add(ast.literal_eval(second if kind.startswith("p") and second else first))
    return found


def module_msgids(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        first = node.args[0]
        if name in _FUNCTIONS and isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.add(first.value)
    return found


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_every_marked_string_of_the_pages_has_its_spanish(path: Path) -> None:
    msgids = template_msgids(path)
    assert msgids, f"{path.name} marks nothing for translation"
    missing = sorted(m for m in msgids if m not in _spanish())
    assert not missing, f"{path.name}: no Spanish for {missing}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_marked_string_of_the_code_has_its_spanish(path: Path) -> None:
    spanish = _spanish()
    missing = sorted(m for m in module_msgids(path) if m not in spanish)
    assert not missing, f"{path.name}: no Spanish for {missing}"


def test_the_spanish_keeps_every_placeholder() -> None:
    placeholder = re.compile(r"%\((\w+)\)[sd]|%%")
    spanish_of = _spanish()
    used = set().union(*map(template_msgids, TEMPLATES), *map(module_msgids, MODULES))
    for msgid in sorted(used):
        spanish = spanish_of[msgid]
        forms = spanish if isinstance(spanish, list) else [spanish]
        assert all(isinstance(f, str) and f for f in forms), msgid
        for form in forms:
            assert sorted(placeholder.findall(form)) == sorted(placeholder.findall(msgid)), (
                msgid,
                form,
            )


def test_the_pages_text_is_marked_not_written_out() -> None:
    """A sentence the reader sees is inside a translate tag: no template of these pages has a
    run of three English words outside one (tags, variables and comments aside)."""
    words = re.compile(r"[A-Za-z][a-z']+(?: [a-z][a-z']+){2,}")
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\{% comment %\}.*?\{% endcomment %\}", " ", text, flags=re.S)
        text = re.sub(r"\{% blocktranslate.*?\{% endblocktranslate %\}", " ", text, flags=re.S)
        text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|<[^>]*>", " ", text, flags=re.S)
        text = text.replace(
            "This course may contain mature content and may not be suitable "
            "for students of all ages.",
            " ",
        )  # the rule's own words, quoted
        assert not words.search(text), (path.name, words.search(text).group(0))
