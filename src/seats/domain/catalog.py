"""Course catalog rules (SPEC 2): content categories, fee tiers, sessions, the mature disclaimer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from .errors import InvalidInput
from .i18n import Text, gettext_noop, text
from .policy import Tier

MATURE_DISCLAIMER = gettext_noop(
    "This course may contain mature content and may not be suitable for students of all ages."
)
#: The NCAA note families meet most (the Course Request Spreadsheet's wording): shown in the
#: reader's language; any other note is shown as the provider wrote it.
NCAA_APPROVED = gettext_noop("NCAA approved")
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


# What the catalog shows of each course (issue 9) -------------------------------------------


def seats_left(capacity: int | None, taken: int) -> int | None:
    """Seats still open in one session: None when the course has no limit (SPEC 2: capacity is
    served first come, first served, and the requests that count are those that hold a seat)."""
    if capacity is None:
        return None
    return max(capacity - taken, 0)


def description_without_disclaimer(description: str) -> str:
    """A course's description with the mature-content disclaimer taken out (the description
    must carry it, SPEC 2, but the catalog shows it once, in the reader's language, apart)."""
    return " ".join(description.replace(MATURE_DISCLAIMER, " ").split())


def sessions_of(term_type: TermType | str) -> list[Session]:
    """The sessions a course of ``term_type`` runs in (every course is coded as one type)."""
    return [s for s in Session if s.term_type.value == str(term_type)]


def session_dates(session: Session | str, school_days: Sequence[date]) -> tuple[date, date] | None:
    """The first and last school day of ``session`` in a school year of ``school_days``: the
    year's school days split in halves (S1, S2) or quarters (Q1-Q4), the earlier part taking
    the odd day. None when the calendar has too few days to split."""
    chosen = Session(str(session))
    days = sorted(school_days)
    parts = 2 if chosen.term_type is TermType.SEMESTER else 4
    index = int(chosen.value[1]) - 1
    if len(days) < parts:
        return None
    size, extra = divmod(len(days), parts)
    start = index * size + min(index, extra)
    end = start + size + (1 if index < extra else 0) - 1
    return days[start], days[end]
