"""The OneRoster export of a known world: which CCAs go out, the rows and references of every
file, stable ids, and the scope of the viewer who asks. CCAs reach their statuses through the
services (tests.core.helpers_lifecycle), never by writing statuses directly."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

import pytest

from seats.core.models import CCA, LocalRegistration, Organisation, Student
from seats.core.selectors.access import Viewer
from seats.core.services.enrollment import set_course_start, set_teacher_of_record
from seats.core.services.lifecycle import move_status
from seats.core.services.requests import decide_as_provider
from seats.domain.catalog import Session
from seats.domain.errors import InvalidInput, NotFound, NotPermitted
from seats.domain.roles import Role
from seats.domain.statuses import PAID_THROUGH_CONFIRMED, Status
from seats.integration.oneroster import spec
from seats.integration.oneroster.archive import csv_bytes
from seats.integration.oneroster.export import export_oneroster, term_for, viewer_for
from seats.integration.oneroster.roster import NAMESPACE
from tests.core.helpers_lifecycle import (
    COURSE_START,
    administratively_withdrawn,
    confirmed,
    other_provider,
    ready_to_confirm,
)
from tests.factories import (
    SUBMITTED,
    World,
    build_world,
    make_offering,
    make_student,
    registration_done,
)


def viewer(world: World, role: Role) -> Viewer:
    actor = world.actor(role)
    return Viewer(actor.user, role, actor.organisation)


def tables(data: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name.removesuffix(".csv"): list(
                csv.DictReader(io.StringIO(archive.read(name).decode()))
            )
            for name in archive.namelist()
        }


def by_id(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {r["sourcedId"]: r for r in rows}


@dataclass
class Scene:
    world: World
    kept: list[CCA]  # exported: PRV1, 2025-26 S1, Confirmed or later paid
    other_student: Student
    withdrawn: CCA
    others: dict[str, CCA]  # not exported, by why


@pytest.fixture
def scene(db) -> Scene:
    world = build_world()
    first = confirmed(world)
    other = make_student(world, legal_first_name="Roberta", legal_last_name="Ruiz", grade=11)
    registration_done(world, other)
    LocalRegistration.objects.filter(student=other).update(preferred_name="Bobbie")
    second = confirmed(world, student=other, offering=world.offering_full_credit)
    third_student = make_student(world, legal_first_name="Wes", legal_last_name="Wu")
    registration_done(world, third_student)
    withdrawn = administratively_withdrawn(world, student=third_student)
    late = make_student(world)
    registration_done(world, late)
    not_yet = ready_to_confirm(world, student=late)  # Enrollment Complete: not exported
    s2 = make_student(world)
    registration_done(world, s2)
    in_s2 = confirmed(world, student=s2, session="S2")
    confirmed_elsewhere(world)
    return Scene(
        world,
        [first, second, withdrawn],
        other,
        withdrawn,
        {"enrollment complete": not_yet, "other session": in_s2},
    )


def confirmed_elsewhere(world: World) -> CCA:
    """A Confirmed CCA of another provider in the same session, through that provider's staff."""
    elsewhere, staff, teacher = other_provider(world)
    student = make_student(world)
    LocalRegistration.objects.create(student=student, provider=elsewhere, completed_on=SUBMITTED)
    cca = world.submit(student=student, offering=make_offering(world, provider=elsewhere))
    cca = decide_as_provider(
        actor=staff, cca_id=cca.pk, expected_version=cca.version, accept=True, as_of=SUBMITTED
    )
    cca = world.approve(cca)
    cca = set_course_start(
        actor=staff,
        cca_id=cca.pk,
        expected_version=cca.version,
        start=COURSE_START,
        as_of=SUBMITTED,
    )
    cca = set_teacher_of_record(
        actor=staff, cca_id=cca.pk, expected_version=cca.version, teacher_id=teacher.pk
    )
    cca.refresh_from_db()
    return move_status(
        actor=staff,
        cca_id=cca.pk,
        to=Status.CONFIRMED,
        expected_version=cca.version,
        as_of=cca.census_date,
    )


def export(scene: Scene, role: Role = Role.PROVIDER_STAFF, **kw: object) -> dict:
    args = dict(provider_code="PRV1", school_year=2025, session="S1") | kw
    return tables(export_oneroster(viewer(scene.world, role), **args).data)  # type: ignore[arg-type]


def test_only_paid_enrollments_of_the_session_and_provider_go_out(scene: Scene) -> None:
    files = export(scene)
    enrolled = [r for r in files["enrollments"] if r["role"] == "student"]
    assert len(enrolled) == len(scene.kept) == 3
    wanted = {str(uuid.uuid5(NAMESPACE, f"enrollment:cca:{c.pk}")) for c in scene.kept}
    assert {r["sourcedId"] for r in enrolled} == wanted
    assert {c.status for c in scene.kept} <= {s.value for s in PAID_THROUGH_CONFIRMED}
    assert scene.withdrawn.status == Status.ADMINISTRATIVE_WITHDRAWAL
    exported = {r["sourcedId"] for r in files["enrollments"]}
    for cca in scene.others.values():
        assert str(uuid.uuid5(NAMESPACE, f"enrollment:cca:{cca.pk}")) not in exported


def test_the_zip_holds_the_manifest_and_seven_files_in_spec_order(scene: Scene) -> None:
    data = export_oneroster(
        viewer(scene.world, Role.PROVIDER_STAFF),
        provider_code="PRV1",
        school_year="2025-26",
        session="s1",
    ).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names[0] == "manifest.csv"
        assert set(names[1:]) == {s.file_name for s in spec.SPECS.values()}
        for file_spec in spec.SPECS.values():
            header = archive.read(file_spec.file_name).decode().splitlines()[0]
            assert header == ",".join(file_spec.header)
    manifest = dict((r["propertyName"], r["value"]) for r in tables(data)["manifest"])
    assert manifest["manifest.version"] == "1.0"
    assert manifest["oneroster.version"] == "1.2"
    bulk = {k.removeprefix("file.") for k, v in manifest.items() if v == "bulk"}
    assert bulk == set(spec.SPECS)
    assert manifest["file.demographics"] == "absent"


def test_orgs_sessions_courses_and_classes(scene: Scene) -> None:
    files = export(scene)
    orgs = by_id(files["orgs"])
    school = next(r for r in orgs.values() if r["type"] == "school")
    assert (school["name"], school["identifier"]) == ("Lake Basin Online", "PRV1")
    district = orgs[school["parentSourcedId"]]
    assert (district["type"], district["identifier"]) == ("district", "LEA2")
    assert len(orgs) == 2
    sessions = by_id(files["academicSessions"])
    term = next(r for r in sessions.values() if r["type"] == "semester")
    year = sessions[term["parentSourcedId"]]
    assert (year["type"], year["schoolYear"], term["schoolYear"]) == ("schoolYear", "2026", "2026")
    assert year["startDate"] <= term["startDate"] < term["endDate"] < year["endDate"]
    assert date.fromisoformat(term["startDate"]) <= COURSE_START
    courses = by_id(files["courses"])
    codes = {r["courseCode"] for r in courses.values()}
    assert codes == {scene.world.offering.core_code, scene.world.offering_full_credit.core_code}
    assert all(r["orgSourcedId"] == school["sourcedId"] for r in courses.values())
    assert all(r["grades"] == "06,07,08,09,10,11,12" for r in courses.values())
    for klass in files["classes"]:
        assert klass["courseSourcedId"] in courses
        assert klass["termSourcedIds"] == term["sourcedId"]
        assert klass["schoolSourcedId"] == school["sourcedId"]
        assert klass["classType"] == "scheduled"
        assert klass["classCode"].endswith("-2025-S1")


def test_users_roles_and_enrollments(scene: Scene) -> None:
    files = export(scene)
    users = by_id(files["users"])
    students = {u["identifier"]: u for u in users.values() if u["userIds"].startswith("{SSID:")}
    teachers = [u for u in users.values() if u["userIds"].startswith("{CACTUS:")]
    assert len(students) == 3 and len(teachers) == 1
    bobbie = students[scene.other_student.ssid]
    assert (bobbie["givenName"], bobbie["familyName"]) == ("Bobbie", "Ruiz")
    assert bobbie["preferredGivenName"] == "Bobbie"
    assert (bobbie["grades"], bobbie["enabledUser"], bobbie["username"]) == (
        "11",
        "true",
        scene.other_student.ssid,
    )
    plain = students[scene.world.student.ssid]
    assert plain["givenName"] == scene.world.student.legal_first_name
    assert plain["preferredGivenName"] == ""
    assert (teachers[0]["givenName"], teachers[0]["identifier"]) == ("Tess", "C1000")
    roles = files["roles"]
    assert {r["userSourcedId"] for r in roles} == set(users)
    assert {(r["role"], r["roleType"]) for r in roles} == {
        ("student", "primary"),
        ("teacher", "primary"),
    }
    classes = by_id(files["classes"])
    teaching = [e for e in files["enrollments"] if e["role"] == "teacher"]
    assert {e["classSourcedId"] for e in teaching} == set(classes)
    assert all(e["primary"] == "true" for e in teaching)
    assert all(e["beginDate"] == COURSE_START.isoformat() for e in files["enrollments"])
    learners = {e["userSourcedId"]: e for e in files["enrollments"] if e["role"] == "student"}
    withdrawn = next(u for u in students.values() if u["familyName"] == "Wu")
    assert learners[withdrawn["sourcedId"]]["endDate"] != ""
    assert learners[bobbie["sourcedId"]]["endDate"] == ""


def test_nothing_the_lms_does_not_need(scene: Scene) -> None:
    data = export_oneroster(
        viewer(scene.world, Role.PROVIDER_STAFF),
        provider_code="PRV1",
        school_year=2025,
        session="S1",
    ).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = "".join(archive.read(n).decode() for n in archive.namelist())
    birth = scene.world.student.date_of_birth.isoformat()
    assert birth not in text
    assert "Tester" in text  # the legal family name is there; the birth date is not
    filled = {k for row in tables(data)["users"] for k, v in row.items() if v}
    assert filled == {
        "sourcedId",
        "enabledUser",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "identifier",
        "grades",
        "preferredGivenName",
        "primaryOrgSourcedId",
    }  # no agents (guardians), phone, password or birth-related data
    assert "Canyon View" not in text  # the student's own school and LEA stay out


def test_ids_are_stable_and_re_exports_are_byte_identical(scene: Scene) -> None:
    first = export_oneroster(
        viewer(scene.world, Role.PROVIDER_STAFF),
        provider_code="PRV1",
        school_year=2025,
        session="S1",
    )
    state = export_oneroster(
        viewer(scene.world, Role.STATE_SPECIALIST),
        provider_code="PRV1",
        school_year=2025,
        session="S1",
    )
    assert first.data == state.data
    before = tables(first.data)
    for rows in before.values():
        for row in rows:
            if "sourcedId" in row:
                assert uuid.UUID(row["sourcedId"]).version == 5
    late = scene.others["enrollment complete"]
    confirmed_late = _confirm(scene.world, late)
    after = tables(
        export_oneroster(
            viewer(scene.world, Role.PROVIDER_STAFF),
            provider_code="PRV1",
            school_year=2025,
            session="S1",
        ).data
    )
    assert confirmed_late.status == Status.CONFIRMED
    for name, rows in before.items():
        if name != "manifest":
            assert {r["sourcedId"] for r in rows} <= {r["sourcedId"] for r in after[name]}
    assert len(after["enrollments"]) == len(before["enrollments"]) + 1


def _confirm(world: World, cca: CCA) -> CCA:
    cca.refresh_from_db()
    return move_status(
        actor=world.actor(Role.PROVIDER_STAFF),
        cca_id=cca.pk,
        to=Status.CONFIRMED,
        expected_version=cca.version,
        as_of=cca.census_date,
    )


@pytest.mark.parametrize("role", [Role.LEA_APPROVER, Role.COUNSELOR, Role.STUDENT, Role.PARENT])
def test_roles_outside_the_provider_and_state_may_not_export(scene: Scene, role: Role) -> None:
    with pytest.raises(NotPermitted) as caught:
        export(scene, role)
    assert caught.value.field == "provider"


def test_another_provider_cannot_export_this_provider(scene: Scene) -> None:
    elsewhere = Organisation.objects.get(code="PRV9")
    staff = next(m.user for m in elsewhere.members.all())
    other = Viewer(staff, Role.PROVIDER_STAFF, elsewhere)
    with pytest.raises(NotPermitted):
        export_oneroster(other, provider_code="PRV1", school_year=2025, session="S1")
    own = tables(export_oneroster(other, provider_code="PRV9", school_year=2025, session="S1").data)
    assert [r["identifier"] for r in own["orgs"] if r["type"] == "school"] == ["PRV9"]
    prv1_ids = {r["sourcedId"] for r in export(scene)["enrollments"]}
    assert not prv1_ids & {r["sourcedId"] for r in own["enrollments"]}


def test_bad_requests_name_the_field(scene: Scene) -> None:
    cases = [
        (dict(provider_code="NOPE"), NotFound, "provider"),
        (dict(session="S3"), InvalidInput, "session"),
        (dict(school_year="twenty"), InvalidInput, "school_year"),
        (dict(school_year="2025-27"), InvalidInput, "school_year"),
        (dict(school_year=2024), InvalidInput, "session"),  # nothing confirmed in 2024-25
    ]
    for kw, error, field in cases:
        with pytest.raises(error) as caught:
            export(scene, **kw)
        assert caught.value.field == field, kw


def test_an_export_that_fails_validation_is_refused(scene: Scene) -> None:
    Student.objects.filter(pk=scene.world.student.pk).update(legal_last_name="")
    with pytest.raises(InvalidInput) as caught:
        export(scene)
    assert caught.value.field == "oneroster"
    assert "familyName: a value is required" in str(caught.value)


def test_command_line_viewers(scene: Scene) -> None:
    assert viewer_for("PRV1").organisation.code == "PRV1"
    assert viewer_for("PRV1", "provider").role is Role.PROVIDER_STAFF
    assert viewer_for("PRV1", "specialist").role is Role.STATE_SPECIALIST
    with pytest.raises(NotPermitted):
        viewer_for("PRV1", "other-provider")
    with pytest.raises(NotFound):
        viewer_for("PRV1", "nobody")
    with pytest.raises(NotFound):
        viewer_for("NOPE")


@pytest.mark.parametrize(
    "role", [Role.PROVIDER_ADMIN, Role.STATE_SPECIALIST, Role.STATE_ADMIN, Role.AUDITOR]
)
def test_the_provider_and_the_state_get_the_same_file(scene: Scene, role: Role) -> None:
    args = dict(provider_code="PRV1", school_year=2025, session="S1")
    own = export_oneroster(viewer(scene.world, Role.PROVIDER_STAFF), **args)
    assert export_oneroster(viewer(scene.world, role), **args).data == own.data


def test_sessions_split_the_providers_school_year(db) -> None:
    world = build_world()
    halves = [term_for(world.provider, 2025, Session(s)) for s in ("S1", "S2")]
    quarters = [term_for(world.provider, 2025, Session(f"Q{i}")) for i in range(1, 5)]
    for parts in (halves, quarters):
        assert parts[0].start == parts[0].year_start
        assert parts[-1].end == parts[-1].year_end
        for earlier, later in pairwise(parts):
            assert earlier.start < earlier.end < later.start
    assert halves[0].start == quarters[0].start and halves[0].end == quarters[1].end
    assert halves[1].end == quarters[3].end


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_like_cells_are_neutralised(scene: Scene, start: str) -> None:
    """As every other export: a name a spreadsheet would run as a formula gets a leading quote
    (a leading tab or CR is trimmed from names already; the CSV writer quotes it as well)."""
    planted = f'{start}HYPERLINK("http://evil.example","x")'
    Student.objects.filter(pk=scene.other_student.pk).update(legal_last_name=planted)
    LocalRegistration.objects.filter(student=scene.other_student).update(preferred_name=planted)
    students = [u for u in export(scene)["users"] if u["identifier"] == scene.other_student.ssid]
    for cell in (students[0]["familyName"], students[0]["preferredGivenName"]):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        assert cell.removeprefix("'") == planted.strip()
    raw = csv_bytes(["a", "b"], [[planted, "plain"]]).decode()
    assert list(csv.reader(io.StringIO(raw, newline="")))[1] == ["'" + planted, "plain"]


def test_the_manifest_and_dates_are_unchanged(scene: Scene) -> None:
    files = export(scene)
    assert all(not e["beginDate"].startswith("'") for e in files["enrollments"])
