"""The funding records in the back office: every model is registered, its list and record pages
open for state staff, and nothing can be added, changed or deleted there (the ledger is
append-only; the rest changes through the services)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from seats.core.models import User
from seats.core.services.requests import decide_as_lea
from seats.domain.roles import Role
from seats.funding.services.appropriation import set_appropriation
from seats.funding.services.approval import approve_run, post_approved
from seats.funding.services.holds import release_hold, set_hold
from tests.factories import build_world, make_student

from .helpers import SYSTEM, confirmed_at, denver, load_msp

pytestmark = pytest.mark.django_db
MODELS = list(apps.get_app_config("seats_funding").get_models())


@pytest.fixture
def staff() -> Client:
    world = build_world()
    load_msp()
    confirmed_at(world, denver(2025, 10, 7, 10))
    hold = set_hold(actor=SYSTEM, scope="lea", target_id=world.housing_lea.pk, reason="fraud")
    release_hold(actor=SYSTEM, hold_id=hold.pk)
    with freeze_time(denver(2025, 10, 15)):
        approve_run(actor=SYSTEM, month="2025-10")
        post_approved(actor=SYSTEM, month="2025-10")
    set_appropriation(actor=SYSTEM, school_year=2025, amount="1000.00")
    student = make_student(
        world,
        primary_lea=world.home,
        primary_school=None,
        is_home_school=True,
        home_school_acknowledged=True,
        proof_of_age_identity=True,
    )
    cca = world.submit(student=student, actor=world.actor(Role.STATE_SPECIALIST))
    decide_as_lea(
        actor=world.actor(Role.STATE_SPECIALIST),
        cca_id=cca.pk,
        expected_version=cca.version,
        approve=True,
        accept_financial_responsibility=True,
    )
    client = Client()
    client.force_login(User.objects.create_superuser("boss", "b@example.org", "pw-unused-123"))
    return client


def _url(model: type, view: str, *args: object) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def test_every_funding_model_is_registered() -> None:
    assert [m.__name__ for m in MODELS if m not in admin.site._registry] == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_staff_read_every_funding_record_and_change_none(staff: Client, model: type) -> None:
    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"the fixture has no {model.__name__}"
    listing = staff.get(_url(model, "changelist"))
    assert listing.status_code == 200 and listing.context["cl"].result_count >= 1
    assert staff.get(_url(model, "change", obj.pk)).status_code == 200
    model_admin = admin.site._registry[model]
    request = listing.wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, obj)
    assert not model_admin.has_delete_permission(request, obj)
    assert staff.get(_url(model, "add")).status_code == 403
    assert staff.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()
