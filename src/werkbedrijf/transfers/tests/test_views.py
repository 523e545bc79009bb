"""The import and export pages: the upload form with its errors next to the field, the job page that polls
its progress with htmx until the job has ended, the error report for the uploader only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import UserFactory, give_role
from werkbedrijf.candidates.models import Candidate
from werkbedrijf.transfers import reading, tasks, views
from werkbedrijf.transfers.models import ImportJob, ImportStatus

from .conftest import CANDIDATE_HEADER, candidate_row, make_csv, read_csv

INDEX = reverse("transfers:index")
UPLOAD = reverse("transfers:upload")
MB = 1024 * 1024


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Post a file as the form does; the job starts once the upload's transaction has committed."""

    def _upload(client, content, *, kind="candidates", name="kandidaten.csv"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(UPLOAD, {"kind": kind, "file": SimpleUploadedFile(name, content)})

    return _upload


def job_urls(job):
    return [
        reverse("transfers:job", args=[job.uuid]),
        reverse("transfers:job_progress", args=[job.uuid]),
        reverse("transfers:job_report", args=[job.uuid]),
    ]


@pytest.fixture
def queued(monkeypatch):
    """As with a broker: the upload only queues the job; returns the uuids queued."""
    sent = []
    monkeypatch.setattr(tasks.run_import_job, "delay", sent.append)
    return sent


def test_index_offers_what_the_user_may_import_and_export(world, login_verified):
    response = login_verified(world["consultant_a"]).get(INDEX)

    assert response.status_code == 200
    assert [k.code for k in response.context["importable"]] == ["candidates"]
    assert [k.code for k in response.context["exportable"]] == ["candidates", "employers", "vacancies"]
    assert 'enctype="multipart/form-data"' in response.text
    assert reverse("transfers:template", args=["candidates", "xlsx"]) in response.text


def test_an_employer_user_only_exports_and_an_auditor_gets_403(world, login_verified, client, upload):
    response = login_verified(world["employer_user"]).get(INDEX)
    assert response.status_code == 200
    assert response.context["importable"] == []
    assert [k.code for k in response.context["exportable"]] == ["employers", "vacancies"]
    assert UPLOAD not in response.text
    assert upload(client, b"x").status_code == 403

    client.logout()
    auditor = UserFactory(organisation=world["org_a"], username="auditor")
    give_role(auditor, Role.AUDITOR, world["region"])
    assert login_verified(auditor).get(INDEX).status_code == 403


def test_a_good_upload_goes_to_the_job_page_with_the_result(world, login_verified, upload):
    client = login_verified(world["consultant_a"])
    rows = [candidate_row(), candidate_row()]
    response = upload(client, make_csv(CANDIDATE_HEADER, rows))

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("transfers:job", args=[job.uuid])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'id="count-created">2<' in page.text
    assert "hx-get" not in page.text
    assert Candidate.objects.count() == 2
    assert job.file_name == "kandidaten.csv"


def test_without_a_file_the_error_is_next_to_the_field_and_the_choice_is_kept(world, login_verified):
    client = login_verified(world["consultant_a"])
    with translation.override("nl"):
        response = client.post(UPLOAD, {"kind": "candidates"}, HTTP_ACCEPT_LANGUAGE="nl")
        required = gettext("This field is required.")

    assert response.status_code == 400
    assert response.context["form"].errors == {"file": [required]}
    assert f'<p class="utrecht-form-field-error-message">{required}</p>' in response.text
    assert 'id="id_file_error"' in response.text
    assert '<option value="candidates" selected>' in response.text
    assert not ImportJob.objects.exists()


def test_a_kind_the_user_may_not_import_is_a_field_error(world, login_verified, upload):
    response = upload(login_verified(world["consultant_a"]), b"x", kind="employers")

    assert response.status_code == 400 and "kind" in response.context["form"].errors
    assert not ImportJob.objects.exists()


def test_a_file_over_the_limit_is_refused_from_its_announced_size(world, login_verified, settings, upload):
    settings.TRANSFERS_MAX_UPLOAD_BYTES = 1 * MB
    response = upload(login_verified(world["consultant_a"]), b"x" * (2 * MB))

    assert response.status_code == 413
    assert response.context["form"].errors == {"file": [reading.too_large_message(1 * MB)]}
    assert 'id="id_file_error"' in response.text
    assert not ImportJob.objects.exists()


def test_a_body_larger_than_announced_stops_being_read_at_the_limit(
    world, login_verified, settings, monkeypatch, upload
):
    settings.TRANSFERS_MAX_UPLOAD_BYTES = 1 * MB
    monkeypatch.setattr(views, "too_large", lambda request: False)  # a client that sent no (true) length
    response = upload(login_verified(world["consultant_a"]), b"x" * (3 * MB))

    assert response.status_code == 413
    assert response.context["form"].errors == {"file": [reading.too_large_message(1 * MB)]}
    assert response.context["form"]["kind"].value() == "candidates"
    assert not ImportJob.objects.exists()


def test_upload_checks_the_csrf_token(world, login_verified, upload):
    client = login_verified(world["consultant_a"], Client(enforce_csrf_checks=True))
    response = upload(client, make_csv(CANDIDATE_HEADER, [candidate_row()]))

    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_the_job_page_polls_while_the_job_runs_and_stops_when_it_is_done(
    world, login_verified, queued, upload
):
    client = login_verified(world["consultant_a"])
    upload(client, make_csv(CANDIDATE_HEADER, [candidate_row() for _ in range(3)]))
    job = ImportJob.objects.get()
    page_url, progress_url, _report = job_urls(job)
    assert queued == [str(job.uuid)] and job.status == ImportStatus.QUEUED

    page = client.get(page_url)
    assert f'hx-get="{progress_url}"' in page.text and 'hx-trigger="every 1s"' in page.text
    assert "<progress" in page.text

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.VALIDATING, rows_total=1000, rows_checked=400
    )
    fragment = client.get(progress_url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert not fragment.text.lstrip().startswith("<!DOCTYPE")
    assert 'max="1000" value="400"' in fragment.text and 'hx-get="' in fragment.text

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED, rows_total=0, rows_checked=0)
    assert tasks.run_import_job(str(job.uuid)) == ImportStatus.DONE
    fragment = client.get(progress_url, HTTP_HX_REQUEST="true")
    assert "hx-get" not in fragment.text and 'id="count-created">3<' in fragment.text
    assert Candidate.objects.count() == 3


def test_a_job_runs_once(world, login_verified, queued, upload):
    client = login_verified(world["consultant_a"])
    upload(client, make_csv(CANDIDATE_HEADER, [candidate_row()]))
    job = ImportJob.objects.get()

    assert tasks.run_import_job(str(job.uuid)) == ImportStatus.DONE
    assert tasks.run_import_job(str(job.uuid)) == "not-queued"
    assert Candidate.objects.count() == 1


def test_errors_are_listed_on_the_page_and_in_the_report_for_the_uploader_only(
    world, login_verified, client, upload
):
    uploader = login_verified(world["consultant_a"])
    rows = [candidate_row(), candidate_row(BSN="123456789"), candidate_row(Postcode="=1+1")]
    upload(uploader, make_csv(CANDIDATE_HEADER, rows))
    job = ImportJob.objects.get()
    page_url, progress_url, report_url = job_urls(job)

    page = uploader.get(page_url)
    assert page.status_code == 200 and 'id="job-errors"' in page.text
    assert report_url in page.text and "123456789" not in page.text
    report = uploader.get(report_url)
    assert report.status_code == 200
    assert report["Content-Disposition"].startswith('attachment; filename="importfouten-candidates-')
    lines = read_csv(report)
    assert [list(line.values())[:2] for line in lines] == [["3", "BSN"], ["4", "Postcode"]]

    client.logout()
    colleague = login_verified(world["consultant_b"])
    for url in job_urls(job):
        assert colleague.get(url).status_code == 404


def test_a_long_report_is_paginated(world, login_verified, upload):
    client = login_verified(world["consultant_a"])
    rows = [candidate_row(BSN="123456789") for _ in range(150)]
    upload(client, make_csv(CANDIDATE_HEADER, rows))
    job = ImportJob.objects.get()
    page_url = reverse("transfers:job", args=[job.uuid])

    first = client.get(page_url)
    assert len(first.context["errors_page"]) == 100
    second = client.get(page_url, {"pagina": 2})
    assert second.context["errors_page"][0]["row"] == 102  # data rows 2…151: the 101st error


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_templates(world, login_verified, fmt):
    response = login_verified(world["consultant_a"]).get(
        reverse("transfers:template", args=["candidates", fmt])
    )

    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if fmt == "csv":
        header = content.decode("utf-8-sig").splitlines()[0].split(";")
        assert header[:2] == ["BSN *", "Voornaam *"] and "Pseudoniem" not in header
    else:
        workbook = load_workbook(io.BytesIO(content))
        assert workbook.sheetnames == ["Kandidaten", "Toelichting"]
        assert workbook["Kandidaten"]["A1"].value == "BSN *"


def test_a_template_is_only_for_who_may_import_it(world, login_verified):
    client = login_verified(world["consultant_a"])
    assert client.get(reverse("transfers:template", args=["employers", "csv"])).status_code == 403
    assert client.get(reverse("transfers:template", args=["candidates", "ods"])).status_code == 404


def test_pages_need_a_login(world, client):
    assert client.get(INDEX).status_code == 302
    assert client.post(UPLOAD).status_code == 302


def test_account_manager_imports_employers_and_vacancies_with_their_templates(world, login_verified):
    client = login_verified(world["manager"])
    response = client.get(INDEX)

    assert [k.code for k in response.context["importable"]] == ["employers", "vacancies"]
    assert "Functietitel" in response.text  # the column explanation of the vacancy template
    template = client.get(reverse("transfers:template", args=["vacancies", "xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(template.streaming_content)))
    assert workbook.sheetnames == ["Vacatures", "Toelichting"]
    header = [cell.value for cell in workbook["Vacatures"][1]]
    assert header[:3] == ["Vacature-ID", "KvK-nummer werkgever *", "Functietitel *"]
    assert "Werkgever" not in header and "Status" not in header
