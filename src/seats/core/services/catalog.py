"""Publishing a provider's catalog for a school year (SPEC 2; R277-726-7(11): a provider updates
its course offerings annually). Called once the state approved the provider's Course Request
Spreadsheet (the compliance app); core knows nothing of the spreadsheet itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from seats.domain.catalog import check_credit, check_mature_description, tier_for
from seats.domain.errors import InvalidInput, NotPermitted
from seats.domain.roles import STATE_ACTING_ROLES

from ..models import CourseOffering, Organisation
from .actors import Actor

_COMPARED = (
    "usbe_title",
    "credit",
    "term_type",
    "content_categories",
    "tier",
    "grade_min",
    "grade_max",
    "prerequisites",
    "description",
    "mature_content",
    "ncaa_note",
    "is_health",
)


@dataclass(frozen=True)
class CourseSpec:
    core_code: str
    usbe_title: str
    provider_title: str
    credit: Decimal
    term_type: str
    content_categories: tuple[str, ...]
    grade_min: int
    grade_max: int
    prerequisites: str = ""
    description: str = ""
    mature_content: bool = False
    ncaa_note: str = ""
    is_health: bool = False


@dataclass(frozen=True)
class Published:
    created: int
    kept: int
    closed: int


def publish_catalog(
    *, actor: Actor, provider_id: int, school_year: int, courses: Sequence[CourseSpec]
) -> Published:
    """Make ``courses`` the provider's offerings from ``school_year``: an unchanged course
    continues, a changed or new one starts that year, and an offering the catalog no longer
    lists ends the year before. Existing CCAs keep the offering they were made for."""
    if actor.role is not None and actor.role not in STATE_ACTING_ROLES:
        raise NotPermitted("Only the state publishes a provider's catalog.", rule="R277-726-7(11)")
    provider = Organisation.objects.filter(pk=provider_id, kind="provider").first()
    if provider is None:
        raise InvalidInput(f"There is no provider {provider_id}.", field="provider")
    created = kept = closed = 0
    with transaction.atomic():
        current = [
            o
            for o in CourseOffering.objects.select_for_update().filter(provider=provider)
            if o.offered_in(school_year)
        ]
        by_key = {(o.core_code, o.provider_title): o for o in current}
        keep: set[int] = set()
        for spec in courses:
            check_mature_description(spec.mature_content, spec.description)
            values = {
                "usbe_title": spec.usbe_title,
                "credit": check_credit(spec.credit),
                "term_type": spec.term_type,
                "content_categories": list(spec.content_categories),
                "tier": tier_for(spec.content_categories).value,
                "grade_min": spec.grade_min,
                "grade_max": spec.grade_max,
                "prerequisites": spec.prerequisites,
                "description": spec.description,
                "mature_content": spec.mature_content,
                "ncaa_note": spec.ncaa_note,
                "is_health": spec.is_health,
            }
            old = by_key.get((spec.core_code, spec.provider_title))
            if old is not None and all(getattr(old, f) == values[f] for f in _COMPARED):
                keep.add(old.pk)
                kept += 1
                continue
            if old is not None and old.first_school_year == school_year:
                for name, value in values.items():
                    setattr(old, name, value)
                old.save()
                keep.add(old.pk)
                created += 1
                continue
            CourseOffering.objects.create(
                provider=provider,
                core_code=spec.core_code,
                provider_title=spec.provider_title,
                first_school_year=school_year,
                **values,
            )
            created += 1
        for offering in current:
            if offering.pk in keep:
                continue
            if offering.first_school_year >= school_year:
                offering.last_school_year = offering.first_school_year
                offering.is_open = False
            else:
                offering.last_school_year = school_year - 1
            offering.save(update_fields=["last_school_year", "is_open"])
            closed += 1
    return Published(created=created, kept=kept, closed=closed)
