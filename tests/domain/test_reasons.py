"""The decision-tree rejection reasons (SPEC 3.4): who may say what, and what nobody may say."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seats.domain.errors import InvalidInput, NotPermitted
from seats.domain.reasons import (
    LEA_REJECTION_REASONS,
    PROVIDER_REJECTION_REASONS,
    STATE_REJECTION_REASONS,
    RejectionReason,
    check_rejection_reason,
    reasons_for,
)
from seats.domain.roles import Party

TABLES = {
    "lea": LEA_REJECTION_REASONS,
    "provider": PROVIDER_REJECTION_REASONS,
    "state": STATE_REJECTION_REASONS,
}
ALL_CODES = [code for table in TABLES.values() for code in table]


def test_codes_unique_across_every_table():
    assert len(ALL_CODES) == len(set(ALL_CODES))


@pytest.mark.parametrize("table", TABLES.values(), ids=TABLES.keys())
def test_entries_are_keyed_by_code_with_label_and_rule(table):
    assert table
    for code, reason in table.items():
        assert isinstance(reason, RejectionReason)
        assert reason.code == code
        assert re.fullmatch(r"[a-z][a-z0-9_]*", code)
        assert reason.label.strip() and reason.label.endswith(".")
        assert str(reason) == reason.label
        assert "SPEC 3.4" in reason.rule


def test_lea_decision_tree_covers_spec_3_4():
    assert set(LEA_REJECTION_REASONS) >= {
        "not_graduation_requirements",
        "not_seop_pccr",
        "not_iep",
        "not_504_plan",
        "over_credit_limit",
        "over_full_course_load",
        "credit_recovery",
        "after_add_drop_replacing_class",
        "health_without_approval",
        "grade_replacement_without_approval",
        "student_not_eligible",
    }


def test_provider_and_state_reasons():
    assert set(PROVIDER_REJECTION_REASONS) == {
        "prerequisites_not_met",
        "course_not_open",
        "course_full",
        "own_student_in_error",
        "local_registration_incomplete",
    }
    assert set(STATE_REJECTION_REASONS) == {"parent_withdrew_request", "duplicate_request"}


def test_lea_has_no_way_to_steer_between_providers():
    """No LEA reason is about a provider at all: choosing the provider is the family's right."""
    for reason in LEA_REJECTION_REASONS.values():
        assert "provider" not in reason.code
        assert "provider" not in reason.label.lower()
    with pytest.raises(InvalidInput):
        check_rejection_reason(Party.LEA, "prefer_other_provider")


@pytest.mark.parametrize(
    ("party", "table"),
    [
        (Party.LEA, LEA_REJECTION_REASONS),
        (Party.PROVIDER, PROVIDER_REJECTION_REASONS),
        (Party.STATE, STATE_REJECTION_REASONS),
    ],
)
def test_reasons_for_each_deciding_party(party, table):
    assert reasons_for(party) == table
    for code, reason in table.items():
        assert check_rejection_reason(party, code) is reason


def test_state_acting_as_lea_for_home_school_uses_both_tables():
    merged = reasons_for(Party.STATE, acting_as_lea=True)
    assert merged == {**LEA_REJECTION_REASONS, **STATE_REJECTION_REASONS}
    assert check_rejection_reason(Party.STATE, "not_iep", acting_as_lea=True).code == "not_iep"
    with pytest.raises(InvalidInput):
        check_rejection_reason(Party.STATE, "not_iep")
    # acting as LEA only widens the state's own table
    assert reasons_for(Party.LEA, acting_as_lea=True) == LEA_REJECTION_REASONS


def test_reasons_for_returns_a_copy():
    table = reasons_for(Party.LEA)
    table.clear()
    assert reasons_for(Party.LEA) == LEA_REJECTION_REASONS
    assert LEA_REJECTION_REASONS


@pytest.mark.parametrize("party", [Party.FAMILY, Party.SCHOOL, Party.SYSTEM])
def test_parties_that_never_reject(party):
    assert reasons_for(party) == {}
    with pytest.raises(NotPermitted) as caught:
        check_rejection_reason(party, "course_full")
    assert caught.value.field == "reason"


@pytest.mark.parametrize(
    ("party", "code"),
    [
        (Party.LEA, "course_full"),  # a provider's reason
        (Party.LEA, "duplicate_request"),  # a state reason
        (Party.PROVIDER, "not_iep"),  # the provider decides without regard to the LEA's tree
        (Party.STATE, "prerequisites_not_met"),
        (Party.PROVIDER, ""),
    ],
)
def test_wrong_reason_lists_every_allowed_code(party, code):
    with pytest.raises(InvalidInput) as caught:
        check_rejection_reason(party, code)
    error = caught.value
    assert error.field == "reason"
    assert "SPEC 3.4" in error.rule
    for allowed in reasons_for(party):
        assert allowed in error.message
    assert repr(code) in error.message


def test_surrounding_spaces_are_ignored():
    assert check_rejection_reason(Party.PROVIDER, "  course_full ").code == "course_full"


def test_party_given_as_text():
    assert check_rejection_reason("lea", "credit_recovery").code == "credit_recovery"


@given(st.text(max_size=30))
def test_only_listed_codes_are_accepted(code):
    allowed = reasons_for(Party.LEA)
    if code.strip() in allowed:
        assert check_rejection_reason(Party.LEA, code).code == code.strip()
    else:
        with pytest.raises(InvalidInput):
            check_rejection_reason(Party.LEA, code)
