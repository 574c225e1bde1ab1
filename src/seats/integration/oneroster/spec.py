"""The OneRoster 1.2 CSV binding (1EdTech), as far as SEATS exports it: the column definitions of
the seven rostering files, their value formats and the references between them.

This is data the validator reads, so the export and the checks cannot disagree about a column.
Where public sources differ about the 1.2 tables, docs/oneroster.md says which reading we took
(notably ``resourceSourcedIds`` in users.csv).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How a cell is written (CSV binding, data types)."""

    GUID = "guid"  # a sourcedId: unique in its file
    GUID_REF = "guid_ref"  # a sourcedId of a row in ``Column.ref``
    GUID_REFS = "guid_refs"  # a comma-separated list of such references
    STRING = "string"
    STRINGS = "strings"  # a comma-separated list of strings
    GRADES = "grades"  # a comma-separated list of CEDS grade levels
    USER_IDS = "user_ids"  # a comma-separated list of {type:identifier}
    DATE = "date"  # YYYY-MM-DD
    DATETIME = "datetime"  # ISO 8601, UTC: YYYY-MM-DDTHH:MM:SS[.sss]Z
    YEAR = "year"  # YYYY
    BOOLEAN = "boolean"  # true / false
    ENUM = "enum"
    STATUS = "status"  # active / tobedeleted; blank in bulk files


class Mode(StrEnum):
    """A file's processing mode in the manifest."""

    BULK = "bulk"
    DELTA = "delta"
    ABSENT = "absent"


MANIFEST_VERSION = "1.0"
ONEROSTER_VERSION = "1.2"
MANIFEST_FILE = "manifest.csv"
MANIFEST_HEADER = ("propertyName", "value")
#: Every file the 1.2 binding declares in the manifest (``file.<name>``), rostering or not.
ALL_FILES = (
    "academicSessions",
    "categories",
    "classes",
    "classResources",
    "courses",
    "courseResources",
    "demographics",
    "enrollments",
    "lineItemLearningObjectiveIds",
    "lineItems",
    "lineItemScoreScales",
    "orgs",
    "resources",
    "resultLearningObjectiveIds",
    "results",
    "resultScoreScales",
    "roles",
    "scoreScales",
    "userProfiles",
    "userResources",
    "users",
)
#: Manifest properties other than ``file.*``.
SOURCE_PROPERTIES = ("source.systemName", "source.systemCode")

STATUS_VALUES = ("active", "tobedeleted")
BOOLEAN_VALUES = ("true", "false")
ORG_TYPES = ("department", "school", "district", "local", "state", "national")
SESSION_TYPES = ("gradingPeriod", "semester", "schoolYear", "term")
CLASS_TYPES = ("homeroom", "scheduled")
ROLE_TYPES = ("primary", "secondary")
ROLES = (
    "aide",
    "counselor",
    "districtAdministrator",
    "guardian",
    "parent",
    "principal",
    "proctor",
    "relative",
    "siteAdministrator",
    "student",
    "systemAdministrator",
    "teacher",
)
ENROLLMENT_ROLES = ("administrator", "proctor", "student", "teacher")
#: CEDS entry grade levels as OneRoster 1.2 lists them.
GRADES = (
    "IT",
    "PR",
    "PK",
    "TK",
    "KG",
    *(f"{g:02d}" for g in range(1, 14)),
    "PS",
    "UG",
    "Other",
)
#: A vendor extension of an extensible enumeration (1.2: "ext:" followed by a token).
EXTENSION = re.compile(r"^ext:[A-Za-z0-9._\-]+$")
#: A sourcedId: a token safe inside a comma-separated list. UUIDs (what SEATS writes) match.
GUID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,254}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$")
YEAR = re.compile(r"^\d{4}$")
USER_ID = re.compile(r"^\{[^:{}]+:[^{}]+\}$")


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = Kind.STRING
    required: bool = False
    values: tuple[str, ...] = ()  # ENUM: the allowed tokens
    extensible: bool = False  # ENUM: "ext:..." tokens allowed as well
    ref: str = ""  # GUID_REF(S): the file (without .csv) whose sourcedId it names


@dataclass(frozen=True)
class FileSpec:
    name: str  # as in the manifest: "users"
    columns: tuple[Column, ...]

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _common() -> tuple[Column, ...]:
    """Every data file starts with these three; status and date are for delta files only."""
    return (
        Column("sourcedId", Kind.GUID, required=True),
        Column("status", Kind.STATUS, values=STATUS_VALUES),
        Column("dateLastModified", Kind.DATETIME),
    )


def _enum(name: str, values: tuple[str, ...], *, required: bool, ext: bool = True) -> Column:
    return Column(name, Kind.ENUM, required=required, values=values, extensible=ext)


ORGS = FileSpec(
    "orgs",
    (
        *_common(),
        Column("name", required=True),
        _enum("type", ORG_TYPES, required=True),
        Column("identifier"),
        Column("parentSourcedId", Kind.GUID_REF, ref="orgs"),
    ),
)
ACADEMIC_SESSIONS = FileSpec(
    "academicSessions",
    (
        *_common(),
        Column("title", required=True),
        _enum("type", SESSION_TYPES, required=True),
        Column("startDate", Kind.DATE, required=True),
        Column("endDate", Kind.DATE, required=True),
        Column("parentSourcedId", Kind.GUID_REF, ref="academicSessions"),
        Column("schoolYear", Kind.YEAR, required=True),
    ),
)
COURSES = FileSpec(
    "courses",
    (
        *_common(),
        Column("schoolYearSourcedId", Kind.GUID_REF, ref="academicSessions"),
        Column("title", required=True),
        Column("courseCode"),
        Column("grades", Kind.GRADES),
        Column("orgSourcedId", Kind.GUID_REF, required=True, ref="orgs"),
        Column("subjects", Kind.STRINGS),
        Column("subjectCodes", Kind.STRINGS),
    ),
)
CLASSES = FileSpec(
    "classes",
    (
        *_common(),
        Column("title", required=True),
        Column("grades", Kind.GRADES),
        Column("courseSourcedId", Kind.GUID_REF, required=True, ref="courses"),
        Column("classCode"),
        _enum("classType", CLASS_TYPES, required=True),
        Column("location"),
        Column("schoolSourcedId", Kind.GUID_REF, required=True, ref="orgs"),
        Column("termSourcedIds", Kind.GUID_REFS, required=True, ref="academicSessions"),
        Column("subjects", Kind.STRINGS),
        Column("subjectCodes", Kind.STRINGS),
        Column("periods", Kind.STRINGS),
    ),
)
USERS = FileSpec(
    "users",
    (
        *_common(),
        Column("enabledUser", Kind.BOOLEAN, required=True, values=BOOLEAN_VALUES),
        Column("username", required=True),
        Column("userIds", Kind.USER_IDS),
        Column("givenName", required=True),
        Column("familyName", required=True),
        Column("middleName"),
        Column("identifier"),
        Column("email"),
        Column("sms"),
        Column("phone"),
        Column("agentSourcedIds", Kind.GUID_REFS, ref="users"),
        Column("grades", Kind.GRADES),
        Column("password"),
        Column("userMasterIdentifier"),
        Column("resourceSourcedIds", Kind.GUID_REFS, ref="resources"),
        Column("preferredGivenName"),
        Column("preferredMiddleName"),
        Column("preferredFamilyName"),
        Column("primaryOrgSourcedId", Kind.GUID_REF, ref="orgs"),
        Column("pronouns"),
    ),
)
ROLES_FILE = FileSpec(
    "roles",
    (
        *_common(),
        Column("userSourcedId", Kind.GUID_REF, required=True, ref="users"),
        _enum("roleType", ROLE_TYPES, required=True, ext=False),
        _enum("role", ROLES, required=True),
        Column("beginDate", Kind.DATE),
        Column("endDate", Kind.DATE),
        Column("orgSourcedId", Kind.GUID_REF, required=True, ref="orgs"),
        Column("userProfileSourcedId", Kind.GUID_REF, ref="userProfiles"),
    ),
)
ENROLLMENTS = FileSpec(
    "enrollments",
    (
        *_common(),
        Column("classSourcedId", Kind.GUID_REF, required=True, ref="classes"),
        Column("schoolSourcedId", Kind.GUID_REF, required=True, ref="orgs"),
        Column("userSourcedId", Kind.GUID_REF, required=True, ref="users"),
        _enum("role", ENROLLMENT_ROLES, required=True),
        Column("primary", Kind.BOOLEAN, values=BOOLEAN_VALUES),
        Column("beginDate", Kind.DATE),
        Column("endDate", Kind.DATE),
    ),
)

#: The files SEATS writes and checks, in the order they are written (referenced files first).
SPECS: dict[str, FileSpec] = {
    s.name: s for s in (ORGS, ACADEMIC_SESSIONS, COURSES, CLASSES, USERS, ROLES_FILE, ENROLLMENTS)
}
assert set(SPECS) <= set(ALL_FILES)
