"""Every page of every role on a phone (390x844, touch): signed in through the real page, each
page of the role's menu, the CCA page and the role's action pages must

- fit the screen: the page itself never scrolls sideways (a wide table may scroll inside its own
  named, keyboard-focusable region);
- offer targets of at least 24x24 CSS px to a finger. WCAG 2.1 AA does not require this (it is
  2.5.8 Target Size (Minimum) of WCAG 2.2, with its spacing and inline-text exceptions): it is
  our bar for a page used on a phone;
- pass axe-core's WCAG 2.0/2.1 A and AA rules (``scrollable-region-focusable`` among them).

The world has rows in every table: requests in several statuses, an at-risk student, overdue
flags raised by the real sweep. One screenshot per role: var/screenshots/phone-<role>.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse

from seats.core.services.sweep import run_sweep
from seats.domain.roles import ADULTED_ROLES, MEMBERSHIP_ROLES, Role
from seats.web.nav import HOME, NAV
from tests.core.helpers_lifecycle import ready_to_confirm
from tests.factories import make_offering, make_student
from tests.web.home_scene import build_scene

from .conftest import CHROMIUM, FLAGS, axe_violations, describe, screenshot
from .test_home_pages import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

#: Page-level sideways scrolling: the elements that stick out past the phone's right edge (the
#: deepest ones, so the message names the culprit, not its ancestors). The phone's width, not
#: ``innerWidth``: a mobile browser widens its layout viewport (zooms out) to fit a wide page.
OVERFLOW_JS = """width => {
  if (document.documentElement.scrollWidth <= width && window.innerWidth <= width) return [];
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right <= width + 0.5 || r.width === 0) continue;
    if ([...el.children].some(c => c.getBoundingClientRect().right > width + 0.5)) continue;
    let clipped = false;  // inside a region that scrolls on its own: not the page scrolling
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') { clipped = true; break; }
    }
    if (clipped) continue;
    out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
  }
  return out.length ? out.slice(0, 8) : ['scrollWidth ' + document.documentElement.scrollWidth];
}"""

#: WCAG 2.2 SC 2.5.8: a link or button in main is at least 24x24, or its 24 px circle touches no
#: other target (nor another undersized target's circle), or it sits inside a sentence.
TARGETS_JS = """() => {
  const els = [...document.querySelectorAll('main a[href], main button, main summary')]
    .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden');
  const boxes = els.map(el => el.getBoundingClientRect());
  const small = boxes.map(r => r.width < 23.5 || r.height < 23.5);
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const toBox = (p, r) => Math.hypot(
    Math.max(r.left - p[0], 0, p[0] - r.right), Math.max(r.top - p[1], 0, p[1] - r.bottom));
  const inSentence = el => [...el.parentElement.childNodes].some(
    n => n !== el && n.nodeType === 3 && n.textContent.trim().length > 1);
  const out = [];
  els.forEach((el, i) => {
    if (!small[i] || inSentence(el)) return;
    const c = centre(boxes[i]);
    const crowded = boxes.some((r, j) => j !== i && (toBox(c, r) < 12 ||
      (small[j] && Math.hypot(c[0] - centre(r)[0], c[1] - centre(r)[1]) < 24)));
    if (crowded) out.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" `
      + `${Math.round(boxes[i].width)}x${Math.round(boxes[i].height)}`);
  });
  return out;
}"""


#: Cells of a table whose header row is hidden (rows stacked on a phone) that carry no
#: ``data-label``: a bare "12" or "No" would mean nothing.
UNLABELLED_JS = """() => [...document.querySelectorAll('main table')]
  .filter(t => t.tHead && getComputedStyle(t.tHead).display === 'none')
  .flatMap(t => [...t.querySelectorAll('tbody td:not([data-label])')])
  .map(td => `${td.closest('table').className}: "${td.textContent.trim().slice(0, 30)}"`)"""


@pytest.fixture
def phone() -> Iterator[object]:
    """A fresh Chromium emulating a phone (the conftest's ``page`` is a desktop)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is required and is missing at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = chromium.new_context(**PHONE, bypass_csp=True)  # axe is injected inline
        yield context.new_page()
        context.close()
        chromium.close()
        connections.close_all()  # see conftest.page


@pytest.fixture
def scene(live_server):
    """tests/web/home_scene.py (several statuses, an at-risk student, another school and LEA),
    plus a course never confirmed and a request never decided, both flagged overdue by the
    sweep; every person's password is "seats-demo"."""
    world, students, ccas = build_scene()
    someone = make_student(world, legal_first_name="Maximiliana", legal_last_name="Montenegro")
    world.register(someone)
    late = ready_to_confirm(world, student=someone, offering=make_offering(world))
    run_sweep(as_of=late.confirmation_due + timedelta(days=1))
    _adult_education(world)
    for role in Role:
        user = world.actor(role).user
        user.set_password("seats-demo")
        user.save()
    return world, students, ccas


def _adult_education(world) -> None:  # type: ignore[no-untyped-def]
    """A program at the world's LEA with one student tested, so its pages show rows."""
    from datetime import date

    from seats.adulted.models import Program
    from seats.adulted.services import records
    from seats.adulted.services.assessments import record_assessment

    staff = world.actor(Role.ADULTED_STAFF)
    program = Program.objects.create(code="AEP", name="Phone Adult Ed", organisation=world.lea)
    student = records.register_student(
        actor=staff,
        program=program,
        first_name="Pia",
        last_name="Phone",
        date_of_birth=date(1990, 1, 1),
    )
    day = min(date.today(), date(2025, 9, 2))
    enrollment = records.enroll(
        actor=staff,
        student=student,
        program=program,
        entry_date=day,
        area_of_focus="ABE",
        funding_code=2,
    )
    record_assessment(
        actor=staff,
        enrollment=enrollment,
        test="TABE_9_10",
        day=day,
        administrator="Kim",
        scores={"reading": (None, 400)},
    )


def pages_of(role: Role, students: dict, ccas: dict) -> list[str]:
    """The role's menu, then the CCA page and the role's own pages reached from it."""
    paths = [reverse(item.url_name) for item in NAV if role in item.roles]
    if role in MEMBERSHIP_ROLES:  # pupil accounting sees no CCA (SPEC 1)
        return paths
    a1, c1 = ccas["a1"].pk, ccas["c1"].pk  # Ana's confirmed course; Cy's pending request
    if role in ADULTED_ROLES:  # adult education (issue 12): its pages, none of SOEP's
        from seats.adulted.models import Enrollment

        enrollment = Enrollment.objects.order_by("pk").first()
        paths.append(reverse("web:adulted_student", kwargs={"pk": enrollment.pk}))
        paths.append(reverse("web:adulted_upload"))
        return paths
    paths.append(reverse("web:cca", kwargs={"pk": a1}))
    if role in {Role.COUNSELOR, Role.REGISTRAR}:
        paths.append(reverse("web:caseload_student", kwargs={"pk": students["ana"].pk}))
        paths.append(reverse("web:school_review", kwargs={"pk": c1}))
    if role is Role.LEA_APPROVER:
        paths.append(reverse("web:lea_ccas"))
    if role in {Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN}:
        paths.append(reverse("web:provider_cca", kwargs={"pk": a1}))
        paths.append(reverse("web:provider_cca", kwargs={"pk": c1}))
    if role in {Role.STATE_SPECIALIST, Role.STATE_ADMIN, Role.AUDITOR}:
        paths.append(reverse("web:overdue"))
    if role in {Role.COUNSELOR}:
        paths.append(reverse("web:mfa_enrol"))
    return paths


def problems(page, url: str) -> list[str]:
    """What is wrong with the page just opened, one line each."""
    width = PHONE["viewport"]["width"]
    found = [f"scrolls sideways: {', '.join(page.evaluate(OVERFLOW_JS, width))}"]
    if found[0] == "scrolls sideways: ":
        found = []
    found += [f"target under 24x24: {t}" for t in page.evaluate(TARGETS_JS)]
    found += [f"stacked cell without a label: {c}" for c in page.evaluate(UNLABELLED_JS)]
    axe = describe(axe_violations(page))
    if axe:
        found.append(f"axe: {axe}")
    return [f"{url}: {line}" for line in found]


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_page_of_the_role_works_on_a_phone(phone, live_server, scene, role: Role) -> None:
    world, students, ccas = scene
    sign_in(phone, live_server, world.actor(role).user.username)
    assert phone.url.removeprefix(live_server.url) == reverse(HOME[role]), phone.url
    screenshot(phone, f"phone-{role.value}")
    found: list[str] = []
    for path in pages_of(role, students, ccas):
        response = phone.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, (path, response and response.status)
        assert phone.locator("h1").count() == 1, path
        found += problems(phone, path)
    assert found == [], "\n".join(found)


def test_the_checks_catch_a_page_that_does_not_fit(phone) -> None:
    """The checks above can fail: a page wider than the phone, two tiny buttons side by side and
    a stacked table without labels are each reported; the same page made right is not."""
    wrong = (
        "<main><div style='width:600px'>wide</div><button>a</button><button>b</button>"
        "<table><thead style='display:none'><tr><th>Grade</th></tr></thead>"
        "<tbody><tr><td>12</td></tr></tbody></table></main>"
    )
    phone.set_content(f"<meta name=viewport content='width=device-width'>{wrong}")
    found = problems(phone, "wrong")
    assert any("scrolls sideways: div" in line for line in found), found
    assert sum("target under 24x24: button" in line for line in found) == 2, found
    assert any('stacked cell without a label: : "12"' in line for line in found), found
    right = (
        "<main><h1>Fits</h1><p><button style='padding:6px 12px'>a</button></p>"
        "<p>Read <a href='#x'>this</a> first.</p><table><caption>Grades</caption>"
        "<thead style='display:none'><tr><th scope=col>Grade</th></tr></thead>"
        "<tbody><tr><td data-label='Grade'>12</td></tr></tbody></table></main>"
    )
    phone.set_content(
        f"<html lang=en><title>t</title><meta name=viewport content='width=device-width'>{right}"
    )
    assert problems(phone, "right") == []
