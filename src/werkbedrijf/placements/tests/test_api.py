"""The placements API: the same rules and scoping as the pages, the aftercare actions, problem+json errors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.placements.models import Placement

URL = "/api/v1/placements"

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def _params(response) -> dict[str, str]:
    return {p["name"]: p["code"] for p in response.json()["invalidParams"]}


@pytest.fixture
def created(w, hired, login_verified):
    client = login_verified(w.consultant_a)
    start = timezone.localdate() - timedelta(days=20)
    response = _post(
        client,
        URL,
        {
            "candidate": str(w.own.uuid),
            "proposal": str(hired.uuid),
            "contractType": "regular",
            "startDate": start.isoformat(),
            "hoursPerWeek": 24,
            "hourlyWage": "14.50",
        },
    )
    assert response.status_code == 201, response.json()
    return client, response.json()


def test_a_placement_from_a_hired_proposal(w, hired, created):
    _client, data = created
    assert data["employer"]["uuid"] == str(w.employer.uuid) and data["vacancy"] == str(w.vacancy.uuid)
    assert data["proposal"] == str(hired.uuid) and data["jobTitle"] == w.vacancy.title
    assert data["candidate"]["visibility"] == "full" and data["hoursPerWeek"] == 24.0
    assert [c["months"] for c in data["checkpoints"]] == [1, 3, 6, 12, 24]
    assert data["responsible"] == w.consultant_a.username and data["hoursHistory"][0]["hoursPerWeek"] == 24.0
    assert AccessLogEntry.objects.filter(object_type="placement", action=AccessAction.CREATE).count() == 1


def test_the_aftercare_actions(w, created):
    client, data = created
    url = f"{URL}/{data['uuid']}"
    today = timezone.localdate()
    response = _post(client, f"{url}/checkpoints/1", {"outcome": "hours_changed"})
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert "newHours" in _params(response)
    response = _post(client, f"{url}/checkpoints/1", {"outcome": "hours_changed", "newHours": 20})
    assert response.status_code == 200, response.json()
    assert (
        response.json()["hoursPerWeek"] == 20.0
        and response.json()["checkpoints"][0]["outcome"] == "hours_changed"
    )
    response = _post(client, f"{url}/checkpoints/6", {"outcome": "employed"})
    assert response.status_code == 400  # months away
    assert _post(client, f"{url}/checkpoints/7", {"outcome": "employed"}).status_code == 404

    response = _post(
        client, f"{url}/coaching-activities", {"on": today.isoformat(), "kind": "phone", "hours": 1}
    )
    assert response.status_code == 400  # no plan yet
    plan = {
        "provider": "Jobcoach Noord",
        "hours": 4,
        "period": "month",
        "goals": "Zelfstandig de route plannen",
        "validFrom": data["startDate"],
    }
    assert _post(client, f"{url}/coaching-plans", plan).status_code == 200
    response = _post(
        client, f"{url}/coaching-activities", {"on": today.isoformat(), "kind": "phone", "hours": 1}
    )
    assert response.status_code == 200 and response.json()["coachingActivities"][0]["kind"] == "phone"

    response = _post(client, f"{url}/end", {"endedOn": today.isoformat(), "reason": "other"})
    assert response.status_code == 400 and "note" in _params(response)
    response = _post(client, f"{url}/end", {"endedOn": today.isoformat(), "reason": "health"})
    assert response.status_code == 200 and response.json()["endedOn"] == today.isoformat()
    assert [c["cancelled"] for c in response.json()["checkpoints"]] == [False, True, True, True, True]


def test_scoping_and_withheld_details(w, created, login_verified):
    _client, data = created
    Placement.objects.filter(uuid=data["uuid"]).update(end_note="")
    other = login_verified(w.consultant_b)
    listed = other.get(URL).json()["results"]
    assert [row["candidate"]["label"] for row in listed] == [pseudonym("kandidaat", w.own.uuid)]
    detail = other.get(f"{URL}/{data['uuid']}").json()
    assert detail["candidate"]["visibility"] == "pseudonymised"
    assert detail["coachingPlans"] == [] and detail["trialExtensionReason"] is None
    assert (
        _post(
            other, f"{URL}/{data['uuid']}/end", {"endedOn": data["startDate"], "reason": "health"}
        ).status_code
        == 403
    )
    assert login_verified(w.policy).get(URL).status_code == 403
    assert login_verified(w.auditor).get(f"{URL}/{data['uuid']}").status_code == 404
    assert login_verified(w.manager).get(f"{URL}?contractType=nonsense").status_code == 400


def test_create_errors_come_per_field(w, login_verified):
    client = login_verified(w.consultant_a)
    start = timezone.localdate()
    response = _post(
        client,
        URL,
        {
            "candidate": str(w.own.uuid),
            "employer": str(w.employer.uuid),
            "contractType": "trial",
            "startDate": start.isoformat(),
            "hoursPerWeek": 20,
        },
    )
    assert response.status_code == 400 and "plannedEndDate" in _params(response)
    response = _post(
        client,
        URL,
        {"candidate": str(w.shared.uuid), "employer": str(w.employer.uuid), "contractType": "regular",
         "startDate": start.isoformat(), "hoursPerWeek": 20},
    )  # fmt: skip
    assert response.status_code == 403  # another organisation's candidate, for a consultant
    assert not Placement.objects.exists()
