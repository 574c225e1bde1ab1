"""Tokens: the `seats token` command, the token page, and what is stored."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from seats.api.models import ApiToken
from seats.api.tokens import digest
from seats.core.models import RoleMembership
from seats.domain.roles import Role
from tests.api.helpers import Api
from tests.factories import user_with

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def test_create_prints_the_secret_once_and_stores_only_its_hash(world) -> None:
    output = run("create", "provider", "--name", "SIS sync")
    secret = output.strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert secret.startswith(f"seats_{token.prefix}_") and token.name == "SIS sync"
    assert token.secret_hash == digest(secret) and secret not in str(token.__dict__)
    assert token.membership.role == "provider_staff" and token.expires_at is not None
    listed = Api(secret).get("/ccas")
    assert listed.status == 200
    assert secret not in run("list")


def test_a_user_with_several_roles_must_name_one(world) -> None:
    user = world.actor(Role.COUNSELOR).user
    RoleMembership.objects.create(user=user, role=Role.REGISTRAR.value, organisation=world.school)
    with pytest.raises(CommandError, match="several roles"):
        run("create", "counselor")
    output = run(
        "create", "counselor", "--role", "registrar", "--organisation", "SCH1", "--days", "0"
    )
    assert "as registrar at SCH1 (no expiry)" in output
    assert ApiToken.objects.get().expires_at is None
    with pytest.raises(CommandError, match="Unknown role"):
        run("create", "counselor", "--role", "wizard")
    with pytest.raises(CommandError, match="no user"):
        run("create", "nobody")


def test_revoke_by_prefix_stops_the_token(world) -> None:
    secret = run("create", "approver").strip().splitlines()[-1]
    prefix = secret.split("_", 2)[1]
    assert Api(secret).get("/ccas").status == 200
    assert "revoked" in run("revoke", prefix)
    assert Api(secret).get("/ccas").status == 401
    with pytest.raises(CommandError, match="no token"):
        run("revoke", "ffffffff")


def test_the_token_page_needs_a_sign_in(world) -> None:
    response = Client().get("/api/v1/tokens/")
    assert response.status_code == 302 and "next=/api/v1/tokens/" in response["Location"]


def test_the_token_page_creates_lists_and_revokes_the_users_own_tokens(world) -> None:
    actor = world.actor(Role.PROVIDER_STAFF)
    client = Client(enforce_csrf_checks=True)
    client.force_login(actor.user)
    page = client.get("/api/v1/tokens/")
    assert page.status_code == 200 and "No tokens yet" in page.content.decode()
    csrf = page.cookies["csrftoken"].value
    membership = RoleMembership.objects.get(user=actor.user)
    refused = client.post("/api/v1/tokens/", {"membership": membership.pk, "name": "x"})
    assert refused.status_code == 403  # no CSRF token
    created = client.post(
        "/api/v1/tokens/",
        {"membership": membership.pk, "name": "nightly", "csrfmiddlewaretoken": csrf},
    )
    html = created.content.decode()
    token = ApiToken.objects.get()
    assert created.status_code == 200 and f"seats_{token.prefix}_" in html
    assert created["Cache-Control"].startswith("max-age=0")
    assert (
        Api(html.split("<code>seats_")[1].split("</code>")[0].join(["seats_", ""]))
        .get("/ccas")
        .status
        == 200
    )
    again = client.get("/api/v1/tokens/").content.decode()
    assert token.prefix in again and "seats_" + token.prefix + "_" not in again  # shown once
    other = user_with(Role.PROVIDER_STAFF, world.provider, "someone-else")
    other_membership = RoleMembership.objects.get(user=other.user)
    stolen = client.post(
        "/api/v1/tokens/",
        {"membership": other_membership.pk, "csrfmiddlewaretoken": csrf},
    )
    assert stolen.status_code == 400 and ApiToken.objects.count() == 1
    revoked = client.post(f"/api/v1/tokens/{token.prefix}/revoke/", {"csrfmiddlewaretoken": csrf})
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_nobody_revokes_someone_elses_token_from_the_page(world) -> None:
    secret = run("create", "approver").strip().splitlines()[-1]
    prefix = secret.split("_", 2)[1]
    client = Client()
    client.force_login(world.actor(Role.PROVIDER_STAFF).user)
    assert client.post(f"/api/v1/tokens/{prefix}/revoke/").status_code == 404
    assert Api(secret).get("/ccas").status == 200
