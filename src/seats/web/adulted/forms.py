"""Forms of the adult-education pages: they parse; the services decide."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from seats.adulted.models import ExitReason
from seats.domain import dates
from seats.domain.adulted.checklist import ITEMS
from seats.domain.adulted.hours import KIND_LABELS
from seats.domain.adulted.nrs import shipped

_TABLE = shipped().tables[-1]
TESTS = [(code, spec.name) for code, spec in _TABLE.tests.items()]
AREAS = sorted({area for spec in _TABLE.tests.values() for area in spec.areas})
AREA_LABELS = {
    "literacy": "Literacy (BEST Literacy)",
    "speaking_listening": "Speaking and listening (BEST Plus)",
    "reading": "Reading (CASAS, TABE)",
    "listening": "Listening (CASAS)",
    "total_math": "Total math (TABE)",
    "language": "Language (TABE)",
}


def _in_range(value: object) -> None:
    if not dates.in_range(value):  # type: ignore[arg-type]
        raise ValidationError(dates.out_of_range(value), code="out_of_range")  # type: ignore[arg-type]


def date_field(label: str, *, required: bool = True) -> forms.DateField:
    """A date as YYYY-MM-DD or as the USWDS date picker types it (MM/DD/YYYY)."""
    attrs = {"type": "date", "min": dates.EARLIEST.isoformat(), "max": dates.LATEST.isoformat()}
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        widget=forms.DateInput(attrs=attrs, format="%Y-%m-%d"),
        validators=[_in_range],
    )


class AssessmentForm(forms.Form):
    test = forms.ChoiceField(choices=TESTS)
    form = forms.CharField(label="Form", max_length=32, required=False)
    day = date_field("Test date")
    administrator = forms.CharField(label="Test administrator", max_length=120)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for area in AREAS:
            self.fields[f"scale_{area}"] = forms.IntegerField(
                label=f"{AREA_LABELS.get(area, area)}: scale score", required=False
            )

    def scores(self) -> dict[str, tuple[int | None, int]]:
        return {
            area: (None, self.cleaned_data[f"scale_{area}"])
            for area in AREAS
            if self.cleaned_data.get(f"scale_{area}") is not None
        }


class AttendanceDayForm(forms.Form):
    day = date_field("Day")
    kind = forms.ChoiceField(
        label="Kind of hours", choices=[(k.value, v) for k, v in KIND_LABELS.items()]
    )


class ChecklistForm(forms.Form):
    item = forms.ChoiceField(choices=list(ITEMS.items()))
    received_on = date_field("Received on", required=False)
    not_applicable = forms.CharField(
        label="Or: why it does not apply", max_length=200, required=False
    )


class ExitForm(forms.Form):
    exit_date = date_field("Exit date")
    reason = forms.ChoiceField(label="Exit reason", choices=ExitReason.choices)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Attendance file (CSV)",
        help_text="Columns: ssid_or_student_id, day, kind, hours (or minutes). One month.",
    )
