"""Build the demo state in one transaction: organisations and calendars, staff and teachers,
the catalog, then students with their guardians, CCAs and history, a batch at a time so a
million CCAs never sit in memory together."""

from __future__ import annotations

import itertools
import multiprocessing
import random
import time
from collections import deque
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Count, Q

from seats.core.models import (
    CCA,
    CCAHistory,
    CourseOffering,
    Guardian,
    LocalRegistration,
    RoleMembership,
    Student,
    User,
)
from seats.domain.calendars import BusinessCalendar
from seats.domain.statuses import OPEN

from . import chunks
from .bulk import Ids, Pipeline, fast_load, reset_sequences, row_formatter
from .catalog import build_catalog
from .chunks import Bases, Chunk, Generator
from .names import NameMaker
from .organisations import build_calendars, build_organisations
from .scale import Scale
from .staff import UserWriter, build_staff
from .timekeeping import CalendarBook, DeadlineBook
from .world import FastRandom, Reasons, World

DEMO_PASSWORD = "seats-demo"
BULK_MODELS = [
    User,
    Student,
    Guardian,
    Guardian.students.through,
    RoleMembership,
    CCA,
    CCAHistory,
    LocalRegistration,
]


@dataclass
class DemoSummary:
    scale: str
    as_of: date
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        shown = ", ".join(f"{n:,} {name}" for name, n in self.counts.items())
        return [
            f"Demo state loaded (scale {self.scale}, as of {self.as_of.isoformat()}, "
            f"seed {self.seed}) in {self.seconds:.1f} s: {shown}.",
            f'Every demo user has the password "{DEMO_PASSWORD}"; see `seats demo --logins`.',
        ]


def business_calendar() -> BusinessCalendar:
    """The services' business calendar (holidays and the state's overrides)."""
    try:
        from seats.core.services.calendars import business_calendar as from_services
    except ImportError:  # pragma: no cover - the services are part of the same release
        return BusinessCalendar(state=settings.SEATS_STATE_CODE)
    return from_services()


def database_is_empty() -> bool:
    return not (CCA.objects.exists() or Student.objects.exists())


def build_demo(
    scale: Scale, *, as_of: date, seed: int = 1, say: Callable[[str], None] = lambda _: None
) -> DemoSummary:
    started = time.monotonic()
    with transaction.atomic():
        summary = _build(scale, as_of, seed, say)
        from .compliance import build_compliance  # before funding: its holds stop payments

        say("Compliance: TOR reviews, provider obligations, catalog requests...")
        summary.counts.update(build_compliance(as_of=as_of))
        from .funding import build_funding  # the funding app sits beside the demo, not in core

        say("Funding: schedule, fee tables, payment runs...")
        summary.counts.update(build_funding(as_of=as_of))
        from .reports import build_reports

        say("Reports: assessment scores, surveys, report texts...")
        summary.counts.update(build_reports(as_of=as_of))
        from .membership import build_membership  # the pupil-accounting app, beside the demo

        say("Pupil accounting: programs, enrollments, engagement...")
        summary.counts.update(build_membership(as_of=as_of, seed=seed))
        from .adulted import build_adulted  # the adult-education app, beside the demo too

        say("Adult education: programs, students, hours, tests...")
        summary.counts.update(build_adulted(as_of=as_of, seed=seed))
    summary.seconds = time.monotonic() - started
    return summary


def _build(scale: Scale, as_of: date, seed: int, say: Callable[[str], None]) -> DemoSummary:
    rng = FastRandom(seed)
    names = NameMaker(random.Random(seed + 1))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # check references per batch, not all at commit
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    business = business_calendar()
    year = _school_year(as_of)
    d = build_organisations(scale, rng, names)
    book = CalendarBook(business)
    book.parent = dict(d.parent)
    book.state_ids = [d.state_id]
    for org_id, days in build_calendars(d, [year - 1, year, year + 1], business, rng).items():
        book.add(org_id, days)
    tz = ZoneInfo(settings.TIME_ZONE)
    joined = datetime.combine(date(year - 1, 7, 1), datetime.min.time(), tz)
    password_hash = make_password(DEMO_PASSWORD)
    users = UserWriter(password_hash, joined, names)
    staff = build_staff(d, users, rng, names, scale.counselors_per_school, as_of)
    offerings = build_catalog(d, scale.offerings_per_provider, year, rng)
    say(f"Organisations, {len(offerings)} offerings and staff ready; generating students...")
    world = World(
        rng=rng, as_of=as_of, business=business, calendars=book,
        deadlines=DeadlineBook(business, book), reasons=Reasons(rng), history_ids=Ids(start=1),
        names=names, tz=tz, state_specialists=staff.specialists,
    )  # fmt: skip
    bases = Bases(
        user=users.ids.next, student=Ids(Student).next, guardian=Ids(Guardian).next,
        cca=Ids(CCA).next, history=Ids(CCAHistory).next,
    )  # fmt: skip
    gen = Generator(
        scale=scale, seed=seed, world=world, d=d, staff=staff, offerings=offerings,
        password_hash=password_hash, joined=joined, now=datetime.now(tz), bases=bases,
    )  # fmt: skip
    with fast_load(BULK_MODELS) if scale.fast_load else nullcontext():
        if scale.workers > 1 and connection.vendor == "postgresql" and row_formatter():
            _generate_in_workers(gen, say)
        else:
            _generate_here(gen, say)
        say("Building indexes..." if scale.fast_load else "Finishing...")
    reset_sequences([User, Student, Guardian, CCA, CCAHistory])
    _fill_some_offerings(rng, year)
    t = gen.tables
    return DemoSummary(
        scale=scale.name, as_of=as_of, seed=seed,
        counts={
            "organisations": 2 + len(d.leas) + len(d.schools) + len(d.providers),
            "offerings": len(offerings),
            "users": users.users.rows_written + t["users"].rows_written,
            "students": t["students"].rows_written,
            "guardians": t["guardians"].rows_written,
            "CCAs": t["ccas"].rows_written,
            "history entries": t["history"].rows_written,
        },
    )  # fmt: skip


def _generate_here(gen: Generator, say: Callable[[str], None]) -> None:
    """Chunk after chunk in this process (on PostgreSQL a thread streams the previous one)."""
    pipe = Pipeline()
    try:
        for chunk in gen.chunks():
            for key, rows in gen.generate(chunk):
                pipe.write(gen.tables[key], rows)
            _progress(gen, chunk, say)
    finally:
        pipe.close()


def _generate_in_workers(gen: Generator, say: Callable[[str], None]) -> None:
    """Worker processes generate and format chunks; this process streams them to PostgreSQL in
    order, in its own transaction. The workers never touch the database."""
    chunks.ACTIVE = gen
    context = multiprocessing.get_context("fork")
    window = 2 * gen.scale.workers
    connection.ensure_connection()
    raw = connection.connection
    with context.Pool(gen.scale.workers) as pool:
        pending: deque[tuple[Chunk, Any]] = deque()
        todo = iter(gen.chunks())
        for chunk in itertools.islice(todo, window):
            pending.append((chunk, pool.apply_async(chunks.packed_chunk, (chunk,))))
        while pending:
            chunk, result = pending.popleft()
            packed = result.get()
            nxt = next(todo, None)
            if nxt is not None:
                pending.append((nxt, pool.apply_async(chunks.packed_chunk, (nxt,))))
            with raw.cursor() as cursor:
                for key, payload, count in packed:
                    if count:
                        gen.tables[key].copy_bytes(cursor, payload, count)
            _progress(gen, chunk, say)
    chunks.ACTIVE = None


def _progress(gen: Generator, chunk: Chunk, say: Callable[[str], None]) -> None:
    if gen.scale.students > gen.scale.batch:
        done = chunk.first + chunk.count
        say(f"  {done:,} students, {gen.tables['ccas'].rows_written:,} CCAs written")


def _school_year(day: date) -> int:
    return day.year if day.month >= 7 else day.year - 1


def _fill_some_offerings(rng: random.Random, year: int) -> None:
    """A few offerings are full: their capacity equals their open CCAs this school year."""
    busy = (
        CourseOffering.objects.filter(is_open=True)
        .annotate(n=Count("ccas", filter=Q(ccas__school_year=year, ccas__status__in=list(OPEN))))
        .filter(n__gt=0)
        .order_by("pk")
        .values_list("pk", "n")
    )
    rows = list(busy)
    for pk, n in rng.sample(rows, min(len(rows), max(1, len(rows) // 25))):
        CourseOffering.objects.filter(pk=pk).update(capacity=n)
