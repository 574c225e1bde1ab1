"""Programs, students, their year's enrollment, SEOPs and the student-file checklist. Each
service is one transaction with keyword-only arguments; a refusal raises a domain error naming
the field."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from seats.core import clock
from seats.core.models import Organisation, OrgKind, Student
from seats.core.services.actors import Actor
from seats.domain.adulted import checklist as checklist_rules
from seats.domain.adulted import funding
from seats.domain.adulted import registration as checks
from seats.domain.calendars import school_year_bounds, school_year_of
from seats.domain.errors import Conflict, InvalidInput

from ..models import (
    AdultStudent,
    AreaOfFocus,
    ChecklistItem,
    Enrollment,
    ExitReason,
    Program,
    RecordChange,
    Seop,
)
from . import history, status
from .authority import check_program, check_specialist


@transaction.atomic
def create_program(*, actor: Actor, code: str, name: str, organisation: Organisation) -> Program:
    check_specialist(actor, what="create a program")
    if organisation.kind not in (OrgKind.LEA, OrgKind.PROVIDER):
        raise InvalidInput("A program is run by an LEA or a provider.", field="organisation")
    code = code.strip().upper()
    if not code or not name.strip():
        raise InvalidInput("A program needs a code and a name.", field="code")
    if Program.objects.filter(code=code).exists():
        raise Conflict(f"There is already a program {code}.", field="code")
    return Program.objects.create(code=code, name=name.strip(), organisation=organisation)


@transaction.atomic
def register_student(
    *,
    actor: Actor,
    program: Program,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    sex: str = "",
    ethnicity: str = "",
    ssid: str = "",
    has_ssn: bool = True,
    k12_enrolled: bool = False,
    graduated: bool = False,
) -> AdultStudent:
    """A new student; an SSID links the record to core's K-12 student of that SSID."""
    check_program(actor, program, what="register a student")
    if not first_name.strip() or not last_name.strip():
        raise InvalidInput("A student needs a first and a last name.", field="last_name")
    if date_of_birth > clock.today():
        raise InvalidInput("The date of birth is in the future.", field="date_of_birth")
    ssid = ssid.strip()
    k12 = Student.objects.filter(ssid=ssid).first() if ssid else None
    return AdultStudent.objects.create(
        program=program,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        sex=sex.strip(),
        ethnicity=ethnicity.strip(),
        ssid=ssid,
        k12_student=k12,
        has_ssn=has_ssn,
        k12_enrolled=k12_enrolled or k12 is not None,
        graduated=graduated,
    )


@transaction.atomic
def enroll(
    *,
    actor: Actor,
    student: AdultStudent,
    program: Program,
    entry_date: date,
    area_of_focus: str,
    funding_code: int | None = None,
    residency_proof: str = "",
    fiscal_year: int | None = None,
) -> Enrollment:
    """The student's program year, from the entry date (first participation in the year); a
    ``fiscal_year`` given must hold the entry date."""
    check_program(actor, program, what="enroll a student")
    if fiscal_year is not None:
        checks.raise_all(
            checks.check_entry_date(
                entry_date, fiscal_year, today=clock.today(), born=student.date_of_birth
            )
        )
    if area_of_focus not in AreaOfFocus.values:
        raise InvalidInput(
            f"The area of focus is one of {', '.join(AreaOfFocus.values)}.", field="area_of_focus"
        )
    if entry_date > clock.today():
        raise InvalidInput("The entry date is in the future.", field="entry_date")
    if entry_date < student.date_of_birth:
        raise InvalidInput("The entry date is before the date of birth.", field="entry_date")
    year = school_year_of(entry_date)
    if funding_code is not None:
        funding.check_code(funding_code)
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                student=student,
                program=program,
                fiscal_year=year,
                entry_date=entry_date,
                area_of_focus=area_of_focus,
                funding_code=funding_code,
                funding_code_on=entry_date if funding_code else None,
                residency_proof=residency_proof.strip(),
            )
    except IntegrityError:
        raise Conflict(
            f"{student} is already enrolled in {program.code} for program year {year}: a program "
            "counts a student once a year.",
            field="entry_date",
        ) from None
    if funding_code:
        history.record(
            actor=actor,
            enrollment=enrollment,
            what=RecordChange.What.FUNDING_CODE,
            action=RecordChange.Action.SET,
            before={"code": None},
            after={"code": funding_code, "on": entry_date},
            reason="at entry",
        )
    status.refresh(enrollment)
    return enrollment


@transaction.atomic
def register_and_enroll(
    *,
    actor: Actor,
    program: Program,
    fiscal_year: int,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    entry_date: date,
    area_of_focus: str,
    funding_code: int | None = None,
    residency_proof: str = "",
    sex: str = "",
    ethnicity: str = "",
    ssid: str = "",
    has_ssn: bool = True,
    k12_enrolled: bool = False,
    graduated: bool = False,
) -> Enrollment:
    """Register a new student and enrol them for a program year, in one transaction. Every
    edit check runs first and all problems are raised together (``registration.Problems``),
    each naming its field; nothing is written unless all pass."""
    check_program(actor, program, what="register a student")
    checks.raise_all(
        checks.check_new_student(
            checks.NewStudent(
                first_name=first_name,
                last_name=last_name,
                date_of_birth=date_of_birth,
                fiscal_year=fiscal_year,
                entry_date=entry_date,
                area_of_focus=area_of_focus,
                funding_code=funding_code,
                ssid=ssid,
                k12_enrolled=k12_enrolled,
            ),
            today=clock.today(),
        )
    )
    student = register_student(
        actor=actor,
        program=program,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        sex=sex,
        ethnicity=ethnicity,
        ssid=ssid,
        has_ssn=has_ssn,
        k12_enrolled=k12_enrolled,
        graduated=graduated,
    )
    return enroll(
        actor=actor,
        student=student,
        program=program,
        entry_date=entry_date,
        area_of_focus=area_of_focus,
        funding_code=funding_code,
        residency_proof=residency_proof,
        fiscal_year=fiscal_year,
    )


@transaction.atomic
def set_funding_code(
    *, actor: Actor, enrollment: Enrollment, code: int, on: date, reason: str = ""
) -> Enrollment:
    """Set or change the funding code from a day; the history keeps who, when, from and to."""
    check_program(actor, enrollment.program, what="set a funding code")
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    funding.check_code(code)
    first, last = school_year_bounds(enrollment.fiscal_year)
    if on > clock.today() or not first <= on <= last:
        raise InvalidInput(
            f"The date must be in program year {enrollment.fiscal_year} "
            f"({first.isoformat()} to {last.isoformat()}) and not in the future.",
            field="on",
        )
    before = {"code": enrollment.funding_code, "on": enrollment.funding_code_on}
    if (enrollment.funding_code, enrollment.funding_code_on) == (code, on):
        raise InvalidInput(
            f"The funding code is already {code} from {on.isoformat()}.", field="funding_code"
        )
    enrollment.funding_code, enrollment.funding_code_on = code, on
    history.record(
        actor=actor,
        enrollment=enrollment,
        what=RecordChange.What.FUNDING_CODE,
        action=RecordChange.Action.SET,
        before=before,
        after={"code": code, "on": on},
        reason=reason,
    )
    status.refresh(enrollment)
    return enrollment


@transaction.atomic
def exit_enrollment(
    *, actor: Actor, enrollment: Enrollment, exit_date: date, reason: str
) -> Enrollment:
    """Exits are approved by the program's director (or the state's specialist)."""
    check_program(actor, enrollment.program, what="approve an exit", director=True)
    if reason not in ExitReason.values:
        raise InvalidInput(
            f"The exit reason is one of {', '.join(ExitReason.values)}.", field="reason"
        )
    if exit_date < enrollment.entry_date or exit_date > clock.today():
        raise InvalidInput("The exit date is between the entry date and today.", field="exit_date")
    last = enrollment.hours.order_by("-day").values_list("day", flat=True).first()
    if last and last > exit_date:
        raise InvalidInput(
            f"Hours are recorded on {last.isoformat()}, after that exit date.", field="exit_date"
        )
    enrollment.exit_date, enrollment.exit_reason = exit_date, reason
    enrollment.save(update_fields=["exit_date", "exit_reason"])
    return enrollment


SEOP_FIELDS = (
    "goals",
    "prior_achievements",
    "work_history",
    "core_goal",
    "core_goal_on",
    "counselor",
    "counselor_signed_on",
    "student_signed_on",
    "waiver_refused",
)


@transaction.atomic
def save_seop(
    *,
    actor: Actor,
    enrollment: Enrollment,
    goals: str = "",
    prior_achievements: str = "",
    work_history: str = "",
    core_goal: str = "",
    core_goal_on: date | None = None,
    counselor: str = "",
    counselor_signed_on: date | None = None,
    student_signed_on: date | None = None,
    waiver_refused: bool = False,
) -> Seop:
    """The program year's SEOP (002): goals, prior achievements, work history, the core goal;
    signed by a counselor and the student, or the student's refusal to sign the Waiver of
    Release. Every change is kept in the history (before and after)."""
    check_program(actor, enrollment.program, what="record a SEOP")
    today = clock.today()
    checks.raise_all(
        checks.check_seop(
            checks.SeopFacts(
                fiscal_year=enrollment.fiscal_year,
                core_goal=core_goal,
                core_goal_on=core_goal_on,
                counselor=counselor,
                counselor_signed_on=counselor_signed_on,
                student_signed_on=student_signed_on,
                waiver_refused=waiver_refused,
            ),
            today=today,
        )
    )
    if core_goal.strip() and core_goal_on is None:
        core_goal_on = today
    values = {
        "goals": goals.strip(),
        "prior_achievements": prior_achievements.strip(),
        "work_history": work_history.strip(),
        "core_goal": core_goal.strip(),
        "core_goal_on": core_goal_on if core_goal.strip() else None,
        "counselor": counselor.strip(),
        "counselor_signed_on": counselor_signed_on,
        "student_signed_on": student_signed_on,
        "waiver_refused": waiver_refused,
    }
    seop = Seop.objects.select_for_update().filter(enrollment=enrollment).first()
    before = {k: getattr(seop, k) for k in SEOP_FIELDS} if seop else {}
    if seop is None:
        seop = Seop.objects.create(enrollment=enrollment, **values)
    elif before != values:
        for key, value in values.items():
            setattr(seop, key, value)
        seop.save()
    if before != values:
        changed = {k: v for k, v in values.items() if before.get(k) != v}
        history.record(
            actor=actor,
            enrollment=enrollment,
            what=RecordChange.What.SEOP,
            action=RecordChange.Action.SET,
            before={k: before.get(k) for k in changed},
            after=changed,
            target_id=seop.pk,
        )
    status.refresh(enrollment)
    return seop


@transaction.atomic
def check_item(
    *,
    actor: Actor,
    student: AdultStudent,
    item: str,
    received_on: date | None = None,
    not_applicable: str = "",
    fiscal_year: int | None = None,
) -> ChecklistItem:
    """Record a student-file item as received (or not applicable, with the reason)."""
    check_program(actor, student.program, what="check the student file")
    if item not in checklist_rules.ITEMS:
        raise InvalidInput(f"Unknown checklist item {item!r}.", field="item")
    if received_on is None and not not_applicable.strip():
        raise InvalidInput("Give the received date or why the item does not apply.", field="item")
    if received_on and received_on > clock.today():
        raise InvalidInput("The received date is in the future.", field="received_on")
    year = 0
    if item in checklist_rules.CURRENT_YEAR:
        year = fiscal_year or school_year_of(received_on or clock.today())
    row, _ = ChecklistItem.objects.update_or_create(
        student=student,
        item=item,
        fiscal_year=year,
        defaults={
            "received_on": received_on,
            "not_applicable": not_applicable.strip(),
            "checked_by": actor.user,
        },
    )
    return row
