"""Fill msgstr entries of a .po file from a JSON dict {msgid: translation} (keeps the others).

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


def fill(po_text: str, table: dict[str, str]) -> str:
    out = []
    for block in _entries(po_text):
        lines = block.split("\n")
        ids = [i for i, line in enumerate(lines) if line.startswith("msgid ")]
        strs = [i for i, line in enumerate(lines) if line.startswith("msgstr ")]
        if not ids or not strs:
            out.append(block)
            continue
        i, j = ids[0], strs[0]
        msgid = _unquote([lines[i][6:], *lines[i + 1 : j]])
        if msgid and any(line.startswith("#, fuzzy") for line in lines):
            # msgmerge's guess from a similar string is wrong more often than right: drop it.
            flags = [f for f in lines[0:i] if f.startswith("#,")]
            keep = [ln for ln in lines[:i] if not ln.startswith(("#|", "#,"))]
            rest = [f.replace("fuzzy, ", "").replace("fuzzy", "").rstrip(", ") for f in flags]
            keep += [f for f in rest if f.strip("#, ")]
            lines = [*keep, *lines[i:j], *_empty(lines[j:])]
            i, j = len(keep), len(keep) + (j - i)
        if msgid and msgid in table:
            lines = [line for line in lines[:j] if line != "#, fuzzy"]
            lines.append("msgstr " + json.dumps(table[msgid], ensure_ascii=False))
        out.append("\n".join(lines))
    return "\n\n".join(out)


if __name__ == "__main__":
    po, source = Path(sys.argv[1]), Path(sys.argv[2])
    table = json.loads(source.read_text(encoding="utf-8"))
    text = po.read_text(encoding="utf-8").replace('"Language: \\n"', '"Language: es\\n"')
    po.write_text(fill(text, table), encoding="utf-8")
