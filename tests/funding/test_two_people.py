"""Two people for a payment run: the state administrator who approved a month's run may not also
post it, unless the school year's policy lets one person do both (``payment_run_people``), on
the service, the command and the page."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from seats.core.services.policy import set_policy
from seats.domain.errors import NotPermitted
from seats.domain.roles import Role
from seats.funding.models import Entry, PaymentRun
from seats.funding.services.approval import approve_run, post_approved
from tests.factories import build_world, user_with

from .helpers import confirmed_at, denver, load_msp

pytestmark = pytest.mark.django_db

NOW = denver(2025, 10, 15)


@pytest.fixture
def world():
    w = build_world()
    load_msp(2025)
    confirmed_at(w, denver(2025, 10, 7, 10))
    return w


def test_the_approver_may_not_post_another_administrator_may(world) -> None:
    approver = world.actor(Role.STATE_ADMIN)
    approve_run(actor=approver, month="2025-10", now=NOW)
    with pytest.raises(NotPermitted, match="another state administrator must post it") as caught:
        post_approved(actor=approver, month="2025-10", now=NOW)
    assert caught.value.rule == "separation of duties: policy payment_run_people"
    assert not PaymentRun.objects.exists() and not Entry.objects.exists()
    other = user_with(Role.STATE_ADMIN, world.state, username="second-admin")
    progress = post_approved(actor=other, month="2025-10", now=NOW)
    assert progress.state == "posted" and Entry.objects.count() == 1


def test_a_dated_policy_lets_one_person_do_both(world) -> None:
    set_policy(
        school_year=2025,
        key="payment_run_people",
        value=1,
        effective_on=date(2025, 7, 1),
        reason="a one-person office this year",
    )
    admin = world.actor(Role.STATE_ADMIN)
    approve_run(actor=admin, month="2025-10", now=NOW)
    assert post_approved(actor=admin, month="2025-10", now=NOW).state == "posted"


def test_the_command_says_so(world) -> None:
    admin = world.actor(Role.STATE_ADMIN).user.username
    out = StringIO()
    call_command("payments", "approve", "--month", "2025-10", "--user", admin, stdout=out)
    assert "Another state administrator posts it" in out.getvalue()
    with pytest.raises(CommandError, match="another state administrator must post it"):
        call_command("payments", "post", "--month", "2025-10", "--user", admin)
    user_with(Role.STATE_ADMIN, world.state, username="second-admin")
    call_command("payments", "post", "--month", "2025-10", "--user", "second-admin", stdout=out)
    assert "Posted 1 entries" in out.getvalue() and Entry.objects.count() == 1
    with pytest.raises(CommandError, match="--user: 'nobody' is not an active state admin"):
        call_command("payments", "post", "--month", "2025-10", "--user", "nobody")


def test_the_page_says_so(world, client) -> None:
    admin = world.actor(Role.STATE_ADMIN)
    approve_run(actor=admin, month="2025-10", now=NOW)
    client.force_login(admin.user)
    page = client.get("/funding/runs/?month=2025-10").content.decode()
    assert "another state administrator must post it" in page and 'id="post-form"' not in page
    refused = client.post("/funding/runs/", {"month": "2025-10", "action": "post"})
    assert refused.status_code == 403 or "another state administrator" in refused.content.decode()
    assert not PaymentRun.objects.exists()
    client.force_login(user_with(Role.STATE_ADMIN, world.state, username="second-admin").user)
    assert 'id="post-form"' in client.get("/funding/runs/?month=2025-10").content.decode()
