"""The htmx occupation picker: search ranking, the fragments, parameter validation and the form field."""

import pytest
from django import forms
from django.urls import reverse
from rest_framework.test import APIClient

from werkbedrijf.accounts.tests.factories import UserFactory
from werkbedrijf.regions.forms import OccupationChoiceField, OccupationMultipleChoiceField
from werkbedrijf.regions.models import Occupation, OccupationGroup
from werkbedrijf.regions.selectors import search_occupations

pytestmark = pytest.mark.django_db


@pytest.fixture
def occupations():
    cooks = OccupationGroup.objects.create(code="5120", level=4, name_nl="Koks", name_en="Cooks")
    cleaners = OccupationGroup.objects.create(
        code="9112", level=4, name_nl="Schoonmakers", name_en="Cleaners"
    )
    make = Occupation.objects.create
    return {
        "chef": make(esco_uri="x:1", esco_code="3434.1", group=cooks, name_nl="chef-kok"),
        "cook": make(esco_uri="x:2", esco_code="5120.1", group=cooks, name_nl="kok"),
        "assistant": make(esco_uri="x:3", esco_code="5120.2", group=cooks, name_nl="hulpkok"),
        "cleaner": make(
            esco_uri="x:4",
            esco_code="9112.1",
            group=cleaners,
            name_nl="schoonmaker kantoren",
            alternative_names_nl="interieurverzorger\nkantoorschoonmaker",
        ),
    }


def test_search_ranks_prefix_then_name_then_alternative_names(occupations):
    assert [o.name_nl for o in search_occupations("kok")] == ["kok", "chef-kok", "hulpkok"]
    assert search_occupations("interieur") == [occupations["cleaner"]]
    assert search_occupations("schoon kant") == [occupations["cleaner"]]
    assert search_occupations("9112") == [occupations["cleaner"]]
    assert search_occupations("k") == []


def test_search_excludes_chosen_and_ignores_garbage_ids(occupations):
    found = search_occupations("kok", exclude_ids=[str(occupations["cook"].pk), "x; DROP"])
    assert occupations["cook"] not in found and len(found) == 2


def search(client, **params):
    return client.get(reverse("regions:occupation_search"), params, HTTP_HX_REQUEST="true")


def test_search_fragment_offers_buttons_that_choose(client, login_verified, occupations):
    login_verified(UserFactory())
    response = search(
        client,
        veld="desired_occupations",
        meer="1",
        doel="id_desired_occupations",
        desired_occupations__zoek="kok",
        desired_occupations=[occupations["chef"].pk],
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_desired_occupations_result_{occupations["cook"].pk}"' in html
    assert f"id={occupations['chef'].pk}" not in html  # already chosen
    assert 'hx-swap="beforeend"' in html

    chosen = client.get(
        reverse("regions:occupation_choose"),
        {
            "veld": "desired_occupations",
            "meer": "1",
            "doel": "id_desired_occupations",
            "id": occupations["cook"].pk,
        },
    ).content.decode()
    assert f'name="desired_occupations" value="{occupations["cook"].pk}" checked' in chosen
    assert 'type="checkbox"' in chosen and 'hx-swap-oob="delete"' in chosen


def test_single_choice_replaces_and_clears_results(client, login_verified, occupations):
    login_verified(UserFactory())
    chosen = client.get(
        reverse("regions:occupation_choose"),
        {"veld": "occupation", "meer": "0", "doel": "id_occupation", "id": occupations["cook"].pk},
    ).content.decode()
    assert 'type="radio"' in chosen and 'id="id_occupation_results" hx-swap-oob="innerHTML"' in chosen


def test_short_query_and_no_results_say_so(client, login_verified, occupations):
    from django.utils import translation

    login_verified(UserFactory())
    with translation.override("nl"):
        short = search(client, veld="f", meer="1", doel="id_f", f__zoek="k").content.decode()
        none = search(client, veld="f", meer="1", doel="id_f", f__zoek="astronaut").content.decode()
    assert "<button" not in short and "wb-picker__hint" in short
    assert "astronaut" in none and "<button" not in none


@pytest.mark.parametrize(
    "params",
    [
        {"veld": 'x" onload="1', "doel": "id_x"},
        {"veld": "x", "doel": "<script>"},
        {"veld": "x", "doel": "id_x", "id": "abc"},
    ],
)
def test_bad_parameters_are_refused(client, login_verified, params):
    login_verified(UserFactory())
    url = reverse("regions:occupation_choose" if "id" in params else "regions:occupation_search")
    assert client.get(url, params).status_code == 400


def test_picker_needs_login(client):
    response = client.get(reverse("regions:occupation_search"), {"veld": "x", "doel": "id_x"})
    assert response.status_code == 302


class PickerForm(forms.Form):
    occupations = OccupationMultipleChoiceField(required=False)
    occupation = OccupationChoiceField()


def test_fields_take_plain_values_and_render_chosen_ones_again(occupations):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist("occupations", [str(occupations["cook"].pk), str(occupations["chef"].pk)])
    form = PickerForm(data)
    assert not form.is_valid()  # the single occupation is required
    assert set(form.cleaned_data["occupations"]) == {occupations["cook"], occupations["chef"]}
    html = str(form["occupations"])
    assert f'value="{occupations["cook"].pk}" checked' in html and 'name="occupations__zoek"' in html
    assert "required" not in str(form["occupation"]).split("hx-get")[0].split('<input type="search"')[1]

    data["occupation"] = str(occupations["cleaner"].pk)
    form = PickerForm(data)
    assert form.is_valid() and form.cleaned_data["occupation"] == occupations["cleaner"]
    assert 'type="radio"' in str(form["occupation"])


def test_api_searches_occupations_for_the_uuid_other_endpoints_take(occupations):
    client = APIClient()
    client.force_authenticate(UserFactory())
    body = client.get("/api/v1/occupations", {"zoek": "kok"}).json()
    assert [row["nameNl"] for row in body] == ["kok", "chef-kok", "hulpkok"]
    assert body[0] == {
        "uuid": str(occupations["cook"].uuid),
        "nameNl": "kok",
        "escoCode": "5120.1",
        "iscoCode": "5120",
        "iscoName": "Koks",
    }
    detail = client.get(f"/api/v1/occupations/{occupations['cleaner'].uuid}").json()
    assert detail["nameNl"] == "schoonmaker kantoren"


@pytest.mark.parametrize("query", ["", "k", "x" * 101])
def test_api_refuses_a_search_too_short_or_too_long(occupations, query):
    client = APIClient()
    client.force_authenticate(UserFactory())
    response = client.get("/api/v1/occupations", {"zoek": query})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["invalidParams"][0]["name"] == "zoek"


def test_api_needs_authentication(occupations):
    assert APIClient().get("/api/v1/occupations", {"zoek": "kok"}).status_code in (401, 403)
