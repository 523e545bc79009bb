import pytest
from rest_framework.test import APIClient

from werkbedrijf.accounts.models import User
from werkbedrijf.accounts.services import api_token_create
from werkbedrijf.regions.models import Municipality, Region


@pytest.fixture
def api_client(db):
    user = User.objects.create_user(username="lezer", password="een-lang-wachtwoord")
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_regions_lists_35_regions_whose_municipality_counts_add_up_to_342(reference_data, api_client):
    response = api_client.get("/api/v1/regions")

    assert response.status_code == 200
    assert response["API-Version"]
    body = response.json()
    assert body["count"] == 35
    assert len(body["results"]) == 35
    assert sum(r["municipalityCount"] for r in body["results"]) == 342
    groot_amsterdam = next(r for r in body["results"] if r["code"] == "AM18")
    assert groot_amsterdam["name"] == "Groot Amsterdam"
    assert groot_amsterdam["municipalityCount"] == 8
    assert groot_amsterdam["year"] == 2026
    assert groot_amsterdam["uuid"] == str(Region.objects.get(code="AM18").uuid)
    assert set(groot_amsterdam["centroid"]) == {"lat", "lon"}
    assert 52 < groot_amsterdam["centroid"]["lat"] < 53


def test_a_token_gives_access_too(reference_data, db):
    user = User.objects.create_user(username="systeem", password="een-lang-wachtwoord")
    user.is_system_account = True
    user.save()
    _token, key = api_token_create(user=user, name="Koppeling")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert client.get("/api/v1/regions").status_code == 200


def test_region_detail_lists_its_municipalities(reference_data, api_client):
    region = Region.objects.get(code="AM18")

    response = api_client.get(f"/api/v1/regions/{region.uuid}")

    assert response.status_code == 200
    body = response.json()
    assert body["municipalityCount"] == 8
    codes = {m["code"] for m in body["municipalities"]}
    assert len(codes) == 8
    assert "GM0363" in codes
    amsterdam = next(m for m in body["municipalities"] if m["code"] == "GM0363")
    assert amsterdam["name"] == "Amsterdam"
    assert amsterdam["province"] == {"code": "PV27", "name": "Noord-Holland"}
    assert amsterdam["uuid"] == str(Municipality.objects.get(code="GM0363").uuid)
    assert amsterdam["centroidInsideMunicipality"] is True


def test_municipalities_can_be_filtered_by_region(reference_data, api_client):
    response = api_client.get("/api/v1/municipalities", {"regio": "AM18", "jaar": 2026})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 8
    assert {m["region"]["code"] for m in body["results"]} == {"AM18"}


def test_all_municipalities_are_listed_page_by_page(reference_data, api_client):
    response = api_client.get("/api/v1/municipalities", {"pageSize": 500})

    assert response.json()["count"] == 342
    assert len(response.json()["results"]) == 342


def test_an_unknown_year_is_a_400_problem_naming_the_loaded_years(reference_data, api_client):
    response = api_client.get("/api/v1/regions", {"jaar": 2019})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    [param] = problem["invalidParams"]
    assert param["name"] == "jaar"
    assert "2019" in param["reason"]
    assert "2026" in param["reason"]


def test_an_unknown_region_code_is_a_400_problem(reference_data, api_client):
    response = api_client.get("/api/v1/municipalities", {"regio": "AM04"})

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "regio"


def test_an_unknown_region_is_a_404_problem(reference_data, api_client):
    response = api_client.get("/api/v1/regions/00000000-0000-4000-8000-000000000000")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("path", ["/api/v1/regions", "/api/v1/municipalities"])
def test_without_credentials_the_api_answers_401_as_problem_json(reference_data, path):
    response = APIClient().get(path)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"]
    assert response.json()["status"] == 401


def test_paths_have_no_trailing_slash(reference_data, api_client):
    assert api_client.get("/api/v1/regions/").status_code == 404


def test_the_openapi_document_describes_the_year_parameter(api_client):
    response = api_client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    parameters = schema["paths"]["/api/v1/regions"]["get"]["parameters"]
    assert "jaar" in {p["name"] for p in parameters}
    assert "/api/v1/regions/{uuid}" in schema["paths"]
    assert "regio" in {p["name"] for p in schema["paths"]["/api/v1/municipalities"]["get"]["parameters"]}
