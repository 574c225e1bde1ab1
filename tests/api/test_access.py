"""Access through the API: for every role and every operation, only records in the role's scope
come back, and writes outside it are refused without writing anything.

The scene has four CCAs across two of each organisation, so every scope is told apart:
A = our student (SCH1/LEA1) with our provider PRV1; B = another student (SCH2/LEA3) with PRV2;
C = a second student of SCH1/LEA1 with PRV2; D = a second SCH2/LEA3 student with PRV1.
"""

from __future__ import annotations

import pytest

from seats.core.models import CCA, LocalRegistration
from seats.domain.roles import BESIDE_SOEP_ROLES, Role
from tests.api.helpers import Api, api_for
from tests.api.scene import STATE, Scene, snapshot, write_operations

pytestmark = pytest.mark.django_db


def ids(answer) -> set[int]:
    assert answer.status == 200, answer.body
    return {row.get("cca_id", row.get("id")) for row in answer.body["items"]}


@pytest.mark.parametrize("role", list(Role))
def test_every_read_returns_only_the_roles_records(scene: Scene, role: Role) -> None:
    api = api_for(scene.world, role)
    expected = scene.expected(role)
    assert ids(api.get("/ccas")) == expected
    assert ids(api.get("/ccas", provider="PRV2")) == expected & {
        scene.ccas["B"].pk,
        scene.ccas["C"].pk,
    }
    assert ids(api.get("/events", limit=500)) == expected
    assert ids(api.get("/counselor-contacts")) == expected
    for cca in scene.ccas.values():
        answer = api.get(f"/ccas/{cca.pk}")
        assert answer.status == (200 if cca.pk in expected else 404), (role, cca.pk)
        if answer.status == 404:
            assert answer.body["detail"] == f"There is no CCA {cca.pk} that you can see."
    notice_ccas = {n["cca_id"] for n in api.get("/notices", limit=500).body["items"]}
    if role in STATE:
        assert notice_ccas <= expected
    else:
        assert notice_ccas == expected


@pytest.mark.parametrize("role", list(Role))
def test_teachers_of_record_are_the_providers_own(scene: Scene, role: Role) -> None:
    names = {t["cactus_id"] for t in api_for(scene.world, role).get("/teachers").body}
    if role in {Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN} or role in STATE:
        assert names == {"C1000"}
    else:
        assert names == set()


@pytest.mark.parametrize("role", [r for r in Role if r not in STATE])
def test_every_write_outside_the_scope_is_refused(scene: Scene, role: Role, clock) -> None:
    api = api_for(scene.world, role)
    before = snapshot()
    for cca in scene.outside(role):
        tag = f'"cca-{cca.pk}-v{cca.version}"'  # even with the right ETag
        for action, body in write_operations(scene):
            answer = api.post(f"/ccas/{cca.pk}/{action}", body, if_match=tag)
            assert answer.status == 404, (role, action, answer.body)
            assert answer.headers["Content-Type"] == "application/problem+json"
    submit = api.post(
        "/ccas",
        {
            "student_id": scene.other_student.pk,
            "offering_id": scene.other_offering.pk,
            "school_year": 2025,
            "session": "S1",
        },
    )
    # Outside the scope looks like missing (SPEC 10): 404, and nothing about the student. A
    # role that may not file this request at all (the LEA; a provider for another provider's
    # course) is refused for its role, before any student is looked up.
    cannot_file = role is Role.LEA_APPROVER or role.value.startswith("provider")
    cannot_file |= role in BESIDE_SOEP_ROLES  # the systems beside SOEP file no course request
    assert submit.status == (403 if cannot_file else 404), submit.body
    assert scene.other_student.ssid not in str(submit.body)
    registrations = LocalRegistration.objects.count()
    body = {"provider": "PRV2", "gender": "F", "home_address": "x", "school_address": "y"}
    registration = api.post(f"/students/{scene.other_student.pk}/local-registration", body)
    assert registration.status == (403 if role.value.startswith("provider") else 404)
    assert scene.other_student.ssid not in str(registration.body)
    assert LocalRegistration.objects.count() == registrations
    assert snapshot() == before


@pytest.mark.parametrize("role", sorted(STATE))
def test_state_roles_reach_every_record_but_the_auditor_never_writes(
    scene: Scene, role: Role, clock
) -> None:
    api = api_for(scene.world, role)
    cca = scene.ccas["B"]
    before = snapshot()
    for action, body in write_operations(scene):
        answer = api.act(cca.pk, action, body)
        if role is Role.AUDITOR:
            assert answer.status == 403, (action, answer.body)
        else:
            assert answer.status != 404 and answer.status < 500, (action, answer.body)
    if role is Role.AUDITOR:
        assert snapshot() == before
        assert (
            api.post(
                "/ccas", {"student_id": 1, "offering_id": 1, "school_year": 2025, "session": "S1"}
            ).status
            == 403
        )
    else:
        # The state's rejection went through (it is the one write above it may make first).
        assert CCA.objects.get(pk=cca.pk).status == "rejected_by_state"


@pytest.mark.parametrize("role", [r for r in Role if r not in STATE | BESIDE_SOEP_ROLES])
def test_a_role_acting_on_its_own_record_outside_its_part_is_refused(
    scene: Scene, role: Role, clock
) -> None:
    """In scope but not this role's decision: 403 (not permitted) or 409 (not now), never a
    change of the record by someone else's hand."""
    api = api_for(scene.world, role)
    cca = scene.ccas["A"]
    provider = {"provider-decision", "teacher-of-record", "course-start", "grade-progress"}
    provider |= {"at-risk", "intent-to-withdraw", "correction-request", "transcript"}
    school = {"counselor-review", "iep-forwarded", "transcript-due"}
    own = {"moves", "reinstatement"} | {
        Role.PROVIDER_STAFF: provider,
        Role.PROVIDER_ADMIN: provider,
        Role.LEA_APPROVER: {"lea-decision", "lea-cancellation", "iep-forwarded"},
        Role.COUNSELOR: school,
        Role.REGISTRAR: school,
    }.get(role, set())
    for action, body in write_operations(scene):
        if action in own:
            continue
        before = snapshot()
        answer = api.act(cca.pk, action, body)
        assert answer.status in (403, 409), (role, action, answer.body)
        assert snapshot() == before, (role, action)


def test_a_family_cannot_see_another_familys_record_even_by_guessing(scene: Scene) -> None:
    api: Api = api_for(scene.world, Role.PARENT)
    for name in "BCD":
        answer = api.get(f"/ccas/{scene.ccas[name].pk}")
        assert answer.status == 404 and "Tester" not in str(answer.body)
