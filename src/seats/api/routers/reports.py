"""Reports (SPEC 7): completion rates and the annual provider report, read; the state's uploads
of statewide assessment scores and satisfaction surveys, written.

Scoped as the rest: the state reads every provider, a provider's staff its own, other roles
none (an empty list, or "not found" for one provider). Uploads are the state's (403 for the
rest). A file with problems writes nothing and answers 200 with ``loaded: false`` and every
problem with its line and column (the request itself was well formed)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from seats.core import clock
from seats.core.models import Organisation
from seats.domain.calendars import school_year_of
from seats.domain.errors import NotFound
from seats.domain.reports.completion import Rate, Rates
from seats.reports.selectors.annual import annual_report
from seats.reports.selectors.completion import (
    course_rates,
    minimum,
    provider_rates,
    providers_for,
)
from seats.reports.services.authority import check_state
from seats.reports.services.imports import Loaded, load_scores, load_survey

from ..auth import viewer
from ..params import ERRORS, OrgCode, YearFilter

router = Router(tags=["Reports"])
MAX_CONTENT = 20 * 1024 * 1024

Cell = int | str | None


class RateOut(Schema):
    completed: int
    counted: int
    percent: str | None = Field(description="Percent to one decimal; null when nothing counts.")


class RatesOut(Schema):
    timely: RateOut
    extended: RateOut
    still_open: int


class ProviderRatesOut(Schema):
    provider: str
    name: str
    rates: RatesOut
    below_minimum: bool


class CompletionOut(Schema):
    school_year: int
    minimum_percent: str
    providers: list[ProviderRatesOut]


class CourseRatesOut(Schema):
    core_code: str
    title: str
    rates: RatesOut
    below_minimum: bool


class CourseCompletionOut(Schema):
    school_year: int
    provider: str
    minimum_percent: str
    courses: list[CourseRatesOut]


class TableOut(Schema):
    key: str
    caption: str
    columns: list[str]
    rows: list[list[Cell]]
    foot: list[Cell] | None


class SectionOut(Schema):
    key: str
    heading: str
    intro: str
    facts: list[tuple[str, Cell]]
    tables: list[TableOut]
    text: str


class AnnualOut(Schema):
    provider: str
    name: str
    school_year: int
    edition: Literal["staff", "public"]
    prepared_on: str
    below_minimum: bool
    sections: list[SectionOut]


class UploadIn(Schema):
    file_name: str = Field(min_length=1, max_length=200)
    content: str = Field(max_length=MAX_CONTENT, description="The CSV text (UTF-8).")


class SurveyIn(UploadIn):
    provider: str = Field(min_length=1, max_length=32, description="The provider's code.")
    school_year: int = Field(ge=2000, le=2100)


class ImportProblemOut(Schema):
    line: int
    column: str
    message: str


class LoadedOut(Schema):
    loaded: bool
    rows: int
    problems: list[ImportProblemOut]
    more_problems: int


def _rate(r: Rate) -> dict[str, Any]:
    return {"completed": r.completed, "counted": r.counted, "percent": _str(r.percent)}


def _rates(r: Rates) -> dict[str, Any]:
    return {"timely": _rate(r.timely), "extended": _rate(r.extended), "still_open": r.open}


def _str(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, int):
        return value
    return f"{value:f}" if isinstance(value, Decimal) else str(value)


def _year(school_year: int | None) -> int:
    return school_year or school_year_of(clock.today())


def _visible(request: HttpRequest, code: str | None) -> Organisation:
    who = viewer(request)
    if not code:
        if who.organisation.kind == "provider":
            return providers_for(who).get(pk=who.organisation.pk)
        raise NotFound("Name the provider (provider=CODE).")
    found = providers_for(who).filter(code=code).first()
    if found is None:
        raise NotFound("No such provider.")
    return found


@router.get(
    "/reports/completion",
    response={200: CompletionOut, **ERRORS},
    summary="Completion rates per provider",
)
def completion_rates(
    request: HttpRequest, school_year: YearFilter = None, provider: OrgCode = None
) -> dict[str, Any]:
    """Timely and extended completion rates of every provider you may see (the state: all; a
    provider: its own), lowest extended rate first; ``below_minimum`` against the policy's
    ``completion_rate_minimum``."""
    year = _year(school_year)
    rows = provider_rates(viewer(request), year)
    if provider:
        rows = [r for r in rows if r.provider.code == provider]
    return {
        "school_year": year,
        "minimum_percent": f"{minimum(year):f}",
        "providers": [
            {"provider": r.provider.code, "name": r.provider.name, "rates": _rates(r.rates),
             "below_minimum": r.below}
            for r in rows
        ],
    }  # fmt: skip


@router.get(
    "/reports/completion/courses",
    response={200: CourseCompletionOut, **ERRORS},
    summary="Completion rates per course",
)
def course_completion_rates(
    request: HttpRequest, provider: OrgCode = None, school_year: YearFilter = None
) -> dict[str, Any]:
    """One provider's rates per USBE core code (a provider's token: its own by default)."""
    org = _visible(request, provider)
    year = _year(school_year)
    return {
        "school_year": year,
        "provider": org.code,
        "minimum_percent": f"{minimum(year):f}",
        "courses": [
            {"core_code": c.core_code, "title": c.title, "rates": _rates(c.rates),
             "below_minimum": c.below}
            for c in course_rates(org, year)
        ],
    }  # fmt: skip


@router.get("/reports/annual", response={200: AnnualOut, **ERRORS}, summary="Annual report")
def annual_report_data(
    request: HttpRequest,
    provider: OrgCode = None,
    school_year: YearFilter = None,
    edition: Annotated[Literal["staff", "public"], Query()] = "staff",
) -> dict[str, Any]:
    """The annual report's figures, section by section, as the page and the files show them.
    ``edition=public`` is the suppressed edition ("n<10")."""
    org = _visible(request, provider)
    report = annual_report(org, _year(school_year), public=edition == "public")
    return {
        "provider": org.code,
        "name": org.name,
        "school_year": report.school_year,
        "edition": edition,
        "prepared_on": report.prepared_on.isoformat(),
        "below_minimum": report.below_minimum,
        "sections": [
            {
                "key": s.key, "heading": s.heading, "intro": s.intro, "text": s.text,
                "facts": [(label, _cell(v)) for label, v in s.facts],
                "tables": [
                    {"key": t.key, "caption": t.caption, "columns": t.columns,
                     "rows": [[_cell(v) for v in row] for row in t.rows],
                     "foot": [_cell(v) for v in t.foot] if t.foot else None}
                    for t in s.tables
                ],
            }
            for s in report.sections
        ],
    }  # fmt: skip


def _loaded(result: Loaded) -> dict[str, Any]:
    return {
        "loaded": result.ok,
        "rows": result.rows,
        "problems": [
            {"line": p.line, "column": p.column, "message": p.message} for p in result.problems
        ],
        "more_problems": result.more_problems,
    }


@router.post(
    "/reports/scores", response={200: LoadedOut, **ERRORS}, summary="Load assessment scores"
)
def report_scores(request: HttpRequest, body: UploadIn) -> dict[str, Any]:
    """The state loads statewide assessment scores (columns SSID, test, score, proficiency,
    date). All or nothing: with any problem nothing is written."""
    result = load_scores(
        actor=viewer(request).actor, data=body.content.encode(), file_name=body.file_name
    )
    return _loaded(result)


@router.post("/reports/surveys", response={200: LoadedOut, **ERRORS}, summary="Load a survey")
def report_survey(request: HttpRequest, body: SurveyIn) -> dict[str, Any]:
    """The state loads a provider's satisfaction survey for a school year (columns question,
    responses, share favourable); it replaces the earlier one. All or nothing."""
    check_state(viewer(request).actor, what="load satisfaction survey results")
    org = Organisation.objects.filter(code=body.provider, kind="provider").first()
    if org is None:
        raise NotFound("No such provider.")
    result = load_survey(
        actor=viewer(request).actor,
        provider_id=org.pk,
        school_year=body.school_year,
        data=body.content.encode(),
        file_name=body.file_name,
    )
    return _loaded(result)
