"""The demo state (`seats demo`): every status, histories the services would have written, the
lifecycle guards, stored deadlines, the demo logins, and `--if-empty`."""

from __future__ import annotations

import io
import itertools
import json
from collections import defaultdict
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Q

from seats.core.models import (
    CCA,
    CCAHistory,
    CourseOffering,
    Guardian,
    Organisation,
    OrgKind,
    RoleMembership,
    SchoolDay,
    Student,
    User,
)
from seats.demo import DEMO_PASSWORD, build_demo, custom
from seats.domain.catalog import MATURE_DISCLAIMER, ContentCategory, tier_for
from seats.domain.lifecycle import (
    FAILING_GRADE,
    INCOMPLETE_GRADES,
    PASSING_GRADES,
    find_move,
)
from seats.domain.roles import Role
from seats.domain.statuses import (
    FINAL_GRADE_STATUSES,
    HALF_CREDIT_ONLY,
    STATUS_INFO,
    Status,
    credit_earned,
)

AS_OF = date(2026, 2, 16)
DENVER = ZoneInfo("America/Denver")
ROLE_VALUES = {r.value for r in Role} | {"system"}


class _Rollback(Exception):
    pass


def test_same_seed_same_state(db) -> None:
    """Deterministic with --seed: two builds of a tiny state match row for row."""
    tiny = custom(students=40, ccas=90, name="tiny")
    seen = []
    for _ in range(2):
        try:
            with transaction.atomic():
                build_demo(tiny, as_of=AS_OF, seed=11)
                seen.append(
                    list(CCA.objects.order_by("pk").values_list("status", "submitted_on"))
                    + list(CCAHistory.objects.order_by("pk").values_list("action", "to_status"))
                )
                raise _Rollback
        except _Rollback:
            pass
    assert len(seen[0]) > 90
    assert seen[0] == seen[1]


@pytest.mark.parametrize(
    ("as_of", "story_year"), [(date(2026, 3, 25), 2025), (date(2025, 9, 2), 2024)]
)
def test_the_compliance_story_follows_the_demos_date(db, as_of, story_year) -> None:
    """Inside a reminder window an obligation the provider has not done is due soon; before
    this year's final review (and the corrective action after it) the story is last year's.
    Runs before the module's demo is loaded: it builds its own."""
    from seats.compliance.models import CorrectiveAction, TorCycle
    from seats.compliance.services.cycle import provider_calendar
    from seats.domain.compliance.calendar import State

    tiny = custom(students=60, ccas=150, name="tiny")
    try:
        with transaction.atomic():
            build_demo(tiny, as_of=as_of, seed=3)
            assert set(TorCycle.objects.values_list("school_year", flat=True)) == {story_year}
            action = CorrectiveAction.objects.get()
            assert action.issued_on <= as_of
            login = RoleMembership.objects.get(user__username="provider_staff").organisation
            assert action.cycle.provider_id == login.pk
            if story_year == 2025:
                rows = provider_calendar(provider_id=login.pk, school_year=2025, as_of=as_of)
                states = {r.dated.obligation.value: r.state for r in rows}
                assert states["annual_renewal"] is State.DUE_SOON
                assert states["teaching_assignments"] is State.OVERDUE
            raise _Rollback
    except _Rollback:
        pass


def test_bad_options_are_refused_clearly(db) -> None:
    with pytest.raises(CommandError, match="--as-of"):
        call_command("demo", "--as-of", "2026-13-01")
    with pytest.raises(CommandError, match="future"):
        call_command("demo", "--as-of", "2099-01-01")
    with pytest.raises(CommandError, match="outside the dates SEATS works with"):
        call_command("demo", "--as-of", "2999-01-01")
    with pytest.raises(CommandError, match="No demo logins"):
        call_command("demo", "--logins", stdout=io.StringIO())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The small demo, loaded once for this module through the command, then rolled back."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                out = io.StringIO()
                call_command(
                    "demo",
                    "--as-of",
                    AS_OF.isoformat(),
                    "--seed",
                    "5",
                    stdout=out,
                    stderr=io.StringIO(),
                )
                yield out.getvalue()
                raise _Rollback
        except _Rollback:
            pass


@pytest.fixture
def histories(demo, db) -> dict[int, list[CCAHistory]]:
    by_cca: dict[int, list[CCAHistory]] = defaultdict(list)
    for entry in CCAHistory.objects.order_by("cca_id", "seq"):
        by_cca[entry.cca_id].append(entry)
    return by_cca


def test_loads_a_few_thousand_ccas_in_every_status(demo, db) -> None:
    assert "Demo state loaded" in demo
    assert 2000 <= CCA.objects.count() <= 10000
    assert set(CCA.objects.values_list("status", flat=True)) == {s.value for s in Status}
    years = set(CCA.objects.values_list("school_year", flat=True))
    assert years == {2024, 2025}


def test_organisations_and_catalog(demo, db) -> None:
    assert Organisation.objects.get(code="USBE").kind == OrgKind.STATE
    assert Organisation.objects.get(code="HOME").is_home
    assert Organisation.objects.filter(kind=OrgKind.LEA).count() >= 40
    assert Organisation.objects.filter(kind=OrgKind.SCHOOL).count() >= 150
    categories = set(
        Organisation.objects.filter(kind=OrgKind.PROVIDER).values_list(
            "provider_category", flat=True
        )
    )
    assert categories == {"online", "ihe", "certified"}
    assert not Organisation.objects.filter(
        kind=OrgKind.PROVIDER, provider_category="online", parent__isnull=True
    ).exists()
    offerings = list(CourseOffering.objects.all())
    assert len(offerings) >= 250
    seen = {c for o in offerings for c in o.content_categories}
    assert seen == {c.value for c in ContentCategory}
    for o in offerings:
        assert o.tier == tier_for(o.content_categories).value
        assert (MATURE_DISCLAIMER in o.description) == o.mature_content
    assert any(o.is_health for o in offerings)
    assert any(not o.is_open for o in offerings)
    assert SchoolDay.objects.exists()


def test_students_cover_the_cases(demo, db) -> None:
    students = Student.objects.all()
    assert set(students.values_list("grade", flat=True)) == set(range(6, 13))
    assert students.filter(is_home_school=True, primary_lea__code="HOME").exists()
    assert students.filter(ssid__isnull=True).exists()
    assert students.filter(has_iep=True).exists() and students.filter(has_504=True).exists()
    assert students.filter(language="es").exists()
    assert Guardian.objects.filter(language="es").exists()
    assert not students.exclude(guardians__isnull=False).exists()


def test_accounts_leave_the_language_blank_unless_the_demo_chooses(demo, db) -> None:
    """Blank: the browser decides until the person chooses. The demo chooses Spanish only for
    its Spanish-speaking families."""
    users = User.objects.all()
    assert set(users.values_list("language", flat=True)) == {"", "es"}
    spanish = users.filter(language="es")
    assert spanish.exists()
    family = Q(student__language="es") | Q(guardian__language="es")
    assert spanish.count() == spanish.filter(family).count()


def test_histories_follow_the_service_conventions(demo, histories, db) -> None:
    ccas = {c.pk: c for c in CCA.objects.all()}
    assert set(histories) == set(ccas)
    last_moment = datetime.combine(AS_OF, time(0), DENVER)
    for cca_id, entries in histories.items():
        cca = ccas[cca_id]
        assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
        first = entries[0]
        assert (first.action, first.from_status, first.to_status) == (
            "submit",
            "",
            "pending_execution",
        )
        assert cca.version == len(entries)
        status = first.to_status
        for before, entry in itertools.pairwise(entries):
            assert entry.at > before.at
            assert entry.from_status == status, (cca_id, entry.seq)
            if entry.to_status != status:
                move = find_move(Status(status), Status(entry.to_status))
                assert move is not None and move.name == entry.action, (cca_id, entry.action)
            else:
                assert isinstance(entry.details, dict) and entry.details, (cca_id, entry.action)
                assert all(set(v) == {"from", "to"} for v in entry.details.values())
            status = entry.to_status
        assert status == cca.status
        assert entries[-1].at < last_moment
        for entry in entries:
            assert entry.actor_role in ROLE_VALUES
            assert (entry.actor_id is None) == (entry.actor_role == "system"), (cca_id, entry.seq)


def test_notices_of_enrollment_name_their_basis(demo, histories, db) -> None:
    bases = set()
    for entries in histories.values():
        for e in entries:
            if e.action == "issue_notice_of_enrollment":
                assert e.actor_id is None and e.actor_role == "system"
                bases.add(e.details["basis"])
    assert bases == {"lea_approved", "lea_window_expired"}


def test_guards_hold(demo, histories, db) -> None:
    for cca in CCA.objects.select_related("student"):
        entries = histories[cca.pk]
        actions = [e.action for e in entries]
        status = Status(cca.status)
        closing = [e for e in entries if e.to_status == cca.status != e.from_status][-1]
        if any(e.to_status == "confirmed" for e in entries):
            assert cca.student.ssid and cca.teacher_of_record_id and cca.course_start_date
            assert cca.confirmation_date >= cca.census_date, cca.pk
            assert cca.confirmation_date < AS_OF
        if status in HALF_CREDIT_ONLY:
            assert cca.credit_attempted == Decimal("0.5")
        if STATUS_INFO[status].document is not None:
            assert closing.document_ref
        if status in FINAL_GRADE_STATUSES:
            assert cca.final_grade and cca.completion_date
            assert closing.details["final_grade"] == cca.final_grade
        if status is Status.PASS_ALL_COMPLETE:
            assert cca.final_grade in PASSING_GRADES
            assert cca.completion_date <= cca.closeout_date
        if status is Status.LATE_PASS:
            assert "anticipated_late_pass" in actions
            assert cca.completion_date > cca.closeout_date
        if status is Status.COMPLETED_GRADE_TOO_LOW:
            assert cca.final_grade == FAILING_GRADE
        if status is Status.FAILED_TO_COMPLETE:
            assert cca.final_grade in INCOMPLETE_GRADES
        if "administrative_withdrawal" in actions:
            assert "intent_to_withdraw" in actions
        if STATUS_INFO[status].terminal:
            expected = credit_earned(status, float(cca.credit_attempted))
            assert cca.credit_earned == Decimal(str(expected)), cca.pk
            assert not cca.at_risk and cca.at_risk_since is None, cca.pk  # ends with the CCA
        for day in (cca.submitted_on, cca.noe_date, cca.confirmation_date, cca.completion_date):
            assert day is None or day < AS_OF or status is Status.LATE_PASS


def test_an_lea_requires_the_counselors_review_for_bulk_approval(demo, db) -> None:
    assert Organisation.objects.filter(kind="lea", bulk_approval_needs_review=True).exists()


def test_open_work_is_realistic(demo, db) -> None:
    current = CCA.objects.filter(school_year=2025)
    pending = current.filter(status="pending_execution")
    assert pending.filter(lea_decision="", provider_decision="").exists()
    assert pending.filter(lea_decision="approved").exists()
    assert pending.filter(
        provider_decision="approved", lea_decision="", lea_decision_due__lt=AS_OF
    ).exists()
    enrolled = current.filter(status="enrollment_complete")
    assert enrolled.filter(census_date__gt=AS_OF).exists()
    assert enrolled.filter(census_date__lte=AS_OF).exists()
    assert enrolled.filter(confirmation_due__lt=AS_OF).exists()


def test_deadline_columns_match_compute_deadlines(demo, db) -> None:
    from seats.core.services.facts import DEADLINE_COLUMNS, compute_for
    from seats.core.services.memo import reference_data_memoized

    sample = CCA.objects.select_related("student", "provider", "primary_lea", "primary_school")
    checked = 0
    with reference_data_memoized():  # calendars and policy read once, as a batch does
        for cca in sample.order_by("pk")[::7]:
            computed = compute_for(cca)
            for column, key in DEADLINE_COLUMNS.items():
                expected = computed[key].due if key in computed else None
                assert getattr(cca, column) == expected, (cca.pk, column)
            checked += 1
    assert checked > 300


def test_every_role_has_a_coherent_login(demo, db) -> None:
    out = io.StringIO()
    call_command("demo", "--logins-json", stdout=out)
    logins = json.loads(out.getvalue())
    assert [entry["role"] for entry in logins] == [r.value for r in Role]
    for entry in logins:
        assert set(entry) == {"role", "username", "password", "organisation"}
        assert entry["password"] == DEMO_PASSWORD
        assert authenticate(username=entry["username"], password=entry["password"]) is not None
    org = {e["role"]: e["organisation"] for e in logins}
    user = {e["role"]: e["username"] for e in logins}
    student = Student.objects.get(user__username=user["student"])
    ccas = list(CCA.objects.filter(student=student))
    assert len(ccas) >= 3
    assert Guardian.objects.filter(user__username=user["parent"], students=student).exists()
    assert org["counselor"] == org["registrar"] == student.primary_school.name
    assert all(c.counselor.username == user["counselor"] for c in ccas)
    assert org["lea_approver"] == student.primary_lea.name
    providers = [c.provider.name for c in ccas]
    assert providers.count(org["provider_staff"]) >= 2
    assert org["provider_admin"] == org["provider_staff"]
    staff = set(User.objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {user["state_admin"]}  # the back office is the state administrator's
    assert org["state_specialist"] == org["state_admin"] == org["auditor"]
    assert Organisation.objects.get(name=org["auditor"]).code == "USBE"
    assert org["teacher"] == org["pupil_accounting"] == org["lea_approver"]  # the demo LEA
    memberships = RoleMembership.objects.filter(user__username__in=list(user.values()))
    assert memberships.count() == len(Role)


def test_logins_table(demo, db) -> None:
    out = io.StringIO()
    call_command("demo", "--logins", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split()[:3] == ["role", "username", "password"]
    assert len(lines) == 2 + len(Role)
    assert all(DEMO_PASSWORD in line for line in lines[2:])


def test_if_empty_is_a_no_op_on_a_loaded_database(demo, db) -> None:
    before = (CCA.objects.count(), CCAHistory.objects.count(), Student.objects.count())
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "not loaded" in out.getvalue()
    assert (CCA.objects.count(), CCAHistory.objects.count(), Student.objects.count()) == before
    with pytest.raises(CommandError, match="empty database"):
        call_command("demo", stdout=io.StringIO())


def _overdue_by_deadlines(today: date) -> set[tuple[int, str]]:
    """(CCA, flag kind) for every open deadline past due, as the worklists compute it."""
    from seats.core.selectors.ccas import due_items
    from seats.core.services.facts import DEADLINE_COLUMNS
    from seats.core.services.memo import reference_data_memoized
    from seats.core.services.sweep import FLAG_COLUMNS

    kind_of = {DEADLINE_COLUMNS[column]: kind for kind, column in FLAG_COLUMNS.items()}
    found: set[tuple[int, str]] = set()
    # Calendars and policy read once for the whole walk, as a batch does (they cannot change
    # during it): without the memo every CCA loads its school calendar again.
    with reference_data_memoized():
        for cca in CCA.objects.select_related("student").iterator(chunk_size=500):
            for item in due_items(cca, today):
                kind = kind_of.get(item.deadline.key)
                if item.overdue and kind is not None:
                    found.add((cca.pk, str(kind)))
    return found


def test_the_demo_servers_first_tick_makes_flags_worklists_and_inboxes_agree(demo, db) -> None:
    """`make run` serves the demo with the scheduler: its first tick sweeps the demo's date and
    delivers the outbox, so the state's overdue view (flags), the worklists (deadlines) and the
    inboxes agree without anyone running `seats sweep` or `seats deliver`. Runs last: it sweeps."""
    from django.test import override_settings

    from seats.core.models import (
        Delivery,
        DeliveryChannel,
        DeliveryStatus,
        InboxMessage,
        OverdueFlag,
    )
    from seats.core.scheduler import Scheduler

    def flagged() -> set[tuple[int, str]]:
        rows = (
            OverdueFlag.objects.filter(cleared_on__isnull=True)
            .exclude(kind="notice_withheld")  # no deadline of its own: checked below
            .values_list("cca_id", "kind")
        )
        return {(cca, str(kind)) for cca, kind in rows}

    assert flagged() != _overdue_by_deadlines(AS_OF)  # the demo leaves a week for the sweep
    with override_settings(SEATS_TODAY=AS_OF):
        report = Scheduler(worker="demo-server").tick()
    assert report.swept is not None and report.swept["as_of"] == AS_OF.isoformat()
    by_deadlines = {f for f in _overdue_by_deadlines(AS_OF) if f[1] != "notice_withheld"}
    assert flagged() == by_deadlines
    withheld = OverdueFlag.objects.filter(kind="notice_withheld", cleared_on__isnull=True)
    # a deemed approval the appropriation could not fund: a HOME request left pending
    assert set(withheld.values_list("cca__primary_lea__code", "cca__status").distinct()) <= {
        ("HOME", "pending_execution")
    }
    assert not Delivery.objects.exclude(status=DeliveryStatus.SENT).exists()
    assert report.sent > 0
    inbox = Delivery.objects.filter(channel=DeliveryChannel.INBOX, status=DeliveryStatus.SENT)
    assert InboxMessage.objects.count() >= inbox.count() > 0


def test_the_demo_has_pupil_accounting_to_show(demo, db) -> None:
    from seats.membership.models import EngagementEvent, Enrollment, Program

    assert Program.objects.values("kind").distinct().count() == 6
    assert Enrollment.objects.filter(teacher__username="teacher").count() >= 12
    assert EngagementEvent.objects.count() > 100


def test_the_demo_has_funding_to_show(demo, db) -> None:
    """An MSP schedule, fee tables for both years, two posted runs with a hold, a reversal and
    deferrals after the 9th among them (issue 10)."""
    from seats.core.models import PolicySetting
    from seats.funding.models import Entry, Leg, MspRun, PaymentHold, PaymentRun

    assert MspRun.objects.count() == 36
    assert set(
        PolicySetting.objects.filter(key="fee_tier_IV").values_list("school_year", flat=True)
    ) == {2024, 2025}
    assert [r.month.isoformat() for r in PaymentRun.objects.all()] == ["2026-01-01", "2026-02-01"]
    assert Entry.objects.filter(tranche="reversal", hold__reason="fraud").count() >= 1
    assert PaymentHold.objects.filter(reason="records_request", released_at=None).exists()
    february = Entry.objects.filter(run__month=date(2026, 2, 1), history__isnull=False)
    deferred = february.filter(
        history__at__lt=datetime(2026, 2, 1, tzinfo=ZoneInfo("America/Denver"))
    )
    assert deferred.exists(), "changed in January after the 9th: paid in February"
    assert sum(Leg.objects.values_list("amount", flat=True)) == 0  # Decimals, not SQLite REAL


def test_the_demo_has_reports_to_show(demo, db) -> None:
    """Scores, a survey per provider and a provider under the minimum completion rate (issue 11)."""
    from seats.core.models import Organisation
    from seats.demo.outcomes import STRUGGLING_PROVIDER
    from seats.reports.models import AssessmentScore, ReportText, SurveyAnswer
    from seats.reports.selectors.completion import rates_of

    assert AssessmentScore.objects.filter(school_year=2024).exists()
    assert AssessmentScore.objects.filter(school_year=2025).exists()
    assert SurveyAnswer.objects.filter(responses__lt=10).exists()
    struggling = Organisation.objects.get(code=STRUGGLING_PROVIDER)
    assert rates_of(struggling, 2024).below(Decimal("80"))
    others = Organisation.objects.filter(kind="provider").exclude(pk=struggling.pk)
    assert not all(rates_of(p, 2024).below(Decimal("80")) for p in others)
    assert ReportText.objects.filter(provider=struggling).exists()


def test_adult_education_is_in_the_demo(demo, db) -> None:
    """Issue 12: programs in several LEAs, all three areas, gains and a too-early post-test,
    SEOPs, exits, and an enrollee count."""
    from seats.adulted.models import Assessment, Enrollment, Program, Seop

    assert Program.objects.values("organisation").distinct().count() >= 2
    assert set(Enrollment.objects.values_list("area_of_focus", flat=True)) == {
        "ESOL",
        "ABE",
        "AHSC",
    }
    assert Enrollment.objects.filter(levels_gained__gt=0).exists()
    assert Enrollment.objects.filter(enrollee_on__isnull=False).exists()
    assert Enrollment.objects.filter(enrollee_on__isnull=True).exists()  # someone to explain
    assert Assessment.objects.filter(valid_for_gain=False, note__startswith="too early").exists()
    assert Seop.objects.exclude(core_goal="").exists()
    assert Enrollment.objects.filter(exit_date__isnull=False).exclude(exit_reason="").exists()
    assert Enrollment.objects.filter(student__k12_student__isnull=False).exists()


def test_dated_closeouts_carry_a_withdrawal_date_inside_their_window(demo, histories, db) -> None:
    """A withdrawal or loss of eligibility records the date it took effect, as the lifecycle
    service does (R277-726-2(19)): within the first 20 school days for the "within" statuses,
    after that window (and outside a 1.0-credit course's second window) for the "after" ones."""
    from seats.domain.lifecycle import is_dated, move_window

    dated = 0
    for cca in CCA.objects.filter(status__in=[s.value for s in Status]):
        closing = [e for e in histories[cca.pk] if e.to_status == cca.status != e.from_status]
        if not closing or not closing[-1].from_status:
            continue
        move = find_move(Status(closing[-1].from_status), Status(cca.status))
        assert move is not None
        if not is_dated(move):
            continue
        dated += 1
        withdrawn = cca.withdrawal_date
        assert withdrawn is not None, (cca.pk, cca.status)
        assert withdrawn <= closing[-1].at.astimezone(DENVER).date()
        assert closing[-1].details["withdrawal_date"] == withdrawn.isoformat()
        assert closing[-1].details["window"] == move_window(move)
        if move_window(move) == "first":
            assert withdrawn <= cca.withdrawal_period_end, cca.pk
            assert cca.course_start_date is None or withdrawn >= cca.course_start_date
        else:
            assert withdrawn > cca.withdrawal_period_end, cca.pk
            if cca.second_half_start and cca.second_withdrawal_period_end:
                inside = cca.second_half_start <= withdrawn <= cca.second_withdrawal_period_end
                assert not inside, cca.pk
    assert dated > 20
    dated_statuses = {
        Status.STUDENT_WITHDRAWAL_WITHIN_20,
        Status.LOSS_OF_ELIGIBILITY_WITHIN_20,
        Status.STUDENT_WITHDRAWAL_AFTER_20,
        Status.LOSS_OF_ELIGIBILITY_AFTER_20,
        Status.LOSS_OF_ELIGIBILITY_QUARTER,
    }
    assert not CCA.objects.filter(
        status__in=[s.value for s in dated_statuses], withdrawal_date__isnull=True
    ).exists()


def test_the_demo_has_compliance_to_show(demo, db) -> None:
    """Issue 11 parts 3-5: the alignment table, three providers' TOR cycles at different steps
    (aligned; misaligned on August 15 and corrected; still misaligned after the final review
    with a Notice of Corrective Action and the funding holds), the yearly obligations, next
    year's Course Request Spreadsheets and a legal hold."""
    from seats.compliance.models import (
        AlignmentRequirement,
        CatalogSubmission,
        CorrectiveAction,
        LegalHold,
        TorCycle,
        TorHold,
    )
    from seats.compliance.services.cycle import provider_calendar
    from seats.core.models import Notice
    from seats.domain.compliance.calendar import State
    from seats.funding.models import PaymentHold

    codes = set(CourseOffering.objects.values_list("core_code", flat=True))
    assert codes <= set(AlignmentRequirement.objects.values_list("core_code", flat=True))
    cycles = {c.provider.code: c for c in TorCycle.objects.filter(school_year=2025)}
    assert len(cycles) == 3
    final = date(2025, 10, 15)
    assert all(
        c.final_review_on == final and c.notified_on == date(2025, 8, 15) for c in cycles.values()
    )
    assert all(
        c.opened_on == date(2025, 7, 1) and c.submitted_on <= date(2025, 7, 15)
        for c in cycles.values()
    )

    def notices(cycle: TorCycle, kind: str) -> int:
        return Notice.objects.filter(organisation_id=cycle.provider_id, kind=kind).count()

    login_provider = RoleMembership.objects.get(user__username="provider_staff").organisation
    wrong = cycles.pop(login_provider.code)
    by_upload = sorted(cycles.values(), key=lambda c: c.last_upload_on)
    aligned, corrected = by_upload
    for cycle in (aligned, corrected):
        assert cycle.assignments.exists() and not cycle.assignments.filter(aligned=False).exists()
        assert cycle.noncompliance_on is None and not cycle.actions.exists()
        assert not TorHold.objects.filter(cycle=cycle).exists()
    assert aligned.last_upload_on == aligned.submitted_on
    assert notices(aligned, "tor_misaligned") == 0
    assert corrected.notified_on < corrected.last_upload_on < final  # corrected before the review
    assert corrected.submitted_on < corrected.notified_on
    assert notices(corrected, "tor_misaligned") >= 1
    assert notices(corrected, "tor_noncompliance") == 0

    assert wrong.noncompliance_on == final and wrong.assignments.filter(aligned=False).exists()
    assert notices(wrong, "tor_misaligned") >= 1 and notices(wrong, "tor_noncompliance") >= 1
    action = CorrectiveAction.objects.get(cycle=wrong)
    assert action.issued_on > final and action.due_on > action.issued_on and action.steps
    assert notices(wrong, "corrective_action") >= 1
    misaligned = {(a.core_code, a.teacher_id) for a in wrong.assignments.filter(aligned=False)}
    held = TorHold.objects.filter(cycle=wrong, released_on=None).select_related("hold", "cca")
    assert held.exists()
    for link in held:
        assert link.hold.reason == "tor_not_aligned" and link.hold.released_at is None
        assert link.hold.set_at.astimezone(DENVER).date() == final
        cca = link.cca
        assert cca.provider_id == wrong.provider_id and cca.school_year == 2025
        assert (cca.offering.core_code, cca.teacher_of_record_id) in misaligned
    assert PaymentHold.objects.filter(reason="tor_not_aligned").count() == held.count()
    from seats.funding.models import Entry  # held since the review: the runs paid none of them

    assert not Entry.objects.filter(cca_id__in=[link.cca_id for link in held]).exists()

    states = {
        code: {r.dated.obligation.value: r.state for r in provider_calendar(
            provider_id=Organisation.objects.get(code=code).pk, school_year=2025, as_of=AS_OF)}
        for code in (aligned.provider.code, corrected.provider.code, wrong.provider.code)
    }  # fmt: skip
    assert states[aligned.provider.code]["teaching_assignments"] is State.DONE
    assert states[corrected.provider.code]["course_request"] is State.DONE
    assert states[wrong.provider.code]["teaching_assignments"] is State.OVERDUE
    assert states[wrong.provider.code]["course_request"] is State.OVERDUE
    assert State.UPCOMING in states[wrong.provider.code].values()

    submissions = {s.provider_id: s for s in CatalogSubmission.objects.filter(school_year=2026)}
    assert submissions[aligned.provider_id].status == CatalogSubmission.APPROVED
    assert submissions[aligned.provider_id].offerings_created >= 1
    assert submissions[corrected.provider_id].status == CatalogSubmission.SUBMITTED
    assert CourseOffering.objects.filter(
        provider_id=aligned.provider_id, first_school_year=2026
    ).exists()

    hold = LegalHold.objects.get(released_on=None)
    assert hold.student_id is not None and hold.reason and hold.set_on < AS_OF
