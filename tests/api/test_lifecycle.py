"""The whole CCA lifecycle played through the API only, each step by the role that owns it."""

from __future__ import annotations

from datetime import date

import pytest

from seats.core.services.preferences import set_work_phone
from seats.core.services.sweep import run_sweep
from seats.domain.roles import Role
from tests.api.helpers import Api, api_for

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "gender": "F",
    "home_address": "1 Main St",
    "school_address": "2 School Rd",
    "phone": "801-555-0100",
    "preferred_contact": "email",
    "iep_or_504": False,
    "multilingual": False,
    "home_language_survey": True,
    "fee_waiver": False,
}


def ok(answer, status: int = 200):
    assert answer.status == status, answer.body
    return answer.body


def due_on(cca: dict, key: str) -> date:
    return date.fromisoformat(next(d["due"] for d in cca["deadlines"] if d["key"] == key))


def actions(api: Api, cca_id: int) -> list[str]:
    return [h["action"] for h in ok(api.get(f"/ccas/{cca_id}"))["history"]]


def test_request_to_transcript_through_the_api(world, clock) -> None:
    parent, counselor = api_for(world, Role.PARENT), api_for(world, Role.COUNSELOR)
    provider, lea = api_for(world, Role.PROVIDER_STAFF), api_for(world, Role.LEA_APPROVER)
    student, auditor = api_for(world, Role.STUDENT), api_for(world, Role.AUDITOR)

    # Pre-enrollment: the family registers locally, the counselor files and reviews.
    body = {"provider": world.provider.code, **REGISTRATION}
    registration = ok(parent.post(f"/students/{world.student.pk}/local-registration", body))
    assert registration["completed_on"] == "2025-09-02"
    offering = next(
        o
        for o in ok(counselor.get("/catalog", provider="PRV1"))["items"]
        if o["id"] == world.offering.pk
    )
    cca = ok(
        counselor.post(
            "/ccas",
            {
                "student_id": world.student.pk,
                "offering_id": offering["id"],
                "school_year": 2025,
                "session": "S1",
            },
        ),
        201,
    )
    cca_id = cca["id"]
    assert cca["status"] == "pending_execution" and cca["local_registration_complete"]
    ok(counselor.act(cca_id, "counselor-review", {"seop_consistent": True, "note": "fits SEOP"}))

    # The provider accepts, sets the start date and the teacher of record.
    ok(provider.act(cca_id, "provider-decision", {"decision": "accept"}))
    ok(provider.act(cca_id, "course-start", {"course_start_date": "2025-09-08"}))
    teacher = ok(provider.get("/teachers"))[0]
    assert teacher["cactus_id"] == "C1000"
    ok(provider.act(cca_id, "teacher-of-record", {"teacher_id": teacher["id"]}))

    # The LEA approves: the Notice of Enrollment follows at once.
    approved = ok(
        lea.act(
            cca_id, "lea-decision", {"decision": "approve", "accept_financial_responsibility": True}
        )
    )
    assert approved["status"] == "enrollment_complete"
    assert approved["noe_basis"] == "lea_approved" and approved["noe_date"] == "2025-09-02"
    notice_entry = approved["history"][-1]
    assert notice_entry["action"] == "issue_notice_of_enrollment"
    assert notice_entry["actor_role"] == "system" and notice_entry["actor_name"] is None
    census = date.fromisoformat(approved["census_date"])
    assert census == date(2025, 10, 7)
    assert {d["key"] for d in approved["deadlines"]} >= {"census_day", "confirmation_due"}

    # Time passes; the sweep runs; the provider may not confirm before the Day of Census.
    clock.day = date(2025, 10, 6)
    run_sweep(as_of=clock.day)
    early = provider.act(cca_id, "moves", {"to": "confirmed"})
    assert early.status == 409 and "Day of Census" in early.body["detail"]
    assert early.body["rule"].startswith("SPEC 3.3")
    # ...and cites it where a person can look it up, never by the internal specification.
    assert early.body["citation"].startswith("Provider Manual, ")
    assert "SPEC" not in early.body["citation"]
    clock.day = census
    run_sweep(as_of=clock.day)
    assert ok(provider.act(cca_id, "moves", {"to": "confirmed"}))["status"] == "confirmed"

    # Progress, the at-risk flag (which notifies the counselor), and the counselor's contacts.
    clock.day = date(2025, 11, 3)
    progress = ok(provider.act(cca_id, "grade-progress", {"percent": 58.5, "letter": "D"}))
    assert progress["grade_progress_percent"] == 58.5 and progress["grade_progress_letter"] == "D"
    flagged = ok(provider.act(cca_id, "at-risk", {"at_risk": True, "reason": "missing work"}))
    assert flagged["at_risk"] and flagged["at_risk_since"] == "2025-11-03"
    counselor_notices = ok(counselor.get("/notices"))["items"]
    assert any(n["kind"] == "at_risk" and n["cca_id"] == cca_id for n in counselor_notices)
    contacts = ok(provider.get("/counselor-contacts"))["items"]
    assert [c["counselors"][0]["name"] for c in contacts if c["cca_id"] == cca_id] == ["counselor"]
    set_work_phone(user=world.actor(Role.COUNSELOR).user, phone="801-555-0142")  # issue 9
    contacts = ok(provider.get("/counselor-contacts"))["items"]
    assert [c["counselors"][0]["phone"] for c in contacts if c["cca_id"] == cca_id] == [
        "801-555-0142"
    ]

    # The closeout and the transcript.
    clock.day = date(2026, 1, 12)
    passed = ok(
        provider.act(
            cca_id,
            "moves",
            {"to": "pass_all_complete", "final_grade": "B+", "completion_date": "2026-01-09"},
        )
    )
    assert passed["status"] == "pass_all_complete" and passed["credit_earned"] == 0.5
    assert passed["final_grade"] == "B+" and passed["completion_date"] == "2026-01-09"
    assert due_on(passed, "transcript_due") == date(2026, 2, 9)
    clock.day = date(2026, 1, 20)
    done = ok(provider.act(cca_id, "transcript", {}))
    assert done["transcript_issued_on"] == "2026-01-20"

    assert actions(provider, cca_id) == [
        "submit",
        "counselor_review",
        "provider_accept",
        "set_course_start",
        "set_teacher_of_record",
        "lea_approve",
        "issue_notice_of_enrollment",
        "confirm",
        "grade_progress",
        "flag_at_risk",
        "pass_all_complete",
        "issue_transcript",
    ]
    # The family sees the outcome; the auditor reads but may not write.
    assert ok(student.get(f"/ccas/{cca_id}"))["status"] == "pass_all_complete"
    refused = auditor.act(cca_id, "transcript", {})
    assert refused.status == 403 and refused.body["type"].endswith("not-permitted")
    # The provider's change feed holds every entry of the CCA, in order.
    feed = ok(provider.get("/events", limit=500))["items"]
    assert [e["seq"] for e in feed if e["cca_id"] == cca_id] == list(range(1, 13))


def test_notice_of_enrollment_on_lea_silence_comes_from_the_sweep(world, clock) -> None:
    world.register()
    counselor, provider = api_for(world, Role.COUNSELOR), api_for(world, Role.PROVIDER_STAFF)
    lea = api_for(world, Role.LEA_APPROVER)
    body = {
        "student_id": world.student.pk,
        "offering_id": world.offering.pk,
        "school_year": 2025,
        "session": "S1",
    }
    cca_id = ok(counselor.post("/ccas", body), 201)["id"]
    accepted = ok(provider.act(cca_id, "provider-decision", {"decision": "accept"}))
    due = due_on(accepted, "lea_decision_due")
    clock.day = due
    run_sweep(as_of=due)
    assert ok(provider.get(f"/ccas/{cca_id}"))["status"] == "pending_execution"
    after = date.fromordinal(due.toordinal() + 1)
    clock.day = after
    report = run_sweep(as_of=after)
    assert report.notices_of_enrollment == 1
    cca = ok(provider.get(f"/ccas/{cca_id}"))
    assert cca["status"] == "enrollment_complete" and cca["noe_basis"] == "lea_window_expired"
    # The LEA may cancel a notice issued on its silence, within its window, with a reason.
    missing_reason = lea.act(cca_id, "lea-cancellation", {"reason": ""})
    assert missing_reason.status == 422 and missing_reason.body["field"] == "reason"
    cancelled = ok(lea.act(cca_id, "lea-cancellation", {"reason": "student moved away"}))
    assert cancelled["status"] == "cancelled_by_lea"
    events = ok(lea.get("/events"))["items"]
    assert [e["action"] for e in events if e["cca_id"] == cca_id][-2:] == [
        "issue_notice_of_enrollment",
        "cancel_by_lea",
    ]
