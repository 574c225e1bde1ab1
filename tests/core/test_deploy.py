"""deploy/: the systemd units and the nginx site name commands and files that exist.

A unit that names a command SEATS no longer has fails only on the night it first runs; this test
fails on the commit that renames it.
"""

from __future__ import annotations

import configparser
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
VENV_BIN = "/srv/seats/.venv/bin/"


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(path)
    return parser


def _seats_commands() -> set[str]:
    """Every `seats` subcommand, with the Redis backend's apps installed (rqworker)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "seats.settings.development"}
    env["SEATS_TASK_BACKEND"] = "rq"
    out = subprocess.run(
        [str(Path(sys.executable).with_name("seats")), "help", "--commands"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return set(out.split())


def test_there_are_units_for_web_workers_delivery_and_the_sweep() -> None:
    names = {p.name for p in UNITS}
    assert {
        "seats-web.service",
        "seats-worker.service",
        "seats-rqworker@.service",
        "seats-deliver.service",
        "seats-sweep.service",
    } <= names
    assert (DEPLOY / "systemd" / "seats-sweep.timer").exists()


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_each_unit_runs_an_installed_program_as_the_service_account(path: Path) -> None:
    unit = _unit(path)
    service = unit["Service"]
    assert service["User"] == "seats"
    assert service["EnvironmentFile"] == "/etc/seats/seats.env"
    argv = shlex.split(service["ExecStart"])
    assert argv[0].startswith(VENV_BIN)
    program = argv[0].removeprefix(VENV_BIN)
    assert Path(sys.executable).with_name(program).exists(), f"{program} is not installed"
    if program == "gunicorn":
        module, _, app = argv[1].partition(":")
        assert module == "seats.wsgi" and app == "application"


def test_every_seats_command_a_unit_names_exists() -> None:
    commands = _seats_commands()
    named = {
        shlex.split(_unit(p)["Service"]["ExecStart"])[1]
        for p in UNITS
        if shlex.split(_unit(p)["Service"]["ExecStart"])[0].endswith("/seats")
    }
    assert named == {"db_worker", "rqworker", "deliver", "sweep"}
    assert named <= commands, named - commands


def test_the_timer_starts_the_sweep_service_daily_in_the_state_time_zone() -> None:
    timer = _unit(DEPLOY / "systemd" / "seats-sweep.timer")["Timer"]
    assert (DEPLOY / "systemd" / timer["Unit"]).exists()
    assert timer["OnCalendar"].endswith("America/Denver")
    assert timer["Persistent"] == "true"


def test_the_nginx_site_proxies_to_the_web_unit_and_sets_the_forwarded_proto() -> None:
    site = (DEPLOY / "nginx" / "seats.conf").read_text()
    web = shlex.split(_unit(DEPLOY / "systemd" / "seats-web.service")["Service"]["ExecStart"])
    bind = web[web.index("--bind") + 1]
    assert re.search(rf"server {re.escape(bind)};", site)
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert site.count("{") == site.count("}")
