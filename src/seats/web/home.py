"""Each role's home page (issue 3): the counselor's caseload and a student's page, and the LEA
approver's schools view with the lists behind its counts (at-risk students among them).

Views only parse the query string, call a selector and render; the pages are read-only. Every
page that shows student records writes an access-log row with keys only (SPEC 10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from seats.core import clock
from seats.core.models import AccessAction, AccessPurpose, Organisation
from seats.core.selectors import caseload as cl
from seats.core.selectors import lea as lv
from seats.core.selectors.access import STATE_ROLES, Viewer
from seats.core.services.audit import log_access
from seats.domain.calendars import school_year_label, school_year_of
from seats.domain.errors import NotFound
from seats.domain.roles import LEA_ROLES, SCHOOL_ROLES, Role

from . import search, turns
from .permissions import allow

SCHOOL = SCHOOL_ROLES
LEA_VIEWERS = LEA_ROLES | STATE_ROLES
SCHOOLS_PER_PAGE = 100
LIST_SIZES = (25, 50, 100)


# Parsing the query string: anything unreadable falls back to the default ---------------------


def _year(get: QueryDict, viewer: Viewer, today: date, **scope: object) -> int:
    """The school year asked for, else the one the page opens on (cl.default_school_year)."""
    value = get.get("year", "")
    year = int(value) if value.isdigit() else 0
    return year if 2000 <= year <= 2100 else cl.default_school_year(viewer, today, **scope)


def _per(get: QueryDict, sizes: tuple[int, ...]) -> int:
    value = get.get("per", "")
    return int(value) if value.isdigit() and int(value) in sizes else sizes[0]


def _sort(get: QueryDict, sorts: dict[str, object], default: str) -> str:
    value = get.get("sort", default)
    return value if value.lstrip("-") in sorts and value.count("-") <= 1 else default


@dataclass(frozen=True)
class SortLink:
    label: str
    href: str
    aria_sort: str  # "ascending", "descending" or "" (not the current sort)


def _sort_links(columns: list[tuple[str, str]], current: str, keep: str) -> dict[str, SortLink]:
    """A header link per sortable column: a click sorts by it, a second click reverses."""
    links = {}
    for key, label in columns:
        active = current.lstrip("-") == key
        descending = current.startswith("-")
        target = f"-{key}" if active and not descending else key
        aria = ("descending" if descending else "ascending") if active else ""
        links[key] = SortLink(label, f"?{keep}&sort={target}", aria)
    return links


# The counselor's caseload ----------------------------------------------------------------------

CASELOAD_COLUMNS = [
    ("student", _("Student")),
    ("grade", _("Grade")),
    ("open", _("Open CCAs")),
    ("completed", _("Completed")),
    ("progress", _("Lowest progress")),
    ("at_risk", _("At risk")),
    ("activity", _("Days since last activity")),
    ("deadline", _("Next deadline")),
]


#: The caseload's search box (a name, an SSID) is POSTed and kept in the session (seats.web.search).
CASELOAD_PUBLIC = ("year", "per", "sort", "at_risk")
CASELOAD_PRIVATE = ("q",)


@allow(SCHOOL)
@require_http_methods(["GET", "POST"])
def caseload(request: HttpRequest) -> HttpResponse:
    """Every student of the school with CCAs this school year, one row each."""
    base, kept = reverse("web:caseload"), {"public": CASELOAD_PUBLIC, "private": CASELOAD_PRIVATE}
    if request.method == "POST":
        return HttpResponseRedirect(search.address(request, base, "caseload", **kept), status=303)
    legacy = search.legacy_redirect(request, base, "caseload", **kept)
    if legacy is not None:
        return legacy
    viewer: Viewer = request.viewer  # type: ignore[attr-defined]
    get, today = search.params(request, "caseload", CASELOAD_PRIVATE), clock.today()
    query = cl.CaseloadQuery(
        school_year=_year(get, viewer, today),
        search=get.get("q", "")[:80],
        at_risk_only=get.get("at_risk") == "1",
        sort=_sort(get, cl.CASELOAD_SORTS, "student"),
    )
    per_page = _per(get, cl.CASELOAD_SIZES)
    page = Paginator(cl.caseload(viewer, query), per_page).get_page(get.get("page"))
    rows = cl.caseload_rows(viewer, page.object_list, today, query.school_year)
    log_access(
        viewer,
        action=AccessAction.LIST,
        what=f"caseload {query.school_year}",
        rows=len(rows),
        purpose=AccessPurpose.CASELOAD,
    )
    keep = urlencode(
        {"year": query.school_year, "per": per_page}
        | ({search.SEARCH: request.GET.get(search.SEARCH, "")} if query.search else {})
        | ({"at_risk": "1"} if query.at_risk_only else {})
    )
    context = {
        "page": page,
        "rows": rows,
        "query": query,
        "year_label": school_year_label(query.school_year),
        "per_page": per_page,
        "page_sizes": cl.CASELOAD_SIZES,
        "sorts": _sort_links(CASELOAD_COLUMNS, query.sort, keep),
        "keep": f"{keep}&sort={query.sort}",
        "today": today,
    }
    return render(request, "web/home/caseload.html", context)


@allow(SCHOOL | LEA_VIEWERS)
def caseload_student(request: HttpRequest, pk: int) -> HttpResponse:
    """One student's CCAs (those the viewer may see), each with what is due next and by whom."""
    viewer: Viewer = request.viewer  # type: ignore[attr-defined]
    try:
        student = cl.student_for_caseload(viewer, pk)
    except NotFound:
        raise Http404 from None
    today = clock.today()
    ccas = cl.student_ccas(viewer, student, today)
    turns.annotate_turns([item.cca for item in ccas], viewer)
    log_access(
        viewer,
        action=AccessAction.VIEW,
        what=f"Student {student.pk}",
        student=student,
        purpose=AccessPurpose.STUDENT,
    )
    return render(
        request,
        "web/home/student.html",
        {"student": student, "ccas": ccas, "today": today, "back": _back(viewer)},
    )


def _back(viewer: Viewer) -> tuple[str, str]:
    if viewer.role in SCHOOL:
        return "web:caseload", str(_("Caseload"))
    if viewer.role is Role.LEA_APPROVER:
        return "web:lea_at_risk", str(_("At-risk students"))
    return "web:ccas", str(_("Course requests"))


# The LEA's schools -----------------------------------------------------------------------------


def _lea(viewer: Viewer, get: QueryDict) -> Organisation | None:
    """The LEA shown: the approver's own; for state roles the one picked (None: not yet)."""
    code = get.get("lea", "")[:32]
    if viewer.role in STATE_ROLES and not code:
        return None
    try:
        return lv.lea_for(viewer, code if viewer.role in STATE_ROLES else None)
    except NotFound:
        raise Http404 from None


def _picker(viewer: Viewer) -> list[Organisation]:
    return list(lv.leas_for(viewer)) if viewer.role in STATE_ROLES else []


@allow(LEA_VIEWERS)
def lea_schools(request: HttpRequest) -> HttpResponse:
    """One row per school of the LEA: students, CCAs by status group, at-risk students, pending
    LEA decisions and open overdue flags, each count a link to the CCAs behind it."""
    viewer: Viewer = request.viewer  # type: ignore[attr-defined]
    get, today = request.GET, clock.today()
    lea = _lea(viewer, get)
    year = _year(get, viewer, today, primary_lea=lea) if lea else school_year_of(today)
    context: dict[str, object] = {"lea": lea, "leas": _picker(viewer), "year": year}
    if lea is not None:
        schools = Paginator(lv.schools_of(lea), SCHOOLS_PER_PAGE).get_page(get.get("page"))
        rows = lv.school_rows(
            viewer,
            lea,
            year,
            list(schools),
            with_no_school=schools.number == 1,
            every_school=schools.paginator.num_pages == 1,
        )
        keep = urlencode({"year": year} | ({"lea": lea.code} if viewer.role in STATE_ROLES else {}))
        context |= {
            "schools": schools,
            "rows": rows,
            "groups": [(key, label) for key, (label, _s) in lv.GROUPS.items()],
            "keep": keep,
            "year_label": school_year_label(year),
            "today": today,
        }
    return render(request, "web/home/lea_schools.html", context)


def _lea_list(request: HttpRequest, *, work: str) -> HttpResponse:
    viewer: Viewer = request.viewer  # type: ignore[attr-defined]
    get, today = request.GET, clock.today()
    lea = _lea(viewer, get)
    year = _year(get, viewer, today, primary_lea=lea) if lea else school_year_of(today)
    context: dict[str, object] = {"lea": lea, "leas": _picker(viewer), "year": year, "work": work}
    if lea is not None:
        group = get.get("group", "")
        query = lv.LeaListQuery(
            lea=lea,
            school_year=year,
            school=get.get("school", "")[:12],
            group=group if group in lv.GROUPS else "",
            work=work or (get.get("work", "") if get.get("work", "") in lv.WORK else ""),
        )
        per_page = _per(get, LIST_SIZES)
        page = Paginator(lv.lea_ccas(viewer, query), per_page).get_page(get.get("page"))
        log_access(
            viewer,
            action=AccessAction.LIST,
            what=f"LEA {lea.pk} CCAs {query.work or query.group or 'all'} {year}",
            rows=len(page.object_list),
            purpose=AccessPurpose.LEA_OVERSIGHT,
        )
        turns.annotate_turns(page.object_list, viewer)  # the rows just read
        filters = {"year": year, "school": query.school, "group": query.group, "per": per_page}
        if not work:
            filters["work"] = query.work
        if viewer.role in STATE_ROLES:
            filters["lea"] = lea.code
        context |= {
            "query": query,
            "page": page,
            "per_page": per_page,
            "page_sizes": LIST_SIZES,
            "schools": list(lv.schools_of(lea)),
            "group_label": lv.GROUPS[query.group][0] if query.group else "",
            "work_label": lv.WORK[query.work][0] if query.work else "",
            "keep": urlencode(filters),
            "year_label": school_year_label(year),
            "today": today,
        }
    return render(request, "web/home/lea_ccas.html", context)


@allow(LEA_VIEWERS)
def lea_at_risk(request: HttpRequest) -> HttpResponse:
    """The LEA's at-risk students (open CCAs flagged at risk), longest at risk first."""
    return _lea_list(request, work="at_risk")


@allow(LEA_VIEWERS)
def lea_ccas(request: HttpRequest) -> HttpResponse:
    """The CCAs behind one count of the schools page (school, status group or work filter)."""
    return _lea_list(request, work="")
