"""Text limits of the web forms (issue 8 item 8): text over a field's limit is refused with the
message at that field and nothing is saved; text at the limit is saved whole, never cut."""

from __future__ import annotations

import pytest
from django.urls import reverse

from seats.core.models import CCA, CCAHistory
from seats.domain.roles import Role
from seats.web.limits import TEXT_LIMITS
from tests.core.helpers_lifecycle import confirmed
from tests.factories import build_world
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db


def _review(client, cca, note: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("web:school_review", args=[cca.pk]),
        {"seop_consistent": "yes", "version": cca.version, "note": note},
    )


def test_a_counselor_note_over_the_limit_is_refused_at_the_field() -> None:
    world = build_world()
    world.register()
    cca = world.submit()
    client = signed_in(world, Role.COUNSELOR)
    too_long = "n" * 1001
    page = _review(client, cca, too_long)
    assert page.status_code == 400
    text = page.content.decode()
    assert 'id="review-note-error"' in text and "At most 1000 characters fit here" in text
    assert 'aria-describedby="review-note-error"' in text
    assert too_long in text  # what was typed is kept for shortening, not cut
    assert CCA.objects.get(pk=cca.pk).counselor_note == ""  # nothing saved
    at_limit = "m" * 1000
    assert _review(client, cca, at_limit).status_code == 302
    assert CCA.objects.get(pk=cca.pk).counselor_note == at_limit  # whole


def test_a_provider_reason_over_the_limit_is_refused_at_the_field() -> None:
    world = build_world()
    cca = confirmed(world)
    client = signed_in(world, Role.PROVIDER_STAFF)
    before = CCAHistory.objects.filter(cca=cca).count()
    answer = client.post(
        reverse("web:provider_act", args=[cca.pk]),
        {"action": "at_risk", "version": cca.version, "flag": "set", "reason": "r" * 501},
        follow=True,
    )
    text = answer.content.decode()
    assert 'id="pa-risk-reason-error"' in text and "At most 500 characters fit here" in text
    assert 'id="pa-move-reason-error"' not in text  # at this form's field, not the others
    assert CCAHistory.objects.filter(cca=cca).count() == before
    assert not CCA.objects.get(pk=cca.pk).at_risk


@pytest.mark.parametrize("name", sorted(TEXT_LIMITS))
def test_every_limit_matches_the_templates_maxlength(name: str) -> None:
    from pathlib import Path

    import seats.web

    templates = Path(seats.web.__file__).parent / "templates"
    found = {
        line
        for path in templates.rglob("*.html")
        for line in path.read_text(encoding="utf-8").splitlines()
        if f'name="{name}"' in line and "maxlength=" in line
    }
    assert found, name
    assert all(f'maxlength="{TEXT_LIMITS[name]}"' in line for line in found), found


def test_a_policy_reason_over_its_column_is_refused_not_cut() -> None:
    from datetime import date

    from seats.core.models import PolicySetting
    from seats.core.services.policy import set_policy
    from seats.domain.errors import InvalidInput

    kw = dict(school_year=2025, key="lea_decision_days", value=5, effective_on=date(2025, 7, 1))
    with pytest.raises(InvalidInput) as refused:
        set_policy(**kw, reason="x" * 256)
    assert refused.value.field == "reason" and "at most 255" in refused.value.message
    assert set_policy(**kw, reason="y" * 255).reason == "y" * 255
    assert PolicySetting.objects.count() == 1
