"""`seats oneroster export|validate`, and the export of the demo state (realistic volumes, every
status) validating clean for every provider session it has."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count

from seats.core.models import CCA, RoleMembership
from seats.core.selectors.access import Viewer
from seats.domain.roles import Role
from seats.integration.oneroster.export import EXPORTED_STATUSES, export_oneroster
from seats.integration.oneroster.validate import validate_zip
from tests.core.helpers_lifecycle import confirmed
from tests.factories import build_world


@pytest.fixture
def world(db):
    world = build_world()
    confirmed(world)
    return world


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("oneroster", *args, stdout=out)
    return out.getvalue()


def test_export_writes_a_valid_zip_and_validate_says_so(world, tmp_path: Path) -> None:
    target = tmp_path / "prv1.zip"
    said = run(
        "export", "--provider", "PRV1", "--school-year", "2025", "--session", "S1",
        "--output", str(target),
    )  # fmt: skip
    assert "Wrote" in said and "1 courses" in said and "2 enrollments" in said
    assert validate_zip(target.read_bytes()).ok
    assert "valid OneRoster 1.2 CSV" in run("validate", str(target))
    assert [p.name for p in tmp_path.iterdir()] == ["prv1.zip"]  # no temporary file left


def test_export_as_a_user_and_the_default_file_name(
    world, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run("export", "--provider", "PRV1", "--school-year", "2025-26", "--session", "S1",
        "--as", "specialist")  # fmt: skip
    assert (tmp_path / "oneroster-PRV1-2025-26-S1.zip").exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--provider", "NOPE"], "--provider: No provider has the code 'NOPE'"),
        (["--session", "S9"], "--session: Unknown session"),
        (["--school-year", "soon"], "--school-year:"),
        (["--as", "approver"], "--as: approver holds no provider role"),
        (["--as", "ghost"], "--as: No active user"),
        (["--session", "S2"], "nothing to export"),
    ],
)
def test_export_refusals_name_the_option_and_write_nothing(
    world, tmp_path: Path, args: list[str], fragment: str
) -> None:
    options = {"--provider": "PRV1", "--school-year": "2025", "--session": "S1"}
    rest = []
    for flag, value in zip(args[::2], args[1::2], strict=True):
        if flag in options:
            options[flag] = value
        else:
            rest += [flag, value]
    flat = [x for pair in options.items() for x in pair]
    with pytest.raises(CommandError, match=fragment.replace("(", r"\(")) as caught:
        run("export", *flat, *rest, "--output", str(tmp_path / "out.zip"))
    assert caught.value.returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_validate_reports_problems_with_their_place(world, tmp_path: Path) -> None:
    good = tmp_path / "good.zip"
    run("export", "--provider", "PRV1", "--school-year", "2025", "--session", "S1",
        "--output", str(good))  # fmt: skip
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "classes.csv":
                data = data.replace(b",scheduled,", b",lecture,")
            dst.writestr(name, data)
    with pytest.raises(CommandError) as caught:
        run("validate", str(bad))
    assert caught.value.returncode == 1
    assert "classes.csv line 2, column classType: 'lecture' is not one of" in str(caught.value)
    with pytest.raises(CommandError, match="cannot read") as missing:
        run("validate", str(tmp_path / "none.zip"))
    assert missing.value.returncode == 2


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The small demo, loaded once through its command and rolled back afterwards."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                call_command("demo", "--as-of", "2026-02-18", stdout=io.StringIO())
                yield
                raise _Rollback
        except _Rollback:
            pass


def test_every_demo_provider_session_exports_clean(demo, db) -> None:
    sessions = (
        CCA.objects.filter(status__in=[s.value for s in EXPORTED_STATUSES])
        .values("provider_id", "provider__code", "school_year", "session")
        .annotate(n=Count("pk"))
    )
    assert len(sessions) >= 6
    state = RoleMembership.objects.filter(role=Role.STATE_ADMIN).first()
    assert state is not None
    viewer = Viewer(state.user, Role.STATE_ADMIN, state.organisation)
    for row in sessions:
        result = export_oneroster(
            viewer,
            provider_code=row["provider__code"],
            school_year=row["school_year"],
            session=row["session"],
        )
        assert result.report.ok
        students = result.rows["enrollments"] - _teacher_rows(result.data)
        assert students == row["n"], row


def test_the_demo_provider_login_exports_its_busiest_session(demo, db) -> None:
    login = RoleMembership.objects.select_related("user", "organisation").get(
        user__username="provider_staff"
    )
    provider = login.organisation
    busiest = (
        CCA.objects.filter(provider=provider, status__in=[s.value for s in EXPORTED_STATUSES])
        .values("school_year", "session")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    viewer = Viewer(login.user, Role(login.role), provider)
    result = export_oneroster(
        viewer,
        provider_code=provider.code,
        school_year=busiest["school_year"],
        session=busiest["session"],
    )
    assert result.rows["users"] >= busiest["n"] // 5
    assert result.rows["roles"] == result.rows["users"]


def _teacher_rows(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = archive.read("enrollments.csv").decode()
    return sum(1 for line in text.splitlines() if ",teacher," in line)
