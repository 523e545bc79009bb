"""The placement rules read against DOMAIN.md §1.5 (trial placements) and §3.2-3.3 (job units, who counts)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from werkbedrijf.placements import rules
from werkbedrijf.placements.choices import ContractType

JOB = Decimal("25.5")
START = date(2026, 1, 1)


def facts(**overrides) -> rules.PlacementFacts:
    values = {
        "start": START,
        "ended_on": None,
        "contract_type": ContractType.REGULAR,
        "hours": ((START, Decimal(24)),),
        "in_register": True,
        "registered_from": date(2025, 6, 1),
        "registered_until": None,
    }
    values.update(overrides)
    return rules.PlacementFacts(**values)


# --- job units ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "units"),
    [
        ("25.5", "1.0000"),
        ("51", "2.0000"),  # DOMAIN.md §9 case 12
        ("12", "0.4706"),  # every hour counts
        ("1", "0.0392"),
        ("40", "1.5686"),
        ("0", "0.0000"),
    ],
)
def test_job_units_are_hours_divided_by_25_5(hours, units):
    assert rules.job_units(Decimal(hours), JOB) == Decimal(units)


@pytest.mark.parametrize("per_job", [Decimal(0), Decimal(-1)])
def test_job_units_need_positive_hours_per_job(per_job):
    with pytest.raises(ValueError):
        rules.job_units(Decimal(10), per_job)


@pytest.mark.parametrize(
    ("contract", "counts"),
    [
        (ContractType.REGULAR, True),
        (ContractType.SECONDMENT, True),
        (ContractType.LABOUR_POOL, True),
        (ContractType.SHELTERED_WORK, False),
        (ContractType.TRIAL, False),
    ],
)
def test_which_contracts_count_for_the_jobs_agreement(contract, counts):
    assert rules.counts_for_jobs_agreement(contract) is counts
    expected = Decimal("0.9412") if counts else Decimal(0)
    assert rules.job_units_on(facts(contract_type=contract), date(2026, 3, 1), JOB) == expected


# --- the register ------------------------------------------------------------------------------------------


def registered(
    day, *, in_register=True, registered_from=date(2026, 1, 10), registered_until=date(2026, 6, 30)
):
    return rules.registered_on(
        in_register=in_register, registered_from=registered_from, registered_until=registered_until, day=day
    )


def test_the_register_counts_from_its_first_day_up_to_and_including_its_last():
    assert not registered(date(2026, 1, 9))
    assert registered(date(2026, 1, 10))
    assert registered(date(2026, 6, 30))
    assert not registered(date(2026, 7, 1))


def test_not_in_the_register_never_counts_whatever_the_dates():
    assert not registered(date(2026, 3, 1), in_register=False)
    assert not registered(date(2026, 3, 1), in_register=False, registered_from=None, registered_until=None)


def test_the_register_without_dates_is_open_on_both_sides():
    assert registered(date(1990, 1, 1), registered_from=None, registered_until=None)
    assert registered(date(2100, 1, 1), registered_from=None, registered_until=None)
    assert registered(date(1990, 1, 1), registered_from=None)
    assert not registered(date(2026, 7, 1), registered_from=None)
    assert registered(date(2100, 1, 1), registered_until=None)
    assert not registered(date(2026, 1, 9), registered_until=None)


def test_job_units_follow_the_register_boundaries():
    f = facts(registered_from=date(2026, 2, 1), registered_until=date(2026, 4, 30))
    assert rules.job_units_on(f, date(2026, 1, 31), JOB) == 0
    assert rules.job_units_on(f, date(2026, 2, 1), JOB) == Decimal("0.9412")
    assert rules.job_units_on(f, date(2026, 4, 30), JOB) == Decimal("0.9412")
    assert rules.job_units_on(f, date(2026, 5, 1), JOB) == 0
    assert rules.job_units_on(facts(in_register=False), date(2026, 3, 1), JOB) == 0


# --- active days -------------------------------------------------------------------------------------------


def test_a_placement_is_active_from_its_start_through_its_last_day():
    end = date(2026, 3, 31)
    assert not rules.active_on(start=START, ended_on=end, day=START - timedelta(days=1))
    assert rules.active_on(start=START, ended_on=end, day=START)
    assert rules.active_on(start=START, ended_on=end, day=end)
    assert not rules.active_on(start=START, ended_on=end, day=end + timedelta(days=1))
    assert rules.active_on(start=START, ended_on=None, day=date(2040, 1, 1))


def test_a_placement_ended_on_its_first_day_is_active_that_day_only():
    assert rules.active_on(start=START, ended_on=START, day=START)
    assert not rules.active_on(start=START, ended_on=START, day=START + timedelta(days=1))


def test_job_units_count_on_the_last_day_but_not_the_day_after():
    f = facts(ended_on=date(2026, 3, 31))
    assert rules.job_units_on(f, date(2025, 12, 31), JOB) == 0
    assert rules.job_units_on(f, START, JOB) == Decimal("0.9412")
    assert rules.job_units_on(f, date(2026, 3, 31), JOB) == Decimal("0.9412")
    assert rules.job_units_on(f, date(2026, 4, 1), JOB) == 0


# --- hours over time ---------------------------------------------------------------------------------------

HISTORY = (
    (date(2026, 1, 1), Decimal(12)),
    (date(2026, 3, 1), Decimal(20)),
    (date(2026, 6, 15), Decimal("25.5")),
)


@pytest.mark.parametrize(
    ("day", "hours"),
    [
        (date(2025, 12, 31), None),
        (date(2026, 1, 1), Decimal(12)),
        (date(2026, 2, 28), Decimal(12)),
        (date(2026, 3, 1), Decimal(20)),
        (date(2026, 6, 14), Decimal(20)),
        (date(2026, 6, 15), Decimal("25.5")),
        (date(2030, 1, 1), Decimal("25.5")),
    ],
)
def test_hours_on_picks_the_row_in_force(day, hours):
    assert rules.hours_on(HISTORY, day) == hours


def test_hours_on_an_empty_history_is_none():
    assert rules.hours_on((), date(2026, 1, 1)) is None


def test_job_units_use_the_hours_in_force_that_day():
    f = facts(hours=HISTORY)
    assert rules.job_units_on(f, date(2026, 2, 1), JOB) == Decimal("0.4706")
    assert rules.job_units_on(f, date(2026, 3, 1), JOB) == Decimal("0.7843")
    assert rules.job_units_on(f, date(2026, 7, 1), JOB) == Decimal("1.0000")


def test_job_units_are_zero_before_the_first_hours_row():
    f = facts(hours=((date(2026, 2, 1), Decimal(20)),))
    assert rules.job_units_on(f, date(2026, 1, 15), JOB) == 0


# --- months and checkpoints --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2026, 11, 30), 2, date(2027, 1, 30)),
        (date(2026, 12, 31), 1, date(2027, 1, 31)),
        (date(2026, 12, 1), 13, date(2028, 1, 1)),
        (date(2026, 5, 20), 0, date(2026, 5, 20)),
    ],
)
def test_add_months_clamps_to_the_months_last_day(day, months, expected):
    assert rules.add_months(day, months) == expected


def test_checkpoints_at_1_3_6_12_and_24_months():
    assert rules.checkpoint_dates(date(2026, 1, 15)) == [
        (1, date(2026, 2, 15)),
        (3, date(2026, 4, 15)),
        (6, date(2026, 7, 15)),
        (12, date(2027, 1, 15)),
        (24, date(2028, 1, 15)),
    ]


def test_checkpoints_of_a_start_at_the_end_of_a_month_in_a_leap_year():
    assert rules.checkpoint_dates(date(2024, 1, 31)) == [
        (1, date(2024, 2, 29)),
        (3, date(2024, 4, 30)),
        (6, date(2024, 7, 31)),
        (12, date(2025, 1, 31)),
        (24, date(2026, 1, 31)),
    ]
    assert [due for _, due in rules.checkpoint_dates(date(2024, 2, 29))][-2:] == [
        date(2025, 2, 28),
        date(2026, 2, 28),
    ]


# --- trial placements --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "initial", "maximum"),
    [
        ("participation_act", 2, 6),
        ("wajong", 6, 6),
        ("wia", 6, 6),
        ("wsw_indication", 6, 6),
    ],
)
def test_trial_limits_per_target_group(group, initial, maximum):
    limit = rules.trial_limit(group)
    assert (limit.initial_months, limit.max_months) == (initial, maximum)
    assert limit.basis


def trial(group, end, *, extended=False, start=START):
    return rules.trial_problem(target_group=group, start=start, end=end, extended=extended)


def test_participation_act_trial_two_months_without_extension():
    # 1 January + 2 months = 1 March: the last day of a two-month trial is 28 February.
    assert trial("participation_act", date(2026, 2, 28)) is None
    assert trial("participation_act", date(2026, 3, 1)) == "needs_extension"
    assert trial("participation_act", date(2026, 3, 1), extended=True) is None


def test_participation_act_trial_extended_up_to_but_not_including_six_months():
    assert trial("participation_act", date(2026, 6, 30), extended=True) is None
    assert trial("participation_act", date(2026, 7, 1), extended=True) == "too_long"
    assert trial("participation_act", date(2026, 7, 1)) == "too_long"


def test_participation_act_trial_from_the_end_of_a_month():
    start = date(2026, 12, 31)
    # + 2 months = 28 February 2027 (clamped): the trial may last through 27 February without an extension.
    assert trial("participation_act", date(2027, 2, 27), start=start) is None
    assert trial("participation_act", date(2027, 2, 28), start=start) == "needs_extension"
    assert trial("participation_act", date(2027, 6, 29), start=start, extended=True) is None
    assert trial("participation_act", date(2027, 6, 30), start=start, extended=True) == "too_long"


@pytest.mark.parametrize("group", ["wajong", "wia", "wsw_indication"])
def test_other_trials_six_months_and_no_extension_needed(group):
    assert trial(group, date(2026, 6, 30)) is None
    assert trial(group, date(2026, 7, 1)) == "too_long"
    assert trial(group, date(2026, 7, 1), extended=True) == "too_long"


def test_trial_without_an_end_or_ending_before_its_start():
    assert trial("wajong", None) == "no_end"
    assert trial("participation_act", START - timedelta(days=1)) == "end_before_start"
    assert trial("participation_act", START) is None  # a one-day trial


# --- properties --------------------------------------------------------------------------------------------

hours_st = st.decimals(min_value=0, max_value=40, places=2, allow_nan=False, allow_infinity=False)


@given(a=hours_st, b=hours_st)
def test_job_units_grow_with_the_hours(a, b):
    low, high = sorted((a, b))
    assert rules.job_units(low, JOB) <= rules.job_units(high, JOB)
    assert abs(rules.job_units(a, JOB) * JOB - a) <= Decimal("0.0001") * JOB


@given(
    hours=hours_st.filter(lambda h: h > 0),
    contract=st.sampled_from([ContractType.SHELTERED_WORK, ContractType.TRIAL]),
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
)
def test_non_counting_contracts_give_no_jobs_ever(hours, contract, day):
    f = facts(contract_type=contract, hours=((START, hours),), registered_from=None)
    assert rules.job_units_on(f, day, JOB) == 0


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)),
    months=st.integers(min_value=0, max_value=48),
)
def test_add_months_lands_in_the_right_month_never_later_than_the_day(start, months):
    result = rules.add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day <= start.day
    assert result.day == start.day or (result + timedelta(days=1)).day == 1
