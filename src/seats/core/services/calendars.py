"""Business days and school calendars as the state and each organisation loaded them.

The domain counts days; this module only decides *which* calendar counts (an organisation's own,
its LEA's, the state office's, or the generated default) and records calendar imports so that a
replaced calendar stays traceable.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from seats.domain.calendars import (
    BusinessCalendar,
    SchoolCalendar,
    default_state_calendar,
    parse_calendar_file,
    school_year_bounds,
    school_year_of,
)
from seats.domain.errors import InvalidInput

from ..models import (
    BusinessDayOverride,
    CalendarImport,
    Organisation,
    OrgKind,
    SchoolDay,
    User,
)
from ..models import SchoolCalendar as SchoolCalendarRecord
from .memo import memo_active, memoized

STATE_NAMES = {"UT": "Utah"}


def business_calendar() -> BusinessCalendar:
    """The state's holidays from the package, corrected by the state's own override rows."""
    return memoized(("business_calendar",), _load_business_calendar)


def _load_business_calendar() -> BusinessCalendar:
    state = settings.SEATS_STATE_CODE
    closures: set[date] = set()
    reopened: set[date] = set()
    for day, closed in BusinessDayOverride.objects.values_list("date", "closed"):
        (closures if closed else reopened).add(day)
    return BusinessCalendar(
        state=state,
        extra_closures=frozenset(closures),
        reopened=frozenset(reopened),
        name=f"{STATE_NAMES.get(state, state)} business days",
    )


def school_calendar_for(organisation: Organisation | None, *, around: date) -> SchoolCalendar:
    """The calendar that counts school days for ``organisation`` near ``around`` (see
    ``_load_school_calendar``); memoized per organisation and school year inside a batch."""
    year = school_year_of(around)
    key = ("school_calendar", getattr(organisation, "pk", None), year)
    if memo_active() and organisation is not None:
        # In a batch, an organisation whose own and LEA's calendars are not loaded shares the
        # state's calendar: one query finds the organisations with calendars, one loads the
        # shared calendar, instead of one query per school.
        loaded = memoized(("calendar_orgs", year), lambda: _organisations_with_days(year))
        if organisation.pk not in loaded and organisation.parent_id not in loaded:
            key = ("school_calendar", None, year)
            organisation = None
    return memoized(key, lambda: _load_school_calendar(organisation, around=around))


def _organisations_with_days(year: int) -> frozenset[int]:
    first, _ = school_year_bounds(year)
    _, last = school_year_bounds(year + 1)
    return frozenset(
        SchoolDay.objects.filter(date__range=(first, last))
        .values_list("calendar__organisation_id", flat=True)
        .distinct()
    )


def _load_school_calendar(organisation: Organisation | None, *, around: date) -> SchoolCalendar:
    """The calendar that counts school days for ``organisation`` near ``around``.

    First choice is the organisation's own loaded calendar, then (for a school or a housed
    provider) its parent LEA's, then the state office's, and finally the generated default state
    calendar. A loaded calendar is used only if it has days in the school year of ``around``; its
    days of that year and the next are loaded in one query for all candidates.
    """
    year = school_year_of(around)
    year_first, year_last = school_year_bounds(year)
    _, last = school_year_bounds(year + 1)
    own_ids = [organisation.pk] if organisation is not None else []
    parent_id = organisation.parent_id if organisation is not None else None
    if parent_id is not None:
        own_ids.append(parent_id)
    rows = SchoolDay.objects.filter(
        Q(calendar__organisation_id__in=own_ids) | Q(calendar__organisation__kind=OrgKind.STATE),
        date__range=(year_first, last),
    ).values_list(
        "calendar__organisation_id", "calendar__organisation__kind", "calendar__name", "date"
    )
    names: dict[int, str] = {}
    days: dict[int, list[date]] = defaultdict(list)
    covers: set[int] = set()
    states: set[int] = set()
    for org_id, kind, name, day in rows:
        names[org_id] = name
        days[org_id].append(day)
        if kind == OrgKind.STATE:
            states.add(org_id)
        if year_first <= day <= year_last:
            covers.add(org_id)
    candidates: list[tuple[int, str]] = []
    if organisation is not None:
        candidates.append((organisation.pk, ""))
        if parent_id is not None:
            qualifier = f" (LEA calendar; none loaded for {organisation.code})"
            candidates.append((parent_id, qualifier))
    candidates += [(org_id, " (state calendar)") for org_id in sorted(states)]
    for org_id, qualifier in candidates:
        if org_id in covers:
            return SchoolCalendar.of(f"{names[org_id]}{qualifier}", days[org_id])
    return default_state_calendar(
        [year, year + 1], BusinessCalendar(state=settings.SEATS_STATE_CODE)
    )


class DryRun(Exception):
    """Raised inside the import's transaction to roll a dry run back."""

    def __init__(self, record: CalendarImport) -> None:
        self.record = record


def import_calendar(
    *,
    organisation_code: str,
    file_name: str,
    data: bytes,
    actor: User | None = None,
    dry_run: bool = False,
) -> CalendarImport:
    """Load a CSV or iCalendar file of school days for one organisation.

    The file's school years are replaced whole (a file for 2025-26 removes every loaded day of
    2025-26 first) in one transaction, and the import records what it replaced, so nothing is
    lost and a half-loaded calendar is impossible. Every CCA not yet final whose deadlines count
    on the calendar is recomputed in the same transaction, each change recorded as a correction
    naming this import's version. ``dry_run`` does all of it and rolls it back, returning the
    (unsaved) record with what would change.
    """
    organisation = Organisation.objects.filter(code=organisation_code.strip()).first()
    if organisation is None:
        raise InvalidInput(
            f"No organisation has the code {organisation_code!r}.", field="organisation"
        )
    days = parse_calendar_file(file_name, data)
    try:
        return _load(organisation, file_name, data, days, actor=actor, dry_run=dry_run)
    except DryRun as rolled_back:
        return rolled_back.record


def _load(
    organisation: Organisation,
    file_name: str,
    data: bytes,
    days: list[date],
    *,
    actor: User | None,
    dry_run: bool,
) -> CalendarImport:
    from .actors import Actor
    from .calendar_recompute import affected_ccas, recompute_for_calendar

    years = sorted({school_year_of(d) for d in days})
    covered = Q()
    for year in years:
        covered |= Q(date__range=school_year_bounds(year))
    with transaction.atomic():
        calendar, _ = SchoolCalendarRecord.objects.select_for_update().get_or_create(
            organisation=organisation,
            defaults={"name": f"{organisation.name} school calendar"},
        )
        old = SchoolDay.objects.filter(covered, calendar=calendar)
        replaced = sorted(old.values_list("date", flat=True))
        old.delete()
        SchoolDay.objects.bulk_create(SchoolDay(calendar=calendar, date=d) for d in days)
        record = CalendarImport.objects.create(
            calendar=calendar,
            file_name=file_name[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            school_years=years,
            days_loaded=len(days),
            days_replaced=len(replaced),
            replaced_days=[d.isoformat() for d in replaced],
            imported_by=actor,
            imported_at=timezone.now(),
            version=calendar.imports.count() + 1,
        )
        # A year before the earliest one loaded still counts on this calendar when its
        # courses run into it (a summer course, a late start): recompute it too.
        report = recompute_for_calendar(
            affected_ccas(organisation, [years[0] - 1, *years]),
            actor=Actor(actor, None, None),
            reason=f"school calendar {file_name} loaded (version {record.version})",
            calendar={"import": record.pk, "version": record.version, "name": calendar.name},
        )
        record.ccas_changed = report.changed
        record.recompute = report.as_dict()
        record.save(update_fields=["ccas_changed", "recompute"])
        if dry_run:
            raise DryRun(record)
        return record
