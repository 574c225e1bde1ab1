"""The funding records in the back office (Django admin), read-only.

The ledger (runs, entries, legs) is append-only: no add, change or delete for anyone,
superusers included (the models refuse it too, and on PostgreSQL so do triggers). The other
funding records change only through the services, which check the rules the admin cannot: the
MSP schedule (``seats payments schedule``: a paid month keeps its date), holds (``seats payments
hold|release``: a release is recorded, never a deletion), the appropriation (its page or
``seats appropriation set``: every amount is kept), approvals and posting progress (the payment
run page). Lists select related rows up front and skip the full count on the big tables.
"""

from __future__ import annotations

from django.contrib import admin

from seats.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Account,
    Appropriation,
    AppropriationChange,
    Entry,
    Leg,
    MspRun,
    Obligation,
    PaymentHold,
    PaymentRun,
    RunApproval,
    RunProgress,
)


class LegInline(ReadOnlyInline):
    model = Leg
    fk_name = "entry"
    fields = ["account", "amount"]
    readonly_fields = ["account", "amount"]


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "organisation", "school_year"]
    list_select_related = ["organisation"]
    list_filter = ["kind"]
    search_fields = ["=organisation__code"]


@admin.register(PaymentRun)
class PaymentRunAdmin(ReadOnlyAdmin):
    list_display = ["month", "run_date", "entries", "total", "posted_at", "posted_by_role"]
    ordering = ["-month"]


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["id", "run", "cca", "half", "tranche", "amount", "reversal_of", "provider"]
    list_display += ["lea", "posted_at"]
    list_select_related = ["run", "cca", "provider", "lea"]
    list_filter = ["tranche", "half"]
    search_fields = ["=cca__id", "=provider__code", "=lea__code"]
    ordering = ["-id"]
    inlines = [LegInline]


@admin.register(Leg)
class LegAdmin(ReadOnlyAdmin):
    list_display = ["id", "entry", "account", "amount"]
    list_select_related = ["entry", "account"]
    search_fields = ["=entry__id", "=entry__cca__id"]
    ordering = ["-id"]


@admin.register(MspRun)
class MspRunAdmin(ReadOnlyAdmin):
    list_display = ["month", "run_date", "school_year", "loaded_by", "loaded_at"]
    list_select_related = ["loaded_by"]
    list_filter = ["school_year"]


@admin.register(PaymentHold)
class PaymentHoldAdmin(ReadOnlyAdmin):
    list_display = ["id", "scope", "cca", "organisation", "reason", "set_at", "set_by_role"]
    list_display += ["released_at"]
    list_select_related = ["cca", "organisation"]
    list_filter = ["scope", "reason", ("released_at", admin.EmptyFieldListFilter)]
    search_fields = ["=cca__id", "=organisation__code"]
    ordering = ["-id"]


@admin.register(Appropriation)
class AppropriationAdmin(ReadOnlyAdmin):
    list_display = ["school_year", "amount", "home_share_percent", "obligated_elsewhere"]
    list_display += ["set_at", "set_by"]
    list_select_related = ["set_by"]


@admin.register(AppropriationChange)
class AppropriationChangeAdmin(ReadOnlyAdmin):
    list_display = ["school_year", "amount", "home_share_percent", "set_at", "set_by_role", "note"]
    list_filter = ["school_year"]
    ordering = ["-id"]


@admin.register(Obligation)
class ObligationAdmin(ReadOnlyAdmin):
    list_display = ["cca", "school_year", "amount", "balance_before", "obligated_at"]
    list_display += ["obligated_by_role"]
    list_select_related = ["cca"]
    list_filter = ["school_year"]
    search_fields = ["=cca__id"]
    ordering = ["-id"]


@admin.register(RunApproval)
class RunApprovalAdmin(ReadOnlyAdmin):
    list_display = ["month", "entries", "total", "approved_at", "approved_by_role"]


@admin.register(RunProgress)
class RunProgressAdmin(ReadOnlyAdmin):
    list_display = ["month", "state", "step", "started_at", "finished_at", "message"]
    list_filter = ["state"]
