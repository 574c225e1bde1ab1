"""The Course Credit Acknowledgment (SPEC 3), its append-only history, overdue flags and the
local registration a provider needs before it may accept.

Models only store. Every change goes through ``seats.core.services``; the deadline columns are
written by the services from ``seats.domain.deadlines`` so the daily sweep can be set-based SQL.
"""

from django.db import models
from django.db.models import Q

from seats.domain.catalog import Session
from seats.domain.lifecycle import NoeBasis
from seats.domain.statuses import Status

from .catalog import CourseOffering
from .organisations import Organisation
from .people import Student, TeacherOfRecord, User

STATUS_CHOICES = [(s.value, s.label) for s in Status]
SESSION_CHOICES = [(s.value, s.value) for s in Session]


class Decision(models.TextChoices):
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class CCA(models.Model):
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="ccas", db_index=False
    )  # indexed by (student, school_year)
    offering = models.ForeignKey(CourseOffering, on_delete=models.PROTECT, related_name="ccas")
    # Organisation keys are indexed by the composite (org, status, submitted) indexes below.
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="provider_ccas", db_index=False
    )
    primary_lea = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="lea_ccas", db_index=False
    )
    primary_school = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="school_ccas",
        db_index=False,
    )
    school_year = models.PositiveSmallIntegerField(help_text="The year the school year starts in.")
    session = models.CharField(max_length=4, choices=SESSION_CHOICES)
    credit_attempted = models.DecimalField(max_digits=3, decimal_places=2)

    status = models.CharField(
        max_length=48, choices=STATUS_CHOICES, default=Status.PENDING_EXECUTION
    )
    status_changed_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    # Who-did-it keys are for the record, never a list filter, so they carry no index (users are
    # deactivated, never deleted). The counselor key is indexed: it is the caseload.
    submitted_by = models.ForeignKey(
        User, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    submitted_by_role = models.CharField(max_length=32)
    submitted_at = models.DateTimeField()
    submitted_on = models.DateField(help_text="Submission date in the state's time zone.")

    counselor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    seop_consistent = models.BooleanField("SEOP/PCCR consistent", null=True, blank=True)
    counselor_reviewed_at = models.DateTimeField(null=True, blank=True)
    counselor_note = models.TextField(blank=True, default="")
    credit_limit_agreed = models.BooleanField(
        default=False, help_text="The primary school agreed to more than the credit limit."
    )
    health_approval = models.BooleanField(
        default=False, help_text="Counselor's written approval for Health in grades 6-8."
    )
    grade_replacement = models.BooleanField(default=False)
    grade_replacement_approved = models.BooleanField(default=False)
    early_graduation = models.BooleanField(default=False)

    lea_decision = models.CharField(max_length=16, choices=Decision.choices, blank=True, default="")
    lea_decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    lea_decided_at = models.DateTimeField(null=True, blank=True)
    lea_reason = models.CharField(max_length=64, blank=True, default="")
    financial_responsibility_accepted = models.BooleanField(default=False)

    provider_decision = models.CharField(
        max_length=16, choices=Decision.choices, blank=True, default=""
    )
    provider_decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    provider_decided_at = models.DateTimeField(null=True, blank=True)
    provider_accepted_on = models.DateField(null=True, blank=True)
    provider_reason = models.CharField(max_length=64, blank=True, default="")

    local_registration_complete = models.BooleanField(default=False)
    local_registration_completed_on = models.DateField(null=True, blank=True)

    course_start_date = models.DateField(null=True, blank=True)
    teacher_of_record = models.ForeignKey(
        TeacherOfRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="ccas"
    )

    noe_date = models.DateField("Notice of Enrollment date", null=True, blank=True)
    noe_issued_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    noe_basis = models.CharField(
        max_length=32, choices=[(b.value, b.value) for b in NoeBasis], blank=True, default=""
    )
    iep_forwarded_on = models.DateField("IEP / 504 forwarded on", null=True, blank=True)
    confirmation_date = models.DateField(null=True, blank=True)
    not_confirmed_closed_on = models.DateField(null=True, blank=True)
    correction_requested_on = models.DateField(null=True, blank=True)
    correction_denied_on = models.DateField(
        null=True, blank=True, help_text="The state denied the provider's correction request."
    )
    intent_to_withdraw_sent_on = models.DateField(null=True, blank=True)
    withdrawal_date = models.DateField(
        "Withdrawal or exit date",
        null=True,
        blank=True,
        help_text="The date a withdrawal or loss of eligibility took effect (dated closeouts).",
    )
    # 1.0-credit courses: when the second 0.5 credit starts (R277-726-2(19)(c)). Entered by the
    # provider, or derived from its calendar by the term-structure policy (then recomputed with
    # the other deadlines until the provider enters it).
    second_half_start = models.DateField("Second 0.5 credit starts", null=True, blank=True)
    second_half_start_entered = models.BooleanField(default=False)

    # Deadlines, written by the services from seats.domain.deadlines (the sweep reads them).
    lea_decision_due = models.DateField(null=True, blank=True)
    provider_decision_due = models.DateField(null=True, blank=True)
    lea_cancellation_due = models.DateField(null=True, blank=True)
    iep_forwarding_due = models.DateField(null=True, blank=True)
    withdrawal_period_end = models.DateField(null=True, blank=True)
    census_date = models.DateField("Day of Census", null=True, blank=True)
    confirmation_due = models.DateField(null=True, blank=True)
    second_withdrawal_period_end = models.DateField(null=True, blank=True)
    second_census_date = models.DateField("Day of Census (second 0.5)", null=True, blank=True)
    second_withdrawal_record_by = models.DateField(null=True, blank=True)
    correction_request_due = models.DateField(null=True, blank=True)
    administrative_withdrawal_due = models.DateField(null=True, blank=True)
    transcript_due = models.DateField(null=True, blank=True)
    transcript_due_set = models.DateField(
        "TranscriptDue (seniors)", null=True, blank=True, help_text="Set by the counselor."
    )
    closeout_date = models.DateField(help_text="June 30 of the school year.")
    late_pass_final_due = models.DateField()

    grade_progress_percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True
    )
    grade_progress_letter = models.CharField(max_length=4, blank=True, default="")
    grade_progress_as_of = models.DateField(null=True, blank=True)
    last_activity_on = models.DateField(null=True, blank=True)
    at_risk = models.BooleanField(default=False)
    at_risk_since = models.DateField(null=True, blank=True)

    final_grade = models.CharField(max_length=4, blank=True, default="")
    credit_earned = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    completion_date = models.DateField(null=True, blank=True)
    transcript_issued_on = models.DateField(null=True, blank=True)

    # The student's names as the queue searches them (seats.domain.names.name_key), copied here
    # so the queue indexes answer a name search without reading each CCA's student. Written
    # when the CCA is created and when the student's name changes (services.students).
    search_last_name = models.CharField(max_length=80, blank=True, default="", editable=False)
    search_first_name = models.CharField(max_length=80, blank=True, default="", editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "CCA"
        verbose_name_plural = "CCAs"
        indexes = [
            # The state's correction worklist: open requests only (a handful at any time).
            models.Index(
                fields=["correction_requested_on"],
                name="cca_open_corrections",
                condition=Q(
                    status="not_confirmed_closed",
                    correction_requested_on__isnull=False,
                    correction_denied_on__isnull=True,
                ),
            ),
            # The request queue of a provider, an LEA or a school with a status, newest first.
            # A provider's queue is the largest (tens of thousands of CCAs): its index carries the
            # student and course keys and the student's searchable names, so a name search and
            # the page's keys are read from the index alone (selectors.ccas.search_filter and
            # PageByKeys). A school's or an LEA's queue is small enough to read its rows; every
            # index on this table is paid for on each status change.
            models.Index(
                fields=["provider", "status", "-submitted_at", "-id"],
                name="cca_provider_status",
                include=["student_id", "offering_id", "search_last_name", "search_first_name"],
            ),
            # The completion rates and the annual report (the reports app): one school year's
            # CCAs counted per provider, course offering and status from the index alone.
            models.Index(
                fields=["school_year", "provider", "offering", "status"], name="cca_year_rates"
            ),
            models.Index(
                fields=["primary_lea", "status", "-submitted_at", "-id"], name="cca_lea_status"
            ),
            models.Index(
                fields=["primary_school", "status", "-submitted_at", "-id"],
                name="cca_school_status",
            ),
            models.Index(fields=["student", "school_year"], name="cca_student_year"),
            models.Index(fields=["status", "-submitted_at"], name="cca_status_submitted"),
            models.Index(fields=["school_year", "session", "status"], name="cca_year_session"),
            models.Index(fields=["updated_at"], name="cca_updated"),
            # Role home pages: the caseload groups a school's year by student, the LEA schools
            # view groups the LEA's year by school, the at-risk list reads only at-risk rows.
            models.Index(
                fields=["primary_school", "school_year", "student"], name="cca_school_year_student"
            ),
            # Covering: the LEA schools view's two aggregates (by school, and the open overdue
            # flags joined on the id) read the index alone, never the 14,000 rows of a busy LEA.
            models.Index(
                fields=["primary_lea", "school_year", "primary_school"],
                name="cca_lea_year_school",
                include=[
                    "id",
                    "student_id",
                    "status",
                    "at_risk",
                    "lea_decision",
                    "lea_decision_due",
                ],
            ),
            models.Index(
                fields=["primary_lea", "at_risk_since"],
                name="cca_lea_at_risk",
                condition=Q(at_risk=True),
            ),
            # Partial indexes for the daily sweep: each matches only the rows it may act on.
            models.Index(
                fields=["lea_decision_due"],
                name="cca_sweep_noe",
                condition=Q(status="pending_execution", provider_decision="approved"),
            ),
            models.Index(
                fields=["provider_decision_due"],
                name="cca_sweep_provider",
                condition=Q(status="pending_execution", provider_decision=""),
            ),
            models.Index(
                fields=["iep_forwarding_due"],
                name="cca_sweep_iep",
                condition=Q(iep_forwarded_on__isnull=True, iep_forwarding_due__isnull=False),
            ),
            models.Index(
                fields=["confirmation_due"],
                name="cca_sweep_confirm",
                condition=Q(status="enrollment_complete"),
            ),
            models.Index(
                fields=["transcript_due"],
                name="cca_sweep_transcript",
                condition=Q(transcript_issued_on__isnull=True, transcript_due__isnull=False),
            ),
            models.Index(
                fields=["closeout_date"],
                name="cca_sweep_closeout",
                condition=Q(status__in=["enrollment_complete", "confirmed"]),
            ),
            models.Index(
                fields=["late_pass_final_due"],
                name="cca_sweep_late_pass",
                condition=Q(status="anticipated_late_pass"),
            ),
            models.Index(
                fields=["administrative_withdrawal_due"],
                name="cca_sweep_admin_wd",
                condition=Q(status="confirmed", administrative_withdrawal_due__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="cca_credit_values", condition=Q(credit_attempted__in=["0.25", "0.50", "1.00"])
            ),
        ]

    def __str__(self) -> str:
        return f"CCA {self.pk}"

    @property
    def status_enum(self) -> Status:
        return Status(self.status)


class CCAHistory(models.Model):
    """One change of a CCA: who, when, from, to, why, and any document. Append-only: rows are
    never updated or deleted; a correction is a new row pointing at what it corrects."""

    cca = models.ForeignKey(
        CCA, on_delete=models.PROTECT, related_name="history", db_index=False
    )  # indexed by the unique (cca, seq)
    seq = models.PositiveIntegerField(help_text="1, 2, 3 ... within the CCA")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_role = models.CharField(max_length=32, help_text="Role used, or 'system' for the sweep.")
    action = models.CharField(max_length=48)
    from_status = models.CharField(max_length=48, choices=STATUS_CHOICES, blank=True, default="")
    to_status = models.CharField(max_length=48, choices=STATUS_CHOICES, blank=True, default="")
    reason = models.TextField(blank=True, default="")
    document_ref = models.CharField(max_length=255, blank=True, default="")
    details = models.JSONField(default=dict, blank=True)
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrected_by",
        db_index=False,
    )

    class Meta:
        verbose_name = "CCA history entry"
        verbose_name_plural = "CCA history"
        ordering = ["cca_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["cca", "seq"], name="history_seq_unique")]
        indexes = [
            # The few entries with free text (a reason or a document reference), by CCA: what
            # record retention counts and blanks, without reading the whole history.
            models.Index(
                fields=["cca"],
                name="history_with_text",
                condition=~Q(reason="") | ~Q(document_ref=""),
            )
        ]

    def __str__(self) -> str:
        return f"CCA {self.cca_id} #{self.seq} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise RuntimeError("CCA history is append-only: entries are never changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object):  # type: ignore[override]
        raise RuntimeError("CCA history is append-only: entries are never deleted.")


class FlagKind(models.TextChoices):
    PROVIDER_DECISION = "provider_decision", "Provider decision overdue"
    IEP_FORWARDING = "iep_forwarding", "IEP / 504 forwarding overdue"
    CONFIRMATION = "confirmation", "Confirmation after census overdue"
    TRANSCRIPT = "transcript", "Transcript overdue"
    CLOSEOUT = "closeout", "June 30 closeout overdue"
    LATE_PASS = "late_pass", "Anticipated Late Pass not finalized"
    ADMINISTRATIVE_WITHDRAWAL = "administrative_withdrawal", "Administrative Withdrawal overdue"


class OverdueFlag(models.Model):
    """An overdue item the sweep found; cleared (not deleted) when the work is done."""

    cca = models.ForeignKey(
        CCA, on_delete=models.PROTECT, related_name="flags", db_index=False
    )  # indexed by the unique (cca, kind)
    kind = models.CharField(max_length=32, choices=FlagKind.choices)
    due_date = models.DateField()
    raised_on = models.DateField()
    cleared_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cca", "kind"], name="one_flag_per_kind")]
        indexes = [
            models.Index(fields=["kind", "cleared_on"], name="flag_open_by_kind"),
            # The state's overdue list: open flags, oldest due first (a small partial index).
            models.Index(fields=["due_date"], name="flag_open_due", condition=Q(cleared_on=None)),
            # Open flags of a set of CCAs (the LEA schools view counts them per school).
            models.Index(
                fields=["cca"], name="flag_open_cca", condition=Q(cleared_on__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} overdue since {self.due_date} (CCA {self.cca_id})"


class LocalRegistration(models.Model):
    """What the provider needs from the family before it may accept (SPEC 3.4)."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="registrations")
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="registrations"
    )
    gender = models.CharField(max_length=16, blank=True, default="")
    preferred_name = models.CharField(max_length=80, blank=True, default="")
    home_address = models.TextField(blank=True, default="")
    school_address = models.TextField(blank=True, default="")
    phone = models.CharField(max_length=32, blank=True, default="")
    preferred_contact = models.CharField(max_length=16, blank=True, default="")
    iep_or_504 = models.BooleanField(null=True, blank=True)
    multilingual = models.BooleanField(null=True, blank=True)
    home_language_survey = models.BooleanField(default=False)
    fee_waiver = models.BooleanField(null=True, blank=True)
    birth_certificate = models.BooleanField(default=False)
    proof_of_residency = models.BooleanField(default=False)
    home_school_acknowledgment = models.BooleanField(default=False)
    completed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["student", "provider"], name="one_registration_per_provider"
            )
        ]

    def __str__(self) -> str:
        return f"Registration of student {self.student_id} with {self.provider_id}"
