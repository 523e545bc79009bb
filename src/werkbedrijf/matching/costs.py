"""The employer's net cost of a candidate in a job, for the cost factor of the matching score.

The cost of a pair depends on the job only through its hours, and on the candidate only through a few facts,
gathered in a `CostProfile`: the wage instrument that applies, the wage value, the age variant of the
minimum wage and registration in the target-group register (for the LKV). A region has a few hundred
distinct profiles at most, so a round computes each (profile, hours) once with
`wage_value.calculation.employer_net_cost` — the calculator the wage-value pages use, to the cent.

Assumptions, where the data leave room (shown in docs/architecture.md):
- the job pays the minimum wage for the candidate's age (vacancies record a wage scale as text only), for a
  full-time week of 36 hours (the LKS pro-rating basis);
- the wage instrument follows the target group: the wage-cost subsidy (LKS, Participatiewet art. 10d) for
  people under the Participatiewet, former VSO/PrO pupils (art. 10d lid 2) and sheltered work (beschut
  werk, art. 10b); wage dispensation (Wajong art. 2:20) for Wajong; none for WIA and for a Wsw indication
  (LKS is not for Wsw employment, art. 10d lid 3);
- the wage value is the latest finalised wage-value assessment's (facts.latest_wage_values); without one
  the LKS flat rate of art. 10d lid 5 applies, and wage dispensation cannot be calculated (the cost factor
  then says "not calculated");
- the LKV counts for candidates in the target-group register on the day matched;
- an unknown date of birth is paid the adult minimum wage.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from werkbedrijf.candidates.models import TargetGroup
from werkbedrijf.parameters.selectors import ParameterSet, parameters_on
from werkbedrijf.parameters.units import youth_variant
from werkbedrijf.wage_value import calculation as calc
from werkbedrijf.wage_value.rules import age_on, rules_for_variant

from . import engine
from .engine import EmployerCost

FULL_TIME_HOURS = Decimal(36)
# The minimum wage's age variants (parameters.units.youth_variant without BBL): adults, then 15 to 20.
AGE_VARIANTS = ("", *(str(age) for age in range(15, 21)))

INSTRUMENT_BY_TARGET_GROUP: dict[str, calc.WageInstrument] = {
    TargetGroup.PARTICIPATION_ACT: calc.WageInstrument.WAGE_COST_SUBSIDY,
    TargetGroup.SPECIAL_EDUCATION: calc.WageInstrument.WAGE_COST_SUBSIDY,
    TargetGroup.SHELTERED_WORK: calc.WageInstrument.WAGE_COST_SUBSIDY,
    TargetGroup.WAJONG: calc.WageInstrument.WAGE_DISPENSATION,
    TargetGroup.SHELTERED_WORK_INDICATION: calc.WageInstrument.NONE,
    TargetGroup.WIA: calc.WageInstrument.NONE,
}


@dataclass(frozen=True)
class CostProfile:
    """What the employer's cost of a candidate depends on, on one date."""

    instrument: calc.WageInstrument
    wage_value: int | None  # percent of the minimum wage; None when not assessed
    age_variant: str  # '' for 21 and over (parameters.units.youth_variant)
    in_register: bool


def cost_profile(
    *, target_group: str, age: int | None, wage_value: int | None, in_register: bool
) -> CostProfile | None:
    """The profile of a candidate of `age` (None: birth date unknown, paid as an adult); None when no cost can
    be calculated (under 15, or a wage value outside 0-100)."""
    try:
        variant = "" if age is None else youth_variant(age)
    except ValueError:
        return None
    if wage_value is not None and not 0 <= wage_value <= 100:
        return None
    return CostProfile(
        instrument=INSTRUMENT_BY_TARGET_GROUP.get(target_group, calc.WageInstrument.NONE),
        wage_value=wage_value,
        age_variant=variant,
        in_register=in_register,
    )


def profile_of(facts: engine.CandidateFacts, on: date) -> CostProfile | None:
    """The candidate's profile on `on`: the age on that day, and registration in the register on it."""
    return cost_profile(
        target_group=facts.target_group,
        age=None if facts.date_of_birth is None else age_on(facts.date_of_birth, on),
        wage_value=facts.wage_value,
        in_register=engine.registered_on(facts, on),
    )


# Costs by (figures token, profile, hours), shared by the calculators of a process: a cost depends on nothing
# else, and computing one takes about 35 µs, which a search over a few hundred profiles would pay every time.
_shared_costs: dict[tuple[int, CostProfile, Decimal], EmployerCost | None] = {}
_SHARED_COSTS_MAX = 200_000
_tokens: dict[tuple, int] = {}
_tokens_lock = threading.Lock()
_MISSING = object()


def forget_costs() -> None:
    """Drop the process's shared costs (tests)."""
    _shared_costs.clear()


class CostCalculator:
    """Employer costs on one date, each (profile, hours) calculated once per process for the same figures.

    Reads the legal parameters in force on `on` at first use (one query), or takes `params`; make one per
    request or round, so that changed parameters are read again. Two calculators whose figures in force are
    the same share a `token`, and with it the costs already computed (here and in index.py's tables).
    """

    def __init__(self, on: date, params: ParameterSet | None = None):
        self.on = on
        self._params = params
        self._token: int | None = None
        self._rules: dict[str, calc.RulesOnDate | None] = {}

    @property
    def params(self) -> ParameterSet:
        if self._params is None:
            self._params = parameters_on(self.on)
        return self._params

    @property
    def token(self) -> int:
        """A number for (the date, the figures in force on it): the same in every calculator of a process."""
        if self._token is None:
            fingerprint = (self.on, self.params.fingerprint())
            with _tokens_lock:
                self._token = _tokens.setdefault(fingerprint, len(_tokens) + 1)
        return self._token

    def _rules_for(self, variant: str) -> calc.RulesOnDate | None:
        if variant not in self._rules:
            try:
                self._rules[variant] = rules_for_variant(self.on, variant, self.params)
            except calc.CalculationInputError:
                self._rules[variant] = None
        return self._rules[variant]

    def cost(self, profile: CostProfile | None, hours: Decimal) -> EmployerCost | None:
        """The employer's monthly cost, gross and after the instruments; None when it cannot be calculated
        (no profile, no legal figures for the date, wage dispensation without a wage value)."""
        if profile is None:
            return None
        key = (self.token, profile, hours)
        found = _shared_costs.get(key, _MISSING)
        if found is _MISSING:
            found = self._calculate(profile, hours)
            if len(_shared_costs) >= _SHARED_COSTS_MAX:
                _shared_costs.clear()
            _shared_costs[key] = found
        return found  # type: ignore[return-value]

    def pair(self, candidate: engine.CandidateFacts, job: engine.JobFacts) -> EmployerCost | None:
        """The employer's cost of `candidate` in `job`, for engine.score."""
        return self.cost(profile_of(candidate, self.on), job.hours)

    @property
    def available(self) -> bool:
        """Whether the legal figures for `on` are there (for an adult); without them no cost is calculated."""
        return self._rules_for("") is not None

    @property
    def unconfirmed(self) -> frozenset[str]:
        """Names of the legal figures the costs rest on (for any age) whose source is marked UNCONFIRMED."""
        found: frozenset[str] = frozenset()
        for variant in AGE_VARIANTS:
            rules = self._rules_for(variant)
            if rules is not None:
                found |= rules.unconfirmed
        return found

    def _calculate(self, profile: CostProfile, hours: Decimal) -> EmployerCost | None:
        rules = self._rules_for(profile.age_variant)
        if rules is None or hours <= 0:
            return None
        instrument = profile.instrument
        wage_value = profile.wage_value
        if instrument is calc.WageInstrument.WAGE_DISPENSATION and wage_value is None:
            return None
        if wage_value is not None and wage_value >= 100:
            instrument = calc.WageInstrument.NONE
        try:
            result = calc.employer_net_cost(
                rules=rules,
                hours_per_week=hours,
                full_time_hours_per_week=FULL_TIME_HOURS,
                instrument=instrument,
                wage_value=wage_value,
                in_target_group_register=profile.in_register,
            )
        except calc.CalculationInputError:
            return None
        return EmployerCost(net=result.monthly_net_cost, gross=result.gross_monthly_cost)
