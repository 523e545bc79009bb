"""The matches API: camelCase results with factors and exclusions, per-role access, problem+json errors."""

from datetime import timedelta

import pytest
from django.utils import translation

from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.matching import engine


def _url(vacancy):
    return f"/api/v1/vacancies/{vacancy.uuid}/matches"


def _candidate_url(candidate):
    return f"/api/v1/candidates/{candidate.uuid}/matches"


@pytest.fixture
def two(world):
    add = world["add_candidate"]
    return {
        "own": add(first_name="Eigen"),
        "other": add(world["org_b"], first_name="Ander", occupations=(world["window_cleaner"],)),
        "far": add(first_name="Ver", postcode="1501 AA", own_transport="car"),
    }


def test_a_consultant_gets_ranked_candidates_with_factors_and_exclusions(login_verified, world, two):
    client = login_verified(world["consultant_a"])
    response = client.get(_url(world["vacancy"]))
    assert response.status_code == 200, response.content
    assert response["API-Version"]
    data = response.json()
    assert data["vacancy"] == {"uuid": str(world["vacancy"].uuid), "title": "Schoonmaker kantoren"}
    assert data["on"] == world["today"].isoformat() and data["weightsVersion"] == "default"
    assert data["countsOnly"] is False and data["costCalculated"] is False
    assert (data["considered"], data["eligible"]) == (3, 2)
    first, second = data["results"]
    assert (first["rank"], second["rank"]) == (1, 2)
    assert first["candidate"]["uuid"] == str(two["own"].uuid)
    assert first["candidate"]["visibility"] == "full" and first["candidate"]["bsn"] == two["own"].bsn
    assert second["candidate"]["visibility"] == "pseudonymised" and "bsn" not in second["candidate"]
    assert "firstName" not in second["candidate"] and "dateOfBirth" not in second["candidate"]
    assert first["tier"] == 0 and first["score"] == sum(f["points"] for f in first["factors"])
    codes = [f["code"] for f in first["factors"]]
    assert codes == [
        "occupation",
        "skills",
        "distance",
        "hours",
        "education",
        "preferences",
        "waiting",
        "cost",
    ]
    assert set(first["factors"][0]) == {"code", "label", "points"}
    [excluded] = data["excluded"]
    assert excluded["code"] == engine.TOO_FAR and excluded["count"] == 1 and excluded["reason"]
    [entry] = AccessLogEntry.objects.all()
    assert entry.action == AccessAction.SEARCH and entry.subject_uuids == [str(two["own"].uuid)]
    assert entry.request_path == _url(world["vacancy"])


def test_factor_labels_follow_the_language(login_verified, world, two):
    client = login_verified(world["consultant_a"])
    data = client.get(_url(world["vacancy"]), HTTP_ACCEPT_LANGUAGE="nl").json()
    with translation.override("nl"):
        expected = str(
            engine.Text(engine._("travel distance %(km)s km of max. %(max)s"), (("km", 6), ("max", 15)))
        )
    assert expected in [f["label"] for f in data["results"][0]["factors"]]


def test_limit_date_and_filters(login_verified, world, two):
    client = login_verified(world["consultant_a"])
    data = client.get(_url(world["vacancy"]), {"limit": 1}).json()
    assert len(data["results"]) == 1 and data["eligible"] == 2
    data = client.get(_url(world["vacancy"]), {"ownOnly": "true"}).json()
    assert [r["candidate"]["uuid"] for r in data["results"]] == [str(two["own"].uuid)]
    data = client.get(_url(world["vacancy"]), {"targetGroup": "wajong"}).json()
    assert data["results"] == [] and data["considered"] == 0
    later = (world["today"] + timedelta(days=3)).isoformat()
    assert client.get(_url(world["vacancy"]), {"on": later}).json()["on"] == later


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"on": "gisteren"}, "on"),
        ({"targetGroup": "x"}, "targetGroup"),
    ],
)
def test_bad_parameters_are_problems(login_verified, world, params, name):
    response = login_verified(world["consultant_a"]).get(_url(world["vacancy"]), params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert [p["name"] for p in response.json()["invalidParams"]] == [name]


def test_an_account_manager_sees_pseudonyms_and_a_policy_adviser_counts(login_verified, world, two):
    data = login_verified(world["manager"]).get(_url(world["vacancy"])).json()
    assert {r["candidate"]["visibility"] for r in data["results"]} == {"pseudonymised"}
    data = login_verified(world["policy"]).get(_url(world["vacancy"])).json()
    assert data["countsOnly"] is True and data["results"] == [] and data["eligible"] == 2


@pytest.mark.parametrize("who", ["employer_user", "board", "admin"])
def test_roles_without_candidate_matches_get_403(login_verified, world, two, who):
    response = login_verified(world[who]).get(_url(world["vacancy"]))
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")


def test_another_regions_vacancy_is_404(login_verified, world):
    response = login_verified(world["consultant_a"]).get(_url(world["foreign_vacancy"]))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert login_verified(world["consultant_c"]).get(_url(world["vacancy"])).status_code == 404


def test_an_anonymous_caller_is_refused(client, world):
    assert client.get(_url(world["vacancy"])).status_code in (401, 403)


def test_vacancies_for_an_own_candidate(login_verified, world, two):
    response = login_verified(world["consultant_a"]).get(_candidate_url(two["own"]))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["candidate"]["uuid"] == str(two["own"].uuid)
    assert data["candidate"]["label"] == two["own"].full_name
    [result] = data["results"]
    assert result["vacancy"]["uuid"] == str(world["vacancy"].uuid)
    assert result["vacancy"]["employer"] == "Schoonmaakbedrijf Glans"
    assert result["vacancy"]["hoursPerWeek"] == 24 and result["vacancy"]["kind"] == "regular"
    assert result["vacancy"]["municipality"] == world["org_a"].municipality.name
    assert result["factors"][0]["code"] == "occupation"
    [entry] = AccessLogEntry.objects.all()
    assert entry.action == AccessAction.READ and entry.object_uuid == two["own"].uuid


def test_vacancies_for_a_candidate_not_seen_in_full(login_verified, world, two):
    assert login_verified(world["consultant_b"]).get(_candidate_url(two["own"])).status_code == 403
    assert login_verified(world["manager"]).get(_candidate_url(two["own"])).status_code == 403
    assert login_verified(world["employer_user"]).get(_candidate_url(two["own"])).status_code == 403
    assert login_verified(world["consultant_c"]).get(_candidate_url(two["own"])).status_code == 404
    assert not AccessLogEntry.objects.exists()
