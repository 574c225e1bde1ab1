"""The column tables against the OneRoster 1.2 CSV binding as written in public sources (header
lines copied from the binding's tables), the mapping helpers, and docs/oneroster.md agreeing with
the code about which statuses are exported."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from seats.domain.statuses import PAID_THROUGH_CONFIRMED, Status
from seats.integration.oneroster import spec
from seats.integration.oneroster.export import EXPORTED_STATUSES
from seats.integration.oneroster.roster import NAMESPACE, clean, grade_code, sourced_id

BINDING_HEADERS = {
    "orgs": "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
    "academicSessions": (
        "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear"
    ),
    "courses": (
        "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,"
        "orgSourcedId,subjects,subjectCodes"
    ),
    "classes": (
        "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,"
        "location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods"
    ),
    "users": (
        "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,"
        "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,"
        "userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,"
        "preferredFamilyName,primaryOrgSourcedId,pronouns"
    ),
    "roles": (
        "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,"
        "orgSourcedId,userProfileSourcedId"
    ),
    "enrollments": (
        "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,"
        "primary,beginDate,endDate"
    ),
}
REQUIRED = {
    "orgs": {"sourcedId", "name", "type"},
    "academicSessions": {"sourcedId", "title", "type", "startDate", "endDate", "schoolYear"},
    "courses": {"sourcedId", "title", "orgSourcedId"},
    "classes": {
        "sourcedId",
        "title",
        "courseSourcedId",
        "classType",
        "schoolSourcedId",
        "termSourcedIds",
    },
    "users": {"sourcedId", "enabledUser", "username", "givenName", "familyName"},
    "roles": {"sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"},
    "enrollments": {"sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"},
}


def test_headers_follow_the_binding() -> None:
    assert {n: ",".join(s.header) for n, s in spec.SPECS.items()} == BINDING_HEADERS


def test_required_columns_follow_the_binding() -> None:
    assert {n: {c.name for c in s.columns if c.required} for n, s in spec.SPECS.items()} == REQUIRED


def test_every_reference_points_at_a_declared_file() -> None:
    for file_spec in spec.SPECS.values():
        for column in file_spec.columns:
            is_ref = column.kind in (spec.Kind.GUID_REF, spec.Kind.GUID_REFS)
            assert is_ref == bool(column.ref), column
            assert not column.ref or column.ref in spec.ALL_FILES


def test_exported_statuses_are_confirmed_and_later_on_the_payment_path() -> None:
    assert frozenset(PAID_THROUGH_CONFIRMED) == EXPORTED_STATUSES
    assert Status.CONFIRMED in EXPORTED_STATUSES
    assert Status.ENROLLMENT_COMPLETE not in EXPORTED_STATUSES
    assert Status.NOT_CONFIRMED_CLOSED not in EXPORTED_STATUSES


def test_the_documentation_lists_exactly_the_exported_statuses() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "oneroster.md").read_text()
    section = doc.split("## Which enrollments", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([a-z0-9_]+)`", section))
    assert listed == {s.value for s in EXPORTED_STATUSES}


def test_sourced_ids_are_uuid5_names_of_seats_keys() -> None:
    value = sourced_id("enrollment", "cca", 42)
    assert value == str(uuid.uuid5(NAMESPACE, "enrollment:cca:42"))
    assert uuid.UUID(value).version == 5
    assert spec.GUID.match(value)
    assert sourced_id("user", "student:1") != sourced_id("user", "teacher:1")


@given(st.integers(min_value=0, max_value=13))
def test_grades_are_ceds_levels(grade: int) -> None:
    assert grade_code(grade) in spec.GRADES


@given(st.text())
def test_clean_text_is_one_line(text: str) -> None:
    out = clean(text)
    assert "\n" not in out and "\r" not in out
    assert out == out.strip()
