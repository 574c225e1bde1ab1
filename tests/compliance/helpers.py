"""Compliance test helpers: a second TOR who is not aligned, the state's requirement table and
spreadsheets written as CSV bytes."""

from __future__ import annotations

import csv
import io
from datetime import date

from seats.compliance.services.tor import load_requirements
from seats.core.models import CCA, TeacherOfRecord
from seats.core.services.actors import Actor
from tests.factories import World

SYSTEM = Actor.system()
TOR_HEADER = ["core_code", "usbe_course_title", "educator_name", "cactus_id"]


def csv_bytes(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def misaligned_teacher(world: World) -> TeacherOfRecord:
    return TeacherOfRecord.objects.create(
        provider=world.provider,
        first_name="Mo",
        last_name="Misfit",
        cactus_id="C2000",
        license_areas=["Elementary"],
        endorsements=["Reading"],
        background_check_date=date(2024, 3, 1),
    )


def load_math_requirements(world: World) -> None:
    rows = [["core_code", "license_areas", "endorsements", "note"]]
    for offering in (world.offering, world.offering_full_credit):
        rows.append([offering.core_code, "Secondary", "Math", "mathematics"])
    load_requirements(actor=SYSTEM, data=csv_bytes(rows))


def tor_sheet(world: World, *lines: tuple[object, TeacherOfRecord]) -> bytes:
    rows: list[list[object]] = [TOR_HEADER]
    for offering, teacher in lines:
        rows.append(
            [
                offering.core_code,  # type: ignore[attr-defined]
                offering.usbe_title,  # type: ignore[attr-defined]
                f"{teacher.first_name} {teacher.last_name}",
                teacher.cactus_id,
            ]
        )
    return csv_bytes(rows)


def taught_by(cca: CCA, teacher: TeacherOfRecord) -> CCA:
    CCA.objects.filter(pk=cca.pk).update(teacher_of_record=teacher)
    cca.refresh_from_db()
    return cca
