"""Record an assessment: its scores are placed on the NRS table in force on its date (a score
outside every band is refused with the bands shown), then the enrollment's EFL, gains and
enrollee status are recomputed."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from seats.core import clock
from seats.core.services.actors import Actor
from seats.domain.adulted.hours import check_test_day
from seats.domain.errors import InvalidInput

from ..models import Assessment, Enrollment, Score
from ..selectors.tables import tables
from . import status
from .authority import check_program


def create_assessment(
    *,
    actor: Actor,
    enrollment: Enrollment,
    test: str,
    day: date,
    administrator: str,
    scores: dict[str, tuple[int | None, int]],
    form: str = "",
    corrects: Assessment | None = None,
) -> Assessment:
    """Check and write an assessment and its scores (no recompute: the caller refreshes)."""
    check_test_day(day=day, born=enrollment.student.date_of_birth, today=clock.today())
    if not administrator.strip():
        raise InvalidInput("Name the test administrator.", field="administrator")
    if not scores:
        raise InvalidInput("Give at least one skill area's scale score.", field="scores")
    table = tables().for_day(day)
    spec = table.test(test)
    placed = []
    for area, (raw, scale) in scores.items():
        level = table.level_for(test, area, scale)
        if raw is not None and (isinstance(raw, bool) or not isinstance(raw, int) or raw < 0):
            raise InvalidInput(
                f"The {spec.name} {area} raw score is a whole number of at least 0.",
                field=f"raw_{area}",
            )
        placed.append((area, raw, scale, level))
    assessment = Assessment.objects.create(
        enrollment=enrollment,
        test=test,
        form=form.strip(),
        day=day,
        administrator=administrator.strip(),
        table_effective=table.effective,
        entered_by=actor.user,
        corrects=corrects,
    )
    Score.objects.bulk_create(
        Score(
            assessment=assessment,
            area=area,
            raw=raw,
            scale=scale,
            level_code=level.code,
            level_number=level.number,
        )
        for area, raw, scale, level in placed
    )
    return assessment


@transaction.atomic
def record_assessment(
    *,
    actor: Actor,
    enrollment: Enrollment,
    test: str,
    day: date,
    administrator: str,
    scores: dict[str, tuple[int | None, int]],
    form: str = "",
) -> Assessment:
    """``scores``: skill area -> (raw score or None, scale score)."""
    check_program(actor, enrollment.program, what="record an assessment")
    assessment = create_assessment(
        actor=actor,
        enrollment=enrollment,
        test=test,
        day=day,
        administrator=administrator,
        scores=scores,
        form=form,
    )
    status.refresh(enrollment)
    assessment.refresh_from_db()
    return assessment
