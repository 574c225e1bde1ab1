"""People (SPEC 1): users with role memberships, students, guardians, teachers of record."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from seats.domain.errors import InvalidInput
from seats.domain.phones import MAX_LENGTH as PHONE_LENGTH
from seats.domain.phones import normalize_phone
from seats.domain.roles import Role

from .organisations import Organisation

LANGUAGES = [("en", "English"), ("es", "Español")]


def validate_phone(value: str) -> None:
    """The back office's check of a phone number: the same rule as the services'."""
    try:
        normalize_phone(value)
    except InvalidInput as error:
        raise ValidationError(error.message, code="phone") from None


class User(AbstractUser):
    """A person who signs in. What they may see and do comes from their role memberships."""

    # Blank until the person chooses: pages then follow the browser's language, and notices the
    # language of their student or guardian record (else English). See docs/web.md.
    language = models.CharField(max_length=8, choices=LANGUAGES, blank=True, default="")
    # A staff member's work phone (a counselor's direct line on the provider's contact list).
    phone = models.CharField(
        "work phone",
        max_length=PHONE_LENGTH,
        blank=True,
        default="",
        validators=[validate_phone],
        help_text="For example 801-555-0123 or 801-555-0123 ext. 12.",
    )


class RoleMembership(models.Model):
    """One role a user holds, scoped to one organisation (students and parents: their school or
    LEA; their own records come from Student.user and Guardian.user)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=[(r.value, r.label) for r in Role])
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="members")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organisation"], name="one_membership"),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.user} as {self.role} at {self.organisation.code}"


class GroupCare(models.TextChoices):
    NONE = "", "None"
    LICENSED = "licensed", "State-licensed group care facility"
    OUTDOOR_YOUTH = "outdoor_youth", "Outdoor youth program"
    RESIDENTIAL_SUPPORT = "residential_support", "Residential support program"
    RESIDENTIAL_TREATMENT = "residential_treatment", "Residential treatment program"
    THERAPEUTIC_SCHOOL = "therapeutic_school", "Therapeutic school"


class UtahFitsAll(models.TextChoices):
    NONE = "", "None"
    CURRENT = "current", "Current scholarship"
    NOTIFIED = "notified", "Notified for next year"


class Student(models.Model):
    ssid = models.CharField("SSID", max_length=16, unique=True, null=True, blank=True)
    user = models.OneToOneField(User, null=True, blank=True, on_delete=models.SET_NULL)
    legal_first_name = models.CharField(max_length=80)
    legal_last_name = models.CharField(max_length=80)
    preferred_name = models.CharField(max_length=80, blank=True, default="")
    date_of_birth = models.DateField()
    grade = models.PositiveSmallIntegerField()
    gender = models.CharField(max_length=16, blank=True, default="")
    primary_lea = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    primary_school = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="students"
    )
    is_home_school = models.BooleanField(default=False)
    home_school_acknowledged = models.BooleanField(
        default=False, help_text="The LEA acknowledged the parent's intent to home school."
    )
    proof_of_age_identity = models.BooleanField(default=False)
    has_iep = models.BooleanField("IEP", default=False)
    has_504 = models.BooleanField("Section 504 plan", default=False)
    is_multilingual = models.BooleanField("multilingual / EL", default=False)
    fee_waiver = models.BooleanField(default=False)
    utah_fits_all = models.CharField(
        max_length=16, choices=UtahFitsAll.choices, blank=True, default=""
    )
    is_private_school = models.BooleanField(default=False)
    in_adult_education = models.BooleanField(default=False)
    group_care = models.CharField(max_length=32, choices=GroupCare.choices, blank=True, default="")
    is_out_of_school_youth = models.BooleanField(default=False)
    early_graduation_plan = models.BooleanField(default=False)
    has_secondary_diploma = models.BooleanField(default=False)
    cohort_year = models.PositiveSmallIntegerField(null=True, blank=True)
    language = models.CharField(max_length=8, choices=LANGUAGES, default="en")
    email = models.EmailField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["legal_last_name", "legal_first_name"]),
            models.Index(fields=["primary_school", "grade"]),
            models.Index(fields=["primary_lea"]),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.ssid or 'no SSID'})"

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.legal_first_name} {self.legal_last_name}"


class Guardian(models.Model):
    user = models.OneToOneField(User, null=True, blank=True, on_delete=models.SET_NULL)
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=32, blank=True, default="")
    language = models.CharField(max_length=8, choices=LANGUAGES, default="en")
    students = models.ManyToManyField(Student, related_name="guardians", blank=True)

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class TeacherOfRecord(models.Model):
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teachers")
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    cactus_id = models.CharField("CACTUS id", max_length=16, unique=True)
    license_areas = models.JSONField(default=list, blank=True)
    endorsements = models.JSONField(default=list, blank=True)
    background_check_date = models.DateField(null=True, blank=True)
    email = models.EmailField(blank=True, default="")

    class Meta:
        verbose_name = "teacher of record"
        verbose_name_plural = "teachers of record"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} (CACTUS {self.cactus_id})"
