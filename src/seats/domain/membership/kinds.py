"""Program and engagement kinds (004 sections C, D.4 and E.1; SPEC 9)."""

from __future__ import annotations

from enum import StrEnum


class ProgramKind(StrEnum):
    ATTENDANCE = "attendance"  # brick-and-mortar, in-person days (004 C.1, D.4.a)
    ONLINE = "online"  # learner-validated (004 C.6.a)
    BLENDED = "blended"  # learner-validated (004 C.2, C.6.b)
    COMPETENCY = "competency"  # learner-validated (004 C.3, C.6.c; UCA 53F-5-501)
    HOME_HOSPITAL = "home_hospital"  # 120 minutes a week of direct instruction (004 D.4.b)
    CTE_TECH_COLLEGE = "cte_tech_college"  # CTE course at a technical college (004 D.4.c)

    @property
    def label(self) -> str:
        return PROGRAM_LABELS[self]

    @property
    def learner_validated(self) -> bool:
        return self in LEARNER_VALIDATED


PROGRAM_LABELS = {
    ProgramKind.ATTENDANCE: "Attendance-validated (in person)",
    ProgramKind.ONLINE: "Learner-validated: online",
    ProgramKind.BLENDED: "Learner-validated: blended",
    ProgramKind.COMPETENCY: "Learner-validated: competency-based",
    ProgramKind.HOME_HOSPITAL: "Home and hospital",
    ProgramKind.CTE_TECH_COLLEGE: "CTE course at a technical college",
}

LEARNER_VALIDATED = frozenset({ProgramKind.ONLINE, ProgramKind.BLENDED, ProgramKind.COMPETENCY})


class EventKind(StrEnum):
    SYNCHRONOUS_ONLINE = "synchronous_online"  # 004 E.1.a
    CONFERENCE = "conference"  # conference or tutoring with a teacher, 004 E.1.b
    ASSIGNMENT = "assignment"  # one or more completed or substantially completed, 004 E.1.c
    IN_PERSON = "in_person"  # attendance at the facility, 004 B.1.a, D.4.a
    DIRECT_INSTRUCTION = "direct_instruction"  # home and hospital, minutes, 004 D.4.b
    #: An excused absence from an attendance-validated program's facility: not one of the
    #: "unexcused absences for each of the prior 10 days" of 004 D.3, so it ends a run of them.
    EXCUSED_ABSENCE = "excused_absence"

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS = {
    EventKind.SYNCHRONOUS_ONLINE: "Synchronous online attendance",
    EventKind.CONFERENCE: "Conference or tutoring with a teacher",
    EventKind.ASSIGNMENT: "Completed (or substantially completed) assignment",
    EventKind.IN_PERSON: "In-person attendance",
    EventKind.DIRECT_INSTRUCTION: "Direct instruction (home and hospital)",
    EventKind.EXCUSED_ABSENCE: "Excused absence (attendance-validated programs)",
}

_LEARNER = frozenset({EventKind.SYNCHRONOUS_ONLINE, EventKind.CONFERENCE, EventKind.ASSIGNMENT})

#: The evidence each kind of program accepts. A blended program's students also learn in a
#: supervised brick-and-mortar school (004 C.2.b), so their in-person days count too.
ACCEPTED_EVENTS: dict[ProgramKind, frozenset[EventKind]] = {
    ProgramKind.ATTENDANCE: frozenset({EventKind.IN_PERSON, EventKind.EXCUSED_ABSENCE}),
    ProgramKind.ONLINE: _LEARNER,
    ProgramKind.BLENDED: _LEARNER | {EventKind.IN_PERSON},
    ProgramKind.COMPETENCY: _LEARNER,
    ProgramKind.HOME_HOSPITAL: frozenset({EventKind.DIRECT_INSTRUCTION}),
    ProgramKind.CTE_TECH_COLLEGE: frozenset({EventKind.IN_PERSON, EventKind.EXCUSED_ABSENCE}),
}

#: Why an excused absence is no evidence elsewhere: a learner-validated program counts only
#: engagement (004 D.2.c, E.2: "not personally engaged ... during the prior ten consecutive
#: school days", no excuse named); home and hospital counts only weekly minutes (004 D.4.b).
EXCUSED_ONLY_IN = "004 D.3, D.4.a: excused absences count only in attendance-validated programs"


def event_problem(program: ProgramKind, kind: EventKind, minutes: int | None) -> str | None:
    """Why an event of ``kind`` cannot be evidence in a ``program``, or None."""
    if kind is EventKind.EXCUSED_ABSENCE and kind not in ACCEPTED_EVENTS[program]:
        return (
            f"a {program.label} program does not count excused absences ({EXCUSED_ONLY_IN}); "
            "record the student's engagement instead"
        )
    if kind not in ACCEPTED_EVENTS[program]:
        accepted = ", ".join(sorted(k.value for k in ACCEPTED_EVENTS[program]))
        return f"a {program.label} program accepts {accepted}, not {kind.value}"
    if kind is EventKind.DIRECT_INSTRUCTION and (minutes is None or minutes < 1):
        return "direct instruction needs its minutes (a whole number of at least 1)"
    if minutes is not None and not 0 <= minutes <= 24 * 60:
        return f"{minutes} minutes is not a length of one day's instruction (0 to 1440)"
    return None
