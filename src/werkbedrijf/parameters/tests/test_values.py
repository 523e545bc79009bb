"""Every shipped value, pinned against DOMAIN.md (§1.3, §3, §4, §5.2, §7, §10).

The table below is written from DOMAIN.md, not from the CSV: a changed or added CSV row fails here
until it is checked against the source and pinned.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from werkbedrijf.parameters.loader import read_parameter_file, read_target_file
from werkbedrijf.parameters.selectors import jobs_agreement_target, parameter_on, value_on

LAW, OFF, SEC, UNC = "LAW", "OFFICIAL", "SECONDARY", "UNCONFIRMED"
OPEN = None

# (key, variant, valid_from, valid_to (exclusive), value, confidence)
EXPECTED = [
    # §7 minimum wage, 21 and over
    ("minimum_wage_hourly", "", "2024-07-01", "2025-01-01", "13.68", SEC),
    ("minimum_wage_hourly", "", "2025-01-01", "2025-07-01", "14.06", SEC),
    ("minimum_wage_hourly", "", "2025-07-01", "2026-01-01", "14.40", SEC),
    ("minimum_wage_hourly", "", "2026-01-01", OPEN, "14.71", SEC),
    ("minimum_wage_monthly", "", "2024-07-01", "2025-01-01", "2133.60", SEC),
    ("minimum_wage_monthly", "", "2025-01-01", "2025-07-01", "2191.80", SEC),
    ("minimum_wage_monthly", "", "2025-07-01", "2026-01-01", "2245.80", SEC),
    ("minimum_wage_monthly", "", "2026-01-01", OPEN, "2294.40", SEC),
    # §7 youth percentages
    ("youth_wage_pct", "20", "2024-07-01", OPEN, "80", SEC),
    ("youth_wage_pct", "19", "2024-07-01", OPEN, "60", SEC),
    ("youth_wage_pct", "18", "2024-07-01", OPEN, "50", SEC),
    ("youth_wage_pct", "17", "2024-07-01", OPEN, "39.5", SEC),
    ("youth_wage_pct", "16", "2024-07-01", OPEN, "34.5", SEC),
    ("youth_wage_pct", "15", "2024-07-01", OPEN, "30", SEC),
    ("youth_wage_pct", "bbl_20", "2024-07-01", OPEN, "61.5", SEC),
    ("youth_wage_pct", "bbl_19", "2024-07-01", OPEN, "52.5", SEC),
    ("youth_wage_pct", "bbl_18", "2024-07-01", OPEN, "45.5", SEC),
]
_YOUTH = ["20", "19", "18", "17", "16", "15", "bbl_20", "bbl_19", "bbl_18"]
_YOUTH_HOURLY = [
    ("2025-01-01", "2025-07-01", "11.25 8.44 7.03 5.55 4.85 4.22 8.65 7.38 6.40"),
    ("2025-07-01", "2026-01-01", "11.52 8.64 7.20 5.69 4.97 4.32 8.86 7.56 6.55"),
    ("2026-01-01", OPEN, "11.77 8.83 7.36 5.81 5.07 4.41 9.05 7.72 6.69"),
]
for _from, _to, _values in _YOUTH_HOURLY:
    for _variant, _value in zip(_YOUTH, _values.split(), strict=True):
        EXPECTED.append(("minimum_wage_hourly", _variant, _from, _to, _value, SEC))
EXPECTED += [
    # §1.3 wage cost subsidy
    ("holiday_allowance_pct", "", "2015-01-01", OPEN, "8", LAW),
    ("wage_cost_subsidy_employer_cost_pct", "", "2015-01-01", OPEN, "23.5", OFF),
    ("wage_cost_subsidy_cap_pct", "", "2024-01-01", OPEN, "70", LAW),
    ("wage_cost_subsidy_flat_rate_pct", "", "2024-01-01", OPEN, "50", LAW),
    ("wage_cost_subsidy_flat_rate_max_months", "", "2024-01-01", OPEN, "6", LAW),
    ("wage_cost_subsidy_hours_basis", "", "2024-01-01", OPEN, "36", LAW),
    # §3.2 job units, §4.1 quota
    ("job_unit_hours_per_week", "", "2015-01-01", OPEN, "25.5", SEC),
    ("job_unit_hours_per_year", "", "2015-01-01", OPEN, "1326", UNC),
    ("quota_exemption_hours", "", "2015-01-01", OPEN, "40575", LAW),
    ("quota_average_hours", "", "2015-01-01", OPEN, "1623", LAW),
    ("quota_levy_per_shortfall", "", "2015-01-01", OPEN, "5000", LAW),
    ("quota_percentage", "", "2026-01-01", "2027-01-01", "2.58", UNC),
    # §5.2 LKV
    ("lkv_jobs_agreement_hourly", "", "2026-01-01", OPEN, "1.01", LAW),
    ("lkv_jobs_agreement_annual_max", "", "2026-01-01", OPEN, "2000", LAW),
    ("lkv_jobs_agreement_hourly", "", "2025-01-01", "2026-01-01", "1.01", UNC),
    ("lkv_jobs_agreement_annual_max", "", "2025-01-01", "2026-01-01", "2000", UNC),
    ("lkv_jobs_agreement_max_years", "", "2025-01-01", "2026-01-01", "3", LAW),
    ("lkv_disabled_employee_hourly", "", "2026-01-01", OPEN, "3.05", LAW),
    ("lkv_disabled_employee_annual_max", "", "2026-01-01", OPEN, "6000", LAW),
    ("lkv_disabled_employee_max_years", "", "2026-01-01", OPEN, "3", LAW),
    ("lkv_redeployment_hourly", "", "2026-01-01", OPEN, "3.05", LAW),
    ("lkv_redeployment_annual_max", "", "2026-01-01", OPEN, "6000", LAW),
    ("lkv_redeployment_max_years", "", "2026-01-01", OPEN, "1", LAW),
    ("lkv_declaration_deadline_months", "", "2026-01-01", OPEN, "3", LAW),
    ("lkv_older_employee_hourly", "", "2025-01-01", "2026-01-01", "1.35", LAW),
    ("lkv_older_employee_annual_max", "", "2025-01-01", "2026-01-01", "2600", LAW),
]

# §3.1: (year, market, government, confidence)
EXPECTED_TARGETS = [
    (2015, 6000, 3000, UNC),
    (2016, 14000, 6500, UNC),
    (2017, 23000, 10000, OFF),
    (2018, 31000, 12500, SEC),
    (2019, 40000, 15000, SEC),
    (2020, 50000, 17500, UNC),
    (2021, 60000, 20000, UNC),
    (2022, 70000, 22500, SEC),
    (2023, 80000, 25000, SEC),
    (2024, 90000, 25000, UNC),
    (2025, 100000, 25000, OFF),
]


def _id(case):
    key, variant, valid_from, *_ = case
    return f"{key}[{variant}]@{valid_from}"


def test_every_row_in_the_file_is_pinned_here():
    in_file = {
        (
            f["key"],
            f["variant"],
            f["valid_from"].isoformat(),
            f["valid_to"] and f["valid_to"].isoformat(),
            f["value"],
            f["confidence"],
        )
        for _, f in read_parameter_file()
    }
    pinned = {(key, variant, vf, vt, Decimal(value), conf) for key, variant, vf, vt, value, conf in EXPECTED}
    assert in_file == pinned
    assert len(EXPECTED) == len(pinned)


@pytest.mark.parametrize("case", EXPECTED, ids=_id)
def test_value_in_force_over_its_whole_period(legal_parameters, case):
    key, variant, valid_from, valid_to, value, confidence = case
    first_day = date.fromisoformat(valid_from)
    last_day = date.fromisoformat(valid_to) - timedelta(days=1) if valid_to else date(2030, 12, 31)
    for on in (first_day, last_day):
        row = parameter_on(key, on, variant=variant)
        assert row.value == Decimal(value)
        assert row.confidence == confidence
        assert row.source


def test_every_target_is_pinned_here():
    assert sorted(
        (f["year"], f["market"], f["government"], f["confidence"]) for _, f in read_target_file()
    ) == (EXPECTED_TARGETS)


@pytest.mark.parametrize("year,market,government,confidence", EXPECTED_TARGETS)
def test_jobs_agreement_target(legal_parameters, year, market, government, confidence):
    target = jobs_agreement_target(year)
    assert (target.market, target.government, target.confidence) == (market, government, confidence)


def test_end_target_is_125000_jobs(legal_parameters):
    assert jobs_agreement_target(2025).total == 125_000


def test_rows_whose_split_is_unconfirmed_say_so(legal_parameters):
    for year in (2015, 2016):
        assert "verdeling" in jobs_agreement_target(year).note


def test_domain_examples(legal_parameters):
    assert value_on("minimum_wage_monthly", date(2026, 1, 1)) == Decimal("2294.40")
    assert value_on("minimum_wage_monthly", date(2025, 12, 31)) == Decimal("2245.80")
    assert value_on("minimum_wage_hourly", date(2026, 1, 1)) == Decimal("14.71")
    assert value_on("youth_wage_pct", date(2026, 1, 1), variant="19") == Decimal("60")
    assert value_on("minimum_wage_hourly", date(2026, 1, 1), variant="19") == Decimal("8.83")
    assert value_on("wage_cost_subsidy_employer_cost_pct", date(2026, 1, 1)) == Decimal("23.5")
    assert value_on("quota_exemption_hours", date(2026, 1, 1)) == 40575
    assert value_on("job_unit_hours_per_week", date(2026, 1, 1)) == Decimal("25.5")


def test_quota_threshold_is_25_times_the_average(legal_parameters):
    on = date(2026, 1, 1)
    assert value_on("quota_exemption_hours", on) == 25 * value_on("quota_average_hours", on)


def test_unconfirmed_values_are_marked(legal_parameters):
    for key in ("quota_percentage", "job_unit_hours_per_year"):
        row = parameter_on(key, date(2026, 3, 1))
        assert row.confidence == "UNCONFIRMED"
        assert "Niet bevestigd" in row.note
