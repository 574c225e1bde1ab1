"""Sign-in throttling (issue 8 item 7): per account with increasing delays, per client address at
a much higher limit, the address from the trusted proxy's header only."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from seats.domain.roles import Role
from seats.web import throttle
from tests.factories import build_world, user_with

pytestmark = pytest.mark.django_db

SCHOOL_CODE = "SCH1"
SCHOOL = "203.0.113.7"  # one address for the whole school (its NAT or the proxy)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(throttle, "_now", fake)
    return fake


def _sign_in(username: str, password: str, address: str = SCHOOL):
    client = Client(REMOTE_ADDR=address)
    return client, client.post(reverse("web:login"), {"username": username, "password": password})


def _person(name: str, password: str = "right horse"):
    from seats.core.models import Organisation

    user = user_with(Role.COUNSELOR, Organisation.objects.get(code=SCHOOL_CODE), name).user
    user.set_password(password)
    user.save()
    return user


def test_a_school_behind_one_address_signs_in_while_one_account_is_attacked(clock) -> None:
    build_world()
    _person("counselor1", "secret counselor")
    pupils = [_person(f"pupil{i}") for i in range(30)]
    refused = 0
    for round_ in range(4):  # the attacker guesses between the pupils' sign-ins
        for i, pupil in enumerate(pupils):
            if i % 3 == 0:
                _, guess = _sign_in("counselor1", f"guess-{round_}-{i}")
                refused += guess.status_code == 429
            if round_ == 0 and i % 10 == 0:  # some mistype first
                assert _sign_in(pupil.username, "typo")[1].status_code == 200
            client, ok = _sign_in(pupil.username, "right horse")
            assert ok.status_code == 302, ok.content.decode()[:300]
            assert client.session["_auth_user_id"] == str(pupil.pk)
            clock.now += 1
    assert refused >= 30  # the attacker got 5 free guesses, then waits
    # The counselor's account waits; the real counselor is told how long.
    client, late = _sign_in("counselor1", "secret counselor")
    assert late.status_code == 429 and "_auth_user_id" not in client.session
    assert "Too many failed sign-ins for this account" in late.content.decode()
    assert int(late["Retry-After"]) > 0
    clock.now += int(late["Retry-After"])
    assert _sign_in("counselor1", "secret counselor")[1].status_code == 302


def test_the_delays_grow_then_a_good_sign_in_clears_them(clock) -> None:
    build_world()
    _person("counselor1", "secret counselor")
    for _ in range(5):
        assert _sign_in("counselor1", "wrong")[1].status_code == 200
    waits = []
    for _ in range(4):
        refused = _sign_in("counselor1", "wrong")[1]
        assert refused.status_code == 429  # no password is checked while it waits
        waits.append(int(refused["Retry-After"]))
        clock.now += waits[-1]
        assert _sign_in("counselor1", "wrong")[1].status_code == 200
    assert waits == [30, 60, 120, 240]
    assert _sign_in("counselor1", "wrong")[1]["Retry-After"] == "480"
    clock.now += 480
    assert _sign_in("counselor1", "secret counselor")[1].status_code == 302
    # afresh: five free tries again
    assert _sign_in("counselor1", "wrong")[1].status_code == 200
    assert throttle.delay_after(40) == 15 * 60  # capped


@override_settings(SEATS_LOGIN_ADDRESS_MAX_FAILURES=100)
def test_one_address_spraying_many_accounts_is_refused_at_the_higher_limit(clock) -> None:
    build_world()
    _person("pupil1")
    for i in range(100):
        assert _sign_in(f"nobody{i}", "guess")[1].status_code == 200
    refused = _sign_in("pupil1", "right horse")[1]
    assert refused.status_code == 429
    assert "from this network" in refused.content.decode()
    assert _sign_in("pupil1", "right horse", address="198.51.100.9")[1].status_code == 302
    clock.now += int(refused["Retry-After"])
    # the window's counters expire in the cache itself; the start time says when
    throttle.cache.delete(throttle._address_key(SCHOOL))
    assert _sign_in("pupil1", "right horse")[1].status_code == 302


def test_the_client_address_comes_from_the_trusted_header_only() -> None:
    factory = RequestFactory()
    forged = factory.post("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert throttle.client_address(forged) == "10.0.0.5"  # default: no header is trusted
    with override_settings(SEATS_TRUSTED_PROXY_HEADER="X-Forwarded-For"):
        assert throttle.client_address(forged) == "1.2.3.4"
        hops = factory.post("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4")
        assert throttle.client_address(hops) == "1.2.3.4"  # the proxy's own hop, not the client's
        bare = factory.post("/", REMOTE_ADDR="10.0.0.5")
        assert throttle.client_address(bare) == "10.0.0.5"


@override_settings(SEATS_TRUSTED_PROXY_HEADER="X-Forwarded-For")
def test_behind_the_proxy_each_client_counts_on_its_own_address(clock) -> None:
    build_world()
    _person("pupil1")
    with override_settings(SEATS_LOGIN_ADDRESS_MAX_FAILURES=3):
        for i in range(3):
            Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4").post(
                reverse("web:login"), {"username": f"x{i}", "password": "no"}
            )
        other = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="5.6.7.8").post(
            reverse("web:login"), {"username": "pupil1", "password": "right horse"}
        )
        assert other.status_code == 302
