"""Importing and exporting vacancies through the vacancies' services."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.regions.models import Occupation
from werkbedrijf.transfers.models import ImportStatus
from werkbedrijf.vacancies import services as vacancy_services
from werkbedrijf.vacancies.models import Vacancy, VacancyKind, VacancyStatus

from .conftest import make_csv, make_xlsx, read_csv

HEADER = [
    "Vacature-ID",
    "KvK-nummer werkgever",
    "Functietitel",
    "Beroep (ESCO)",
    "Taken",
    "Uren per week",
    "Soort baan",
    "Startdatum",
    "Aantal plaatsen",
    "Jobcoach op de werkplek",
    "Eis dynamische handelingen",
]


def vacancy_row(**overrides) -> dict[str, str]:
    with translation.override("nl"):
        jobs_agreement = str(VacancyKind.JOBS_AGREEMENT.label)  # as the interface and an export write it
    row = {
        "Vacature-ID": "",
        "KvK-nummer werkgever": "1111 1111",
        "Functietitel": "Medewerker schoonmaak",
        "Beroep (ESCO)": "9112.1",
        "Taken": "Kantoren schoonmaken",
        "Uren per week": "24",
        "Soort baan": jobs_agreement,
        "Startdatum": "01-03-2027",
        "Aantal plaatsen": "2",
        "Jobcoach op de werkplek": "ja",
        "Eis dynamische handelingen": "3",
    }
    row.update(overrides)
    return row


def errors_by_row(job):
    result = {}
    for error in job.errors:
        result.setdefault(error["row"], []).append(error["column"])
    return result


def import_vacancies(world, run_import, rows, *, user=None, header=HEADER, xlsx=False):
    if xlsx:
        content, name = make_xlsx(header, rows, sheet="Vacatures"), "vacatures.xlsx"
    else:
        content, name = make_csv(header, rows), "vacatures.csv"
    return run_import(user or world["manager"], world["region"], "vacancies", content, name)


def test_good_file_creates_draft_vacancies_through_the_services(world, run_import):
    rows = [
        vacancy_row(),
        vacancy_row(
            **{
                "KvK-nummer werkgever": "22222222",
                "Functietitel": "Hulpkok",
                "Beroep (ESCO)": "Kok",  # the exact Dutch name, in another case
                "Uren per week": "12,5",
                "Soort baan": "regular",
                "Startdatum": "",
                "Aantal plaatsen": "",
                "Jobcoach op de werkplek": "",
                "Eis dynamische handelingen": "",
            }
        ),
    ]
    job = import_vacancies(world, run_import, rows, xlsx=True)

    assert job.status == ImportStatus.DONE, job.errors
    assert (job.created_count, job.updated_count) == (2, 0)
    cleaning = Vacancy.objects.get(title="Medewerker schoonmaak")
    assert cleaning.employer == world["employer"] and cleaning.region == world["region"]
    assert cleaning.status == VacancyStatus.DRAFT
    assert cleaning.occupation.esco_code == "9112.1"
    assert (cleaning.kind, cleaning.hours_per_week, cleaning.number_of_positions) == (
        VacancyKind.JOBS_AGREEMENT,
        Decimal("24"),
        2,
    )
    assert cleaning.start_date == date(2027, 3, 1) and cleaning.support_job_coach
    assert [(d.rubric, d.level) for d in cleaning.demands.all()] == [("dynamic_actions", 3)]
    cook = Vacancy.objects.get(title="Hulpkok")
    assert cook.occupation.name_nl == "kok" and cook.hours_per_week == Decimal("12.5")
    assert (cook.kind, cook.number_of_positions, cook.start_date) == (VacancyKind.REGULAR, 1, None)
    assert not cook.demands.exists()
    assert (
        AccessLogEntry.objects.filter(
            object_type="vacancy", action=AccessAction.CREATE, context="Vacature aangemaakt"
        ).count()
        == 2
    )


def test_the_same_file_twice_merges_instead_of_doubling(world, run_import):
    first = import_vacancies(world, run_import, [vacancy_row()])
    assert first.status == ImportStatus.DONE, first.errors

    again = import_vacancies(world, run_import, [vacancy_row()])
    assert (again.status, again.created_count, again.unchanged_count) == (ImportStatus.DONE, 0, 1)

    changed = import_vacancies(
        world,
        run_import,
        [vacancy_row(**{"Functietitel": "MEDEWERKER SCHOONMAAK", "Uren per week": "32"})],
    )
    assert (changed.status, changed.updated_count) == (ImportStatus.DONE, 1), changed.errors
    vacancy = Vacancy.objects.get()
    assert vacancy.hours_per_week == Decimal("32")
    assert vacancy.title == "MEDEWERKER SCHOONMAAK"
    update = AccessLogEntry.objects.get(object_uuid=vacancy.uuid, action=AccessAction.UPDATE)
    assert sorted(update.changed_fields) == ["hours_per_week", "title"]


def test_an_export_imports_back_unchanged_and_its_id_updates_that_vacancy(world, run_import, login_verified):
    occupation = Occupation.objects.get(esco_code="5120.1")
    vacancy = vacancy_services.vacancy_create(
        user=world["manager"],
        region=world["region"],
        employer=world["employer"],
        title="Afwasser",
        occupation=occupation,
        hours_per_week=Decimal("20.25"),
        tasks="=SUM(A1:A9) afwassen",
        demands=[("working_hours", 2, "Alleen ochtenden")],
    )
    response = login_verified(world["manager"]).post(reverse("transfers:export", args=["vacancies", "csv"]))
    assert response.status_code == 200
    [row] = read_csv(response)
    assert row["Vacature-ID"] == str(vacancy.uuid) and row["Uren per week"] == "20,25"
    assert row["Taken"] == "'=SUM(A1:A9) afwassen"

    header = list(row)
    job = run_import(world["manager"], world["region"], "vacancies", make_csv(header, [row]), "export.csv")
    assert (job.status, job.unchanged_count) == (ImportStatus.DONE, 1), job.errors

    row["Functietitel"] = "Afwasser en hulpkok"
    row["Eis werktijden"] = "3"
    job = run_import(world["manager"], world["region"], "vacancies", make_csv(header, [row]), "export.csv")
    assert (job.status, job.updated_count) == (ImportStatus.DONE, 1), job.errors
    vacancy.refresh_from_db()
    assert vacancy.title == "Afwasser en hulpkok" and vacancy.tasks == "=SUM(A1:A9) afwassen"
    demand = vacancy.demands.get()
    assert (demand.level, demand.note) == (3, "Alleen ochtenden")
    assert Vacancy.objects.count() == 1


def test_rows_with_errors_import_nothing(world, run_import):
    rows = [
        vacancy_row(),  # row 2: good
        vacancy_row(**{"KvK-nummer werkgever": "33333333"}),  # another region's employer
        vacancy_row(**{"Beroep (ESCO)": "schoonmaker", "Functietitel": "A"}),  # two occupations match
        vacancy_row(**{"Beroep (ESCO)": "9999.9", "Functietitel": "B", "Uren per week": "41"}),
        vacancy_row(**{"Functietitel": "C", "Uren per week": "12,345", "Aantal plaatsen": "0"}),
        vacancy_row(**{"Functietitel": "D", "Eis dynamische handelingen": "5", "Soort baan": "stage"}),
        vacancy_row(**{"Functietitel": "E", "Vacature-ID": "00000000-0000-0000-0000-000000000000"}),
        vacancy_row(**{"Functietitel": "F", "Vacature-ID": "geen-id", "Taken": ""}),
        vacancy_row(**{"Functietitel": " medewerker Schoonmaak"}),  # the same vacancy as row 2
    ]
    job = import_vacancies(world, run_import, rows)

    assert job.status == ImportStatus.INVALID
    assert Vacancy.objects.count() == 0
    assert errors_by_row(job) == {
        3: ["KvK-nummer werkgever"],
        4: ["Beroep (ESCO)"],
        5: ["Beroep (ESCO)", "Uren per week"],
        6: ["Uren per week", "Aantal plaatsen"],
        7: ["Soort baan", "Eis dynamische handelingen"],
        8: ["Vacature-ID"],
        9: ["Vacature-ID", "Taken"],
        10: ["Functietitel"],
    }
    [duplicate] = [e for e in job.errors if e["row"] == 10]
    assert "2" in duplicate["reason"]


def test_two_current_vacancies_with_the_title_need_the_id(world, run_import):
    occupation = Occupation.objects.get(esco_code="9112.1")
    for _ in range(2):
        vacancy_services.vacancy_create(
            user=world["manager"],
            region=world["region"],
            employer=world["employer"],
            title="Medewerker schoonmaak",
            occupation=occupation,
            hours_per_week=Decimal("24"),
            tasks="Schoonmaken",
        )
    job = import_vacancies(world, run_import, [vacancy_row()])

    assert job.status == ImportStatus.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "Functietitel")]


def test_an_id_and_a_title_that_point_to_the_same_vacancy_are_reported(world, run_import):
    first = import_vacancies(world, run_import, [vacancy_row()])
    assert first.status == ImportStatus.DONE
    vacancy = Vacancy.objects.get()
    job = import_vacancies(
        world, run_import, [vacancy_row(**{"Vacature-ID": str(vacancy.uuid)}), vacancy_row()]
    )

    assert job.status == ImportStatus.INVALID
    assert [e["row"] for e in job.errors] == [3]


def test_a_vacancy_cannot_move_to_another_employer(world, run_import):
    import_vacancies(world, run_import, [vacancy_row()])
    vacancy = Vacancy.objects.get()
    job = import_vacancies(
        world,
        run_import,
        [vacancy_row(**{"Vacature-ID": str(vacancy.uuid), "KvK-nummer werkgever": "22222222"})],
    )

    assert job.status == ImportStatus.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "KvK-nummer werkgever")]


@pytest.mark.parametrize("who", ["consultant_a", "employer_user", "board", "manager_c"])
def test_only_account_managers_of_the_region_import_vacancies(world, run_import, who):
    with pytest.raises(PermissionDenied):
        import_vacancies(world, run_import, [vacancy_row()], user=world[who])


def test_export_is_scoped_like_the_vacancy_list(world, login_verified, client):
    occupation = Occupation.objects.get(esco_code="9112.1")
    for employer, title in ((world["employer"], "Bij Glans"), (world["other_employer"], "Bij De Kom")):
        vacancy_services.vacancy_create(
            user=world["manager"],
            region=world["region"],
            employer=employer,
            title=title,
            occupation=occupation,
            hours_per_week=Decimal("16"),
            tasks="Werk",
        )
    vacancy_services.vacancy_create(
        user=world["manager_c"],
        region=world["other_region"],
        employer=world["foreign_employer"],
        title="In de Zaanstreek",
        occupation=occupation,
        hours_per_week=Decimal("16"),
        tasks="Werk",
    )
    url = reverse("transfers:export", args=["vacancies", "csv"])

    def titles(user, query=""):
        client.logout()
        response = login_verified(user).post(url + query)
        assert response.status_code == 200
        return sorted(row["Functietitel"] for row in read_csv(response))

    assert titles(world["manager"]) == ["Bij De Kom", "Bij Glans"]
    assert titles(world["consultant_a"]) == ["Bij De Kom", "Bij Glans"]
    assert titles(world["manager"], "?zoek=glans") == ["Bij Glans"]
    assert titles(world["employer_user"]) == ["Bij Glans"]
    client.logout()
    assert login_verified(world["board"]).post(url).status_code == 403
    entry = AccessLogEntry.objects.filter(object_type="vacancy", action=AccessAction.EXPORT).latest("id")
    assert entry.actor_username == "werkgever.glans"
