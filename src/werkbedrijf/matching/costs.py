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
- the wage value is the latest finalised wage-value assessment's; without one the LKS flat rate of art. 10d
  lid 5 applies, and wage dispensation cannot be calculated (the cost factor then says "not calculated");
- the LKV counts for candidates in the target-group register.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from werkbedrijf.candidates.models import Candidate, TargetGroup
from werkbedrijf.parameters.selectors import parameters_on
from werkbedrijf.wage_value import calculation as calc
from werkbedrijf.wage_value.models import Assessment, AssessmentStatus
from werkbedrijf.wage_value.rules import age_variant_for, rules_for_variant

from .engine import EmployerCost

FULL_TIME_HOURS = Decimal(36)

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
    *,
    target_group: str,
    date_of_birth: date | None,
    wage_value: int | None,
    in_register: bool,
    on: date,
) -> CostProfile | None:
    """The candidate's profile on `on`; None when no cost can be calculated (under 15, or a wage value
    outside 0-100)."""
    try:
        variant = age_variant_for(date_of_birth, on)
    except calc.CalculationInputError:
        return None
    if wage_value is not None and not 0 <= wage_value <= 100:
        return None
    return CostProfile(
        instrument=INSTRUMENT_BY_TARGET_GROUP.get(target_group, calc.WageInstrument.NONE),
        wage_value=wage_value,
        age_variant=variant,
        in_register=in_register,
    )


def candidate_cost_profiles(candidates: QuerySet[Candidate], on: date) -> dict[int, CostProfile | None]:
    """The profile on `on` of each candidate in `candidates` (by primary key), in two queries."""
    wage_values: dict[int, int | None] = {}
    finalised = Assessment.objects.filter(
        candidate__in=candidates.order_by().values("pk"), status=AssessmentStatus.FINALISED
    )
    for candidate_id, percent in finalised.order_by("candidate_id", "finalised_at").values_list(
        "candidate_id", "result_percent"
    ):
        wage_values[candidate_id] = percent  # the latest finalised comes last
    rows = candidates.order_by().values_list(
        "pk", "target_group", "date_of_birth", "in_target_group_register"
    )
    return {
        pk: cost_profile(
            target_group=target_group,
            date_of_birth=born,
            wage_value=wage_values.get(pk),
            in_register=in_register,
            on=on,
        )
        for pk, target_group, born, in_register in rows.iterator(chunk_size=10_000)
    }


class CostCalculator:
    """Employer costs on one date, each (profile, hours) calculated once.

    Holds the legal parameters in force on `on` (one query); make one per request or round, so that changed
    parameters are read again.
    """

    def __init__(self, on: date):
        self.on = on
        self._params = None
        self._rules: dict[str, calc.RulesOnDate | None] = {}
        self._costs: dict[tuple[CostProfile, Decimal], EmployerCost | None] = {}

    def _rules_for(self, variant: str) -> calc.RulesOnDate | None:
        if variant not in self._rules:
            if self._params is None:
                self._params = parameters_on(self.on)
            try:
                self._rules[variant] = rules_for_variant(self.on, variant, self._params)
            except calc.CalculationInputError:
                self._rules[variant] = None
        return self._rules[variant]

    def cost(self, profile: CostProfile | None, hours: Decimal) -> EmployerCost | None:
        """The employer's monthly cost, gross and after the instruments; None when it cannot be calculated
        (no profile, no legal figures for the date, wage dispensation without a wage value)."""
        if profile is None:
            return None
        key = (profile, hours)
        if key not in self._costs:
            self._costs[key] = self._calculate(profile, hours)
        return self._costs[key]

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
