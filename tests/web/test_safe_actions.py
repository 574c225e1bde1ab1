"""Actions that can't go wrong by accident (issue 9, section 2), on the provider's status form:
no move is preselected, only the moves the rules allow now are offered (the others say why),
and a move that closes the CCA asks for a confirmation naming the student, the course and the
consequence, changing nothing until the person confirms."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from seats.core.models import CCA, CCAHistory
from seats.domain.roles import Role
from seats.domain.statuses import HALF_CREDIT_ONLY, Status
from tests.factories import build_world
from tests.web.test_provider import act, enrolled_with_start, page_text, signed_in

pytestmark = pytest.mark.django_db
AFTER_WINDOW = date(2025, 11, 3)


@pytest.fixture
def world():
    return build_world()


def status_options(html: str) -> list[tuple[str, bool]]:
    select = re.search(r'<select[^>]*id="pa-to".*?</select>', html, re.S)
    assert select, "the status form is shown"
    return [
        (value, " selected" in attrs)
        for attrs, value in (
            (m.group(0), m.group(1))
            for m in re.finditer(r'<option value="([^"]*)"[^>]*>', select.group(0))
        )
    ]


def provider_page(client, cca: CCA) -> str:
    return page_text(client.get(reverse("web:provider_cca", args=[cca.pk])))


def confirmed_cca(world, settings, **kw) -> CCA:
    settings.SEATS_TODAY = AFTER_WINDOW
    cca = enrolled_with_start(world, **kw)
    act(signed_in(world), cca, "move", to="confirmed")
    cca.refresh_from_db()
    assert cca.status == Status.CONFIRMED
    return cca


def test_the_status_form_preselects_no_move(world, settings) -> None:
    cca = confirmed_cca(world, settings)
    options = status_options(provider_page(signed_in(world), cca))
    assert options[0] == ("", True)
    assert not any(selected for value, selected in options[1:])
    assert 'name="to" required' in provider_page(signed_in(world), cca)


def test_no_move_chosen_changes_nothing(world, settings) -> None:
    cca = confirmed_cca(world, settings)
    text = page_text(act(signed_in(world), cca, "move", to=""))
    assert "Choose the new status." in text
    assert CCA.objects.get(pk=cca.pk).version == cca.version


def test_no_quarter_status_on_a_full_credit_course(world, settings) -> None:
    full = confirmed_cca(world, settings, offering=world.offering_full_credit)
    text = provider_page(signed_in(world), full)
    values = {v for v, _ in status_options(text)}
    assert not values & {s.value for s in HALF_CREDIT_ONLY}
    assert "0.5-credit courses; this one is 1.0" in text  # the reason it is left out


def test_a_half_credit_course_offers_its_quarter_statuses(world, settings) -> None:
    half = confirmed_cca(world, settings)
    values = {v for v, _ in status_options(provider_page(signed_in(world), half))}
    assert Status.LOSS_OF_ELIGIBILITY_QUARTER.value in values


def test_nothing_before_the_day_of_census(world, settings) -> None:
    settings.SEATS_TODAY = date(2025, 9, 15)
    cca = enrolled_with_start(world)
    assert cca.census_date > settings.SEATS_TODAY
    text = provider_page(signed_in(world), cca)
    values = {v for v, _ in status_options(text)}
    assert Status.CONFIRMED.value not in values
    assert Status.NOT_CONFIRMED_CLOSED.value not in values
    assert Status.STUDENT_WITHDRAWAL_WITHIN_20.value in values
    assert "Participation is decided on or after the Day of Census" in text


def test_a_closing_move_asks_first_and_changes_nothing(world, settings) -> None:
    cca = confirmed_cca(world, settings)
    entries = CCAHistory.objects.filter(cca=cca).count()
    response = act(signed_in(world), cca, "move", to="completed_grade_too_low", final_grade="F")
    text = page_text(response)
    assert response.status_code == 200
    assert world.student.display_name in text and world.offering.provider_title in text
    assert "It is final: nobody can reopen it in SEATS." in text
    assert "Go back" in text and 'name="confirmed" value="1"' in text
    assert "Confirmed → Completed" in text
    after = CCA.objects.get(pk=cca.pk)
    assert (after.status, after.version) == (Status.CONFIRMED, cca.version)
    assert CCAHistory.objects.filter(cca=cca).count() == entries

    # Confirm: the page posts the same fields again with confirmed=1.
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', text))
    assert fields["to"] == "completed_grade_too_low" and fields["final_grade"] == "F"
    done = signed_in(world).post(reverse("web:provider_act", args=[cca.pk]), fields, follow=True)
    assert "The CCA is now Completed" in page_text(done)
    assert CCA.objects.get(pk=cca.pk).status == Status.COMPLETED_GRADE_TOO_LOW


def test_a_refused_closing_move_shows_the_rule_not_a_confirmation(world, settings) -> None:
    cca = confirmed_cca(world, settings)
    text = page_text(
        act(signed_in(world), cca, "move", to="completed_grade_too_low", final_grade="A")
    )
    assert "is not F" in text and "Nothing has changed yet" not in text
    assert CCA.objects.get(pk=cca.pk).status == Status.CONFIRMED


def test_the_page_carries_the_modal_for_javascript(world, settings) -> None:
    cca = confirmed_cca(world, settings)
    text = provider_page(signed_in(world), cca)
    assert 'data-confirm-dialog="pa-move-confirm"' in text
    assert '<div class="usa-modal" id="pa-move-confirm"' in text
    closing = re.findall(r'<option value="([^"]+)" data-closes>', text)
    assert Status.PASS_ALL_COMPLETE.value in closing


def test_a_closed_cca_is_never_shown_at_risk(world, settings) -> None:
    cca = confirmed_cca(world, settings)
    client = signed_in(world)
    act(client, cca, "at_risk", flag="set", reason="missing work")
    parent = signed_in(world, Role.PARENT)
    assert "At risk of failing" in page_text(parent.get(reverse("web:cca", args=[cca.pk])))
    act(client, cca, "move", to="completed_grade_too_low", final_grade="F", confirmed="1")
    cca.refresh_from_db()
    assert cca.status == Status.COMPLETED_GRADE_TOO_LOW and not cca.at_risk
    for who in (parent, signed_in(world, Role.COUNSELOR)):
        assert "At risk of failing" not in page_text(who.get(reverse("web:cca", args=[cca.pk])))


def test_an_activity_date_after_today_is_refused_at_its_field(world, settings) -> None:
    cca = confirmed_cca(world, settings)
    text = page_text(
        act(signed_in(world), cca, "progress", percent="70", last_activity="2025-11-04")
    )
    assert "The last activity date 2025-11-04 is after today (2025-11-03)." in text
    assert 'id="pa-activity-error"' in text
    assert 'max="2025-11-03"' in text and 'min="2025-09-08"' in text
    assert CCA.objects.get(pk=cca.pk).last_activity_on is None
