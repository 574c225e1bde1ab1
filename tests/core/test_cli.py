"""The `seats` console command as a person meets it on a fresh machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SEATS = str(Path(sys.executable).with_name("seats"))


def run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "seats.settings.development",
        "SEATS_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'seats.sqlite3'}",
    }
    return subprocess.run([SEATS, *args], capture_output=True, text=True, env=env, timeout=120)


def test_unmigrated_database_gives_one_clear_line(tmp_path: Path) -> None:
    result = run("sweep", "--as-of", "2025-09-04", tmp_path=tmp_path)
    assert result.returncode == 1
    assert "Run `seats migrate` first" in result.stderr
    assert "Traceback" not in result.stderr


def test_fresh_directory_is_created_and_migrates(tmp_path: Path) -> None:
    assert run("migrate", "-v0", tmp_path=tmp_path).returncode == 0
    assert (tmp_path / "var" / "seats.sqlite3").exists()
    swept = run("sweep", "--as-of", "2025-09-04", tmp_path=tmp_path)
    assert swept.returncode == 0, swept.stderr
    assert "Notices of Enrollment issued: 0" in swept.stdout
