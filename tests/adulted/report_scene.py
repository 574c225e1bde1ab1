"""A world for adult education's reports, every figure computed by hand (TODAY 2026-03-02,
program year 2025; the age is taken on TODAY, before the year's June 30).

Program AE1 (the LEA's):
- K16: a K-12 student of the LEA, born 2009-05-01 (16), 99 contact hours -> 99/990 = 0.1000 WPU
- K18: a K-12 student of the housing LEA, born 2008-01-15 (18), 33 hours -> 0.0333 WPU
- GRAD: K-12 enrolled, graduated, no SSID (no district linked), 10 hours -> 0, graduated
- K19: a K-12 student of the LEA, born 2006-06-01 (19), 20 hours -> 0, "aged 19"
- ADULT: not a K-12 student (not on the WPU report), born 1990
Program AE2 (the housing LEA's): OTHER, a K-12 student of the housing LEA, 16, 50 hours -> 0.0505

The student file (program year 2025): ADULT's is complete; K16 misses only the Core Follow-up
Surveys (its GED report is not applicable); GRAD's contact-hour documentation is of 2024, so
it misses that one only; K18 and K19 have nothing (11 missing each); OTHER has nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from seats.adulted.models import Enrollment, Program
from seats.adulted.services import records
from seats.adulted.services.attendance import HourEntry, record_hours
from seats.core.services.actors import Actor
from seats.domain.adulted.checklist import ITEMS
from tests.adulted.helpers import ENTRY, Adult, build
from tests.factories import make_student

YEAR = 2025


@dataclass
class Scene:
    a: Adult
    k16: Enrollment
    k18: Enrollment
    grad: Enrollment
    k19: Enrollment
    adult: Enrollment
    other: Enrollment


def _hours(actor: Actor, program: Program, e: Enrollment, total: int) -> None:
    entries, day = [], ENTRY + timedelta(days=1)
    while total > 0:
        h = min(9, total)
        entries.append(HourEntry(e.pk, day, "instructional", hours=Decimal(h)))
        total -= h
        day += timedelta(days=1)
    record_hours(actor=actor, program=program, entries=entries)


def _student(actor, program, last, born, hours, **kw) -> Enrollment:  # type: ignore[no-untyped-def]
    s = records.register_student(
        actor=actor, program=program, first_name="Pat", last_name=last, date_of_birth=born, **kw
    )
    e = records.enroll(
        actor=actor,
        student=s,
        program=program,
        entry_date=ENTRY,
        area_of_focus="AHSC",
        funding_code=4,
    )
    _hours(actor, program, e, hours)
    return e


def _file(actor: Actor, e: Enrollment, items, *, on=date(2025, 9, 5), year=YEAR) -> None:  # type: ignore[no-untyped-def]
    for item in items:
        records.check_item(
            actor=actor, student=e.student, item=item, received_on=on, fiscal_year=year
        )


def build_scene() -> Scene:
    a = build()
    w = a.world
    lea_16 = make_student(w, date_of_birth=date(2009, 5, 1))
    housing_18 = make_student(w, date_of_birth=date(2008, 1, 15), primary_lea=w.housing_lea)
    lea_19 = make_student(w, date_of_birth=date(2006, 6, 1))
    housing_16 = make_student(w, date_of_birth=date(2009, 9, 1), primary_lea=w.housing_lea)
    k16 = _student(a.staff, a.program, "Alder", date(2009, 5, 1), 99, ssid=lea_16.ssid)
    k18 = _student(a.staff, a.program, "Birch", date(2008, 1, 15), 33, ssid=housing_18.ssid)
    grad = _student(
        a.staff, a.program, "Cedar", date(2008, 3, 1), 10, k12_enrolled=True, graduated=True
    )
    k19 = _student(a.staff, a.program, "Dogwood", date(2006, 6, 1), 20, ssid=lea_19.ssid)
    adult = _student(a.staff, a.program, "Elm", date(1990, 1, 1), 12)
    other = _student(a.other_staff, a.other, "Fir", date(2009, 9, 1), 50, ssid=housing_16.ssid)
    _file(a.staff, adult, ITEMS)
    _file(
        a.staff, k16, [i for i in ITEMS if i not in ("core_follow_up_surveys", "ged_score_report")]
    )
    records.check_item(
        actor=a.staff, student=k16.student, item="ged_score_report", not_applicable="no GED"
    )
    _file(a.staff, grad, [i for i in ITEMS if i != "contact_hour_documentation"])
    _file(a.staff, grad, ["contact_hour_documentation"], on=date(2025, 5, 1), year=2024)
    return Scene(a, k16, k18, grad, k19, adult, other)
