"""The whole CCA lifecycle played in the browser by the people who live it (issue 3's "done when").

A parent requests a course, the counselor reviews it and the LEA approves it, the provider accepts
and enters the start date and teacher of record; time passes (``seats sweep --as-of`` and the
server's pinned date, ``SEATS_TODAY``); the provider confirms after the Day of Census, records
progress and flags the student at risk; the counselor and the parent see the flag; the provider
closes with Pass All Complete. Then a rejected request and a Not Confirmed Closed path. Each path
checks the notices in the parent's inbox page and in the e-mail outbox, and every page visited
passes axe-core in English and in Spanish.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from seats.core.models import CCA
from seats.domain.roles import Role
from seats.domain.statuses import STATUS_INFO, Status
from tests.factories import SUBMITTED, World, build_world

from .conftest import assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "seats-demo"
COURSE_START = date(2025, 9, 8)  # the Monday after the request


@pytest.fixture
def world(live_server: Any, settings: Any) -> World:
    """The small world of the service tests, its people with passwords and e-mail addresses,
    and the server's date pinned to the day of the request."""
    settings.SEATS_TODAY = SUBMITTED
    world = build_world()
    world.register()
    for role in Role:
        user = world.actor(role).user
        user.set_password(PASSWORD)
        user.email = f"{user.username}@example.org"
        user.save()
    return world


class Person:
    """One browser session acting as one role; every page it opens is checked by axe-core in
    English and again in Spanish before it returns."""

    def __init__(self, page: Any, server: str, world: World, role: Role) -> None:
        self.page, self.server, self.role = page, server, role
        page.context.clear_cookies()
        page.goto(f"{server}/accounts/login/")
        self.check()
        page.fill("#id_username", world.actor(role).user.username)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        self.check()

    def open(self, path: str) -> Any:
        self.page.goto(f"{self.server}{path}")
        self.check()
        return self.page

    def check(self) -> None:
        """axe-core on the page in English, then the same URL in Spanish."""
        assert_accessible(self.page)

    def submit(self, button: Any) -> str:
        """Press a form's button and check the page it leads to; return what it said (the
        one-time message is gone once the page is reloaded for the checks)."""
        button.click()
        self.page.wait_for_load_state()
        said = self.text()
        self.check()
        return said

    def text(self) -> str:
        return self.page.locator("main").inner_text()


def _cca(world: World) -> CCA:
    return CCA.objects.filter(student=world.student).latest("pk")


def _status(cca: CCA) -> Status:
    cca.refresh_from_db()
    return Status(cca.status)


def parent_requests(page: Any, server: str, world: World) -> CCA:
    parent = Person(page, server, world, Role.PARENT)
    parent.open("/catalog/")
    title = world.offering.provider_title
    parent.submit(page.get_by_role("link", name=f"Request {title}"))
    assert "Eligible: no rule stops this request." in parent.text()
    parent.submit(page.locator("#submit-request button[type=submit]"))
    cca = _cca(world)
    assert page.url.endswith(f"/ccas/{cca.pk}/")
    assert "Pending Execution" in parent.text()
    return cca


def counselor_reviews(page: Any, server: str, world: World, cca: CCA) -> None:
    counselor = Person(page, server, world, Role.COUNSELOR)
    queue = counselor.open("/ccas/")
    assert world.student.display_name in queue.locator("table.queue").inner_text()
    counselor.open(f"/ccas/{cca.pk}/")
    counselor.open(f"/ccas/{cca.pk}/review/")
    page.click("label[for=review-seop-yes]")  # USWDS radios: the label is what one clicks
    said = counselor.submit(page.locator("#action-review button[type=submit]"))
    assert "Your review is saved." in said
    cca.refresh_from_db()
    assert cca.seop_consistent is True


def lea_approves(page: Any, server: str, world: World, cca: CCA) -> None:
    approver = Person(page, server, world, Role.LEA_APPROVER)
    approver.open(f"/ccas/{cca.pk}/lea-approve/")
    page.click("label[for=lea-accept]")
    said = approver.submit(page.locator("#action-lea_approve button[type=submit]"))
    assert "Approved; the LEA accepts financial responsibility" in said


def provider_starts(page: Any, server: str, world: World, cca: CCA) -> Person:
    provider = Person(page, server, world, Role.PROVIDER_STAFF)
    provider.open(f"/provider/ccas/{cca.pk}/")
    provider.submit(page.get_by_role("button", name="Accept", exact=True))
    assert _status(cca) is Status.ENROLLMENT_COMPLETE
    assert "Enrollment Complete" in provider.text()
    page.fill(
        "#pa-start", COURSE_START.strftime("%m/%d/%Y")
    )  # as a person types it in the date picker
    provider.submit(page.get_by_role("button", name="Set the start date"))
    page.select_option("#pa-teacher", str(world.teacher.pk))
    provider.submit(page.get_by_role("button", name="Save the teacher"))
    cca.refresh_from_db()
    assert cca.course_start_date == COURSE_START and cca.teacher_of_record_id == world.teacher.pk
    return provider


def time_passes(settings: Any, cca: CCA) -> date:
    """The Day of Census arrives: the nightly sweep runs for that day and the server's date
    moves to it."""
    cca.refresh_from_db()
    census = cca.census_date
    assert census is not None and census > COURSE_START
    call_command("sweep", "--as-of", census.isoformat())
    settings.SEATS_TODAY = census
    return census


def provider_moves(provider: Person, cca: CCA, to: Status, **fields: str) -> None:
    page = provider.page
    provider.open(f"/provider/ccas/{cca.pk}/")
    page.select_option("#pa-to", to.value)
    for selector, value in fields.items():
        page.fill(f"#{selector}", value)
    change = page.get_by_role("button", name="Change the status")
    if STATUS_INFO[to].terminal:
        # A closeout asks first (a usa-modal naming the student, the course and the
        # consequence); going back changes nothing, confirming sends the form.
        before = _status(cca)
        dialog = page.locator("#pa-move-confirm .usa-modal")
        change.click()
        dialog.wait_for(state="visible")
        shown = dialog.inner_text()
        assert "It is final, except that the state may correct" in shown and to.label in shown
        assert world_student(cca) in shown
        dialog.get_by_role("button", name="Go back").click()
        dialog.wait_for(state="hidden")
        assert _status(cca) is before
        change.click()
        dialog.wait_for(state="visible")
        said = provider.submit(dialog.get_by_role("button", name="Yes, change the status"))
    else:
        said = provider.submit(change)
    assert _status(cca) is to, said
    assert f"The CCA is now {to.label}." in said


def world_student(cca: CCA) -> str:
    return CCA.objects.select_related("student").get(pk=cca.pk).student.display_name


def deliver_notices() -> None:
    call_command("deliver", "--once", "--batch", "1000")


def inbox_subjects(person: Person) -> str:
    return person.open("/notices/").locator("main table").inner_text()


def emailed(outbox: list[Any], address: str) -> list[str]:
    return [m.subject for m in outbox if address in m.to]


def test_request_to_pass_all_complete(page, live_server, world, settings, mailoutbox) -> None:
    server = live_server.url
    cca = parent_requests(page, server, world)
    counselor_reviews(page, server, world, cca)
    lea_approves(page, server, world, cca)
    provider = provider_starts(page, server, world, cca)
    time_passes(settings, cca)

    provider_moves(provider, cca, Status.CONFIRMED)
    assert "Confirmed" in provider.text()
    page.fill("#pa-percent", "58")
    page.fill("#pa-letter", "F")
    provider.submit(page.get_by_role("button", name="Record progress"))
    page.fill("#pa-risk-reason", "Missing four assignments")
    provider.submit(page.get_by_role("button", name="Flag at risk"))
    cca.refresh_from_db()
    assert cca.at_risk and cca.grade_progress_letter == "F"

    counselor = Person(page, server, world, Role.COUNSELOR)
    shown = counselor.open(f"/ccas/{cca.pk}/").locator("main").inner_text()
    assert "At risk of failing since" in shown and "58" in shown
    deliver_notices()
    assert "At risk: " in inbox_subjects(counselor)

    parent = Person(page, server, world, Role.PARENT)
    shown = parent.open(f"/ccas/{cca.pk}/").locator("main").inner_text()
    assert "At risk of failing since" in shown
    subjects = inbox_subjects(parent)
    for subject in ("Request received: ", "Notice of Enrollment: ", "At risk: "):
        assert subject in subjects, subject
    screenshot(page, "lifecycle-parent-inbox")

    settings.SEATS_TODAY = date(2025, 12, 19)
    provider = Person(page, server, world, Role.PROVIDER_STAFF)
    provider_moves(
        provider, cca, Status.PASS_ALL_COMPLETE, **{"pa-grade": "B", "pa-done": "12/19/2025"}
    )
    cca.refresh_from_db()
    assert cca.final_grade == "B" and cca.credit_earned == cca.credit_attempted
    parent = Person(page, server, world, Role.PARENT)
    shown = parent.open(f"/ccas/{cca.pk}/").locator("main").inner_text()
    assert "Pass All Complete" in shown and "B," in shown

    parent_mail = emailed(mailoutbox, world.actor(Role.PARENT).user.email)
    title = world.offering.provider_title
    for subject in ("Request received", "Notice of Enrollment", "At risk"):
        assert f"{subject}: {title}" in parent_mail, (subject, parent_mail)
    assert len(parent_mail) == len(set(parent_mail)), "a notice was e-mailed twice"


def test_a_rejected_request(page, live_server, world, mailoutbox) -> None:
    server = live_server.url
    cca = parent_requests(page, server, world)
    approver = Person(page, server, world, Role.LEA_APPROVER)
    approver.open(f"/ccas/{cca.pk}/lea-reject/")
    reason = page.locator("#action-lea_reject select[name=reason] option").nth(1)
    page.select_option("#action-lea_reject select[name=reason]", reason.get_attribute("value"))
    page.locator("#action-lea_reject button[type=submit]").click()
    dialog = page.locator("#confirm-lea_reject .usa-modal")  # it asks first, naming whom and what
    dialog.wait_for(state="visible")
    shown = dialog.inner_text()
    assert world_student(cca) in shown and "A rejection is final" in shown
    assert reason.inner_text().split(" (")[0] in shown
    assert _status(cca) is Status.PENDING_EXECUTION
    approver.submit(dialog.get_by_role("button", name="Yes, reject the request"))
    assert _status(cca) is Status.REJECTED_BY_LEA
    deliver_notices()

    parent = Person(page, server, world, Role.PARENT)
    shown = parent.open(f"/ccas/{cca.pk}/").locator("main").inner_text()
    assert "Rejected" in shown
    assert "Notice of Rejection: " in inbox_subjects(parent)
    page.get_by_role("link", name=f"Notice of Rejection: {world.offering.provider_title}").click()
    page.wait_for_load_state()
    parent.check()
    assert "Notice of Rejection" in parent.text()
    parent_mail = emailed(mailoutbox, world.actor(Role.PARENT).user.email)
    assert f"Notice of Rejection: {world.offering.provider_title}" in parent_mail


def test_not_confirmed_closed(page, live_server, world, settings, mailoutbox) -> None:
    server = live_server.url
    cca = parent_requests(page, server, world)
    lea_approves(page, server, world, cca)
    provider = provider_starts(page, server, world, cca)
    time_passes(settings, cca)
    provider_moves(provider, cca, Status.NOT_CONFIRMED_CLOSED, **{"pa-move-reason": "No login"})
    deliver_notices()

    for role in (Role.PARENT, Role.COUNSELOR):
        person = Person(page, server, world, role)
        shown = person.open(f"/ccas/{cca.pk}/").locator("main").inner_text()
        assert "Not Confirmed Closed" in shown, role
        assert "Not confirmed: " in inbox_subjects(person), role
    title = world.offering.provider_title
    for role in (Role.PARENT, Role.COUNSELOR):
        mail = emailed(mailoutbox, world.actor(role).user.email)
        assert f"Not confirmed: {title}" in mail, (role, mail)
