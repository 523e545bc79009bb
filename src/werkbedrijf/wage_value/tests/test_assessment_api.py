"""The assessments API: the workflow end to end, the same permissions as the pages, 409 once finalised."""

import pytest

from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.wage_value import services
from werkbedrijf.wage_value.models import Assessment

from .assessment_fixtures import *  # noqa: F403
from .assessment_fixtures import COMPUTED, NEXT, TASKS

pytestmark = pytest.mark.django_db

URL = "/api/v1/assessments"


def _names(response) -> set[str]:
    return {p["name"] for p in response.json()["invalidParams"]}


def _task_json(task):
    return {
        "name": task["name"],
        "sharePct": str(task["share_pct"]),
        "minutesPerDay": str(task["minutes_per_day"]),
        "tempoPct": str(task["tempo_pct"]),
        "qualityPct": str(task["quality_pct"]),
        "thirdFactorPct": str(task["third_factor_pct"]),
    }


def test_workflow_through_the_api(login_verified, client, consultant, expert, candidate, employer):
    from django.test import Client

    manager = login_verified(consultant)
    response = manager.post(
        URL,
        {
            "candidate": str(candidate.uuid),
            "employer": str(employer.uuid),
            "assessor": str(consultant.uuid),
            "workplace": "",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert _names(response) == {"workplace"}
    response = manager.post(
        URL,
        {
            "candidate": str(candidate.uuid),
            "employer": str(employer.uuid),
            "assessor": str(consultant.uuid),
            "workplace": "Kwekerij",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and _names(response) == {"assessor"}
    response = manager.post(
        URL,
        {
            "candidate": str(candidate.uuid),
            "employer": str(employer.uuid),
            "assessor": str(expert.uuid),
            "workplace": "Kwekerij",
            "referenceJob": "Medewerker teelt",
            "observedOn": "2026-11-10",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "draft" and data["candidate"]["visibility"] == "full"
    assert data["candidate"]["label"] == candidate.full_name
    uuid = data["uuid"]

    expert_client = login_verified(expert, the_client=Client())
    response = expert_client.post(
        f"{URL}/{uuid}/tasks",
        {**_task_json(TASKS[0]), "minutesPerDay": "10"},
        content_type="application/json",
    )
    assert response.status_code == 400 and _names(response) == {"minutesPerDay"}
    for task in TASKS:
        response = expert_client.post(
            f"{URL}/{uuid}/tasks", _task_json(task), content_type="application/json"
        )
        assert response.status_code == 201, response.json()
    finalise = {
        "reportedWageValue": COMPUTED,
        "nextAssessmentOn": NEXT.isoformat(),
        "nextAssessmentAgreed": True,
    }
    response = expert_client.post(f"{URL}/{uuid}/finalise", finalise, content_type="application/json")
    assert response.status_code == 400 and {"employerView", "candidateView"} <= _names(response)
    assert (
        expert_client.post(
            f"{URL}/{uuid}/employer-view", {"text": "Akkoord"}, content_type="application/json"
        ).status_code
        == 200
    )
    assert (
        expert_client.post(
            f"{URL}/{uuid}/candidate-view", {"text": "Eens"}, content_type="application/json"
        ).status_code
        == 200
    )
    response = expert_client.post(f"{URL}/{uuid}/finalise", finalise, content_type="application/json")
    assert response.status_code == 200
    data = response.json()
    assert (
        data["status"] == "finalised"
        and data["resultPercent"] == COMPUTED
        and data["computedWageValue"] == COMPUTED
    )

    response = expert_client.get(f"{URL}/{uuid}/report")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")

    response = expert_client.post(
        f"{URL}/{uuid}/candidate-view", {"text": "Toch niet"}, content_type="application/json"
    )
    assert response.status_code == 409 and response["Content-Type"] == "application/problem+json"
    response = manager.patch(f"{URL}/{uuid}", {"workplace": "Anders"}, content_type="application/json")
    assert response.status_code == 409
    response = manager.post(
        f"{URL}/{uuid}/correct", {"reason": "Normfunctie"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["corrects"] == uuid and response.json()["status"] == "draft"
    assert Assessment.objects.get(uuid=uuid).workplace == "Kwekerij"


def test_permissions_per_role(
    login_verified,
    consultant_b,
    other_expert,
    employer_user,
    other_employer_user,
    auditor,
    other_region_consultant,
    candidate,
    finalised,
):
    url = f"{URL}/{finalised.uuid}"
    response = login_verified(consultant_b).get(url)
    assert response.status_code == 200
    data = response.json()
    assert data["candidate"] == {
        "uuid": str(candidate.uuid),
        "visibility": "pseudonymised",
        "label": pseudonym("kandidaat", candidate.uuid),
    }
    assert data["candidateView"] is None and data["employerView"] is None
    assert login_verified(consultant_b).get(f"{url}/report").status_code == 404

    response = login_verified(employer_user).get(url)
    data = response.json()
    assert data["candidate"]["visibility"] == "employer" and data["candidate"]["label"] == candidate.full_name
    assert data["candidateView"] is None and data["employerView"] == "De werkgever herkent het beeld."
    assert AccessLogEntry.objects.filter(
        actor=employer_user, action=AccessAction.READ, object_uuid=finalised.uuid
    ).exists()

    for user in (other_expert, other_employer_user, auditor, other_region_consultant):
        response = login_verified(user).get(url)
        assert response.status_code in (403, 404), user.username
        assert response.status_code == 404 or user is auditor
    assert login_verified(other_region_consultant).get(URL).json()["results"] == []


def test_list_filters_and_logging(login_verified, consultant, candidate, finalised, draft):
    client = login_verified(consultant)
    results = client.get(URL).json()["results"]
    assert {r["uuid"] for r in results} == {str(finalised.uuid), str(draft.uuid)}
    assert [r["uuid"] for r in client.get(URL, {"status": "draft"}).json()["results"]] == [str(draft.uuid)]
    assert client.get(URL, {"due": "true"}).json()["results"] == []
    entry = AccessLogEntry.objects.filter(actor=consultant, action=AccessAction.SEARCH).latest("timestamp")
    assert entry.context == "Loonwaardemetingen opgevraagd (API)"


def test_create_is_refused_for_other_roles(login_verified, consultant_b, expert, candidate, employer):
    payload = {
        "candidate": str(candidate.uuid),
        "employer": str(employer.uuid),
        "assessor": str(expert.uuid),
        "workplace": "Kwekerij",
    }
    assert login_verified(expert).post(URL, payload, content_type="application/json").status_code == 403
    assert login_verified(consultant_b).post(URL, payload, content_type="application/json").status_code == 403


def test_the_correction_reason_is_shown_only_to_who_sees_the_views(
    region, consultant, login_verified, consultant_b, employer_user, finalised
):
    correction = services.assessment_correct(
        user=consultant, region=region, assessment=finalised, reason="Verkeerde normfunctie gekozen"
    )
    url = f"{URL}/{correction.uuid}"
    assert login_verified(consultant).get(url).json()["correctionReason"] == "Verkeerde normfunctie gekozen"
    assert login_verified(consultant_b).get(url).json()["correctionReason"] is None
    page = login_verified(consultant_b).get(f"/metingen/{correction.uuid}/").content.decode()
    assert "Verkeerde normfunctie" not in page


def test_who_may_not_correct_gets_403_also_after_a_correction(
    region, consultant, login_verified, consultant_b, finalised
):
    services.assessment_correct(user=consultant, region=region, assessment=finalised, reason="Opnieuw")
    response = login_verified(consultant_b).post(
        f"{URL}/{finalised.uuid}/correct", {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
