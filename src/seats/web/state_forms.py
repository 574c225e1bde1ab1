"""The GET forms of the state staff pages and the deadline calculator.

They only read input: each turns a query string into the selector's query, and says in words what
is wrong with a field (linked to the field for screen readers), never a stack trace.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from seats.core.models import AccessAction, AccessPurpose, FlagKind
from seats.core.selectors.access_log import LogQuery
from seats.core.selectors.compliance import ORG_KIND_LABELS, ComplianceQuery
from seats.core.selectors.deadlines import CalculatorInput
from seats.domain import dates
from seats.domain.roles import Role

DATE_ERROR = "Enter a real date as YYYY-MM-DD (for example 2025-09-02)."
YEAR_HELP = "The year the school year starts in: 2025 means 2025-26."


def _in_range(value: date) -> None:
    if not dates.in_range(value):
        raise ValidationError(dates.out_of_range(value), code="out_of_range")


def date_field(label: str, help_text: str = "") -> forms.DateField:
    """A date, as YYYY-MM-DD, within the years SEATS works with (0001-01-01 or 9999-12-31 are
    refused at the field: date arithmetic on them would overflow)."""
    attrs = {"type": "date", "min": dates.EARLIEST.isoformat(), "max": dates.LATEST.isoformat()}
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],  # the USWDS date picker types MM/DD/YYYY
        widget=forms.DateInput(attrs=attrs, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR},
        validators=[_in_range],
    )


def year_field(label: str = "School year") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=YEAR_HELP,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 6}),
        error_messages={
            "invalid": "Enter a year as four digits, for example 2025.",
            "min_value": "Enter a school year from 2000 to 2100.",
            "max_value": "Enter a school year from 2000 to 2100.",
        },
    )


class AccessibleForm(forms.Form):
    """Links each field to its help text and, once validated, to its error message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, f in self.fields.items():
            if f.help_text:
                f.widget.attrs["aria-describedby"] = f"id_{name}_help"

    def add_error(self, field: str | None, error: Any) -> None:
        """Every error (field checks, ``clean``, or a later rule from a selector) marks its
        field invalid and points the field at the message."""
        super().add_error(field, error)
        for name in self._errors or {}:
            widget = self.fields[name].widget if name in self.fields else None
            if widget is None or widget.attrs.get("aria-invalid"):
                continue
            described = widget.attrs.get("aria-describedby", "")
            widget.attrs["aria-describedby"] = f"id_{name}_error {described}".strip()
            widget.attrs["aria-invalid"] = "true"

    def value(self, name: str) -> Any:
        """A cleaned value, or None when the field is missing or invalid (filters ignore it)."""
        return getattr(self, "cleaned_data", {}).get(name)


class ComplianceForm(AccessibleForm):
    org_kind = forms.ChoiceField(
        label="Count by", required=False, choices=list(ORG_KIND_LABELS.items())
    )
    year = year_field()
    kind = forms.ChoiceField(
        label="Overdue work", required=False, choices=[("", "Every kind"), *FlagKind.choices]
    )
    org = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def query(self) -> ComplianceQuery:
        self.is_valid()
        return ComplianceQuery(
            org_kind=self.value("org_kind") or "provider",
            school_year=self.value("year"),
            kind=self.value("kind") or "",
            org_id=self.value("org"),
        )


class YearForm(AccessibleForm):
    year = year_field()


class CalculatorForm(AccessibleForm):
    submitted = date_field("Submission date", "When the request was (or will be) submitted.")
    course_start = date_field(
        "Course start date", "Starts the withdrawal period; enter it for the census dates."
    )
    school_year = year_field("School year (optional)")
    calendar = forms.ChoiceField(
        label="School calendar",
        required=False,
        help_text="School days are counted on this calendar; without one, the state's default.",
    )
    completed = date_field("Course completed on (optional)", "Gives the transcript due date.")
    grade = forms.IntegerField(
        label="Student grade (optional)",
        required=False,
        min_value=6,
        max_value=12,
        error_messages={
            "invalid": "Enter a grade from 6 to 12.",
            "min_value": "Enter a grade from 6 to 12.",
            "max_value": "Enter a grade from 6 to 12.",
        },
    )
    transcript_due = date_field(
        "TranscriptDue set by the counselor (seniors, optional)",
        "Only for grade 12: the earlier of it and 30 days after completion applies.",
    )

    def __init__(self, *args: Any, calendars: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["calendar"]
        field.choices = [("", "Default state calendar"), *calendars]  # type: ignore[attr-defined]

    def entered(self) -> CalculatorInput:
        data = self.cleaned_data
        return CalculatorInput(
            submitted=data.get("submitted"),
            course_start=data.get("course_start"),
            school_year=data.get("school_year"),
            completed=data.get("completed"),
            grade=data.get("grade"),
            transcript_due=data.get("transcript_due"),
        )


class AccessLogForm(AccessibleForm):
    username = forms.CharField(label="User name", required=False, max_length=150)
    role = forms.ChoiceField(
        label="Role",
        required=False,
        choices=[("", "Any role"), *((r.value, r.label) for r in Role)],
    )
    organisation = forms.CharField(
        label="Organisation code", required=False, max_length=32, help_text="For example LEA1."
    )
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *AccessAction.choices]
    )
    purpose = forms.ChoiceField(
        label="Purpose", required=False, choices=[("", "Any purpose"), *AccessPurpose.choices]
    )
    cca = forms.IntegerField(
        label="CCA id",
        required=False,
        min_value=1,
        error_messages={"invalid": "A CCA id is a whole number, for example 42."},
    )
    ssid = forms.CharField(label="Student SSID", required=False, max_length=16)
    since = date_field("From (date)")
    until = date_field("To (date, included)")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The end date comes before the start date.")
        return data

    def query(self) -> LogQuery:
        return LogQuery(
            username=(self.value("username") or "").strip(),
            role=self.value("role") or "",
            organisation=(self.value("organisation") or "").strip(),
            action=self.value("action") or "",
            purpose=self.value("purpose") or "",
            cca_id=self.value("cca"),
            ssid=(self.value("ssid") or "").strip(),
            since=self.value("since"),
            until=self.value("until"),
        )
