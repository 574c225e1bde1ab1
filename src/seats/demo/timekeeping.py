"""Calendars and deadlines for the demo, computed exactly as the services compute them.

The services pick a school calendar per organisation and date (own, then the parent LEA's, then
the state office's, then the generated default) and store ``compute_deadlines`` results on the
CCA. The demo mirrors that choice in memory and caches ``compute_deadlines`` on the few facts
each group of deadlines depends on: a million CCAs share a few thousand distinct date sets.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date
from functools import lru_cache

from seats.domain.calendars import (
    BusinessCalendar,
    SchoolCalendar,
    default_state_calendar,
    school_year_bounds,
    school_year_of,
)
from seats.domain.deadlines import DeadlineFacts, compute_deadlines
from seats.domain.policy import Policy

_EMPTY = SchoolCalendar("no school calendar needed")


class CalendarBook:
    """The loaded school days of each organisation and the fallback rule of the services."""

    def __init__(self, business: BusinessCalendar) -> None:
        self.business = business
        self.days: dict[int, tuple[date, ...]] = {}
        self.parent: dict[int, int | None] = {}
        self.state_ids: list[int] = []
        self._cache: dict[tuple[int | None, int], SchoolCalendar] = {}

    def add(self, org_id: int, days: list[date]) -> None:
        self.days[org_id] = tuple(sorted(days))
        self._cache.clear()

    def for_org(self, org_id: int | None, around: date) -> SchoolCalendar:
        """The calendar counting school days for ``org_id`` near ``around`` (as the services)."""
        year = school_year_of(around)
        key = (org_id, year)
        cal = self._cache.get(key)
        if cal is None:
            cal = self._cache[key] = self._resolve(org_id, year)
        return cal

    def _resolve(self, org_id: int | None, year: int) -> SchoolCalendar:
        first, last_of_year = school_year_bounds(year)
        _, last = school_year_bounds(year + 1)
        candidates = []
        if org_id is not None:
            candidates.append(org_id)
            if self.parent.get(org_id) is not None:
                candidates.append(self.parent[org_id])
        candidates += sorted(self.state_ids)
        for cand in candidates:
            days = self.days.get(cand, ())
            if _any_between(days, first, last_of_year):
                lo, hi = bisect_left(days, first), bisect_right(days, last)
                return SchoolCalendar(f"calendar {cand}", days[lo:hi])
        return _default(year)


def _any_between(days: tuple[date, ...], first: date, last: date) -> bool:
    i = bisect_left(days, first)
    return i < len(days) and days[i] <= last


@lru_cache(maxsize=16)
def _default(year: int) -> SchoolCalendar:
    return default_state_calendar([year, year + 1])


class DeadlineBook:
    """``compute_deadlines`` per group of facts, cached. Each method returns plain dates."""

    def __init__(self, business: BusinessCalendar, calendars: CalendarBook) -> None:
        self.business = business
        self.calendars = calendars
        self.decisions = lru_cache(maxsize=200_000)(self._decisions)
        self.iep = lru_cache(maxsize=200_000)(self._iep)
        self.withdrawal = lru_cache(maxsize=200_000)(self._withdrawal)
        self.second_window = lru_cache(maxsize=200_000)(self._second_window)
        self.after = lru_cache(maxsize=50_000)(self._after)
        self.closeout = lru_cache(maxsize=200_000)(self._closeout)
        self.add_business = lru_cache(maxsize=200_000)(business.add_business_days)

    def _compute(self, facts: DeadlineFacts, provider_cal: SchoolCalendar = _EMPTY, **kw):
        year = facts.school_year or facts.effective_school_year
        return compute_deadlines(
            facts,
            business=self.business,
            provider_calendar=provider_cal,
            policy=_policy(year),
            **kw,
        )

    def _decisions(
        self, year: int, submitted: date, registered: date | None, state_noe: date | None
    ) -> tuple[date, date | None, date | None]:
        """LEA decision, provider decision (None while registration is pending), LEA cancel."""
        d = self._compute(
            DeadlineFacts(
                submitted=submitted,
                school_year=year,
                local_registration_completed=registered,
                local_registration_pending=registered is None,
                notice_of_enrollment=state_noe,
                noe_issued_by_state=state_noe is not None,
            )
        )
        return (
            d["lea_decision_due"].due,
            _due(d, "provider_decision_due"),
            _due(d, "lea_cancellation_due"),
        )

    def _iep(self, year: int, lea_org: int | None, accepted: date) -> date:
        lea_cal = self.calendars.for_org(lea_org, accepted)
        d = self._compute(
            DeadlineFacts(
                submitted=accepted,
                school_year=year,
                provider_accepted=accepted,
                needs_iep_forwarding=True,
            ),
            lea_calendar=lea_cal,
        )
        return d["iep_forwarding_due"].due

    def _withdrawal(
        self, year: int, provider_org: int, start: date, noe: date | None
    ) -> tuple[date, date, date]:
        """Withdrawal period end, Day of Census, confirmation due."""
        cal = self.calendars.for_org(provider_org, start)
        d = self._compute(
            DeadlineFacts(
                submitted=start, school_year=year, course_start=start, notice_of_enrollment=noe
            ),
            cal,
        )
        return d["withdrawal_period_end"].due, d["census_day"].due, d["confirmation_due"].due

    def _second_window(self, year: int, provider_org: int, start: date) -> dict[str, date | None]:
        """A 1.0-credit course's second window columns, as ``refresh_deadlines`` stores them."""
        cal = self.calendars.for_org(provider_org, start)
        d = self._compute(
            DeadlineFacts(
                submitted=start, school_year=year, course_start=start, full_credit_course=True
            ),
            cal,
        )
        return {
            "second_half_start": _due(d, "second_half_start"),
            "second_withdrawal_period_end": _due(d, "second_withdrawal_period_end"),
            "second_census_date": _due(d, "second_census_day"),
            "second_withdrawal_record_by": _due(d, "second_withdrawal_record_by"),
        }

    def _after(self, year: int, ncc: date | None, intent: date | None) -> tuple[date | None, ...]:
        """Correction request due (after Not Confirmed Closed), administrative withdrawal due."""
        d = self._compute(
            DeadlineFacts(
                submitted=ncc or intent,  # type: ignore[arg-type]
                school_year=year,
                not_confirmed_closed=ncc,
                intent_to_withdraw_sent=intent,
            )
        )
        return _due(d, "correction_request_due"), _due(d, "administrative_withdrawal_due")

    def _closeout(
        self,
        year: int,
        completed: date | None,
        senior_due: date | None,
        late_pass: bool,
    ) -> tuple[date, date, date | None]:
        """Closeout, late-pass final due, transcript due."""
        d = self._compute(
            DeadlineFacts(
                submitted=date(year, 7, 1),
                school_year=year,
                completed=completed,
                grade=12 if senior_due else None,
                transcript_due_set=senior_due,
                late_pass=late_pass,
            )
        )
        return d["closeout"].due, d["late_pass_final_due"].due, _due(d, "transcript_due")


def _due(d: dict, key: str) -> date | None:  # type: ignore[type-arg]
    return d[key].due if key in d else None


@lru_cache(maxsize=16)
def _policy(year: int) -> Policy:
    return Policy(year)
