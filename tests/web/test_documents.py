"""The Notice of Enrollment and the Notice of Rejection as documents: a printable page and a PDF,
reachable from the CCA page and from the notice in the inbox, for whoever may see the CCA, and
logged like the CCA page (issue 9, section 3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from seats.core.models import AccessLog, InboxMessage
from seats.core.services.delivery import run_once
from seats.core.services.requests import decide_as_lea
from seats.domain.roles import Role
from tests.core.helpers_lifecycle import other_provider
from tests.factories import build_world
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db

NOE = "notice-of-enrollment"
NOR = "notice-of-rejection"


def _page(pk: int, slug: str) -> str:
    return reverse("web:cca_noe" if slug == NOE else "web:cca_nor", args=[pk])


def _pdf(pk: int, slug: str) -> str:
    return reverse("web:cca_noe_pdf" if slug == NOE else "web:cca_nor_pdf", args=[pk])


@pytest.fixture
def world():
    return build_world()


def _rejected(world):
    world.register()
    cca = world.submit()
    cca.refresh_from_db()
    return decide_as_lea(
        actor=world.actor(Role.LEA_APPROVER),
        cca_id=cca.pk,
        expected_version=cca.version,
        approve=False,
        reason_code="credit_recovery",
    )


def test_the_notice_of_enrollment_page_has_date_issuer_parties_and_terms(world) -> None:
    cca = world.enrolled()
    page = signed_in(world, Role.PARENT).get(_page(cca.pk, NOE))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<h1 id="doc-title">Notice of Enrollment</h1>' in html
    assert "Issued by State Board of Education" in html and "automatically by SEATS" in html
    for party in ("Canyon View School District", "Canyon View High", "Lake Basin Online"):
        assert party in html
    assert world.student.legal_last_name in html
    assert "accepts financial responsibility" in html
    assert "R277-726-7(24)" not in html  # families see the public source, not the rule number
    staff = signed_in(world, Role.COUNSELOR).get(_page(cca.pk, NOE)).content.decode()
    assert "R277-726-7(24)(c)" in staff
    assert _pdf(cca.pk, NOE) in html


def test_the_pdf_is_a_pdf_with_embedded_fonts_for_any_name(world) -> None:
    world.student.legal_first_name = "Nguyễn Thị"
    world.student.legal_last_name = "Đặng-李 Ωmega"
    world.student.save()
    cca = world.enrolled()
    response = signed_in(world, Role.PARENT).get(_pdf(cca.pk, NOE))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{NOE}-{cca.pk}.pdf"'
    assert "Nguy" not in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    assert b"/FontFile2" in response.content  # TrueType embedded, not a Latin-1 core font


def test_characters_the_fonts_lack_are_marked_not_dropped() -> None:
    from seats.web.documents import MISSING_GLYPH, printable

    assert printable("Nguyễn Đặng Ωmega Жанна") == ("Nguyễn Đặng Ωmega Жанна", False)
    assert printable("李 Ana") == (f"{MISSING_GLYPH} Ana", True)


def test_the_cca_page_shows_the_notices_date_and_issuer_with_links(world) -> None:
    cca = world.enrolled()
    html = signed_in(world, Role.PARENT).get(reverse("web:cca", args=[cca.pk])).content.decode()
    assert "Notice of Enrollment" in html
    assert "Issued by State Board of Education on" in html
    assert _page(cca.pk, NOE) in html and _pdf(cca.pk, NOE) in html
    assert _page(cca.pk, NOR) not in html


def test_the_notice_of_rejection_names_the_lea_and_its_reason(world) -> None:
    cca = _rejected(world)
    html = signed_in(world, Role.PARENT).get(_page(cca.pk, NOR)).content.decode()
    assert "Notice of Rejection" in html
    assert "Canyon View School District rejected the request:" in html
    assert "credit recovery" in html
    assert signed_in(world, Role.PARENT).get(_pdf(cca.pk, NOR)).content.startswith(b"%PDF-")
    none_yet = signed_in(world, Role.PARENT).get(_page(cca.pk, NOE))
    assert none_yet.status_code == 302 and none_yet.url == reverse("web:cca", args=[cca.pk])
    detail = signed_in(world, Role.PARENT).get(reverse("web:cca", args=[cca.pk])).content.decode()
    assert _page(cca.pk, NOR) in detail


def test_the_inbox_notice_links_to_its_document(world) -> None:
    cca = world.enrolled()
    run_once()
    message = InboxMessage.objects.get(
        user=world.actor(Role.PARENT).user, kind="notice_of_enrollment"
    )
    html = signed_in(world, Role.PARENT).get(reverse("web:notice", args=[message.pk]))
    assert _page(cca.pk, NOE) in html.content.decode()
    assert _pdf(cca.pk, NOE) in html.content.decode()


def test_rejection_notice_in_the_inbox_links_to_its_document(world) -> None:
    cca = _rejected(world)
    run_once()
    message = InboxMessage.objects.filter(
        user=world.actor(Role.PARENT).user, kind="notice_of_rejection"
    ).first()
    assert message is not None
    html = signed_in(world, Role.PARENT).get(reverse("web:notice", args=[message.pk]))
    assert _page(cca.pk, NOR) in html.content.decode()


def test_only_people_who_see_the_cca_see_its_notice_and_each_view_is_logged(world) -> None:
    cca = world.enrolled()
    _, stranger, _ = other_provider(world)
    client = signed_in(world, Role.PARENT)
    client.force_login(stranger.user)
    assert client.get(_page(cca.pk, NOE)).status_code == 404
    assert client.get(_pdf(cca.pk, NOE)).status_code == 404
    assert signed_in(world, Role.PROVIDER_STAFF).get(_page(cca.pk, NOE)).status_code == 200
    signed_in(world, Role.PARENT).get(_pdf(cca.pk, NOE))
    logged = AccessLog.objects.filter(cca_id=cca.pk, what__contains=NOE)
    assert {(e.role, e.action) for e in logged} == {
        (Role.PROVIDER_STAFF.value, "view"),
        (Role.PARENT.value, "export"),
    }
    assert all(world.student.legal_last_name not in e.what for e in logged)
