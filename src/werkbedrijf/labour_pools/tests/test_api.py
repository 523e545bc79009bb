"""The labour-pools API: the same rules and pseudonymisation as the interface, problem+json errors."""

from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.audit.models import AccessLogEntry
from werkbedrijf.labour_pools.models import LabourPool, PoolMembership, Secondment

URL = "/api/v1/labour-pools"


def _names(response) -> set[str]:
    return {p["name"] for p in response.json()["invalidParams"]}


def test_create_validation_and_success(login_verified, account_manager, sw_company, employer, consultant):
    client = login_verified(account_manager)
    response = client.post(
        URL,
        {"name": "", "kind": "other", "operator": str(employer.organisation.uuid)},
        content_type="application/json",
    )
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert {"name", "kind"} <= _names(response)
    response = client.post(
        URL,
        {"name": "Schoonmaakpool", "kind": "labour_pool", "operator": str(employer.organisation.uuid)},
        content_type="application/json",
    )
    assert response.status_code == 400 and _names(response) == {"operator"}
    response = client.post(
        URL,
        {
            "name": "Schoonmaakpool",
            "kind": "labour_pool",
            "operator": str(sw_company.uuid),
            "jobCoach": str(consultant.uuid),
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    data = response.json()
    assert data["operator"]["uuid"] == str(sw_company.uuid) and data["jobCoach"]["uuid"] == str(
        consultant.uuid
    )
    assert data["memberCount"] == 0 and data["secondedHours"] == 0
    assert LabourPool.objects.get().created_by == account_manager


def test_list_read_and_patch(login_verified, consultant, pool, own_membership, secondment):
    client = login_verified(consultant)
    results = client.get(URL).json()["results"]
    assert [(r["name"], r["memberCount"], r["secondedHours"], r["employerCount"]) for r in results] == [
        ("Groendienst Oost", 1, 16.0, 1)
    ]
    assert client.get(URL, {"kind": "labour_pool"}).json()["results"] == []
    assert client.get(URL, {"operator": "nope"}).status_code == 400
    response = client.patch(f"{URL}/{pool.uuid}", {"name": "Groendienst"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["name"] == "Groendienst"
    assert client.get(f"{URL}/{pool.uuid}").json()["name"] == "Groendienst"


def test_members_full_or_pseudonymised_and_logged(
    login_verified, consultant, pool, own_membership, other_membership, own_candidate, other_candidate
):
    members = login_verified(consultant).get(f"{URL}/{pool.uuid}/members").json()
    by_uuid = {m["member"]["uuid"]: m["member"] for m in members}
    assert by_uuid[str(own_candidate.uuid)]["visibility"] == "full"
    assert by_uuid[str(own_candidate.uuid)]["label"] == own_candidate.full_name
    other = by_uuid[str(other_candidate.uuid)]
    assert other["visibility"] == "pseudonymised" and other["label"] == pseudonym(
        "kandidaat", other_candidate.uuid
    )
    assert other["pc4"] == "1012" and other["ageBand"]
    entry = AccessLogEntry.objects.get(object_type="labour_pool_members")
    assert entry.subject_uuids == [str(own_candidate.uuid)]


def test_policy_adviser_gets_no_pools_or_members(login_verified, policy_adviser, pool, own_membership):
    client = login_verified(policy_adviser)
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}/{pool.uuid}/members").status_code in (403, 404)
    assert client.patch(f"{URL}/{pool.uuid}", {"name": "x"}, content_type="application/json").status_code in (
        403,
        404,
    )


def test_board_employer_user_and_other_region(
    login_verified, board_member, employer_user, other_region_manager, pool, own_membership
):
    assert login_verified(board_member).get(URL).status_code == 403
    client = login_verified(employer_user)
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}/{pool.uuid}/members").status_code == 404
    client = login_verified(other_region_manager)
    assert client.get(f"{URL}/{pool.uuid}").status_code == 404
    assert client.get(f"{URL}/{pool.uuid}/members").status_code == 404
    assert client.get(URL).json()["results"] == []


def test_add_member(login_verified, consultant, pool, own_candidate, foreign_candidate):
    client = login_verified(consultant)
    url = f"{URL}/{pool.uuid}/members"
    response = client.post(
        url,
        {"candidate": str(foreign_candidate.uuid), "startedOn": "2026-02-01", "hoursPerWeek": 8},
        content_type="application/json",
    )
    assert response.status_code == 400 and _names(response) == {"candidate"}
    response = client.post(
        url,
        {"candidate": str(own_candidate.uuid), "startedOn": "2026-02-01", "hoursPerWeek": 41},
        content_type="application/json",
    )
    assert response.status_code == 400 and _names(response) == {"hoursPerWeek"}
    response = client.post(
        url,
        {"candidate": str(own_candidate.uuid), "startedOn": "2026-02-01", "hoursPerWeek": 24.5},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["hoursPerWeek"] == 24.5 and response.json()["member"]["visibility"] == "full"
    assert PoolMembership.objects.get().candidate == own_candidate


def test_secondments_single_group_and_end(
    login_verified, consultant, pool, own_membership, other_membership, employer, foreign_employer
):
    client = login_verified(consultant)
    url = f"{URL}/{pool.uuid}/secondments"
    body = {
        "memberships": [str(own_membership.uuid)],
        "employer": str(employer.uuid),
        "startedOn": "2026-02-02",
    }
    response = client.post(url, {**body, "hoursPerWeek": 25}, content_type="application/json")
    assert response.status_code == 400 and _names(response) == {"hoursPerWeek"}
    response = client.post(
        url,
        {**body, "employer": str(foreign_employer.uuid), "hoursPerWeek": 8},
        content_type="application/json",
    )
    assert response.status_code == 400 and _names(response) == {"employer"}
    group = {**body, "memberships": [str(own_membership.uuid), str(other_membership.uuid)]}
    response = client.post(url, {**group, "hoursPerWeek": 30}, content_type="application/json")
    assert response.status_code == 400 and _names(response) == {"memberships"}
    assert not Secondment.objects.exists()
    response = client.post(url, {**group, "hoursPerWeek": 20}, content_type="application/json")
    assert response.status_code == 201 and len(response.json()) == 2
    listed = client.get(url).json()
    assert len(listed) == 2 and {s["hoursPerWeek"] for s in listed} == {20.0}
    response = client.post(
        f"{URL}/{pool.uuid}/members/{own_membership.uuid}/end",
        {"endedOn": "2026-03-01", "reason": "Vaste baan"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["endedOn"] == "2026-03-01"
    own_secondment = Secondment.objects.get(membership=own_membership)
    assert str(own_secondment.ended_on) == "2026-03-01"
    other_secondment = Secondment.objects.get(membership=other_membership)
    response = client.post(
        f"{URL}/{pool.uuid}/secondments/{other_secondment.uuid}/end",
        {"endedOn": "2026-01-01", "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400 and _names(response) == {"endedOn"}
    response = client.post(
        f"{URL}/{pool.uuid}/secondments/{other_secondment.uuid}/end",
        {"endedOn": "2026-04-01", "reason": "Opdracht klaar"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["endedOn"] == "2026-04-01"


def test_unknown_membership_is_a_field_error(login_verified, consultant, pool, employer):
    response = login_verified(consultant).post(
        f"{URL}/{pool.uuid}/secondments",
        {
            "memberships": ["00000000-0000-0000-0000-000000000000"],
            "employer": str(employer.uuid),
            "startedOn": "2026-02-02",
            "hoursPerWeek": 8,
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and _names(response) == {"memberships"}
