"""The SEATS vs UTREx consistency check, set-based (SPEC 7).

The extract is streamed record by record; the SEATS side is fetched once per school year with one
query of plain values (CCA joined with the student's SSID and the offering's core code and
title), scoped by the access layer, and held in a dict keyed like UTREx keys a course record:
(SSID, core code, school year, session). Matching is a dict lookup, the rules are plain functions,
and findings go to a sink as they are found, so 500,000 records need neither N+1 queries nor the
whole file's findings in memory.

Records that match no CCA exactly get a second chance, in order: the same student and course in
the year (the session differs), then the same student and session (the core code differs). What
still matches nothing is a CCA that never reached Confirmed, a duplicate, or no CCA at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from seats.core.models import AccessPurpose, Organisation
from seats.core.replica import on_replica
from seats.core.selectors.access import PROVIDER_ROLES, Viewer, ccas_visible_to
from seats.core.services.audit import log_export
from seats.domain.calendars import school_year_of
from seats.domain.statuses import Status

from .course import EXPECTED_STATUSES, SeatsCourse, Window
from .extract import ExtractReader, ExtractRecord, ParseProblem
from .findings import CheckSummary, Finding
from .index import COURSE_FIELDS, DENVER, Key, YearIndex, calendar_window, closed_on, courses_from
from .rules import Mismatch, check_record, is_clean, valid_ssid

__all__ = ["DENVER", "Check", "run_check"]


class Check:
    """One run of the check for one viewer; ``run`` streams findings to ``emit``."""

    def __init__(
        self,
        viewer: Viewer,
        *,
        as_of: date,
        school_year: int | None = None,
        provider: Organisation | None = None,
        emit: Callable[[Finding], None],
    ) -> None:
        self.viewer = viewer
        self.as_of = as_of
        self.school_year = school_year
        self.provider = provider
        self._emit = emit
        self.years: dict[int, YearIndex] = {}
        self.windows: dict[tuple[int, int], Window] = {}
        self.provider_codes: dict[int, str] = {}
        self.summary = CheckSummary(source="", scope=self._scope(), as_of=as_of)

    def _scope(self) -> str:
        if self.provider is not None:
            return f"provider {self.provider.code}"
        if self.viewer.role in PROVIDER_ROLES:
            return f"provider {self.viewer.organisation.code}"
        return "all providers"

    # --- the SEATS side ---------------------------------------------------------------------

    def _scoped(self):
        ccas = ccas_visible_to(self.viewer)
        return ccas.filter(provider=self.provider) if self.provider is not None else ccas

    def load_year(self, year: int) -> YearIndex:
        found = self.years.get(year)
        if found is None:
            rows = (
                self._scoped()
                .filter(school_year=year, status__in=EXPECTED_STATUSES)
                .annotate(closed_on=closed_on())
                .values_list(*COURSE_FIELDS)
                .iterator(chunk_size=20_000)
            )
            found = self.years[year] = YearIndex(year, courses_from(rows))
            self.summary.school_years.append(year)
        return found

    def window_for(self, course: SeatsCourse) -> Window:
        key = (course.provider_id, course.school_year)
        found = self.windows.get(key)
        if found is None:
            found = self.windows[key] = calendar_window(course.provider_id, course.school_year)
        return found

    def _provider_code(self, provider_id: int) -> str:
        if not self.provider_codes:
            self.provider_codes = dict(
                Organisation.objects.filter(kind="provider").values_list("pk", "code")
            )
        return self.provider_codes.get(provider_id, "")

    # --- findings ---------------------------------------------------------------------------

    def emit(self, finding: Finding) -> None:
        self.summary.by_rule[finding.rule] += 1
        self.summary.by_severity[finding.severity] += 1
        self._emit(finding)

    def _mismatches(
        self, record: ExtractRecord, course: SeatsCourse | None, found: Iterable[Mismatch]
    ) -> None:
        for m in found:
            self.emit(
                Finding(
                    m.rule,
                    "error",
                    record.ssid,
                    record.core_code,
                    record.school_year,
                    record.term,
                    course.cca_id if course else None,
                    record.line,
                    m.expected,
                    m.found,
                    m.message,
                    self._provider_code(course.provider_id) if course else "",
                )
            )

    def set_finding(
        self, rule: str, record: ExtractRecord, message: str, course: SeatsCourse | None = None
    ) -> None:
        self._mismatches(record, course, [Mismatch(rule, "", "", message)])

    def problem(self, problem: ParseProblem) -> None:
        self.emit(
            Finding(
                "PARSE",
                "warning",
                "",
                "",
                None,
                "",
                None,
                problem.line,
                "",
                problem.value,
                f"{problem.where()}: {problem.message}",
            )
        )

    def matched(self, record: ExtractRecord, course: SeatsCourse) -> None:
        self.summary.matched += 1
        window = self.window_for(course)
        if not is_clean(record, course, window):
            self._mismatches(record, course, check_record(record, course, window))

    def _best_for(self, record: ExtractRecord) -> Callable[[list[SeatsCourse]], SeatsCourse]:
        def best(courses: list[SeatsCourse]) -> SeatsCourse:
            """Fewest mismatches; on a tie, the CCA whose own dates the record carries."""
            return min(
                courses,
                key=lambda c: (
                    len(check_record(record, c, self.window_for(c))),
                    record.entry_date != c.course_start,
                    record.exit_date != c.closed_on,
                ),
            )

        return best

    # --- the run ----------------------------------------------------------------------------

    def run(self, data: bytes, *, source: str) -> CheckSummary:
        self.summary.source = source
        reader = ExtractReader(data, source=source, on_problem=self.problem)
        if self.school_year is not None:
            self.load_year(self.school_year)
        pending: list[ExtractRecord] = []  # SOEP records without an exact match
        other_setting: list[tuple[ExtractRecord, Key]] = []
        for record in reader:
            self.summary.records += 1
            year = record.school_year
            if year is None:
                if "school_year" not in record.bad:
                    self.problem(
                        ParseProblem(record.line, 0, "school_year", "", "the school year is blank")
                    )
                continue
            if self.school_year is not None and year != self.school_year:
                self.summary.other_year_records += 1
                continue
            key = (record.ssid, record.core_code, year, record.term)
            if not record.is_soep:
                self.summary.other_setting_records += 1
                if key in self.load_year(year).by_key:
                    other_setting.append((record, key))
                continue
            self.summary.soep_records += 1
            course, exists = self.load_year(year).take(key, self._best_for(record))
            if course is not None:
                self.matched(record, course)
            elif exists:
                self._mismatches(record, None, check_record(record, None, None))
                taken = self.years[year].by_key[key]
                first = taken[0] if isinstance(taken, list) else taken
                self.set_finding(
                    "DUPLICATE_RECORD",
                    record,
                    f"Another SOEP record already matched CCA {first.cca_id}.",
                    first,
                )
            else:
                pending.append(record)
        for record, key in other_setting:
            course, _ = self.years[key[2]].take(key, self._best_for(record))
            if course is not None:
                self.matched(record, course)
        if not self.years:  # nothing to go by: an empty extract misses the current year's CCAs
            self.load_year(school_year_of(self.as_of))
        self._second_chance(pending)
        self._missing()
        return self.summary

    def _second_chance(self, pending: list[ExtractRecord]) -> None:
        """Pair what is left by student and course (session differs), then by student and
        session (core code differs); only an unambiguous pairing counts."""
        if not pending:
            return
        by_course: dict[tuple, list[SeatsCourse]] = defaultdict(list)
        by_session: dict[tuple, list[SeatsCourse]] = defaultdict(list)
        for year in {r.school_year for r in pending}:
            for course in self.years[year].unmatched():  # type: ignore[index]
                by_course[(course.ssid, course.core_code, year)].append(course)
                by_session[(course.ssid, year, course.session)].append(course)
        unpaired: list[ExtractRecord] = []
        for record in pending:
            course = self._pair(by_course.get((record.ssid, record.core_code, record.school_year)))
            if course is None:
                course = self._pair(by_session.get((record.ssid, record.school_year, record.term)))
            if course is None:
                unpaired.append(record)
            else:
                self.years[course.school_year].matched.add(course.cca_id)
                self.matched(record, course)
        self._unpaired(unpaired)

    def _pair(self, candidates: list[SeatsCourse] | None) -> SeatsCourse | None:
        if not candidates:
            return None
        free = [c for c in candidates if c.cca_id not in self.years[c.school_year].matched]
        return free[0] if len(free) == 1 else None

    def _unpaired(self, records: list[ExtractRecord]) -> None:
        """Records with no Confirmed CCA: a CCA that stopped before Confirmed, or nothing."""
        not_confirmed = self._not_confirmed({r.ssid for r in records if r.ssid})
        for record in records:
            self._mismatches(record, None, check_record(record, None, None))
            if not valid_ssid(record.ssid):
                continue  # the SSID rule already said why it cannot match
            status = not_confirmed.get((record.ssid, record.core_code, record.school_year))
            if status is not None:
                self.set_finding(
                    "CCA_NOT_CONFIRMED",
                    record,
                    f"SEATS has this course for the student in {Status(status).label}: it never "
                    "reached Confirmed, so UTREx should not report it as an SOEP course.",
                )
            else:
                self.set_finding(
                    "NO_SEATS_CCA",
                    record,
                    "No CCA in SEATS (that you can see) has this student, core code, school year "
                    "and session.",
                )

    def _not_confirmed(self, ssids: set[str]) -> dict[tuple[str, str, int], str]:
        found: dict[tuple[str, str, int], str] = {}
        years = list(self.years)
        ordered = sorted(ssids)
        for i in range(0, len(ordered), 5000):
            rows = (
                self._scoped()
                .filter(student__ssid__in=ordered[i : i + 5000], school_year__in=years)
                .exclude(status__in=EXPECTED_STATUSES)
                .values_list("student__ssid", "offering__core_code", "school_year", "status")
            )
            for ssid, code, year, status in rows:
                found[(ssid, code, year)] = status
        return found

    def _missing(self) -> None:
        for year in self.years.values():
            for course in year.courses():
                self.summary.expected_ccas += 1
                if course.cca_id in year.matched:
                    continue
                if course.confirmation_date is not None and course.confirmation_date > self.as_of:
                    continue  # confirmed after the extract was taken
                self.emit(
                    Finding(
                        "MISSING_FROM_UTREX",
                        "error",
                        course.ssid,
                        course.core_code,
                        course.school_year,
                        course.session,
                        course.cca_id,
                        None,
                        "an SOEP record",
                        "none",
                        f"CCA {course.cca_id} is {Status(course.status).label} in SEATS but the "
                        "extract has no SOEP course record for it.",
                        self._provider_code(course.provider_id),
                    )
                )


@on_replica
def run_check(
    viewer: Viewer,
    data: bytes,
    *,
    source: str = "extract",
    as_of: date,
    school_year: int | None = None,
    provider: Organisation | None = None,
    emit: Callable[[Finding], None] | None = None,
) -> tuple[CheckSummary, list[Finding]]:
    """Check ``data`` (the extract's bytes) for ``viewer``. Findings go to ``emit`` when given
    (streaming, for large files), otherwise they are returned."""
    collected: list[Finding] = []
    check = Check(
        viewer,
        as_of=as_of,
        school_year=school_year,
        provider=provider,
        emit=emit or collected.append,
    )
    summary = check.run(data, source=source)
    log_export(
        viewer,
        what=f"UTREx check of {source}"[:200],
        rows=summary.records,
        purpose=AccessPurpose.STATE_REPORTING,
    )
    return summary, collected
