"""The public calculation API: the published wage-cost subsidy contract and the other calculators."""

import re

import pytest
from rest_framework.test import APIClient

from werkbedrijf.wage_value.api import CalculationThrottle

pytestmark = pytest.mark.django_db

URL = "/api/v1/calculations/wage-cost-subsidy"
CONTRACT = {"date": "2026-01-01", "wageValue": 60, "hoursPerWeek": "36", "fullTimeHoursPerWeek": "36"}


@pytest.fixture
def api():
    return APIClient()


def post(api, url, body):
    return api.post(url, body, format="json")


def test_contract_response_fields(api, legal_parameters):
    response = post(api, URL, CONTRACT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"monthlyAmount", "flatRate", "capped", "zeroReason", "unconfirmedFigures", "steps"}
    assert body["monthlyAmount"] == "1224.11"
    assert re.fullmatch(r"\d+\.\d{2}", body["monthlyAmount"])
    step = body["steps"][1]
    assert set(step) == {"code", "description", "values", "result", "unconfirmed"}
    assert step["code"] == "holiday_allowance_added"
    assert step["values"] == {"minimumWageMonthly": "2294.4", "holidayAllowancePct": "8"}
    assert step["result"] == {"minimumWageWithHolidayAllowance": "2477.952"}
    assert body["steps"][-1]["result"] == {"monthlyAmount": "1224.11"}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "1224.11"),
        ({"hoursPerWeek": "32"}, "1088.10"),
        ({"hoursPerWeek": "40", "fullTimeHoursPerWeek": "40"}, "1360.12"),
        ({"hoursPerWeek": "40", "fullTimeHoursPerWeek": "38"}, "1292.11"),
        ({"wageValue": 20}, "2142.19"),
        ({"wageValue": 30}, "2142.19"),
        ({"wageValue": None}, "1530.14"),
        ({"wageValue": 100}, "0.00"),
    ],
)
def test_domain_examples_through_the_api(api, legal_parameters, changes, expected):
    assert post(api, URL, {**CONTRACT, **changes}).json()["monthlyAmount"] == expected


def test_defaults_full_time_36_and_adult(api, legal_parameters):
    body = post(api, URL, {"date": "2026-01-01", "wageValue": 60, "hoursPerWeek": 36}).json()
    assert body["monthlyAmount"] == "1224.11"


def test_flat_rate_with_null(api, legal_parameters):
    body = post(api, URL, {**CONTRACT, "wageValue": None}).json()
    assert (body["monthlyAmount"], body["flatRate"]) == ("1530.14", True)
    assert any(step["code"] == "flat_rate" for step in body["steps"])


def test_zero_at_100_with_reason(api, legal_parameters):
    body = post(api, URL, {**CONTRACT, "wageValue": 100}).json()
    assert (body["monthlyAmount"], body["zeroReason"]) == ("0.00", "not_target_group")


def test_youth_by_date_of_birth(api, legal_parameters):
    body = post(api, URL, {**CONTRACT, "dateOfBirth": "2006-06-15"}).json()
    assert body["monthlyAmount"] == "734.46"


def problem_names(response):
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    return [param["name"] for param in body["invalidParams"]]


@pytest.mark.parametrize(
    ("changes", "name"),
    [
        ({"wageValue": 140}, "wageValue"),
        ({"wageValue": 60.5}, "wageValue"),
        ({"hoursPerWeek": "-4"}, "hoursPerWeek"),
        ({"fullTimeHoursPerWeek": "0"}, "fullTimeHoursPerWeek"),
        ({"date": "2020-01-01"}, "date"),
        ({"date": "2014-01-01"}, "date"),
        ({"date": "1 januari"}, "date"),
        ({"dateOfBirth": "2015-01-01"}, "dateOfBirth"),
    ],
)
def test_invalid_input_is_problem_json_naming_the_field(api, legal_parameters, changes, name):
    assert problem_names(post(api, URL, {**CONTRACT, **changes})) == [name]


def test_wage_value_is_required_but_nullable(api, legal_parameters):
    body = {key: value for key, value in CONTRACT.items() if key != "wageValue"}
    assert problem_names(post(api, URL, body)) == ["wageValue"]


def test_no_authentication_needed_and_a_session_is_not_demanded(api, legal_parameters):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert post(api, URL, CONTRACT).status_code == 200


def test_throttled(api, legal_parameters, monkeypatch):
    monkeypatch.setattr(CalculationThrottle, "rate", "2/min")
    assert post(api, URL, CONTRACT).status_code == 200
    assert post(api, URL, CONTRACT).status_code == 200
    response = post(api, URL, CONTRACT)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert "Retry-After" in response


def test_get_is_not_allowed(api):
    assert api.get(URL).status_code == 405


TASKS = [
    {
        "name": "Inpakken",
        "sharePct": "50",
        "minutesPerDay": "240",
        "tempoPct": "80",
        "qualityPct": "90",
        "deployabilityPct": "100",
        "netWorkingTimePct": "100",
    },
    {
        "name": "Etiketteren",
        "sharePct": "30",
        "minutesPerDay": "144",
        "tempoPct": "60",
        "qualityPct": "100",
        "deployabilityPct": "90",
        "netWorkingTimePct": "90",
    },
    {
        "name": "Schoonmaken",
        "sharePct": "20",
        "minutesPerDay": "96",
        "tempoPct": "100",
        "qualityPct": "100",
        "deployabilityPct": "100",
        "netWorkingTimePct": "100",
    },
]


def test_wage_value_endpoint(api):
    response = post(
        api,
        "/api/v1/calculations/wage-value",
        {"date": "2026-01-01", "tasks": TASKS, "reportedWageValue": 70},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["wageValue"], body["computedWageValue"], body["method"], body["methodUnconfirmed"]) == (
        70,
        72,
        "ulm_2021",
        True,
    )
    assert body["steps"][1]["values"]["netWorkingTimePct"] == "100"


def test_wage_value_historical_method(api):
    body = post(api, "/api/v1/calculations/wage-value", {"date": "2019-01-01", "tasks": TASKS}).json()
    assert (body["method"], body["wageValue"]) == ("tki_bt_2015", 72)


def test_wage_value_errors_name_the_task_field(api):
    tasks = [dict(TASKS[0]), dict(TASKS[1]), {**TASKS[2], "minutesPerDay": "20"}]
    response = post(api, "/api/v1/calculations/wage-value", {"date": "2026-01-01", "tasks": tasks})
    assert problem_names(response) == ["tasks.2.minutesPerDay"]
    missing = [{k: v for k, v in TASKS[0].items() if k != "netWorkingTimePct"}, TASKS[1], TASKS[2]]
    response = post(api, "/api/v1/calculations/wage-value", {"date": "2026-01-01", "tasks": missing})
    assert problem_names(response) == ["tasks.0.netWorkingTimePct"]


def test_wage_dispensation_endpoint(api):
    response = post(
        api,
        "/api/v1/calculations/wage-dispensation",
        {"date": "2026-01-01", "wageValue": 80, "monthlyWage": "2294.40", "requestedDurationMonths": 12},
    )
    body = response.json()
    assert (body["employerPays"], body["reduction"], body["eligible"]) == ("1835.52", "458.88", False)
    assert [(c["code"], c["passed"]) for c in body["checks"]] == [
        ("productivity_loss", False),
        ("dispensation_duration", True),
    ]


def test_net_cost_endpoint(api, legal_parameters):
    response = post(
        api,
        "/api/v1/calculations/net-cost",
        {
            "date": "2026-01-01",
            "hoursPerWeek": "36",
            "instrument": "wage_cost_subsidy",
            "wageValue": 60,
            "inTargetGroupRegister": True,
        },
    )
    body = response.json()
    assert (body["grossMonthlyCost"], body["monthlyNetCost"]) == ("3060.75", "1679.08")
    assert [(line["code"], line["monthlyAmount"]) for line in body["lines"]] == [
        ("wage", "2294.76"),
        ("holiday_allowance", "183.58"),
        ("employer_costs", "582.41"),
        ("wage_cost_subsidy", "-1224.11"),
        ("lkv_jobs_agreement", "-157.56"),
    ]


def test_net_cost_errors(api, legal_parameters):
    body = {"date": "2026-01-01", "hoursPerWeek": "36", "instrument": "wage_dispensation"}
    assert problem_names(post(api, "/api/v1/calculations/net-cost", body)) == ["wageValue"]
    body = {"date": "2026-01-01", "hoursPerWeek": "36", "instrument": "both"}
    assert problem_names(post(api, "/api/v1/calculations/net-cost", body)) == ["instrument"]
