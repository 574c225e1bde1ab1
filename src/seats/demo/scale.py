"""How big the demo state is. One generator serves every size: a scale only sets the counts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    districts: int  # LEAs that are school districts (several schools each)
    charters: int  # LEAs that are charter schools (one school each)
    schools: int  # schools in all (districts get what the charters leave)
    providers: int
    offerings_per_provider: int
    students: int
    ccas: int
    batch: int = 2000  # students per write batch (their guardians, CCAs and history with them)
    counselors_per_school: int = 1
    fast_load: bool = False  # PostgreSQL: build indexes after the load, skip per-row FK triggers
    workers: int = 1  # PostgreSQL: worker processes that generate chunks (1: this process only)

    @property
    def leas(self) -> int:
        return self.districts + self.charters


SCALES: dict[str, Scale] = {
    "small": Scale(
        "small",
        districts=18,
        charters=22,
        schools=150,
        providers=12,
        offerings_per_provider=25,
        students=1600,
        ccas=4000,
    ),
    "state": Scale(
        "state",
        districts=41,
        charters=109,
        schools=600,
        providers=40,
        offerings_per_provider=25,
        students=400_000,
        ccas=1_000_000,
        batch=10_000,
        counselors_per_school=3,
        fast_load=True,
        workers=2,
    ),
}


def custom(base: str = "small", **counts: int) -> Scale:
    """A scale like ``base`` with some counts changed (tests use a smaller state)."""
    values = {**SCALES[base].__dict__, **counts, "name": counts.get("name", f"custom-{base}")}
    return Scale(**values)  # type: ignore[arg-type]
