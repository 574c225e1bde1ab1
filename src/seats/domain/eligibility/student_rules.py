"""The student's own eligibility: grade, home school, group care, public enrollment, adult
education, a diploma, Utah Fits All, the school of record, private school (SPEC 3.4; the
manual's Student Eligibility)."""

from __future__ import annotations

from ..i18n import Text, gettext_noop, text
from .checks import Check, registrar
from .facts import (
    AGE_LIMIT,
    EXCLUDED_GROUP_CARE,
    MANUAL,
    PROGRAM_GRADES,
    Facts,
    ReasonKind,
)

_I, _A, _C = ReasonKind.INELIGIBLE, ReasonKind.NEEDS_APPROVAL, ReasonKind.COURSE

#: This module's rules, in report order.
RULES: list[Check] = []
_check = registrar(RULES)

# --- the student --------------------------------------------------------------------------

_ELIG = f"SPEC 3.4; {MANUAL}, Student Eligibility"
_HOME = f"{_ELIG}: Home School Students"
_OOSY = f"{_ELIG}: Out-of-School Youth"
_INELIGIBLE = f"{_ELIG}: Ineligible Students"


@_check("grade_outside_program", _I, f"{_ELIG}: Public School Students; R277-726-2(4)(a)")
def _grade(f: Facts) -> Text | None:
    g = f.student.grade
    if g in PROGRAM_GRADES:
        return None
    return text(
        gettext_noop(
            "The online program is for students in grades 6 to 12; the student is in grade "
            "%(grade)s."
        ),
        grade=g,
    )


@_check("home_school_age", _I, _HOME)
def _home_school_age(f: Facts) -> Text | None:
    s = f.student
    if not (s.is_home_school and s.age >= AGE_LIMIT):
        return None
    return text(
        gettext_noop(
            "Home-school students may take online courses only until they turn %(limit)s; "
            "the student is %(age)s."
        ),
        limit=AGE_LIMIT,
        age=s.age,
    )


@_check("home_school_no_proof", _I, _HOME)
def _home_school_proof(f: Facts) -> Text | None:
    if not f.student.is_home_school or f.student.proof_of_age_identity:
        return None
    return text(
        gettext_noop(
            "A home-school student needs acceptable proof of age and identity (such as a birth "
            "certificate) on file before taking online courses."
        )
    )


@_check("home_school_not_acknowledged", _I, _HOME)
def _home_school_acknowledged(f: Facts) -> Text | None:
    if not f.student.is_home_school or f.student.home_school_acknowledged:
        return None
    return text(
        gettext_noop(
            "The school district has not yet acknowledged the parent's notice of intent to home "
            "school this student; that acknowledgment must be on record first."
        )
    )


@_check("group_care_excluded", _I, f"{_ELIG}: Students in Group Care Settings")
def _group_care(f: Facts) -> Text | None:
    sentence = EXCLUDED_GROUP_CARE.get(f.student.group_care)
    return None if sentence is None else text(sentence)


@_check("out_of_school_youth_age", _I, _OOSY)
def _out_of_school_youth_age(f: Facts) -> Text | None:
    s = f.student
    if not (s.is_out_of_school_youth and s.age >= AGE_LIMIT):
        return None
    return text(
        gettext_noop(
            "An out-of-school youth may join the program only before turning %(limit)s; "
            "the student is %(age)s."
        ),
        limit=AGE_LIMIT,
        age=s.age,
    )


@_check("not_enrolled_in_public_school", _I, f"{_ELIG}: Public School Students; {_OOSY}")
def _public_enrollment(f: Facts) -> Text | None:
    s = f.student
    if s.is_home_school or s.enrolled_in_public_school:
        return None
    if s.is_out_of_school_youth:
        return text(
            gettext_noop(
                "An out-of-school youth must enroll in a Utah public school, before the "
                "student's class (cohort) graduates, to take online courses."
            )
        )
    return text(
        gettext_noop("The student must be enrolled in a Utah public school to take online courses.")
    )


@_check("adult_education", _I, f"{_OOSY}; R277-726-2(4)(b)")
def _adult_education(f: Facts) -> Text | None:
    if not f.student.in_adult_education:
        return None
    return text(
        gettext_noop(
            "Students enrolled in adult education cannot take online courses through this "
            "program; the student must leave adult education and re-enroll in a public school "
            "first."
        )
    )


@_check("secondary_diploma", _I, _OOSY)
def _diploma(f: Facts) -> Text | None:
    if not f.student.has_secondary_diploma:
        return None
    return text(
        gettext_noop(
            "The student already holds a high school diploma (or its equivalent) and so is no "
            "longer eligible for the program."
        )
    )


@_check("utah_fits_all_current", _I, _INELIGIBLE)
def _utah_fits_all_current(f: Facts) -> Text | None:
    if f.student.utah_fits_all != "current":
        return None
    return text(
        gettext_noop(
            "Students receiving a Utah Fits All scholarship cannot take courses in this program."
        )
    )


@_check("utah_fits_all_notified", _I, _INELIGIBLE)
def _utah_fits_all_notified(f: Facts) -> Text | None:
    if f.student.utah_fits_all != "notified":
        return None
    return text(
        gettext_noop(
            "The student has been told they will receive a Utah Fits All scholarship next "
            "school year, which makes them ineligible for this program."
        )
    )


@_check("school_of_record_with_provider", _I, f"{_INELIGIBLE}; {MANUAL}, FAQ: school of record")
def _school_of_record(f: Facts) -> Text | None:
    s, o = f.student, f.offering
    if s.primary_school_code and s.primary_school_code == o.provider_code:
        return text(
            gettext_noop(
                "The student's school of record (%(school)s) is the online provider itself; its "
                "own students take its courses directly, not through this program."
            ),
            school=s.primary_school_code,
        )
    housing = o.provider_housing_lea_code
    if housing and s.primary_lea_code == housing:
        return text(
            gettext_noop(
                "The student's school of record is in LEA %(lea)s, which houses the provider "
                "%(provider)s; students of that LEA take its courses directly, not through this "
                "program."
            ),
            lea=housing,
            provider=o.provider_code,
        )
    return None


@_check("private_school", _I, _INELIGIBLE)
def _private_school(f: Facts) -> Text | None:
    if not f.student.is_private_school:
        return None
    return text(
        gettext_noop(
            "Students attending a private school cannot take online courses through this program."
        )
    )
