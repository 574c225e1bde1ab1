"""Forms of the adult-education pages: they parse; the services decide."""

from __future__ import annotations

from django import forms

from seats.adulted.models import ExitReason
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
DATE = forms.DateInput(attrs={"type": "date"})


class AssessmentForm(forms.Form):
    test = forms.ChoiceField(choices=TESTS)
    form = forms.CharField(label="Form", max_length=32, required=False)
    day = forms.DateField(label="Test date", widget=DATE)
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
    day = forms.DateField(label="Day", widget=DATE)
    kind = forms.ChoiceField(
        label="Kind of hours", choices=[(k.value, v) for k, v in KIND_LABELS.items()]
    )


class ChecklistForm(forms.Form):
    item = forms.ChoiceField(choices=list(ITEMS.items()))
    received_on = forms.DateField(label="Received on", widget=DATE, required=False)
    not_applicable = forms.CharField(
        label="Or: why it does not apply", max_length=200, required=False
    )


class ExitForm(forms.Form):
    exit_date = forms.DateField(label="Exit date", widget=DATE)
    reason = forms.ChoiceField(label="Exit reason", choices=ExitReason.choices)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Attendance file (CSV)",
        help_text="Columns: ssid_or_student_id, day, kind, hours (or minutes). One month.",
    )
