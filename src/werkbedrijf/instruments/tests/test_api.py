"""The instruments API: the same rules as the interface, problem+json errors, the whole grant flow."""

from datetime import date

from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.instruments import services
from werkbedrijf.instruments.models import Grant

API = "/api/v1"


def _names(response) -> set[str]:
    return {p["name"] for p in response.json()["invalidParams"]}


def test_catalogue_and_versions(login_verified, officer, admin, lks, catalogue):
    client = login_verified(officer)
    data = client.get(f"{API}/instruments").json()
    assert len(data) == 14 and data[0]["code"] == "loonkostensubsidie"
    assert data[0]["current"]["decisionPeriodWeeks"] == 5 and data[0]["current"]["provider"] == "municipality"
    lkv = next(
        i
        for i in client.get(f"{API}/instruments", {"date": "2025-06-01"}).json()
        if i["code"] == "lkv-banenafspraak"
    )
    assert lkv["current"]["maxDurationMonths"] == 36
    assert client.get(f"{API}/instruments", {"date": "nope"}).status_code == 400
    assert (
        client.post(f"{API}/instruments/{lks.uuid}/versions", {}, content_type="application/json").status_code
        == 403
    )
    client = login_verified(admin)
    response = client.post(
        f"{API}/instruments/{lks.uuid}/versions", {"validFrom": "2026-07-01"}, content_type="application/json"
    )
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert _names(response) == {"changeNote"}
    response = client.post(
        f"{API}/instruments/{lks.uuid}/versions",
        {"validFrom": "2026-07-01", "changeNote": "Extra document", "documents": ["Aanvraag", "Loonstrook"]},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["number"] == 2
    versions = client.get(f"{API}/instruments/{lks.uuid}").json()["versions"]
    assert [v["number"] for v in versions] == [2, 1]


def test_assessment_to_grant_to_first_payment_line_through_the_api(
    login_verified, officer, region, candidate, employer, lks, gemeente_a
):
    services.budget_set(
        user=officer, region=region, organisation=gemeente_a, instrument=lks, year=2026, allocated="40000"
    )
    client = login_verified(officer)
    check = client.post(
        f"{API}/eligibility-checks",
        {
            "candidate": str(candidate.uuid),
            "employer": str(employer.uuid),
            "date": "2026-02-10",
            "wageValue": 60,
            "hoursPerWeek": "36",
        },
        content_type="application/json",
    )
    assert check.status_code == 200
    outcome = next(o for o in check.json()["outcomes"] if o["code"] == "loonkostensubsidie")
    assert outcome["applies"] is True and outcome["reasons"][0]["met"] is True

    body = {
        "candidate": str(candidate.uuid),
        "employer": str(employer.uuid),
        "instrument": outcome["instrument"],
        "appliedOn": "2026-02-10",
        "termStartsOn": "2026-02-20",
        "periodStart": "2026-03-01",
        "hoursPerWeek": "36",
        "wageValue": 60,
        "wageValueSource": "Rapport 20 februari 2026",
    }
    response = client.post(
        f"{API}/grants", {**body, "hoursPerWeek": "0", "wageValueSource": ""}, content_type="application/json"
    )
    assert response.status_code == 400 and {"hoursPerWeek", "wageValueSource"} <= _names(response)
    response = client.post(f"{API}/grants", body, content_type="application/json")
    assert response.status_code == 201
    grant = response.json()
    assert grant["status"] == "applied" and grant["decisionDueOn"] == "2026-03-27"
    assert [g["uuid"] for g in client.get(f"{API}/grant-deadlines").json()] == [grant["uuid"]]

    response = client.post(
        f"{API}/grants/{grant['uuid']}/decide",
        {"granted": True, "decidedOn": "2026-03-02"},
        content_type="application/json",
    )
    assert response.status_code == 200
    first = response.json()["paymentLines"][0]
    assert (first["month"], first["amount"], first["status"]) == ("2026-03-01", "1224.11", "planned")
    lines = client.get(f"{API}/grants/{grant['uuid']}/payment-lines").json()
    assert lines[0]["steps"][-1]["code"] == "monthly_amount"
    response = client.post(
        f"{API}/grants/{grant['uuid']}/payment-lines/{first['uuid']}/pay",
        {"paidOn": "2026-03-16"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "paid"
    schedule = client.get(f"{API}/payment-schedule", {"year": 2026, "month": 3}).json()
    assert [(s["amount"], s["status"], s["kvkNumber"]) for s in schedule] == [("1224.11", "paid", "45678901")]
    budgets = client.get(f"{API}/budgets", {"year": 2026}).json()
    assert (budgets[0]["committed"], budgets[0]["paid"]) == ("12241.10", "1224.11")
    assert AccessLogEntry.objects.filter(action=AccessAction.EXPORT, context__contains="API").exists()


def test_over_budget_through_the_api(login_verified, officer, application):
    client = login_verified(officer)
    response = client.post(
        f"{API}/grants/{application.uuid}/decide",
        {"granted": True, "decidedOn": "2026-03-02"},
        content_type="application/json",
    )
    assert response.status_code == 400 and _names(response) == {"budgetOverrideReason"}
    response = client.post(
        f"{API}/grants/{application.uuid}/decide",
        {"granted": True, "decidedOn": "2026-03-02", "budgetOverrideReason": "Wethouder akkoord"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["budgetOverrideReason"] == "Wethouder akkoord"


def test_another_municipality_gets_404_and_the_board_403(
    login_verified, officer_b, board_member, consultant, application
):
    client = login_verified(officer_b)
    assert client.get(f"{API}/grants/{application.uuid}").status_code == 404
    assert (
        client.post(
            f"{API}/grants/{application.uuid}/decide", {}, content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(f"{API}/grants").json()["results"] == []
    response = login_verified(board_member).get(f"{API}/grants")
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert login_verified(board_member).get(f"{API}/budgets").status_code == 200
    response = login_verified(consultant).post(
        f"{API}/grants/{application.uuid}/start", {}, content_type="application/json"
    )
    assert response.status_code == 403


def test_eligibility_for_another_municipalitys_candidate_is_404(
    login_verified, officer, candidate_b, employer, catalogue
):
    response = login_verified(officer).post(
        f"{API}/eligibility-checks",
        {"candidate": str(candidate_b.uuid), "employer": str(employer.uuid)},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(object_uuid=candidate_b.uuid).exists()


def test_grant_read_is_access_logged(login_verified, officer, application):
    login_verified(officer).get(f"{API}/grants/{application.uuid}")
    entry = AccessLogEntry.objects.get(action=AccessAction.READ, object_uuid=application.uuid)
    assert "API" in entry.context and entry.subject_uuids == [str(application.candidate.uuid)]


def test_budget_set_through_the_api(login_verified, officer, lks, gemeente_a):
    client = login_verified(officer)
    response = client.post(
        f"{API}/budgets",
        {"instrument": str(lks.uuid), "year": 2026, "allocated": "-1"},
        content_type="application/json",
    )
    assert response.status_code == 400 and _names(response) == {"allocated"}
    response = client.post(
        f"{API}/budgets",
        {"instrument": str(lks.uuid), "year": 2026, "allocated": "30000"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()[0]["allocated"] == "30000.00"


def test_end_and_wage_value_through_the_api(login_verified, officer, region, application, gemeente_a, lks):
    services.budget_set(
        user=officer, region=region, organisation=gemeente_a, instrument=lks, year=2026, allocated="40000"
    )
    services.grant_decide(
        user=officer, region=region, grant=application, granted=True, decided_on=date(2026, 3, 2)
    )
    client = login_verified(officer)
    response = client.post(
        f"{API}/grants/{application.uuid}/wage-value",
        {"wageValue": 50, "source": "Herbeoordeling", "appliesFrom": "2026-09-01"},
        content_type="application/json",
    )
    assert response.status_code == 200
    september = next(line for line in response.json()["paymentLines"] if line["month"] == "2026-09-01")
    assert september["wageValue"] == 50
    response = client.post(
        f"{API}/grants/{application.uuid}/end",
        {"endedOn": "2026-10-31", "reason": "Ontslag"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "ended"
    assert len(response.json()["paymentLines"]) == 8
    assert Grant.objects.get().ended_on == date(2026, 10, 31)
