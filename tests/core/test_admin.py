"""The back office: every model is reachable by state staff, and the records that change only
through services cannot be changed here."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from seats.core.models import (
    CCA,
    AccessLog,
    BusinessDayOverride,
    CalendarImport,
    CCAHistory,
    CourseOffering,
    Delivery,
    Guardian,
    InboxMessage,
    LocalRegistration,
    Notice,
    Organisation,
    OrgKind,
    OverdueFlag,
    PolicySetting,
    ProviderCategory,
    RoleMembership,
    SchoolCalendar,
    SchoolDay,
    SentMessage,
    Student,
    StudentChange,
    SweepRun,
    TeacherOfRecord,
    User,
)
from seats.domain.roles import Role
from seats.domain.statuses import Status

READ_ONLY = [CCA, CCAHistory, OverdueFlag, Notice, CalendarImport, PolicySetting, AccessLog]
READ_ONLY += [SweepRun]
READ_ONLY += [Delivery, InboxMessage, SentMessage]
EDITABLE = [Organisation, CourseOffering, TeacherOfRecord, SchoolCalendar, BusinessDayOverride]
NOW = datetime(2025, 8, 20, 16, 0, tzinfo=UTC)


def _org(kind: str, code: str, parent: Organisation | None = None, **kw: object) -> Organisation:
    return Organisation.objects.create(
        kind=kind, code=code, name=f"{code} name", parent=parent, **kw
    )


@pytest.fixture
def world(db: None) -> dict[str, object]:
    """One of every record, written straight to the tables (the admin only reads them)."""
    staff = User.objects.create_superuser("state", "state@example.org", "pw-unused-123")
    state = _org(OrgKind.STATE, "USBE")
    lea = _org(OrgKind.LEA, "LEA1")
    school = _org(OrgKind.SCHOOL, "SCH1", lea)
    provider = _org(OrgKind.PROVIDER, "PRV1", provider_category=ProviderCategory.CERTIFIED)
    RoleMembership.objects.create(user=staff, role=Role.STATE_ADMIN, organisation=state)
    student = Student.objects.create(
        ssid="1234567",
        legal_first_name="Ada",
        legal_last_name="Lovelace",
        date_of_birth=date(2009, 5, 1),
        grade=10,
        primary_lea=lea,
        primary_school=school,
    )
    guardian = Guardian.objects.create(first_name="Anne", last_name="Lovelace")
    guardian.students.add(student)
    offering = CourseOffering.objects.create(
        provider=provider,
        core_code="01020000030",
        usbe_title="Math I",
        provider_title="Secondary Math I",
        credit=Decimal("0.5"),
        term_type="semester",
        content_categories=["Math"],
        tier="IV",
        first_school_year=2025,
    )
    tor = TeacherOfRecord.objects.create(
        provider=provider, first_name="Tess", last_name="Ortega", cactus_id="C100"
    )
    cca = CCA.objects.create(
        student=student,
        offering=offering,
        provider=provider,
        primary_lea=lea,
        primary_school=school,
        school_year=2025,
        session="S1",
        credit_attempted=Decimal("0.5"),
        status=Status.PENDING_EXECUTION,
        status_changed_at=NOW,
        submitted_by=staff,
        submitted_by_role=Role.STATE_ADMIN,
        submitted_at=NOW,
        submitted_on=NOW.date(),
        lea_decision_due=date(2025, 8, 25),
        closeout_date=date(2026, 6, 30),
        late_pass_final_due=date(2026, 8, 1),
        teacher_of_record=tor,
    )
    CCAHistory.objects.create(
        cca=cca,
        seq=1,
        at=NOW,
        actor=staff,
        actor_role=Role.STATE_ADMIN,
        action="submit",
        to_status=Status.PENDING_EXECUTION,
    )
    OverdueFlag.objects.create(
        cca=cca, kind="provider_decision", due_date=date(2025, 8, 25), raised_on=date(2025, 8, 26)
    )
    notice = Notice.objects.create(
        kind="request_received", audience="student", cca=cca, dedupe_key="k1", available_at=NOW
    )
    inbox = Delivery.objects.create(
        notice=notice,
        user=staff,
        recipient_key=f"user:{staff.pk}",
        channel="inbox",
        status="sent",
        next_attempt_at=NOW,
    )
    email = Delivery.objects.create(
        notice=notice,
        user=staff,
        email=staff.email,
        recipient_key=f"user:{staff.pk}",
        channel="email",
        status="sent",
        next_attempt_at=NOW,
        message_id="<notice-x@seats>",
    )
    InboxMessage.objects.create(
        delivery=inbox,
        user=staff,
        cca=cca,
        kind=notice.kind,
        subject="Request received",
        body="We received the request.",
        created_at=NOW,
    )
    SentMessage.objects.create(
        message_id="<notice-x@seats>", delivery=email, recipient=staff.email, sent_at=NOW
    )
    calendar = SchoolCalendar.objects.create(organisation=provider, name="PRV1 2025-26")
    SchoolDay.objects.create(calendar=calendar, date=date(2025, 8, 20))
    CalendarImport.objects.create(
        calendar=calendar,
        file_name="prv1.csv",
        sha256="0" * 64,
        school_years=[2025],
        days_loaded=1,
        days_replaced=0,
        imported_by=staff,
        imported_at=NOW,
    )
    BusinessDayOverride.objects.create(date=date(2025, 12, 26), closed=True, note="Governor")
    SweepRun.objects.create(as_of=date(2025, 9, 2), claimed_at=NOW, claimed_by="worker-1:42")
    PolicySetting.objects.create(
        school_year=2025,
        key="late_pass_final",
        value="09-30",
        effective_on=date(2025, 7, 1),
        reason="Board action",
        set_by=staff,
    )
    LocalRegistration.objects.create(student=student, provider=provider, phone="555-0100")
    AccessLog.objects.create(
        user=staff,
        role="state_admin",
        organisation=state,
        action="view",
        what=f"CCA {cca.pk}",
        student=student,
        cca_id=cca.pk,
    )
    StudentChange.objects.create(
        student=student,
        actor=staff,
        actor_role="state_admin",
        organisation=state,
        field="ssid",
        old_value="",
        new_value="1234567",
    )
    return {"staff": staff, "cca": cca}


@pytest.fixture
def client_as_staff(world: dict[str, object]) -> Client:
    client = Client()
    client.force_login(world["staff"])  # type: ignore[arg-type]
    return client


def _url(model: type, view: str, *args: object) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def test_every_seats_model_is_registered() -> None:
    missing = [
        m.__name__
        for m in apps.get_app_config("seats").get_models()
        if m not in admin.site._registry
    ]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", list(apps.get_app_config("seats").get_models()), ids=lambda m: m.__name__
)
def test_staff_open_changelist_and_change_page(client_as_staff: Client, model: type) -> None:
    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"the fixture has no {model.__name__}"
    listing = client_as_staff.get(_url(model, "changelist"))
    assert listing.status_code == 200
    assert listing.context["cl"].result_count >= 1
    page = client_as_staff.get(_url(model, "change", obj.pk))
    assert page.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m.__name__)
def test_service_owned_records_are_read_only(client_as_staff: Client, model: type) -> None:
    model_admin = admin.site._registry[model]
    request = client_as_staff.get(_url(model, "changelist")).wsgi_request
    obj = model.objects.first()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, obj)
    assert not model_admin.has_delete_permission(request, obj)
    assert model_admin.has_view_permission(request, obj)
    assert client_as_staff.get(_url(model, "add")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("model", EDITABLE, ids=lambda m: m.__name__)
def test_reference_data_is_editable(client_as_staff: Client, model: type) -> None:
    model_admin = admin.site._registry[model]
    request = client_as_staff.get(_url(model, "changelist")).wsgi_request
    assert model_admin.has_change_permission(request, model.objects.first())
    assert model_admin.has_add_permission(request)


@pytest.mark.django_db
def test_cca_admin_refuses_a_posted_change(
    client_as_staff: Client, world: dict[str, object]
) -> None:
    cca: CCA = world["cca"]  # type: ignore[assignment]
    before = (cca.status, cca.version, cca.school_year)
    response = client_as_staff.post(
        _url(CCA, "change", cca.pk),
        {"status": Status.CONFIRMED.value, "version": "7", "school_year": "2030"},
    )
    assert response.status_code == 403
    cca.refresh_from_db()
    assert (cca.status, cca.version, cca.school_year) == before
    deleted = client_as_staff.post(_url(CCA, "delete", cca.pk), {"post": "yes"})
    assert deleted.status_code == 403
    assert CCA.objects.filter(pk=cca.pk).exists()


@pytest.mark.django_db
def test_cca_change_page_shows_every_column_and_the_history(
    client_as_staff: Client, world: dict[str, object]
) -> None:
    cca: CCA = world["cca"]  # type: ignore[assignment]
    shown = admin.utils.flatten_fieldsets(admin.site._registry[CCA].fieldsets)
    assert set(shown) == {f.name for f in CCA._meta.concrete_fields}
    page = client_as_staff.get(_url(CCA, "change", cca.pk))
    assert "2025-08-25" in page.content.decode() or "Aug. 25, 2025" in page.content.decode()
    assert page.context["inline_admin_formsets"][0].formset.queryset.count() == 1


@pytest.mark.django_db
def test_cca_changelist_has_no_n_plus_one(
    client_as_staff: Client, world: dict[str, object], django_assert_max_num_queries: object
) -> None:
    cca: CCA = world["cca"]  # type: ignore[assignment]
    url = _url(CCA, "changelist")
    client_as_staff.get(url)  # warm the session and content types
    with django_assert_max_num_queries(12) as one:  # type: ignore[operator]
        client_as_staff.get(url)
    for n in range(5):
        CCA.objects.create(
            **{
                f.attname: getattr(cca, f.attname)
                for f in CCA._meta.concrete_fields
                if not f.primary_key
            }
            | {"school_year": 2026 + n}
        )
    with django_assert_max_num_queries(len(one.captured_queries)):  # type: ignore[operator]
        client_as_staff.get(url)


@pytest.mark.django_db
def test_student_list_shows_only_identifying_columns(world: dict[str, object]) -> None:
    shown = set(admin.site._registry[Student].list_display)
    assert shown == {"legal_last_name", "legal_first_name", "ssid", "grade", "primary_school"}


@pytest.mark.django_db
def test_offering_form_applies_catalog_rules(
    client_as_staff: Client, world: dict[str, object]
) -> None:
    offering = CourseOffering.objects.get()
    data = {
        "provider": offering.provider_id,
        "core_code": offering.core_code,
        "usbe_title": offering.usbe_title,
        "provider_title": offering.provider_title,
        "credit": "0.75",
        "term_type": "semester",
        "content_categories": '["Health", "Math"]',
        "grade_min": 6,
        "grade_max": 12,
        "first_school_year": 2025,
        "mature_content": "on",
        "description": "Numbers.",
    }
    bad = client_as_staff.post(_url(CourseOffering, "change", offering.pk), data)
    assert bad.status_code == 200  # the form comes back with errors
    errors = bad.context["adminform"].form.errors
    assert "credit" in errors
    offering.refresh_from_db()
    assert offering.credit == Decimal("0.5")
    good = data | {"credit": "0.5", "mature_content": ""}
    ok = client_as_staff.post(_url(CourseOffering, "change", offering.pk), good)
    assert ok.status_code == 302
    offering.refresh_from_db()
    assert offering.tier == "I"  # the lowest tier of its categories (Health)


@pytest.mark.django_db
def test_business_day_override_records_who_added_it(
    client_as_staff: Client, world: dict[str, object]
) -> None:
    response = client_as_staff.post(
        _url(BusinessDayOverride, "add"),
        {"date": "2026-01-02", "closed": "on", "note": "Extra closure"},
    )
    assert response.status_code == 302
    added = BusinessDayOverride.objects.get(date=date(2026, 1, 2))
    assert added.created_by == world["staff"]
    assert added.created_at.date() >= (NOW - timedelta(days=1)).date()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "found"),
    [("1234567", True), ("Lovel", True), ("9999999", False), ("Nobody", False)],
)
def test_cca_search_by_ssid_and_last_name(
    client_as_staff: Client, world: dict[str, object], query: str, found: bool
) -> None:
    # The search is POSTed and kept behind a key (seats.web.admin_search): no SSID in a URL.
    asked = client_as_staff.post(_url(CCA, "changelist"), {"_seats_search": "1", "q": query})
    assert asked.status_code == 303 and query not in asked["Location"]
    response = client_as_staff.get(asked["Location"])
    assert response.status_code == 200
    ids = [c.pk for c in response.context["cl"].result_list]
    assert ids == ([world["cca"].pk] if found else [])  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_cca_school_year_filter(client_as_staff: Client, world: dict[str, object]) -> None:
    url = _url(CCA, "changelist")
    same = client_as_staff.get(url, {"school_year": "2025"})
    other = client_as_staff.get(url, {"school_year": "2024"})
    assert [c.pk for c in same.context["cl"].result_list] == [world["cca"].pk]  # type: ignore[attr-defined]
    assert list(other.context["cl"].result_list) == []
