"""Fill msgstr entries of a .po file from a JSON dict {msgid: translation} (keeps the others).

Usage: python scripts/fill_po.py FILE.po TRANSLATIONS.json
"""

import json
import re
import sys


def _unquote(lines: list[str]) -> str:
    return "".join(json.loads(line) for line in lines)


def fill(po_text: str, table: dict[str, str]) -> str:
    out = []
    for block in po_text.split("\n\n"):
        lines = block.split("\n")
        ids = [i for i, line in enumerate(lines) if line.startswith("msgid ")]
        strs = [i for i, line in enumerate(lines) if line.startswith("msgstr ")]
        if not ids or not strs:
            out.append(block)
            continue
        i, j = ids[0], strs[0]
        msgid = _unquote([lines[i][6:]] + lines[i + 1 : j])
        if msgid and msgid in table:
            lines = [line for line in lines[:j] if line != "#, fuzzy"] + [
                "msgstr " + json.dumps(table[msgid], ensure_ascii=False)
            ]
        out.append("\n".join(lines))
    return "\n\n".join(out)


if __name__ == "__main__":
    path, source = sys.argv[1], sys.argv[2]
    text = open(path, encoding="utf-8").read()
    table = json.load(open(source, encoding="utf-8"))
    text = re.sub(r'"Language: \\n"', '"Language: es\\\\n"', text)
    open(path, "w", encoding="utf-8").write(fill(text, table))
