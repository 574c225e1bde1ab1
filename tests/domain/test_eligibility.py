"""Eligibility and credit-limit rules (SPEC 3.4): each rule alone, together, and at its edges."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seats.domain.eligibility import (
    CHECKS,
    EXCLUDED_GROUP_CARE,
    GROUP_CARE_VALUES,
    REASON_CODES,
    REASON_KIND,
    OfferingFacts,
    Reason,
    ReasonKind,
    RequestFacts,
    StudentFacts,
    blocking,
    check_eligibility,
    credit_limit_reason,
    num,
)
from seats.domain.errors import InvalidInput

D = Decimal
PUBLIC = StudentFacts(grade=10, age=15, primary_lea_code="LEA01", primary_school_code="SCH01")
HOME = StudentFacts(
    grade=9,
    age=14,
    is_home_school=True,
    home_school_acknowledged=True,
    proof_of_age_identity=True,
    enrolled_in_public_school=False,
    primary_lea_code="HOME",
)
OOSY = replace(PUBLIC, grade=11, age=18, is_out_of_school_youth=True)
MIDDLE = replace(PUBLIC, grade=7, age=12)
OFFERING = OfferingFacts(provider_code="PRV01", provider_housing_lea_code="LEA99", credit=D("0.5"))
REQUEST = RequestFacts()


def codes(student=PUBLIC, offering=OFFERING, request=REQUEST) -> list[str]:
    return [r.code for r in check_eligibility(student, offering, request)]


# (id, baseline student, student changes, offering changes, request changes, expected code)
SINGLE_FACTS = [
    ("grade5", PUBLIC, {"grade": 5}, {"grade_min": 5}, {}, "grade_outside_program"),
    ("grade13", PUBLIC, {"grade": 13}, {"grade_max": 13}, {}, "grade_outside_program"),
    ("home_age", HOME, {"age": 19}, {}, {}, "home_school_age"),
    ("home_proof", HOME, {"proof_of_age_identity": False}, {}, {}, "home_school_no_proof"),
    ("home_ack", HOME, {"home_school_acknowledged": False}, {}, {}, "home_school_not_acknowledged"),
    *[
        (f"care_{v}", PUBLIC, {"group_care": v}, {}, {}, "group_care_excluded")
        for v in EXCLUDED_GROUP_CARE
    ],
    ("oosy_age", OOSY, {"age": 19}, {}, {}, "out_of_school_youth_age"),
    (
        "oosy_enrol",
        OOSY,
        {"enrolled_in_public_school": False},
        {},
        {},
        "not_enrolled_in_public_school",
    ),
    (
        "not_enrol",
        PUBLIC,
        {"enrolled_in_public_school": False},
        {},
        {},
        "not_enrolled_in_public_school",
    ),
    ("adult_ed", PUBLIC, {"in_adult_education": True}, {}, {}, "adult_education"),
    ("oosy_adult_ed", OOSY, {"in_adult_education": True}, {}, {}, "adult_education"),
    ("diploma", PUBLIC, {"has_secondary_diploma": True}, {}, {}, "secondary_diploma"),
    ("ufa_current", PUBLIC, {"utah_fits_all": "current"}, {}, {}, "utah_fits_all_current"),
    ("ufa_notified", HOME, {"utah_fits_all": "notified"}, {}, {}, "utah_fits_all_notified"),
    (
        "own_school",
        PUBLIC,
        {"primary_school_code": "PRV01"},
        {},
        {},
        "school_of_record_with_provider",
    ),
    ("own_lea", PUBLIC, {"primary_lea_code": "LEA99"}, {}, {}, "school_of_record_with_provider"),
    ("private", PUBLIC, {"is_private_school": True}, {}, {}, "private_school"),
    ("credits", PUBLIC, {}, {}, {"credits_this_year": D("5.75")}, "credit_limit"),
    ("load", PUBLIC, {}, {}, {"full_course_load_exceeded": True}, "full_course_load"),
    ("health", MIDDLE, {}, {"is_health": True}, {}, "health_needs_approval"),
    ("replace", PUBLIC, {}, {}, {"grade_replacement": True}, "grade_replacement_needs_approval"),
    ("closed", PUBLIC, {}, {"is_open": False}, {}, "course_closed"),
    ("full", PUBLIC, {}, {"seats_left": 0}, {}, "course_full"),
    ("overfull", PUBLIC, {}, {"seats_left": -2}, {}, "course_full"),
    ("course_grade", PUBLIC, {}, {"grade_min": 11}, {}, "grade_not_allowed_by_course"),
    ("year", PUBLIC, {}, {"offered_in_school_year": False}, {}, "not_offered_this_year"),
    ("duplicate", HOME, {}, {}, {"duplicate_of": 41}, "duplicate_request"),
]


@pytest.mark.parametrize(
    "baseline", [PUBLIC, HOME, OOSY, MIDDLE, replace(PUBLIC, group_care="licensed")]
)
def test_eligible_baselines_have_no_reason(baseline):
    assert check_eligibility(baseline, OFFERING, REQUEST) == []


@pytest.mark.parametrize(
    ("base", "s", "o", "r", "code"), [c[1:] for c in SINGLE_FACTS], ids=[c[0] for c in SINGLE_FACTS]
)
def test_each_fact_yields_exactly_its_reason(base, s, o, r, code):
    reasons = check_eligibility(replace(base, **s), replace(OFFERING, **o), replace(REQUEST, **r))
    assert [x.code for x in reasons] == [code]
    (reason,) = reasons
    assert reason.kind == REASON_KIND[code]
    assert str(reason) == reason.message and len(reason.message) > 20
    assert re.search(r"SPEC \d|R277-726", reason.rule)


def test_every_rule_has_a_single_fact_test():
    assert {c[-1] for c in SINGLE_FACTS} == set(REASON_CODES)


def test_codes_are_unique_snake_case():
    assert len(set(REASON_CODES)) == len(REASON_CODES) == len(CHECKS)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", c) for c in REASON_CODES)


def test_kinds():
    assert {c for c, k in REASON_KIND.items() if k is ReasonKind.NEEDS_APPROVAL} == {
        "credit_limit",
        "full_course_load",
        "health_needs_approval",
        "grade_replacement_needs_approval",
    }
    assert {c for c, k in REASON_KIND.items() if k is ReasonKind.COURSE} == {
        "course_closed",
        "course_full",
        "grade_not_allowed_by_course",
        "not_offered_this_year",
    }
    assert REASON_KIND["duplicate_request"] is ReasonKind.DUPLICATE
    assert REASON_KIND["private_school"] is ReasonKind.INELIGIBLE


# --- boundaries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "code"), [(HOME, "home_school_age"), (OOSY, "out_of_school_youth_age")]
)
def test_age_18_eligible_19_not(base, code):
    assert codes(replace(base, age=18)) == []
    assert codes(replace(base, age=19)) == [code]
    message = check_eligibility(replace(base, age=19), OFFERING, REQUEST)[0].message
    assert "19" in message


def test_public_school_student_has_no_age_limit():
    assert codes(replace(PUBLIC, grade=12, age=21)) == []


@pytest.mark.parametrize(("grade", "ok"), [(5, False), (6, True), (12, True), (13, False)])
def test_program_grades(grade, ok):
    wide = replace(OFFERING, grade_min=min(grade, 6), grade_max=max(grade, 12))
    assert (codes(replace(PUBLIC, grade=grade), wide) == []) is ok


def test_grade_outside_program_also_outside_default_course_range():
    assert codes(replace(PUBLIC, grade=5)) == [
        "grade_outside_program",
        "grade_not_allowed_by_course",
    ]


def test_exactly_at_credit_limit_is_allowed_quarter_over_is_not():
    assert codes(request=RequestFacts(credits_this_year=D("5.5"))) == []
    reasons = check_eligibility(PUBLIC, OFFERING, RequestFacts(credits_this_year=D("5.75")))
    assert [r.code for r in reasons] == ["credit_limit"]
    message = reasons[0].message
    assert "5.75 of the 6" in message and "adds 0.5" in message and "6.25" in message


def test_agreement_lifts_a_6_0_limit():
    over = RequestFacts(credits_this_year=D("6.0"), credit_limit=D("6.0"))
    assert codes(request=over) == ["credit_limit"]
    assert "of the 6 online credits" in check_eligibility(PUBLIC, OFFERING, over)[0].message
    assert codes(request=replace(over, credit_limit_agreed=True)) == []


def test_credit_limit_reason_directly():
    assert credit_limit_reason(D("5"), D("1.0"), D("6"), False) is None
    reason = credit_limit_reason(D("5"), D("1.25"), D("6"), False)
    assert isinstance(reason, Reason) and reason.kind is ReasonKind.NEEDS_APPROVAL
    assert credit_limit_reason(D("9"), D("1.0"), D("6"), True) is None
    assert credit_limit_reason(D("0"), D("0.5"), D("0"), False) is not None  # limit 0: none allowed


@pytest.mark.parametrize(
    ("value", "text"), [(D("6.00"), "6"), (D("5.750"), "5.75"), (D("600"), "600"), (D(0), "0")]
)
def test_num_writes_credits_plainly(value, text):
    assert num(value) == text


@pytest.mark.parametrize(("grade", "needs"), [(6, True), (8, True), (9, False), (12, False)])
def test_health_approval_only_for_grades_6_to_8(grade, needs):
    student = replace(PUBLIC, grade=grade, age=grade + 5)
    assert codes(student, replace(OFFERING, is_health=True)) == (
        ["health_needs_approval"] if needs else []
    )


# --- approvals -----------------------------------------------------------------------------


def test_approvals_lift_needs_approval_reasons():
    offering = replace(OFFERING, is_health=True)
    request = RequestFacts(
        credits_this_year=D("6"), full_course_load_exceeded=True, grade_replacement=True
    )
    assert codes(MIDDLE, offering, request) == [
        "credit_limit",
        "full_course_load",
        "health_needs_approval",
        "grade_replacement_needs_approval",
    ]
    approved = replace(
        request,
        credit_limit_agreed=True,
        local_board_approved=True,
        health_approval=True,
        grade_replacement_approved=True,
    )
    assert codes(MIDDLE, offering, approved) == []


def test_early_graduation_plan_allows_over_full_course_load():
    request = RequestFacts(full_course_load_exceeded=True)
    assert codes(replace(PUBLIC, early_graduation_plan=True), request=request) == []
    assert codes(PUBLIC, request=replace(request, local_board_approved=True)) == []
    assert codes(PUBLIC, request=request) == ["full_course_load"]


def test_approvals_do_not_lift_ineligibility():
    request = RequestFacts(
        credit_limit_agreed=True,
        local_board_approved=True,
        health_approval=True,
        grade_replacement_approved=True,
    )
    assert codes(replace(PUBLIC, is_private_school=True), request=request) == ["private_school"]


# --- several at once -----------------------------------------------------------------------


def test_every_reason_is_returned_in_table_order():
    student = replace(HOME, age=20, proof_of_age_identity=False, utah_fits_all="current")
    offering = replace(OFFERING, seats_left=0, is_open=False)
    request = RequestFacts(credits_this_year=D("6"), duplicate_of=7)
    got = codes(student, offering, request)
    assert got == [
        "home_school_age",
        "home_school_no_proof",
        "utah_fits_all_current",
        "credit_limit",
        "course_closed",
        "course_full",
        "duplicate_request",
    ]
    assert got == sorted(got, key=REASON_CODES.index)


def test_provider_itself_named_once_even_when_its_lea_matches_too():
    student = replace(PUBLIC, primary_school_code="PRV01", primary_lea_code="LEA99")
    reasons = check_eligibility(student, OFFERING, REQUEST)
    assert [r.code for r in reasons] == ["school_of_record_with_provider"]
    assert "PRV01" in reasons[0].message


def test_no_housing_lea_never_matches_an_empty_code():
    offering = replace(OFFERING, provider_housing_lea_code=None, provider_code="")
    assert codes(replace(PUBLIC, primary_lea_code="", primary_school_code=""), offering) == []


def test_messages_name_the_numbers():
    reasons = check_eligibility(
        replace(PUBLIC, grade=8, age=13),
        replace(OFFERING, grade_min=9, grade_max=12),
        RequestFacts(duplicate_of=123),
    )
    text = " ".join(str(r) for r in reasons)
    assert "grades 9 to 12" in text and "grade 8" in text and "123" in text
    single = check_eligibility(PUBLIC, replace(OFFERING, grade_min=9, grade_max=9), REQUEST)
    assert "grade 9 only" in single[0].message


def test_blocking_keeps_every_kind():
    reasons = check_eligibility(
        replace(PUBLIC, is_private_school=True),
        replace(OFFERING, is_open=False),
        RequestFacts(grade_replacement=True, duplicate_of=1),
    )
    assert {r.kind for r in reasons} == set(ReasonKind)
    assert blocking(reasons) == reasons
    assert blocking(iter(reasons)) == reasons
    assert blocking([]) == []


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: replace(PUBLIC, group_care="jail"), "group_care"),
        (lambda: replace(PUBLIC, utah_fits_all="yes"), "utah_fits_all"),
        (lambda: replace(PUBLIC, age=-1), "age"),
        (lambda: replace(OFFERING, grade_min=10, grade_max=9), "grade_min"),
        (lambda: replace(OFFERING, credit=D("-0.5")), "credit"),
        (lambda: RequestFacts(credits_this_year=D("-1")), "credits_this_year"),
        (lambda: RequestFacts(credit_limit=D("-6")), "credit_limit"),
    ],
)
def test_bad_facts_name_their_field(build, field):
    with pytest.raises(InvalidInput) as caught:
        build()
    assert caught.value.field == field


def test_unknown_group_care_lists_allowed_values():
    with pytest.raises(InvalidInput, match="therapeutic_school"):
        StudentFacts(grade=9, age=14, group_care="boarding")


# --- properties ----------------------------------------------------------------------------

QUARTER_STEPS = st.integers(1, 24).map(lambda n: D(n) / 4)


@st.composite
def eligible_facts(draw):
    """Any fully eligible request: public, home-school, out-of-school youth or licensed care."""
    kind = draw(st.sampled_from(["public", "home", "oosy", "care"]))
    home, grade = kind == "home", draw(st.integers(6, 12))
    student = StudentFacts(
        grade=grade,
        age=draw(st.integers(10, 18 if kind in {"home", "oosy"} else 22)),
        is_home_school=home,
        home_school_acknowledged=home,
        proof_of_age_identity=home,
        group_care="licensed" if kind == "care" else "",
        is_out_of_school_youth=kind == "oosy",
        enrolled_in_public_school=not home,
        primary_lea_code="HOME" if home else "LEA01",
        primary_school_code="" if home else "SCH01",
        early_graduation_plan=draw(st.booleans()),
    )
    credit = draw(st.sampled_from([D("0.25"), D("0.5"), D("1.0")]))
    limit = credit + draw(QUARTER_STEPS) - D("0.25")
    offering = OfferingFacts(
        provider_code="PRV01",
        provider_housing_lea_code=draw(st.sampled_from([None, "LEA99"])),
        credit=credit,
        grade_min=draw(st.integers(6, grade)),
        grade_max=draw(st.integers(grade, 12)),
        seats_left=draw(st.none() | st.integers(1, 40)),
        is_health=draw(st.booleans()),
    )
    exceeded, replacing = draw(st.booleans()), draw(st.booleans())
    request = RequestFacts(
        credits_this_year=D(draw(st.integers(0, int((limit - credit) * 4)))) / 4,
        credit_limit=limit,
        credit_limit_agreed=draw(st.booleans()),
        full_course_load_exceeded=exceeded,
        local_board_approved=exceeded and not student.early_graduation_plan,
        health_approval=offering.is_health and grade <= 8,
        grade_replacement=replacing,
        grade_replacement_approved=replacing,
    )
    return student, offering, request


def _own_school(d, s, o, r):
    if o.provider_housing_lea_code and d.draw(st.booleans()):
        return replace(s, primary_lea_code=o.provider_housing_lea_code), o, r
    return replace(s, primary_school_code=o.provider_code), o, r


def _course_grades(d, s, o, r):
    low, high = (s.grade + 1, 12) if s.grade < 12 else (6, s.grade - 1)
    return s, replace(o, grade_min=low, grade_max=high), r


def _s(**changes):
    return lambda d, s, o, r: (replace(s, **changes), o, r)


def _o(**changes):
    return lambda d, s, o, r: (s, replace(o, **changes), r)


def _r(**changes):
    return lambda d, s, o, r: (s, o, replace(r, **changes))


def _drawn_age(d, s, o, r):
    return replace(s, age=d.draw(st.integers(19, 30))), o, r


def _over_limit(d, s, o, r):
    used = r.credit_limit - o.credit + d.draw(QUARTER_STEPS)
    return s, o, replace(r, credits_this_year=used, credit_limit_agreed=False)


def _excluded_care(d, s, o, r):
    return replace(s, group_care=d.draw(st.sampled_from(sorted(EXCLUDED_GROUP_CARE)))), o, r


def _home(s, o, r):
    return s.is_home_school


def _always(s, o, r):
    return True


#: code -> (applies to this baseline?, add the one disqualifying fact). Grade is left out: a
#: student's grade also decides the course's range and the Health rule, so it is tested above.
PERTURB = {
    "home_school_age": (_home, _drawn_age),
    "home_school_no_proof": (_home, _s(proof_of_age_identity=False)),
    "home_school_not_acknowledged": (_home, _s(home_school_acknowledged=False)),
    "group_care_excluded": (_always, _excluded_care),
    "out_of_school_youth_age": (lambda s, o, r: s.is_out_of_school_youth, _drawn_age),
    "not_enrolled_in_public_school": (
        lambda s, o, r: not s.is_home_school,
        _s(enrolled_in_public_school=False),
    ),
    "adult_education": (_always, _s(in_adult_education=True)),
    "secondary_diploma": (_always, _s(has_secondary_diploma=True)),
    "utah_fits_all_current": (_always, _s(utah_fits_all="current")),
    "utah_fits_all_notified": (_always, _s(utah_fits_all="notified")),
    "school_of_record_with_provider": (_always, _own_school),
    "private_school": (_always, _s(is_private_school=True)),
    "credit_limit": (_always, _over_limit),
    "full_course_load": (
        _always,
        lambda d, s, o, r: _r(full_course_load_exceeded=True, local_board_approved=False)(
            d, replace(s, early_graduation_plan=False), o, r
        ),
    ),
    "health_needs_approval": (
        lambda s, o, r: s.grade <= 8,
        lambda d, s, o, r: _r(health_approval=False)(d, s, replace(o, is_health=True), r),
    ),
    "grade_replacement_needs_approval": (
        _always,
        _r(grade_replacement=True, grade_replacement_approved=False),
    ),
    "course_closed": (_always, _o(is_open=False)),
    "course_full": (
        _always,
        lambda d, s, o, r: (s, replace(o, seats_left=d.draw(st.integers(-3, 0))), r),
    ),
    "grade_not_allowed_by_course": (_always, _course_grades),
    "not_offered_this_year": (_always, _o(offered_in_school_year=False)),
    "duplicate_request": (
        _always,
        lambda d, s, o, r: (s, o, replace(r, duplicate_of=d.draw(st.integers(1, 10**6)))),
    ),
}
APPROVALS = {
    "credit_limit": {"credit_limit_agreed": True},
    "full_course_load": {"local_board_approved": True},
    "health_needs_approval": {"health_approval": True},
    "grade_replacement_needs_approval": {"grade_replacement_approved": True},
}


def _applicable(facts) -> list[str]:
    return [code for code, (applies, _) in PERTURB.items() if applies(*facts)]


def test_perturbations_cover_every_rule_but_the_program_grade():
    assert set(PERTURB) == set(REASON_CODES) - {"grade_outside_program"}
    assert set(APPROVALS) == {c for c, k in REASON_KIND.items() if k is ReasonKind.NEEDS_APPROVAL}


@given(eligible_facts())
def test_eligible_baseline_has_no_reason(facts):
    assert check_eligibility(*facts) == []


@given(eligible_facts(), st.data())
def test_one_disqualifying_fact_yields_exactly_its_reason(facts, data):
    code = data.draw(st.sampled_from(_applicable(facts)))
    assert codes(*PERTURB[code][1](data, *facts)) == [code]


@given(eligible_facts(), st.data())
def test_adding_facts_never_removes_a_reason(facts, data):
    chosen = data.draw(st.lists(st.sampled_from(_applicable(facts)), unique=True, max_size=10))
    if {"utah_fits_all_current", "utah_fits_all_notified"} <= set(chosen):
        chosen.remove("utah_fits_all_notified")  # one field, one value
    seen: list[str] = []
    for code in chosen:
        facts = PERTURB[code][1](data, *facts)
        now = codes(*facts)
        assert set(seen) <= set(now)
        seen = now
    assert seen == sorted(chosen, key=REASON_CODES.index)


@given(eligible_facts(), st.data())
def test_recorded_approvals_lift_every_needs_approval_reason(facts, data):
    applicable = [c for c in _applicable(facts) if c in APPROVALS]
    chosen = data.draw(st.lists(st.sampled_from(applicable), unique=True, min_size=1))
    for code in chosen:
        facts = PERTURB[code][1](data, *facts)
    assert all(r.kind is ReasonKind.NEEDS_APPROVAL for r in check_eligibility(*facts))
    student, offering, request = facts
    for code in chosen:
        request = replace(request, **APPROVALS[code])
    assert check_eligibility(student, offering, request) == []


@given(
    st.integers(0, 48),
    st.integers(0, 48),
    st.sampled_from([D("0.25"), D("0.5"), D("1.0")]),
    st.integers(0, 48).map(lambda n: D(n) / 4),
    st.booleans(),
)
def test_credit_limit_is_monotone_in_credits_used(a, b, credit, limit, agreed):
    low, high = D(min(a, b)) / 4, D(max(a, b)) / 4
    at_low = credit_limit_reason(low, credit, limit, agreed)
    at_high = credit_limit_reason(high, credit, limit, agreed)
    assert (at_low is not None) == (not agreed and low + credit > limit)
    if at_low is not None:
        assert at_high is not None


@given(
    st.builds(
        StudentFacts,
        grade=st.integers(0, 14),
        age=st.integers(0, 30),
        group_care=st.sampled_from(sorted(GROUP_CARE_VALUES)),
        utah_fits_all=st.sampled_from(["", "current", "notified"]),
    ),
    st.builds(
        OfferingFacts,
        provider_code=st.sampled_from(["PRV01", "SCH01"]),
        provider_housing_lea_code=st.sampled_from([None, "LEA01", "LEA99"]),
        credit=st.sampled_from([D("0.25"), D("0.5"), D("1.0")]),
        grade_min=st.integers(0, 7),
        grade_max=st.integers(7, 14),
        seats_left=st.none() | st.integers(-2, 5),
    ),
    st.builds(
        RequestFacts,
        credits_this_year=st.integers(0, 40).map(lambda n: D(n) / 4),
        credit_limit=st.integers(0, 40).map(lambda n: D(n) / 4),
        duplicate_of=st.none() | st.integers(1, 99),
    ),
)
def test_any_facts_give_unique_reasons_in_table_order(student, offering, request):
    reasons = check_eligibility(student, offering, request)
    got = [r.code for r in reasons]
    assert got == sorted(set(got), key=REASON_CODES.index)
    assert all(r.kind is REASON_KIND[r.code] and r.message and r.rule for r in reasons)
    assert blocking(reasons) == reasons
