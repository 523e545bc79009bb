"""The candidates API: same scoping as the interface, access-logged full reads, explicit actions."""

import pytest
from rest_framework.test import APIClient

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import give_role
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates import services
from werkbedrijf.candidates.models import Candidate, CandidateStatusChange, ConsentScope

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(login_verified):
    def _as(user):
        client = APIClient()
        login_verified(user, client)
        return client

    return _as


def test_list_full_for_own_pseudonymised_for_others_nothing_from_elsewhere(api, pool):
    response = api(pool["consultant_a"]).get("/api/v1/candidates")
    assert response.status_code == 200
    rows = {r["uuid"]: r for r in response.json()["results"]}
    own, other = rows[str(pool["cand_a"].uuid)], rows[str(pool["cand_b"].uuid)]
    assert str(pool["cand_c"].uuid) not in rows
    assert own["visibility"] == "full" and own["bsn"] == pool["cand_a"].bsn
    assert other["visibility"] == "pseudonymised" and other["label"].startswith("K-")
    assert {"bsn", "dateOfBirth", "postcode", "email", "firstName", "lastName"}.isdisjoint(other)
    assert other["pc4"] == "1012" and "hoursPerWeekMax" in other and "ageBand" in other
    entry = AccessLogEntry.objects.get(action=AccessAction.SEARCH, context="Kandidatenlijst (API)")
    assert entry.subject_uuids == [str(pool["cand_a"].uuid)]


def test_withdrawn_consent_hides_candidate_in_api(api, pool):
    services.consent_withdraw(
        user=pool["consultant_b"],
        region=pool["region"],
        candidate=pool["cand_b"],
        scope=ConsentScope.REGION_WIDE,
    )
    client = api(pool["consultant_a"])
    uuids = {r["uuid"] for r in client.get("/api/v1/candidates").json()["results"]}
    assert str(pool["cand_b"].uuid) not in uuids
    response = client.get(f"/api/v1/candidates/{pool['cand_b'].uuid}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_full_read_is_access_logged_pseudonymised_is_not(api, pool):
    client = api(pool["consultant_a"])
    body = client.get(f"/api/v1/candidates/{pool['cand_a'].uuid}").json()
    assert body["visibility"] == "full" and body["completeness"]["score"] < 100
    assert AccessLogEntry.objects.filter(
        action=AccessAction.READ, object_uuid=pool["cand_a"].uuid, context="Kandidaatdossier gelezen (API)"
    ).exists()
    body = client.get(f"/api/v1/candidates/{pool['cand_b'].uuid}").json()
    assert body["visibility"] == "pseudonymised"
    assert not AccessLogEntry.objects.filter(
        action=AccessAction.READ, object_uuid=pool["cand_b"].uuid
    ).exists()


def test_other_region_is_404_and_no_candidate_role_is_403(api, pool):
    assert api(pool["consultant_c"]).get(f"/api/v1/candidates/{pool['cand_a'].uuid}").status_code == 404
    response = api(pool["board"]).get("/api/v1/candidates")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_region_must_be_given_when_user_works_in_two(api, pool):
    user = pool["consultant_a"]
    give_role(user, Role.CONSULTANT, pool["other_region"])
    client = api(user)
    response = client.get("/api/v1/candidates")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "regio"
    assert client.get("/api/v1/candidates", {"regio": "AM18"}).status_code == 200
    assert client.get("/api/v1/candidates", {"regio": "AM01"}).status_code == 403


def test_create_patch_confirm_and_status(api, pool):
    client = api(pool["consultant_a"])
    response = client.post(
        "/api/v1/candidates",
        {
            "bsn": "111222333",
            "firstName": "Eva",
            "lastName": "Jansen",
            "dateOfBirth": "1998-04-03",
            "gender": "female",
            "postcode": "1013AB",
            "municipality": pool["org_a"].municipality.code,
            "targetGroup": "wajong",
            "registerGround": "wajong",
            "registeredFrom": "2020-01-01",
            "hoursPerWeekMin": 16,
            "hoursPerWeek": 24,
            "abilities": [{"rubric": "static_postures", "level": 3, "note": ""}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["inTargetGroupRegister"] is True and body["postcode"] == "1013 AB"
    assert body["gender"] == "female"
    assert body["abilities"] == [{"rubric": "static_postures", "level": 3, "note": ""}]
    uuid = body["uuid"]

    response = client.patch(f"/api/v1/candidates/{uuid}", {"hoursPerWeekMin": 30}, format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "hoursPerWeekMin"
    response = client.patch(f"/api/v1/candidates/{uuid}", {"educationLevel": "mbo_2_4"}, format="json")
    assert response.status_code == 200 and response.json()["educationLevel"] == "mbo_2_4"
    response = client.patch(f"/api/v1/candidates/{uuid}", {"gender": "vrouw"}, format="json")
    assert response.status_code == 400 and response.json()["invalidParams"][0]["name"] == "gender"

    assert client.post(f"/api/v1/candidates/{uuid}/confirm").json()["lastConfirmedAt"]

    response = client.post(
        f"/api/v1/candidates/{uuid}/status", {"status": "placed", "reason": "Baan"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "placed"
    response = client.post(
        f"/api/v1/candidates/{uuid}/status", {"status": "in_process", "reason": "Terug"}, format="json"
    )
    assert response.status_code == 400  # placed → in a process is not in the table
    assert response.json()["invalidParams"][0]["name"] == "status"
    assert CandidateStatusChange.objects.filter(candidate__uuid=uuid).count() == 1


def test_invalid_bsn_in_api(api, pool):
    response = api(pool["consultant_a"]).post(
        "/api/v1/candidates",
        {
            "bsn": "123456789",
            "firstName": "X",
            "lastName": "Y",
            "dateOfBirth": "2000-01-01",
            "postcode": "1013AB",
            "municipality": pool["org_a"].municipality.code,
            "targetGroup": "wajong",
        },
        format="json",
    )
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["bsn"]


@pytest.mark.parametrize("who", ["consultant_b", "wsp_manager"])
def test_other_partners_cannot_write(api, pool, who):
    client = api(pool[who])
    uuid = pool["cand_a"].uuid
    assert (
        client.patch(f"/api/v1/candidates/{uuid}", {"languages": "Engels"}, format="json").status_code == 403
    )
    assert client.post(f"/api/v1/candidates/{uuid}/confirm").status_code == 403
    assert (
        client.post(
            f"/api/v1/candidates/{uuid}/status", {"status": "left", "reason": "x"}, format="json"
        ).status_code
        == 403
    )
    assert Candidate.objects.get(uuid=uuid).languages == ""
    response = client.post("/api/v1/candidates", {}, format="json")
    assert response.status_code in (400, 403)


def test_account_manager_cannot_create(api, pool):
    response = api(pool["wsp_manager"]).post(
        "/api/v1/candidates",
        {
            "bsn": "111222333",
            "firstName": "X",
            "lastName": "Y",
            "dateOfBirth": "2000-01-01",
            "postcode": "1013AB",
            "municipality": pool["org_a"].municipality.code,
            "targetGroup": "wajong",
        },
        format="json",
    )
    assert response.status_code == 403
    assert not Candidate.objects.filter(bsn="111222333").exists()
