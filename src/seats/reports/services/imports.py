"""The state's uploads for the annual report: statewide assessment scores (one CSV or XLSX for
every provider: SSID, test, score, proficiency, date) and a provider's satisfaction survey
(question, responses, share favourable).

Every row is checked and every problem reported with its line and column; a file with any
problem writes nothing (not even the import record). An accepted file is written in one
transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from seats.core.models import Organisation, Student
from seats.core.services.actors import Actor
from seats.domain.calendars import school_year_of
from seats.domain.dates import in_range, parse_entered
from seats.domain.errors import InvalidInput, NotFound
from seats.domain.reports.figures import proficiency_level
from seats.integration.imports.reader import FileRefused, read_table
from seats.integration.imports.report import Problem

from ..models import AssessmentScore, ImportKind, ReportImport, SurveyAnswer
from .authority import check_state

SCORE_COLUMNS = ("ssid", "test", "score", "proficiency", "date")
SURVEY_COLUMNS = ("question", "responses", "share favourable")
MAX_PROBLEMS = 1000  # a garbage file gets this many messages, then a count of the rest


@dataclass
class Loaded:
    """What an upload did: ``problems`` (nothing written) or ``rows`` written."""

    file_name: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0
    import_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _header(header: list[str], wanted: tuple[str, ...]) -> tuple[dict[str, int], list[Problem]]:
    names = [h.strip().lower().replace("_", " ") for h in header]
    index = {n: i for i, n in enumerate(names) if n}
    missing = [w for w in wanted if w not in index]
    problems = [Problem(1, w, f"The column {w!r} is missing.") for w in missing]
    extra = [h for h in names if h and h not in wanted]
    if extra:
        problems.append(
            Problem(
                1, extra[0], f"Unknown column {extra[0]!r}: the columns are {', '.join(wanted)}."
            )
        )
    return index, problems


def _read(
    data: bytes, file_name: str, wanted: tuple[str, ...]
) -> tuple[list[tuple[int, dict[str, str]]], Loaded]:
    result = Loaded(file_name)
    try:
        table = read_table(data, file_name)
    except FileRefused as exc:
        result.problems.append(exc.problem)
        return [], result
    index, problems = _header(table.header, wanted)
    if problems:
        result.problems.extend(problems)
        return [], result
    rows = []
    for line, cells in table.rows:
        rows.append(
            (line, {w: (cells[i] if i < len(cells) else "").strip() for w, i in index.items()})
        )
    if not rows:
        result.problems.append(Problem(0, "", "The file has a header but no data rows."))
    return rows, result


def _note(result: Loaded, problem: Problem) -> None:
    if len(result.problems) < MAX_PROBLEMS:
        result.problems.append(problem)
    else:
        result.more_problems += 1


def _number(raw: str, *, places: int, low: Decimal, high: Decimal) -> Decimal:
    text = raw.removesuffix("%").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{raw!r} is not a number.") from None
    if not value.is_finite() or not low <= value <= high:
        raise ValueError(f"{raw!r} must be between {low} and {high}.")
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise ValueError(f"{raw!r} has more than {places} decimal places.")
    return value


def _cell(result: Loaded, line: int, column: str, parse: Callable[[], object]) -> object:
    try:
        return parse()
    except (ValueError, InvalidInput) as exc:
        message = exc.message if isinstance(exc, InvalidInput) else str(exc)
        _note(result, Problem(line, column, message))
        return None


def load_scores(*, actor: Actor, data: bytes, file_name: str) -> Loaded:
    """Statewide assessment scores for every provider's students, matched by SSID."""
    check_state(actor, what="load statewide assessment scores")
    rows, result = _read(data, file_name, SCORE_COLUMNS)
    if not result.ok:
        return result
    ssids = {r["ssid"] for _, r in rows if r["ssid"]}
    students = dict(Student.objects.filter(ssid__in=ssids).values_list("ssid", "pk"))
    parsed: list[AssessmentScore] = []
    seen: dict[tuple[int, str, object], int] = {}
    for line, r in rows:
        before = len(result.problems) + result.more_problems
        student_id = students.get(r["ssid"])
        if not r["ssid"]:
            _note(result, Problem(line, "ssid", "The SSID is empty."))
        elif student_id is None:
            _note(result, Problem(line, "ssid", f"No student in SEATS has the SSID {r['ssid']!r}."))
        test = r["test"]
        if not test or len(test) > 80:
            _note(result, Problem(line, "test", "The test name must have 1 to 80 characters."))
        score = _cell(
            result, line, "score",
            lambda r=r: _number(r["score"], places=2, low=Decimal(0), high=Decimal(99999)),
        )  # fmt: skip
        level = _cell(result, line, "proficiency", lambda r=r: proficiency_level(r["proficiency"]))
        taken = parse_entered(r["date"])
        if taken is None or not in_range(taken):
            _note(result, Problem(line, "date", f"{r['date']!r} is not a date like 2026-04-15."))
        if len(result.problems) + result.more_problems > before:
            continue
        key = (student_id, test, taken)
        if key in seen:
            _note(
                result,
                Problem(line, "ssid", f"The same student, test and date as line {seen[key]}."),
            )
            continue
        seen[key] = line
        parsed.append(
            AssessmentScore(
                student_id=student_id, test=test, score=score, proficiency=level,
                taken_on=taken, school_year=school_year_of(taken),
            )
        )  # fmt: skip
    if not result.ok:
        return result
    with transaction.atomic():
        batch = _batch(actor, ImportKind.SCORES, file_name, len(parsed))
        for chunk in _chunks(parsed, 500):
            _replace_scores(chunk)
            for s in chunk:
                s.batch = batch
            AssessmentScore.objects.bulk_create(chunk)
    result.rows, result.import_id = len(parsed), batch.pk
    return result


def _replace_scores(chunk: list[AssessmentScore]) -> None:
    from django.db.models import Q

    match = Q(pk__in=[])
    for s in chunk:
        match |= Q(student_id=s.student_id, test=s.test, taken_on=s.taken_on)
    AssessmentScore.objects.filter(match).delete()


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _batch(actor: Actor, kind: ImportKind, file_name: str, rows: int, **kw: object) -> ReportImport:
    return ReportImport.objects.create(
        kind=kind, file_name=file_name[:200], rows=rows, loaded_by=actor.user,
        loaded_at=timezone.now(), **kw,
    )  # fmt: skip


def load_survey(
    *, actor: Actor, provider_id: int, school_year: int, data: bytes, file_name: str
) -> Loaded:
    """A provider's satisfaction survey results for a school year; replaces the earlier ones."""
    check_state(actor, what="load satisfaction survey results")
    if not Organisation.objects.filter(pk=provider_id, kind="provider").exists():
        raise NotFound("No such provider.")
    rows, result = _read(data, file_name, SURVEY_COLUMNS)
    if not result.ok:
        return result
    answers: list[SurveyAnswer] = []
    seen: dict[str, int] = {}
    for line, r in rows:
        before = len(result.problems) + result.more_problems
        question = r["question"]
        if not question or len(question) > 300:
            _note(result, Problem(line, "question", "The question must have 1 to 300 characters."))
        elif question.lower() in seen:
            _note(
                result,
                Problem(line, "question", f"The same question as line {seen[question.lower()]}."),
            )
        else:
            seen[question.lower()] = line
        responses = _cell(
            result, line, "responses",
            lambda r=r: int(_number(r["responses"], places=0, low=Decimal(0), high=Decimal(10**7))),
        )  # fmt: skip
        share = _cell(
            result, line, "share favourable",
            lambda r=r: _number(r["share favourable"], places=1, low=Decimal(0), high=Decimal(100)),
        )  # fmt: skip
        if len(result.problems) + result.more_problems > before:
            continue
        answers.append(
            SurveyAnswer(
                provider_id=provider_id, school_year=school_year, position=len(answers) + 1,
                question=question, responses=responses, favourable_percent=share,
            )
        )  # fmt: skip
    if not result.ok:
        return result
    with transaction.atomic():
        batch = _batch(
            actor, ImportKind.SURVEY, file_name, len(answers),
            provider_id=provider_id, school_year=school_year,
        )  # fmt: skip
        SurveyAnswer.objects.filter(provider_id=provider_id, school_year=school_year).delete()
        for a in answers:
            a.batch = batch
        SurveyAnswer.objects.bulk_create(answers)
    result.rows, result.import_id = len(answers), batch.pk
    return result
