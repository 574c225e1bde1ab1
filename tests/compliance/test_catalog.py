"""The Course Request Spreadsheet (issue 11, part 4): every refusal, and approval publishing
next year's offerings through core."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from seats.compliance.models import CatalogSubmission, ObligationDone
from seats.compliance.services.catalog import approve_catalog, submit_catalog
from seats.compliance.sheets import SheetRefused
from seats.core.models import CourseOffering
from seats.domain.catalog import MATURE_DISCLAIMER
from seats.domain.errors import Conflict, NotPermitted
from seats.domain.roles import Role
from tests.factories import build_world

from .helpers import csv_bytes, load_math_requirements

pytestmark = pytest.mark.django_db
HEADER = [
    "core_code",
    "usbe_course_title",
    "provider_course_title",
    "credit",
    "term_type",
    "content_categories",
    "grade_min",
    "grade_max",
    "prerequisites",
    "description",
    "mature_content",
    "credit_recovery",
]
NEXT = 2026


@pytest.fixture
def world():
    w = build_world()
    load_math_requirements(w)
    return w


def course(world, **kw: object) -> list[object]:
    values: dict[str, object] = dict(
        core_code=world.offering.core_code,
        usbe_course_title=world.offering.usbe_title,
        provider_course_title="Algebra Online",
        credit="0.5",
        term_type="semester",
        content_categories="Math",
        grade_min="9",
        grade_max="12",
        prerequisites="",
        description="Linear equations.",
        mature_content="no",
        credit_recovery="no",
    )
    values.update(kw)
    return [values[h] for h in HEADER]


def submit(world, *rows: list[object], header=HEADER):
    return submit_catalog(
        actor=world.actor(Role.PROVIDER_ADMIN),
        provider_id=world.provider.pk,
        school_year=NEXT,
        data=csv_bytes([header, *rows]),
        file_name="catalog.csv",
        as_of=date(2026, 2, 10),
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"core_code": "99999999"}, "line 2, column core_code: Unknown core code '99999999'"),
        ({"core_code": "12-3"}, "line 2, column core_code: '12-3' is not a USBE core code"),
        ({"credit": "0.75"}, "line 2, column credit: Credit must be 0.25, 0.5 or 1.0"),
        ({"term_type": "trimester"}, "line 2, column term_type: 'trimester': a course is"),
        ({"content_categories": "Cooking"}, "line 2, column content_categories: Unknown content"),
        ({"grade_min": "5"}, "line 2, column grade_min: '5' is not a grade from 6 to 12"),
        ({"grade_min": "12", "grade_max": "9"}, "line 2, column grade_max: grade_max 9 is below"),
        ({"prerequisites": "00000001"}, "line 2, column prerequisites: Prerequisite '00000001'"),
        ({"mature_content": "yes"}, "line 2, column description: A mature-content course must"),
        ({"credit_recovery": "yes"}, "line 2, column credit_recovery: Courses designed for credit"),
        ({"provider_course_title": "Algebra Credit Recovery"}, "line 2, column credit_recovery:"),
        ({"usbe_course_title": ""}, "line 2, column usbe_course_title: Required."),
        ({"mature_content": "maybe"}, "line 2, column mature_content: 'maybe' is not yes or no"),
    ],
)
def test_every_refusal_names_line_and_column_and_writes_nothing(world, change, expected) -> None:
    with pytest.raises(SheetRefused) as caught:
        submit(world, course(world, **change))
    texts = [p.text() for p in caught.value.problems]
    assert any(t.startswith(expected) for t in texts), texts
    assert not CatalogSubmission.objects.exists() and not ObligationDone.objects.exists()


def test_wrong_columns_and_repeated_rows(world) -> None:
    with pytest.raises(SheetRefused) as caught:
        submit(world, [*course(world)[:-1], "no", "extra"], header=[*HEADER[:-1], "colour"])
    texts = [p.text() for p in caught.value.problems]
    assert any(t.startswith("line 1, column colour: Unknown column") for t in texts)
    with pytest.raises(SheetRefused) as caught:
        submit(world, course(world), course(world))
    assert caught.value.problems[0].text().startswith("line 3, column provider_course_title")


def test_approval_makes_it_next_years_offerings(world) -> None:
    mature = course(
        world,
        core_code=world.offering_full_credit.core_code,
        usbe_course_title=world.offering_full_credit.usbe_title,
        provider_course_title="Literature for Seniors",
        credit="1.0",
        content_categories="Language Arts; Math",
        prerequisites=world.offering.core_code,
        mature_content="yes",
        description=f"Novels. {MATURE_DISCLAIMER}",
    )
    submission = submit(world, course(world), mature)
    assert ObligationDone.objects.get().school_year == NEXT - 1, "the January obligation of 2025"
    with pytest.raises(NotPermitted):
        approve_catalog(
            actor=world.actor(Role.PROVIDER_ADMIN),
            submission_id=submission.pk,
            as_of=date(2026, 3, 1),
        )
    published = approve_catalog(
        actor=world.actor(Role.STATE_SPECIALIST),
        submission_id=submission.pk,
        as_of=date(2026, 3, 1),
    )
    assert (published.created, published.closed) == (2, 2)
    offered = [
        o for o in CourseOffering.objects.filter(provider=world.provider) if o.offered_in(NEXT)
    ]
    assert sorted((o.provider_title, o.credit, o.tier) for o in offered) == [
        ("Algebra Online", Decimal("0.50"), "IV"),
        ("Literature for Seniors", Decimal("1.00"), "IV"),
    ]
    world.offering.refresh_from_db()
    assert world.offering.offered_in(2025) and not world.offering.offered_in(NEXT)
    with pytest.raises(Conflict):
        submit(world, course(world))
