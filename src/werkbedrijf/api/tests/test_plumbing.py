"""NL API Design Rules habits that every endpoint shares."""

import pytest
from rest_framework.test import APIClient

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.services import api_token_create
from werkbedrijf.accounts.tests.factories import OrganisationFactory, RegionFactory, UserFactory, give_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def system_user():
    region = RegionFactory(code="AM18", name="Groot Amsterdam")
    user = UserFactory(
        organisation=OrganisationFactory(region=region), username="koppeling", is_system_account=True
    )
    give_role(user, Role.POLICY_ADVISER, region)
    return user


def test_token_authentication_and_version_header(system_user):
    _token, key = api_token_create(user=system_user, name="Koppeling gemeente")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/v1/regions")
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    assert response["Content-Type"].startswith("application/json")


def test_wrong_token_is_problem_json():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/regions")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert body["status"] == 401
    assert body["instance"] == "/api/v1/regions"
    assert {"type", "title", "detail", "code"} <= set(body)


def test_unknown_api_path_is_problem_json():
    response = APIClient().get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_session_without_second_factor_is_not_accepted(client, system_user):
    system_user.is_system_account = False
    system_user.save()
    client.force_login(system_user)
    response = client.get("/api/v1/regions")
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/problem+json"


def test_session_after_second_factor_is_accepted(client, login_verified, system_user):
    system_user.is_system_account = False
    system_user.save()
    login_verified(system_user)
    assert client.get("/api/v1/regions").status_code == 200
    assert client.get("/api/v1/regions", HTTP_SEC_FETCH_SITE="same-origin").status_code == 200


def test_a_session_is_not_used_for_a_request_another_site_started(client, login_verified, system_user):
    """A cross-site link to an export would otherwise write an export entry in the user's name."""
    system_user.is_system_account = False
    system_user.save()
    login_verified(system_user)
    assert client.get("/api/v1/regions", HTTP_SEC_FETCH_SITE="cross-site").status_code in (401, 403)


def test_openapi_document_is_public_json():
    response = APIClient().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/regions" in document["paths"]
    # NL API Design Rules: no trailing slashes in paths.
    assert not [p for p in document["paths"] if p.endswith("/")]


def test_validation_errors_list_invalid_params():
    from rest_framework import serializers

    from werkbedrijf.api.exceptions import problem_exception_handler

    exc = serializers.ValidationError({"jaar": ["Onbekend jaar."], "regio": {"cbs_code": ["Te lang."]}})
    response = problem_exception_handler(exc, {"request": None})
    assert response.status_code == 400
    assert response.data["invalidParams"] == [
        {"name": "jaar", "code": "invalid", "reason": "Onbekend jaar."},
        {"name": "regio.cbsCode", "code": "invalid", "reason": "Te lang."},
    ]


def test_django_404_inside_a_view_becomes_a_proper_problem(system_user):
    from django.http import Http404

    from werkbedrijf.api.exceptions import problem_exception_handler

    response = problem_exception_handler(Http404("gone"), {"request": None})
    assert response.status_code == 404
    assert response.data["code"] == "not_found"
    assert response.data["title"]


def test_server_error_in_the_api_is_problem_json(rf):
    from werkbedrijf.api.exceptions import server_error

    response = server_error(rf.get("/api/v1/regions"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert b'"status": 500' in response.content
