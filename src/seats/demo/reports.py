"""The demo's report data (seats.reports): statewide assessment scores for the students who
completed a course last year and this year, a satisfaction survey per provider (one with too few
answers, shown "n<10" in public) and the improvement plan and audit results of the provider
under the minimum completion rate (``outcomes.STRUGGLING_PROVIDER``).

Scores are derived from the student's id (no random draw), so the rest of the demo is unchanged.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from seats.core.models import CCA, Organisation
from seats.domain.reports.figures import PROFICIENCY_LEVELS
from seats.domain.statuses import PASSING
from seats.reports.models import AssessmentScore, ImportKind, ReportImport, ReportText, SurveyAnswer

from .outcomes import STRUGGLING_PROVIDER

MAX_SCORES = 40_000  # per year: enough for every small-scale page, quick at state scale
QUESTIONS = (
    "My online teacher answered my questions within one school day.",
    "The course materials were easy to use.",
    "I would recommend this provider to another student.",
    "(Parents) I was kept informed of my student's progress.",
)


def _level(score: int) -> str:
    return PROFICIENCY_LEVELS[min(3, max(0, (score - 150) // 25))]


def build_reports(*, as_of: date) -> dict[str, int]:
    year = as_of.year if as_of.month >= 7 else as_of.year - 1
    now = timezone.now()
    scores = answers = 0
    for y in (year - 1, year):
        students = list(
            CCA.objects.filter(school_year=y, status__in=[s.value for s in PASSING])
            .order_by("student_id")
            .values_list("student_id", "student__grade")
            .distinct()[:MAX_SCORES]
        )
        batch = ReportImport.objects.create(
            kind=ImportKind.SCORES, file_name=f"demo-scores-{y}.csv", rows=len(students),
            loaded_at=now,
        )  # fmt: skip
        taken = date(y + 1, 4, 15) if date(y + 1, 4, 15) <= as_of else date(y, 11, 14)
        rows = []
        for student_id, grade in students:
            score = 150 + (student_id * 37) % 100
            test = "RISE Mathematics" if grade <= 8 else "Utah Aspire Plus Mathematics"
            rows.append(
                AssessmentScore(
                    student_id=student_id, test=test, score=Decimal(score),
                    proficiency=_level(score), taken_on=taken, school_year=y, batch=batch,
                )
            )  # fmt: skip
        AssessmentScore.objects.bulk_create(rows, batch_size=5000)
        scores += len(rows)
        providers = list(Organisation.objects.filter(kind="provider").order_by("code"))
        survey = ReportImport.objects.create(
            kind=ImportKind.SURVEY, file_name=f"demo-surveys-{y}.csv",
            rows=len(providers) * len(QUESTIONS), loaded_at=now,
        )  # fmt: skip
        found = []
        for n, provider in enumerate(providers):
            for position, question in enumerate(QUESTIONS, 1):
                responses = (
                    6 if position == 4 and n % 2 else 40 + (provider.pk * 13 + position) % 160
                )
                share = Decimal(60 + (provider.pk * 7 + position * 11) % 38)
                found.append(
                    SurveyAnswer(
                        provider=provider, school_year=y, position=position, question=question,
                        responses=responses, favourable_percent=share, batch=survey,
                    )
                )  # fmt: skip
        SurveyAnswer.objects.bulk_create(found)
        answers += len(found)
        struggling = Organisation.objects.filter(code=STRUGGLING_PROVIDER).first()
        if struggling is not None:
            ReportText.objects.create(
                provider=struggling, school_year=y, updated_at=now,
                improvement_plan=(
                    "Weekly progress checks for every student under 60%; a second teacher for "
                    "the largest mathematics sections; a call to the counselor after five days "
                    "without activity."
                ),
                audit_results=(
                    "Sample audit of 20 CCAs: grades and credit matched the transcripts; two "
                    "withdrawal requests were filed late."
                ),
            )  # fmt: skip
    return {"assessment scores": scores, "survey answers": answers}
