"""Forms of the pupil-accounting program and enrollment pages: they parse; the services decide
(seats.membership.services.programs)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seats.core.models import Organisation, RoleMembership, SchoolCalendar, Student, User
from seats.domain import dates
from seats.domain.membership.kinds import ProgramKind
from seats.domain.roles import Role
from seats.membership.services.programs import FLAGS, lea_calendars


def _in_range(value: Any) -> None:
    if not dates.in_range(value):
        raise ValidationError(dates.out_of_range(value), code="out_of_range")


def date_field(label: Any, *, required: bool = True) -> forms.DateField:
    """A date as YYYY-MM-DD or as the USWDS date picker types it (MM/DD/YYYY)."""
    attrs = {"type": "date", "min": dates.EARLIEST.isoformat(), "max": dates.LATEST.isoformat()}
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        widget=forms.DateInput(attrs=attrs, format="%Y-%m-%d"),
        validators=[_in_range],
    )


#: The eligibility facts of an enrollment (004 D.1, D.2, D.4), as checkboxes with the rule.
FLAG_LABELS: dict[str, tuple[Any, Any]] = {
    "half_time_or_more": (_("Enrolled here at least half time"), _("004 D.1")),
    "enrolled_elsewhere": (_("Also enrolled in another LEA"), _("004 D.1")),
    "has_certificate_of_completion": (
        _("Has earned a certificate of completion"),
        _("004 D.2.a (a basic diploma comes from the student record)"),
    ),
    "in_yic": (_("Enrolled in a YIC (youth in custody) program"), _("004 D.2.b")),
    "utah_resident": (_("Resident of Utah"), _("004 D.2.d")),
    "retained_senior": (_("Retained senior"), _("004 D.2.e")),
    "pccr_consistent": (
        _("Consistent with the student's PCCR"),
        _("004 D.4.c-d: learner-validated and CTE at a technical college"),
    ),
    "counselor_approved": (_("Approved by the student's counselor"), _("004 D.4.d.ii")),
    "regular_instruction": (
        _("Includes regular instruction or facilitation"),
        _("004 D.4.d.iii"),
    ),
    "cte_offered_at_school": (
        _("The CTE course is offered at the student's own school"),
        _("004 D.4.c.i"),
    ),
    "cte_meets_requirement": (
        _("The CTE course meets a USBE-approved CTE graduation requirement"),
        _("004 D.4.c.ii"),
    ),
}
DEFAULT_TRUE = {
    "half_time_or_more",
    "utah_resident",
    "pccr_consistent",
    "counselor_approved",
    "regular_instruction",
    "cte_meets_requirement",
}
assert set(FLAG_LABELS) == set(FLAGS)


def _lea_users(lea_id: int, role: Role) -> Any:
    ids = RoleMembership.objects.filter(role=role.value).filter(
        Q(organisation_id=lea_id) | Q(organisation__parent_id=lea_id)
    )
    return User.objects.filter(pk__in=ids.values("user_id")).order_by("last_name", "first_name")


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return obj.get_full_name() or obj.get_username()


class ProgramForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=32, help_text=_("Unique in the LEA; it cannot change later.")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of program"),
        choices=[(k.value, _(k.label)) for k in ProgramKind],
        help_text=_(
            "Attendance-validated programs count in-person days; learner-validated ones "
            "(online, blended, competency-based) count engagement; home and hospital counts "
            "120 minutes of direct instruction a week (004 C, D.4)."
        ),
    )
    calendar = forms.ModelChoiceField(
        label=_("School calendar"), queryset=SchoolCalendar.objects.none()
    )
    school = forms.ModelChoiceField(
        label=_("School (optional)"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, lea_id: int, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["calendar"].queryset = SchoolCalendar.objects.filter(  # type: ignore[attr-defined]
            lea_calendars(lea_id)
        ).order_by("name", "pk")
        self.fields["school"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind="school", parent_id=lea_id
        ).order_by("name")
        if editing:
            del self.fields["code"]
            self.fields["is_active"] = forms.BooleanField(
                label=_("Active (offered to new students)"), required=False
            )


class EnrollmentForm(forms.Form):
    ssid = forms.CharField(
        label=_("Student's SSID"),
        max_length=16,
        help_text=_("A student of the LEA (the student's primary LEA)."),
    )
    entry_on = date_field(_("Entry date"))
    exit_on = date_field(_("Exit date (optional: the last day enrolled)"), required=False)
    teacher = _UserChoice(label=_("Teacher"), queryset=User.objects.none(), required=False)
    counselor = _UserChoice(label=_("Counselor"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, lea_id: int, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lea_id = lea_id
        self.fields["teacher"].queryset = _lea_users(lea_id, Role.TEACHER)  # type: ignore[attr-defined]
        self.fields["counselor"].queryset = _lea_users(lea_id, Role.COUNSELOR)  # type: ignore[attr-defined]
        for name, (label, rule) in FLAG_LABELS.items():
            self.fields[name] = forms.BooleanField(
                label=label, help_text=rule, required=False, initial=name in DEFAULT_TRUE
            )
        if editing:
            del self.fields["ssid"]
            del self.fields["exit_on"]

    def clean_ssid(self) -> Student:
        ssid = self.cleaned_data["ssid"].strip()
        student = Student.objects.filter(ssid=ssid, primary_lea_id=self.lea_id).first()
        if student is None:
            raise forms.ValidationError(_("The LEA has no student with this SSID."))
        return student

    def flags(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name in FLAG_LABELS}

    def flag_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in FLAG_LABELS]


class ExitForm(forms.Form):
    exit_on = date_field(_("Last day enrolled"))
    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False)
