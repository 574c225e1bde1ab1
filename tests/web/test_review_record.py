"""The counselor's SEOP/PCCR review (issue 9, section 3): its answer and note are in the history
and on the LEA's view of the request; a second review shows the first and records the change;
a note over its limit is refused everywhere, never cut."""

from __future__ import annotations

import pytest
from django.urls import reverse

from seats.core.models import CCAHistory
from seats.core.services.requests import review_as_counselor
from seats.domain.disclosure import NOTE_MAX_CHARS
from seats.domain.errors import InvalidInput
from seats.domain.roles import Role
from tests.factories import build_world
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    w.register()
    return w


def review(world, cca, consistent: bool, note: str):  # type: ignore[no-untyped-def]
    cca.refresh_from_db()
    return review_as_counselor(
        actor=world.actor(Role.COUNSELOR),
        cca_id=cca.pk,
        expected_version=cca.version,
        seop_consistent=consistent,
        note=note,
    )


def page(world, role: Role, url: str) -> str:  # type: ignore[no-untyped-def]
    return signed_in(world, role).get(url).content.decode()


def test_the_lea_reads_the_review_before_deciding(world) -> None:
    cca = world.submit()
    review(world, cca, True, "Fits the four-year plan.")
    pages = (reverse("web:cca", args=[cca.pk]), reverse("web:school_lea_approve", args=[cca.pk]))
    for url in pages:
        html = page(world, Role.LEA_APPROVER, url)
        assert "Consistent with the SEOP/PCCR: Yes" in html, url
        assert "Fits the four-year plan." in html, url
    provider = page(world, Role.PROVIDER_STAFF, reverse("web:cca", args=[cca.pk]))
    assert "Consistent with the SEOP/PCCR: Yes" in provider
    assert "Fits the four-year plan." not in provider  # the provider gets the answer only


def test_a_second_review_shows_the_first_and_records_the_change(world) -> None:
    cca = world.submit()
    review(world, cca, True, "Fits the plan.")
    form = page(world, Role.COUNSELOR, reverse("web:school_review", args=[cca.pk]))
    assert "Consistent with the SEOP/PCCR: Yes" in form and "Fits the plan." in form
    review(world, cca, False, "Already has the credit.")
    entries = CCAHistory.objects.filter(cca=cca, action="counselor_review").order_by("seq")
    assert [e.details["seop_consistent"] for e in entries] == [
        {"from": None, "to": True},
        {"from": True, "to": False},
    ]
    assert entries[1].details["counselor_note"] == {
        "from": "Fits the plan.",
        "to": "Already has the credit.",
    }
    history = page(world, Role.LEA_APPROVER, reverse("web:cca", args=[cca.pk]))
    history = history.split("What happened", 1)[1]
    assert "Consistent with the SEOP/PCCR: No (changed from Yes)" in history
    assert "Earlier note: Fits the plan." in history
    assert "Note: Fits the plan." in history  # the first review stays in the history
    family = page(world, Role.PARENT, reverse("web:cca", args=[cca.pk]))
    assert "Consistent with the SEOP/PCCR: No (changed from Yes)" in family


def test_a_note_over_its_limit_is_refused_by_the_service(world) -> None:
    cca = world.submit()
    with pytest.raises(InvalidInput) as refused:
        review(world, cca, True, "x" * (NOTE_MAX_CHARS + 1))
    assert refused.value.field == "note"
    cca.refresh_from_db()
    assert cca.seop_consistent is None and cca.counselor_note == ""
    review(world, cca, True, "  " + "x" * NOTE_MAX_CHARS + "  ")  # the limit itself fits
    cca.refresh_from_db()
    assert cca.counselor_note == "x" * NOTE_MAX_CHARS


def test_a_note_over_its_limit_is_refused_on_the_web(world) -> None:
    cca = world.submit()
    response = signed_in(world, Role.COUNSELOR).post(
        reverse("web:school_review", args=[cca.pk]),
        {"version": cca.version, "seop_consistent": "yes", "note": "y" * (NOTE_MAX_CHARS + 1)},
    )
    assert response.status_code == 400
    cca.refresh_from_db()
    assert cca.seop_consistent is None and cca.counselor_note == ""
