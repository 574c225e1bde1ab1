"""Adult education's records (002, Section 6; issue 12): programs, students and their year's
enrollment, daily contact hours, assessments with per-area scores, SEOPs, the student-file
checklist, and loaded NRS table versions.

The enrollment keeps the figures its rules compute (EFL, gains, hours, enrollee date): they are
recomputed in the same transaction as every change that affects them (services.status), so the
NRS tables read them live with indexed SQL; nothing is rebuilt at night.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from seats.core.models import Organisation, Student, User
from seats.domain.adulted.hours import KIND_LABELS, Kind


class AreaOfFocus(models.TextChoices):
    ESOL = "ESOL", "English for Speakers of Other Languages (ESOL)"
    ABE = "ABE", "Adult Basic Education (ABE)"
    AHSC = "AHSC", "Adult High School Completion (AHSC)"


class ExitReason(models.TextChoices):
    COMPLETION = "completion", "Completion"
    DISMISSAL = "dismissal", "Dismissal"
    DEATH = "death", "Death"
    TRANSFER = "transfer", "Transfer"
    ADMINISTRATIVE_WITHDRAWAL = "administrative_withdrawal", "Administrative withdrawal"


class ActiveManager(models.Manager):
    """Rows in force: a voided row is kept (``all_objects``) but counts for nothing."""

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return super().get_queryset().filter(voided_at__isnull=True)


class Voidable(models.Model):
    """A row that is never deleted nor overwritten: a void keeps it, marked with who, when and
    why; a correction voids it and adds the corrected row, pointing back (``corrects``)."""

    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # db_default: rows written by COPY or INSERT ... SELECT (writer, bench) need not name it
    void_reason = models.CharField(max_length=240, blank=True, default="", db_default="")
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrected_by"
    )

    objects = ActiveManager()
    all_objects = models.Manager()  # noqa: DJ012 (the concrete models add fields)

    class Meta:
        abstract = True

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


class Program(models.Model):
    """An adult-education program, run by an LEA or another provider (an organisation)."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class AdultStudent(models.Model):
    """A person in adult education; a K-12 student is linked to core's record by SSID."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="students")
    ssid = models.CharField("SSID", max_length=16, blank=True, default="", db_index=True)
    k12_student = models.ForeignKey(
        Student, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=16, blank=True, default="")
    ethnicity = models.CharField(max_length=64, blank=True, default="")
    has_ssn = models.BooleanField("has a Social Security number", default=True)
    k12_enrolled = models.BooleanField("enrolled in a K-12 program", default=False)
    graduated = models.BooleanField("graduated from high school", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["program", "last_name", "first_name"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Enrollment(models.Model):
    """A student's program year in a program: counted once per program per fiscal year."""

    student = models.ForeignKey(AdultStudent, on_delete=models.PROTECT, related_name="enrollments")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="enrollments")
    fiscal_year = models.PositiveSmallIntegerField(help_text="The year July 1 falls in.")
    entry_date = models.DateField(help_text="First participation in the program year.")
    exit_date = models.DateField(null=True, blank=True)
    exit_reason = models.CharField(
        max_length=32, choices=ExitReason.choices, blank=True, default=""
    )
    area_of_focus = models.CharField(max_length=8, choices=AreaOfFocus.choices)
    funding_code = models.PositiveSmallIntegerField(null=True, blank=True)
    funding_code_on = models.DateField(null=True, blank=True)
    residency_proof = models.CharField(max_length=120, blank=True, default="")
    # Computed (services.status.refresh), never entered.
    hours_total = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    instructional_total = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    hours_reached_on = models.DateField(null=True, blank=True)
    efl_code = models.CharField(max_length=16, blank=True, default="")
    efl_number = models.PositiveSmallIntegerField(null=True, blank=True)
    efl_on = models.DateField(null=True, blank=True)
    levels_gained = models.PositiveSmallIntegerField(default=0)
    no_gain_reason = models.CharField(max_length=200, blank=True, default="")
    seop_on = models.DateField(null=True, blank=True)
    enrollee_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "program", "fiscal_year"], name="adulted_once_per_year"
            ),
            models.CheckConstraint(
                name="adulted_funding_code_1_9",
                condition=Q(funding_code__isnull=True)
                | Q(funding_code__gte=1, funding_code__lte=9),
            ),
            models.CheckConstraint(
                name="adulted_exit_has_reason",
                condition=Q(exit_date__isnull=True) | ~Q(exit_reason=""),
            ),
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "program"]),
            models.Index(fields=["exit_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.student} in {self.program.code} {self.fiscal_year}"

    @property
    def is_open(self) -> bool:
        return self.exit_date is None


class ContactHour(Voidable):
    """A day's contact hours of one kind for one enrollment (one row in force per day and
    kind; voided and corrected rows are kept)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="hours")
    day = models.DateField()
    kind = models.CharField(max_length=16, choices=[(k.value, v) for k, v in KIND_LABELS.items()])
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    minutes = models.PositiveIntegerField(null=True, blank=True)
    entered_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "day", "kind"],
                condition=Q(voided_at__isnull=True),
                name="adulted_hour_day",
            ),
            models.CheckConstraint(name="adulted_hours_positive", condition=Q(hours__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.hours} {self.kind} hours on {self.day}"

    @property
    def instructional(self) -> bool:
        return self.kind == Kind.INSTRUCTIONAL


class Assessment(Voidable):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="tests")
    test = models.CharField(max_length=32)
    form = models.CharField(max_length=32, blank=True, default="")
    day = models.DateField()
    administrator = models.CharField(max_length=120)
    table_effective = models.DateField(help_text="The NRS table version the levels came from.")
    # Computed: intake, or post-test valid or not for gain, with the reason.
    role = models.CharField(max_length=16, blank=True, default="")
    valid_for_gain = models.BooleanField(null=True)
    note = models.CharField(max_length=240, blank=True, default="")
    entered_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "id"]

    def __str__(self) -> str:
        return f"{self.test} on {self.day}"


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    area = models.CharField(max_length=32)
    raw = models.IntegerField(null=True, blank=True)
    scale = models.IntegerField()
    level_code = models.CharField(max_length=16)
    level_number = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "area"], name="adulted_one_score"),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.scale} ({self.level_code})"


class Seop(models.Model):
    """The Student Education Occupation Plan of a program year."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE, related_name="seop")
    goals = models.TextField(blank=True, default="")
    prior_achievements = models.TextField(blank=True, default="")
    work_history = models.TextField(blank=True, default="")
    core_goal = models.CharField(max_length=200, blank=True, default="")
    core_goal_on = models.DateField(null=True, blank=True)
    counselor = models.CharField(
        "counselor who signed", max_length=120, blank=True, default="", db_default=""
    )
    counselor_signed_on = models.DateField(null=True, blank=True)
    student_signed_on = models.DateField(null=True, blank=True)
    waiver_refused = models.BooleanField("refused to sign the Waiver of Release", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"SEOP of {self.enrollment_id}"


class ChecklistItem(models.Model):
    """One record of the student file: current-year items carry the program year."""

    student = models.ForeignKey(AdultStudent, on_delete=models.CASCADE, related_name="checklist")
    item = models.CharField(max_length=40, help_text="A key of seats.domain.adulted.checklist.")
    fiscal_year = models.PositiveSmallIntegerField(default=0, help_text="0: kept in perpetuity.")
    received_on = models.DateField(null=True, blank=True)
    not_applicable = models.CharField(max_length=200, blank=True, default="")
    checked_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["student", "item", "fiscal_year"],
                name="adulted_checklist_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} of student {self.student_id}"


class NrsTableVersion(models.Model):
    """A newer NRS table loaded from a file (``seats adulted nrs-load``), no release needed."""

    effective = models.DateField(unique=True)
    content = models.TextField()
    loaded_by = models.CharField(max_length=150, blank=True, default="")
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"NRS table of {self.effective}"


class RecordChange(models.Model):
    """Append-only history of an enrollment's corrections (issue 12): funding codes (from, to),
    voids and corrections of contact hours and assessments, SEOP changes; who, when and why.
    Rows are never updated or deleted."""

    class What(models.TextChoices):
        FUNDING_CODE = "funding_code", "Funding code"
        HOUR = "hour", "Contact hours"
        ASSESSMENT = "assessment", "Assessment"
        SEOP = "seop", "SEOP"

    class Action(models.TextChoices):
        SET = "set", "Set"
        VOID = "void", "Voided"
        CORRECT = "correct", "Corrected"
        REPLACE = "replace", "Replaced by a new entry"

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="changes")
    what = models.CharField(max_length=16, choices=What.choices)
    action = models.CharField(max_length=16, choices=Action.choices)
    target_id = models.PositiveIntegerField(null=True, blank=True)
    new_id = models.PositiveIntegerField(null=True, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=240, blank=True, default="")
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=32, blank=True, default="")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["enrollment", "at"])]

    def __str__(self) -> str:
        return f"{self.what} {self.action} on enrollment {self.enrollment_id}"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise ValueError("A record change is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("A record change is append-only.")
