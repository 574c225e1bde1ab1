"""Student-level changes: local registration with a provider and the SSID.

Local registration belongs to the student and the provider, not to one CCA: completing it starts
the provider's decision clock on every pending request of that student with that provider.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import date

from django.db import transaction

from seats.domain.errors import InvalidInput, NotFound, NotPermitted
from seats.domain.names import identity_key, name_key
from seats.domain.roles import Party
from seats.domain.statuses import OPEN, Status

from ..models import CCA, Guardian, LocalRegistration, Organisation, Student, StudentChange
from .actors import Actor
from .facts import refresh_deadlines
from .records import record

#: The one refusal for a student the caller may not act for, whether it exists or not.
NO_SUCH_STUDENT = "There is no student {shown} that you can act for."
NO_MATCH = (
    "No student you can act for matches this SSID, date of birth and last name; check them "
    "with the family or the school."
)
SCOPE_RULE = "SPEC 10: access is scoped to the role's organisation"


def unknown_student(student_id: object = None) -> NotFound:
    """The refusal for a student outside the caller's scope or missing: the two look the same
    (and say nothing about the student), so a probe learns nothing."""
    if student_id is None:
        return NotFound(NO_MATCH, field="student", rule=SCOPE_RULE)
    return NotFound(NO_SUCH_STUDENT.format(shown=student_id), field="student", rule=SCOPE_RULE)


@dataclass(frozen=True)
class StudentIdentity:
    """How a caller without a relation to the student names it: the facts the family or the
    school gave it (SSID, date of birth, last name; the name in any case and accents)."""

    ssid: str
    date_of_birth: date
    last_name: str


def find_student(
    actor: Actor,
    *,
    student_id: int | None = None,
    identity: StudentIdentity | None = None,
    provider_id: int | None = None,
    provider_statuses: Collection[str] | None = None,
) -> Student:
    """The student (locked) the actor names and may act for, or ``unknown_student``.

    An internal id is accepted only when the actor's scope already holds the student (for a
    provider: a CCA of its own, in ``provider_statuses`` when given). The identity (SSID + date
    of birth + last name) is what a caller with no relation yet uses: it makes a provider's
    relation for a request with its own course (``provider_id``)."""
    if (student_id is None) == (identity is None):
        raise InvalidInput(
            "Name the student by id or by SSID, date of birth and last name.", field="student"
        )
    rows = Student.objects.select_for_update(of=("self",)).select_related(
        "primary_lea", "primary_school"
    )
    refusal = unknown_student(student_id)
    try:
        if identity is not None:
            candidate = rows.get(ssid=identity.ssid.strip(), date_of_birth=identity.date_of_birth)
            if identity_key(candidate.legal_last_name) != identity_key(identity.last_name):
                raise refusal
        else:
            candidate = rows.get(pk=student_id)
    except (Student.DoesNotExist, ValueError, TypeError, OverflowError):
        raise refusal from None
    if not in_student_scope(
        actor,
        candidate,
        provider_id=provider_id,
        identified=identity is not None,
        provider_statuses=provider_statuses,
    ):
        raise refusal
    return candidate


def in_student_scope(
    actor: Actor,
    student: Student,
    *,
    provider_id: int | None = None,
    identified: bool = False,
    provider_statuses: Collection[str] | None = None,
) -> bool:
    """Whether the actor may act for this student. A provider acts only with its own
    ``provider_id``, and only for a student it already serves (a CCA of its own, in
    ``provider_statuses`` when given) or that it ``identified`` with the family's facts."""
    party = actor.party
    org = actor.organisation_id
    if party is Party.PROVIDER:
        if provider_id is None or org != provider_id:
            return False
        if identified:
            return True
        served = CCA.objects.filter(student=student, provider_id=org)
        if provider_statuses is not None:
            served = served.filter(status__in=list(provider_statuses))
        return served.exists()
    return (
        party is Party.STATE
        or (party is Party.SCHOOL and org in (student.primary_school_id, student.primary_lea_id))
        or (party is Party.LEA and org == student.primary_lea_id)
        or (party is Party.FAMILY and actor.user is not None and _family(actor, student))
    )


def _family(actor: Actor, student: Student) -> bool:
    if student.user_id == actor.user.pk:  # type: ignore[union-attr]
        return True
    return Guardian.objects.filter(user=actor.user, students=student).exists()


@dataclass(frozen=True)
class RegistrationForm:
    """Local registration (SPEC 3.4); the last three apply to home-school students only."""

    gender: str = ""
    preferred_name: str = ""
    home_address: str = ""
    school_address: str = ""
    phone: str = ""
    preferred_contact: str = ""
    iep_or_504: bool | None = None
    multilingual: bool | None = None
    home_language_survey: bool = False
    fee_waiver: bool | None = None
    birth_certificate: bool = False
    proof_of_residency: bool = False
    home_school_acknowledgment: bool = False

    def over_limit(self) -> list[tuple[str, int]]:
        """Text fields longer than the record keeps, with the limit: [("phone", 32)]."""
        out = []
        for f in fields(self):
            value = getattr(self, f.name)
            limit = LocalRegistration._meta.get_field(f.name).max_length
            if isinstance(value, str) and limit and len(value) > limit:
                out.append((f.name, limit))
        return out

    def too_long(self) -> list[str]:
        """The same in words ("phone (at most 32 characters)"); the web names them per field in
        the reader's language from ``over_limit``."""
        return [f"{name} (at most {limit} characters)" for name, limit in self.over_limit()]

    def missing(self, *, home_school: bool) -> list[str]:
        """Every field still missing (all of them, so the family fixes the form once)."""
        required_text = ["gender", "home_address", "phone", "preferred_contact"]
        if not home_school:
            required_text.append("school_address")
        gaps = [name for name in required_text if not str(getattr(self, name)).strip()]
        gaps += [
            n for n in ("iep_or_504", "multilingual", "fee_waiver") if getattr(self, n) is None
        ]
        if not self.home_language_survey:
            gaps.append("home_language_survey")
        if home_school:
            gaps += [
                n
                for n in ("birth_certificate", "proof_of_residency", "home_school_acknowledgment")
                if not getattr(self, n)
            ]
        return gaps


def complete_local_registration(
    *, actor: Actor, student_id: int, provider_code: str, form: RegistrationForm, as_of: date
) -> LocalRegistration:
    """The family's local registration with a provider (SPEC 3.4), entered by the family, the
    primary school, the LEA, the state, or the provider itself for a student with an open CCA
    of its own (not yet closed out or rejected). Anyone else gets ``unknown_student``."""
    with transaction.atomic():
        provider = _provider(provider_code)
        if actor.party is Party.PROVIDER and provider.pk != actor.organisation_id:
            raise NotPermitted(
                "A provider records local registration with itself only.", rule="SPEC 3.4"
            )
        student = find_student(
            actor, student_id=student_id, provider_id=provider.pk, provider_statuses=OPEN
        )
        too_long = form.too_long()
        if too_long:
            raise InvalidInput(
                f"Too long: {', '.join(too_long)}.",
                field=too_long[0].split(" ")[0],
                rule="local registration",
            )
        missing = form.missing(home_school=student.is_home_school)
        if missing:
            raise InvalidInput(
                f"Local registration is incomplete: {', '.join(missing)}.",
                field=missing[0],
                rule="SPEC 3.4: local registration",
            )
        values = {f.name: getattr(form, f.name) for f in fields(form)}
        registration, _ = LocalRegistration.objects.update_or_create(
            student=student, provider=provider, defaults={**values, "completed_on": as_of}
        )
        pending = (
            CCA.objects.select_for_update()
            .select_related("student")
            .filter(
                student=student,
                provider=provider,
                status=Status.PENDING_EXECUTION,
                local_registration_complete=False,
            )
        )
        for cca in pending:
            cca.local_registration_complete = True
            cca.local_registration_completed_on = as_of
            cca.version += 1
            refresh_deadlines(cca)
            cca.save()
            record(
                cca,
                actor=actor,
                action="local_registration_complete",
                from_status=cca.status,
                to_status=cca.status,
                details={"local_registration_complete": {"from": False, "to": True}},
            )
    return registration


#: The SSID's format (the state's student identifier): 6 to 16 ASCII digits.
SSID_DIGITS = (6, 16)


def check_ssid_format(ssid: str) -> str:
    """The SSID as stored (stripped), or ``InvalidInput`` naming the format."""
    ssid = ssid.strip()
    low, high = SSID_DIGITS
    if not (ssid.isascii() and ssid.isdigit()) or not low <= len(ssid) <= high:
        raise InvalidInput(f"An SSID is {low}-{high} digits, not {ssid!r}.", field="ssid")
    return ssid


def assign_ssid(*, actor: Actor, student_id: int, ssid: str, channel: str = "web") -> Student:
    """The state assigns SSIDs; a provider may enter one for a home-school student it serves.
    Checked for format and uniqueness; every change leaves a ``StudentChange`` (who, when, in
    which role, from, to). Entering the SSID the student already has changes nothing."""
    ssid = check_ssid_format(ssid)
    party = actor.party
    if party not in (Party.STATE, Party.PROVIDER):  # refused for the role, whoever the student
        raise NotPermitted(
            "Only the state, or a provider for a home-school student it serves, enters an SSID.",
            rule="SPEC 3.1 Confirmed needs an SSID",
        )
    with transaction.atomic():
        try:
            student = Student.objects.select_for_update(of=("self",)).get(pk=student_id)
        except (Student.DoesNotExist, ValueError, TypeError, OverflowError):
            raise unknown_student(student_id) from None
        if party is Party.PROVIDER:
            if not CCA.objects.filter(student=student, provider_id=actor.organisation_id).exists():
                raise unknown_student(student_id)  # not its student: as if there were none
            if not student.is_home_school:
                raise NotPermitted(
                    "A provider enters an SSID only for a home-school student it serves.",
                    rule="SPEC 3.1 Confirmed needs an SSID",
                )
        if student.ssid == ssid:
            return student
        if student.ssid:
            raise InvalidInput("This student already has a different SSID.", field="ssid")
        if Student.objects.exclude(pk=student.pk).filter(ssid=ssid).exists():
            # The state may know whose it is; a provider is not told that an SSID exists.
            told = (
                f"SSID {ssid} belongs to another student."
                if party is Party.STATE
                else ("This SSID cannot be used for this student; check it with the state.")
            )
            raise InvalidInput(told, field="ssid")
        old = student.ssid or ""
        student.ssid = ssid
        student.save(update_fields=["ssid"])
        StudentChange.objects.create(
            student=student,
            actor=actor.user,
            actor_role=actor.role_name,
            organisation_id=actor.organisation_id,
            field="ssid",
            old_value=old,
            new_value=ssid,
            channel=channel,
        )
    return student


def _student(student_id: int) -> Student:
    try:
        return Student.objects.select_for_update(of=("self",)).get(pk=student_id)
    except (Student.DoesNotExist, ValueError, TypeError):
        raise InvalidInput(f"There is no student {student_id}.", field="student") from None


def _provider(code: str) -> Organisation:
    try:
        return Organisation.objects.get(code=code, kind="provider")
    except Organisation.DoesNotExist:
        raise InvalidInput(f"Unknown provider code {code!r}.", field="provider") from None


def refresh_search_names(*, student_id: int) -> int:
    """Copy the student's names, as the queue searches them, onto every CCA of the student
    (after a rename in the back office). A derived copy, not a fact of the CCA: no history entry
    and no new version. Returns the number of CCAs updated."""
    with transaction.atomic():
        student = _student(student_id)
        return CCA.objects.filter(student_id=student.pk).update(
            search_last_name=name_key(student.legal_last_name),
            search_first_name=name_key(student.legal_first_name),
        )
