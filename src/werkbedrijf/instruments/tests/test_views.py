"""The instrument pages per role: catalogue, eligibility, grant workflow, budgets, export, access logging."""

import csv
import io
from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.instruments import services
from werkbedrijf.instruments.models import Grant, GrantStatus, InstrumentVersion, PaymentStatus

BASE = "/instrumenten/"


def test_navigation_flag_per_role(login_verified, officer, admin, board_member, auditor, consultant):
    for user, expected in (
        (officer, True),
        (admin, True),
        (board_member, True),
        (consultant, True),
        (auditor, False),
    ):
        client = login_verified(user)
        assert client.get("/").context["can_list_instruments"] is expected, user.username
        client.logout()


def test_catalogue_for_everyone_with_a_role_but_not_the_auditor(login_verified, officer, auditor, catalogue):
    response = login_verified(officer).get(BASE)
    assert response.status_code == 200
    assert [e.version.name for e in response.context["entries"]][:2] == [
        "Loonkostensubsidie (LKS)",
        "Loondispensatie (Wajong)",
    ]
    assert len(response.context["entries"]) == 14
    assert login_verified(auditor).get(BASE).status_code == 403


def test_functional_admin_adds_a_version_errors_kept_next_to_fields(login_verified, admin, lks):
    client = login_verified(admin)
    url = f"{BASE}catalogus/{lks.uuid}/nieuwe-versie/"
    form = client.get(url).context["form"]
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("target_groups", "excluded_job_kinds")
    }
    data.update(target_groups=["participation_act"], offered="on", valid_from="", name="LKS regionaal")
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = client.post(url, data)
    assert response.status_code == 400
    assert (
        "valid_from" in response.context["form"].errors and "change_note" in response.context["form"].errors
    )
    assert 'value="LKS regionaal"' in response.content.decode()
    data.update(valid_from="2026-07-01", change_note="Naam regionaal")
    response = client.post(url, data)
    assert response.status_code == 302
    version = InstrumentVersion.objects.filter(instrument=lks).order_by("-number").first()
    assert (version.number, version.name, version.target_groups) == (
        2,
        "LKS regionaal",
        ["participation_act"],
    )
    page = client.get(f"{BASE}catalogus/{lks.uuid}/").content.decode()
    assert "LKS regionaal" in page and "Loonkostensubsidie (LKS)" in page


def test_officer_cannot_edit_the_catalogue(login_verified, officer, lks):
    assert login_verified(officer).get(f"{BASE}catalogus/{lks.uuid}/nieuwe-versie/").status_code == 403


def test_eligibility_page_shows_why_and_is_access_logged(
    login_verified, officer, candidate, employer, catalogue
):
    client = login_verified(officer)
    response = client.post(
        f"{BASE}toets/",
        {
            "bsn": candidate.bsn,
            "employer": str(employer.uuid),
            "on": "2026-03-16",
            "hours_per_week": "32",
            "wage_value": "60",
            "job_kind": "jobs_agreement",
        },
    )
    assert response.status_code == 200
    rows = {row["outcome"].rules.code: row for row in response.context["rows"]}
    assert rows["loonkostensubsidie"]["outcome"].applies
    assert not rows["loondispensatie"]["outcome"].applies
    page = response.content.decode()
    with translation.override("nl"):
        assert gettext("Record an application") in page
    assert candidate.bsn not in AccessLogEntry.objects.get(object_uuid=candidate.uuid).request_path
    assert AccessLogEntry.objects.filter(action=AccessAction.READ, object_uuid=candidate.uuid).exists()


def test_eligibility_of_another_municipalitys_candidate_is_refused(
    login_verified, officer, candidate_b, employer, catalogue
):
    response = login_verified(officer).post(
        f"{BASE}toets/", {"bsn": candidate_b.bsn, "employer": str(employer.uuid), "on": "2026-03-16"}
    )
    assert response.status_code == 400 and "bsn" in response.context["form"].errors
    assert not AccessLogEntry.objects.filter(object_uuid=candidate_b.uuid).exists()


def test_from_application_to_the_first_payment_line_in_the_interface(
    login_verified, officer, candidate, employer, lks, gemeente_a
):
    services.budget_set(
        user=officer, region=lks.region, organisation=gemeente_a, instrument=lks, year=2026, allocated="40000"
    )
    client = login_verified(officer)
    response = client.get(
        f"{BASE}aanvragen/nieuw/",
        {"kandidaat": str(candidate.uuid), "werkgever": str(employer.uuid), "instrument": str(lks.uuid)},
    )
    assert response.status_code == 200 and response.context["form"].initial["bsn"] == candidate.bsn
    data = {
        "bsn": candidate.bsn,
        "employer": str(employer.uuid),
        "instrument": str(lks.uuid),
        "applied_on": "2026-02-10",
        "term_starts_on": "2026-02-20",
        "period_start": "2026-03-01",
        "hours_per_week": "36",
        "full_time_hours_per_week": "36",
        "wage_value": "60",
        "wage_value_source": "",
    }
    response = client.post(f"{BASE}aanvragen/nieuw/", data)
    assert response.status_code == 400 and "wage_value_source" in response.context["form"].errors
    data["wage_value_source"] = "Rapport 20 februari 2026"
    response = client.post(f"{BASE}aanvragen/nieuw/", data)
    grant = Grant.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}aanvragen/{grant.uuid}/"
    detail = client.get(response["Location"])
    assert detail.context["detail"].deadline_warning  # due 27 March, within 14 days
    response = client.post(
        f"{BASE}aanvragen/{grant.uuid}/besluiten/", {"granted": "ja", "decided_on": "2026-03-02"}
    )
    assert response.status_code == 302
    detail = client.get(f"{BASE}aanvragen/{grant.uuid}/")
    first = detail.context["detail"].lines[0]
    assert (first.month, first.amount) == (date(2026, 3, 1), Decimal("1224.11"))
    assert detail.context["working"]  # the calculation shown
    assert "1.224,11" in detail.content.decode()
    response = client.post(
        f"{BASE}aanvragen/{grant.uuid}/betalingen/{first.uuid}/betaald/", {"paid_on": "2026-03-16"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == PaymentStatus.PAID
    reads = AccessLogEntry.objects.filter(action=AccessAction.READ, object_uuid=grant.uuid)
    assert reads.count() == 2 and all(e.subject_uuids == [str(candidate.uuid)] for e in reads)


def test_decision_over_budget_asks_for_a_reason(login_verified, officer, application):
    client = login_verified(officer)
    response = client.post(
        f"{BASE}aanvragen/{application.uuid}/besluiten/",
        {"granted": "ja", "decided_on": "2026-03-02", "note": "ok"},
    )
    assert response.status_code == 400
    assert "budget_override_reason" in response.context["form"].errors
    assert 'value="2026-03-02"' in response.content.decode()
    response = client.post(
        f"{BASE}aanvragen/{application.uuid}/besluiten/",
        {"granted": "ja", "decided_on": "2026-03-02", "budget_override_reason": "Wethouder akkoord"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == GrantStatus.GRANTED


def test_other_municipality_and_board_get_no_grant(login_verified, officer_b, board_member, application):
    assert login_verified(officer_b).get(f"{BASE}aanvragen/{application.uuid}/").status_code == 404
    client = login_verified(board_member)
    assert client.get(f"{BASE}aanvragen/{application.uuid}/").status_code == 404
    assert client.get(f"{BASE}aanvragen/").status_code == 403
    assert client.get(BASE).context["counts"].total == 1
    assert candidate_name_absent(client.get(BASE), application)


def candidate_name_absent(response, grant) -> bool:
    return grant.candidate.last_name not in response.content.decode()


def test_grant_list_logs_the_candidates_shown(login_verified, officer, application):
    response = login_verified(officer).get(f"{BASE}aanvragen/")
    assert [g.pk for g in response.context["grants"]] == [application.pk]
    entry = AccessLogEntry.objects.filter(action=AccessAction.SEARCH, object_type="instrument_grant").get()
    assert entry.subject_uuids == [str(application.candidate.uuid)]


def test_deadlines_page(login_verified, officer, application):
    response = login_verified(officer).get(f"{BASE}termijnen/")
    assert [g.pk for g in response.context["grants"]] == [application.pk]
    assert response.context["grants"][0].days_overdue == 4


def test_budgets_page_sets_own_budget_and_board_reads(login_verified, officer, board_member, lks, gemeente_a):
    client = login_verified(officer)
    response = client.post(
        f"{BASE}budgetten/", {"instrument": str(lks.uuid), "year": "2026", "allocated": "-5"}
    )
    assert response.status_code == 400 and "allocated" in response.context["form"].errors
    response = client.post(
        f"{BASE}budgetten/", {"instrument": str(lks.uuid), "year": "2026", "allocated": "25000"}
    )
    assert response.status_code == 302
    rows = login_verified(board_member).get(f"{BASE}budgetten/?jaar=2026").context["rows"]
    assert [(r.organisation, r.allocated) for r in rows] == [(gemeente_a, Decimal("25000.00"))]
    assert (
        login_verified(board_member)
        .post(f"{BASE}budgetten/", {"instrument": str(lks.uuid), "year": "2026", "allocated": "1"})
        .status_code
        == 403
    )


def test_export_csv_and_xlsx_guard_formulas_and_are_logged(
    login_verified, officer, region, application, gemeente_a, lks, employer
):
    employer.organisation.name = '=HYPERLINK("x")'
    employer.organisation.save()
    services.budget_set(
        user=officer, region=region, organisation=gemeente_a, instrument=lks, year=2026, allocated="40000"
    )
    services.grant_decide(
        user=officer, region=region, grant=application, granted=True, decided_on=date(2026, 3, 2)
    )
    client = login_verified(officer)
    response = client.post(f"{BASE}betaalschema/", {"year": "2026", "month": "3", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["regel", "maand", "van", "tot_en_met", "bedrag"]
    assert [(r[1], r[4]) for r in rows[1:]] == [("2026-03", "1224.11")]
    assert rows[1][11].startswith("'=")
    assert application.candidate.last_name not in response.content.decode("utf-8-sig")
    response = client.post(f"{BASE}betaalschema/", {"year": "2026", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 11  # header + March to December
    exports = AccessLogEntry.objects.filter(action=AccessAction.EXPORT)
    assert exports.count() == 2 and exports.first().subject_uuids == [str(application.candidate.uuid)]


def test_consultant_may_apply_but_not_decide_or_export(login_verified, consultant, application):
    client = login_verified(consultant)
    assert client.get(f"{BASE}aanvragen/{application.uuid}/").status_code == 200
    assert client.get(f"{BASE}aanvragen/{application.uuid}/besluiten/").status_code == 403
    assert client.get(f"{BASE}betaalschema/").status_code == 403
    assert client.get(f"{BASE}aanvragen/nieuw/").status_code == 200


def test_end_and_wage_value_pages(login_verified, officer, region, application, gemeente_a, lks):
    services.budget_set(
        user=officer, region=region, organisation=gemeente_a, instrument=lks, year=2026, allocated="40000"
    )
    services.grant_decide(
        user=officer, region=region, grant=application, granted=True, decided_on=date(2026, 3, 2)
    )
    client = login_verified(officer)
    assert client.post(f"{BASE}aanvragen/{application.uuid}/starten/").status_code == 302
    response = client.post(
        f"{BASE}aanvragen/{application.uuid}/loonwaarde/",
        {"wage_value": "70", "source": "Herbeoordeling", "applies_from": "2026-06-01"},
    )
    assert response.status_code == 302
    assert application.payment_lines.get(month=date(2026, 6, 1)).wage_value == 70
    response = client.post(f"{BASE}aanvragen/{application.uuid}/beeindigen/", {"ended_on": "", "reason": ""})
    assert response.status_code == 400 and set(response.context["form"].errors) == {"ended_on", "reason"}
    response = client.post(
        f"{BASE}aanvragen/{application.uuid}/beeindigen/",
        {"ended_on": "2026-08-31", "reason": "Contract afgelopen"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == GrantStatus.ENDED


def test_functional_admin_adds_an_instrument(login_verified, admin, catalogue):
    client = login_verified(admin)
    url = f"{BASE}catalogus/nieuw/"
    assert client.get(url).status_code == 200
    data = {
        "code": "scholingsvoucher",
        "kind": "other",
        "valid_from": "2026-04-01",
        "name": "Scholingsvoucher",
        "legal_basis": "Regionale afspraak 2026",
        "provider": "municipality",
        "payment_method": "one_off",
        "offered": "on",
        "target_groups": ["participation_act", "wajong"],
        "decision_period_weeks": "8",
        "documents": "Aanvraag\nOfferte opleiding\n",
        "confidence": "SECONDARY",
    }
    response = client.post(url, {**data, "code": "loonkostensubsidie"})
    assert response.status_code == 400 and "code" in response.context["form"].errors
    response = client.post(url, data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Offerte opleiding" in page and "Scholingsvoucher" in page
    with translation.override("nl"):
        assert str(gettext("Wajong (UWV)")) in client.get(response["Location"]).content.decode()


def test_malformed_uuids_in_the_address_are_ignored_not_an_error(
    login_verified, officer, candidate, catalogue
):
    client = login_verified(officer)
    assert client.get(f"{BASE}aanvragen/", {"kandidaat": "nope"}).status_code == 200
    assert client.get(f"{BASE}aanvragen/nieuw/", {"werkgever": "nope"}).status_code == 200
    response = client.post(f"{BASE}toets/", {"bsn": candidate.bsn, "employer": "nope", "on": "2026-03-16"})
    assert response.status_code in (200, 400)


def test_an_action_page_that_names_the_candidate_is_access_logged(login_verified, officer, application):
    response = login_verified(officer).get(f"{BASE}aanvragen/{application.uuid}/besluiten/")
    assert response.status_code == 200
    assert application.candidate.full_name in response.content.decode()
    entry = AccessLogEntry.objects.get(action=AccessAction.READ, object_uuid=application.uuid)
    assert entry.subject_uuids == [str(application.candidate.uuid)]
