"""The one place that scopes reads: each role sees exactly its own records."""

from __future__ import annotations

import pytest

from seats.core.models import Guardian, RoleMembership
from seats.core.selectors.access import (
    cca_for,
    ccas_visible_to,
    student_for,
    students_visible_to,
    viewers_of,
)
from seats.domain.errors import NotFound
from seats.domain.roles import BESIDE_SOEP_ROLES, Role
from tests.factories import build_world, make_offering, make_student, org, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    """Two CCAs: ours (the world's student, school, LEA, provider) and another family's at
    another school, LEA and provider."""
    world = build_world()
    world.register()
    ours = world.submit()
    other_lea = org("lea", "LEA9", "Far Valley District")
    other_school = org("school", "SCH9", "Far Valley High", parent=other_lea)
    other_provider = org("provider", "PRV9", "Far Online", provider_category="certified")
    offering = make_offering(world, provider=other_provider)
    stranger = make_student(world, primary_lea=other_lea, primary_school=other_school)
    theirs = world.submit(
        student=stranger, offering=offering, actor=world.actor(Role.STATE_SPECIALIST)
    )
    return world, ours, theirs


def viewer(world, role: Role):
    actor = world.actor(role)
    return next(v for v in viewers_of(actor.user) if v.role is role)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_exactly_its_ccas(scene, role: Role) -> None:
    world, ours, theirs = scene
    seen = set(ccas_visible_to(viewer(world, role)).values_list("pk", flat=True))
    everyone = role in {Role.STATE_SPECIALIST, Role.STATE_ADMIN, Role.AUDITOR}
    if role in BESIDE_SOEP_ROLES:  # the systems beside SOEP see none of it
        assert seen == set()
        return
    assert seen == ({ours.pk, theirs.pk} if everyone else {ours.pk})


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_exactly_its_students(scene, role: Role) -> None:
    world, ours, theirs = scene
    seen = set(students_visible_to(viewer(world, role)).values_list("pk", flat=True))
    everyone = role in {Role.STATE_SPECIALIST, Role.STATE_ADMIN, Role.AUDITOR}
    if role in BESIDE_SOEP_ROLES:  # SOEP's students are not theirs
        assert seen == set()
        return
    assert ours.student_id in seen
    assert (theirs.student_id in seen) is everyone


def test_not_found_and_forbidden_look_the_same(scene) -> None:
    world, ours, theirs = scene
    provider = viewer(world, Role.PROVIDER_STAFF)
    assert cca_for(provider, ours.pk) == ours
    with pytest.raises(NotFound) as hidden:
        cca_for(provider, theirs.pk)
    with pytest.raises(NotFound) as missing:
        cca_for(provider, 10**9)
    assert str(hidden.value).replace(str(theirs.pk), "N") == str(missing.value).replace(
        str(10**9), "N"
    )
    with pytest.raises(NotFound):
        student_for(provider, theirs.student_id)
    with pytest.raises(NotFound):
        cca_for(provider, "not-a-number")


def test_a_user_with_two_roles_has_two_views(scene) -> None:
    world, ours, theirs = scene
    person = user_with(Role.COUNSELOR, world.school, "dual")
    RoleMembership.objects.create(
        user=person.user, role=Role.PARENT.value, organisation=world.school
    )
    Guardian.objects.create(user=person.user, first_name="D", last_name="Ual").students.add(
        theirs.student
    )
    views = {v.role: v for v in viewers_of(person.user)}
    assert set(views) == {Role.COUNSELOR, Role.PARENT}
    assert set(ccas_visible_to(views[Role.COUNSELOR]).values_list("pk", flat=True)) == {ours.pk}
    assert set(ccas_visible_to(views[Role.PARENT]).values_list("pk", flat=True)) == {theirs.pk}
    assert views[Role.PARENT].read_only is False and viewer(world, Role.AUDITOR).read_only
