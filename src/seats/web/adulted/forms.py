"""Forms of the adult-education pages: they parse; the services decide."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from seats.adulted.models import AreaOfFocus, ExitReason
from seats.domain import dates
from seats.domain.adulted import funding
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


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    """A date as YYYY-MM-DD or as the USWDS date picker types it (MM/DD/YYYY)."""
    attrs = {"type": "date", "min": dates.EARLIEST.isoformat(), "max": dates.LATEST.isoformat()}
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        widget=forms.DateInput(attrs=attrs, format="%Y-%m-%d"),
        validators=[_in_range],
    )


BORN_EARLIEST = date(1900, 1, 1)


def _born_in_range(value: date) -> None:
    if not BORN_EARLIEST <= value <= dates.LATEST:
        raise ValidationError(
            _("A date of birth is between %(first)s and %(last)s.")
            % {"first": BORN_EARLIEST.isoformat(), "last": dates.LATEST.isoformat()},
            code="out_of_range",
        )


def birth_date_field(label: str) -> forms.DateField:
    """A date of birth: 1900-01-01 to 2100-12-31 (the service refuses one in the future)."""
    attrs = {"type": "date", "min": BORN_EARLIEST.isoformat(), "max": dates.LATEST.isoformat()}
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        widget=forms.DateInput(attrs=attrs, format="%Y-%m-%d"),
        validators=[_born_in_range],
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


FUNDING_CHOICES = [("", _("Not yet known"))] + [
    (str(code), funding.describe(code)) for code in funding.FUNDING_CODES
]
SEX_CHOICES = [("", _("Not reported")), ("F", _("Female")), ("M", _("Male")), ("X", _("Another"))]
ETHNICITY_CHOICES = [
    ("", _("Not reported")),
    ("Hispanic or Latino", _("Hispanic or Latino")),
    ("American Indian or Alaska Native", _("American Indian or Alaska Native")),
    ("Asian", _("Asian")),
    ("Black or African American", _("Black or African American")),
    ("Native Hawaiian or Other Pacific Islander", _("Native Hawaiian or Other Pacific Islander")),
    ("White", _("White")),
    ("Two or more races", _("Two or more races")),
]


def _funding_field(label: str, *, required: bool) -> forms.TypedChoiceField:
    choices = FUNDING_CHOICES if not required else FUNDING_CHOICES[1:]
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        empty_value=None,
        required=required,
        error_messages={"invalid_choice": _("The funding code is a number from 1 to 9.")},
    )


class RegisterForm(forms.Form):
    """A new student and the program year's enrollment (the service checks every rule)."""

    program = forms.TypedChoiceField(label=_("Program"), coerce=int)
    fiscal_year = forms.TypedChoiceField(
        label=_("Program year"),
        coerce=int,
        help_text=_("July 1 to June 30: the entry date must fall in it."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80)
    date_of_birth = birth_date_field(_("Date of birth"))
    sex = forms.ChoiceField(label=_("Sex"), choices=SEX_CHOICES, required=False)
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), choices=ETHNICITY_CHOICES, required=False)
    has_ssn = forms.BooleanField(
        label=_("Has a Social Security number"), required=False, initial=True
    )
    k12_enrolled = forms.BooleanField(label=_("Enrolled in a K-12 school"), required=False)
    ssid = forms.CharField(
        label=_("SSID"),
        max_length=16,
        required=False,
        help_text=_("Required for a K-12 student: it links the record to the student's school."),
    )
    graduated = forms.BooleanField(label=_("Graduated from high school"), required=False)
    entry_date = date_field(
        _("Entry date"),
        help_text=_("The day of the student's first participation in the program year."),
    )
    area_of_focus = forms.ChoiceField(label=_("Area of focus"), choices=AreaOfFocus.choices)
    funding_code = _funding_field(_("Funding code"), required=False)
    residency_proof = forms.CharField(
        label=_("Proof of Utah residency"),
        max_length=120,
        required=False,
        help_text=_("The document seen (R277-733-6), for example a Utah driver license."),
    )

    def __init__(self, *args, programs=(), years=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [(p.pk, p.name) for p in programs]
        self.fields["fiscal_year"].choices = [(y, label) for y, label in years]


class SeopForm(forms.Form):
    goals = forms.CharField(label=_("Goals and objectives"), widget=forms.Textarea, required=False)
    prior_achievements = forms.CharField(
        label=_("Prior educational achievements"), widget=forms.Textarea, required=False
    )
    work_history = forms.CharField(
        label=_("Work history"), widget=forms.Textarea, required=False, max_length=2000
    )
    core_goal = forms.CharField(
        label=_("Core goal"),
        max_length=200,
        required=False,
        help_text=_("A SEOP with a core goal is one of the four enrollee requirements."),
    )
    core_goal_on = date_field(_("Core goal set on"), required=False)
    counselor = forms.CharField(label=_("Counselor who signed"), max_length=120, required=False)
    counselor_signed_on = date_field(_("Counselor signed on"), required=False)
    student_signed_on = date_field(
        _("Student signed on"),
        required=False,
        help_text=_("The day the student signed the SEOP."),
    )
    waiver_refused = forms.BooleanField(
        label=_("The student refused to sign the Waiver of Release"), required=False
    )


class FundingCodeForm(forms.Form):
    code = _funding_field(_("Funding code"), required=True)
    on = date_field(_("In force from"))
    reason = forms.CharField(label=_("Why it changes"), max_length=120, required=False)


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Why it is void"), max_length=240)


class HourCorrectionForm(forms.Form):
    day = date_field(_("Day"))
    kind = forms.ChoiceField(
        label=_("Kind of hours"), choices=[(k.value, v) for k, v in KIND_LABELS.items()]
    )
    hours = forms.IntegerField(label=_("Contact hours"), min_value=0, max_value=24)
    reason = forms.CharField(label=_("Why it is corrected"), max_length=240)


class AssessmentCorrectionForm(AssessmentForm):
    reason = forms.CharField(label=_("Why it is corrected"), max_length=240)
