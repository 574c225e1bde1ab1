"""Writing and reading the OneRoster zip: RFC 4180 CSV in UTF-8, every file at the top level.

Writing is deterministic (fixed entry order and timestamps), so the same roster always gives the
same bytes: an LMS or a person comparing two exports sees only real changes.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from seats.integration.exports import neutralise

#: Refuse archives that would expand beyond this: a roster is megabytes, not gigabytes.
MAX_UNCOMPRESSED = 512 * 1024 * 1024


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """One CSV file. A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first)
    gets a leading quote, as in every other export (``seats.integration.exports.neutralise``):
    an SIS or LMS administrator may open the file in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([neutralise(str(cell)) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8")


def write_zip(files: Sequence[tuple[str, bytes]], *, stamp: date) -> bytes:
    """A zip of ``files`` (name, content) in the given order, each dated ``stamp``."""
    buffer = io.BytesIO()
    when = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()


@dataclass
class Unpacked:
    """The CSV files of an archive by name, and what made other entries unusable."""

    files: dict[str, bytes] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (entry, message)


def read_zip(data: bytes) -> Unpacked:
    out = Unpacked()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        out.errors.append(("", "the file is not a zip archive"))
        return out
    with archive:
        entries = archive.infolist()
        if sum(e.file_size for e in entries) > MAX_UNCOMPRESSED:
            out.errors.append(("", "the archive expands to more than 512 MB; refused"))
            return out
        for entry in entries:
            _read_entry(archive, entry, out)
    return out


def _read_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, out: Unpacked) -> None:
    name = entry.filename
    if entry.is_dir() or name.startswith("__MACOSX/"):
        return
    if "/" in name or "\\" in name:
        out.errors.append((name, "files must be at the top level of the zip, not in a folder"))
        return
    if not name.endswith(".csv"):
        out.errors.append((name, "only .csv files belong in a OneRoster zip"))
        return
    try:
        out.files[name] = archive.read(entry)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        out.errors.append((name, f"cannot be read from the zip ({exc})"))


def decode(content: bytes) -> str:
    """UTF-8 text; a byte order mark is tolerated (the binding says readers must accept it)."""
    return content.decode("utf-8-sig")
