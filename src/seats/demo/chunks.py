"""Students are generated in chunks, each with its own random stream and its own ranges of
primary keys, so a chunk's rows do not depend on any other chunk. That makes the demo the same
for a seed however it is run: in this process (SQLite, the small demo) or in worker processes
that format PostgreSQL COPY data while the main process streams the previous chunk (the
state-sized load)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .bulk import Ids, TableWriter
from .ccas import CCAWriter
from .names import NameMaker
from .organisations import Directory
from .people import PeopleWriter
from .scale import Scale
from .staff import Staff, UserWriter
from .world import FastRandom, OfferingInfo, World

DEMO_STUDENT_CCAS = 6
USERS_PER_STUDENT = 3  # the student and at most two new guardians
GUARDIANS_PER_STUDENT = 2
HISTORY_PER_CCA = 48  # room for the longest story (a corrected closure, reactivation, progress)


@dataclass(frozen=True)
class Chunk:
    index: int
    first: int  # index of its first student (0 is the demo student)
    count: int


@dataclass(frozen=True)
class Bases:
    """The first primary key of each table for chunk generation."""

    user: int
    student: int
    guardian: int
    cca: int
    history: int


class Generator:
    """Everything a chunk needs, built once before any chunk (and before worker processes fork)."""

    def __init__(
        self,
        *,
        scale: Scale,
        seed: int,
        world: World,
        d: Directory,
        staff: Staff,
        offerings: list[OfferingInfo],
        password_hash: str,
        joined: datetime,
        now: datetime,
        bases: Bases,
    ) -> None:
        self.scale, self.seed, self.world, self.d, self.staff = scale, seed, world, d, staff
        self.offerings, self.hash, self.joined, self.now = offerings, password_hash, joined, now
        self.bases = bases
        self.others = max(scale.students - 1, 1)
        self.total = max(scale.ccas - DEMO_STUDENT_CCAS, 0)
        self.tables = self._chunk_writers(Chunk(0, 0, 0))[3]

    def chunks(self) -> Iterator[Chunk]:
        for index, first in enumerate(range(0, self.scale.students, self.scale.batch)):
            yield Chunk(index, first, min(self.scale.batch, self.scale.students - first))

    def ccas_before(self, student: int) -> int:
        """CCAs of the students before ``student`` (the demo student has six)."""
        if student == 0:
            return 0
        return DEMO_STUDENT_CCAS + (student - 1) * self.total // self.others

    def ccas_of(self, student: int) -> int:
        return self.ccas_before(student + 1) - self.ccas_before(student)

    def _chunk_writers(self, chunk: Chunk) -> tuple[UserWriter, PeopleWriter, CCAWriter, dict]:
        b, first = self.bases, chunk.first
        world = self.world
        users = UserWriter(
            self.hash, self.joined, world.names, Ids(start=b.user + first * USERS_PER_STUDENT)
        )
        people = PeopleWriter(
            world, self.d, self.staff, users, self.now,
            student_ids=Ids(start=b.student + first),
            guardian_ids=Ids(start=b.guardian + first * GUARDIANS_PER_STUDENT),
        )  # fmt: skip
        ccas = CCAWriter(
            world, self.offerings, self.d.demo_provider_id, self.now,
            ids=Ids(start=b.cca + self.ccas_before(first)),
        )  # fmt: skip
        if chunk.index != 0:  # every status is guaranteed by the first chunk
            ccas.showcase, ccas.current_showcase = [], []
        tables: dict[str, TableWriter] = {
            "users": users.users,
            "memberships": users.memberships,
            "students": people.students,
            "guardians": people.guardians,
            "guardian_links": people.links,
            "ccas": ccas.ccas,
            "history": ccas.history,
            "registrations": ccas.registrations,
        }
        return users, people, ccas, tables

    def generate(self, chunk: Chunk) -> list[tuple[str, list[tuple[Any, ...]]]]:
        """The rows of one chunk of students, table by table in foreign-key order."""
        world = self.world
        rng = FastRandom(self.seed * 1_000_003 + chunk.index)
        world.rng = world.reasons.rng = rng
        world.names = NameMaker(FastRandom(self.seed * 1_000_003 + chunk.index + 500_000))
        world.tick = 0
        history_base = self.bases.history + self.ccas_before(chunk.first) * HISTORY_PER_CCA
        world.history_ids = Ids(start=history_base)
        users, people, ccas, _ = self._chunk_writers(chunk)
        for student in range(chunk.first, chunk.first + chunk.count):
            if student == 0:
                ccas.for_student(people.make(demo=True), DEMO_STUDENT_CCAS, demo=True)
            else:
                ccas.for_student(people.make(), self.ccas_of(student))
        room = (self.ccas_before(chunk.first + chunk.count) - self.ccas_before(chunk.first)) * (
            HISTORY_PER_CCA
        )
        if world.history_ids.next - history_base > room:
            raise AssertionError("demo: a chunk wrote more history than its key range holds")
        return [
            ("users", users.user_rows),
            ("memberships", users.membership_rows),
            ("students", people.rows),
            ("guardians", people.guardian_rows),
            ("guardian_links", people.link_rows),
            ("ccas", ccas.cca_rows),
            ("history", ccas.history_rows),
            ("registrations", ccas.registration_rows),
        ]


#: The generator worker processes inherit when they fork (set just before the pool starts).
ACTIVE: Generator | None = None
_FORMAT: Any = None


def packed_chunk(chunk: Chunk) -> list[tuple[str, bytes, int]]:
    """In a worker process: generate a chunk and format it as COPY text, table by table."""
    global _FORMAT
    from .bulk import row_formatter

    if _FORMAT is None:
        _FORMAT = row_formatter()
    gen = ACTIVE
    assert gen is not None
    out = []
    for key, rows in gen.generate(chunk):
        out.append((key, _FORMAT(gen.tables[key].with_defaults(rows)), len(rows)))
    return out
