"""The proposals API: the same rules and pseudonymisation as the pages, problem+json errors, and the
double-booking refusal with its code."""

from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.proposals.models import Proposal
from werkbedrijf.proposals.states import ProposalState

from .conftest import move, propose

URL = "/api/v1/proposals"
S = ProposalState


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def _params(response) -> dict[str, str]:
    return {p["name"]: p["code"] for p in response.json()["invalidParams"]}


def test_create_read_and_step(w, login_verified):
    client = login_verified(w.manager)
    response = _post(
        client,
        URL,
        {
            "candidate": str(w.shared.uuid),
            "vacancy": str(w.windows.uuid),
            "note": "Via het WSP",
            "points": 55,
        },
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["state"] == "proposed" and data["hoursPerWeek"] == 16.0 and data["points"] == 55
    assert data["candidate"] == {
        "uuid": str(w.shared.uuid),
        "visibility": "pseudonymised",
        "label": pseudonym("kandidaat", w.shared.uuid),
        "municipality": w.shared.municipality.name,
    }
    assert data["vacancy"]["title"] == "Glazenwasser" and data["vacancy"]["kind"] == "regular"
    assert data["history"][0]["note"] == "Via het WSP" and data["history"][0]["fromState"] is None
    assert {"toState": "sent_to_employer", "declinedBy": None} in data["allowedTransitions"]

    url = f"{URL}/{data['uuid']}"
    response = _post(client, f"{url}/transitions", {"toState": "sent_to_employer"})
    assert response.status_code == 200 and response.json()["state"] == "sent_to_employer"
    response = _post(client, f"{url}/transitions", {"toState": "declined", "declinedBy": "employer"})
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert "reason" in _params(response)
    response = _post(client, f"{url}/transitions", {"toState": "hired"})
    assert response.status_code == 400 and "toState" in _params(response)
    response = _post(
        client, f"{url}/transitions", {"toState": "declined", "declinedBy": "employer", "reason": "travel"}
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["state"], data["declinedBy"], data["declineReason"]) == ("declined", "employer", "travel")
    assert [h["toState"] for h in data["history"]] == ["proposed", "sent_to_employer", "declined"]
    assert data["allowedTransitions"] == []
    assert client.get(url).json()["declineReason"] == "travel"


def test_double_booking_has_its_code_and_passes_with_a_reason(w, login_verified):
    propose(w, w.own, w.vacancy)
    client = login_verified(w.consultant_a)
    body = {"candidate": str(w.own.uuid), "vacancy": str(w.windows.uuid)}
    response = _post(client, URL, body)
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert _params(response) == {"overrideReason": "double_booking"}
    assert "Schoonmaker kantoren" in response.json()["invalidParams"][0]["reason"]
    response = _post(client, URL, {**body, "overrideReason": "Wil graag meer uren"})
    assert response.status_code == 201 and response.json()["doubleBooking"] is True
    response = _post(client, URL, {**body, "overrideReason": "nog eens"})
    assert response.status_code == 400 and _params(response) == {"nonFieldErrors": "already_proposed"}


def test_create_refusals(w, login_verified):
    client = login_verified(w.consultant_a)
    for body, field in (
        ({"candidate": str(w.shared.uuid), "vacancy": str(w.windows.uuid)}, "candidate"),
        ({"candidate": str(w.own.uuid), "vacancy": str(w.filled.uuid)}, "vacancy"),
        ({"candidate": str(w.own.uuid), "vacancy": str(w.foreign_vacancy.uuid)}, "vacancy"),
        ({"candidate": "nope", "vacancy": str(w.windows.uuid)}, "candidate"),
        ({"candidate": str(w.own.uuid), "vacancy": str(w.windows.uuid), "tier": 2}, "tier"),
    ):
        response = _post(client, URL, body)
        assert response.status_code == 400 and field in _params(response), body
    assert not Proposal.objects.exists()
    for user in (w.policy, w.employer_user, w.admin):
        response = _post(
            login_verified(user), URL, {"candidate": str(w.own.uuid), "vacancy": str(w.windows.uuid)}
        )
        assert response.status_code == 403, user.username


def test_list_is_scoped_pseudonymised_filtered_and_logged(w, login_verified):
    own = propose(w, w.own, w.vacancy, note="Vertrouwelijk")
    shared = propose(w, w.shared, w.windows)
    move(w, shared, S.WITHDRAWN, note="Gaat verhuizen")
    client = login_verified(w.consultant_b)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and "next" in body
    by_uuid = {r["uuid"]: r for r in body["results"]}
    assert by_uuid[str(own.uuid)]["candidate"]["visibility"] == "pseudonymised"
    assert by_uuid[str(shared.uuid)]["candidate"]["visibility"] == "full"
    assert by_uuid[str(shared.uuid)]["candidate"]["label"] == w.shared.full_name
    assert w.own.last_name not in response.text and "Vertrouwelijk" not in response.text
    entry = AccessLogEntry.objects.get(action=AccessAction.SEARCH, context="Voordrachten opgevraagd (API)")
    assert entry.subject_uuids == [str(w.shared.uuid)]
    assert [r["uuid"] for r in client.get(URL, {"active": "true"}).json()["results"]] == [str(own.uuid)]
    assert [r["uuid"] for r in client.get(URL, {"state": "withdrawn"}).json()["results"]] == [
        str(shared.uuid)
    ]
    assert client.get(URL, {"vacancy": str(w.vacancy.uuid)}).json()["count"] == 1
    assert client.get(URL, {"candidate": str(w.shared.uuid)}).json()["count"] == 1
    assert client.get(URL, {"pageSize": 1}).json()["next"]
    for params in ({"vacancy": "nope"}, {"state": "lost"}, {"active": "misschien"}):
        assert client.get(URL, params).status_code == 400, params

    detail = client.get(f"{URL}/{own.uuid}").json()
    assert detail["history"][0]["note"] is None and detail["allowedTransitions"] == []
    assert login_verified(w.policy).get(URL).status_code == 403


def test_other_region_and_unknown_are_404(w, login_verified):
    proposal = propose(w, w.own, w.vacancy)
    client = login_verified(w.consultant_c)
    assert client.get(f"{URL}/{proposal.uuid}").status_code == 404
    assert (
        _post(client, f"{URL}/{proposal.uuid}/transitions", {"toState": "withdrawn", "note": "x"}).status_code
        == 404
    )
    assert client.get(URL).json()["count"] == 0
    assert login_verified(w.manager).get(f"{URL}/00000000-0000-0000-0000-000000000000").status_code == 404


def test_consultant_cannot_take_the_employers_step(w, login_verified):
    proposal = propose(w, w.own, w.vacancy)
    client = login_verified(w.consultant_a)
    response = _post(client, f"{URL}/{proposal.uuid}/transitions", {"toState": "sent_to_employer"})
    assert response.status_code == 403
    response = _post(client, f"{URL}/{proposal.uuid}/transitions", {"toState": "withdrawn"})
    assert response.status_code == 400 and "note" in _params(response)
    response = _post(client, f"{URL}/{proposal.uuid}/transitions", {"toState": "withdrawn", "note": "Ziek"})
    assert response.status_code == 200 and response.json()["state"] == "withdrawn"
