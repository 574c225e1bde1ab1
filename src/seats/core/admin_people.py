"""The back office's people: students, guardians, accounts and their role memberships.

Registered by seats.core.admin (which imports this module). A student's SSID is read-only here:
it is entered through services.students.assign_ssid (format, uniqueness, an audit entry).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from seats.core.services import students

from .models import Guardian, RoleMembership, Student, User


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    """The list shows no more than identifies a student: name, SSID, grade, school."""

    list_display = ["legal_last_name", "legal_first_name", "ssid", "grade", "primary_school"]
    list_select_related = ["primary_school"]
    list_filter = ["grade"]
    search_fields = ["=ssid", "^legal_last_name"]
    autocomplete_fields = ["primary_lea", "primary_school", "user"]
    show_full_result_count = False
    # The SSID is entered on the CCA page or through the API (services.students.assign_ssid:
    # format, uniqueness, an audit entry), never typed here past those checks.
    readonly_fields = ["ssid"]

    def save_model(self, request: HttpRequest, obj: Student, form: Any, change: bool) -> None:
        """A renamed student stays findable by name in every queue (the CCAs' search copies)."""
        super().save_model(request, obj, form, change)
        if change and {"legal_last_name", "legal_first_name"} & set(form.changed_data):
            students.refresh_search_names(student_id=obj.pk)


@admin.register(Guardian)
class GuardianAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "language"]
    search_fields = ["^last_name"]
    autocomplete_fields = ["students", "user"]


@admin.register(RoleMembership)
class RoleMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "created_at"]
    list_select_related = ["user", "organisation"]
    list_filter = ["role"]
    search_fields = ["user__username", "=organisation__code"]
    autocomplete_fields = ["user", "organisation"]


class RoleMembershipInline(admin.TabularInline):
    model = RoleMembership
    extra = 0
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleMembership]:
        return super().get_queryset(request).select_related("organisation")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = [*DjangoUserAdmin.fieldsets, ("SEATS", {"fields": ["language", "phone"]})]
    inlines = [RoleMembershipInline]
