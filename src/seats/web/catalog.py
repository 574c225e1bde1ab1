"""The course catalog (SPEC 2; issues 3 and 9): open courses of this school year, found by a
keyword and filters, narrowed to the child's grade for a family, paginated, each with its
description, the seats left and the dates of its sessions.

The keyword is course words, never personal data, so it stays a plain GET parameter like the
filters. A page costs the same queries for any number of courses (tested): the seats left come
from one grouped count for the page (``seats.core.selectors.catalog``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _

from seats.core import clock
from seats.core.models import CourseOffering, Organisation
from seats.core.selectors.access import FAMILY_ROLES, STATE_ROLES, Viewer, students_visible_to
from seats.core.selectors.catalog import session_rows
from seats.domain.calendars import school_year_label, school_year_of
from seats.domain.catalog import (
    CREDIT_VALUES,
    MATURE_DISCLAIMER,
    ContentCategory,
    TermType,
    description_without_disclaimer,
)
from seats.domain.policy import Tier
from seats.domain.roles import Role

from .htmx import is_htmx, render_part
from .permissions import allow

CATALOG_ROLES = (
    FAMILY_ROLES
    | STATE_ROLES
    | {Role.COUNSELOR, Role.REGISTRAR, Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN}
)
PER_PAGE = 25
KEYWORD_LENGTH = 100
GRADES = tuple(range(6, 13))


def offered_in(school_year: int) -> QuerySet[CourseOffering]:
    """Open offerings of ``school_year`` (the same test as CourseOffering.offered_in, in SQL)."""
    return CourseOffering.objects.filter(is_open=True, first_school_year__lte=school_year).filter(
        Q(last_school_year__isnull=True) | Q(last_school_year__gte=school_year)
    )


def keyword_filter(text: str) -> Q:
    """Every word of ``text`` in the course's titles, core code, provider name or description
    (any case)."""
    where = Q()
    for word in text.split():
        where &= (
            Q(provider_title__icontains=word)
            | Q(usbe_title__icontains=word)
            | Q(core_code__icontains=word)
            | Q(provider__name__icontains=word)
            | Q(description__icontains=word)
        )
    return where


def child_grade(viewer: Viewer) -> tuple[int | None, str]:
    """The grade a family's catalog opens on, and whose it is: the student's own, or a parent's
    first child's (by name). (None, "") for staff."""
    if viewer.role not in FAMILY_ROLES:
        return None, ""
    child = (
        students_visible_to(viewer)
        .order_by("legal_last_name", "legal_first_name", "pk")
        .only("grade", "preferred_name", "legal_first_name", "legal_last_name")
        .first()
    )
    if child is None:
        return None, ""
    return child.grade, child.preferred_name or child.legal_first_name


def _catalog_filters(
    rows: QuerySet[CourseOffering], query: QueryDict, default_grade: int | None
) -> tuple[QuerySet[CourseOffering], dict[str, str], list[str]]:
    """Apply the filters the person chose; a value that is not one of the choices is named in
    an error and ignored, so the page still lists courses. Without a ``grade`` parameter a
    family sees its child's grade; "Any grade" (an empty value) widens the list."""
    chosen = {k: query.get(k, "").strip() for k in ("subject", "tier", "credit", "provider")}
    chosen |= {k: query.get(k, "").strip() for k in ("term", "grade")}
    chosen["q"] = " ".join(query.get("q", "").split())[:KEYWORD_LENGTH]
    if "grade" not in query and default_grade is not None:
        chosen["grade"] = str(default_grade)
    errors: list[str] = []
    if chosen["q"]:
        rows = rows.filter(keyword_filter(chosen["q"]))
    if chosen["subject"]:
        if chosen["subject"] in {c.value for c in ContentCategory}:
            # JSON "contains" is not portable (SQLite); the catalog is small, so match in Python.
            pairs = rows.values_list("pk", "content_categories")
            rows = rows.filter(pk__in=[pk for pk, cats in pairs if chosen["subject"] in cats])
        else:
            errors.append(_("Subject: choose one of the listed subjects."))
    if chosen["tier"]:
        if chosen["tier"] in {t.value for t in Tier}:
            rows = rows.filter(tier=chosen["tier"])
        else:
            errors.append(_("Tier: choose one of the listed tiers."))
    if chosen["credit"]:
        credit = _decimal(chosen["credit"])
        if credit in CREDIT_VALUES:
            rows = rows.filter(credit=credit)
        else:
            errors.append(_("Credit: choose 0.25, 0.5 or 1.0."))
    if chosen["provider"]:
        rows = rows.filter(provider__code=chosen["provider"])
    if chosen["term"]:
        if chosen["term"] in {t.value for t in TermType}:
            rows = rows.filter(term_type=chosen["term"])
        else:
            errors.append(_("Term: choose quarter or semester."))
    if chosen["grade"]:
        if chosen["grade"].isdigit() and 1 <= int(chosen["grade"]) <= 12:
            grade = int(chosen["grade"])
            rows = rows.filter(grade_min__lte=grade, grade_max__gte=grade)
        else:
            errors.append(_("Grade: enter a whole number from 1 to 12."))
    return rows, chosen, errors


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@allow(CATALOG_ROLES)
def catalog(request: HttpRequest) -> HttpResponse:
    viewer: Viewer = request.viewer  # type: ignore[attr-defined]
    school_year = school_year_of(clock.today())
    base = offered_in(school_year)
    default_grade, whose = child_grade(viewer)
    rows, chosen, errors = _catalog_filters(base, request.GET, default_grade)
    rows = rows.select_related("provider").order_by("provider_title", "provider__name", "pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    sessions = session_rows(page.object_list, school_year)
    courses = [
        (o, description_without_disclaimer(o.description), sessions[o.pk]) for o in page.object_list
    ]
    keep = QueryDict(mutable=True)
    keep.update({k: v for k, v in chosen.items() if v or k == "grade"})
    providers = Organisation.objects.filter(
        pk__in=base.values("provider"), kind="provider"
    ).order_by("name")
    grades = sorted({*GRADES, *([default_grade] if default_grade else [])})
    return render_part(
        request,
        "web/family/catalog.html",
        "web/family/_catalog_results.html",
        {
            "htmx": is_htmx(request),
            "page": page,
            "courses": courses,
            "chosen": chosen,
            "errors": errors,
            "query": keep.urlencode(),
            "school_year": school_year_label(school_year),
            "default_grade": default_grade,
            "whose_grade": whose,
            "narrowed_to_child": default_grade is not None
            and chosen["grade"] == str(default_grade),
            "subjects": [c.value for c in ContentCategory],
            "tiers": [t.value for t in Tier],
            "credits": [str(c) for c in CREDIT_VALUES],
            "terms": [t.value for t in TermType],
            "grades": [str(g) for g in grades],
            "providers": providers,
            "disclaimer": MATURE_DISCLAIMER,
            "can_request": viewer.role in FAMILY_ROLES,
        },
    )
