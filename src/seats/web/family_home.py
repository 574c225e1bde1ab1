"""My courses: the home of students and parents (SPEC 5). One card per CCA the viewer may see
(a parent's grouped by child), the current school year first: the status in plain words, who
acts next and by when, grade progress, an at-risk notice naming whom to contact, and the days
since the student last worked in the course. The page reads only; it logs the access.
"""

from __future__ import annotations

from dataclasses import replace

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from seats.core import clock
from seats.core.models import AccessAction, AccessPurpose
from seats.core.selectors.access import FAMILY_ROLES, Viewer
from seats.core.selectors.family import course_card, family_courses
from seats.core.services.audit import log_access
from seats.domain.calendars import school_year_label, school_year_of
from seats.domain.turn import Side

from . import turns
from .permissions import allow

#: Cards per page: a family rarely has more, but a long history must not load all at once.
PER_PAGE = 30


@allow(FAMILY_ROLES)
def my_courses(request: HttpRequest) -> HttpResponse:
    viewer: Viewer = request.viewer  # type: ignore[attr-defined]
    today = clock.today()
    rows = family_courses(viewer, today=today)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    cards = [  # whose turn comes from each row's own columns (no query per card)
        replace(card, turn=turns.turn_of(card.cca, Side.FAMILY))
        for card in (course_card(cca, today=today) for cca in page.object_list)
    ]
    log_access(
        viewer,
        action=AccessAction.LIST,
        what="My courses",
        rows=len(cards),
        purpose=AccessPurpose.FAMILY,
    )
    return render(
        request,
        "web/family/my_courses.html",
        {
            "page": page,
            "cards": cards,
            "today": today,
            "current_year": school_year_label(school_year_of(today)),
            "is_parent": viewer.role.value == "parent",
        },
    )
