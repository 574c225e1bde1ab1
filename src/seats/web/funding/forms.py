"""The funding pages' forms: they only read input and name the field that is wrong."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from seats.domain.errors import InvalidInput
from seats.domain.funding.months import Month

from ..state_forms import year_field


class MonthForm(forms.Form):
    month = forms.CharField(
        label="Month paid",
        help_text="As YYYY-MM, for example 2027-02.",
        widget=forms.TextInput(attrs={"size": 8, "inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": "Enter the month to pay, as YYYY-MM (for example 2027-02)."},
    )

    def clean_month(self) -> Month:
        try:
            return Month.parse(self.cleaned_data["month"])
        except InvalidInput as exc:
            raise ValidationError(exc.message, code="month") from None


class AppropriationForm(forms.Form):
    year = year_field()
    amount = forms.CharField(
        label="Appropriation",
        max_length=16,
        help_text="The year's home and private school appropriation, like 250000.00.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 14}),
    )
    home_share_percent = forms.CharField(
        label="Home-school share before December 1 (%)",
        max_length=6,
        initial="50",
        help_text="At least 50 (R277-726-9(2)(a)).",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )
    obligated_elsewhere = forms.CharField(
        label="Obligated outside SEATS",
        max_length=16,
        initial="0",
        help_text="Private-school tuition the state obligated outside SEATS.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 14}),
    )
    note = forms.CharField(label="Note", required=False, max_length=500)

    def clean_year(self) -> int:
        year = self.cleaned_data.get("year")
        if year is None:
            raise ValidationError("Enter the school year, for example 2027.", code="required")
        return year
