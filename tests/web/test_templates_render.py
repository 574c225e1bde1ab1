"""No template syntax ever reaches a page: a ``{# ... #}`` comment spread over several lines is
not a comment to Django (it is printed), and neither is a tag or variable left broken. Every
page of every role (its menu, a CCA's page, the role's own pages from it), the sign-in page and
the error pages are fetched and none may contain ``{#``, ``#}``, ``{%``, ``%}`` or ``{{``."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from seats.domain.roles import BESIDE_SOEP_ROLES, Role
from seats.web.nav import NAV
from tests.web.home_scene import build_scene

pytestmark = pytest.mark.django_db

LEFTOVER = re.compile(r"\{#|#\}|\{%|%\}|\{\{")


def leftovers(html: str) -> list[str]:
    return [html[max(0, m.start() - 40) : m.end() + 40] for m in LEFTOVER.finditer(html)]


def paths_for(role: Role, students: dict, ccas: dict) -> list[str]:
    paths = [reverse(item.url_name) for item in NAV if role in item.roles]
    if role in BESIDE_SOEP_ROLES:  # pupil accounting and adult education see no CCA
        return paths
    a1, c1 = ccas["a1"].pk, ccas["c1"].pk
    paths.append(reverse("web:cca", kwargs={"pk": a1}))
    if role not in {Role.STUDENT, Role.PARENT}:  # Cy's request is not theirs
        paths.append(reverse("web:cca", kwargs={"pk": c1}))
    if role in {Role.COUNSELOR, Role.REGISTRAR}:
        paths.append(reverse("web:caseload_student", kwargs={"pk": students["ana"].pk}))
        paths.append(reverse("web:school_review", kwargs={"pk": c1}))
    if role is Role.LEA_APPROVER:
        paths.append(reverse("web:lea_ccas"))
    if role in {Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN}:
        paths += [reverse("web:provider_cca", kwargs={"pk": pk}) for pk in (a1, c1)]
    if role in {Role.STATE_SPECIALIST, Role.STATE_ADMIN, Role.AUDITOR}:
        paths.append(reverse("web:overdue"))
    return paths


def test_no_page_of_any_role_shows_template_syntax() -> None:
    cache.clear()
    world, students, ccas = build_scene()
    found: list[str] = []
    anonymous = Client()
    for path in (reverse("web:login"), "/no-such-page/"):
        found += [f"{path}: {x}" for x in leftovers(anonymous.get(path).content.decode())]
    for role in Role:
        client = Client()
        client.force_login(world.actor(role).user)
        for language in ("en", "es"):
            for path in paths_for(role, students, ccas):
                response = client.get(path, headers={"Accept-Language": language})
                assert response.status_code == 200, (role, path, response.status_code)
                text = response.content.decode()
                found += [f"{role} {path}: {x}" for x in leftovers(text)]
    assert found == [], "\n".join(found[:20])


def test_the_check_catches_a_comment_over_several_lines() -> None:
    wrong = "<p>a</p>{# one line is fine #}{# but\n two are not #}<p>b</p>"
    text = Template(wrong).render(Context())
    assert leftovers(text) and "two are not" in leftovers(text)[0]
    right = "{# fine #}{% comment %}\nfine\n{% endcomment %}"
    assert leftovers(Template(right).render(Context())) == []
