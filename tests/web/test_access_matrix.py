"""The full role x page matrix of the web app (issue 8, "Done when"), next to the API's
(tests/api/test_access_matrix.py) and on the same scene (tests/api/scene.py).

Every URL of the ``web`` namespace (walked from the URL patterns, so a new page is covered the
day it is added) is opened and posted to by every role, with the ids of records in scope, out
of scope and missing, and with the ``student`` of a family page set to a stranger:

- no page names a student outside the role's scope (SSID, name);
- no out-of-scope post writes anything;
- an out-of-scope record answers exactly like a missing one (the status; 404 for both).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from seats.core.models import CCA, Notice
from seats.domain.roles import Role
from tests.api.scene import Scene, build_scene, snapshot
from tests.web.test_pages import _web_patterns

pytestmark = pytest.mark.django_db

MISSING = 987_654
#: Pages whose ``pk`` is a student's, a notice's or a catalog offering's (the rest: a CCA's).
STUDENT_PAGES = {"caseload_student"}
NOTICE_PAGES = {"notice", "notice_read"}
OFFERING_PAGES = {"request_course"}
#: Pages that end the session or take a file: opened, not posted to.
NOT_POSTED = {"logout", "login", "upload"}


@pytest.fixture
def scene(world) -> Scene:
    return build_scene(world)


@pytest.fixture
def world():
    from tests.factories import build_world

    return build_world()


def words(scene: Scene, role: Role) -> list[str]:
    out = []
    for student in scene.outside_students(role):
        out += [student.ssid, student.display_name, student.legal_last_name]
    return [w for w in out if w]


def outside_notices(scene: Scene, role: Role) -> list[Notice]:
    inside = scene.expected(role)
    return list(Notice.objects.exclude(cca_id__in=inside).order_by("pk")[:3])


def targets(scene: Scene, role: Role, name: str) -> tuple[list[int], list[int]]:
    """(ids in scope, ids out of scope) for a page's ``pk``."""
    if name in STUDENT_PAGES:
        return [scene.inside_student(role).pk], [s.pk for s in scene.outside_students(role)]
    if name in NOTICE_PAGES:
        mine = Notice.objects.filter(cca_id=scene.ccas["A"].pk).values_list("pk", flat=True)
        return list(mine[:1]), [n.pk for n in outside_notices(scene, role)]
    if name in OFFERING_PAGES:
        return [scene.world.offering.pk], []
    return [scene.ccas["A"].pk], [c.pk for c in scene.outside(role)]


def kwargs_for(pattern, pk: int | None) -> dict:
    route = str(pattern.pattern)
    if "file_format" in route:
        return {"file_format": "csv"}
    if "provider_code" in route:
        return {"provider_code": "PRV1"}
    kwargs: dict = {"pk": pk} if "<int:pk>" in route else {}
    # Any other id of the route (an adult-education hour or assessment: none in the scene) is
    # the missing one, so the page answers as for a record nobody may see.
    for name in re.findall(r"<int:(\w+)>", route):
        kwargs.setdefault(name, MISSING)
    return kwargs


def post_data(scene: Scene, role: Role) -> dict:
    """Fields most forms read, all naming out-of-scope records."""
    outside = scene.outside(role)
    strangers = scene.outside_students(role)
    return {
        "version": "1",
        "ids": [c.pk for c in outside],
        "cca": outside[0].pk if outside else MISSING,
        "student": strangers[0].pk if strangers else MISSING,
        "action": "accept",
        "seop_consistent": "yes",
        "accept_financial_responsibility": "yes",
        "reason_code": "duplicate_request",
        "reason": "x",
        "to": "rejected_by_state",
    }


@pytest.mark.parametrize("role", list(Role))
def test_the_role_by_page_matrix(scene: Scene, role: Role) -> None:
    user = scene.world.actor(role).user
    client = Client()
    forbidden = words(scene, role)
    cells = 0

    def open_page(method: str, url: str, data: dict | None = None):
        nonlocal cells
        client.force_login(user)  # a page may have signed the client out or switched roles
        response = client.post(url, data or {}) if method == "POST" else client.get(url, data)
        cells += 1
        assert response.status_code < 500, (role, method, url)
        body = response.content.decode("utf-8", "replace") + str(response.headers)
        found = [w for w in forbidden if w in body]
        assert not found, (role, method, url, found)
        return response

    for pattern in _web_patterns():
        name = pattern.name
        inside, outside = targets(scene, role, name)
        needs_pk = "<int:pk>" in str(pattern.pattern)
        # Out of scope (and missing): the same answer, nothing written.
        if needs_pk:
            answers: dict[str, set] = {"GET": set(), "POST": set()}
            for pk in [*outside, MISSING]:
                url = reverse(f"web:{name}", kwargs=kwargs_for(pattern, pk))
                got = open_page("GET", url)
                answers["GET"].add((got.status_code, got.get("Location")))
                if name not in NOT_POSTED:
                    before = snapshot()
                    got = open_page("POST", url, post_data(scene, role))
                    answers["POST"].add((got.status_code, got.get("Location")))
                    assert snapshot() == before, (role, "POST", url)
            # One answer for every out-of-scope id and the missing one (a 404, or for the
            # inbox the same redirect back to it).
            for method, seen in answers.items():
                assert len(seen) <= 1, (role, name, method, seen)
            if outside and name not in OFFERING_PAGES | NOTICE_PAGES:
                assert {status for status, _ in answers["GET"]} == {404}, (role, name, answers)
        # In scope, and family pages asked about a stranger (?student=).
        for pk in inside if needs_pk else [None]:
            url = reverse(f"web:{name}", kwargs=kwargs_for(pattern, pk))
            open_page("GET", url)
            stranger = post_data(scene, role)["student"]
            open_page("GET", url, {"student": stranger, "q": "", "year": ""})
            if name not in NOT_POSTED:
                before = snapshot()
                open_page("POST", url, post_data(scene, role))
                if name in OFFERING_PAGES or name == "registration":
                    assert snapshot() == before, (role, "POST", url, "a stranger's request")
    assert cells > len(_web_patterns())


@pytest.mark.parametrize("role", [Role.PARENT, Role.STUDENT])
def test_a_familys_pages_answer_a_stranger_like_nobody(scene: Scene, role: Role) -> None:
    """The request and registration pages take the child as ``student``: another family's
    child and a missing id get the same 404, and nothing is filed."""
    client = Client()
    client.force_login(scene.world.actor(role).user)
    stranger = scene.outside_students(role)[0].pk
    for url in (
        reverse("web:request_course", kwargs={"pk": scene.world.offering.pk}),
        reverse("web:registration", kwargs={"provider_code": "PRV1"}),
    ):
        before = CCA.objects.count(), snapshot()
        answers = [
            client.post(url, {"student": pk, "session": "S2", "school_year": "2025"}).status_code
            for pk in (stranger, MISSING)
        ]
        assert answers == [404, 404], (url, answers)
        assert (CCA.objects.count(), snapshot()) == before
