from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.utils import translation
from django.utils.translation import gettext

from werkbedrijf.accounts.tests.factories import synthetic_bsn
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates import services as candidate_services
from werkbedrijf.candidates.models import Candidate, FunctionalAbility, Gender, TargetGroup
from werkbedrijf.candidates.tests.factories import CandidateFactory
from werkbedrijf.employers.models import Employer
from werkbedrijf.employers.tests.factories import EmployerFactory, EmployerOrganisationFactory
from werkbedrijf.transfers import importing, services
from werkbedrijf.transfers.models import ImportFile, ImportStatus
from werkbedrijf.transfers.tasks import run_import_job

from .conftest import (
    CANDIDATE_HEADER,
    EMPLOYER_HEADER,
    candidate_row,
    candidate_rows,
    employer_row,
    make_csv,
    make_xlsx,
)


def errors_by_row(job):
    result = {}
    for error in job.errors:
        result.setdefault(error["row"], []).append((error["column"], error["reason"]))
    return result


def test_good_csv_creates_candidates_of_the_uploaders_organisation(world, run_import):
    user = world["consultant_a"]
    rows = [candidate_row(Voornaam=f"Naam{i}") for i in range(3)]
    job = run_import(user, world["region"], "candidates", make_csv(CANDIDATE_HEADER, rows))

    assert job.status == ImportStatus.DONE, job.errors
    assert (job.rows_total, job.created_count, job.updated_count, job.unchanged_count) == (3, 3, 0, 0)
    created = Candidate.objects.filter(bsn__in=[r["BSN"] for r in rows])
    assert created.count() == 3
    candidate = created.get(bsn=rows[0]["BSN"])
    assert candidate.responsible_organisation == world["org_a"]
    assert candidate.postcode == "1012 AB"
    assert candidate.date_of_birth == date(1990, 5, 17)
    assert candidate.municipality == world["org_a"].municipality
    assert [o.esco_code for o in candidate.desired_occupations.all()] == ["5120.1"]
    assert candidate.abilities.get().level == 2
    # Every row went through the services (one audit entry each, plus abilities), and one summary entry.
    assert (
        AccessLogEntry.objects.filter(
            object_type="candidate", action=AccessAction.CREATE, object_uuid__in=created.values("uuid")
        ).count()
        == 3
    )
    summary = AccessLogEntry.objects.get(object_type="import_job", object_uuid=job.uuid)
    assert summary.action == AccessAction.CREATE
    assert not ImportFile.objects.filter(job=job).exists()


def test_good_xlsx_reads_the_sheet_named_after_the_kind_with_typed_cells(world, run_import):
    bsn = synthetic_bsn()
    row = candidate_row(BSN=int(bsn), Geboortedatum=date(1985, 2, 3), **{"Maximaal uren per week": 32})
    content = make_xlsx(CANDIDATE_HEADER, [row], sheet="Kandidaten", first_sheet="Uitleg")
    job = run_import(world["consultant_a"], world["region"], "candidates", content, "kandidaten.xlsx")

    assert job.status == ImportStatus.DONE, job.errors
    candidate = Candidate.objects.get(bsn=bsn)
    assert candidate.date_of_birth == date(1985, 2, 3)
    assert candidate.hours_per_week == 32


def test_values_as_users_type_them(world, run_import):
    header = [
        *CANDIDATE_HEADER,
        "registergrond",
        "Geregistreerd vanaf",
        "Jobcoach nodig",
        "Sectoren (SBI-secties)",
        "geslacht",
    ]
    with translation.override("nl"):
        label = str(TargetGroup.WAJONG.label)
        female = str(Gender.FEMALE.label)
    row = candidate_row(
        Geboortedatum="1990-05-17",
        Postcode="1012 ab",
        Gemeente="amsterdam",
        Doelgroep=label,
        **{
            "registergrond": "wajong",
            "Geregistreerd vanaf": "1-2-2024",
            "Jobcoach nodig": "Ja",
            "Sectoren (SBI-secties)": "g, I",
            "geslacht": female.lower(),
            "Gewenste beroepen (ESCO-codes)": "5120",  # an ISCO code with exactly one occupation
            "Niveau werktijden": "",
        },
    )
    job = run_import(
        world["consultant_a"],
        world["region"],
        "candidates",
        make_csv(header, [row], delimiter=",", encoding="utf-8"),
    )

    assert job.status == ImportStatus.DONE, job.errors
    candidate = Candidate.objects.get(bsn=row["BSN"])
    assert candidate.target_group == TargetGroup.WAJONG
    assert candidate.registered_from == date(2024, 2, 1)
    assert candidate.in_target_group_register
    assert candidate.needs_job_coach
    assert sorted(s.code for s in candidate.sectors.all()) == ["G", "I"]
    assert candidate.gender == Gender.FEMALE
    assert not candidate.abilities.exists()


def test_windows_1252_is_read_with_a_notice(world, run_import):
    row = candidate_row(Voornaam="Çiğdem"[:1] + "elik", Achternaam="Müller-Lüdenscheidt")
    content = make_csv(CANDIDATE_HEADER, [row], encoding="cp1252")
    job = run_import(world["consultant_a"], world["region"], "candidates", content)

    assert job.status == ImportStatus.DONE, job.errors
    assert Candidate.objects.get(bsn=row["BSN"]).last_name == "Müller-Lüdenscheidt"
    assert len(job.notices) == 1


def test_every_row_is_checked_and_nothing_is_imported_when_one_is_wrong(world, run_import):
    good = candidate_row()
    rows = [
        good,
        candidate_row(BSN="123456789"),  # fails the 11-check
        candidate_row(Voornaam="", Geboortedatum="31-02-1990"),
        candidate_row(Doelgroep="onbekend", Postcode="ABCD 12"),
        candidate_row(Gemeente="GM0479"),  # Zaanstad: another region
        candidate_row(**{"Maximaal uren per week": "60", "Niveau werktijden": "7"}),
    ]
    job = run_import(world["consultant_a"], world["region"], "candidates", make_csv(CANDIDATE_HEADER, rows))

    assert job.status == ImportStatus.INVALID
    assert not Candidate.objects.filter(bsn=good["BSN"]).exists()
    by_row = errors_by_row(job)
    assert sorted(by_row) == [3, 4, 5, 6, 7]  # header is row 1, the good row is row 2
    assert [c for c, _ in by_row[3]] == ["BSN"]
    assert sorted(c for c, _ in by_row[4]) == ["Geboortedatum", "Voornaam"]
    assert sorted(c for c, _ in by_row[5]) == ["Doelgroep", "Postcode"]
    assert [c for c, _ in by_row[6]] == ["Gemeente"]
    assert sorted(c for c, _ in by_row[7]) == ["Maximaal uren per week", "Niveau werktijden"]
    with translation.override("nl"):
        assert gettext("This cell is required.") in [r for c, r in by_row[4]]
    # The report names rows, columns and reasons, never a value from the file.
    assert "123456789" not in str(job.errors)
    assert job.error_count == 8


def test_rules_across_fields_are_checked_before_anything_is_written(world, run_import):
    header = [*CANDIDATE_HEADER, "Minimaal uren per week"]
    rows = [
        candidate_row(),
        candidate_row(**{"Minimaal uren per week": "30", "Maximaal uren per week": "20"}),
    ]
    job = run_import(world["consultant_a"], world["region"], "candidates", make_csv(header, rows))

    assert job.status == ImportStatus.INVALID
    assert errors_by_row(job) == {3: [("Minimaal uren per week", job.errors[0]["reason"])]}
    assert Candidate.objects.count() == 0


def test_the_same_bsn_twice_in_the_file_is_reported(world, run_import):
    bsn = synthetic_bsn()
    rows = [candidate_row(BSN=bsn), candidate_row(), candidate_row(BSN=bsn[:3] + " " + bsn[3:])]
    job = run_import(world["consultant_a"], world["region"], "candidates", make_csv(CANDIDATE_HEADER, rows))

    assert job.status == ImportStatus.INVALID
    assert list(errors_by_row(job)) == [4]
    assert job.errors[0]["column"] == "BSN"
    assert "2" in job.errors[0]["reason"]
    assert Candidate.objects.count() == 0


def test_a_known_bsn_of_the_own_organisation_is_merged(world, run_import):
    existing = CandidateFactory(responsible_organisation=world["org_a"], hours_per_week=20, first_name="Oud")
    FunctionalAbility.objects.create(candidate=existing, rubric="working_hours", level=3, note="Ochtenden")
    unchanged = CandidateFactory(responsible_organisation=world["org_a"])
    header = [
        "BSN",
        "Voornaam",
        "Achternaam",
        "Geboortedatum",
        "Postcode",
        "Gemeente",
        "Doelgroep",
        "Maximaal uren per week",
        "Niveau werktijden",
    ]

    def row_of(c, **overrides):
        values = {
            "BSN": c.bsn,
            "Voornaam": c.first_name,
            "Achternaam": c.last_name,
            "Geboortedatum": "17-05-1990",
            "Postcode": c.postcode,
            "Gemeente": c.municipality.code,
            "Doelgroep": c.target_group,
            "Maximaal uren per week": str(c.hours_per_week),
            "Niveau werktijden": "",
        }
        values.update(overrides)
        return values

    rows = [
        row_of(existing, Voornaam="Nieuw", **{"Maximaal uren per week": "32", "Niveau werktijden": "2"}),
        row_of(unchanged),
        candidate_row(),
    ]
    job = run_import(world["consultant_a"], world["region"], "candidates", make_csv(header, rows))

    assert job.status == ImportStatus.DONE, job.errors
    assert (job.created_count, job.updated_count, job.unchanged_count) == (1, 1, 1)
    existing.refresh_from_db()
    assert (existing.first_name, existing.hours_per_week) == ("Nieuw", 32)
    ability = existing.abilities.get()
    assert (ability.level, ability.note) == (2, "Ochtenden")
    assert Candidate.objects.filter(bsn=existing.bsn).count() == 1
    update = AccessLogEntry.objects.get(object_uuid=existing.uuid, context="Kandidaat gewijzigd")
    assert update.changed_fields == ["first_name", "hours_per_week"]
    assert not AccessLogEntry.objects.filter(object_uuid=unchanged.uuid, action=AccessAction.UPDATE).exists()


@pytest.mark.parametrize("owner", ["org_b", "org_c"])
def test_a_known_bsn_the_user_may_not_change_is_an_error(world, run_import, owner):
    other = CandidateFactory(responsible_organisation=world[owner], first_name="Blijft")
    job = run_import(
        world["consultant_a"],
        world["region"],
        "candidates",
        make_csv(CANDIDATE_HEADER, [candidate_row(BSN=other.bsn, Voornaam="Anders")]),
    )

    assert job.status == ImportStatus.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "BSN")]
    other.refresh_from_db()
    assert other.first_name == "Blijft"
    # the report reveals that this person is registered elsewhere: recorded like a search
    entry = AccessLogEntry.objects.get(action=AccessAction.SEARCH, actor=world["consultant_a"])
    assert entry.subject_uuids == [str(other.uuid)]


def test_employers_are_created_and_merged_by_kvk_number(world, run_import):
    existing = EmployerFactory(
        organisation=EmployerOrganisationFactory(
            region=world["region"], name="Oude Naam", kvk_number="87654321"
        )
    )
    foreign = EmployerFactory(
        organisation=EmployerOrganisationFactory(
            region=world["other_region"], name="Elders", kvk_number="12345678"
        )
    )
    rows = [
        employer_row(),  # KvK 1234 5678: known in another region only, so a new employer here
        employer_row(
            Naam="Nieuwe Naam", **{"KvK-nummer": "87654321", "SBI-code": "56", "Accountmanager": ""}
        ),
    ]
    job = run_import(
        world["manager"],
        world["region"],
        "employers",
        make_xlsx(EMPLOYER_HEADER, rows, sheet="Werkgevers"),
        "w.xlsx",
    )

    assert job.status == ImportStatus.DONE, job.errors
    assert (job.created_count, job.updated_count) == (1, 1)
    created = Employer.objects.get(organisation__region=world["region"], organisation__kvk_number="12345678")
    assert created.account_manager == world["manager"]
    existing.refresh_from_db()
    assert existing.organisation.name == "Nieuwe Naam"
    assert existing.sector.code == "56"
    foreign.organisation.refresh_from_db()
    assert foreign.organisation.name == "Elders"


def test_employer_rows_with_errors(world, run_import):
    rows = [
        employer_row(**{"KvK-nummer": "1234567"}),  # 7 digits: read as 01234567
        employer_row(Naam="Dubbel", **{"KvK-nummer": "01234567"}),
        employer_row(
            **{
                "KvK-nummer": "12AB5678",
                "SBI-code": "99.99",
                "Grootteklasse": "enorm",
                "Accountmanager": "consulent.a",
            }
        ),
    ]
    job = run_import(world["manager"], world["region"], "employers", make_csv(EMPLOYER_HEADER, rows))

    assert job.status == ImportStatus.INVALID
    by_row = errors_by_row(job)
    assert [c for c, _ in by_row[3]] == ["KvK-nummer"]
    assert sorted(c for c, _ in by_row[4]) == ["Accountmanager", "Grootteklasse", "KvK-nummer", "SBI-code"]
    assert not Employer.objects.filter(organisation__kvk_number__in=["01234567", "12345678"]).exists()


def test_who_may_import_what(world, run_import):
    content = make_csv(CANDIDATE_HEADER, [candidate_row()])
    for user in (world["manager"], world["board"], world["consultant_c"]):
        with pytest.raises(PermissionDenied):
            run_import(user, world["region"], "candidates", content)
    with pytest.raises(PermissionDenied):
        run_import(
            world["consultant_a"], world["region"], "employers", make_csv(EMPLOYER_HEADER, [employer_row()])
        )
    job = run_import(world["officer_a"], world["region"], "candidates", content)
    assert job.status == ImportStatus.DONE
    with pytest.raises(ValidationError):
        run_import(world["consultant_a"], world["region"], "vacancies-unknown", content)


def _large_file(count):
    rows = candidate_rows(count, **{"Niveau werktijden": ""})
    return make_csv(CANDIDATE_HEADER, rows)


@pytest.mark.parametrize(("failure", "size"), [("exception", 3000), ("validation", 600)])
def test_a_failure_in_the_middle_of_a_large_import_leaves_nothing_behind(
    world, run_import, monkeypatch, failure, size
):
    real_create = candidate_services.candidate_create
    calls = {"n": 0}

    def failing_create(**kwargs):
        calls["n"] += 1
        if calls["n"] == size // 2:
            if failure == "exception":
                raise RuntimeError("disk full")
            raise ValidationError({"bsn": ["Injected."]})
        return real_create(**kwargs)

    monkeypatch.setattr(candidate_services, "candidate_create", failing_create)
    log_before = AccessLogEntry.objects.count()
    job = run_import(world["consultant_a"], world["region"], "candidates", _large_file(size))

    assert calls["n"] == size // 2
    assert Candidate.objects.count() == 0
    assert FunctionalAbility.objects.count() == 0
    assert AccessLogEntry.objects.count() == log_before
    assert not ImportFile.objects.filter(job=job).exists()
    assert job.created_count == 0
    if failure == "exception":
        assert job.status == ImportStatus.FAILED
        assert job.errors[0]["row"] == 0
    else:
        assert job.status == ImportStatus.INVALID
        assert job.errors == [{"row": size // 2 + 1, "column": "BSN", "reason": "Injected."}]


def test_progress_is_published_while_the_job_runs(world, run_import, monkeypatch):
    seen = []
    real_update = importing.Progress.update
    real_imported = importing.Progress.imported

    def update(self, **fields):
        seen.append(("update", fields))
        return real_update(self, **fields)

    def imported(self, rows_done):
        seen.append(("imported", rows_done))
        return real_imported(self, rows_done)

    monkeypatch.setattr(importing.Progress, "update", update)
    monkeypatch.setattr(importing.Progress, "imported", imported)
    job = run_import(world["consultant_a"], world["region"], "candidates", _large_file(1200))

    assert job.status == ImportStatus.DONE
    assert ("update", {"rows_total": 1200}) in seen
    checked = [f["rows_checked"] for kind, f in seen if kind == "update" and "rows_checked" in f]
    assert checked == sorted(checked) and checked[0] < 1200 and checked[-1] == 1200
    assert [n for kind, n in seen if kind == "imported"] == [500, 1000, 1200]
    assert (job.rows_checked, job.rows_done) == (1200, 1200)


def test_the_same_kvk_number_twice_in_the_file_is_reported(world, run_import):
    rows = [employer_row(), employer_row(Naam="Ander"), employer_row(**{"KvK-nummer": "12.34.56.78"})]
    job = run_import(world["manager"], world["region"], "employers", make_csv(EMPLOYER_HEADER, rows))

    assert job.status == ImportStatus.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "KvK-nummer"), (4, "KvK-nummer")]
    assert "2" in job.errors[0]["reason"]
    assert not Employer.objects.filter(organisation__kvk_number="12345678").exists()


@pytest.mark.django_db(transaction=True)
def test_a_failure_in_the_middle_of_a_large_workbook_with_real_commits(world, monkeypatch):
    """No test transaction around it: the upload commits, the job runs on commit as without a broker, and the
    import's own transaction is all there is between the first 1,199 rows and the database."""
    size, fail_at = 2400, 1200
    real_create = candidate_services.candidate_create
    published = []

    def failing_create(**kwargs):
        failing_create.calls += 1
        if failing_create.calls == fail_at:
            published.append(_rows_done_seen_by_another_connection(job_uuid[0]))
            raise RuntimeError("the database server went away")
        return real_create(**kwargs)

    failing_create.calls = 0
    monkeypatch.setattr(candidate_services, "candidate_create", failing_create)
    rows = candidate_rows(size, **{"Niveau werktijden": ""})
    content = make_xlsx(CANDIDATE_HEADER, rows)
    log_before = AccessLogEntry.objects.count()
    job_uuid = []
    real_delay = run_import_job.delay
    monkeypatch.setattr(run_import_job, "delay", lambda uuid: job_uuid.append(uuid) or real_delay(uuid))

    job = services.import_job_create(
        user=world["consultant_a"],
        region=world["region"],
        kind="candidates",
        upload=SimpleUploadedFile("groot.xlsx", content),
    )

    job.refresh_from_db()
    assert failing_create.calls == fail_at
    assert job.status == ImportStatus.FAILED
    assert (job.rows_total, job.rows_checked, job.rows_done, job.created_count) == (size, size, 0, 0)
    assert Candidate.objects.count() == 0
    assert AccessLogEntry.objects.count() == log_before
    assert not ImportFile.objects.exists()
    if connection.vendor == "postgresql":
        # While the import ran, other requests saw its progress (published per chunk of 500).
        assert published == [1000]


def _rows_done_seen_by_another_connection(job_uuid) -> int | None:
    default = connections["default"]
    if default.vendor != "postgresql":
        return None
    other = type(default)({**default.settings_dict}, alias="test_reader")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT rows_done FROM transfers_importjob WHERE uuid = %s", [job_uuid])
            return cursor.fetchone()[0]
    finally:
        other.close()
