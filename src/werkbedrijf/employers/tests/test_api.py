"""The employers API: validation as problem+json, create, update, contact moments."""

from werkbedrijf.audit.models import AccessLogEntry
from werkbedrijf.employers.models import ContactMoment, Employer

URL = "/api/v1/employers"


def test_create_with_invalid_body_gives_problem_json(login_verified, account_manager, sector):
    client = login_verified(account_manager)
    response = client.post(
        URL,
        {"name": "", "kvkNumber": "123", "sectorCode": "99", "sizeClass": "huge"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert {"name", "sectorCode", "sizeClass"} <= names
    assert not Employer.objects.exists()


def test_create_kvk_and_duplicate_errors_are_named_in_camel_case(
    login_verified, account_manager, sector, employer
):
    client = login_verified(account_manager)
    body = {"name": "Drukkerij", "kvkNumber": "1234567x", "sectorCode": "62", "sizeClass": "1-9"}
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["kvkNumber"]
    response = client.post(URL, {**body, "kvkNumber": "12345678"}, content_type="application/json")
    params = response.json()["invalidParams"]
    assert params[0]["name"] == "kvkNumber" and "Bakkerij De Korenschoof" in params[0]["reason"]
    response = client.post(
        URL,
        {**body, "kvkNumber": "11223344", "accountManager": str(account_manager.uuid)},
        content_type="application/json",
    )
    assert response.status_code == 201
    data = response.json()
    assert data["kvkNumber"] == "11223344" and data["sector"]["code"] == "62" and data["region"] == "AM98"
    assert data["accountManager"]["uuid"] == str(account_manager.uuid)
    assert response["API-Version"]


def test_patch(login_verified, account_manager, consultant, employer):
    client = login_verified(account_manager)
    response = client.patch(f"{URL}/{employer.uuid}", {"sizeClass": "250+"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["sizeClass"] == "250+"
    response = client.patch(
        f"{URL}/{employer.uuid}", {"accountManager": str(consultant.uuid)}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "accountManager"


def test_list_filters_and_pagination(login_verified, account_manager, employer, other_employer):
    client = login_verified(account_manager)
    assert [e["name"] for e in client.get(URL, {"search": "korenschoof"}).json()["results"]] == [
        "Bakkerij De Korenschoof"
    ]
    assert client.get(URL, {"mine": "true"}).json()["count"] == 1
    response = client.get(URL, {"pageSize": 1, "sort": "-name"})
    assert response.json()["count"] == 2 and response.json()["results"][0]["name"] == "Groenbedrijf Het Veld"
    response = client.get(URL, {"accountManager": "not-a-uuid"})
    assert response.status_code == 400 and response.json()["invalidParams"][0]["name"] == "accountManager"


def test_contact_moments(login_verified, consultant, employer):
    client = login_verified(consultant)
    url = f"{URL}/{employer.uuid}/contact-moments"
    response = client.post(url, {"kind": "call"}, content_type="application/json")
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalidParams"]} == {"occurredAt", "summary"}
    response = client.post(
        url,
        {
            "occurredAt": "2026-01-05T10:00:00+01:00",
            "kind": "call",
            "summary": "Gebeld",
            "nextStep": "Offerte",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    first = response.json()["uuid"]
    response = client.post(
        url,
        {
            "occurredAt": "2026-01-06T10:00:00+01:00",
            "kind": "call",
            "summary": "Correctie",
            "corrects": first,
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["corrects"] == first
    listed = client.get(url).json()
    assert [m["summary"] for m in listed] == ["Correctie", "Gebeld"]
    assert ContactMoment.objects.count() == 2
    assert AccessLogEntry.objects.filter(object_type="employer_contact_history", action="read").count() == 1
    assert AccessLogEntry.objects.filter(object_type="employer_contact_moment", action="create").count() == 2
    # there is no way to edit a contact moment through the API
    assert (
        client.patch(f"{url}/{first}", {"summary": "x"}, content_type="application/json").status_code == 404
    )


def test_unauthenticated_is_401(client, employer):
    assert client.get(URL).status_code in (401, 403)
