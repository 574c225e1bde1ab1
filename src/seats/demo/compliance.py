"""The demo's compliance (seats.compliance, issue 11 parts 3-5), built through the app's
services so the records, the notices in the outbox and the funding holds are what the real steps
write:

- the state's alignment table (core code -> accepted license areas and endorsements) for every
  course of the demo catalog;
- the TOR cycle of the demo's school year for three providers at different steps: ``aligned``
  (every assignment aligned), ``corrected`` (a misaligned TOR found on August 15, corrected in
  September before the final review) and ``misaligned`` (the demo provider of the provider logins:
  still misaligned after the October 15 final review, with a Notice of Corrective Action and the
  funding hold "TOR not aligned" on the CCAs that teacher teaches);
- the yearly provider cycle: some obligations done, the others overdue (or due soon when the
  demo's date falls in a reminder window); next year's Course Request Spreadsheet submitted by
  two providers (one approved, one pending);
- a retention legal hold on one student.

Only these three providers and one student: nothing here is per CCA but the holds on one
teacher's CCAs, so the state-scale demo loads in the same time. When the demo's date is before
the current year's final review (and the Notice of Corrective Action after it), the story is the
previous school year's, whose steps are all past. Deterministic: no random draw.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count

from seats.compliance.models import AlignmentRequirement, CatalogSubmission, TorCycle, TorHold
from seats.compliance.services.catalog import approve_catalog, submit_catalog
from seats.compliance.services.cycle import mark_done
from seats.compliance.services.retention import set_legal_hold
from seats.compliance.services.tor import load_requirements, open_cycle, upload_tor_sheet
from seats.compliance.services.tor_review import (
    final_review,
    issue_corrective_action,
    send_misalignment_notices,
)
from seats.compliance.services.tor_sheet import offerings_of
from seats.core.models import CCA, CourseOffering, Organisation, RoleMembership, TeacherOfRecord
from seats.core.services.actors import Actor
from seats.core.services.policy import policy_for
from seats.domain.compliance.calendar import Obligation, calendar, school_year_of
from seats.domain.compliance.tor import Step, background_current, step_dates
from seats.domain.roles import Role

from .outcomes import STRUGGLING_PROVIDER

DAY = timedelta(days=1)
LEGAL_HOLD_REASON = "Litigation hold: records requested for a due-process hearing"

#: The state's alignment table (``seats compliance requirements FILE.csv``), as it loads it.
REQUIREMENTS_CSV = """\
core_code,license_areas,endorsements,note
20000000070,Middle Level;Secondary Education,Biology;Chemistry;Physics;Earth Science,
20010000010,Secondary Education;Middle Level,Earth Science;Physics;Chemistry;Biology,
20020000010,Secondary Education,Biology,
20030000010,Secondary Education,Chemistry,
20040000010,Secondary Education,Physics,
20050000010,Secondary Education,Biology;Earth Science,
30020000070,Middle Level;Secondary Education,Mathematics,Mathematics Level 2 or higher
30030000010,Secondary Education;Middle Level,Mathematics,Mathematics Level 2 or higher
30030000020,Secondary Education,Mathematics,Mathematics Level 3 or higher
30030000030,Secondary Education,Mathematics,Mathematics Level 3 or higher
30060000010,Secondary Education,Mathematics,Mathematics Level 4; AP training recommended
30060000030,Secondary Education,Mathematics,Mathematics Level 4; AP training recommended
30070000010,Secondary Education,Mathematics,CE: or college faculty with a background check
32010000090,CTE,Business,
32060000040,CTE,Health Science,
32080000010,CTE,Family and Consumer Sciences,
35020000010,Secondary Education;Middle Level;CTE,Computer Science,
35020000030,Secondary Education;CTE,Computer Science,
35020000040,Secondary Education;CTE,Computer Science,
35020000070,CTE,Computer Science,
40010000070,Middle Level;Secondary Education,English Language Arts,
40010000090,Secondary Education,English Language Arts,
40010000100,Secondary Education,English Language Arts,
40010000110,Secondary Education,English Language Arts,
40010000120,Secondary Education,English Language Arts,
40020000030,Secondary Education,English Language Arts,
40030000010,Secondary Education,English Language Arts,CE: or college faculty with a background check
41010000010,Secondary Education;CTE,Economics;General Financial Literacy,
45010000010,Secondary Education,Driver Education,
50020000010,Secondary Education,Visual Arts,
50020000060,Secondary Education;CTE,Visual Arts,
50040000010,Secondary Education,Music,
50050000010,Secondary Education,Visual Arts;English Language Arts,
55080000010,Secondary Education;Middle Level,Chinese,
55100000010,Secondary Education;Middle Level,French,
55120000010,Secondary Education;Middle Level,Spanish,
55120000020,Secondary Education,Spanish,
60100000010,Secondary Education,Psychology;History,
60100000020,Secondary Education,Sociology;History,
60100000090,Secondary Education,Sociology;History,CE: or college faculty with a background check
60200000010,Middle Level;Secondary Education,History,
60300000010,Secondary Education,History;Geography,
60300000020,Secondary Education,History,
60400000020,Secondary Education,History,
60500000010,Secondary Education,History;Political Science,
70100000020,Secondary Education,Physical Education,
70100000030,Secondary Education,Physical Education,
70200000010,Secondary Education;Middle Level,Health,
70200000020,Secondary Education,Health,
90010000010,Secondary Education;Middle Level;Special Education,,Any K-12 license area listed
"""
Line = tuple[str, TeacherOfRecord]  # (core code, teacher of record): a spreadsheet line
TOR_HEADER = ["core_code", "usbe_course_title", "educator_name", "cactus_id"]
CATALOG_HEADER = [
    "core_code",
    "usbe_course_title",
    "provider_course_title",
    "credit",
    "term_type",
    "content_categories",
    "grade_min",
    "grade_max",
    "prerequisites",
    "description",
    "mature_content",
    "health",
]


@dataclass
class Requirements:
    areas: dict[str, list[str]] = field(default_factory=dict)
    endorsements: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Story:
    """One provider's part: ``kind`` is aligned, corrected or misaligned."""

    kind: str
    provider: Organisation
    actor: Actor
    lines: list[Line] = field(default_factory=list)
    wrong: Line | None = None  # the misaligned line, if any


def _csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), ZoneInfo(settings.TIME_ZONE))


def _actor(role: Role) -> Actor:
    """The demo login of a state role (the console's system actor if it is missing)."""
    m = (
        RoleMembership.objects.filter(user__username=role.value, role=role.value)
        .select_related("user", "organisation")
        .first()
    )
    if m is None:
        return Actor.system()
    return Actor.for_membership(m.user, role, m.organisation)


def _provider_actor(provider: Organisation) -> Actor:
    m = (
        RoleMembership.objects.filter(organisation=provider, role=Role.PROVIDER_ADMIN.value)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if m is None:
        return Actor.system()
    return Actor.for_membership(m.user, Role.PROVIDER_ADMIN, provider)


def _story_year(as_of: date) -> int:
    """This school year once its final review and the corrective action after it are past,
    else the previous one (whose every step is)."""
    year = school_year_of(as_of)
    final = step_dates(policy_for(year, as_of=as_of))[Step.FINAL_REVIEW]
    return year if as_of >= final + 7 * DAY else year - 1


def _providers() -> dict[str, Organisation]:
    """misaligned: the provider logins' own; corrected: the one under the minimum completion
    rate; aligned: the first other active provider."""
    demo = (
        RoleMembership.objects.filter(user__username=Role.PROVIDER_STAFF.value)
        .select_related("organisation")
        .first()
    )
    active = Organisation.objects.filter(kind="provider", is_active=True).order_by("code")
    misaligned = demo.organisation if demo else active.first()
    corrected = active.filter(code=STRUGGLING_PROVIDER).exclude(pk=misaligned.pk).first()
    taken = [misaligned.pk] + ([corrected.pk] if corrected else [])
    corrected = corrected or active.exclude(pk__in=taken).first()
    aligned = active.exclude(pk__in=[*taken, corrected.pk]).first()
    return {"aligned": aligned, "corrected": corrected, "misaligned": misaligned}


def _lines(provider: Organisation, year: int) -> tuple[list[Line], Counter[Line]]:
    """Every (core code, teacher) its CCAs of the year name, with how many CCAs each (one
    query), and a teacher for each offered course no CCA names one for yet: the spreadsheet
    lists every assignment."""
    offered = offerings_of(provider.pk, year)
    teachers = {t.pk: t for t in TeacherOfRecord.objects.filter(provider=provider).order_by("pk")}
    counts: Counter[Line] = Counter()
    rows = (
        CCA.objects.filter(provider=provider, school_year=year, teacher_of_record__isnull=False)
        .values_list("offering__core_code", "teacher_of_record_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for code, teacher, n in rows:
        if code in offered and teacher in teachers:
            counts[(code, teachers[teacher])] = n
    lines = sorted(counts, key=lambda x: (x[0], x[1].pk))
    named = {code for code, _t in lines}
    first = next(iter(teachers.values()), None)
    if first is not None:
        lines += [(code, first) for code in sorted(offered) if code not in named]
    return lines, counts


def _pick_wrong(story: Story, counts: Counter[Line], req: Requirements, avoid: set[Line]):
    """The line to leave misaligned, among those with CCAs and none of them a CCA another demo
    module pays on purpose: the one whose teacher, without the endorsements its course
    accepts, leaves the fewest CCAs unaligned (the teacher's other courses that accept only
    those endorsements are misaligned too)."""
    by_teacher: dict[int, list[str]] = {}
    for code, t in story.lines:
        by_teacher.setdefault(t.pk, []).append(code)
    best: tuple[int, str, int] | None = None
    for (code, t), n in counts.items():
        if not n or (code, t.pk) in avoid or not req.endorsements.get(code):
            continue
        stripped = set(req.endorsements[code])
        held = sum(
            counts.get((other, t), 0)
            for other in by_teacher[t.pk]
            if set(req.endorsements.get(other, [])) and set(req.endorsements[other]) <= stripped
        )
        if best is None or (held, code, t.pk) < best:
            best = (held, code, t.pk)
    if best is None:
        return None
    teacher = next(t for c, t in story.lines if t.pk == best[2])
    return best[1], teacher


def _credentials(story: Story, req: Requirements, checked_by: date, as_of: date) -> None:
    """The teachers' CACTUS records, as the state's check will read them: each holds a license
    area and an endorsement every course it teaches accepts and a background check current
    from the spreadsheet's due date to the demo's date, except the line left misaligned (its
    teacher lacks the endorsements the course accepts)."""
    years = policy_for(school_year_of(checked_by), as_of=checked_by).background_check_years
    missing = set(req.endorsements.get(story.wrong[0], [])) if story.wrong else set()
    wrong_teacher = story.wrong[1].pk if story.wrong else None
    by_teacher: dict[int, TeacherOfRecord] = {}
    for code, t in story.lines:
        t = by_teacher.setdefault(t.pk, t)
        areas, endorsements = req.areas.get(code, []), req.endorsements.get(code, [])
        if areas and not {a.casefold() for a in areas} & {a.casefold() for a in t.license_areas}:
            t.license_areas = [*t.license_areas, areas[0]]
        if t.pk == wrong_teacher:
            endorsements = [e for e in endorsements if e not in missing]
        if endorsements and not set(endorsements) & set(t.endorsements):
            t.endorsements = [*t.endorsements, endorsements[0]]
    if wrong_teacher is not None:
        t = by_teacher[wrong_teacher]
        t.endorsements = [e for e in t.endorsements if e not in missing]
    for t in by_teacher.values():
        current = all(
            background_current(t.background_check_date, as_of=d, years=years)
            for d in (checked_by, as_of)
        )
        if not current:
            t.background_check_date = checked_by - (20 + t.pk % 300) * DAY
    TeacherOfRecord.objects.bulk_update(
        by_teacher.values(), ["license_areas", "endorsements", "background_check_date"]
    )


def _sheet(story: Story, year: int) -> bytes:
    titles = offerings_of(story.provider.pk, year)
    rows: list[list[object]] = [TOR_HEADER]
    for code, t in story.lines:
        rows.append([code, titles[code], f"{t.first_name} {t.last_name}", t.cactus_id])
    return _csv(rows)


def _catalog(provider: Organisation, year: int, add_code: str | None) -> bytes:
    """Next year's Course Request Spreadsheet: the courses the provider offers next year as
    they are (prerequisites written as core codes, as the spreadsheet asks), and one new one."""
    rows: list[list[object]] = [CATALOG_HEADER]
    offered = [
        o
        for o in CourseOffering.objects.filter(provider=provider).order_by("core_code", "pk")
        if o.offered_in(year)
    ]
    seen = set()
    for o in offered:
        if (o.core_code, o.provider_title.casefold()) in seen:
            continue
        seen.add((o.core_code, o.provider_title.casefold()))
        rows.append(_course_row(o, o.provider_title))
    if add_code:
        new = CourseOffering.objects.filter(core_code=add_code).order_by("pk").first()
        if new is not None:
            rows.append(_course_row(new, new.usbe_title))
    return _csv(rows)


def _course_row(o: CourseOffering, title: str) -> list[object]:
    return [
        o.core_code,
        o.usbe_title,
        title,
        str(o.credit),
        o.term_type,
        ";".join(o.content_categories),
        o.grade_min,
        o.grade_max,
        "",
        o.description,
        "yes" if o.mature_content else "no",
        "yes" if o.is_health else "no",
    ]


def _tor_story(story: Story, year: int, state: Actor, as_of: date, dates) -> None:
    p = story.provider
    open_cycle(actor=state, provider_id=p.pk, school_year=year, as_of=dates[Step.OPEN])
    upload = {"aligned": 3, "corrected": 0, "misaligned": 1}[story.kind]
    upload_tor_sheet(
        actor=story.actor, provider_id=p.pk, school_year=year, data=_sheet(story, year),
        file_name=f"tor-{p.code}-{year}.csv", as_of=dates[Step.SUBMIT] - upload * DAY,
    )  # fmt: skip
    cycle = TorCycle.objects.get(provider=p, school_year=year)
    send_misalignment_notices(cycle, as_of=dates[Step.NOTICE])
    if story.kind == "corrected" and story.wrong:
        code, t = story.wrong  # CACTUS now shows the endorsement; the provider uploads again
        needed = AlignmentRequirement.objects.get(core_code=code).endorsements
        if needed:
            t.endorsements = [*t.endorsements, needed[0]]
            t.save(update_fields=["endorsements"])
        fixed = min(dates[Step.NOTICE] + 38 * DAY, dates[Step.FINAL_REVIEW] - DAY)
        upload_tor_sheet(
            actor=story.actor, provider_id=p.pk, school_year=year, data=_sheet(story, year),
            file_name=f"tor-{p.code}-{year}-corrected.csv", as_of=fixed,
        )  # fmt: skip
    final = dates[Step.FINAL_REVIEW]
    final_review(actor=state, cycle_id=cycle.pk, as_of=final, now=_moment(final, 17))
    if story.kind == "misaligned" and story.wrong:
        code, t = story.wrong
        issued = final + 7 * DAY
        issue_corrective_action(
            actor=state,
            cycle_id=cycle.pk,
            as_of=issued,
            conditions=(
                f"After the final review of {final:%B %d, %Y}, {t.first_name} {t.last_name} "
                f"(CACTUS {t.cactus_id}) is the teacher of record of core code {code} without "
                "an endorsement the course requires (R277-726-7(18), (19)). Reimbursement is "
                "held for every CCA this teacher teaches in the course."
            ),
            steps=(
                "Assign a teacher of record who holds an accepted license area and endorsement "
                "to each listed course, or have the educator's CACTUS record show the "
                "endorsement; then upload the corrected Proposed Course and TOR spreadsheet and "
                "send the state the new assignments."
            ),
        )


def _obligations(stories: dict[str, Story], year: int, state: Actor, as_of: date) -> None:
    """What each provider has done of its yearly cycle, up to the demo's date: the aligned one
    everything a few days early, the corrected one the teaching assignments and (pending) next
    year's catalog, the misaligned one nothing after its TOR spreadsheet."""
    policy = policy_for(year, as_of=as_of)
    due = {d.obligation: d.due for d in calendar(policy)}
    plan = {
        "aligned": {
            Obligation.TEACHING_ASSIGNMENTS: 7,
            Obligation.ANNUAL_RENEWAL: 20,
            Obligation.MONITORING_VISIT: 6,
        },
        "corrected": {Obligation.TEACHING_ASSIGNMENTS: 0},
    }
    for kind, todo in plan.items():
        for obligation, early in todo.items():
            day = due[obligation] - early * DAY
            if day <= as_of:
                mark_done(
                    actor=state, provider_id=stories[kind].provider.pk, school_year=year,
                    obligation=obligation, done_on=day,
                    note="Verified in CACTUS/USIMS" if early == 0 else "",
                )  # fmt: skip
    course_request = due[Obligation.COURSE_REQUEST]
    aligned, corrected = stories["aligned"].provider, stories["corrected"].provider
    taken = set(CourseOffering.objects.filter(provider=aligned).values_list("core_code", flat=True))
    new_code = next(
        (c for c in AlignmentRequirement.objects.order_by("core_code").values_list(
            "core_code", flat=True) if c not in taken),
        None,
    )  # fmt: skip
    submitted = course_request - 26 * DAY
    if submitted <= as_of:
        submission = submit_catalog(
            actor=stories["aligned"].actor, provider_id=aligned.pk, school_year=year + 1,
            data=_catalog(aligned, year + 1, new_code),
            file_name=f"course-request-{aligned.code}-{year + 1}.csv", as_of=submitted,
        )  # fmt: skip
        approved = course_request - 10 * DAY
        if approved <= as_of:
            approve_catalog(actor=state, submission_id=submission.pk, as_of=approved)
    if course_request - 5 * DAY <= as_of:
        submit_catalog(
            actor=stories["corrected"].actor, provider_id=corrected.pk, school_year=year + 1,
            data=_catalog(corrected, year + 1, None),
            file_name=f"course-request-{corrected.code}-{year + 1}.csv",
            as_of=course_request - 5 * DAY,
        )  # fmt: skip


def _legal_hold(as_of: date) -> int:
    admin = _actor(Role.STATE_ADMIN)
    student = (
        CCA.objects.filter(status="disciplinary_withdrawal")
        .order_by("pk")
        .values_list("student_id", flat=True)
        .first()
    )
    if student is None:
        student = CCA.objects.order_by("pk").values_list("student_id", flat=True).first()
    if student is None:
        return 0
    set_legal_hold(actor=admin, reason=LEGAL_HOLD_REASON, on=as_of - 20 * DAY, student_id=student)
    return 1


def build_compliance(*, as_of: date) -> dict[str, int]:
    providers = _providers()
    if any(p is None for p in providers.values()):
        return {}
    state = _actor(Role.STATE_SPECIALIST)
    load_requirements(
        actor=state, data=REQUIREMENTS_CSV.encode(), file_name="tor-alignment-table.csv"
    )
    req = Requirements()
    for r in AlignmentRequirement.objects.all():
        req.areas[r.core_code], req.endorsements[r.core_code] = r.license_areas, r.endorsements
    year = _story_year(as_of)
    dates = step_dates(policy_for(year, as_of=as_of))
    paid_on_purpose = {  # the funding demo's hold and reversal are on the first of these
        (code, teacher)
        for code, teacher in CCA.objects.filter(
            pk__in=list(
                CCA.objects.filter(status="confirmed")
                .order_by("pk")
                .values_list("pk", flat=True)[:10]
            )
        ).values_list("offering__core_code", "teacher_of_record_id")
    }
    stories: dict[str, Story] = {}
    for kind, provider in providers.items():
        lines, counts = _lines(provider, year)
        story = Story(kind, provider, _provider_actor(provider), lines)
        if kind != "aligned":
            story.wrong = _pick_wrong(story, counts, req, paid_on_purpose)
        _credentials(story, req, dates[Step.SUBMIT] - 5 * DAY, as_of)
        _tor_story(story, year, state, as_of, dates)
        stories[kind] = story
    _obligations(stories, year, state, as_of)
    return {
        "alignment requirements": AlignmentRequirement.objects.count(),
        "TOR cycles": TorCycle.objects.count(),
        "TOR holds": TorHold.objects.filter(released_on=None).count(),
        "catalog submissions": CatalogSubmission.objects.count(),
        "legal holds": _legal_hold(as_of),
    }
