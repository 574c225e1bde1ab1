"""The yearly provider cycle (seats.domain.compliance.calendar): what each provider has done,
reminders before each date, overdue flags, and the iCalendar feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date

from django.db import transaction
from django.utils import timezone

from seats.core.models import Organisation
from seats.core.services.actors import Actor
from seats.core.services.policy import policy_for
from seats.domain.compliance.calendar import Dated, Obligation, State, calendar, school_year_of
from seats.domain.compliance.ics import Event, calendar_text
from seats.domain.errors import InvalidInput
from seats.domain.notices import NoticeKind

from ..models import ObligationDone
from .authority import check_state, provider_for
from .notices import notify_provider


@dataclass(frozen=True)
class Row:
    dated: Dated
    done_on: date | None
    state: State


def provider_calendar(*, provider_id: int, school_year: int, as_of: date) -> list[Row]:
    done = dict(
        ObligationDone.objects.filter(provider_id=provider_id, school_year=school_year).values_list(
            "obligation", "done_on"
        )
    )
    out = []
    for dated in calendar(policy_for(school_year, as_of=as_of)):
        done_on = done.get(dated.obligation.value)
        out.append(Row(dated, done_on, dated.state(done_on=done_on, as_of=as_of)))
    return out


def all_calendars(*, school_year: int, as_of: date) -> dict[Organisation, list[Row]]:
    providers = Organisation.objects.filter(kind="provider", is_active=True).order_by("name")
    return {
        p: provider_calendar(provider_id=p.pk, school_year=school_year, as_of=as_of)
        for p in providers
    }


def mark_done(
    *,
    actor: Actor,
    provider_id: int,
    school_year: int,
    obligation: Obligation | str,
    done_on: date,
    note: str = "",
) -> ObligationDone:
    """The state records an obligation as done (the renewal received, the visit held, the
    CACTUS/USIMS assignments verified); the TOR and Course Request uploads record themselves."""
    check_state(actor, what="record a provider obligation as done")
    provider = provider_for(actor, provider_id)
    try:
        kind = Obligation(obligation)
    except ValueError:
        known = ", ".join(o.value for o in Obligation)
        raise InvalidInput(
            f"Unknown obligation {obligation!r}. Known: {known}.", field="obligation"
        ) from None
    with transaction.atomic():
        row, _ = ObligationDone.objects.update_or_create(
            provider=provider,
            school_year=school_year,
            obligation=kind.value,
            defaults={"done_on": done_on, "recorded_by": actor.user, "note": str(note)[:200]},
        )
    return row


def cycle_sweep(as_of: date) -> dict[str, int]:
    """Reminders on each obligation's reminder day and an overdue notice the day after its date,
    for every provider that has not done it (once each: the outbox's key)."""
    report = {"reminders": 0, "overdue": 0}
    year = school_year_of(as_of)
    for years in {year - 1, year}:
        for provider, rows in all_calendars(school_year=years, as_of=as_of).items():
            for row in rows:
                key = f"{provider.pk}:{row.dated.school_year}:{row.dated.obligation.value}"
                if row.state is State.DUE_SOON:
                    report["reminders"] += bool(
                        notify_provider(
                            provider_id=provider.pk,
                            kind=NoticeKind.OBLIGATION_REMINDER,
                            key=key,
                            subject=row.dated.label,
                            due=row.dated.due,
                        )
                    )
                elif row.state is State.OVERDUE:
                    report["overdue"] += bool(
                        notify_provider(
                            provider_id=provider.pk,
                            kind=NoticeKind.OBLIGATION_OVERDUE,
                            key=key,
                            subject=row.dated.label,
                            due=row.dated.due,
                        )
                    )
    return report


def ics_feed(*, actor: Actor, provider_id: int, as_of: date) -> str:
    """This school year's and next year's obligations of one provider (RFC 5545)."""
    provider = provider_for(actor, provider_id)
    year = school_year_of(as_of)
    events = []
    for years in (year, year + 1):
        for row in provider_calendar(provider_id=provider.pk, school_year=years, as_of=as_of):
            d = row.dated
            status = f" Done on {row.done_on.isoformat()}." if row.done_on else ""
            events.append(
                Event(
                    uid=f"{provider.code}-{d.school_year}-{d.obligation.value}@seats",
                    day=d.due,
                    summary=f"{d.label} due",
                    description=f"{d.source}.{status}",
                    alarm_days=(d.due - d.remind_on).days,
                )
            )
    stamp = timezone.now().astimezone(UTC).replace(tzinfo=None)
    return calendar_text(events, name=f"SEATS obligations: {provider.name}", stamp=stamp)
