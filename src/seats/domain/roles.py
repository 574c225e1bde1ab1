"""Roles a user can hold (SPEC 1) and the party each acts for in the CCA lifecycle."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    STUDENT = "student"
    PARENT = "parent"
    COUNSELOR = "counselor"
    REGISTRAR = "registrar"
    LEA_APPROVER = "lea_approver"
    PROVIDER_STAFF = "provider_staff"
    PROVIDER_ADMIN = "provider_admin"
    STATE_SPECIALIST = "state_specialist"
    STATE_ADMIN = "state_admin"
    AUDITOR = "auditor"
    # Pupil accounting (SPEC 1, 9): an LEA's teachers and its pupil-accounting staff.
    TEACHER = "teacher"
    PUPIL_ACCOUNTING = "pupil_accounting"
    # Adult education (issue 12): they see nothing of SOEP, and SOEP's roles nothing of theirs.
    ADULTED_STAFF = "adulted_staff"
    ADULTED_DIRECTOR = "adulted_director"
    ADULTED_SPECIALIST = "adulted_specialist"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.STUDENT: "Student",
    Role.PARENT: "Parent / guardian",
    Role.COUNSELOR: "School counselor",
    Role.REGISTRAR: "School registrar",
    Role.LEA_APPROVER: "LEA approver",
    Role.PROVIDER_STAFF: "Provider staff",
    Role.PROVIDER_ADMIN: "Provider administrator",
    Role.STATE_SPECIALIST: "State specialist",
    Role.STATE_ADMIN: "State administrator",
    Role.AUDITOR: "Auditor (read-only)",
    Role.TEACHER: "Teacher (pupil accounting)",
    Role.PUPIL_ACCOUNTING: "Pupil-accounting staff",
    Role.ADULTED_STAFF: "Adult education program staff",
    Role.ADULTED_DIRECTOR: "Adult education program director",
    Role.ADULTED_SPECIALIST: "State adult education specialist",
}


class Party(StrEnum):
    """Who acts in a lifecycle move: the lifecycle table speaks in parties, not roles."""

    FAMILY = "family"  # student or parent
    SCHOOL = "school"  # counselor or registrar of the primary school
    LEA = "lea"  # the primary LEA's approver (the state acts as LEA for HOME students)
    PROVIDER = "provider"
    STATE = "state"
    SYSTEM = "system"  # the daily sweep


ROLE_PARTY: dict[Role, Party | None] = {
    Role.STUDENT: Party.FAMILY,
    Role.PARENT: Party.FAMILY,
    Role.COUNSELOR: Party.SCHOOL,
    Role.REGISTRAR: Party.SCHOOL,
    Role.LEA_APPROVER: Party.LEA,
    Role.PROVIDER_STAFF: Party.PROVIDER,
    Role.PROVIDER_ADMIN: Party.PROVIDER,
    Role.STATE_SPECIALIST: Party.STATE,
    Role.STATE_ADMIN: Party.STATE,
    Role.AUDITOR: None,  # read-only: acts for nobody
    # Pupil accounting is its own system: these roles act for nobody in the CCA lifecycle.
    Role.TEACHER: None,
    Role.PUPIL_ACCOUNTING: None,
    # Adult education's roles act for nobody in the CCA lifecycle.
    Role.ADULTED_STAFF: None,
    Role.ADULTED_DIRECTOR: None,
    Role.ADULTED_SPECIALIST: None,
}

# The role groups every layer uses (access scopes, page permissions, the menu): defined once.
FAMILY_ROLES = frozenset({Role.STUDENT, Role.PARENT})
SCHOOL_ROLES = frozenset({Role.COUNSELOR, Role.REGISTRAR})
LEA_ROLES = frozenset({Role.LEA_APPROVER})
PROVIDER_ROLES = frozenset({Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN})
#: The state's people who act (decide, correct, reject).
STATE_ACTING_ROLES = frozenset({Role.STATE_SPECIALIST, Role.STATE_ADMIN})
#: Everyone who sees the whole state: the acting state roles and the read-only auditor.
STATE_ROLES = STATE_ACTING_ROLES | {Role.AUDITOR}
#: Pupil accounting (SPEC 9), LEA-scoped: they see only their LEA's programs, and no SOEP record.
MEMBERSHIP_ROLES = frozenset({Role.TEACHER, Role.PUPIL_ACCOUNTING})
#: Who sees the membership records of every LEA, read-only (SPEC 9: "the state (read-only)").
MEMBERSHIP_STATE_ROLES = STATE_ROLES
#: Adult education (issue 12): staff and directors at their program's organisation (an LEA or
#: a provider), the state's adult-education specialist over every program.
ADULTED_PROGRAM_ROLES = frozenset({Role.ADULTED_STAFF, Role.ADULTED_DIRECTOR})
ADULTED_ROLES = ADULTED_PROGRAM_ROLES | {Role.ADULTED_SPECIALIST}
#: The systems beside SOEP: pupil accounting's and adult education's roles. They see no SOEP
#: record (no CCA, course request, catalog, SOEP student or SOEP notice) and no SOEP page (404);
#: they share only what is the person's own: sign-in, account, language, their app's pages (and
#: pupil accounting's inbox, where its warnings arrive).
BESIDE_SOEP_ROLES = MEMBERSHIP_ROLES | ADULTED_ROLES
#: Every role of SOEP (the CCA system): none of them sees adult education or pupil accounting
#: beyond what SPEC 9 gives the state.
SOEP_ROLES = frozenset(ROLE_PARTY) - BESIDE_SOEP_ROLES
#: Roles whose holders must use multi-factor authentication (SPEC 10).
STAFF_ROLES = frozenset(ROLE_PARTY) - FAMILY_ROLES
