"""The counselor's SEOP/PCCR note, role by role (issue 8 item 4; SPEC 10 least privilege).

The matrix below is the decision (docs/security.md, "The access model"): every role that sees
the CCA gets the answer (``seop_consistent``); the note's text goes to the school that wrote it,
the LEA that decides on it, the state that audits it and the family (FERPA 34 CFR 99.10), not
to the provider. Checked in the API (detail, the answer to a write, the history) and on the
web pages (the CCA page and the provider's CCA page).
"""

from __future__ import annotations

import pytest
from django.test import Client

from seats.core.services.requests import review_as_counselor
from seats.domain.roles import BESIDE_SOEP_ROLES, Role
from tests.api.helpers import api_for

pytestmark = pytest.mark.django_db

NOTE = "SEOP-NOTE-7731: plan says algebra retake after counseling session"

#: role -> (sees the SEOP/PCCR answer, reads the note text)
MATRIX = {
    Role.STUDENT: (True, True),
    Role.PARENT: (True, True),
    Role.COUNSELOR: (True, True),
    Role.REGISTRAR: (True, True),
    Role.LEA_APPROVER: (True, True),
    Role.PROVIDER_STAFF: (True, False),
    Role.PROVIDER_ADMIN: (True, False),
    Role.STATE_SPECIALIST: (True, True),
    Role.STATE_ADMIN: (True, True),
    Role.AUDITOR: (True, True),
    Role.TEACHER: (False, False),  # pupil accounting: the CCA is not theirs to see at all
    Role.PUPIL_ACCOUNTING: (False, False),
    Role.ADULTED_STAFF: (False, False),  # adult education: nothing of SOEP
    Role.ADULTED_DIRECTOR: (False, False),
    Role.ADULTED_SPECIALIST: (False, False),
}
#: The roles of the systems beside SOEP: no CCA is theirs to see.
ELSEWHERE = BESIDE_SOEP_ROLES


def test_the_matrix_covers_every_role() -> None:
    assert set(MATRIX) == set(Role)


@pytest.fixture
def reviewed(world):
    cca = world.submit()
    return review_as_counselor(
        actor=world.actor(Role.COUNSELOR),
        cca_id=cca.pk,
        expected_version=cca.version,
        seop_consistent=True,
        note=NOTE,
    )


@pytest.mark.parametrize("role", list(Role))
def test_api_fields_by_role(world, reviewed, role: Role) -> None:
    answer_shown, note_shown = MATRIX[role]
    detail = api_for(world, role).get(f"/ccas/{reviewed.pk}")
    if role in ELSEWHERE:
        assert detail.status == 404
        return
    assert detail.status == 200, detail.body
    assert (detail.body["seop_consistent"] is True) == answer_shown
    assert detail.body["counselor_note"] == (NOTE if note_shown else None)
    review = [h for h in detail.body["history"] if h["action"] == "counselor_review"]
    assert len(review) == 1
    if not note_shown:
        assert "SEOP-NOTE-7731" not in detail.headers.get("ETag", "") + str(detail.body)
        assert "seop_consistent" in review[0]["details"]  # the answer's change stays
        assert "counselor_note" not in review[0]["details"]


@pytest.mark.parametrize("role", [Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN])
def test_a_providers_write_answer_has_no_note(world, reviewed, role: Role, clock) -> None:
    answer = api_for(world, role).act(reviewed.pk, "grade-progress", {"percent": 50})
    # Refused or not (the course has not started), no answer carries the note.
    assert "SEOP-NOTE-7731" not in str(answer.body)


def page(world, role: Role, url: str):
    client = Client()
    client.force_login(world.actor(role).user)
    return client.get(url)


@pytest.mark.parametrize("role", list(Role))
def test_web_pages_by_role(world, reviewed, role: Role) -> None:
    _answer_shown, note_shown = MATRIX[role]
    urls = [f"/ccas/{reviewed.pk}/"]
    if role in (Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN):
        urls.append(f"/provider/ccas/{reviewed.pk}/")
    for url in urls:
        response = page(world, role, url)
        if response.status_code == 302:  # staff without a second factor: not this test's point
            pytest.skip("MFA required in these settings")
        if role in ELSEWHERE:
            assert response.status_code == 404, (role, url)
            continue
        assert response.status_code == 200, (role, url)
        assert ("SEOP-NOTE-7731" in response.content.decode()) == note_shown, (role, url)


def test_the_provider_queue_shows_the_answer(world, reviewed) -> None:
    response = page(world, Role.PROVIDER_STAFF, "/ccas/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "SEOP Consistent" in body and "SEOP-NOTE-7731" not in body


def test_a_note_over_its_limit_is_refused_through_the_api_not_cut(world) -> None:
    from seats.core.models import CCA
    from seats.domain.disclosure import NOTE_MAX_CHARS

    cca = world.submit()
    api = api_for(world, Role.COUNSELOR)
    long = "n" * (NOTE_MAX_CHARS + 1)  # fits the API's 2,000-character text, not the note
    answer = api.act(cca.pk, "counselor-review", {"seop_consistent": True, "note": long})
    assert answer.status in (400, 422), answer.body
    assert "note" in str(answer.body)
    stored = CCA.objects.get(pk=cca.pk)
    assert stored.counselor_note == "" and stored.seop_consistent is None


@pytest.mark.parametrize("role", [Role.STUDENT, Role.PARENT])
def test_a_family_reads_history_actors_as_role_and_organisation(world, role: Role) -> None:
    cca = world.approve(world.submit())
    history = api_for(world, role).get(f"/ccas/{cca.pk}").body["history"]
    names = {h["action"]: h["actor_name"] for h in history}
    assert names["submit"] == "School counselor, Canyon View High"
    assert names["lea_approve"] == "LEA approver, Canyon View School District"
    staff = api_for(world, Role.STATE_SPECIALIST).get(f"/ccas/{cca.pk}").body["history"]
    assert {h["action"]: h["actor_name"] for h in staff}["lea_approve"] == "approver"
