"""Course catalog rules (SPEC 2): content categories, fee tiers, sessions, the mature disclaimer."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from .errors import InvalidInput
from .i18n import Text, gettext_noop, text
from .policy import Tier

MATURE_DISCLAIMER = (
    "This course may contain mature content and may not be suitable for students of all ages."
)
CREDIT_VALUES = (Decimal("0.25"), Decimal("0.5"), Decimal("1.0"))


class ContentCategory(StrEnum):
    DIGITAL_STUDIES = "Digital Studies"
    DRIVER_EDUCATION = "Driver Education"
    FINANCIAL_LITERACY = "Financial Literacy"
    HEALTH = "Health"
    PHYSICAL_EDUCATION = "Physical Education"
    CTE = "CTE"
    ELECTIVE = "Elective Credits"
    FINE_ARTS = "Fine Arts"
    SOCIAL_STUDIES = "Social Studies Core"
    WORLD_LANGUAGE = "World Language"
    CONCURRENT_ENROLLMENT = "Concurrent Enrollment"
    LANGUAGE_ARTS = "Language Arts"
    MATH = "Math"
    SCIENCE = "Science"


CATEGORY_TIER: dict[ContentCategory, Tier] = {
    **dict.fromkeys(
        [
            ContentCategory.DIGITAL_STUDIES,
            ContentCategory.DRIVER_EDUCATION,
            ContentCategory.FINANCIAL_LITERACY,
            ContentCategory.HEALTH,
            ContentCategory.PHYSICAL_EDUCATION,
        ],
        Tier.I,
    ),
    **dict.fromkeys(
        [ContentCategory.CTE, ContentCategory.ELECTIVE, ContentCategory.FINE_ARTS], Tier.II
    ),
    **dict.fromkeys([ContentCategory.SOCIAL_STUDIES, ContentCategory.WORLD_LANGUAGE], Tier.III),
    **dict.fromkeys(
        [
            ContentCategory.CONCURRENT_ENROLLMENT,
            ContentCategory.LANGUAGE_ARTS,
            ContentCategory.MATH,
            ContentCategory.SCIENCE,
        ],
        Tier.IV,
    ),
}
_TIER_ORDER = [Tier.I, Tier.II, Tier.III, Tier.IV]


_CATEGORY_BY_FOLDED = {c.value.casefold(): c for c in ContentCategory}


def parse_categories(names: Iterable[str]) -> list[ContentCategory]:
    """Category names as the Course Request Spreadsheet writes them (case and surrounding
    spaces do not matter); an unknown one is refused with the list of known names."""
    out = []
    for name in names:
        found = _CATEGORY_BY_FOLDED.get(str(name).strip().casefold())
        if found is not None:
            out.append(found)
        else:
            known = ", ".join(c.value for c in ContentCategory)
            raise InvalidInput(
                f"Unknown content category {name!r}. Known: {known}.", field="content_categories"
            )
    if not out:
        raise InvalidInput(
            "A course needs at least one content category.", field="content_categories"
        )
    return out


def tier_for(categories: Iterable[ContentCategory | str]) -> Tier:
    """A course in several categories takes the lowest tier (SPEC 2, Course Fees)."""
    cats = parse_categories(str(c) for c in categories)
    return min((CATEGORY_TIER[c] for c in cats), key=_TIER_ORDER.index)


class TermType(StrEnum):
    QUARTER = "quarter"
    SEMESTER = "semester"


class Session(StrEnum):
    Q1 = "Q1"
    Q2 = "Q2"
    Q3 = "Q3"
    Q4 = "Q4"
    S1 = "S1"
    S2 = "S2"

    @property
    def term_type(self) -> TermType:
        return TermType.SEMESTER if self.value.startswith("S") else TermType.QUARTER


#: How a session is written for people (issue 9: "Semester 2, 2026-27"), by its term type.
SESSION_TEMPLATES = {
    TermType.SEMESTER: gettext_noop("Semester %(n)s, %(year)s"),
    TermType.QUARTER: gettext_noop("Quarter %(n)s, %(year)s"),
}


def session_text(session: str, school_year: int) -> Text:
    """A session as a family reads it: S2 of 2026 is "Semester 2, 2026-27". An unknown code is
    kept as written, with the school year."""
    year = f"{school_year}-{(school_year + 1) % 100:02d}"
    try:
        known = Session(str(session).strip().upper())
    except ValueError:
        return text("%(session)s, %(year)s", session=str(session), year=year)
    return text(SESSION_TEMPLATES[known.term_type], n=known.value[1:], year=year)


def check_credit(value: Decimal | str | float) -> Decimal:
    """The canonical credit value (0.25, 0.5 or 1.0) for ``value`` ("1", 1.00, 0.5 ...)."""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = None
    for allowed in CREDIT_VALUES:
        if number is not None and number.is_finite() and number == allowed:
            return allowed
    raise InvalidInput(
        f"Credit must be 0.25, 0.5 or 1.0, not {value}.", field="credit", rule="SPEC 2"
    )


def check_mature_description(mature: bool, description: str) -> None:
    if mature and MATURE_DISCLAIMER not in description:
        raise InvalidInput(
            f'A mature-content course must carry the disclaimer "{MATURE_DISCLAIMER}"',
            field="description",
            rule="SPEC 2",
        )
