"""The statements' GET forms: which month (the posted runs), which provider or LEA (state
roles only), which school year. They only read input and say in words what is wrong."""

from __future__ import annotations

from datetime import date

from django import forms
from django.http import QueryDict

from seats.domain.errors import InvalidInput
from seats.domain.funding.months import Month
from seats.funding.selectors.statements import (
    default_month,
    organisations_with_statements,
    posted_months,
)
from seats.web.state_forms import year_field

MONTH_HELP = "The month of a posted payment run."


def _month_choices(current: Month) -> list[tuple[str, str]]:
    months = posted_months()
    if current not in months:
        months = sorted([*months, current], reverse=True)
    return [(str(m), f"{m.first_day():%B %Y}") for m in months]


class StatementForm(forms.Form):
    """Month, and for state roles the organisation (``kind`` is "provider" or "lea")."""

    def __init__(self, data: QueryDict, *, kind: str, pick_organisation: bool, today: date):
        super().__init__()  # unbound: it shows what is asked for; errors go in ``error``
        self.error: str = ""
        self.month = default_month(today)
        raw = data.get("month", "")
        if raw:
            try:
                asked = Month.parse(raw)
            except InvalidInput as exc:
                self.error = str(exc)
            else:
                if 2000 <= asked.year <= 2100:
                    self.month = asked
                else:
                    self.error = f"Choose a month from 2000 to 2100, not {raw[:7]}."
        self.fields["month"] = forms.ChoiceField(
            label="Month", choices=_month_choices(self.month), required=False, help_text=MONTH_HELP
        )
        self.initial["month"] = str(self.month)
        if pick_organisation:
            label = "Provider" if kind == "provider" else "LEA"
            choices = [("", f"Choose {'a provider' if kind == 'provider' else 'an LEA'}")] + [
                (o.code, f"{o.name} ({o.code})") for o in organisations_with_statements(kind)
            ]
            self.fields[kind] = forms.ChoiceField(label=label, choices=choices, required=False)
            self.initial[kind] = data.get(kind, "")[:32]


class SummaryForm(forms.Form):
    """The school year, an optional month of it, and the breakdown (by provider or LEA)."""

    year = year_field()
    by = forms.ChoiceField(
        label="Totals by",
        choices=[("provider", "Provider"), ("lea", "LEA")],
        required=False,
    )

    def __init__(self, data: QueryDict, *, today: date):
        super().__init__(data)
        month = default_month(today)
        self.fields["month"] = forms.ChoiceField(
            label="Month",
            choices=[("", "The whole school year")]
            + [(str(m), f"{m.first_day():%B %Y}") for m in posted_months()],
            required=False,
        )
        self.default_year = month.school_year

    def school_year(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return int(self.cleaned_data["year"])
        return self.default_year

    def chosen_month(self) -> Month | None:
        raw = self.cleaned_data.get("month") if self.is_valid() else ""
        month = Month.parse(raw) if raw else None
        return month if month is not None and month.school_year == self.school_year() else None

    def breakdown(self) -> str:
        return (self.cleaned_data.get("by") if self.is_valid() else "") or "provider"
