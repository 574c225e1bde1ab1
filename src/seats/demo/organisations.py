"""The demo state's organisations: the state office, districts and charters (with the HOME
pseudo-LEA), their schools, and online providers of the three categories (a district or charter
provider is housed in its LEA), with school calendars for LEAs and providers."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from seats.core.models import (
    HOME_LEA_CODE,
    Organisation,
    OrgKind,
    ProviderCategory,
    SchoolCalendar,
    SchoolDay,
)
from seats.domain.calendars import BusinessCalendar, default_school_days

from .bulk import TableWriter
from .names import PROVIDER_WORDS, SCHOOL_KINDS, NameMaker
from .scale import Scale
from .world import ProviderInfo

STATE_CODE = "USBE"


@dataclass
class Directory:
    state_id: int
    home_id: int
    leas: list[Organisation] = field(default_factory=list)
    schools: list[Organisation] = field(default_factory=list)
    school_weights: list[float] = field(default_factory=list)
    providers: list[ProviderInfo] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    parent: dict[int, int | None] = field(default_factory=dict)
    demo_school_id: int = 0
    demo_provider_id: int = 0

    @property
    def demo_lea_id(self) -> int:
        return self.parent[self.demo_school_id]  # type: ignore[return-value]


def _org(kind: str, code: str, name: str, **extra: object) -> Organisation:
    slug = code.lower().replace("-", ".")
    return Organisation(
        kind=kind, code=code, name=name, email=f"{slug}@demo.seats.example", **extra
    )


def build_organisations(scale: Scale, rng: random.Random, names: NameMaker) -> Directory:
    state, _ = Organisation.objects.get_or_create(
        code=STATE_CODE,
        defaults={"kind": OrgKind.STATE, "name": "Utah State Board of Education"},
    )
    home, _ = Organisation.objects.get_or_create(
        code=HOME_LEA_CODE,
        defaults={"kind": OrgKind.LEA, "name": "Home School Students (state approves)"},
    )
    leas = [
        _org(OrgKind.LEA, f"D{n + 1:03d}", f"{names.place()} School District")
        for n in range(scale.districts)
    ] + [
        _org(
            OrgKind.LEA,
            f"C{n + 1:03d}",
            f"{names.place()} {rng.choice(('Charter', 'Prep'))}",
            counselors_decide=True,  # small LEAs: their counselors approve for them
        )
        for n in range(scale.charters)
    ]
    leas = Organisation.objects.bulk_create(leas)
    d = Directory(state_id=state.pk, home_id=home.pk, leas=leas)
    d.schools = Organisation.objects.bulk_create(_schools(scale, rng, names, leas, d))
    d.school_weights = [_size(s) for s in d.schools]
    for org in [state, home, *leas, *d.schools]:
        d.names[org.pk] = org.name
        d.parent[org.pk] = org.parent_id
    d.providers = _providers(scale, rng, names, leas, d)
    demo_school = next(s for s in d.schools if s.name.endswith("High School"))
    d.demo_school_id = demo_school.pk
    # The demo counselor's district lets its counselors decide, so that login shows it too, and
    # its bulk approval skips the requests its counselors have not reviewed (an LEA policy).
    Organisation.objects.filter(pk=demo_school.parent_id).update(
        counselors_decide=True, bulk_approval_needs_review=True
    )
    d.demo_provider_id = next(
        p.id for p in d.providers if p.parent_id not in (None, demo_school.parent_id)
    )
    return d


def _size(school: Organisation) -> float:
    return 3.0 if school.name.endswith("High School") else 1.5 if "Academy" in school.name else 1.0


def _schools(
    scale: Scale, rng: random.Random, names: NameMaker, leas: list[Organisation], d: Directory
) -> list[Organisation]:
    districts = [lea for lea in leas if lea.code.startswith("D")]
    charters = [lea for lea in leas if lea.code.startswith("C")]
    out = [_org(OrgKind.SCHOOL, f"{c.code}-01", f"{c.name} Academy", parent=c) for c in charters]
    left = max(scale.schools - len(out), len(districts))
    for n in range(left):
        district = districts[n % len(districts)]
        number = n // len(districts) + 1
        kind = "High School" if number == 1 else rng.choice(SCHOOL_KINDS)
        out.append(
            _org(
                OrgKind.SCHOOL,
                f"{district.code}-{number:02d}",
                f"{names.place()} {kind}",
                parent=district,
            )
        )
    return out


def _providers(
    scale: Scale, rng: random.Random, names: NameMaker, leas: list[Organisation], d: Directory
) -> list[ProviderInfo]:
    online = max(1, scale.providers // 2)
    ihe = max(1, scale.providers // 4)
    certified = max(1, scale.providers - online - ihe)
    hosts = rng.sample(leas, min(online, len(leas)))
    rows = []
    for n, host in enumerate(hosts):
        rows.append(
            _org(
                OrgKind.PROVIDER,
                f"P{n + 1:03d}",
                f"{host.name} {rng.choice(PROVIDER_WORDS)}",
                parent=host,
                provider_category=ProviderCategory.ONLINE,
            )
        )
    for _ in range(ihe):
        rows.append(
            _org(
                OrgKind.PROVIDER,
                f"P{len(rows) + 1:03d}",
                f"{names.place()} University Online",
                provider_category=ProviderCategory.IHE,
            )
        )
    for _ in range(certified):
        rows.append(
            _org(
                OrgKind.PROVIDER,
                f"P{len(rows) + 1:03d}",
                f"{names.place()} Learning, Inc.",
                provider_category=ProviderCategory.CERTIFIED,
            )
        )
    saved = Organisation.objects.bulk_create(rows)
    out = []
    for org in saved:
        d.names[org.pk] = org.name
        d.parent[org.pk] = org.parent_id
        out.append(
            ProviderInfo(
                id=org.pk,
                code=org.code,
                category=org.provider_category,
                parent_id=org.parent_id,
                open_enrollment=org.provider_category != ProviderCategory.ONLINE
                and rng.random() < 0.5,
            )
        )
    return out


def build_calendars(
    d: Directory, years: list[int], business: BusinessCalendar, rng: random.Random
) -> dict[int, list[date]]:
    """School calendars for most LEAs and providers: the default state calendar with a start a
    day or two off and a few local closures. The rest fall back as the services say."""
    owners = [lea.pk for lea in d.leas if rng.random() < 0.85] + [
        p.id for p in d.providers if p.category == ProviderCategory.ONLINE or rng.random() < 0.7
    ]
    base = {year: default_school_days(year, business) for year in years}
    calendars = SchoolCalendar.objects.bulk_create(
        SchoolCalendar(organisation_id=org_id, name=f"{d.names[org_id]} school calendar")
        for org_id in owners
    )
    writer = TableWriter(SchoolDay, ["calendar_id", "date"])
    loaded: dict[int, list[date]] = {}
    for cal in calendars:
        days: list[date] = []
        for year in years:
            days += _vary(base[year], business, rng)
        loaded[cal.organisation_id] = days
        writer.write((cal.pk, day) for day in days)
    return loaded


def _vary(days: list[date], business: BusinessCalendar, rng: random.Random) -> list[date]:
    shift = rng.randrange(-2, 3)
    out = list(days)
    if shift > 0:
        out = out[shift:]
    elif shift < 0:
        first = out[0]
        extra = []
        for _ in range(-shift):
            first = business.previous_business_day(first)
            extra.append(first)
        out = sorted(extra) + out
    for _ in range(rng.randrange(0, 4)):  # local professional-development days
        out.pop(rng.randrange(10, len(out) - 10))
    if rng.random() < 0.2:  # in session on a state holiday (Columbus Day, say)
        october = [d for d in (out[0] + timedelta(days=i) for i in range(40, 70))]
        holiday = next((d for d in october if business.holiday_name(d)), None)
        if holiday and holiday not in out:
            out = sorted([*out, holiday])
    return out
