"""Eligibility reasons are translatable (issue 3: family pages in English and Spanish) while
their English stays word for word what the API and the logs have always shown."""

from __future__ import annotations

import ast
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

import seats.domain.eligibility
from seats.domain.eligibility import (
    CHECKS,
    EXCLUDED_GROUP_CARE,
    OfferingFacts,
    Reason,
    RequestFacts,
    StudentFacts,
    check_eligibility,
    credit_limit_reason,
)
from seats.domain.errors import DomainError, InvalidInput
from seats.domain.i18n import Text, fill, gettext_noop, text

STUDENT = StudentFacts(grade=9, age=14, primary_lea_code="L1", primary_school_code="S1")
OFFERING = OfferingFacts(
    provider_code="PRV01", provider_housing_lea_code="L9", credit=Decimal("0.5")
)
REQUEST = RequestFacts()


def marked_strings() -> set[str]:
    """Every literal the domain passes to ``gettext_noop`` (what xgettext extracts)."""
    found: set[str] = set()
    for path in Path(seats.domain.eligibility.__file__).parents[1].rglob("*.py"):  # the domain
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "gettext_noop"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def every_reason() -> list[Reason]:
    """Facts that, together, make every check in ``CHECKS`` refuse (and every wording of it)."""
    cases = [
        (replace(STUDENT, grade=3), OFFERING, REQUEST),
        (replace(STUDENT, is_home_school=True, age=19), OFFERING, REQUEST),
        (
            replace(STUDENT, is_out_of_school_youth=True, age=20, enrolled_in_public_school=False),
            OFFERING,
            REQUEST,
        ),
        (replace(STUDENT, enrolled_in_public_school=False), OFFERING, REQUEST),
        *[(replace(STUDENT, group_care=key), OFFERING, REQUEST) for key in EXCLUDED_GROUP_CARE],
        (
            replace(
                STUDENT,
                in_adult_education=True,
                has_secondary_diploma=True,
                utah_fits_all="current",
                is_private_school=True,
            ),
            OFFERING,
            REQUEST,
        ),
        (
            replace(STUDENT, utah_fits_all="notified", primary_school_code="PRV01"),
            OFFERING,
            REQUEST,
        ),
        (replace(STUDENT, primary_lea_code="L9"), OFFERING, REQUEST),
        (
            replace(STUDENT, grade=7),
            replace(
                OFFERING,
                is_health=True,
                is_open=False,
                seats_left=0,
                grade_min=9,
                grade_max=9,
                offered_in_school_year=False,
            ),
            replace(
                REQUEST,
                credits_this_year=Decimal("5.75"),
                full_course_load_exceeded=True,
                grade_replacement=True,
                duplicate_of=42,
            ),
        ),
        (replace(STUDENT, grade=7), replace(OFFERING, grade_min=9, grade_max=12), REQUEST),
    ]
    return [r for case in cases for r in check_eligibility(*case)]


def test_every_check_is_covered_by_the_cases() -> None:
    assert {r.code for r in every_reason()} == {c.code for c in CHECKS}


def test_every_reason_is_its_marked_template_filled_with_its_values() -> None:
    marked = marked_strings()
    for reason in every_reason():
        assert reason.template in marked, reason.code
        assert fill(reason.template, reason.params) == reason.message == str(reason)
        assert all(isinstance(value, str) for _name, value in reason.params)


# The English, word for word as before the messages became templates (API and logs show them).
ENGLISH = {
    (replace(STUDENT, grade=13), OFFERING, REQUEST): (
        "The online program is for students in grades 6 to 12; the student is in grade 13."
    ),
    (replace(STUDENT, group_care="residential_treatment"), OFFERING, REQUEST): (
        "Students placed in a residential treatment program cannot take online courses through "
        "this program; only state-licensed group care qualifies."
    ),
    (replace(STUDENT, primary_lea_code="L9"), OFFERING, REQUEST): (
        "The student's school of record is in LEA L9, which houses the provider PRV01; students "
        "of that LEA take its courses directly, not through this program."
    ),
    (STUDENT, replace(OFFERING, grade_min=11, grade_max=12), REQUEST): (
        "This course is for grades 11 to 12; the student is in grade 9."
    ),
    (STUDENT, OFFERING, replace(REQUEST, duplicate_of=42)): (
        "The student already has an active request (CCA 42) for this course in the same session."
    ),
}


@pytest.mark.parametrize("case", list(ENGLISH), ids=["grade", "care", "lea", "course", "dup"])
def test_the_english_is_unchanged(case) -> None:
    assert ENGLISH[case] in [r.message for r in check_eligibility(*case)]


def test_credit_limit_numbers_are_written_as_people_write_them() -> None:
    reason = credit_limit_reason(Decimal("5.50"), Decimal("1.00"), Decimal("6.00"), False)
    assert reason is not None
    assert reason.message == (
        "This course adds 1 credit, but the student already has 5.5 of the 6 online credits "
        "allowed this school year (July 1 - June 30), which would make 6.5. The primary school "
        "must agree to more than 6 credits."
    )
    assert dict(reason.params) == {"credit": "1", "used": "5.5", "limit": "6", "total": "6.5"}
    assert reason.template in marked_strings()


def test_a_reason_is_frozen_and_hashable() -> None:
    reason = every_reason()[0]
    assert hash(reason) == hash(replace(reason))
    with pytest.raises(AttributeError):
        reason.message = "changed"  # type: ignore[misc]


def test_a_refusal_keeps_its_english_and_its_parts() -> None:
    with pytest.raises(InvalidInput) as raised:
        replace(STUDENT, age=-1)
    error = raised.value
    assert error.message == "Age cannot be negative (-1)." and error.field == "age"
    assert (error.template, error.params) == ("Age cannot be negative (%(age)s).", (("age", "-1"),))
    plain = DomainError("50% done", rule="r")  # a plain message is its own template, no values
    assert (plain.message, plain.template, plain.params) == ("50% done", "50% done", ())
    assert str(Text("50% done")) == "50% done"


def test_text_and_gettext_noop() -> None:
    assert gettext_noop("Hello") == "Hello"
    marked = text("Grade %(grade)s of %(total)s", grade=7, total="12")
    assert marked.params == (("grade", "7"), ("total", "12"))
    assert str(marked) == "Grade 7 of 12"
