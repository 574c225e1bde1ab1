"""Duplicate requests (SPEC 3.4: the state may reject a request that duplicates another).

Two open CCAs are duplicates when they are for the same student, the same USBE core code, the
same school year and the same session. Why this key:

- A CCA is one student, one offering, one session (SPEC 3). Submission already refuses a second
  active request for the same *offering* and session (eligibility ``duplicate_request``), so the
  duplicates that still reach the state are the same course asked of two providers, or rows that
  came in by file; matching on the offering alone would find almost none of them. The core code
  is what the state's records (transcripts, UTREx) identify a course by (Provider Manual, UTREx
  SOEP Record Identification: "Core Code: Matches with SEATS").
- The session is part of the key because a year-long course is two CCAs with the same core code
  in S1 and S2 (or Q1..Q4): that is one course taken in halves, not a duplicate.
- Only open (non-terminal) CCAs count: a rejected or closed request is no longer a competitor.

Detection is one GROUP BY ... HAVING COUNT(*) > 1 over the viewer's open CCAs; a page of groups
then loads its members in one more query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, Q, QuerySet

from seats.domain.statuses import OPEN

from ..models import CCA
from .access import Viewer, ccas_visible_to

OPEN_STATUSES = sorted(s.value for s in OPEN)
GROUP_KEY = ("student_id", "offering__core_code", "school_year", "session")


def open_ccas(viewer: Viewer, school_year: int | None = None) -> QuerySet[CCA]:
    rows = ccas_visible_to(viewer).filter(status__in=OPEN_STATUSES)
    return rows.filter(school_year=school_year) if school_year else rows


def duplicate_keys(viewer: Viewer, school_year: int | None = None) -> QuerySet[Any]:
    """One row per duplicate group (its key, size and first submission), newest year first."""
    return (
        open_ccas(viewer, school_year)
        .values(*GROUP_KEY)
        .annotate(n=Count("pk"), first=Min("submitted_at"))
        .filter(n__gt=1)
        .order_by("-school_year", "first", *GROUP_KEY)
    )


@dataclass
class DuplicateGroup:
    school_year: int
    session: str
    core_code: str
    ccas: list[CCA] = field(default_factory=list)

    @property
    def student(self) -> Any:
        return self.ccas[0].student if self.ccas else None

    @property
    def course_title(self) -> str:
        return self.ccas[0].offering.usbe_title if self.ccas else ""


def _key_of(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[k] for k in GROUP_KEY)


def duplicate_groups(
    viewer: Viewer, *, school_year: int | None = None, page: object = 1, per_page: int = 20
) -> tuple[Page[Any], list[DuplicateGroup]]:
    """A page of duplicate groups, each with its CCAs (oldest submission first)."""
    current = Paginator(duplicate_keys(viewer, school_year), per_page).get_page(page)
    keys = [_key_of(r) for r in current.object_list]
    groups = {k: DuplicateGroup(school_year=k[2], session=k[3], core_code=k[1]) for k in keys}
    if keys:
        match = Q()
        for key in keys:
            match |= Q(**dict(zip(GROUP_KEY, key, strict=True)))
        members = (
            open_ccas(viewer)
            .filter(match)
            .select_related("student", "offering", "provider")
            .order_by("submitted_at", "pk")
        )
        for cca in members:
            key = (cca.student_id, cca.offering.core_code, cca.school_year, cca.session)
            groups[key].ccas.append(cca)
    return current, [groups[k] for k in keys]
