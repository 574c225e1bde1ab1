"""The back office for state staff (Django admin at /admin/).

Records whose every change must be traced (CCAs, their history, flags, notices, calendar imports,
policy settings) are read-only here: they change only through ``seats.core.services``, which lock,
check the version and append history. Reference data the state maintains (organisations, course
offerings, teachers of record, school calendars, business-day overrides) is editable; Django's
admin log records who changed what. Lists select their related rows up front (no N+1), filter
on indexed columns, and skip the full COUNT(*) on the big tables.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min, QuerySet
from django.http import HttpRequest

from seats.core import clock
from seats.domain.calendars import school_year_label, school_year_of
from seats.domain.catalog import check_credit, check_mature_description, tier_for
from seats.domain.errors import InvalidInput

from .models import (
    CCA,
    AccessLog,
    BusinessDayOverride,
    CalendarImport,
    CCAHistory,
    CourseOffering,
    LocalRegistration,
    Notice,
    Organisation,
    OverdueFlag,
    PolicySetting,
    SchoolCalendar,
    SchoolDay,
    StudentChange,
    SweepRun,
    TeacherOfRecord,
)

admin.site.site_header = "SEATS back office"
admin.site.site_title = "SEATS"
admin.site.index_title = "State staff"


class NoWrites:
    """No add, change or delete for anyone, superusers included; viewing stays allowed."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(NoWrites, admin.ModelAdmin):
    show_full_result_count = False  # the big tables: no second COUNT(*) per page

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.concrete_fields]


class ReadOnlyInline(NoWrites, admin.TabularInline):
    extra = 0
    can_delete = False


# --- Records that change only through services ------------------------------------------------


class CCAHistoryInline(ReadOnlyInline):
    model = CCAHistory
    fk_name = "cca"
    fields = ["seq", "at", "actor", "actor_role", "action", "from_status", "to_status", "reason"]
    readonly_fields = fields
    ordering = ["seq"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CCAHistory]:
        return super().get_queryset(request).select_related("actor")


class OverdueFlagInline(ReadOnlyInline):
    model = OverdueFlag
    fields = ["kind", "due_date", "raised_on", "cleared_on"]
    readonly_fields = fields


CCA_FIELDSETS = [
    (
        "Contract",
        {
            "fields": [
                "id",
                ("student", "offering"),
                ("provider", "primary_lea", "primary_school"),
                ("school_year", "session", "credit_attempted"),
                ("status", "status_changed_at", "version"),
                ("submitted_by", "submitted_by_role", "submitted_at", "submitted_on"),
            ]
        },
    ),
    (
        "Counselor review",
        {
            "fields": [
                ("counselor", "seop_consistent", "counselor_reviewed_at"),
                "counselor_note",
                ("credit_limit_agreed", "health_approval"),
                ("grade_replacement", "grade_replacement_approved", "early_graduation"),
            ]
        },
    ),
    (
        "Decisions",
        {
            "fields": [
                ("lea_decision", "lea_decided_by", "lea_decided_at", "lea_reason"),
                "financial_responsibility_accepted",
                ("provider_decision", "provider_decided_by", "provider_decided_at"),
                ("provider_accepted_on", "provider_reason"),
                ("local_registration_complete", "local_registration_completed_on"),
            ]
        },
    ),
    (
        "Enrollment",
        {
            "fields": [
                ("course_start_date", "teacher_of_record"),
                ("noe_date", "noe_issued_by", "noe_basis"),
                ("iep_forwarded_on", "confirmation_date"),
                ("not_confirmed_closed_on", "correction_requested_on"),
                "correction_denied_on",
                ("intent_to_withdraw_sent_on", "withdrawal_date"),
                ("second_half_start", "second_half_start_entered"),
            ]
        },
    ),
    (
        "Deadlines (computed by the services, read by the sweep)",
        {
            "fields": [
                ("lea_decision_due", "provider_decision_due", "lea_cancellation_due"),
                ("iep_forwarding_due", "withdrawal_period_end", "census_date"),
                ("confirmation_due", "correction_request_due", "administrative_withdrawal_due"),
                (
                    "second_withdrawal_period_end",
                    "second_census_date",
                    "second_withdrawal_record_by",
                ),
                ("transcript_due", "transcript_due_set"),
                ("closeout_date", "late_pass_final_due"),
            ]
        },
    ),
    (
        "Progress and outcome",
        {
            "fields": [
                ("grade_progress_percent", "grade_progress_letter", "grade_progress_as_of"),
                ("last_activity_on", "at_risk", "at_risk_since"),
                ("final_grade", "credit_earned", "completion_date", "transcript_issued_on"),
                ("created_at", "updated_at"),
            ]
        },
    ),
    (
        "Search copies of the student's names",
        {"fields": [("search_last_name", "search_first_name")]},
    ),
]


class SchoolYearFilter(admin.SimpleListFilter):
    """Recent school years from the clock, not a SELECT DISTINCT over every CCA."""

    title = "school year"
    parameter_name = "school_year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        current = school_year_of(clock.today())
        years = range(current + 1, current - 5, -1)
        return [(str(y), school_year_label(y)) for y in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[CCA]) -> QuerySet[CCA]:
        value = self.value()
        return queryset.filter(school_year=int(value)) if value and value.isdigit() else queryset


@admin.register(CCA)
class CCAAdmin(ReadOnlyAdmin):
    list_display = ["id", "student", "offering", "provider", "primary_lea", "school_year"]
    list_display += ["session", "status", "status_changed_at"]
    list_select_related = ["student", "offering", "provider", "primary_lea"]
    list_filter = ["status", SchoolYearFilter, "session"]
    search_fields = ["=id", "=student__ssid", "^student__legal_last_name", "=provider__code"]
    ordering = ["-id"]  # newest first, by the primary key index (no sort of the table)
    fieldsets = CCA_FIELDSETS
    inlines = [CCAHistoryInline, OverdueFlagInline]


@admin.register(CCAHistory)
class CCAHistoryAdmin(ReadOnlyAdmin):
    list_display = ["cca", "seq", "at", "action", "from_status", "to_status", "actor_role", "actor"]
    list_select_related = ["cca", "actor"]
    search_fields = ["=cca__id"]
    ordering = ["-cca_id", "-seq"]  # one backward scan of the (cca, seq) unique index


@admin.register(OverdueFlag)
class OverdueFlagAdmin(ReadOnlyAdmin):
    list_display = ["cca", "kind", "due_date", "raised_on", "cleared_on"]
    list_select_related = ["cca"]
    list_filter = ["kind", ("cleared_on", admin.EmptyFieldListFilter)]
    search_fields = ["=cca__id"]
    ordering = ["due_date"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "audience", "cca", "language", "status", "attempts"]
    list_display += ["available_at", "sent_at"]
    list_select_related = ["cca"]
    list_filter = ["status"]
    search_fields = ["=cca__id", "=dedupe_key"]
    ordering = ["-id"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    """The state reviews who viewed or exported which student records (SPEC 10)."""

    list_display = [
        "at",
        "user",
        "role",
        "organisation",
        "action",
        "what",
        "purpose",
        "rows",
        "channel",
    ]
    list_select_related = ["user", "organisation"]
    list_filter = ["action", "channel"]
    search_fields = ["=user__username", "=student__ssid", "=cca_id"]
    ordering = ["-id"]


@admin.register(StudentChange)
class StudentChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "student", "field", "actor", "actor_role", "organisation", "channel"]
    list_select_related = ["student", "actor", "organisation"]
    search_fields = ["=student__ssid", "=actor__username"]
    ordering = ["-id"]


@admin.register(CalendarImport)
class CalendarImportAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "calendar", "days_loaded", "days_replaced"]
    list_display += ["imported_by", "imported_at"]
    list_select_related = ["calendar", "imported_by"]
    search_fields = ["file_name", "=calendar__organisation__code"]
    ordering = ["-imported_at"]


@admin.register(SweepRun)
class SweepRunAdmin(ReadOnlyAdmin):
    list_display = ["as_of", "claimed_by", "claimed_at", "attempts", "finished_at"]
    ordering = ["-as_of"]


@admin.register(PolicySetting)
class PolicySettingAdmin(ReadOnlyAdmin):
    list_display = ["school_year", "key", "value", "effective_on", "reason", "set_by"]
    list_select_related = ["set_by"]
    list_filter = ["school_year"]
    search_fields = ["key"]


@admin.register(SchoolDay)
class SchoolDayAdmin(ReadOnlyAdmin):
    """School days are loaded by ``seats calendar import`` so every change leaves an import row."""

    list_display = ["date", "calendar"]
    list_select_related = ["calendar"]
    search_fields = ["=calendar__organisation__code"]
    date_hierarchy = "date"


@admin.register(LocalRegistration)
class LocalRegistrationAdmin(ReadOnlyAdmin):
    """Family contact data the provider collects: the list shows only whose and whether done."""

    list_display = ["student", "provider", "completed_on"]
    list_select_related = ["student", "provider"]
    search_fields = ["=student__ssid", "=provider__code"]


# --- Reference data the state maintains -------------------------------------------------------


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "provider_category", "is_active"]
    list_select_related = ["parent"]
    list_filter = [
        "kind",
        "provider_category",
        "is_active",
        "counselors_decide",
        "bulk_approval_needs_review",
    ]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


class CourseOfferingForm(forms.ModelForm):
    """The catalog rules of the domain, applied to the admin form (SPEC 2)."""

    class Meta:
        model = CourseOffering
        fields = [
            f.name
            for f in CourseOffering._meta.fields
            if f.editable and not f.primary_key and f.name != "tier"
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        categories = data.get("content_categories")
        if categories is not None and not isinstance(categories, list):
            raise ValidationError({"content_categories": 'A list of names, e.g. ["Math"].'})
        try:
            if data.get("credit") is not None:
                check_credit(data["credit"])
            check_mature_description(bool(data.get("mature_content")), data.get("description", ""))
            if categories is not None:
                self.instance.tier = tier_for(categories).value
        except InvalidInput as exc:
            raise ValidationError({exc.field or "__all__": exc.message}) from None
        return data


@admin.register(CourseOffering)
class CourseOfferingAdmin(admin.ModelAdmin):
    form = CourseOfferingForm
    list_display = ["provider_title", "core_code", "provider", "credit", "term_type", "tier"]
    list_display += ["is_open", "capacity", "first_school_year", "last_school_year"]
    list_select_related = ["provider"]
    list_filter = ["tier", "is_open"]
    search_fields = ["core_code", "provider_title", "usbe_title", "=provider__code"]
    autocomplete_fields = ["provider"]
    readonly_fields = ["tier"]


@admin.register(TeacherOfRecord)
class TeacherOfRecordAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "cactus_id", "provider", "background_check_date"]
    list_select_related = ["provider"]
    search_fields = ["=cactus_id", "last_name", "=provider__code"]
    autocomplete_fields = ["provider"]


@admin.register(SchoolCalendar)
class SchoolCalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "school_days", "first_day", "last_day"]
    list_select_related = ["organisation"]
    search_fields = ["name", "=organisation__code"]
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SchoolCalendar]:
        return (
            super()
            .get_queryset(request)
            .annotate(n_days=Count("days"), first=Min("days__date"), last=Max("days__date"))
        )

    @admin.display(description="school days", ordering="n_days")
    def school_days(self, obj: Any) -> int:
        return obj.n_days

    @admin.display(description="first day", ordering="first")
    def first_day(self, obj: Any) -> Any:
        return obj.first

    @admin.display(description="last day", ordering="last")
    def last_day(self, obj: Any) -> Any:
        return obj.last


@admin.register(BusinessDayOverride)
class BusinessDayOverrideAdmin(admin.ModelAdmin):
    """Corrections to the holiday package. They count for deadlines computed after the change."""

    list_display = ["date", "closed", "note", "created_by", "created_at"]
    list_select_related = ["created_by"]
    list_filter = ["closed"]
    search_fields = ["note"]
    date_hierarchy = "date"
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# --- Notice delivery (the worker writes these; the admin only reads them) --------------------

from .models import Delivery, InboxMessage, SentMessage  # noqa: E402


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["id", "notice", "channel", "recipient_key", "language", "status", "attempts"]
    list_display += ["next_attempt_at", "sent_at"]
    list_select_related = ["notice"]
    list_filter = ["status", "channel"]
    search_fields = ["=notice__id", "=recipient_key"]
    ordering = ["-id"]


@admin.register(InboxMessage)
class InboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["id", "user", "kind", "subject", "created_at", "read_at"]
    list_select_related = ["user"]
    search_fields = ["=user__username"]
    ordering = ["-id"]


@admin.register(SentMessage)
class SentMessageAdmin(ReadOnlyAdmin):
    list_display = ["message_id", "recipient", "sent_at"]
    search_fields = ["=message_id"]
    ordering = ["-id"]


# The people's pages live beside this module (one concept, one file); importing registers them.
from . import admin_people  # noqa: E402, F401
