"""TOR accountability (seats.domain.compliance.tor): the state's requirement table, opening a
provider's cycle, the provider's upload and the alignment check of every assignment."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from seats.core.models import Organisation
from seats.core.services.actors import Actor
from seats.core.services.policy import policy_for
from seats.domain.compliance.calendar import Obligation
from seats.domain.compliance.tor import Educator, Requirement, Step, alignment, step_dates
from seats.domain.errors import Conflict

from ..models import AlignmentRequirement, ObligationDone, TorAssignment, TorCycle
from ..sheets import read_sheet
from .authority import check_state, provider_for
from .tor_sheet import parse_tor_sheet

REQUIREMENT_COLUMNS = ("core_code", "license_areas", "endorsements")


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace(",", ";").split(";") if p.strip()]


def load_requirements(*, actor: Actor, data: bytes, file_name: str = "requirements.csv") -> int:
    """Replace the core code -> accepted license areas / endorsements table with the file's
    (columns core_code, license_areas, endorsements, note; several values separated by ';').
    Any problem refuses the whole file (``SheetRefused``) and changes nothing."""
    check_state(actor, what="load the TOR alignment table")
    sheet = read_sheet(data, file_name, required=REQUIREMENT_COLUMNS, optional=("note",))
    rows: dict[str, AlignmentRequirement] = {}
    now = timezone.now()
    for line, row in sheet:
        code = row.get("core_code", "")
        if not code:
            sheet.add(line, "core_code", "Required.")
            continue
        if len(code) > 16:
            sheet.add(line, "core_code", "At most 16 characters.")
            continue
        if code in rows:
            sheet.add(line, "core_code", f"Core code {code} is listed twice.")
            continue
        areas, endorsements = (
            _split(row.get("license_areas", "")),
            _split(row.get("endorsements", "")),
        )
        if not areas and not endorsements:
            sheet.add(line, "license_areas", "List at least one license area or endorsement.")
        rows[code] = AlignmentRequirement(
            core_code=code,
            license_areas=areas,
            endorsements=endorsements,
            note=row.get("note", "")[:200],
            loaded_at=now,
        )
    if not sheet.rows:
        sheet.add(0, "", "The file has no rows.")
    sheet.raise_if_any()
    with transaction.atomic():
        AlignmentRequirement.objects.all().delete()
        AlignmentRequirement.objects.bulk_create(rows.values())
    return len(rows)


def open_cycle(*, actor: Actor, provider_id: int, school_year: int, as_of: date) -> TorCycle:
    """Distribute the spreadsheet (July 1); a second call changes nothing."""
    check_state(actor, what="open the TOR spreadsheet")
    provider = provider_for(actor, provider_id)
    with transaction.atomic():
        cycle, _ = TorCycle.objects.select_for_update().get_or_create(
            provider=provider, school_year=school_year
        )
        if cycle.opened_on is None:
            cycle.opened_on = as_of
            cycle.save(update_fields=["opened_on"])
    return cycle


def cycle_of(*, actor: Actor, provider_id: int, school_year: int) -> TorCycle | None:
    provider = provider_for(actor, provider_id)
    return TorCycle.objects.filter(provider=provider, school_year=school_year).first()


def upload_tor_sheet(
    *,
    actor: Actor,
    provider_id: int,
    school_year: int,
    data: bytes,
    file_name: str,
    as_of: date,
) -> TorCycle:
    """The provider's spreadsheet (July 15, and every correction after it): the file replaces the
    lines before it; a line first seen now is dated now and checked like the others. A file with
    any problem is refused whole (``SheetRefused``) and nothing is written."""
    provider: Organisation = provider_for(actor, provider_id)
    cycle = TorCycle.objects.filter(provider=provider, school_year=school_year).first()
    if cycle is None or cycle.opened_on is None:
        raise Conflict(
            f"The TOR spreadsheet of {school_year} is not open yet; the state opens it on "
            f"{step_dates(policy_for(school_year))[Step.OPEN]:%B %d}.",
            field="school_year",
        )
    lines, sheet = parse_tor_sheet(
        data, file_name, provider_id=provider.pk, school_year=school_year
    )
    sheet.raise_if_any()
    with transaction.atomic():
        cycle = TorCycle.objects.select_for_update().get(pk=cycle.pk)
        before = {(a.core_code, a.teacher_id): a.added_on for a in cycle.assignments.all()}
        cycle.assignments.all().delete()
        TorAssignment.objects.bulk_create(
            TorAssignment(
                cycle=cycle,
                line=x.line,
                core_code=x.core_code,
                usbe_title=x.usbe_title,
                educator_name=x.educator_name,
                teacher=x.teacher,
                concurrent_enrollment=x.concurrent_enrollment,
                background_check_date=x.background_check_date,
                background_document=x.background_document,
                added_on=before.get((x.core_code, x.teacher.pk), as_of),
                checked_on=as_of,
            )
            for x in lines
        )
        cycle.last_upload_on = as_of
        if cycle.submitted_on is None:
            cycle.submitted_on = as_of
            ObligationDone.objects.get_or_create(
                provider=provider,
                school_year=school_year,
                obligation=Obligation.TOR_SPREADSHEET.value,
                defaults={"done_on": as_of, "recorded_by": actor.user},
            )
        cycle.save(update_fields=["last_upload_on", "submitted_on"])
        check_cycle(cycle, as_of=as_of)
    return cycle


def requirements() -> dict[str, Requirement]:
    return {
        r.core_code: Requirement(r.core_code, tuple(r.license_areas), tuple(r.endorsements))
        for r in AlignmentRequirement.objects.all()
    }


def check_cycle(cycle: TorCycle, *, as_of: date) -> int:
    """Check every assignment of the cycle on ``as_of``; the number not aligned. Only the
    lines whose result changed are rewritten; every line's ``checked_on`` becomes ``as_of``."""
    policy = policy_for(cycle.school_year, as_of=as_of)
    table = requirements()
    changed = []
    misaligned = 0
    for a in cycle.assignments.select_related("teacher"):
        t = a.teacher
        checked = max(
            (d for d in (t.background_check_date, a.background_check_date) if d), default=None
        )
        educator = Educator(
            license_areas=tuple(t.license_areas),
            endorsements=tuple(t.endorsements),
            background_check_date=checked,
            concurrent_enrollment=a.concurrent_enrollment,
            background_document=a.background_document,
        )
        reasons = [
            r.value for r in alignment(educator, table.get(a.core_code), as_of=as_of, policy=policy)
        ]
        misaligned += bool(reasons)
        if a.aligned == (not reasons) and a.reasons == reasons:
            continue  # the same result: only the day of the check moves (below)
        a.aligned, a.reasons = not reasons, reasons
        changed.append(a)
    cycle.assignments.exclude(checked_on=as_of).update(checked_on=as_of)
    if changed:
        TorAssignment.objects.bulk_update(changed, ["aligned", "reasons"])
    return misaligned
