"""``seats lifecycle``: print the CCA status machine from the one table that enforces it.

The diagram in docs/architecture.md is this command's ``--mermaid`` output, and a test compares
the two, so the documentation cannot drift from ``seats.domain.lifecycle.MOVES``.
"""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.base import BaseCommand

from seats.domain.lifecycle import MOVES, Move, mermaid

HEADERS = ("from", "to", "move", "who", "guards", "rule")


def move_row(move: Move) -> tuple[str, ...]:
    """One table row; a correction is marked on the mover because it breaks the one-way rule."""
    who = "/".join(sorted(p.value for p in move.by))
    if move.correction:
        who += " (correction)"
    guards = ", ".join(g.name for g in move.guards) or "-"
    return (move.source.value, move.target.value, move.name, who, guards, move.rule)


def render_table(rows: Sequence[Sequence[str]], headers: Sequence[str] = HEADERS) -> str:
    """A plain fixed-width table: readable in a terminal and diffable in review."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: Iterable[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(headers), line("-" * w for w in widths)]
    out.extend(line(r) for r in rows)
    return "\n".join(out) + "\n"


def lifecycle_table(moves: Iterable[Move] = MOVES) -> str:
    return render_table([move_row(m) for m in moves])


class Command(BaseCommand):
    help = "Print the CCA status diagram (--mermaid, the default) or a table of moves (--table)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        fmt = parser.add_mutually_exclusive_group()
        fmt.add_argument(
            "--mermaid",
            action="store_const",
            const="mermaid",
            dest="format",
            help="a Mermaid stateDiagram-v2 (the default; the block in docs/architecture.md)",
        )
        fmt.add_argument(
            "--table",
            action="store_const",
            const="table",
            dest="format",
            help="one line per move: from, to, move, who, guards, rule",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = lifecycle_table() if options.get("format") == "table" else mermaid()
        self.stdout.write(text, ending="")
