"""The provider's side of a CCA in the browser: every action by its own staff changes the record
and leaves a history entry; other providers get 404; auditors see no forms; the rules refuse in
their own words, and a stale form is a conflict."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seats.core.models import CCA, CCAHistory, PolicySetting, RoleMembership
from seats.core.services.requests import submit_request
from seats.domain.roles import Role
from seats.domain.statuses import Status
from tests.factories import build_world, make_offering, make_student, org

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def signed_in(world, role: Role = Role.PROVIDER_STAFF) -> Client:
    client = Client()
    client.force_login(world.actor(role).user)
    return client


def act(client: Client, cca: CCA, action: str, **fields: object):
    """Post a provider form with the version the page showed; follow the redirect."""
    cca.refresh_from_db()
    data = {"action": action, "version": cca.version, **fields}
    return client.post(reverse("web:provider_act", args=[cca.pk]), data, follow=True)


def page_text(response) -> str:
    return response.content.decode()


def last_entry(cca: CCA) -> CCAHistory:
    return CCAHistory.objects.filter(cca=cca).order_by("-seq").first()


def enrolled_with_start(world, **kw) -> CCA:
    cca = world.enrolled(**kw)
    client = signed_in(world)
    act(client, cca, "course_start", course_start_date="2025-09-08")
    act(client, cca, "teacher", teacher_of_record=world.teacher.pk)
    cca.refresh_from_db()
    return cca


def test_accept_shows_registration_and_records_the_decision(world) -> None:
    world.register()
    cca = world.submit()
    client = signed_in(world)
    before = client.get(reverse("web:provider_cca", args=[cca.pk]))
    assert "Local registration:" in page_text(before) and "complete" in page_text(before)
    response = act(client, cca, "decide", decision="accept")
    cca.refresh_from_db()
    assert cca.provider_decision == "approved"
    actions = list(
        CCAHistory.objects.filter(cca=cca).order_by("seq").values_list("action", flat=True)
    )
    assert actions[:2] == ["submit", "provider_accept"]  # the Notice may follow (LEA silent)
    assert "You accepted the request." in page_text(response)


def test_without_local_registration_there_is_no_accept_button(world) -> None:
    cca = world.submit()
    text = page_text(signed_in(world).get(reverse("web:provider_cca", args=[cca.pk])))
    assert "not complete" in text and 'value="accept"' not in text
    response = act(signed_in(world), cca, "decide", decision="accept")
    assert (
        "Provider Manual, Local Registration; local registration before the provider accepts"
        in (page_text(response))
    )
    cca.refresh_from_db()
    assert cca.provider_decision == "" and cca.version == 1


def test_reject_with_a_reason_from_the_list(world) -> None:
    cca = world.submit()
    asked = act(signed_in(world), cca, "decide", decision="reject", reason_code="course_full")
    text = page_text(asked)
    assert "Reject this request?" in text
    assert "A rejection is final; the family may make a new request." in text
    assert world.student.display_name in text and "The course is full." in text
    cca.refresh_from_db()
    assert cca.status == Status.PENDING_EXECUTION and cca.version == 1  # it asks first
    response = act(
        signed_in(world), cca, "decide", decision="reject", reason_code="course_full", confirmed="1"
    )
    cca.refresh_from_db()
    assert cca.status == Status.REJECTED_PROVIDER
    entry = last_entry(cca)
    assert (entry.action, entry.to_status) == ("reject_by_provider", "rejected_provider")
    assert "The course is full." in entry.reason
    assert "You rejected the request." in page_text(response)


def test_reject_with_an_unknown_reason_names_the_decision_tree(world) -> None:
    cca = world.submit()
    response = act(signed_in(world), cca, "decide", decision="reject", reason_code="dislike")
    assert "(Rule: Provider Manual, Primary LEA Responsibilities)" in page_text(response)
    cca.refresh_from_db()
    assert cca.status == Status.PENDING_EXECUTION


def test_course_start_once_and_teacher_of_record(world) -> None:
    cca = world.enrolled()
    client = signed_in(world)
    text = page_text(client.get(reverse("web:provider_cca", args=[cca.pk])))
    assert "cannot be changed afterwards" in text and "Teacher, Tess (C1000)" in text
    response = act(client, cca, "course_start", course_start_date="2025-09-08")
    cca.refresh_from_db()
    assert cca.course_start_date == date(2025, 9, 8) and cca.census_date is not None
    assert last_entry(cca).action == "set_course_start"
    assert "The course started on" in page_text(response)
    assert 'name="course_start_date"' not in page_text(response)
    again = act(client, cca, "course_start", course_start_date="2025-09-15")
    assert "the course start date, once set, cannot be changed" in page_text(again)
    act(client, cca, "teacher", teacher_of_record=world.teacher.pk)
    cca.refresh_from_db()
    assert cca.teacher_of_record_id == world.teacher.pk
    assert last_entry(cca).action == "set_teacher_of_record"


def test_a_bad_date_names_the_field(world) -> None:
    cca = world.enrolled()
    response = act(signed_in(world), cca, "course_start", course_start_date="31/12/2025")
    assert "is not a date; use MM/DD/YYYY" in page_text(response)
    cca.refresh_from_db()
    assert cca.course_start_date is None


def test_confirm_then_progress_at_risk_intent_close_and_transcript(world) -> None:
    cca = enrolled_with_start(world)
    client = signed_in(world)
    options = page_text(client.get(reverse("web:provider_cca", args=[cca.pk])))
    assert 'value="confirmed"' in options and 'value="not_confirmed_closed"' in options
    assert 'value="pass_all_complete"' not in options  # not a move from Enrollment Complete
    response = act(client, cca, "move", to="confirmed")
    cca.refresh_from_db()
    assert cca.status == Status.CONFIRMED and last_entry(cca).action == "confirm"
    assert "The CCA is now Confirmed." in page_text(response)

    act(client, cca, "progress", percent="81.5", letter="b", last_activity="2025-10-01")
    cca.refresh_from_db()
    assert (cca.grade_progress_percent, cca.grade_progress_letter) == (81.5, "B")
    assert cca.last_activity_on == date(2025, 10, 1)
    assert last_entry(cca).action == "grade_progress"

    response = act(client, cca, "at_risk", flag="set", reason="missing work")
    cca.refresh_from_db()
    assert cca.at_risk and last_entry(cca).action == "flag_at_risk"
    assert "Clear the at-risk flag" in page_text(response)
    act(client, cca, "at_risk", flag="clear", reason="caught up")
    cca.refresh_from_db()
    assert not cca.at_risk and last_entry(cca).action == "clear_at_risk"

    response = act(client, cca, "intent", reason="no login for 12 days")
    cca.refresh_from_db()
    assert cca.intent_to_withdraw_sent_on is not None
    assert last_entry(cca).action == "intent_to_withdraw"
    assert "Record the reinstatement request" in page_text(response)
    act(client, cca, "reinstatement", reason="parent called")
    cca.refresh_from_db()
    assert cca.intent_to_withdraw_sent_on is None
    assert last_entry(cca).action == "reinstatement_requested"

    act(
        client,
        cca,
        "move",
        to="pass_all_complete",
        final_grade="a-",
        completion_date="2026-05-20",
        confirmed="1",
    )
    cca.refresh_from_db()
    assert (cca.status, cca.final_grade) == (Status.PASS_ALL_COMPLETE, "A-")
    assert cca.completion_date == date(2026, 5, 20) and cca.credit_earned == cca.credit_attempted
    assert last_entry(cca).details["final_grade"] == "A-"

    response = act(client, cca, "transcript", issued_on="2026-06-05")
    cca.refresh_from_db()
    assert cca.transcript_issued_on == date(2026, 6, 5)
    assert last_entry(cca).action == "issue_transcript"
    assert "Transcript issued on" in page_text(response)


def test_a_closeout_without_its_grade_shows_the_rule(world) -> None:
    cca = enrolled_with_start(world)
    client = signed_in(world)
    act(client, cca, "move", to="confirmed")
    response = act(client, cca, "move", to="pass_all_complete", completion_date="2026-05-20")
    assert "A final grade is required" in page_text(response)
    assert "Definitions and Functionality; final grade matches the closeout" in page_text(response)
    cca.refresh_from_db()
    assert cca.status == Status.CONFIRMED


def test_withdrawal_after_20_days_needs_the_written_request(world) -> None:
    cca = enrolled_with_start(world)
    client = signed_in(world)
    act(client, cca, "move", to="confirmed")
    refused = act(client, cca, "move", to="student_withdrawal_after_20")
    assert "keep the written withdrawal request" in page_text(refused)
    inside = act(
        client,
        cca,
        "move",
        to="student_withdrawal_after_20",
        document_ref="letter-2025-10.pdf",
        withdrawal_date="2025-09-22",
    )
    assert "is inside the first withdrawal window" in page_text(inside)
    act(
        client,
        cca,
        "move",
        to="student_withdrawal_after_20",
        document_ref="letter-2025-10.pdf",
        withdrawal_date="2025-11-03",
        confirmed="1",
    )
    cca.refresh_from_db()
    assert cca.status == Status.STUDENT_WITHDRAWAL_AFTER_20
    assert cca.withdrawal_date == date(2025, 11, 3)
    assert last_entry(cca).document_ref == "letter-2025-10.pdf"


def test_not_confirmed_closed_then_ask_for_a_correction(world) -> None:
    cca = enrolled_with_start(world)
    client = signed_in(world)
    act(client, cca, "move", to="not_confirmed_closed", reason="never logged in", confirmed="1")
    cca.refresh_from_db()
    assert cca.status == Status.NOT_CONFIRMED_CLOSED
    text = page_text(client.get(reverse("web:provider_cca", args=[cca.pk])))
    assert "Ask the state to correct this Not Confirmed Closed" in text
    response = act(client, cca, "correction", reason="student was active in the LMS")
    cca.refresh_from_db()
    assert cca.correction_requested_on is not None
    assert last_entry(cca).action == "request_correction"
    assert "Ask for a correction" not in page_text(response)


def test_confirm_without_a_start_date_shows_the_census_rule(world) -> None:
    cca = world.enrolled()
    response = act(signed_in(world), cca, "move", to="confirmed")
    text = page_text(response)
    assert "The Day of Census is unknown until the course start date is set." in text
    assert "Provider Manual, Order of Operations" in text
    assert "decided after the 20-school-day period" in text and "SPEC" not in text
    cca.refresh_from_db()
    assert cca.status == Status.ENROLLMENT_COMPLETE


def test_confirm_without_an_ssid_shows_the_rule(world) -> None:
    student = make_student(world, ssid=None)
    world.register(student)
    cca = world.submit(student=student)
    world.accept(cca)
    world.approve(cca)
    client = signed_in(world)
    act(client, cca, "course_start", course_start_date="2025-09-08")
    act(client, cca, "teacher", teacher_of_record=world.teacher.pk)
    response = act(client, cca, "move", to="confirmed")
    assert "The student has no SSID." in page_text(response)
    assert "Definitions and Functionality; Confirmed needs an SSID" in page_text(response)
    cca.refresh_from_db()
    assert cca.status == Status.ENROLLMENT_COMPLETE


def test_a_stale_form_is_a_conflict(world) -> None:
    cca = world.enrolled()
    client = signed_in(world)
    seen = cca.version
    act(client, cca, "course_start", course_start_date="2025-09-08")
    response = client.post(
        reverse("web:provider_act", args=[cca.pk]),
        {"action": "teacher", "version": seen, "teacher_of_record": world.teacher.pk},
        follow=True,
    )
    assert "Someone else changed this CCA" in page_text(response)
    cca.refresh_from_db()
    assert cca.teacher_of_record_id is None and cca.version == seen + 1


def test_another_providers_staff_gets_404(world) -> None:
    cca = world.enrolled()
    other = org("provider", "PRV8", "Other Online", provider_category="online")
    client = Client()
    user = world.actor(Role.PROVIDER_STAFF).user.__class__.objects.create_user("far", password="x")
    RoleMembership.objects.create(user=user, role=Role.PROVIDER_STAFF.value, organisation=other)
    client.force_login(user)
    assert client.get(reverse("web:provider_cca", args=[cca.pk])).status_code == 404
    posted = client.post(
        reverse("web:provider_act", args=[cca.pk]),
        {"action": "course_start", "version": cca.version, "course_start_date": "2025-09-08"},
    )
    assert posted.status_code == 404
    cca.refresh_from_db()
    assert cca.course_start_date is None


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.COUNSELOR, Role.STATE_SPECIALIST])
def test_other_roles_see_no_provider_forms(world, role: Role) -> None:
    cca = world.enrolled()
    text = page_text(signed_in(world, role).get(reverse("web:cca", args=[cca.pk])))
    assert "Provider actions" not in text and "provider/ccas" not in text
    posted = signed_in(world, role).post(
        reverse("web:provider_act", args=[cca.pk]),
        {"action": "course_start", "version": cca.version, "course_start_date": "2025-09-08"},
    )
    assert posted.status_code == 404


def test_the_cca_page_links_its_provider_to_the_forms(world) -> None:
    cca = world.enrolled()
    text = page_text(signed_in(world).get(reverse("web:cca", args=[cca.pk])))
    assert reverse("web:provider_cca", args=[cca.pk]) in text


def test_provider_admin_acts_too_and_get_on_the_action_url_redirects(world) -> None:
    cca = world.enrolled()
    client = signed_in(world, Role.PROVIDER_ADMIN)
    got = client.get(reverse("web:provider_act", args=[cca.pk]))
    assert got.status_code == 302 and got.url == reverse("web:provider_cca", args=[cca.pk])
    act(client, cca, "course_start", course_start_date="2025-09-08")
    cca.refresh_from_db()
    assert last_entry(cca).actor_role == "provider_admin"


def test_an_other_offering_is_unaffected(world) -> None:
    """A form acts on its own CCA only (the URL names it)."""
    first = world.enrolled()
    second = world.submit(offering=make_offering(world))
    act(signed_in(world), first, "course_start", course_start_date="2025-09-08")
    second.refresh_from_db()
    assert second.course_start_date is None and second.version == 1


def test_confirm_before_the_day_of_census_shows_the_rule(world) -> None:
    """A course of the current school year that starts after today has not reached census."""
    today = timezone.localdate()
    year = today.year if today.month >= 7 else today.year - 1
    start = today + timedelta(days=1)
    if start > date(year + 1, 6, 30) - timedelta(days=60):
        pytest.skip("too close to June 30 for a course to start after today")
    world.register()
    cca = submit_request(
        actor=world.actor(Role.COUNSELOR),
        student_id=world.student.pk,
        offering_id=world.offering.pk,
        school_year=year,
        session="S2" if today.month < 7 or today.month > 11 else "S1",
        as_of=today,
    )
    world.accept(cca, as_of=today)
    world.approve(cca, as_of=today)
    client = signed_in(world)
    act(client, cca, "course_start", course_start_date=start.isoformat())
    act(client, cca, "teacher", teacher_of_record=world.teacher.pk)
    cca.refresh_from_db()
    assert cca.status == Status.ENROLLMENT_COMPLETE and cca.census_date > today
    text = page_text(act(client, cca, "move", to="confirmed"))
    assert "Participation is decided on or after the Day of Census" in text
    assert "Order of Operations; decided after the 20-school-day period" in text
    cca.refresh_from_db()
    assert cca.status == Status.ENROLLMENT_COMPLETE


def test_the_date_pickers_format_is_read_as_the_date_it_shows(world) -> None:
    """The USWDS date picker sends MM/DD/YYYY; without JavaScript the browser sends ISO."""
    cca = world.enrolled()
    act(signed_in(world), cca, "course_start", course_start_date="09/08/2025")
    cca.refresh_from_db()
    assert cca.course_start_date == date(2025, 9, 8)


def test_the_help_texts_quote_the_policy_in_force(world, settings) -> None:
    """The withdrawal window and the correction deadline the forms quote are the state's policy
    for the CCA's school year, not numbers written into the template."""
    cca = enrolled_with_start(world)
    client = signed_in(world)
    act(client, cca, "move", to="not_confirmed_closed", reason="never logged in", confirmed="1")
    cca.refresh_from_db()
    text = page_text(client.get(reverse("web:provider_cca", args=[cca.pk])))
    assert "Ask within 3 business days" in text
    for key, value in (("correction_request_days", "4"), ("withdrawal_period_days", "15")):
        PolicySetting.objects.create(
            school_year=cca.school_year,
            key=key,
            value=value,
            effective_on=date(cca.school_year, 7, 1),
            reason="a test",
        )
    text = page_text(client.get(reverse("web:provider_cca", args=[cca.pk])))
    assert "Ask within 4 business days" in text and "Ask within 3 business days" not in text
    full_year = enrolled_with_start(world, offering=make_offering(world, credit=Decimal("1.0")))
    settings.SEATS_TODAY = date(2025, 9, 15)  # before the second 0.5 credit starts
    text = page_text(client.get(reverse("web:provider_cca", args=[full_year.pk])))
    assert "may withdraw within 15 school days after it" in text
