"""Fill msgstr entries of a .po file from a JSON dict {msgid: translation} (keeps the others).

A plural entry's translation is a list [singular, plural]: msgstr[0] gets the singular and every
other form (Spanish has three: one, millions, other) the plural. Rebuild the catalogue from
scratch so no msgmerge guess survives:

    rm src/seats/locale/es/LC_MESSAGES/django.po
    (cd src/seats && django-admin makemessages -l es)   # with PYTHONPATH and settings
    python scripts/fill_po.py src/seats/locale/es/LC_MESSAGES/django.po \
        src/seats/locale/es/translations.json
    (cd src/seats && django-admin compilemessages -l es)

Usage: python scripts/fill_po.py FILE.po TRANSLATIONS.json
"""

import json
import re
import sys
from pathlib import Path


def _unquote(lines: list[str]) -> str:
    return "".join(json.loads(line) for line in lines)


def _entries(po_text: str) -> list[str]:
    """Entries separated by blank lines; a reference line right after a msgstr starts a new one."""
    po_text = re.sub(r'(\nmsgstr "[^\n]*"(?:\n"[^\n]*")*)\n(#)', r"\1\n\n\2", po_text)
    return po_text.split("\n\n")


def _empty(msgstr_lines: list[str]) -> list[str]:
    """The msgstr lines emptied: ``msgstr ""`` (or each plural form's)."""
    heads = [ln for ln in msgstr_lines if ln.startswith("msgstr")]
    return [ln.split(" ", 1)[0] + ' ""' for ln in heads]


def _filled(msgstr_lines: list[str], value: str | list[str], nplurals: int) -> list[str]:
    """The msgstr lines with ``value``: one string, or [singular, plural] for a plural entry,
    which gets every form the header's Plural-Forms names (makemessages may write fewer)."""
    forms = value if isinstance(value, list) else [value]
    if not any(ln.startswith("msgstr[") for ln in msgstr_lines):
        return ["msgstr " + json.dumps(forms[0], ensure_ascii=False)]
    return [
        f"msgstr[{n}] " + json.dumps(forms[0] if n == 0 else forms[-1], ensure_ascii=False)
        for n in range(nplurals)
    ]


def fill(po_text: str, table: dict[str, str | list[str]]) -> str:
    plural_forms = re.search(r"nplurals=(\d+)", po_text)
    nplurals = int(plural_forms.group(1)) if plural_forms else 2
    out = []
    for block in _entries(po_text):
        lines = block.split("\n")
        ids = [i for i, line in enumerate(lines) if line.startswith("msgid ")]
        strs = [i for i, line in enumerate(lines) if line.startswith(("msgstr ", "msgstr["))]
        if not ids or not strs:
            out.append(block)
            continue
        i, j = ids[0], strs[0]
        ends = ("msgid_plural", "msgstr")
        end = next(k for k in range(i + 1, j + 1) if lines[k].startswith(ends))
        msgid = _unquote([lines[i][6:], *lines[i + 1 : end]])
        if msgid and any(line.startswith("#, fuzzy") for line in lines):
            # msgmerge's guess from a similar string is wrong more often than right: drop it.
            flags = [f for f in lines[0:i] if f.startswith("#,")]
            keep = [ln for ln in lines[:i] if not ln.startswith(("#|", "#,"))]
            rest = [f.replace("fuzzy, ", "").replace("fuzzy", "").rstrip(", ") for f in flags]
            keep += [f for f in rest if f.strip("#, ")]
            lines = [*keep, *lines[i:j], *_empty(lines[j:])]
            i, j = len(keep), len(keep) + (j - i)
        if msgid and msgid in table:
            lines = [line for line in lines[:j] if line != "#, fuzzy"] + _filled(
                lines[j:], table[msgid], nplurals
            )
        out.append("\n".join(lines))
    return "\n\n".join(out)


if __name__ == "__main__":
    po, source = Path(sys.argv[1]), Path(sys.argv[2])
    table = json.loads(source.read_text(encoding="utf-8"))
    text = po.read_text(encoding="utf-8").replace('"Language: \\n"', '"Language: es\\n"')
    po.write_text(fill(text, table), encoding="utf-8")
