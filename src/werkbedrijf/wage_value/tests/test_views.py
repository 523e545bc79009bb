"""The public calculator pages: reachable without login, GET forms, errors next to the fields."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import OrganisationFactory, RegionFactory, UserFactory, give_role

pytestmark = pytest.mark.django_db

PAGES = [
    "wage_value:index",
    "wage_value:wage_cost_subsidy",
    "wage_value:wage_value",
    "wage_value:wage_dispensation",
    "wage_value:net_cost",
]

SUBSIDY = {"date": "2026-01-01", "wage_value": "60", "hours_per_week": "36", "full_time_hours_per_week": "36"}


@pytest.mark.parametrize("name", PAGES)
def test_pages_open_without_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.context.get("answer") is None


def test_urls_are_under_loonwaarde():
    assert reverse("wage_value:index") == "/loonwaarde/"
    assert reverse("wage_value:wage_cost_subsidy") == "/loonwaarde/loonkostensubsidie/"


@pytest.mark.parametrize("name", PAGES)
def test_pages_open_for_signed_in_staff(client, login_verified, name):
    region = RegionFactory()
    user = UserFactory(organisation=OrganisationFactory(region=region))
    give_role(user, Role.CONSULTANT, region)
    login_verified(user)
    assert client.get(reverse(name)).status_code == 200


def test_index_links_every_calculator(client):
    content = client.get(reverse("wage_value:index")).content.decode()
    for name in PAGES[1:]:
        assert f'href="{reverse(name)}"' in content


def test_subsidy_result_and_steps(client, legal_parameters):
    response = client.get(reverse("wage_value:wage_cost_subsidy"), SUBSIDY)
    assert response.status_code == 200
    assert response.context["answer"].result.monthly_amount == Decimal("1224.11")
    content = response.content.decode()
    assert "1.224,11" in content  # the amount in Dutch number format
    assert "2.477,952" in content  # minimum wage plus holiday allowance, in the steps table
    assert len(response.context["rows"]) == len(response.context["answer"].steps)


def test_subsidy_flat_rate(client, legal_parameters):
    params = {**SUBSIDY, "wage_value": "", "flat_rate": "on"}
    response = client.get(reverse("wage_value:wage_cost_subsidy"), params)
    assert response.context["answer"].result.monthly_amount == Decimal("1530.14")


def test_subsidy_without_wage_value_or_flat_rate_is_an_error(client, legal_parameters):
    response = client.get(reverse("wage_value:wage_cost_subsidy"), {**SUBSIDY, "wage_value": ""})
    assert "wage_value" in response.context["form"].errors
    assert response.context["answer"] is None


def test_subsidy_errors_next_to_fields_with_input_kept(client, legal_parameters):
    response = client.get(reverse("wage_value:wage_cost_subsidy"), {**SUBSIDY, "wage_value": "140"})
    form = response.context["form"]
    with translation.override("nl"):
        expected = gettext("Enter a value from %(minimum)s to %(maximum)s.") % {"minimum": 0, "maximum": 100}
    assert form.errors["wage_value"] == [expected]
    content = response.content.decode()
    assert 'value="140"' in content
    assert 'id="id_wage_value_error"' in content
    assert response.context["answer"] is None


def test_subsidy_negative_hours(client, legal_parameters):
    response = client.get(reverse("wage_value:wage_cost_subsidy"), {**SUBSIDY, "hours_per_week": "-4"})
    assert list(response.context["form"].errors) == ["hours_per_week"]


def test_subsidy_date_before_the_rules(client, legal_parameters):
    response = client.get(reverse("wage_value:wage_cost_subsidy"), {**SUBSIDY, "date": "2020-01-01"})
    assert list(response.context["form"].errors) == ["date"]
    assert 'value="2020-01-01"' in response.content.decode()


def test_subsidy_youth(client, legal_parameters):
    response = client.get(reverse("wage_value:wage_cost_subsidy"), {**SUBSIDY, "date_of_birth": "2006-06-15"})
    assert response.context["answer"].result.monthly_amount == Decimal("734.46")
    assert any(row["unconfirmed"] for row in response.context["rows"])


WAGE_VALUE = {
    "date": "2026-01-01",
    "method": "tki_bt_2015",
    "task_1_name": "Inpakken",
    "task_1_share_pct": "50",
    "task_1_minutes_per_day": "240",
    "task_1_tempo_pct": "80",
    "task_1_quality_pct": "90",
    "task_1_third_factor_pct": "100",
    "task_2_name": "Etiketteren",
    "task_2_share_pct": "30",
    "task_2_minutes_per_day": "144",
    "task_2_tempo_pct": "60",
    "task_2_quality_pct": "100",
    "task_2_third_factor_pct": "90",
    "task_3_name": "Schoonmaken",
    "task_3_share_pct": "20",
    "task_3_minutes_per_day": "96",
    "task_3_tempo_pct": "100",
    "task_3_quality_pct": "100",
    "task_3_third_factor_pct": "100",
}


def test_wage_value_page(client):
    response = client.get(reverse("wage_value:wage_value"), WAGE_VALUE)
    assert response.context["answer"].result.wage_value == 72


def test_wage_value_page_default_method_is_marked_unconfirmed(client):
    response = client.get(reverse("wage_value:wage_value"), {**WAGE_VALUE, "method": ""})
    assert response.context["answer"].result.method.value == "ulm_2021"
    assert response.context["rows"][0]["unconfirmed"]


def test_wage_value_page_task_error_next_to_its_field(client):
    response = client.get(reverse("wage_value:wage_value"), {**WAGE_VALUE, "task_3_minutes_per_day": "20"})
    assert list(response.context["form"].errors) == ["task_3_minutes_per_day"]


def test_wage_value_page_incomplete_task_row(client):
    response = client.get(reverse("wage_value:wage_value"), {**WAGE_VALUE, "task_3_tempo_pct": ""})
    assert list(response.context["form"].errors) == ["task_3_tempo_pct"]


def test_wage_value_page_shares_not_100(client):
    params = {key: value for key, value in WAGE_VALUE.items() if not key.startswith("task_3")}
    response = client.get(reverse("wage_value:wage_value"), params)
    assert "task_1_name" in response.context["form"].errors


def test_dispensation_page(client):
    params = {
        "date": "2026-01-01",
        "wage_value": "60",
        "monthly_wage": "2294.40",
        "requested_duration_months": "70",
    }
    response = client.get(reverse("wage_value:wage_dispensation"), params)
    result = response.context["answer"].result
    assert result.employer_pays == Decimal("1376.64")
    assert [check["passed"] for check in response.context["checks"]] == [True, False]


def test_net_cost_page(client, legal_parameters):
    params = {
        "date": "2026-01-01",
        "hours_per_week": "36",
        "full_time_hours_per_week": "36",
        "instrument": "wage_cost_subsidy",
        "wage_value": "60",
        "in_target_group_register": "on",
    }
    response = client.get(reverse("wage_value:net_cost"), params)
    assert response.context["answer"].result.monthly_net_cost == Decimal("1679.08")
    assert len(response.context["lines"]) == 5
    assert "1.679,08" in response.content.decode()


def test_net_cost_page_error(client, legal_parameters):
    params = {
        "date": "2026-01-01",
        "hours_per_week": "36",
        "full_time_hours_per_week": "36",
        "instrument": "wage_dispensation",
    }
    response = client.get(reverse("wage_value:net_cost"), params)
    assert list(response.context["form"].errors) == ["wage_value"]


def test_pages_answer_get_only(client):
    assert client.post(reverse("wage_value:wage_cost_subsidy"), SUBSIDY).status_code == 405
