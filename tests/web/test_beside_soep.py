"""The roles beside SOEP (roles.BESIDE_SOEP_ROLES: pupil accounting's, SPEC 1, and adult
education's, issue 12) get 404 on SOEP's pages, like a record that does not exist, and keep what
is the person's own: sign-in, the home of their app, account security, the language, and (pupil
accounting) the inbox where its ten-day warnings arrive."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from seats.domain.roles import ADULTED_ROLES, BESIDE_SOEP_ROLES, MEMBERSHIP_ROLES, SOEP_ROLES, Role
from seats.web.nav import HOME, NAV
from tests.factories import build_world

pytestmark = pytest.mark.django_db

SOEP_PAGES = [
    ("web:ccas", {}),
    ("web:ccas_export", {"file_format": "csv"}),
    ("web:catalog", {}),
    ("web:deadline_calculator", {}),
]


def test_the_group_is_pupil_accounting_and_adult_education() -> None:
    assert BESIDE_SOEP_ROLES == MEMBERSHIP_ROLES | ADULTED_ROLES
    assert not BESIDE_SOEP_ROLES & SOEP_ROLES
    assert set(Role) == BESIDE_SOEP_ROLES | SOEP_ROLES


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize("role", sorted(BESIDE_SOEP_ROLES), ids=lambda r: r.value)
def test_soep_pages_answer_404_and_their_own_stay(world, role: Role) -> None:
    client = Client()
    client.force_login(world.actor(role).user)
    cca = world.submit()
    for name, kwargs in SOEP_PAGES:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    assert client.get(reverse("web:cca", args=[cca.pk])).status_code == 404
    home = client.get(reverse("web:home"))
    assert home.status_code == 302 and home["Location"] == reverse(HOME[role])
    assert client.get(reverse(HOME[role])).status_code == 200
    assert client.get(reverse("web:account_security")).status_code == 200
    language = client.post(reverse("web:language"), {"language": "es", "next": reverse(HOME[role])})
    assert language.status_code == 302
    inbox = client.get(reverse("web:notices")).status_code
    assert inbox == (200 if role in MEMBERSHIP_ROLES else 404)
    shown = {item.url_name for item in NAV if role in item.roles}
    assert not shown & {"web:ccas", "web:catalog", "web:deadline_calculator"}
    assert ("web:notices" in shown) is (role in MEMBERSHIP_ROLES)
