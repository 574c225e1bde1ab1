"""Completion rates live from the CCAs (one GROUP BY per question), per provider, per course
(core code) and per school year, and the CCAs that pulled a provider's rate down.

Who sees what: the state every provider; a provider's staff only its own; nobody else any.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from seats.core.models import CCA, CourseOffering, Organisation
from seats.core.selectors.access import PROVIDER_ROLES, STATE_ROLES, Viewer
from seats.core.services.policy import policy_for
from seats.domain.reports.completion import (
    COUNTING,
    Rate,
    Rates,
    add,
    against_statuses,
    rates,
)
from seats.domain.statuses import Status

#: Every status either rate reads (and Confirmed, shown as "still open").
READ_STATUSES = [s.value for s in COUNTING] + [Status.CONFIRMED.value]


def may_see_rates(viewer: Viewer) -> bool:
    return viewer.role in STATE_ROLES or viewer.role in PROVIDER_ROLES


def provider_scope(viewer: Viewer) -> Q:
    """The providers whose rates the viewer may see."""
    if viewer.role in STATE_ROLES:
        return Q()
    if viewer.role in PROVIDER_ROLES:
        return Q(pk=viewer.organisation.pk)
    return Q(pk__in=[])


def providers_for(viewer: Viewer) -> QuerySet[Organisation]:
    return Organisation.objects.filter(provider_scope(viewer), kind="provider").order_by("name")


def minimum(school_year: int) -> Decimal:
    return policy_for(school_year).completion_rate_minimum


@dataclass(frozen=True)
class ProviderRates:
    provider: Organisation
    rates: Rates
    below: bool


@dataclass(frozen=True)
class CourseRates:
    core_code: str
    title: str
    rates: Rates
    below: bool


def _counted(school_year: int) -> QuerySet[CCA]:
    return CCA.objects.filter(school_year=school_year, status__in=READ_STATUSES)


def _counts(rows: list[dict], key: str) -> dict[object, dict[Status, int]]:
    out: dict[object, dict[Status, int]] = {}
    for r in rows:
        out.setdefault(r[key], {})[Status(r["status"])] = r["n"]
    return out


def provider_rates(viewer: Viewer, school_year: int) -> list[ProviderRates]:
    """Every provider the viewer may see with its rates for the year, lowest extended first."""
    floor = minimum(school_year)
    providers = list(providers_for(viewer))
    rows = list(
        _counted(school_year)
        .filter(provider__in=providers)
        .values("provider_id", "status")
        .annotate(n=Count("*"))
        .order_by()
    )
    counts = _counts(rows, "provider_id")
    found = []
    for p in providers:
        r = rates(counts.get(p.pk, {}))
        found.append(ProviderRates(p, r, r.below(floor)))
    found.sort(
        key=lambda x: (
            x.rates.extended.percent is None,
            x.rates.extended.percent or 0,
            x.provider.name,
        )
    )
    return found


def course_rates(provider: Organisation, school_year: int) -> list[CourseRates]:
    """The provider's rates per course (USBE core code), by core code."""
    floor = minimum(school_year)
    rows = list(
        _counted(school_year)
        .filter(provider=provider)
        .values("offering__core_code", "status")
        .annotate(n=Count("*"))
        .order_by()
    )
    counts = _counts(rows, "offering__core_code")
    titles = dict(
        provider.offerings.filter(core_code__in=list(counts))
        .order_by("core_code", "-first_school_year")
        .values_list("core_code", "usbe_title")
    )
    out = []
    for code in sorted(counts):
        r = rates(counts[code])
        out.append(CourseRates(str(code), titles.get(code, ""), r, r.below(floor)))
    return out


def every_course_rates(viewer: Viewer, school_year: int) -> dict[int, list[CourseRates]]:
    """Every visible provider's rates per course in one GROUP BY: {provider id: courses}."""
    floor = minimum(school_year)
    providers = list(providers_for(viewer).values_list("pk", flat=True))
    rows = list(
        _counted(school_year)
        .filter(provider_id__in=providers)
        .values("provider_id", "offering_id", "status")
        .annotate(n=Count("*"))  # COUNT(*): answered from the index cca_year_rates alone
        .order_by()
    )
    offerings = {  # the course (core code) and title of each offering, joined here, not per CCA
        pk: (code, title)
        for pk, code, title in CourseOffering.objects.filter(
            pk__in={r["offering_id"] for r in rows}
        ).values_list("pk", "core_code", "usbe_title")
    }
    counts: dict[tuple[int, str], dict[Status, int]] = {}
    titles: dict[tuple[int, str], str] = {}
    for r in sorted(rows, key=lambda r: r["offering_id"]):
        code, title = offerings[r["offering_id"]]
        key = (r["provider_id"], code)
        part = counts.setdefault(key, {})
        status = Status(r["status"])
        part[status] = part.get(status, 0) + r["n"]
        titles.setdefault(key, title)
    out: dict[int, list[CourseRates]] = {pk: [] for pk in providers}
    for key in sorted(counts):
        r = rates(counts[key])
        out[key[0]].append(CourseRates(key[1], titles[key], r, r.below(floor)))
    return out


def totals(courses: list[CourseRates]) -> Rates:
    """The provider's rates as the sum of its courses (the same as ``provider_rates``)."""
    return Rates(
        Rate(
            sum(c.rates.timely.completed for c in courses),
            sum(c.rates.timely.counted for c in courses),
        ),
        Rate(
            sum(c.rates.extended.completed for c in courses),
            sum(c.rates.extended.counted for c in courses),
        ),
        sum(c.rates.open for c in courses),
    )


def rates_of(provider: Organisation, school_year: int) -> Rates:
    rows = (
        _counted(school_year)
        .filter(provider=provider)
        .values("status")
        .annotate(n=Count("*"))
        .order_by()
    )
    return rates(add([{Status(r["status"]): r["n"]} for r in rows]))


def pulled_down(provider: Organisation, school_year: int) -> QuerySet[CCA]:
    """The CCAs that count against the provider's rate (the extended rate's not completed),
    oldest change first, with what a row shows."""
    statuses = [s.value for s in against_statuses(extended=True)]
    return (
        CCA.objects.filter(provider=provider, school_year=school_year, status__in=statuses)
        .select_related("student", "offering")
        .order_by("offering__core_code", "status_changed_at", "pk")
    )


def under_minimum(viewer: Viewer, school_year: int) -> list[ProviderRates]:
    """The providers (that the viewer may see) under the minimum completion rate."""
    return [p for p in provider_rates(viewer, school_year) if p.below]
