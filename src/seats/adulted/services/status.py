"""Recompute an enrollment's levels and enrollee status (the rules of seats.domain.adulted) and
store them on it: called inside the transaction of every change that affects them."""

from __future__ import annotations

from decimal import Decimal

from seats.core.services.policy import policy_for
from seats.domain.adulted.enrollee import EnrolleeStatus, enrollee_status
from seats.domain.adulted.levels import Assessed, Levels, compute_levels

from ..models import Assessment, ContactHour, Enrollment, Seop
from ..selectors.tables import tables


def assessed(enrollment: Enrollment) -> list[Assessed]:
    rows = Assessment.objects.filter(enrollment=enrollment).prefetch_related("scores")
    return [
        Assessed(a.pk, a.test, a.day, tuple((s.area, s.scale) for s in a.scores.all()), a.form)
        for a in rows
    ]


def evaluate(enrollment: Enrollment) -> tuple[Levels, EnrolleeStatus]:
    policy = policy_for(enrollment.fiscal_year)
    hours = list(
        ContactHour.objects.filter(enrollment=enrollment).values_list("day", "hours", "kind")
    )
    instructional = [(d, h) for d, h, k in hours if k == "instructional"]
    levels = compute_levels(
        tests=assessed(enrollment),
        instructional=instructional,
        area_of_focus=enrollment.area_of_focus,
        tables=tables(),
        min_hours=policy.adulted_min_gain_hours,
        fiscal_year=enrollment.fiscal_year,
    )
    seop = Seop.objects.filter(enrollment=enrollment).first()
    seop_day = seop.core_goal_on if seop and seop.core_goal.strip() else None
    status = enrollee_status(
        fiscal_year=enrollment.fiscal_year,
        hours=[(d, h) for d, h, _ in hours],
        efl_day=levels.efl_day if levels.efl else None,
        seop_core_goal_day=seop_day,
        funding_code_day=enrollment.funding_code_on if enrollment.funding_code else None,
        needed_hours=policy.adulted_enrollee_hours,
    )
    return levels, status


def refresh(enrollment: Enrollment) -> tuple[Levels, EnrolleeStatus]:
    """Store the computed figures on the enrollment and its assessments."""
    levels, status = evaluate(enrollment)
    hours = ContactHour.objects.filter(enrollment=enrollment)
    enrollment.hours_total = sum((h.hours for h in hours), Decimal(0))
    enrollment.instructional_total = sum(
        (h.hours for h in hours if h.kind == "instructional"), Decimal(0)
    )
    enrollment.hours_reached_on = status.requirements[0].met_on
    enrollment.efl_code = levels.efl.code if levels.efl else ""
    enrollment.efl_number = levels.efl.number if levels.efl else None
    enrollment.efl_on = levels.efl_day if levels.efl else None
    enrollment.levels_gained = len(levels.gained)
    enrollment.no_gain_reason = levels.no_gain_reason()[:200]
    enrollment.seop_on = status.requirements[2].met_on
    enrollment.enrollee_on = status.reached_on
    enrollment.save()
    notes: dict[object, tuple[str, bool | None, str]] = {}
    for t in levels.intake:
        notes[t.id] = ("intake", None, f"intake: EFL {levels.efl.code}" if levels.efl else "")
    for p in levels.posttests:
        notes[p.test.id] = ("post", p.valid, p.reason[:240])
    for t, reason in levels.ignored:
        notes[t.id] = ("ignored", None, reason[:240])
    for a in Assessment.objects.filter(enrollment=enrollment):
        role, valid, note = notes.get(a.pk, ("", None, ""))
        if (a.role, a.valid_for_gain, a.note) != (role, valid, note):
            a.role, a.valid_for_gain, a.note = role, valid, note
            a.save(update_fields=["role", "valid_for_gain", "note"])
    return levels, status
