"""A family's course request on the web (issue 3): the preview, the submission, the refusal of
an ineligible child, and the local registration form."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seats.core import clock
from seats.core.models import CCA, CCAHistory, LocalRegistration, PolicySetting
from seats.core.services.eligibility import age_on
from seats.domain.calendars import school_year_of
from seats.domain.roles import Role
from tests.factories import build_world, make_offering, make_student
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def request_url(world, offering=None) -> str:
    return reverse("web:request_course", args=[(offering or world.offering).pk])


def test_parent_previews_an_eligible_request(world) -> None:
    page = signed_in(world, Role.PARENT).get(
        request_url(world), {"student": world.student.pk, "session": "S2"}
    )
    assert page.status_code == 200
    preview = page.context["preview"]
    assert preview.reasons == [] and not preview.blocking
    assert (preview.credits_used, preview.credits_after) == (Decimal(0), Decimal("0.5"))
    assert preview.credit_limit == Decimal(6)
    text = page.content.decode()
    assert "Eligible: no rule stops this request." in text
    assert "Used: 0 of 6 credits. With this course: 0.50." in text
    keys = [d.key for d in preview.deadlines]
    assert keys == ["lea_decision_due", "provider_decision_due"]
    for deadline in preview.deadlines:  # named in the reader's words, with who acts and by when
        assert deadline.due > timezone.localdate() and deadline.label in text
    assert "Primary LEA (school district), by " in text and "Provider, by " in text
    assert "Complete local registration" in text  # no registration with this provider yet
    assert 'id="submit-request"' in text


def test_parent_submits_and_lands_on_the_new_cca(world) -> None:
    client = signed_in(world, Role.PARENT)
    year = school_year_of(timezone.localdate())
    response = client.post(
        request_url(world), {"student": world.student.pk, "session": "S2", "school_year": year}
    )
    cca = CCA.objects.get(student=world.student)
    assert response.status_code == 302 and response.url == reverse("web:cca", args=[cca.pk])
    assert (cca.session, cca.school_year, cca.status) == ("S2", year, "pending_execution")
    first = CCAHistory.objects.get(cca=cca)
    assert (first.action, first.actor, first.actor_role) == (
        "submit",
        world.actor(Role.PARENT).user,
        "parent",
    )
    landed = client.get(response.url)
    assert b"was filed" in landed.content


def test_an_ineligible_child_sees_every_reason_and_cannot_submit(world) -> None:
    child = make_student(world, utah_fits_all="current", grade=9)
    world.guardian.students.add(child)
    seniors = make_offering(world, grade_min=11, grade_max=12)
    client = signed_in(world, Role.PARENT)
    page = client.get(request_url(world, seniors), {"student": child.pk})
    reasons = page.context["preview"].reasons
    assert len(reasons) >= 2 and page.context["preview"].blocking
    text = page.content.decode()
    assert all(r.message in text for r in reasons)
    assert "cannot be filed" in text and 'id="submit-request"' not in text
    refused = client.post(request_url(world, seniors), {"student": child.pk, "session": "S1"})
    assert refused.status_code == 400 and not CCA.objects.filter(student=child).exists()
    assert refused.context["ineligible"]
    assert all(r.message in refused.content.decode() for r in reasons)


def test_a_parent_cannot_request_for_another_familys_student(world) -> None:
    stranger = make_student(world)
    client = signed_in(world, Role.PARENT)
    assert client.get(request_url(world), {"student": stranger.pk}).status_code == 404
    posted = client.post(request_url(world), {"student": stranger.pk, "session": "S1"})
    assert posted.status_code == 404 and not CCA.objects.filter(student=stranger).exists()


def test_a_wrong_session_is_named(world) -> None:
    page = signed_in(world, Role.STUDENT).post(request_url(world), {"session": "Q1"})
    assert page.status_code == 400 and b"Session: choose one of S1, S2." in page.content
    assert not CCA.objects.exists()


def test_an_unknown_offering_goes_back_to_the_catalog(world) -> None:
    response = signed_in(world, Role.STUDENT).get(reverse("web:request_course", args=[10**9]))
    assert response.status_code == 302 and response.url == reverse("web:catalog")


def test_staff_cannot_open_the_request_page(world) -> None:
    assert signed_in(world, Role.COUNSELOR).get(request_url(world)).status_code == 404


FILLED = {
    "gender": "F",
    "home_address": "1 Main St",
    "school_address": "2 School Rd",
    "phone": "801-555-0100",
    "preferred_contact": "email",
    "iep_or_504": "no",
    "multilingual": "no",
    "fee_waiver": "yes",
    "home_language_survey": "on",
}


def registration_url(world) -> str:
    return reverse("web:registration", args=[world.provider.code])


def test_local_registration_completes(world) -> None:
    client = signed_in(world, Role.PARENT)
    back = request_url(world)
    form = client.get(registration_url(world), {"student": world.student.pk, "next": back})
    assert form.status_code == 200 and b'<label class="usa-label" for="phone">' in form.content
    assert b"birth_certificate" not in form.content  # home-school extras only for home school
    done = client.post(
        registration_url(world), {**FILLED, "student": world.student.pk, "next": back}
    )
    assert done.status_code == 302 and done.url == back
    row = LocalRegistration.objects.get(student=world.student, provider=world.provider)
    assert row.completed_on == timezone.localdate() and row.fee_waiver is True
    after = client.get(back)
    assert after.context["preview"].registered
    assert b"Complete local registration" not in after.content


def test_local_registration_names_the_missing_fields(world) -> None:
    incomplete = {k: v for k, v in FILLED.items() if k not in {"phone", "multilingual"}}
    page = signed_in(world, Role.STUDENT).post(registration_url(world), incomplete)
    assert page.status_code == 400
    text = page.content.decode()
    assert 'role="alert"' in text and "Phone" in text and "Multilingual learner" in text
    assert not LocalRegistration.objects.filter(completed_on__isnull=False).exists()


def test_home_school_students_see_the_extra_documents(world) -> None:
    world.student.is_home_school = True
    world.student.save()
    page = signed_in(world, Role.STUDENT).get(registration_url(world))
    assert b'id="birth_certificate"' in page.content
    assert b'id="school_address"' not in page.content


def test_registration_for_an_unknown_provider_or_another_child_is_404(world) -> None:
    client = signed_in(world, Role.PARENT)
    assert client.get(reverse("web:registration", args=["NOPE"])).status_code == 404
    stranger = make_student(world)
    posted = client.post(registration_url(world), {**FILLED, "student": stranger.pk})
    assert posted.status_code == 404 and not LocalRegistration.objects.exists()


# The reasons and refusals in the family's language ----------------------------------------

SPANISH_REASONS = [
    "No es elegible:",
    "Los estudiantes ubicados en una escuela terapéutica no pueden tomar cursos en línea a "
    "través de este programa; solo califica el cuidado grupal con licencia del estado.",
    "Los estudiantes que reciben una beca Utah Fits All no pueden tomar cursos en este programa.",
    "Necesita una aprobación:",
    "Este curso suma 0,5 de crédito, pero el estudiante ya tiene 0 de los 0,25 créditos en línea "
    "permitidos este año escolar (del 1 de julio al 30 de junio), lo que daría 0,5. La escuela "
    "principal debe aceptar más de 0,25 créditos.",
    "Este curso es para los grados 11 a 12; el estudiante está en el grado 9.",
]


def family_in(world, language: str) -> Client:
    """The parent, whose account chose ``language``."""
    parent = world.actor(Role.PARENT).user
    parent.language = language
    parent.save(update_fields=["language"])
    return signed_in(world, Role.PARENT)


def ineligible_child(world):
    """A child refused four ways: group care, Utah Fits All, the credit limit, the grades."""
    child = make_student(world, grade=9, group_care="therapeutic_school", utah_fits_all="current")
    world.guardian.students.add(child)
    year = school_year_of(clock.today())
    PolicySetting.objects.create(
        school_year=year,
        key="credit_limit",
        value="0.25",
        effective_on=date(year, 7, 1),
        reason="a test",
    )
    return child, make_offering(world, grade_min=11, grade_max=12)


def shown(response) -> str:
    return html.unescape(response.content.decode())


def test_a_spanish_parent_reads_every_reason_in_spanish_with_the_numbers(world) -> None:
    child, seniors = ineligible_child(world)
    client = family_in(world, "es")
    page = client.get(request_url(world, seniors), {"student": child.pk})
    codes = [r.code for r in page.context["preview"].reasons]
    assert codes == [
        "group_care_excluded",
        "utah_fits_all_current",
        "credit_limit",
        "grade_not_allowed_by_course",
    ]
    text = shown(page)
    for sentence in SPANISH_REASONS:
        assert sentence in text
    assert not any(r.message in text for r in page.context["preview"].reasons)  # no English
    assert "Elegibilidad" in text and "(SPEC 3.4 credit limit" in text  # heading; rule cited
    refused = client.post(request_url(world, seniors), {"student": child.pk, "session": "S1"})
    assert refused.status_code == 400 and not CCA.objects.filter(student=child).exists()
    assert "La solicitud no se presentó. Todas las razones:" in shown(refused)
    for sentence in SPANISH_REASONS[1:3] + SPANISH_REASONS[4:]:
        assert sentence in shown(refused)


def test_an_english_parent_reads_the_same_reasons_in_english(world) -> None:
    child, seniors = ineligible_child(world)
    page = family_in(world, "en").get(request_url(world, seniors), {"student": child.pk})
    text = shown(page)
    reasons = page.context["preview"].reasons
    assert len(reasons) == 4 and all(r.message in text for r in reasons)
    assert (
        "This course adds 0.5 credit, but the student already has 0 of the 0.25 online credits "
        "allowed this school year (July 1 - June 30), which would make 0.5. The primary school "
        "must agree to more than 0.25 credits." in text
    )
    assert "Students placed in a therapeutic school cannot take online courses" in text
    assert not any(sentence in text for sentence in SPANISH_REASONS)


def test_a_record_the_rules_cannot_read_is_named_in_spanish(world) -> None:
    unborn = make_student(world, date_of_birth=clock.today() + timedelta(days=800))
    world.guardian.students.add(unborn)
    page = family_in(world, "es").get(request_url(world), {"student": unborn.pk})
    refusal = re.search(
        r"<strong>No presentada:</strong> La edad no puede ser negativa \((-\d)\)\.", shown(page)
    )
    assert refusal and int(refusal.group(1)) == age_on(unborn.date_of_birth, clock.today())


def test_a_spanish_family_reads_the_registration_refusal_in_spanish(world) -> None:
    client = family_in(world, "es")
    incomplete = {k: v for k, v in FILLED.items() if k not in {"phone", "multilingual"}}
    page = client.post(registration_url(world), incomplete)
    assert page.status_code == 400
    text = shown(page)
    assert (
        "<strong>No se guardó:</strong> La inscripción local está incompleta. Complete por favor:"
        in text
    )
    assert "<li>Teléfono</li>" in text and "<li>Estudiante multilingüe</li>" in text
    assert "incomplete" not in text  # not the service's English with field codes
    too_long = client.post(registration_url(world), {**FILLED, "gender": "x" * 20})
    assert too_long.status_code == 400
    assert "Algunas respuestas son demasiado largas:" in shown(too_long)
    assert "<li>Género (como máximo 16 caracteres)</li>" in shown(too_long)
