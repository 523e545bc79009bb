"""Which instruments of the catalogue apply to a candidate at an employer in a job, which do not, and why.

Pure: plain values in (the catalogue's rules as `InstrumentRules`, the case as `Situation`), outcomes out,
no ORM and no Django. Each outcome lists every condition it checked as a `Reason` (a code, whether it is
met, and the figures that go with it), so the page and the API can say why. A condition that cannot be
checked from what is known (no wage value measured yet, no contract length) is `None`: the instrument is
then "possible", not "applies". The system proposes; UWV, the tax administration or the municipality decides.

The extra rules per kind follow DOMAIN.md: §1.2 (wage-cost subsidy, 10d lid 2 and 3), §2 (wage dispensation),
§3.3 and §5.1 (no-risk policy grounds), §5.5 (sheltered work) and §5.6 (practical route).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Status(StrEnum):
    APPLIES = "applies"
    POSSIBLE = "possible"  # nothing fails, but something could not be checked
    DOES_NOT_APPLY = "does_not_apply"


# Kinds and values as the models name them (kept as strings here so this module needs no Django).
WAGE_COST_SUBSIDY = "wage_cost_subsidy"
WAGE_DISPENSATION = "wage_dispensation"
NO_RISK_POLICY = "no_risk_policy"
SHELTERED_WORK = "sheltered_work"
PRACTICAL_ROUTE = "practical_route"
LKV_KINDS = frozenset({"lkv_jobs_agreement", "lkv_disabled_worker", "lkv_redeployment"})
PARTICIPATION_ACT = "participation_act"
SHELTERED_WORK_GROUP = "sheltered_work"
# The no-risk policy covers Participatiewet clients through the jobs-agreement route for jobs started on or
# after this date (ZW art. 29b lid 2; DOMAIN.md §5.1).
NO_RISK_JOBS_AGREEMENT_FROM = date(2015, 1, 1)


@dataclass(frozen=True)
class InstrumentRules:
    """The eligibility rules of one catalogue version, as plain values."""

    key: str  # identifies the instrument to the caller (its uuid)
    code: str
    kind: str
    name: str
    provider: str
    offered: bool = True
    target_groups: frozenset[str] = frozenset()  # empty: every target group
    requires_register: bool = False
    requires_reduced_wage_value: bool = False
    min_productivity_loss_pct: int | None = None
    min_hours_per_week: Decimal | None = None
    min_contract_months: int | None = None
    excluded_job_kinds: frozenset[str] = frozenset()
    apply_within_months: int | None = None
    max_duration_months: int | None = None


@dataclass(frozen=True)
class Situation:
    """The case: who, in which job, on which date. Unknowns are None."""

    on: date
    target_group: str
    in_register: bool
    wage_value: int | None = None  # determined wage value, whole percent of the minimum wage
    job_kind: str | None = None
    hours_per_week: Decimal | None = None
    contract_months: int | None = None  # None: open-ended or not known
    employment_start: date | None = None
    already_employed: bool = False  # the job started before this application (10d lid 2)


@dataclass(frozen=True)
class Reason:
    code: str
    met: bool | None  # None: could not be checked with what is known
    params: tuple[tuple[str, object], ...] = ()

    @property
    def values(self) -> dict[str, object]:
        return dict(self.params)


@dataclass(frozen=True)
class Outcome:
    rules: InstrumentRules
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def status(self) -> Status:
        if any(r.met is False for r in self.reasons):
            return Status.DOES_NOT_APPLY
        if any(r.met is None for r in self.reasons):
            return Status.POSSIBLE
        return Status.APPLIES

    @property
    def applies(self) -> bool:
        return self.status is Status.APPLIES

    @property
    def failed(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.met is False)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it has no such day (31 Jan → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has 28 days


def _reason(code: str, met: bool | None, **params: object) -> Reason:
    return Reason(code, met, tuple(sorted(params.items())))


def _target_group(rules: InstrumentRules, s: Situation) -> list[Reason]:
    if not rules.target_groups:
        return []
    if rules.kind == NO_RISK_POLICY and s.target_group == PARTICIPATION_ACT:
        return []  # covered only through the jobs-agreement route, checked in _no_risk_policy
    return [
        _reason(
            "target_group",
            s.target_group in rules.target_groups,
            target_group=s.target_group,
            allowed=tuple(sorted(rules.target_groups)),
        )
    ]


def _wage_value(rules: InstrumentRules, s: Situation) -> list[Reason]:
    reasons = []
    if rules.requires_reduced_wage_value:
        if s.wage_value is None:
            # For wage-cost subsidy the flat rate of 10d lid 5 bridges the first months without a measurement.
            flat_rate = rules.kind == WAGE_COST_SUBSIDY
            reasons.append(_reason("wage_value_unknown", True if flat_rate else None, flat_rate=flat_rate))
        else:
            reasons.append(_reason("wage_value_below_100", s.wage_value < 100, wage_value=s.wage_value))
    if rules.min_productivity_loss_pct is not None:
        if s.wage_value is None:
            reasons.append(
                _reason("productivity_loss_unknown", None, minimum_pct=rules.min_productivity_loss_pct)
            )
        else:
            loss = 100 - s.wage_value
            reasons.append(
                _reason(
                    "productivity_loss",
                    loss >= rules.min_productivity_loss_pct,
                    loss_pct=loss,
                    minimum_pct=rules.min_productivity_loss_pct,
                )
            )
    return reasons


def _job(rules: InstrumentRules, s: Situation) -> list[Reason]:
    reasons = []
    if rules.excluded_job_kinds and s.job_kind is not None:
        reasons.append(
            _reason("job_kind_excluded", s.job_kind not in rules.excluded_job_kinds, job_kind=s.job_kind)
        )
    if rules.min_hours_per_week is not None:
        if s.hours_per_week is None:
            reasons.append(_reason("hours_unknown", None, minimum=rules.min_hours_per_week))
        else:
            reasons.append(
                _reason(
                    "min_hours",
                    s.hours_per_week >= rules.min_hours_per_week,
                    hours=s.hours_per_week,
                    minimum=rules.min_hours_per_week,
                )
            )
    if rules.min_contract_months is not None:
        if s.contract_months is None:
            reasons.append(_reason("contract_unknown", None, minimum=rules.min_contract_months))
        else:
            reasons.append(
                _reason(
                    "min_contract",
                    s.contract_months >= rules.min_contract_months,
                    months=s.contract_months,
                    minimum=rules.min_contract_months,
                )
            )
    return reasons


def _application_window(rules: InstrumentRules, s: Situation) -> list[Reason]:
    if rules.apply_within_months is None or s.employment_start is None or not s.already_employed:
        return []
    deadline = add_months(s.employment_start, rules.apply_within_months)
    return [_reason("apply_within", s.on <= deadline, months=rules.apply_within_months, deadline=deadline)]


def _register(rules: InstrumentRules, s: Situation) -> list[Reason]:
    if not rules.requires_register:
        return []
    return [_reason("in_register", s.in_register)]


def _no_risk_policy(s: Situation) -> list[Reason]:
    if s.target_group != PARTICIPATION_ACT:
        return []
    reasons = [_reason("no_risk_jobs_agreement_route", s.in_register)]
    if s.employment_start is not None:
        reasons.append(
            _reason(
                "no_risk_job_start",
                s.employment_start >= NO_RISK_JOBS_AGREEMENT_FROM,
                start=NO_RISK_JOBS_AGREEMENT_FROM,
            )
        )
    return reasons


def _kind_rules(rules: InstrumentRules, s: Situation) -> list[Reason]:
    reasons: list[Reason] = []
    if rules.kind == NO_RISK_POLICY:
        reasons += _no_risk_policy(s)
    if rules.kind == PRACTICAL_ROUTE:
        reasons.append(_reason("not_yet_in_register", not s.in_register))
    if rules.kind == WAGE_COST_SUBSIDY and s.job_kind is not None and s.job_kind == SHELTERED_WORK:
        # Sheltered work is a regular job with wage-cost subsidy where needed (Pw 10b lid 9).
        reasons.append(_reason("sheltered_work_with_subsidy", True))
    if rules.kind in LKV_KINDS and s.target_group == SHELTERED_WORK_GROUP:
        reasons.append(_reason("lkv_not_for_sheltered_work", False))
    return reasons


def check(rules: InstrumentRules, situation: Situation) -> Outcome:
    """The outcome of one instrument for the situation, with every condition checked."""
    reasons: list[Reason] = []
    if not rules.offered:
        reasons.append(_reason("not_offered", False))
    reasons += _target_group(rules, situation)
    reasons += _register(rules, situation)
    reasons += _wage_value(rules, situation)
    reasons += _job(rules, situation)
    reasons += _application_window(rules, situation)
    reasons += _kind_rules(rules, situation)
    return Outcome(rules, tuple(reasons))


_ORDER = {Status.APPLIES: 0, Status.POSSIBLE: 1, Status.DOES_NOT_APPLY: 2}


def check_all(catalogue: list[InstrumentRules], situation: Situation) -> list[Outcome]:
    """One outcome per instrument: those that apply first, then the possible ones, then the rest (each in
    catalogue order)."""
    outcomes = [check(rules, situation) for rules in catalogue]
    return sorted(outcomes, key=lambda o: _ORDER[o.status])


def exclusive_wage_instruments(outcomes: list[Outcome]) -> bool:
    """True when both wage-cost subsidy and wage dispensation are open: only one may be used for a job
    (Pw 10d lid 9, no other wage-cost subsidy besides LKS), so the page says so."""
    open_kinds = {o.rules.kind for o in outcomes if o.status is not Status.DOES_NOT_APPLY}
    return {WAGE_COST_SUBSIDY, WAGE_DISPENSATION} <= open_kinds
