"""The public calculators: plain inputs in, the rules of the date looked up, the calculation run.

Shared by the pages and the API so both answer the same; invalid input raises CalculationInputError
naming the field.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import calculation as calc
from .presentation import unconfirmed_figures
from .rules import rules_on


@dataclass
class Answer:
    result: object
    steps: tuple[calc.Step, ...]
    # Figures whose recorded source is UNCONFIRMED (labels), for the notice on the page and in the API.
    unconfirmed_figures: list[str]


def wage_cost_subsidy(
    *,
    on: date,
    wage_value: int | None,
    hours_per_week: Decimal,
    full_time_hours_per_week: Decimal = Decimal(36),
    date_of_birth: date | None = None,
) -> Answer:
    rules = rules_on(on, date_of_birth=date_of_birth)
    result = calc.wage_cost_subsidy(
        rules=rules,
        wage_value=wage_value,
        hours_per_week=hours_per_week,
        full_time_hours_per_week=full_time_hours_per_week,
    )
    return Answer(result, result.steps, unconfirmed_figures(rules.unconfirmed))


def wage_value(
    *,
    on: date,
    tasks: list[calc.MainTask],
    method: calc.WageValueMethod | None = None,
    reported_wage_value: int | None = None,
) -> Answer:
    if on < calc.EARLIEST_DATE:
        raise calc.RulesNotAvailable(on)
    result = calc.wage_value_measurement(
        method=method or calc.wage_value_method_on(on), tasks=tasks, reported_wage_value=reported_wage_value
    )
    return Answer(result, result.steps, [])


def wage_dispensation(
    *,
    on: date,
    wage_value: int,
    monthly_wage: Decimal,
    expected_duration_months: int | None = None,
    remaining_contract_months: int | None = None,
    requested_duration_months: int | None = None,
) -> Answer:
    result = calc.wage_dispensation(
        rules=calc.dispensation_rules_on(on),
        wage_value=wage_value,
        monthly_wage=monthly_wage,
        expected_duration_months=expected_duration_months,
        remaining_contract_months=remaining_contract_months,
        requested_duration_months=requested_duration_months,
    )
    return Answer(result, result.steps, [])


def net_cost(
    *,
    on: date,
    hours_per_week: Decimal,
    full_time_hours_per_week: Decimal = Decimal(36),
    date_of_birth: date | None = None,
    hourly_wage: Decimal | None = None,
    instrument: calc.WageInstrument = calc.WageInstrument.NONE,
    wage_value: int | None = None,
    in_target_group_register: bool = False,
    has_target_group_declaration: bool = False,
) -> Answer:
    rules = rules_on(on, date_of_birth=date_of_birth)
    result = calc.employer_net_cost(
        rules=rules,
        hours_per_week=hours_per_week,
        full_time_hours_per_week=full_time_hours_per_week,
        hourly_wage=hourly_wage,
        instrument=instrument,
        wage_value=wage_value,
        in_target_group_register=in_target_group_register,
        has_target_group_declaration=has_target_group_declaration,
    )
    return Answer(result, result.steps, unconfirmed_figures(rules.unconfirmed))


# --- from the fields of the page's form or of the API request, which name `on` "date" -----------------


def wage_cost_subsidy_from_fields(data: dict) -> Answer:
    return wage_cost_subsidy(
        on=data["date"],
        wage_value=data["wage_value"],
        hours_per_week=data["hours_per_week"],
        full_time_hours_per_week=data["full_time_hours_per_week"],
        date_of_birth=data["date_of_birth"],
    )


def wage_dispensation_from_fields(data: dict) -> Answer:
    return wage_dispensation(
        on=data["date"],
        wage_value=data["wage_value"],
        monthly_wage=data["monthly_wage"],
        expected_duration_months=data["expected_duration_months"],
        remaining_contract_months=data["remaining_contract_months"],
        requested_duration_months=data["requested_duration_months"],
    )


def net_cost_from_fields(data: dict) -> Answer:
    return net_cost(
        on=data["date"],
        hours_per_week=data["hours_per_week"],
        full_time_hours_per_week=data["full_time_hours_per_week"],
        date_of_birth=data["date_of_birth"],
        hourly_wage=data["hourly_wage"],
        instrument=calc.WageInstrument(data["instrument"]),
        wage_value=data["wage_value"],
        in_target_group_register=data["in_target_group_register"],
        has_target_group_declaration=data["has_target_group_declaration"],
    )
