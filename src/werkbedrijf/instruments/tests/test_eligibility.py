"""The pure eligibility rules: which instruments apply, which do not, and the reasons given."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from werkbedrijf.instruments import eligibility as el

ON = date(2026, 3, 16)
TARGET_GROUPS = [
    "participation_act",
    "wajong",
    "wsw_indication",
    "special_education",
    "wia",
    "sheltered_work",
]

LKS = el.InstrumentRules(
    key="lks",
    code="loonkostensubsidie",
    kind="wage_cost_subsidy",
    name="LKS",
    provider="municipality",
    target_groups=frozenset({"participation_act", "special_education", "sheltered_work"}),
    requires_reduced_wage_value=True,
    apply_within_months=6,
)
DISPENSATION = el.InstrumentRules(
    key="ld",
    code="loondispensatie",
    kind="wage_dispensation",
    name="LD",
    provider="uwv",
    target_groups=frozenset({"wajong"}),
    min_productivity_loss_pct=25,
    min_contract_months=6,
)
LKV = el.InstrumentRules(
    key="lkv",
    code="lkv-banenafspraak",
    kind="lkv_jobs_agreement",
    name="LKV",
    provider="tax_administration",
    requires_register=True,
    excluded_job_kinds=frozenset({"sheltered_work"}),
)
NO_RISK = el.InstrumentRules(
    key="nr",
    code="no-riskpolis",
    kind="no_risk_policy",
    name="NR",
    provider="uwv",
    target_groups=frozenset({"wajong", "wia", "participation_act"}),
)
ROUTE = el.InstrumentRules(
    key="pr",
    code="praktijkroute",
    kind="practical_route",
    name="PR",
    provider="municipality",
    target_groups=frozenset({"participation_act"}),
    requires_reduced_wage_value=True,
)
COACH_UWV = el.InstrumentRules(
    key="jc",
    code="jobcoaching-uwv",
    kind="job_coaching",
    name="JC",
    provider="uwv",
    target_groups=frozenset({"wajong", "wia"}),
    min_hours_per_week=Decimal(8),
    min_contract_months=3,
)
CATALOGUE = [LKS, DISPENSATION, LKV, NO_RISK, ROUTE, COACH_UWV]


def _situation(**values) -> el.Situation:
    base = {"on": ON, "target_group": "participation_act", "in_register": True, "wage_value": 60}
    base.update(values)
    return el.Situation(**base)


def _codes(outcome) -> dict[str, bool | None]:
    return {r.code: r.met for r in outcome.reasons}


def test_participation_act_candidate_with_wage_value_60():
    outcomes = {o.rules.code: o for o in el.check_all(CATALOGUE, _situation(job_kind="jobs_agreement"))}
    assert outcomes["loonkostensubsidie"].applies
    assert _codes(outcomes["loonkostensubsidie"]) == {"target_group": True, "wage_value_below_100": True}
    assert outcomes["lkv-banenafspraak"].applies
    assert outcomes["no-riskpolis"].applies
    assert _codes(outcomes["no-riskpolis"]) == {"no_risk_jobs_agreement_route": True}
    assert outcomes["loondispensatie"].status is el.Status.DOES_NOT_APPLY
    assert [r.code for r in outcomes["loondispensatie"].failed] == ["target_group"]
    assert outcomes["praktijkroute"].failed[0].code == "not_yet_in_register"
    assert el.exclusive_wage_instruments(list(outcomes.values())) is False


def test_applying_instruments_come_first():
    statuses = [o.status for o in el.check_all(CATALOGUE, _situation())]
    assert statuses == sorted(statuses, key=lambda s: ["applies", "possible", "does_not_apply"].index(s))


def test_wage_value_100_closes_wage_cost_subsidy():
    outcome = el.check(LKS, _situation(wage_value=100))
    assert outcome.status is el.Status.DOES_NOT_APPLY
    assert outcome.failed[0].code == "wage_value_below_100"


def test_no_wage_value_yet_means_the_flat_rate_for_lks_but_unknown_for_dispensation():
    lks = el.check(LKS, _situation(wage_value=None))
    assert lks.applies and _codes(lks)["wage_value_unknown"] is True
    dispensation = el.check(
        DISPENSATION, _situation(target_group="wajong", wage_value=None, contract_months=12)
    )
    assert dispensation.status is el.Status.POSSIBLE
    assert _codes(dispensation)["productivity_loss_unknown"] is None


def test_wage_dispensation_needs_25_percent_less_productive_and_6_months():
    wajong = {"target_group": "wajong", "contract_months": 6}
    assert el.check(DISPENSATION, _situation(wage_value=75, **wajong)).applies
    failed = el.check(DISPENSATION, _situation(wage_value=76, **wajong)).failed
    assert [(r.code, r.values["loss_pct"]) for r in failed] == [("productivity_loss", 24)]
    short = el.check(DISPENSATION, _situation(target_group="wajong", wage_value=50, contract_months=5))
    assert [r.code for r in short.failed] == ["min_contract"]


def test_lkv_needs_the_register_and_no_sheltered_work():
    assert el.check(LKV, _situation(in_register=False)).failed[0].code == "in_register"
    assert el.check(LKV, _situation(job_kind="sheltered_work")).failed[0].code == "job_kind_excluded"


def test_no_risk_policy_for_participation_act_only_through_the_register():
    outcome = el.check(NO_RISK, _situation(in_register=False))
    assert [r.code for r in outcome.failed] == ["no_risk_jobs_agreement_route"]
    old_job = el.check(NO_RISK, _situation(employment_start=date(2014, 6, 1)))
    assert [r.code for r in old_job.failed] == ["no_risk_job_start"]


def test_application_within_six_months_of_the_start_when_already_employed():
    start = date(2025, 9, 16)
    inside = el.check(LKS, _situation(employment_start=start, already_employed=True))
    assert inside.applies
    late = el.check(LKS, _situation(employment_start=date(2025, 9, 15), already_employed=True))
    assert [(r.code, r.values["deadline"]) for r in late.failed] == [("apply_within", date(2026, 3, 15))]
    assert el.check(LKS, _situation(employment_start=date(2025, 1, 1), already_employed=False)).applies


def test_uwv_job_coach_hours_and_contract():
    base = {"target_group": "wajong", "contract_months": 3}
    assert el.check(COACH_UWV, _situation(hours_per_week=Decimal(8), **base)).applies
    assert (
        el.check(COACH_UWV, _situation(hours_per_week=Decimal("7.5"), **base)).failed[0].code == "min_hours"
    )
    assert el.check(COACH_UWV, _situation(target_group="wajong")).status is el.Status.POSSIBLE


def test_not_offered_never_applies():
    withdrawn = el.InstrumentRules(**{**LKS.__dict__, "offered": False})
    assert el.check(withdrawn, _situation()).failed[0].code == "not_offered"


def test_both_wage_instruments_open_is_flagged():
    everyone = el.InstrumentRules(**{**DISPENSATION.__dict__, "target_groups": frozenset()})
    outcomes = el.check_all([LKS, everyone], _situation(wage_value=50, contract_months=12))
    assert el.exclusive_wage_instruments(outcomes) is True


def test_add_months_keeps_the_day_or_takes_the_last_day():
    assert el.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert el.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert el.add_months(date(2025, 9, 15), 6) == date(2026, 3, 15)
    assert el.add_months(date(2025, 11, 30), 14) == date(2027, 1, 30)


situations = st.builds(
    el.Situation,
    on=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    target_group=st.sampled_from(TARGET_GROUPS),
    in_register=st.booleans(),
    wage_value=st.one_of(st.none(), st.integers(min_value=0, max_value=100)),
    job_kind=st.one_of(st.none(), st.sampled_from(["regular", "jobs_agreement", "sheltered_work"])),
    hours_per_week=st.one_of(st.none(), st.decimals(min_value=1, max_value=40, places=1)),
    contract_months=st.one_of(st.none(), st.integers(min_value=0, max_value=120)),
)


@given(situations)
def test_one_outcome_per_instrument(situation):
    outcomes = el.check_all(CATALOGUE, situation)
    assert sorted(o.rules.key for o in outcomes) == sorted(r.key for r in CATALOGUE)
    for outcome in outcomes:
        assert outcome.applies == (outcome.status is el.Status.APPLIES)
        assert (outcome.status is el.Status.DOES_NOT_APPLY) == bool(outcome.failed)


@given(situations)
def test_never_applies_outside_its_target_groups(situation):
    for outcome in el.check_all(CATALOGUE, situation):
        groups = outcome.rules.target_groups
        if groups and situation.target_group not in groups:
            assert not outcome.applies


@given(situations)
def test_wage_cost_subsidy_never_at_full_wage_value(situation):
    if situation.wage_value == 100:
        assert not el.check(LKS, situation).applies


@given(situations, st.integers(min_value=0, max_value=100))
def test_a_lower_wage_value_never_closes_wage_dispensation(situation, lower):
    if situation.wage_value is None or lower > situation.wage_value:
        return
    if el.check(DISPENSATION, situation).applies:
        assert el.check(DISPENSATION, el.Situation(**{**situation.__dict__, "wage_value": lower})).applies


@given(situations)
def test_registration_never_closes_an_instrument_except_the_route_into_the_register(situation):
    registered = el.Situation(**{**situation.__dict__, "in_register": True})
    for rules in CATALOGUE:
        if rules.kind == "practical_route":
            continue
        unregistered = el.check(rules, el.Situation(**{**situation.__dict__, "in_register": False}))
        if unregistered.applies:
            assert el.check(rules, registered).applies
