"""Multi-factor sign-in (TOTP) for staff: enrolment end to end with a computed code, verifying,
wrong and replayed codes, recovery codes, the gate on every staff page and /admin/, and that
students, parents and the API never meet it."""

from __future__ import annotations

from binascii import unhexlify
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp import models as totp_models
from django_otp.plugins.otp_totp.models import TOTPDevice

from seats.core.services import mfa as mfa_services
from seats.domain.roles import Role
from seats.web.account import NEW_CODES, PENDING_KEY, THROTTLED
from seats.web.nav import HOME
from tests.api.helpers import token_for_role
from tests.factories import build_world

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


class Clock:
    """The TOTP clock of django-otp and of the service, moved by the tests in 30 s steps."""

    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def time(self) -> float:
        return self.now

    def tick(self, steps: int = 1) -> None:
        self.now += 30 * steps


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(totp_models, "time", fake)
    monkeypatch.setattr(mfa_services, "time", fake)
    return fake


@pytest.fixture
def world():
    world = build_world()
    world.register()
    for role in Role:
        user = world.actor(role).user
        user.set_password(PASSWORD)
        user.save()
    return world


@pytest.fixture
def required(settings):
    settings.SEATS_MFA_REQUIRED = True


def code_for(key_hex: str, clock: Clock) -> str:
    totp = TOTP(unhexlify(key_hex.encode()))
    totp.time = clock.now
    return f"{totp.token():06d}"


def enrolled(user, clock: Clock) -> TOTPDevice:
    """A confirmed authenticator and recovery codes, as enrolment leaves them."""
    key = mfa_services.new_secret()
    device, _ = mfa_services.confirm_enrolment(user=user, key=key, code=code_for(key, clock))
    clock.tick()  # the enrolment code is spent
    return device


def sign_in(world, role: Role, next_url: str = "") -> tuple[Client, object]:
    client = Client()
    user = world.actor(role).user
    data = {"username": user.username, "password": PASSWORD}
    url = reverse("web:login") + (f"?{urlencode({'next': next_url})}" if next_url else "")
    response = client.post(url, data | ({"next": next_url} if next_url else {}))
    assert response.status_code == 302, response.content[:300]
    return client, response


def step_url(name: str, destination: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': destination})}"


def let_otp_throttle_pass() -> None:
    """django-otp waits 1, 2, 4 ... seconds after wrong codes; move the last failure back."""
    long_ago = timezone.now() - timedelta(days=1)
    TOTPDevice.objects.update(throttling_failure_timestamp=long_ago)
    StaticDevice.objects.update(throttling_failure_timestamp=long_ago)


# --- Settings --------------------------------------------------------------------------------


def test_production_requires_mfa_by_default_and_development_does_not() -> None:
    from tests.core.test_settings import _production_env, _seats

    script = "from django.conf import settings as s; print(s.SEATS_MFA_REQUIRED)"
    prod = _seats("shell", "--no-imports", "-c", script, env=_production_env())
    assert prod.returncode == 0, prod.stderr
    assert prod.stdout.split() == ["True"]
    off = _production_env(SEATS_MFA_REQUIRED="false")
    assert _seats("shell", "--no-imports", "-c", script, env=off).stdout.split() == ["False"]
    dev = _production_env(DJANGO_SETTINGS_MODULE="seats.settings.development")
    assert _seats("shell", "--no-imports", "-c", script, env=dev).stdout.split() == ["False"]


# --- Signing in ------------------------------------------------------------------------------


def test_without_mfa_required_staff_sign_in_with_a_password_only(world) -> None:
    client, response = sign_in(world, Role.COUNSELOR)
    page = client.get(response.url, follow=True)
    assert page.status_code == 200 and page.request["PATH_INFO"] == reverse(HOME[Role.COUNSELOR])


def test_enrolment_end_to_end_when_required(world, clock, required) -> None:
    """Password, then the enrolment page (QR + secret), a code from the app, the recovery
    codes shown once, then the page first asked for."""
    client, response = sign_in(world, Role.REGISTRAR, next_url="/notices/")
    assert response.url == "/notices/"
    gate = client.get("/notices/")
    assert gate.url == step_url("web:mfa_enrol", "/notices/")

    page = client.get(gate.url)
    text = page.content.decode()
    assert page.status_code == 200 and "Set up your authenticator app" in text
    assert "<svg" in text and 'role="img"' in text  # the QR code, drawn inline
    key = client.session[PENDING_KEY]
    secret = page.context["secret"]
    assert secret.replace(" ", "") in text.replace(" ", "") and len(secret.replace(" ", "")) == 32

    wrong = client.post(gate.url, {"code": "000000", "next": "/notices/"})
    assert wrong.status_code == 200 and "That code does not match" in wrong.content.decode()
    assert not TOTPDevice.objects.exists()

    done = client.post(gate.url, {"code": code_for(key, clock), "next": "/notices/"})
    assert done.url == step_url("web:mfa_recovery_codes", "/notices/")
    device = TOTPDevice.objects.get(user=world.actor(Role.REGISTRAR).user)
    assert device.confirmed and device.key == key
    shown = client.get(done.url)
    codes = shown.context["codes"]
    assert len(codes) == 10 and all(c in shown.content.decode() for c in codes)
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    again = client.get(done.url)
    assert again.context["codes"] is None and codes[0] not in again.content.decode()
    assert "shown only once" in again.content.decode()
    assert client.get("/notices/").status_code == 200
    assert PENDING_KEY not in client.session and NEW_CODES not in client.session


def test_an_enrolled_person_verifies_even_where_mfa_is_optional(world, clock) -> None:
    device = enrolled(world.actor(Role.PROVIDER_STAFF).user, clock)
    client, response = sign_in(world, Role.PROVIDER_STAFF, next_url="/provider/census/")
    gate = client.get(response.url)
    assert gate.url == step_url("web:mfa_verify", "/provider/census/")
    page = client.get(gate.url)
    assert "Enter the 6-digit code from your authenticator app" in page.content.decode()
    assert page.context["nav"] == []  # no menu of pages that would only send them back here
    done = client.post(gate.url, {"code": code_for(device.key, clock), "next": "/provider/census/"})
    assert done.url == "/provider/census/"
    assert client.get("/provider/census/").status_code == 200


def test_every_staff_page_waits_for_the_code_and_exempt_pages_do_not(world, clock) -> None:
    enrolled(world.actor(Role.STATE_ADMIN).user, clock)
    cca = world.submit()
    client, _ = sign_in(world, Role.STATE_ADMIN)
    for url in ("/", "/ccas/", f"/ccas/{cca.pk}/", "/notices/", "/catalog/", "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == step_url("web:mfa_verify", url), url
    assert client.get(reverse("web:health")).status_code == 200
    assert client.get(reverse("web:login")).status_code == 302  # on to the gate, no loop
    assert client.get(reverse("web:mfa_verify")).status_code == 200
    assert client.post(reverse("web:logout")).url == reverse("web:login")
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused_clearly_and_throttled(world, clock) -> None:
    device = enrolled(world.actor(Role.COUNSELOR).user, clock)
    client, _ = sign_in(world, Role.COUNSELOR)
    url = reverse("web:mfa_verify")
    wrong = client.post(url, {"code": "123456"})
    assert wrong.status_code == 200
    assert "That code is not right, or it was already used" in wrong.content.decode()
    right_too_soon = client.post(url, {"code": code_for(device.key, clock)})
    assert right_too_soon.status_code == 429  # django-otp's wait after a wrong code
    assert "Too many wrong codes in a row" in right_too_soon.content.decode()
    for _ in range(4):
        let_otp_throttle_pass()
        client.post(url, {"code": "654321"})
    let_otp_throttle_pass()
    locked = client.post(url, {"code": code_for(device.key, clock)})
    assert locked.status_code == 429 and THROTTLED in locked.content.decode()
    assert client.get("/ccas/").status_code == 302  # still not verified


def test_a_code_cannot_be_replayed(world, clock) -> None:
    device = enrolled(world.actor(Role.COUNSELOR).user, clock)
    code = code_for(device.key, clock)
    first, _ = sign_in(world, Role.COUNSELOR)
    assert first.post(reverse("web:mfa_verify"), {"code": code}).status_code == 302
    assert first.get("/ccas/").status_code == 200
    second, _ = sign_in(world, Role.COUNSELOR)
    replay = second.post(reverse("web:mfa_verify"), {"code": code})
    assert replay.status_code == 200 and "already used" in replay.content.decode()
    assert second.get("/ccas/").status_code == 302


def test_a_recovery_code_works_once(world, clock) -> None:
    user = world.actor(Role.LEA_APPROVER).user
    enrolled(user, clock)
    code = StaticToken.objects.filter(device__user=user).values_list("token", flat=True)[0]
    first, _ = sign_in(world, Role.LEA_APPROVER)
    spaced = f"{code[:4]} {code[4:].upper()}"  # as people type it
    assert first.post(reverse("web:mfa_verify"), {"code": spaced}).status_code == 302
    assert first.get("/ccas/").status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    second, _ = sign_in(world, Role.LEA_APPROVER)
    again = second.post(reverse("web:mfa_verify"), {"code": code})
    assert again.status_code == 200 and second.get("/ccas/").status_code == 302


def test_next_must_stay_on_this_site(world, clock) -> None:
    device = enrolled(world.actor(Role.COUNSELOR).user, clock)
    client, _ = sign_in(world, Role.COUNSELOR)
    response = client.post(
        reverse("web:mfa_verify"),
        {"code": code_for(device.key, clock), "next": "https://evil.example/steal"},
    )
    assert response.url == "/"


def test_the_factor_pages_reveal_nothing_to_a_stranger(world) -> None:
    client = Client()
    for name in ("web:mfa_verify", "web:mfa_enrol", "web:mfa_recovery_codes"):
        for response in (client.get(reverse(name)), client.post(reverse(name), {"code": "1"})):
            assert response.status_code == 302
            assert response.url.startswith(reverse("web:login"))


# --- Students, parents, the API --------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.STUDENT, Role.PARENT])
def test_students_and_parents_never_meet_mfa(world, required, role: Role) -> None:
    client, response = sign_in(world, role)
    page = client.get(response.url, follow=True)
    assert page.status_code == 200 and page.request["PATH_INFO"] == reverse(HOME[role])
    assert "Account security" not in page.content.decode()
    for name in ("web:mfa_verify", "web:mfa_enrol", "web:mfa_recovery_codes"):
        assert client.get(reverse(name)).url == reverse("web:home")
    assert client.get(reverse("web:account_security")).status_code == 404


def test_the_api_is_not_affected(world, required) -> None:
    token = token_for_role(world, Role.COUNSELOR)
    response = Client().get("/api/v1/ccas", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


# --- The back office -------------------------------------------------------------------------


def test_admin_needs_a_verified_session_when_required(world, clock, required) -> None:
    user = world.actor(Role.STATE_ADMIN).user
    user.is_staff = user.is_superuser = True
    user.save()
    anonymous = Client().get("/admin/", follow=True)
    assert anonymous.request["PATH_INFO"] == reverse("web:login")
    client, _ = sign_in(world, Role.STATE_ADMIN)
    assert client.get("/admin/").url == step_url("web:mfa_enrol", "/admin/")
    device = enrolled(user, clock)
    assert client.get("/admin/").url == step_url("web:mfa_verify", "/admin/")
    client.post(reverse("web:mfa_verify"), {"code": code_for(device.key, clock)})
    assert client.get("/admin/").status_code == 200
    devices = client.get("/admin/otp_totp/totpdevice/")
    assert devices.status_code == 200 and user.username in devices.content.decode()


def test_an_admin_account_without_a_role_is_gated_too(world, required) -> None:
    from seats.core.models import User

    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    client = Client()
    client.post(reverse("web:login"), {"username": "root", "password": PASSWORD})
    assert client.get("/admin/").url == step_url("web:mfa_enrol", "/admin/")
    login_page = client.get(reverse("admin:login"))
    assert login_page.url.startswith(reverse("web:mfa_enrol"))


# --- Account security ------------------------------------------------------------------------


def test_account_security_shows_the_state_and_makes_new_recovery_codes(world, clock) -> None:
    user = world.actor(Role.PROVIDER_ADMIN).user
    client, _ = sign_in(world, Role.PROVIDER_ADMIN)
    page = client.get(reverse("web:account_security"))
    text = page.content.decode()
    assert "Off." in text and reverse("web:mfa_enrol") in text
    assert 'href="/accounts/security/"' in text  # in the menu
    device = enrolled(user, clock)
    client.post(reverse("web:mfa_verify"), {"code": code_for(device.key, clock)})
    old = set(StaticToken.objects.values_list("token", flat=True))
    page = client.get(reverse("web:account_security"))
    assert "On." in page.content.decode() and page.context["status"].recovery_codes_left == 10

    refused = client.post(
        reverse("web:account_security"), {"action": "recovery_codes", "code": next(iter(old))}
    )
    assert refused.status_code == 400 and "6-digit code" in refused.content.decode()
    clock.tick()
    made = client.post(
        reverse("web:account_security"),
        {"action": "recovery_codes", "code": code_for(device.key, clock)},
    )
    assert made.url == reverse("web:mfa_recovery_codes")
    new = client.get(made.url).context["codes"]
    assert len(new) == 10 and not set(new) & old
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_mfa_can_be_turned_off_only_where_optional(world, clock, settings) -> None:
    user = world.actor(Role.AUDITOR).user
    device = enrolled(user, clock)
    client, _ = sign_in(world, Role.AUDITOR)
    client.post(reverse("web:mfa_verify"), {"code": code_for(device.key, clock)})
    clock.tick()
    settings.SEATS_MFA_REQUIRED = True
    page = client.get(reverse("web:account_security"))
    assert "cannot be turned off" in page.content.decode()
    refused = client.post(
        reverse("web:account_security"), {"action": "turn_off", "code": code_for(device.key, clock)}
    )
    assert refused.status_code == 400 and TOTPDevice.objects.filter(user=user).exists()
    settings.SEATS_MFA_REQUIRED = False
    off = client.post(
        reverse("web:account_security"), {"action": "turn_off", "code": code_for(device.key, clock)}
    )
    assert off.url == reverse("web:account_security")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert "Multi-factor sign-in is off" in client.get(off.url).content.decode()


def test_a_person_cannot_enrol_a_second_authenticator(world, clock) -> None:
    user = world.actor(Role.COUNSELOR).user
    enrolled(user, clock)
    key = mfa_services.new_secret()
    with pytest.raises(mfa_services.MfaRefused, match="already have an authenticator"):
        mfa_services.confirm_enrolment(user=user, key=key, code=code_for(key, clock))
    assert TOTPDevice.objects.filter(user=user).count() == 1
