"""The demo's CCAs: for each student, pick courses and sessions in the previous and the current
school year, play each CCA's story up to ``as_of``, and write the CCA with its deadlines, its
history and the student's local registrations with each provider."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from seats.core.models import CCA, CCAHistory, LocalRegistration
from seats.domain.calendars import school_year_of
from seats.domain.names import name_key

from . import outcomes
from .bulk import Ids, TableWriter
from .outcomes import Fate
from .story import Story
from .world import OfferingInfo, StudentInfo, World

DAY = timedelta(days=1)
HISTORY_COLUMNS = [
    "id",
    "cca_id",
    "seq",
    "at",
    "actor_id",
    "actor_role",
    "action",
    "from_status",
    "to_status",
    "reason",
    "document_ref",
    "details",
    "corrects_id",
]
SESSIONS = {"semester": ("S1", "S2"), "quarter": ("Q1", "Q2", "Q3", "Q4")}
#: Registration columns (the family's answers); completed_on decides whether it is complete.
REGISTRATION_COLUMNS = [
    "student_id",
    "provider_id",
    "gender",
    "preferred_name",
    "home_address",
    "school_address",
    "phone",
    "preferred_contact",
    "iep_or_504",
    "multilingual",
    "home_language_survey",
    "fee_waiver",
    "birth_certificate",
    "proof_of_residency",
    "home_school_acknowledgment",
    "completed_on",
    "updated_at",
]


@dataclass
class Pick:
    offering: OfferingInfo
    year: int
    session: str
    start: date
    end: date
    submitted: date
    fate: Fate | None = None


@dataclass
class CCAWriter:
    world: World
    offerings: list[OfferingInfo]
    demo_provider_id: int
    now: datetime
    ids: Ids
    cca_rows: list[tuple[Any, ...]] = field(default_factory=list)
    history_rows: list[tuple[Any, ...]] = field(default_factory=list)
    registration_rows: list[tuple[Any, ...]] = field(default_factory=list)
    showcase: list[Fate] = field(default_factory=lambda: list(outcomes.SHOWCASE))
    current_showcase: list[Fate] = field(
        default_factory=lambda: [outcomes.PENDING_SHOWCASE] * 2 + [outcomes.SWEEP_SHOWCASE] * 3
    )
    demo_student_user: int = 0

    def __post_init__(self) -> None:
        fields = CCA._meta.concrete_fields
        self.columns = [f.attname for f in fields]
        self.default_values = [f.get_default() if f.has_default() else None for f in fields]
        self.index = {name: i for i, name in enumerate(self.columns)}
        self.ccas = TableWriter(CCA, self.columns)
        self.history = TableWriter(CCAHistory, HISTORY_COLUMNS)
        self.registrations = TableWriter(LocalRegistration, REGISTRATION_COLUMNS)
        self.by_grade = {
            g: [o for o in self.offerings if o.grade_min <= g <= o.grade_max] for g in range(6, 13)
        }
        self.sessions: dict[tuple[int, int], dict[str, tuple[date, date, tuple[date, ...]]]] = {}

    # --- choosing courses ---

    def session_days(self, provider_id: int, year: int, session: str) -> tuple[date, date, tuple]:
        key = (provider_id, year)
        table = self.sessions.get(key)
        if table is None:
            cal = self.world.calendars.for_org(provider_id, date(year, 9, 1))
            days = tuple(d for d in cal.days if school_year_of(d) == year)
            n = len(days)
            table = {}
            for parts, names in ((2, SESSIONS["semester"]), (4, SESSIONS["quarter"])):
                for i, name in enumerate(names):
                    chunk = days[i * n // parts : (i + 1) * n // parts]
                    table[name] = (chunk[0], chunk[-1], chunk)
            self.sessions[key] = table
        return table[session]

    def pick(
        self, st: StudentInfo, taken: set[tuple[int, int]], fate: Fate | None, demo: bool
    ) -> Pick | None:
        w, rng = self.world, self.world.rng
        choices = self.by_grade[st.grade]
        for _ in range(30):
            off = rng.choice(choices)
            if fate in outcomes.CURRENT_SHOWCASE or (demo and fate is None):
                year = w.year
            elif fate is not None:
                year = w.year - 1
            else:
                year = w.year - int(rng.random() < 0.45)
            if demo and rng.random() < 0.8:
                mine = [o for o in choices if o.provider.id == self.demo_provider_id]
                off = rng.choice(mine) if mine else off
            if (off.id, year) in taken or off.provider.parent_id == st.lea_id:
                continue
            if (year == w.year and not off.is_open) or (st.is_home and off.is_health):
                continue
            if fate and fate.needs_half_credit and off.credit != outcomes._HALF:
                continue
            names = SESSIONS[off.term]
            if fate and fate.needs_late_session:
                names = tuple(n for n in names if n in outcomes.LATE_SESSIONS)
            session = rng.choice(names)
            first, end, days = self.session_days(off.provider.id, year, session)
            start = first
            if off.provider.open_enrollment and rng.random() < 0.5:
                start = days[rng.randrange(max(1, len(days) // 3))]
            submitted = self.submission(start, fate)
            if submitted is None:
                continue
            taken.add((off.id, year))
            return Pick(off, year, session, start, end, submitted, fate)
        return None

    def submission(self, start: date, fate: Fate | None) -> date | None:
        rng, cut = self.world.rng, self.world.cut
        earliest = start - 110 * DAY
        if earliest > cut:
            return None
        if fate in outcomes.CURRENT_SHOWCASE:
            lo, hi = outcomes.CURRENT_SHOWCASE[fate]
            day = cut - rng.randrange(lo, hi) * DAY
            return day if day >= earliest else None
        x = rng.random()
        if x < 0.85:
            day = start - rng.randrange(3, 76) * DAY
        elif x < 0.95:
            day = start - rng.randrange(76, 111) * DAY
        else:
            day = start + rng.randrange(1, 13) * DAY
        if day > cut:
            day = max(earliest, cut - rng.randrange(0, 21) * DAY)
        return day

    # --- one student's CCAs ---

    def for_student(self, st: StudentInfo, count: int, demo: bool = False) -> None:
        if demo:
            self.demo_student_user = st.user_id
        taken: set[tuple[int, int]] = set()
        picks = []
        for n in range(count):
            fate = None
            if demo:  # filed by the counselor, so the demo counselor is on every one
                fate = Fate(submitter="counselor") if n < 3 else None
            elif st.has_ssid and not st.is_home:
                if self.showcase:
                    fate = self.showcase.pop(0)
                elif self.current_showcase:
                    fate = self.current_showcase.pop(0)
            p = self.pick(st, taken, fate, demo)
            if p is None and fate is not None:
                if fate in outcomes.CURRENT_SHOWCASE:
                    self.current_showcase.insert(0, fate)
                elif not demo:
                    self.showcase.insert(0, fate)
                p = self.pick(st, taken, None, demo)
            if p is not None:
                picks.append(p)
        picks.sort(key=lambda p: p.submitted)
        registered: dict[int, date | None] = {}
        for p in picks:
            self.play(st, p, registered)
        for provider_id, on in registered.items():
            self.registration_rows.append(self.registration(st, provider_id, on))

    def play(self, st: StudentInfo, p: Pick, registered: dict[int, date | None]) -> None:
        w = self.world
        provider_id = p.offering.provider.id
        story = Story(
            world=w,
            cca_id=self.ids.take(),
            student=st,
            offering=p.offering,
            year=p.year,
            session=p.session,
            start=p.start,
            end=p.end,
            registered_on=registered.get(provider_id),
        )
        fate = p.fate or outcomes.draw(w, st, p.offering, p.year, p.session)
        if st.user_id == self.demo_student_user and fate.submitter != "counselor":
            fate = replace(fate, submitter="counselor")
        story.begin(p.submitted, outcomes.fit(fate, st, p.offering, p.session))
        story.play()
        if story.new_registration is not None or provider_id not in registered:
            registered[provider_id] = story.new_registration or registered.get(provider_id)
        self.cca_rows.append(self.row(story))
        self.history_rows.extend(story.rows)

    def row(self, story: Story) -> tuple[Any, ...]:
        st, off, index = story.student, story.offering, self.index
        values = list(self.default_values)
        try:
            for source in (story.c, story.deadline_columns()):
                for name, value in source.items():
                    values[index[name]] = value
        except KeyError as exc:
            raise AssertionError(f"demo story set an unknown CCA field {exc}") from None
        for name, value in (
            ("id", story.cca_id),
            ("student_id", st.id),
            ("offering_id", off.id),
            ("provider_id", off.provider.id),
            ("primary_lea_id", st.lea_id),
            ("primary_school_id", st.school_id),
            ("school_year", story.year),
            ("session", story.session),
            ("credit_attempted", off.credit),
            ("status", story.status.value),
            ("version", story.seq),
            ("created_at", story.c["submitted_at"]),
            ("updated_at", story.last_at),
            ("search_last_name", name_key(st.last_name)),
            ("search_first_name", name_key(st.first_name)),
        ):
            values[index[name]] = value
        return tuple(values)

    def registration(self, st: StudentInfo, provider_id: int, on: date | None) -> tuple[Any, ...]:
        rng = self.world.rng
        return (
            st.id,
            provider_id,
            "",
            "",
            f"{rng.randrange(100, 9999)} E {rng.randrange(1, 99)}00 S",
            "" if st.is_home else "On file with the primary school",
            f"801-555-{rng.randrange(10000):04d}",
            rng.choice(("email", "phone", "text")),
            st.iep,
            False,
            on is not None,
            rng.random() < 0.15,
            st.is_home and on is not None,
            st.is_home and on is not None,
            st.is_home and on is not None,
            on,
            self.now,
        )
