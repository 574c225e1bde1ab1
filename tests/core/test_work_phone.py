"""A staff member's work phone (issue 9): the service and the back office check it alike."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from seats.core.services.preferences import set_work_phone
from seats.domain.errors import InvalidInput
from seats.domain.roles import Role
from tests.factories import build_world

pytestmark = pytest.mark.django_db


def test_the_service_keeps_a_valid_phone_and_refuses_a_bad_one() -> None:
    user = build_world().actor(Role.COUNSELOR).user
    set_work_phone(user=user, phone=" 801  555-0142 ")
    user.refresh_from_db()
    assert user.phone == "801 555-0142"
    with pytest.raises(InvalidInput):
        set_work_phone(user=user, phone="555-01")
    user.refresh_from_db()
    assert user.phone == "801 555-0142"
    set_work_phone(user=user, phone="")
    user.refresh_from_db()
    assert user.phone == ""


def test_the_back_office_refuses_a_bad_phone() -> None:
    user = build_world().actor(Role.COUNSELOR).user
    user.phone = "call me"
    with pytest.raises(ValidationError) as refused:
        user.full_clean()
    assert "phone" in refused.value.message_dict


def test_a_counselor_sets_their_work_phone_on_the_account_page() -> None:
    from django.test import Client
    from django.urls import reverse

    world = build_world()
    user = world.actor(Role.COUNSELOR).user
    client = Client()
    client.force_login(user)
    page = client.get(reverse("web:account_security"))
    assert page.status_code == 200 and 'name="phone"' in page.content.decode()
    refused = client.post(reverse("web:account_security"), {"action": "phone", "phone": "12"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "usa-error-message" in text and 'value="12"' in text
    form = {"action": "phone", "phone": "801-555-0142"}
    saved = client.post(reverse("web:account_security"), form)
    assert saved.status_code == 302
    user.refresh_from_db()
    assert user.phone == "801-555-0142"
