from datetime import date
from decimal import Decimal

import pytest

from werkbedrijf.parameters.models import LegalParameter
from werkbedrijf.parameters.selectors import (
    ParameterNotFound,
    jobs_agreement_target,
    legal_parameter_groups,
    parameter_on,
    parameters_on,
    value_on,
)


def test_valid_to_is_exclusive(legal_parameters):
    assert value_on("minimum_wage_hourly", date(2025, 6, 30)) == Decimal("14.06")
    assert value_on("minimum_wage_hourly", date(2025, 7, 1)) == Decimal("14.40")


def test_date_before_the_first_version_raises_naming_key_variant_and_date(legal_parameters):
    with pytest.raises(ParameterNotFound) as info:
        value_on("minimum_wage_hourly", date(2024, 6, 30), variant="19")
    message = str(info.value)
    assert "minimum_wage_hourly" in message
    assert "'19'" in message
    assert "2024-06-30" in message
    assert (info.value.key, info.value.variant, info.value.on) == (
        "minimum_wage_hourly",
        "19",
        date(2024, 6, 30),
    )


def test_ended_parameter_raises_after_its_end(legal_parameters):
    assert value_on("lkv_older_employee_hourly", date(2025, 12, 31)) == Decimal("1.35")
    with pytest.raises(ParameterNotFound):
        value_on("lkv_older_employee_hourly", date(2026, 1, 1))


def test_wage_cost_subsidy_hours_basis_has_no_value_before_2024(legal_parameters):
    assert value_on("wage_cost_subsidy_hours_basis", date(2024, 1, 1)) == 36
    with pytest.raises(ParameterNotFound):
        value_on("wage_cost_subsidy_hours_basis", date(2023, 12, 31))


def test_unknown_key_raises(legal_parameters):
    with pytest.raises(ParameterNotFound):
        value_on("no_such_parameter", date(2026, 1, 1))


def test_parameter_on_gives_source_and_confidence(legal_parameters):
    row = parameter_on("wage_cost_subsidy_employer_cost_pct", date(2026, 1, 1))
    assert row.confidence == "OFFICIAL"
    assert "Regeling loonkostensubsidie Participatiewet 2021" in row.source


def test_a_new_row_is_seen_at_once(legal_parameters):
    LegalParameter.objects.filter(key="minimum_wage_hourly", variant="", valid_to__isnull=True).update(
        valid_to=date(2026, 7, 1)
    )
    LegalParameter.objects.create(
        key="minimum_wage_hourly",
        value=Decimal("14.99"),
        unit="EUR/hour",
        valid_from=date(2026, 7, 1),
        source="test",
        confidence="OFFICIAL",
    )
    assert value_on("minimum_wage_hourly", date(2026, 7, 1)) == Decimal("14.99")
    assert value_on("minimum_wage_hourly", date(2026, 6, 30)) == Decimal("14.71")


def test_parameters_on_fetches_all_values_of_a_date_in_one_query(legal_parameters, django_assert_num_queries):
    with django_assert_num_queries(1):
        values = parameters_on(date(2025, 12, 31))
        assert values.value("minimum_wage_monthly") == Decimal("2245.80")
        assert values.value("youth_wage_pct", variant="bbl_18") == Decimal("45.5")
        assert values.value("holiday_allowance_pct") == 8
    with pytest.raises(ParameterNotFound):
        values.value("lkv_disabled_employee_hourly")  # only known from 2026


def test_unknown_target_year_raises(legal_parameters):
    with pytest.raises(ParameterNotFound):
        jobs_agreement_target(2014)


def test_groups_mark_the_row_in_force_and_warn_about_a_missed_indexation(legal_parameters):
    groups = {group.key: group for group in legal_parameter_groups(date(2026, 8, 1))}
    monthly = groups["minimum_wage_monthly"]
    assert [row.value for row in monthly.rows if row.in_force] == [Decimal("2294.40")]
    assert monthly.possibly_outdated_since == date(2026, 7, 1)
    assert groups["holiday_allowance_pct"].possibly_outdated_since is None
    assert list(groups)[:2] == ["minimum_wage_hourly", "minimum_wage_monthly"]


def test_no_indexation_warning_while_the_latest_version_is_current(legal_parameters):
    groups = {group.key: group for group in legal_parameter_groups(date(2026, 3, 1))}
    assert groups["minimum_wage_monthly"].possibly_outdated_since is None
