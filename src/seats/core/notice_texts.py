"""What each notice says, in English and Spanish (SPEC 4). Plain format strings so the state can
review every word in one place; the worker fills in the course title, status, reason, deadline
and a link path. No student name or other personal data: an e-mail may be forwarded or read on
a shared device, and the link leads to the signed-in page that shows what the reader may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

from seats.domain.citations import family_citation
from seats.domain.notices import NoticeKind
from seats.domain.reasons import reason_for_label
from seats.domain.statuses import Status

LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"

#: kind -> language -> (subject, body). Placeholders: {course} {status} {reason} {deadline}
#: {due} {link}. A missing value renders as empty text.
TEXTS: dict[NoticeKind, dict[str, tuple[str, str]]] = {
    NoticeKind.REQUEST_RECEIVED: {
        "en": (
            "Request received: {course}",
            "We received the request to enroll in {course}. Status: {status}.",
        ),
        "es": (
            "Solicitud recibida: {course}",
            "Recibimos la solicitud de inscripción en {course}. Estado: {status}.",
        ),
    },
    NoticeKind.DECISION_NEEDED: {
        "en": (
            "Decision needed: {course}",
            "A request to enroll in {course} needs your decision. Status: {status}.",
        ),
        "es": (
            "Se necesita una decisión: {course}",
            "Una solicitud de inscripción en {course} necesita su decisión. Estado: {status}.",
        ),
    },
    NoticeKind.DEADLINE_REMINDER: {
        "en": (
            "Deadline reminder: {course}",
            "A deadline is near for {course}: {deadline}, due {due}.",
        ),
        "es": (
            "Recordatorio de plazo: {course}",
            "Se acerca un plazo para {course}: {deadline}, vence el {due}.",
        ),
    },
    NoticeKind.NOTICE_OF_ENROLLMENT: {
        "en": (
            "Notice of Enrollment: {course}",
            "The Notice of Enrollment for {course} has been issued. Status: {status}.",
        ),
        "es": (
            "Aviso de inscripción: {course}",
            "Se emitió el aviso de inscripción para {course}. Estado: {status}.",
        ),
    },
    NoticeKind.NOTICE_OF_REJECTION: {
        "en": (
            "Notice of Rejection: {course}",
            "The request to enroll in {course} was rejected. Reason: {reason}.",
        ),
        "es": (
            "Aviso de rechazo: {course}",
            "La solicitud de inscripción en {course} fue rechazada. Motivo: {reason}.",
        ),
    },
    NoticeKind.STUDENT_ENROLLED: {
        "en": (
            "Student enrolled: {course}",
            "A student of your school is enrolled in {course}. Status: {status}.",
        ),
        "es": (
            "Estudiante inscrito: {course}",
            "Un estudiante de su escuela está inscrito en {course}. Estado: {status}.",
        ),
    },
    NoticeKind.ENROLLMENT_CANCELLED: {
        "en": (
            "Enrollment cancelled: {course}",
            "The enrollment in {course} was cancelled. Reason: {reason}.",
        ),
        "es": (
            "Inscripción cancelada: {course}",
            "Se canceló la inscripción en {course}. Motivo: {reason}.",
        ),
    },
    NoticeKind.IEP_FORWARDING_REQUEST: {
        "en": (
            "IEP forwarding requested: {course}",
            "The provider of {course} asks for the IEP to be forwarded. Status: {status}.",
        ),
        "es": (
            "Solicitud de envío del IEP: {course}",
            "El proveedor de {course} solicita que se envíe el IEP. Estado: {status}.",
        ),
    },
    NoticeKind.NOT_CONFIRMED_CLOSED: {
        "en": (
            "Not confirmed: {course}",
            "The enrollment in {course} was closed because it was not confirmed. Status: {status}.",
        ),
        "es": (
            "No confirmada: {course}",
            "La inscripción en {course} se cerró porque no fue confirmada. Estado: {status}.",
        ),
    },
    NoticeKind.INTENT_TO_WITHDRAW: {
        "en": (
            "Intent to withdraw: {course}",
            "The provider of {course} intends to withdraw the enrollment. Reason: {reason}.",
        ),
        "es": (
            "Intención de retiro: {course}",
            "El proveedor de {course} tiene la intención de retirar la inscripción. "
            "Motivo: {reason}.",
        ),
    },
    NoticeKind.ADMINISTRATIVE_WITHDRAWAL: {
        "en": (
            "Administrative withdrawal: {course}",
            "The enrollment in {course} was withdrawn. Status: {status}. Reason: {reason}.",
        ),
        "es": (
            "Retiro administrativo: {course}",
            "Se retiró la inscripción en {course}. Estado: {status}. Motivo: {reason}.",
        ),
    },
    NoticeKind.AT_RISK: {
        "en": (
            "At risk: {course}",
            "The student is at risk of not completing {course}. Reason: {reason}.",
        ),
        "es": (
            "En riesgo: {course}",
            "El estudiante está en riesgo de no completar {course}. Motivo: {reason}.",
        ),
    },
    NoticeKind.TRANSCRIPT_ISSUED: {
        "en": (
            "Transcript issued: {course}",
            "The transcript for {course} has been issued. Status: {status}.",
        ),
        "es": (
            "Calificación final emitida: {course}",
            "Se emitió el expediente académico de {course}. Estado: {status}.",
        ),
    },
    NoticeKind.STATUS_CORRECTED: {
        "en": (
            "Status corrected: {course}",
            "The state corrected the status of {course}. Status: {status}. Reason: {reason}.",
        ),
        "es": (
            "Estado corregido: {course}",
            "El estado corrigió el estado de {course}. Estado: {status}. Motivo: {reason}.",
        ),
    },
    NoticeKind.CORRECTION_DENIED: {
        "en": (
            "Correction denied: {course}",
            "The state denied the request to correct Not Confirmed Closed for {course}. "
            "Status: {status}. Reason: {reason}.",
        ),
        "es": (
            "Corrección denegada: {course}",
            "El estado denegó la solicitud de corregir «Cerrada sin confirmar» en {course}. "
            "Estado: {status}. Motivo: {reason}.",
        ),
    },
    NoticeKind.OVERDUE: {
        "en": (
            "Overdue: {course}",
            "Work on {course} is overdue: {deadline}, due {due}.",
        ),
        "es": (
            "Vencido: {course}",
            "Un trámite de {course} está vencido: {deadline}, venció el {due}.",
        ),
    },
    # Sent by the pupil-accounting app with the program's name as {course}.
    NoticeKind.MEMBERSHIP_WARNING: {
        "en": (
            "Engagement warning: {course}",
            "A student in {course} has had no recorded engagement for several school days. "
            "Unless they engage by {due}, they leave membership on the next school day "
            "(the ten-school-day rule). Your roster in SEATS shows who.",
        ),
        "es": (
            "Aviso de participación: {course}",
            "Un estudiante de {course} no tiene participación registrada desde hace varios días "
            "escolares. Si no participa a más tardar el {due}, deja de contar en la matrícula el "
            "siguiente día escolar (la regla de diez días escolares). Su lista en SEATS indica "
            "quién.",
        ),
    },
    # Provider compliance (staff notices; {course} is the obligation or the review's name).
    NoticeKind.TOR_MISALIGNED: {
        "en": (
            "Teachers of record not aligned: {course}",
            "The state's review of {course} found teacher of record assignments that are not "
            "aligned with their core codes. Correct them by {due}.",
        ),
        "es": (
            "Maestros de registro no alineados: {course}",
            "La revisión estatal de {course} encontró asignaciones de maestros de registro que "
            "no están alineadas con su código de curso. Corríjalas antes del {due}.",
        ),
    },
    NoticeKind.TOR_NONCOMPLIANCE: {
        "en": (
            "Notice of non-compliance: {course}",
            "The final review of {course} found assignments still not aligned. Courses taught "
            "by a misaligned teacher of record are not reimbursed.",
        ),
        "es": (
            "Aviso de incumplimiento: {course}",
            "La revisión final de {course} encontró asignaciones aún no alineadas. Los cursos "
            "con un maestro de registro no alineado no se reembolsan.",
        ),
    },
    NoticeKind.CORRECTIVE_ACTION: {
        "en": (
            "Notice of Corrective Action: {course}",
            "The state issued a Notice of Corrective Action for {course}, due {due}.",
        ),
        "es": (
            "Aviso de acción correctiva: {course}",
            "El estado emitió un aviso de acción correctiva para {course}, con plazo el {due}.",
        ),
    },
    NoticeKind.OBLIGATION_REMINDER: {
        "en": ("Reminder: {course}", "{course} is due {due}."),
        "es": ("Recordatorio: {course}", "{course}: vence el {due}."),
    },
    NoticeKind.OBLIGATION_OVERDUE: {
        "en": ("Overdue: {course}", "{course} was due {due} and is not recorded as done."),
        "es": ("Vencido: {course}", "{course} venció el {due} y no consta como hecho."),
    },
}

#: The deadline columns a reminder names, in words.
DEADLINES: dict[str, dict[str, str]] = {
    "lea_decision_due": {"en": "LEA decision", "es": "decisión de la LEA"},
    "provider_decision_due": {"en": "provider decision", "es": "decisión del proveedor"},
    "lea_cancellation_due": {"en": "LEA cancellation", "es": "cancelación por la LEA"},
    "iep_forwarding_due": {"en": "IEP forwarding", "es": "envío del IEP"},
    "confirmation_due": {"en": "confirmation", "es": "confirmación"},
    "administrative_withdrawal_due": {
        "en": "administrative withdrawal",
        "es": "retiro administrativo",
    },
    "transcript_due": {"en": "transcript", "es": "expediente académico"},
    "closeout_date": {"en": "closeout", "es": "cierre"},
    "late_pass_final_due": {"en": "late final grade", "es": "calificación final tardía"},
}

FOOTER = {
    "en": "\n\nSee the details in SEATS: {link}\n",
    "es": "\n\nVea los detalles en SEATS: {link}\n",
}
NONE_GIVEN = {"en": "none given", "es": "no se indicó"}
CITED = {"en": "{source}", "es": "documento en inglés: {source}"}


@dataclass(frozen=True)
class RenderedNotice:
    subject: str
    body: str
    link: str
    language: str


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def pick_language(language: str | None) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def render(
    kind: str, language: str, *, course: str, cca_id: int | None, context: dict[str, Any]
) -> RenderedNotice:
    """The subject, body and link of one notice for one reader. An unknown kind is a bug in the
    outbox, so it raises (the worker records the error and retries, then gives up)."""
    lang = pick_language(language)
    subject, body = TEXTS[NoticeKind(kind)][lang]
    link = f"/ccas/{cca_id}/" if cca_id else "/notices/"  # the inbox's own link stays a path
    deadline = str(context.get("deadline", ""))
    values = _Blank(
        course=course,
        status=_status_label(str(context.get("status", "")), lang),
        # Each text ends "Reason: {reason}." so a reason's own full stop would make two.
        reason=_reason(str(context.get("reason") or ""), lang).removesuffix("."),
        deadline=DEADLINES.get(deadline, {}).get(lang, deadline),
        due=_date(str(context.get("due", "")), lang),
        link=absolute(link),  # an e-mail has no page to be relative to
    )
    return RenderedNotice(
        subject=subject.format_map(values)[:200],
        body=(body + FOOTER[lang]).format_map(values),
        link=link,
        language=lang,
    )


def absolute(path: str) -> str:
    """``path`` on the site's configured address (``SEATS_BASE_URL``)."""
    return f"{settings.SEATS_BASE_URL.rstrip('/')}{path}"


def _date(value: str, language: str) -> str:
    """An ISO date as the reader's language writes it ("3 de diciembre de 2026"); any other
    text as it is."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    with translation.override(language):
        return date_format(day, "DATE_FORMAT")


def _status_label(value: str, language: str) -> str:
    """The status as the reader's pages name it: the domain's English label, translated through
    the same catalogue as the web pages (seats.web.labels marks every label for it)."""
    try:
        label = Status(value).label
    except ValueError:
        return value
    with translation.override(language):
        return translation.gettext(label)


def _reason(value: str, language: str) -> str:
    """A decision-tree reason (stored as its English label) in the reader's language, through
    the same catalogue as the pages; words a staff member typed stay as typed, since nobody
    translated them."""
    if not value.strip():
        return NONE_GIVEN[language]
    reason = reason_for_label(value)
    if reason is None:
        return value
    with translation.override(language):
        label = translation.gettext(reason.label).removesuffix(".")
    # The public source a family can look up and dispute (SPEC 3.2), never an internal file.
    # The document is published in English, so its title stays as a family would look it up.
    source = family_citation(reason.rule)
    return f"{label} ({CITED[language].format(source=source)})" if source else label
