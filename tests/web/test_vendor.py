"""The vendored front-end files are exactly the ones recorded (no network needed).

src/seats/web/static/web/vendor/README.md lists each vendored file with its SHA-256; USWDS's
fonts and images are listed in vendor/uswds/SHA256SUMS (written by scripts/vendor-uswds.sh),
whose own checksum is in the README. A file edited by hand, a missing one or an extra one fails.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import seats.web

VENDOR = Path(seats.web.__file__).parent / "static" / "web" / "vendor"
ROW = re.compile(r"^\| (?P<file>[^ |]+) \|.*\| (?P<sha>[0-9a-f]{64}) \|$", re.M)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_file_in_the_readme_table_matches_its_checksum() -> None:
    rows = ROW.findall((VENDOR / "README.md").read_text())
    names = [name for name, _ in rows]
    assert "htmx.min.js" in names and "uswds/css/uswds.min.css" in names
    assert "uswds/SHA256SUMS" in names
    for name, sha in rows:
        assert _sha(VENDOR / name) == sha, name


def test_uswds_is_exactly_the_files_its_sums_list() -> None:
    root = VENDOR / "uswds"
    listed = {}
    for line in (root / "SHA256SUMS").read_text().splitlines():
        sha, name = line.split(maxsplit=1)
        listed[name] = sha
    present = {
        str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p.name != "SHA256SUMS"
    }
    assert present == set(listed)
    for name, sha in listed.items():
        assert _sha(root / name) == sha, name
    assert {"LICENSE.md", "js/uswds-init.min.js", "img/sprite.svg"} <= present


def test_every_url_in_the_uswds_stylesheet_is_vendored() -> None:
    css_dir = VENDOR / "uswds" / "css"
    css = (css_dir / "uswds.min.css").read_text()
    urls = {u.strip("\"'") for u in re.findall(r"url\(([^)]*)\)", css)}
    relative = {u for u in urls if u.startswith("../")}
    assert len(relative) > 40
    for url in relative:
        assert (css_dir / url).resolve().is_file(), url
    assert not {u for u in urls if u.startswith(("http:", "https:", "//"))}
