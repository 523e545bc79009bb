"""The import and export API: the same kinds, permissions and scoping as the pages, problem+json errors."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates.models import Candidate
from werkbedrijf.candidates.tests.factories import CandidateFactory
from werkbedrijf.transfers.models import ImportJob

from .conftest import CANDIDATE_HEADER, candidate_row, make_csv, read_csv

IMPORTS = "/api/v1/imports"
PROBLEM = "application/problem+json"
MB = 1024 * 1024


@pytest.fixture
def post_import(django_capture_on_commit_callbacks):
    def _post(client, content, *, kind="candidates", name="kandidaten.csv", query=""):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(IMPORTS + query, {"kind": kind, "file": SimpleUploadedFile(name, content)})

    return _post


def test_import_a_file_and_follow_the_job(world, login_verified, post_import):
    client = login_verified(world["consultant_a"])
    response = post_import(client, make_csv(CANDIDATE_HEADER, [candidate_row(), candidate_row()]))

    assert response.status_code == 202, response.content
    data = response.json()
    assert data["kind"] == "candidates" and data["region"] == "AM18" and data["fileName"] == "kandidaten.csv"
    assert data["url"] == f"{IMPORTS}/{data['uuid']}"
    job = client.get(data["url"])
    assert job.status_code == 200
    assert job.json()["status"] == "done"
    assert (job.json()["rowsTotal"], job.json()["createdCount"], job.json()["errors"]) == (2, 2, [])
    assert Candidate.objects.count() == 2


def test_a_bad_file_reports_row_column_and_reason(world, login_verified, post_import):
    client = login_verified(world["consultant_a"])
    response = post_import(client, make_csv(CANDIDATE_HEADER, [candidate_row(), candidate_row(BSN="123")]))

    data = client.get(response.json()["url"]).json()
    assert data["status"] == "invalid" and data["errorCount"] == 1
    assert [(e["row"], e["column"]) for e in data["errors"]] == [(3, "BSN")]
    assert Candidate.objects.count() == 0


def test_the_job_list_holds_only_the_callers_jobs(world, login_verified, post_import, client):
    post_import(login_verified(world["consultant_a"]), make_csv(CANDIDATE_HEADER, [candidate_row()]))
    client.logout()
    colleague = login_verified(world["officer_a"])
    post_import(colleague, make_csv(CANDIDATE_HEADER, [candidate_row()]), name="van-collega.csv")

    listing = colleague.get(IMPORTS)
    assert listing.status_code == 200
    assert [job["fileName"] for job in listing.json()["results"]] == ["van-collega.csv"]


def test_another_users_job_is_404(world, login_verified, post_import, client):
    response = post_import(
        login_verified(world["consultant_a"]), make_csv(CANDIDATE_HEADER, [candidate_row()])
    )
    url = response.json()["url"]
    client.logout()

    other = login_verified(world["officer_a"]).get(url)
    assert other.status_code == 404 and other["Content-Type"] == PROBLEM
    assert login_verified(world["officer_a"]).get(f"{IMPORTS}/not-a-uuid").status_code == 404


def test_a_kind_the_caller_may_not_import_is_403_problem_json(world, login_verified, post_import):
    response = post_import(login_verified(world["consultant_a"]), b"x", kind="employers")

    assert response.status_code == 403 and response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 403
    assert not ImportJob.objects.exists()


def test_validation_errors_name_the_parameter(world, login_verified):
    client = login_verified(world["consultant_a"])

    no_file = client.post(IMPORTS, {"kind": "candidates"})
    assert no_file.status_code == 400 and no_file["Content-Type"] == PROBLEM
    assert [p["name"] for p in no_file.json()["invalidParams"]] == ["file"]
    unknown = client.post(IMPORTS, {"kind": "werknemers", "file": SimpleUploadedFile("a.csv", b"x")})
    assert [p["name"] for p in unknown.json()["invalidParams"]] == ["kind"]


def test_a_file_over_the_limit_is_413(world, login_verified, settings):
    settings.TRANSFERS_MAX_UPLOAD_BYTES = 1 * MB
    response = login_verified(world["consultant_a"]).post(
        IMPORTS, {"kind": "candidates", "file": SimpleUploadedFile("groot.csv", b"x" * (2 * MB))}
    )

    assert response.status_code == 413 and response["Content-Type"] == PROBLEM
    assert not ImportJob.objects.exists()


def test_a_region_the_caller_has_no_role_in_is_403(world, login_verified, post_import):
    response = post_import(
        login_verified(world["consultant_a"]),
        make_csv(CANDIDATE_HEADER, [candidate_row()]),
        query="?regio=AM17",
    )

    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_session_without_second_factor_is_refused(world, post_import):
    client = Client()
    client.force_login(world["consultant_a"])
    response = post_import(client, make_csv(CANDIDATE_HEADER, [candidate_row()]))

    assert response.status_code in (401, 403) and response["Content-Type"] == PROBLEM
    assert not ImportJob.objects.exists()


@pytest.fixture
def pool(world):
    return {
        "own": CandidateFactory(responsible_organisation=world["org_a"]),
        "shared": CandidateFactory(responsible_organisation=world["org_b"]),
        "elsewhere": CandidateFactory(responsible_organisation=world["org_c"]),
    }


def test_export_csv_by_default_scoped_and_logged(world, pool, login_verified):
    response = login_verified(world["consultant_a"]).get("/api/v1/exports/candidates")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert [row["BSN"] for row in rows] == [pool["own"].bsn, ""]
    assert pool["elsewhere"].bsn not in str(rows) and pool["shared"].bsn not in str(rows)
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert entry.subject_uuids == [str(pool["own"].uuid)] and "API" in entry.context


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        ("?format=xlsx", ""),
        ("", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("?format=xlsx", "text/csv"),
    ],
)
def test_export_xlsx_by_format_or_accept(world, pool, login_verified, query, accept):
    response = login_verified(world["consultant_a"]).get(
        "/api/v1/exports/candidates" + query, HTTP_ACCEPT=accept
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    assert sheet.title == "Kandidaten" and len(list(sheet.iter_rows())) == 3


def test_export_errors_are_problem_json(world, pool, login_verified, client):
    consultant = login_verified(world["consultant_a"])
    wrong_format = consultant.get("/api/v1/exports/candidates?format=ods")
    assert wrong_format.status_code == 400 and wrong_format["Content-Type"] == PROBLEM
    assert consultant.get("/api/v1/exports/werknemers").status_code == 404

    client.logout()
    employer_user = login_verified(world["employer_user"])
    refused = employer_user.get("/api/v1/exports/candidates")
    assert refused.status_code == 403 and refused["Content-Type"] == PROBLEM
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()
    own = read_csv(employer_user.get("/api/v1/exports/employers"))
    assert [row["KvK-nummer"] for row in own] == ["11111111"]


def test_export_filters_in_the_query_string(world, pool, login_verified):
    response = login_verified(world["consultant_a"]).get("/api/v1/exports/candidates?eigen=true&regio=AM18")

    assert [row["BSN"] for row in read_csv(response)] == [pool["own"].bsn]
