"""A staff member sets up multi-factor sign-in through the real pages (MFA required): the
enrolment page with its QR code, the recovery codes, Account security, then signs in again with
a recovery code. Every page passes axe-core; the enrolment page is saved as
var/screenshots/mfa-enrolment.png."""

from __future__ import annotations

from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from seats.domain.roles import Role
from seats.web.nav import HOME
from tests.factories import build_world

from .conftest import assert_accessible, axe_violations, describe, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def counselor(live_server, settings):
    settings.SEATS_MFA_REQUIRED = True
    world = build_world()
    world.register()
    world.submit()
    user = world.actor(Role.COUNSELOR).user
    user.set_password("seats-demo")
    user.save()
    return user


def test_enrol_through_the_pages(page, live_server, counselor) -> None:
    sign_in(page, live_server, counselor.username)
    assert "/accounts/authenticator/" in page.url, page.url
    assert page.locator("h1").inner_text() == "Set up your authenticator app"
    assert page.locator(".qr svg").count() == 1
    assert_accessible(page)
    screenshot(page, "mfa-enrolment")

    page.fill("#id_code", "000000")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "That code does not match" in page.locator("[role=alert]").inner_text()
    assert describe(axe_violations(page)) == ""

    secret = page.locator("#secret").inner_text().replace(" ", "")
    page.fill("#id_code", f"{TOTP(b32decode(secret)).token():06d}")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/recovery-codes/" in page.url, page.url
    codes = page.locator("ul.codes code").all_inner_texts()
    assert len(codes) == 10
    assert describe(axe_violations(page)) == ""
    assert TOTPDevice.objects.get(user=counselor).confirmed

    page.click("text=I have saved them. Continue")
    page.wait_for_load_state()
    assert page.url.endswith(reverse(HOME[Role.COUNSELOR])), page.url
    page.click("nav >> text=Account security")
    page.wait_for_load_state()
    assert "On." in page.locator("main").inner_text()
    assert_accessible(page)

    page.click("button.link")  # sign out
    page.wait_for_load_state()
    sign_in(page, live_server, counselor.username)
    assert "/accounts/verify/" in page.url, page.url
    assert_accessible(page)
    page.fill("#id_code", codes[0])
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith(reverse(HOME[Role.COUNSELOR])), page.url
