"""Exports show what the list shows to that user, are access-logged, and cannot smuggle a formula into a
spreadsheet."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates.tests.factories import CandidateFactory
from werkbedrijf.transfers.models import ImportStatus
from werkbedrijf.transfers.writing import safe_cell

from .conftest import make_csv, read_csv, read_xlsx


def export_url(kind, fmt="csv"):
    return reverse("transfers:export", args=[kind, fmt])


@pytest.fixture
def pool(world):
    """Candidates of A (one without consent), B (shared, not shared, stale) and of the other region."""
    stale = timezone.now() - timedelta(days=400)
    return {
        "a": CandidateFactory(responsible_organisation=world["org_a"], first_name="Anouk", last_name="Eigen"),
        "a_private": CandidateFactory(
            responsible_organisation=world["org_a"],
            first_name="Bram",
            last_name="Eigen",
            region_consent=False,
        ),
        "b_shared": CandidateFactory(
            responsible_organisation=world["org_b"], first_name="Cas", last_name="Gedeeld"
        ),
        "b_private": CandidateFactory(
            responsible_organisation=world["org_b"],
            first_name="Dewi",
            last_name="Prive",
            region_consent=False,
        ),
        "b_stale": CandidateFactory(
            responsible_organisation=world["org_b"],
            first_name="Eva",
            last_name="Oud",
            last_confirmed_at=stale,
        ),
        "c": CandidateFactory(
            responsible_organisation=world["org_c"], first_name="Fleur", last_name="Elders"
        ),
    }


def test_consultant_exports_own_candidates_in_full_and_shared_ones_pseudonymised(world, pool, login_verified):
    response = login_verified(world["consultant_a"]).post(export_url("candidates"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="kandidaten-AM18-' in response["Content-Disposition"]
    rows = read_csv(response)
    full = {row["BSN"]: row for row in rows if row["BSN"]}
    assert set(full) == {pool["a"].bsn, pool["a_private"].bsn}
    assert full[pool["a"].bsn]["Voornaam"] == "Anouk"
    assert full[pool["a"].bsn]["Geboortedatum"] == "17-05-1990"
    pseudonymised = [row for row in rows if not row["BSN"]]
    assert [row["Pseudoniem"] for row in pseudonymised] == [pseudonym("kandidaat", pool["b_shared"].uuid)]
    [shared] = pseudonymised
    assert shared["Voornaam"] == shared["Achternaam"] == shared["Geboortedatum"] == shared["Telefoon"] == ""
    assert shared["Postcode"] == "1012" and shared["Leeftijdsklasse"]
    content = str(rows)
    for hidden in ("b_shared", "b_private", "b_stale", "c"):
        assert pool[hidden].bsn not in content and pool[hidden].last_name not in content


def test_the_lists_filters_apply(world, pool, login_verified):
    client = login_verified(world["consultant_a"])

    own = read_csv(client.post(export_url("candidates") + "?eigen=on"))
    assert sorted(row["BSN"] for row in own) == sorted([pool["a"].bsn, pool["a_private"].bsn])
    with_stale = read_csv(client.post(export_url("candidates") + "?actualiteit=include"))
    assert len(with_stale) == 4
    found = read_csv(client.post(export_url("candidates") + "?q=Anouk"))
    assert [row["BSN"] for row in found] == [pool["a"].bsn]


def test_an_export_is_access_logged_with_the_people_shown_in_full(world, pool, login_verified):
    login_verified(world["consultant_a"]).post(export_url("candidates", "xlsx"))

    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT, object_type="candidate")
    assert entry.actor_username == "consulent.a" and entry.region_code == "AM18"
    assert sorted(entry.subject_uuids) == sorted([str(pool["a"].uuid), str(pool["a_private"].uuid)])
    assert "xlsx" in entry.context
    assert entry.request_path == export_url("candidates", "xlsx")


def test_xlsx_export(world, pool, login_verified):
    response = login_verified(world["consultant_a"]).post(export_url("candidates", "xlsx"))

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = read_xlsx(response)
    assert len(rows) == 3
    assert {row["BSN"] for row in rows} == {pool["a"].bsn, pool["a_private"].bsn, None}


def test_account_manager_sees_every_shared_candidate_pseudonymised(world, pool, login_verified):
    rows = read_csv(login_verified(world["manager"]).post(export_url("candidates")))

    assert sorted(row["Pseudoniem"] for row in rows) == sorted(
        pseudonym("kandidaat", pool[k].uuid) for k in ("a", "b_shared")
    )
    assert all(row["BSN"] == "" and row["Voornaam"] == "" for row in rows)
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT, object_type="candidate")
    assert entry.subject_uuids == []


@pytest.mark.parametrize(("who", "kind"), [("employer_user", "candidates"), ("board", "candidates")])
def test_who_may_not_export_gets_403_and_nothing_is_logged(world, pool, login_verified, who, kind):
    response = login_verified(world[who]).post(export_url(kind))

    assert response.status_code == 403
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_export_needs_post(world, login_verified):
    assert login_verified(world["consultant_a"]).get(export_url("candidates")).status_code == 405


def test_unknown_kind_or_format_is_404(world, login_verified):
    client = login_verified(world["consultant_a"])
    assert client.post(export_url("werknemers")).status_code == 404
    assert client.post(export_url("candidates", "ods")).status_code == 404


def test_employer_export_is_scoped(world, login_verified, client):
    all_rows = read_csv(login_verified(world["manager"]).post(export_url("employers")))
    assert sorted(row["KvK-nummer"] for row in all_rows) == ["11111111", "22222222"]  # never AM17's

    client.logout()
    own = read_csv(login_verified(world["employer_user"]).post(export_url("employers")))
    assert [row["KvK-nummer"] for row in own] == ["11111111"]


def test_other_regions_data_is_never_exported(world, pool, login_verified):
    rows = read_csv(login_verified(world["consultant_c"]).post(export_url("candidates")))

    assert [row["BSN"] for row in rows] == [pool["c"].bsn]


@pytest.mark.parametrize("text", ["=1+1", "+31 6 12345678", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_cells_a_spreadsheet_would_run_are_escaped(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Jansen", "", "1+1", "'=1", None, 12])
def test_other_cells_are_left_alone(text):
    assert safe_cell(text) == ("" if text is None else str(text))


def test_formula_in_a_name_is_escaped_in_both_formats_and_imports_back_as_typed(
    world, login_verified, run_import
):
    candidate = CandidateFactory(
        responsible_organisation=world["org_a"],
        first_name='=HYPERLINK("http://x.invalid","klik")',
        last_name="@Jansen",
        phone="+31612345678",
    )
    client = login_verified(world["consultant_a"])

    [row] = read_csv(client.post(export_url("candidates")))
    assert row["Voornaam"] == '\'=HYPERLINK("http://x.invalid","klik")'
    assert row["Achternaam"] == "'@Jansen" and row["Telefoon"] == "'+31612345678"
    [xlsx_row] = read_xlsx(client.post(export_url("candidates", "xlsx")))
    assert xlsx_row["Voornaam"] == '\'=HYPERLINK("http://x.invalid","klik")'

    header = [h for h in row if h not in ("Pseudoniem", "Leeftijdsklasse", "Status")]
    job = run_import(world["consultant_a"], world["region"], "candidates", make_csv(header, [row]))
    assert (job.status, job.unchanged_count) == (ImportStatus.DONE, 1), job.errors
    candidate.refresh_from_db()
    assert candidate.first_name.startswith("=HYPERLINK") and candidate.phone == "+31612345678"


def test_the_list_page_offers_an_export_of_exactly_its_filtered_list(world, pool, login_verified):
    client = login_verified(world["consultant_a"])
    page = client.get("/kandidaten/", {"eigen": "on", "pagina": "1"}).content.decode()
    action = export_url("candidates") + "?eigen=on"
    assert f'action="{action}"' in page
    assert "pagina" not in page.split(action)[1].split('"')[0]
    rows = read_csv(client.post(action))
    assert sorted(row["BSN"] for row in rows) == sorted([pool["a"].bsn, pool["a_private"].bsn])


def test_the_counts_page_of_a_board_member_offers_no_export(world, login_verified):
    response = login_verified(world["board"]).get("/werkgevers/")
    assert response.status_code == 200
    assert export_url("employers") not in response.content.decode()
