"""The demo course catalog: each provider offers a share of a common list of courses, across
every content category and so every fee tier, with mature-content disclaimers, Health courses,
quarter and semester terms, and a few offerings closed or full."""

from __future__ import annotations

import random
from decimal import Decimal

from seats.core.models import CourseOffering
from seats.domain.catalog import MATURE_DISCLAIMER, ContentCategory, TermType, tier_for

from .organisations import Directory
from .world import OfferingInfo

C = ContentCategory
Q, SEM = TermType.QUARTER, TermType.SEMESTER

#: (USBE title, core code, categories, credit, term, grades, mature, health)
COURSES: tuple[tuple[str, str, tuple[C, ...], str, TermType, tuple[int, int], bool, bool], ...] = (
    ("Digital Literacy", "35020000010", (C.DIGITAL_STUDIES,), "0.5", SEM, (6, 9), False, False),
    (
        "Computer Science Principles",
        "35020000040",
        (C.CTE, C.DIGITAL_STUDIES),
        "0.5",
        SEM,
        (9, 12),
        False,
        False,
    ),
    (
        "Exploring Computer Science",
        "35020000030",
        (C.DIGITAL_STUDIES,),
        "0.5",
        SEM,
        (7, 10),
        False,
        False,
    ),
    ("Driver Education", "45010000010", (C.DRIVER_EDUCATION,), "0.25", Q, (10, 12), False, False),
    (
        "General Financial Literacy",
        "41010000010",
        (C.FINANCIAL_LITERACY,),
        "0.5",
        SEM,
        (10, 12),
        False,
        False,
    ),
    ("Health I", "70200000010", (C.HEALTH,), "0.5", SEM, (7, 9), False, True),
    ("Health II", "70200000020", (C.HEALTH,), "0.5", SEM, (9, 12), True, True),
    ("Fitness for Life", "70100000020", (C.PHYSICAL_EDUCATION,), "0.5", SEM, (9, 12), False, False),
    (
        "Participation Skills and Techniques",
        "70100000030",
        (C.PHYSICAL_EDUCATION,),
        "0.25",
        Q,
        (9, 12),
        False,
        False,
    ),
    ("Business Office Specialist", "32010000090", (C.CTE,), "0.5", SEM, (9, 12), False, False),
    ("Introduction to Culinary Arts", "32080000010", (C.CTE,), "0.5", SEM, (9, 12), False, False),
    ("Medical Terminology", "32060000040", (C.CTE,), "0.5", SEM, (10, 12), False, False),
    ("Web Development I", "35020000070", (C.CTE,), "0.5", SEM, (9, 12), False, False),
    ("Psychology", "60100000010", (C.ELECTIVE,), "0.5", SEM, (10, 12), True, False),
    ("Sociology", "60100000020", (C.ELECTIVE,), "0.5", SEM, (10, 12), True, False),
    ("Study Skills", "90010000010", (C.ELECTIVE,), "0.25", Q, (6, 12), False, False),
    ("Art Foundations I", "50020000010", (C.FINE_ARTS,), "0.5", SEM, (9, 12), False, False),
    ("Music Appreciation", "50040000010", (C.FINE_ARTS,), "0.5", SEM, (9, 12), False, False),
    ("Film Studies", "50050000010", (C.FINE_ARTS, C.ELECTIVE), "0.5", SEM, (11, 12), True, False),
    ("Photography I", "50020000060", (C.FINE_ARTS, C.CTE), "0.5", SEM, (9, 12), False, False),
    ("Utah Studies", "60200000010", (C.SOCIAL_STUDIES,), "0.5", SEM, (7, 8), False, False),
    ("World Geography", "60300000010", (C.SOCIAL_STUDIES,), "0.5", SEM, (9, 10), False, False),
    ("World History", "60300000020", (C.SOCIAL_STUDIES,), "0.5", SEM, (9, 11), False, False),
    ("U.S. History II", "60400000020", (C.SOCIAL_STUDIES,), "1.0", SEM, (11, 12), False, False),
    (
        "U.S. Government and Citizenship",
        "60500000010",
        (C.SOCIAL_STUDIES,),
        "0.5",
        SEM,
        (11, 12),
        False,
        False,
    ),
    ("Spanish I", "55120000010", (C.WORLD_LANGUAGE,), "1.0", SEM, (7, 12), False, False),
    ("Spanish II", "55120000020", (C.WORLD_LANGUAGE,), "1.0", SEM, (8, 12), False, False),
    ("French I", "55100000010", (C.WORLD_LANGUAGE,), "1.0", SEM, (7, 12), False, False),
    ("Chinese I", "55080000010", (C.WORLD_LANGUAGE,), "1.0", SEM, (7, 12), False, False),
    ("English 9", "40010000090", (C.LANGUAGE_ARTS,), "0.5", SEM, (9, 9), False, False),
    ("English 10", "40010000100", (C.LANGUAGE_ARTS,), "0.5", SEM, (10, 10), False, False),
    ("English 11", "40010000110", (C.LANGUAGE_ARTS,), "0.5", SEM, (11, 11), False, False),
    ("English 12", "40010000120", (C.LANGUAGE_ARTS,), "0.5", SEM, (12, 12), True, False),
    (
        "Creative Writing",
        "40020000030",
        (C.LANGUAGE_ARTS, C.ELECTIVE),
        "0.5",
        SEM,
        (9, 12),
        False,
        False,
    ),
    (
        "English Language Arts 7",
        "40010000070",
        (C.LANGUAGE_ARTS,),
        "0.5",
        SEM,
        (7, 7),
        False,
        False,
    ),
    ("Secondary Mathematics I", "30030000010", (C.MATH,), "0.5", SEM, (8, 10), False, False),
    ("Secondary Mathematics II", "30030000020", (C.MATH,), "0.5", SEM, (9, 11), False, False),
    ("Secondary Mathematics III", "30030000030", (C.MATH,), "0.5", SEM, (10, 12), False, False),
    ("Math 7", "30020000070", (C.MATH,), "0.5", SEM, (6, 7), False, False),
    ("AP Calculus AB", "30060000010", (C.MATH,), "1.0", SEM, (11, 12), False, False),
    ("AP Statistics", "30060000030", (C.MATH,), "1.0", SEM, (11, 12), False, False),
    ("Earth and Space Science", "20010000010", (C.SCIENCE,), "0.5", SEM, (8, 10), False, False),
    ("Biology", "20020000010", (C.SCIENCE,), "0.5", SEM, (9, 11), False, False),
    ("Chemistry", "20030000010", (C.SCIENCE,), "0.5", SEM, (10, 12), False, False),
    ("Physics", "20040000010", (C.SCIENCE,), "0.5", SEM, (11, 12), False, False),
    ("Science 7", "20000000070", (C.SCIENCE,), "0.5", SEM, (6, 7), False, False),
    ("Environmental Science", "20050000010", (C.SCIENCE,), "0.25", Q, (9, 12), False, False),
    (
        "College Writing (CE)",
        "40030000010",
        (C.CONCURRENT_ENROLLMENT, C.LANGUAGE_ARTS),
        "0.5",
        SEM,
        (11, 12),
        False,
        False,
    ),
    (
        "College Algebra (CE)",
        "30070000010",
        (C.CONCURRENT_ENROLLMENT, C.MATH),
        "0.5",
        SEM,
        (11, 12),
        False,
        False,
    ),
    (
        "Introduction to Sociology (CE)",
        "60100000090",
        (C.CONCURRENT_ENROLLMENT, C.ELECTIVE),
        "0.5",
        SEM,
        (11, 12),
        True,
        False,
    ),
)

CREDIT_VALUES = {"0.25": Decimal("0.25"), "0.5": Decimal("0.5"), "1.0": Decimal("1.0")}


def build_catalog(
    d: Directory, per_provider: int, year: int, rng: random.Random
) -> list[OfferingInfo]:
    rows = []
    providers = {p.id: p for p in d.providers}
    for p in d.providers:
        for title, code, cats, credit, term, (lo, hi), mature, health in rng.sample(
            COURSES, min(per_provider, len(COURSES))
        ):
            closed = rng.random() < 0.06
            description = f"{title}: an online course with weekly teacher contact."
            if mature:
                description += " " + MATURE_DISCLAIMER
            rows.append(
                CourseOffering(
                    provider_id=p.id,
                    core_code=code,
                    usbe_title=title,
                    provider_title=f"{title} ({p.code})" if rng.random() < 0.3 else title,
                    credit=CREDIT_VALUES[credit],
                    term_type=term.value,
                    content_categories=[c.value for c in cats],
                    tier=tier_for(cats).value,
                    grade_min=lo,
                    grade_max=hi,
                    prerequisites="" if lo < 10 else "Grade 9 core completed.",
                    is_open=not closed,
                    capacity=rng.choice((None, None, None, 200, 400, 800)),
                    description=description,
                    mature_content=mature,
                    ncaa_note="NCAA approved" if rng.random() < 0.25 else "",
                    is_health=health,
                    first_school_year=year - rng.randrange(1, 5),
                    last_school_year=year if closed else None,
                )
            )
    saved = CourseOffering.objects.bulk_create(rows)
    return [
        OfferingInfo(
            id=o.pk,
            provider=providers[o.provider_id],
            credit=o.credit,
            term=o.term_type,
            is_health=o.is_health,
            is_open=o.is_open,
            grade_min=o.grade_min,
            grade_max=o.grade_max,
        )
        for o in saved
    ]
