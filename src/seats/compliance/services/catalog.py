"""The SEATS Course Request Spreadsheet: next year's catalog, uploaded in January (due February
15), validated row by row, approved by the state, then published as that year's offerings
through core (seats.core.services.catalog). Sources: the provider manual's "SEATS Course Request
Spreadsheet" and "Recovery Credit"; R277-726-7(11) (course codes; semester or quarter courses)."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from decimal import Decimal

from django.db import transaction

from seats.core.models import CourseOffering
from seats.core.services.actors import Actor
from seats.core.services.catalog import CourseSpec, Published, publish_catalog
from seats.domain.catalog import (
    MATURE_DISCLAIMER,
    TermType,
    check_credit,
    parse_categories,
    tier_for,
)
from seats.domain.compliance.calendar import Obligation
from seats.domain.errors import Conflict, DomainError, NotFound

from ..models import AlignmentRequirement, CatalogSubmission, ObligationDone
from ..sheets import Sheet, cell_bool, read_sheet
from .authority import check_state, provider_for

RULE = "Provider Manual, SEATS Course Request Spreadsheet"
REQUIRED = (
    "core_code",
    "usbe_course_title",
    "provider_course_title",
    "credit",
    "term_type",
    "content_categories",
    "grade_min",
    "grade_max",
)
OPTIONAL = (
    "prerequisites",
    "description",
    "mature_content",
    "credit_recovery",
    "ncaa_note",
    "health",
)
_CODE = re.compile(r"[0-9A-Za-z]{4,16}")
_RECOVERY = re.compile(r"credit\s*recovery|recovery\s*credit", re.IGNORECASE)


def known_core_codes() -> set[str]:
    codes = set(AlignmentRequirement.objects.values_list("core_code", flat=True))
    return codes | set(CourseOffering.objects.values_list("core_code", flat=True).distinct())


def _grade(sheet: Sheet, line: int, column: str, text: str) -> int | None:
    if not text.isdigit() or not 6 <= int(text) <= 12:
        sheet.add(line, column, f"{text!r} is not a grade from 6 to 12.", RULE)
        return None
    return int(text)


def parse_catalog(data: bytes, file_name: str) -> tuple[list[dict], Sheet]:
    """The rows as stored (JSON-ready), or the problems of every row."""
    sheet = read_sheet(data, file_name, required=REQUIRED, optional=OPTIONAL)
    known = known_core_codes()
    in_sheet = {row.get("core_code", "") for _, row in sheet}
    rows: list[dict] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in sheet:
        before = len(sheet.problems)
        for column in REQUIRED:
            if not row.get(column, ""):
                sheet.add(line, column, "Required.", RULE)
        code = row.get("core_code", "")
        if code and not _CODE.fullmatch(code):
            sheet.add(line, "core_code", f"{code!r} is not a USBE core code.", "R277-726-7(11)")
        elif code and code not in known:
            sheet.add(line, "core_code", f"Unknown core code {code!r}.", "R277-726-7(11)")
        credit = None
        if row.get("credit"):
            try:
                credit = check_credit(row["credit"])
            except DomainError as exc:
                sheet.add(line, "credit", exc.message, RULE)
        term = row.get("term_type", "").strip().lower()
        if term and term not in {t.value for t in TermType}:
            sheet.add(
                line, "term_type", f"{term!r}: a course is semester or quarter.", "R277-726-7(11)"
            )
        categories: list[str] = []
        if row.get("content_categories"):
            try:
                parsed = parse_categories(
                    p for p in row["content_categories"].split(";") if p.strip()
                )
                categories = [c.value for c in parsed]
            except DomainError as exc:
                sheet.add(line, "content_categories", exc.message, RULE)
        low = _grade(sheet, line, "grade_min", row["grade_min"]) if row.get("grade_min") else None
        high = _grade(sheet, line, "grade_max", row["grade_max"]) if row.get("grade_max") else None
        if low and high and low > high:
            sheet.add(line, "grade_max", f"grade_max {high} is below grade_min {low}.", RULE)
        prerequisites = [p.strip() for p in row.get("prerequisites", "").split(";") if p.strip()]
        for p in prerequisites:
            if p not in known and p not in in_sheet:
                sheet.add(
                    line, "prerequisites", f"Prerequisite {p!r} is not a known core code.", RULE
                )
        description = row.get("description", "")
        mature = cell_bool(sheet, line, "mature_content", row.get("mature_content", ""))
        if mature and MATURE_DISCLAIMER not in description:
            sheet.add(
                line,
                "description",
                f'A mature-content course must carry the disclaimer "{MATURE_DISCLAIMER}"',
                RULE,
            )
        recovery = cell_bool(sheet, line, "credit_recovery", row.get("credit_recovery", ""))
        title = row.get("provider_course_title", "")
        if recovery or _RECOVERY.search(title):
            sheet.add(
                line,
                "credit_recovery",
                "Courses designed for credit recovery cannot be offered through SOEP.",
                "Provider Manual, Recovery Credit",
            )
        health = cell_bool(sheet, line, "health", row.get("health", ""))
        if code and title:
            first = seen.setdefault((code, title.casefold()), line)
            if first != line:
                sheet.add(line, "provider_course_title", f"Repeats line {first}.", RULE)
        if len(sheet.problems) == before:
            rows.append(
                {
                    "line": line,
                    "core_code": code,
                    "usbe_title": row["usbe_course_title"][:200],
                    "provider_title": title[:200],
                    "credit": str(credit),
                    "term_type": term,
                    "content_categories": categories,
                    "tier": tier_for(categories).value,
                    "grade_min": low,
                    "grade_max": high,
                    "prerequisites": "; ".join(prerequisites),
                    "description": description,
                    "mature_content": mature,
                    "ncaa_note": row.get("ncaa_note", "")[:200],
                    "is_health": health,
                }
            )
    if not sheet.rows and not sheet.problems:
        sheet.add(0, "", "The spreadsheet has no courses.", RULE)
    return rows, sheet


def submit_catalog(
    *, actor: Actor, provider_id: int, school_year: int, data: bytes, file_name: str, as_of: date
) -> CatalogSubmission:
    """Record the provider's Course Request Spreadsheet for ``school_year`` (the catalog's year).
    A file with any problem is refused whole (``SheetRefused``); a later file replaces an
    earlier one not yet approved."""
    provider = provider_for(actor, provider_id)
    rows, sheet = parse_catalog(data, file_name)
    sheet.raise_if_any()
    with transaction.atomic():
        if CatalogSubmission.objects.filter(
            provider=provider, school_year=school_year, status=CatalogSubmission.APPROVED
        ).exists():
            raise Conflict(
                f"The {school_year} catalog is already approved; ask the state to change it.",
                field="school_year",
            )
        CatalogSubmission.objects.filter(
            provider=provider, school_year=school_year, status=CatalogSubmission.SUBMITTED
        ).update(status=CatalogSubmission.SUPERSEDED)
        submission = CatalogSubmission.objects.create(
            provider=provider,
            school_year=school_year,
            submitted_on=as_of,
            submitted_by=actor.user,
            sha256=hashlib.sha256(data).hexdigest(),
            rows=rows,
        )
        ObligationDone.objects.get_or_create(
            provider=provider,
            school_year=school_year - 1,
            obligation=Obligation.COURSE_REQUEST.value,
            defaults={"done_on": as_of, "recorded_by": actor.user},
        )
    return submission


def approve_catalog(*, actor: Actor, submission_id: int, as_of: date) -> Published:
    """The state approves a submission: it becomes the provider's offerings of that year."""
    check_state(actor, what="approve a Course Request Spreadsheet")
    with transaction.atomic():
        submission = CatalogSubmission.objects.select_for_update().filter(pk=submission_id).first()
        if submission is None:
            raise NotFound(f"There is no catalog submission {submission_id}.", field="submission")
        if submission.status != CatalogSubmission.SUBMITTED:
            raise Conflict(
                f"Submission {submission_id} is {submission.status}.", field="submission"
            )
        courses = [
            CourseSpec(
                core_code=r["core_code"],
                usbe_title=r["usbe_title"],
                provider_title=r["provider_title"],
                credit=Decimal(r["credit"]),
                term_type=r["term_type"],
                content_categories=tuple(r["content_categories"]),
                grade_min=r["grade_min"],
                grade_max=r["grade_max"],
                prerequisites=r["prerequisites"],
                description=r["description"],
                mature_content=r["mature_content"],
                ncaa_note=r["ncaa_note"],
                is_health=r["is_health"],
            )
            for r in submission.rows
        ]
        published = publish_catalog(
            actor=actor,
            provider_id=submission.provider_id,
            school_year=submission.school_year,
            courses=courses,
        )
        submission.status = CatalogSubmission.APPROVED
        submission.decided_on = as_of
        submission.decided_by = actor.user
        submission.offerings_created = published.created
        submission.save(update_fields=["status", "decided_on", "decided_by", "offerings_created"])
    return published
