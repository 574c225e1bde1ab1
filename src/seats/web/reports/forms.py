"""Forms of the reports pages: the school year a page shows, the state's uploads and text."""

from __future__ import annotations

from django import forms

from seats.core.models import Organisation
from seats.reports.services.texts import TEXT_LIMIT

from ..state_forms import AccessibleForm, year_field


class ReportYearForm(AccessibleForm):
    year = year_field()


class ScoresUploadForm(AccessibleForm):
    file = forms.FileField(
        label="Scores file (CSV or Excel)",
        help_text="Columns: SSID, test, score, proficiency (1-4 or the level's name), date.",
    )


class SurveyUploadForm(AccessibleForm):
    provider = forms.ModelChoiceField(
        label="Provider", queryset=Organisation.objects.filter(kind="provider").order_by("name")
    )
    school_year = year_field()
    file = forms.FileField(
        label="Survey file (CSV or Excel)",
        help_text="Columns: question, responses, share favourable (percent, 0-100).",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["school_year"].required = True


class ReportTextForm(AccessibleForm):
    improvement_plan = forms.CharField(
        label="Improvement plan summary",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="If applicable: the provider's plan to improve course quality and outcomes. "
        "Published in the public report: no student's name or details.",
    )
    audit_results = forms.CharField(
        label="Audit results",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Results of the state board's sample audits of the provider's courses. "
        "Published in the public report: no student's name or details.",
    )
