"""Pupil-accounting records (SPEC 9; seats.domain.membership holds the rules).

Engagement events are evidence: appended, never edited (a mistaken one is withdrawn with a
reason, so the membership it made can be traced). An LMS's own event id is unique per LEA and
source system, which makes a resent batch a no-op."""

from django.db import models
from django.db.models import F, Q

from seats.core.models import CCA, Organisation, SchoolCalendar, Student, User
from seats.domain.membership.kinds import EventKind, ProgramKind


class Program(models.Model):
    """A course of instruction within a school of an LEA (004 C.7), on a school calendar."""

    lea = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(max_length=32)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=24, choices=[(k.value, k.label) for k in ProgramKind])
    calendar = models.ForeignKey(SchoolCalendar, on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lea", "code"], name="membership_program_code"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def program_kind(self) -> ProgramKind:
        return ProgramKind(self.kind)


class Enrollment(models.Model):
    """A student's enrollment in a program: entry and exit (the last day, inclusive) and the
    facts of the eligibility checks (004 D.1, D.2, D.4)."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="enrollments")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="+")
    teacher = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    counselor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entry_on = models.DateField()
    exit_on = models.DateField(null=True, blank=True)
    half_time_or_more = models.BooleanField(default=True)
    enrolled_elsewhere = models.BooleanField(default=False)
    has_certificate_of_completion = models.BooleanField(default=False)
    in_yic = models.BooleanField("in a YIC program", default=False)
    utah_resident = models.BooleanField(default=True)
    retained_senior = models.BooleanField(default=False)
    pccr_consistent = models.BooleanField("consistent with the PCCR", default=True)
    counselor_approved = models.BooleanField(default=True)
    regular_instruction = models.BooleanField(default=True)
    cte_offered_at_school = models.BooleanField(default=False)
    cte_meets_requirement = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="membership_exit_after_entry",
                condition=Q(exit_on__isnull=True) | Q(exit_on__gte=F("entry_on")),
            ),
            models.UniqueConstraint(
                fields=["program", "student", "entry_on"], name="membership_one_entry"
            ),
        ]
        indexes = [
            models.Index(fields=["student"], name="membership_enr_student"),
            models.Index(fields=["teacher"], name="membership_enr_teacher"),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} in {self.program_id} from {self.entry_on}"


class Source(models.TextChoices):
    TEACHER = "teacher", "Entered by a teacher"
    UPLOAD = "upload", "CSV upload"
    LMS = "lms", "LMS (API)"
    PROVIDER_LMS = "provider_lms", "Online provider's LMS (SOEP course)"


class EngagementEvent(models.Model):
    """One piece of engagement evidence (004 E.1) on a day, with its source and recorder."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="events")
    lea = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    on = models.DateField()
    kind = models.CharField(max_length=24, choices=[(k.value, k.label) for k in EventKind])
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    source_system = models.CharField(max_length=64, blank=True, default="")
    external_id = models.CharField(max_length=128, blank=True, default="")
    cca = models.ForeignKey(CCA, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=500, blank=True, default="")
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_role = models.CharField(max_length=32)
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lea", "source_system", "external_id"],
                condition=~Q(external_id=""),
                name="membership_event_external_id",
            ),
        ]
        indexes = [models.Index(fields=["enrollment", "on"], name="membership_event_day")]

    def __str__(self) -> str:
        return f"{self.kind} on {self.on} ({self.enrollment_id})"


class CheckOutcome(models.TextChoices):
    CONTINUING = "continuing", "Continued enrollment confirmed"
    OUTREACH = "outreach", "Not engaging: outreach made, still enrolled"
    EXITED = "exited", "Left the program (exit recorded)"


class EnrollmentCheck(models.Model):
    """The dated record that continued enrollment was checked (004 E.3): who, when, outcome."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="checks")
    checked_on = models.DateField()
    outcome = models.CharField(max_length=16, choices=CheckOutcome.choices)
    note = models.CharField(max_length=500, blank=True, default="")
    checked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_by_role = models.CharField(max_length=32)
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["enrollment", "checked_on"], name="membership_check_day")]

    def __str__(self) -> str:
        return f"check {self.outcome} on {self.checked_on} ({self.enrollment_id})"


class MembershipWarning(models.Model):
    """A warning sent before the limit; one per gap (a gap is named by its first silent day)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="warnings")
    gap_started_on = models.DateField()
    silent_days = models.PositiveSmallIntegerField()
    last_member_day = models.DateField(help_text="The last school day still in membership.")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "gap_started_on"], name="membership_one_warning_per_gap"
            ),
        ]

    def __str__(self) -> str:
        return f"warning for {self.enrollment_id}, gap from {self.gap_started_on}"


class ChangeAction(models.TextChoices):
    PROGRAM_CREATED = "program_created", "Program created"
    PROGRAM_EDITED = "program_edited", "Program edited"
    ENROLLED = "enrolled", "Enrolled"
    ENROLLMENT_EDITED = "enrollment_edited", "Enrollment edited"
    EXITED = "exited", "Exit recorded"


class RecordChange(models.Model):
    """The append-only history of programs and enrollments: who changed what, when, and the
    values before and after (nothing is deleted; an exit is a date, not a removal)."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="changes")
    enrollment = models.ForeignKey(
        Enrollment, null=True, blank=True, on_delete=models.PROTECT, related_name="changes"
    )
    action = models.CharField(max_length=24, choices=ChangeAction.choices)
    changes = models.JSONField(default=dict, help_text="field -> [before, after]")
    note = models.CharField(max_length=500, blank=True, default="")
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    by_role = models.CharField(max_length=32)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["enrollment", "at"], name="membership_change_enr")]

    def __str__(self) -> str:
        return f"{self.action} of {self.program_id}/{self.enrollment_id} at {self.at}"
