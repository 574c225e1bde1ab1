"""The access scene of the API tests (``scene`` fixture in conftest): four CCAs across two of
each organisation, so every scope is told apart: A = our student (SCH1/LEA1) with our provider
PRV1; B = another student (SCH2/LEA3) with PRV2; C = a second student of SCH1/LEA1 with PRV2;
D = a second SCH2/LEA3 student with PRV1. Every student has a distinct last name, so a name in
an answer says whose record leaked."""

from __future__ import annotations

from dataclasses import dataclass

from seats.core.models import CCA, CCAHistory, LocalRegistration, Notice, Student
from seats.domain.roles import Role
from tests.factories import make_offering, make_student, org, registration_done

STATE = {Role.STATE_SPECIALIST, Role.STATE_ADMIN, Role.AUDITOR}


@dataclass
class Scene:
    world: object
    ccas: dict[str, CCA]
    other_student: object
    other_offering: object
    students: dict[str, Student] = None  # type: ignore[assignment]

    def expected(self, role: Role) -> set[int]:
        names = {
            Role.PROVIDER_STAFF: "AD",
            Role.PROVIDER_ADMIN: "AD",
            Role.LEA_APPROVER: "AC",
            Role.COUNSELOR: "AC",
            Role.REGISTRAR: "AC",
            Role.STUDENT: "A",
            Role.PARENT: "A",
            Role.TEACHER: "",  # pupil accounting sees no CCA (SPEC 1)
            Role.PUPIL_ACCOUNTING: "",
            # Adult education's roles see nothing of SOEP.
            Role.ADULTED_STAFF: "",
            Role.ADULTED_DIRECTOR: "",
            Role.ADULTED_SPECIALIST: "",
        }.get(role, "ABCD")
        return {self.ccas[n].pk for n in names}

    def outside(self, role: Role) -> list[CCA]:
        return [c for c in self.ccas.values() if c.pk not in self.expected(role)]

    def outside_students(self, role: Role) -> list[Student]:
        """The students the role has no relation to (none of their CCAs is in its scope)."""
        inside = {c.student_id for c in self.ccas.values() if c.pk in self.expected(role)}
        return [s for s in self.students.values() if s.pk not in inside]

    def inside_student(self, role: Role) -> Student:
        return self.ccas["A"].student


def build_scene(world) -> Scene:
    lea3 = org("lea", "LEA3", "Far Valley District", email="lea3@example.org")
    sch2 = org("school", "SCH2", "Far Valley High", parent=lea3)
    prv2 = org("provider", "PRV2", "Far Online", provider_category="certified")
    other_offering = make_offering(world, provider=prv2)
    state = world.actor(Role.STATE_SPECIALIST)
    students = {
        "B": make_student(world, primary_lea=lea3, primary_school=sch2, legal_last_name="Bramble"),
        "C": make_student(world, legal_last_name="Cobalt"),
        "D": make_student(world, primary_lea=lea3, primary_school=sch2, legal_last_name="Dunmore"),
    }
    world.register()
    ccas = {"A": world.submit()}
    for name, offering in (("B", other_offering), ("C", other_offering), ("D", world.offering)):
        ccas[name] = world.submit(student=students[name], offering=offering, actor=state)
    for cca in ccas.values():
        registration_done(world, cca.student)
    everyone = {"A": world.student, **students}
    return Scene(world, ccas, students["B"], other_offering, everyone)


def write_operations(scene: Scene) -> list[tuple[str, dict]]:
    """Each CCA write with a body the owning role could use on a pending request."""
    teacher = scene.world.teacher.pk
    return [
        ("moves", {"to": "rejected_by_state", "reason": "duplicate"}),
        ("counselor-review", {"seop_consistent": True}),
        ("lea-decision", {"decision": "approve", "accept_financial_responsibility": True}),
        ("provider-decision", {"decision": "accept"}),
        ("state-rejection", {"reason_code": "duplicate_request"}),
        ("notice-of-enrollment", {}),
        ("lea-cancellation", {"reason": "moved"}),
        ("course-start", {"course_start_date": "2025-09-08"}),
        ("second-half-start", {"second_half_start": "2026-01-12"}),
        ("teacher-of-record", {"teacher_id": teacher}),
        ("iep-forwarded", {}),
        ("grade-progress", {"percent": 50}),
        ("at-risk", {"at_risk": True}),
        ("intent-to-withdraw", {"reason": "inactive"}),
        ("reinstatement", {"reason": "back"}),
        ("correction-request", {"reason": "mistake"}),
        ("correction-decision", {"decision": "deny", "reason": "no activity"}),
        ("transcript-due", {"due": "2026-05-01"}),
        ("transcript", {}),
    ]


def snapshot() -> tuple:
    """Everything a write could change: CCAs (count and versions), history, notices, local
    registrations and the students' SSIDs."""
    versions = list(CCA.objects.order_by("pk").values_list("version", flat=True))
    registrations = list(
        LocalRegistration.objects.order_by("pk").values_list("pk", "completed_on", "phone")
    )
    ssids = list(Student.objects.order_by("pk").values_list("pk", "ssid"))
    return (
        CCA.objects.count(),
        CCAHistory.objects.count(),
        Notice.objects.count(),
        versions,
        registrations,
        ssids,
    )
