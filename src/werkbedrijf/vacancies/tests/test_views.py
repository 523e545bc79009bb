"""The vacancy pages: list search/filter/sort/pagination, forms that keep input and show errors per field,
the status form, and the job-carving page with its live preview."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from werkbedrijf.candidates.models import AbilityRubric
from werkbedrijf.vacancies.models import CarvedTask, Vacancy, VacancyKind, VacancyStatus

from .factories import make_task, make_vacancy

LIST = reverse("vacancies:list")


def titles(response):
    return [v.title for v in response.context["vacancies"]]


def test_empty_state(login_verified, account_manager):
    response = login_verified(account_manager).get(LIST)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    with translation.override("nl"):
        assert gettext("There are no vacancies yet.") in response.text


@pytest.fixture
def many(
    account_manager, region, employer, other_employer, location, other_location, occupation, other_occupation
):
    vacancies = []
    for i in range(55):
        vacancies.append(
            make_vacancy(
                account_manager,
                region,
                employer if i % 2 else other_employer,
                occupation if i % 5 else other_occupation,
                title=f"Functie {i:02d}",
                kind=VacancyKind.SHELTERED_WORK if i % 3 == 0 else VacancyKind.REGULAR,
                location=location if i % 2 else other_location,
                start_date=date(2027, 1, 1 + i % 28) if i % 4 else None,
            )
        )
    return vacancies


def test_pagination_keeps_the_filters(login_verified, account_manager, many):
    client = login_verified(account_manager)
    first = client.get(LIST)
    assert first.context["page"].paginator.count == 55 and len(titles(first)) == 50
    assert titles(first)[0] == "Functie 54"  # newest first
    second = client.get(LIST, {"pagina": 2, "soort": VacancyKind.REGULAR})
    assert second.context["page"].paginator.count == 36
    assert "soort=regular" in second.context["query"] and "pagina" not in second.context["query"]


def test_search_filters_and_sorting(
    login_verified, account_manager, many, employer, occupation_group, municipality
):
    client = login_verified(account_manager)
    assert titles(client.get(LIST, {"zoek": "functie 07"})) == ["Functie 07"]
    by_employer_name = client.get(LIST, {"zoek": "korenschoof"})
    assert by_employer_name.context["page"].paginator.count == 27
    by_occupation = client.get(LIST, {"zoek": "winkelbediende"})
    assert by_occupation.context["page"].paginator.count == 11
    combined = client.get(LIST, {"soort": VacancyKind.SHELTERED_WORK, "gemeente": municipality.code})
    assert all(v.kind == "sheltered_work" and v.employer == employer for v in combined.context["vacancies"])
    assert combined.context["page"].paginator.count == 9
    group = client.get(LIST, {"beroepsgroep": "9"})
    assert group.context["page"].paginator.count == 44
    assert client.get(LIST, {"beroepsgroep": "91"}).context["page"].paginator.count == 44
    by_title = titles(client.get(LIST, {"sorteer": "title"}))
    assert by_title[:3] == ["Functie 00", "Functie 01", "Functie 02"]
    by_start = client.get(LIST, {"sorteer": "start_date"}).context["vacancies"]
    dates = [v.start_date for v in by_start if v.start_date]
    assert dates == sorted(dates) and by_start[0].start_date == date(2027, 1, 2)
    status = client.get(LIST, {"status": VacancyStatus.OPEN})
    assert status.context["page"].paginator.count == 0 and status.context["filtered"]


def test_employer_filter_offers_new_vacancy_and_carving(login_verified, account_manager, many, employer):
    response = login_verified(account_manager).get(LIST, {"werkgever": str(employer.uuid)})
    assert response.context["employer"] == employer
    assert response.context["page"].paginator.count == 27
    assert reverse("vacancies:create", args=[employer.uuid]) in response.text
    assert reverse("vacancies:carving", args=[employer.uuid]) in response.text


def test_bad_filter_values_do_not_break_the_list(login_verified, account_manager, many):
    response = login_verified(account_manager).get(
        LIST, {"werkgever": "geen-uuid", "status": "x", "sorteer": "y"}
    )
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 55


def test_employer_page_links_to_its_vacancies_and_carving(
    login_verified, account_manager, consultant, employer
):
    url = reverse("employers:detail", args=[employer.uuid])
    page = login_verified(account_manager).get(url).text
    assert f"{LIST}?werkgever={employer.uuid}" in page
    assert reverse("vacancies:carving", args=[employer.uuid]) in page
    page = login_verified(consultant).get(url).text
    assert f"{LIST}?werkgever={employer.uuid}" in page
    assert reverse("vacancies:carving", args=[employer.uuid]) not in page


def _form_data(occupation, **overrides):
    data = {
        "title": "Medewerker bakkerij",
        "occupation": str(occupation.pk),
        "kind": VacancyKind.JOBS_AGREEMENT,
        "tasks": "Brood inpakken",
        "hours_per_week": "20",
        "number_of_positions": "2",
        "wage_scale": "cao Bakkersbedrijf, schaal A",
        "start_date": "2027-03-01",
        "support_job_coach": "on",
        "demand_dynamic_actions": "2",
        "demand_dynamic_actions_note": "Tillen tot 5 kg",
    }
    data.update(overrides)
    return data


def test_create_form_validation_errors_next_to_fields_and_input_kept(
    login_verified, account_manager, employer, other_location, occupation
):
    client = login_verified(account_manager)
    url = reverse("vacancies:create", args=[employer.uuid])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        _form_data(
            occupation,
            hours_per_week="45",
            number_of_positions="0",
            location=str(other_location.pk),
            title="Mijn titel blijft",
        ),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"hours_per_week", "number_of_positions", "location"}
    assert 'value="Mijn titel blijft"' in response.text
    assert (
        'id="id_hours_per_week_error"' in response.text
        and 'id="id_number_of_positions_error"' in response.text
    )
    assert 'id="id_location_error"' in response.text
    assert "Tillen tot 5 kg" in response.text
    assert not Vacancy.objects.exists()


def test_create_and_edit_through_the_form(login_verified, account_manager, employer, location, occupation):
    client = login_verified(account_manager)
    response = client.post(
        reverse("vacancies:create", args=[employer.uuid]), _form_data(occupation, location=str(location.pk))
    )
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "vacancies:detail", args=[vacancy.uuid]
    )
    assert vacancy.number_of_positions == 2 and vacancy.support_job_coach and vacancy.location == location
    assert vacancy.demands.get().level == 2
    detail = client.get(response["Location"])
    assert "Tillen tot 5 kg" in detail.text
    with translation.override("nl"):
        assert str(AbilityRubric.DYNAMIC_ACTIONS.label) in detail.text
    edit_url = reverse("vacancies:edit", args=[vacancy.uuid])
    form = client.get(edit_url).context["form"]
    assert form["demand_dynamic_actions"].value() == 2 and form["title"].value() == "Medewerker bakkerij"
    response = client.post(
        edit_url,
        _form_data(occupation, hours_per_week="22.5", demand_dynamic_actions="", support_job_coach=""),
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.hours_per_week == Decimal("22.5") and not vacancy.support_job_coach
    assert not vacancy.demands.exists()


def test_status_form(login_verified, account_manager, region, employer, occupation):
    vacancy = make_vacancy(account_manager, region, employer, occupation)
    client = login_verified(account_manager)
    url = reverse("vacancies:status", args=[vacancy.uuid])
    response = client.post(url, {"status-to_status": "open", "status-reason": ""})
    assert response.status_code == 400 and "reason" in response.context["status_form"].errors
    response = client.post(url, {"status-to_status": "filled", "status-reason": "Te vroeg"})
    assert response.status_code == 400  # not an allowed choice from draft
    response = client.post(url, {"status-to_status": "open", "status-reason": "Werkgever akkoord"})
    assert response.status_code == 302
    detail = client.get(reverse("vacancies:detail", args=[vacancy.uuid]))
    assert [c.reason for c in detail.context["history"]] == ["Werkgever akkoord"]
    assert "Werkgever akkoord" in detail.text


# Job carving


@pytest.fixture
def carving_tasks(account_manager, region, employer):
    return {
        "fill": make_task(
            account_manager,
            region,
            employer,
            name="Vakken vullen",
            source_job="Winkelmedewerker",
            hours_per_week=Decimal("10"),
            demands=[("dynamic_actions", 3)],
        ),
        "carts": make_task(
            account_manager,
            region,
            employer,
            name="Karren verzamelen",
            source_job="Winkelmedewerker",
            hours_per_week=Decimal("6"),
            demands=[("physical_environment", 2)],
        ),
        "boxes": make_task(
            account_manager,
            region,
            employer,
            name="Dozen opruimen",
            source_job="Magazijnmedewerker",
            hours_per_week=Decimal("30"),
            demands=[("dynamic_actions", 2)],
            suitable_for_target_group=False,
        ),
    }


def test_carving_page_without_tasks_opens_the_task_form(login_verified, account_manager, employer):
    response = login_verified(account_manager).get(reverse("vacancies:carving", args=[employer.uuid]))
    assert response.status_code == 200
    assert response.context["task_count"] == 0
    assert 'action="' + reverse("vacancies:task_add", args=[employer.uuid]) + '"' in response.text


def test_add_task_through_the_page(login_verified, account_manager, employer):
    client = login_verified(account_manager)
    url = reverse("vacancies:task_add", args=[employer.uuid])
    response = client.post(
        url, {"taak-name": "Vakken vullen", "taak-source_job": "", "taak-hours_per_week": "0"}
    )
    assert response.status_code == 400
    assert set(response.context["task_form"].errors) == {"source_job", "hours_per_week"}
    assert 'value="Vakken vullen"' in response.text
    response = client.post(
        url,
        {
            "taak-name": "Vakken vullen",
            "taak-source_job": "Winkelmedewerker",
            "taak-hours_per_week": "12,5".replace(",", "."),
            "taak-suitable_for_target_group": "on",
            "taak-demand_dynamic_actions": "3",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    [group] = page.context["groups"]
    assert group["source_job"] == "Winkelmedewerker" and group["hours"] == Decimal("12.5")
    assert group["rows"][0]["task"].demands.get().level == 3


def test_live_preview_via_htmx(login_verified, account_manager, employer, carving_tasks):
    client = login_verified(account_manager)
    url = reverse("vacancies:carving_preview", args=[employer.uuid])
    fill, carts, boxes = carving_tasks["fill"], carving_tasks["carts"], carving_tasks["boxes"]
    response = client.post(
        url,
        {"taak": [str(fill.uuid), str(carts.uuid)], f"uren_{carts.uuid}": "4", f"uren_{fill.uuid}": "10"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    composed = response.context["composed"]
    assert composed.total_hours == Decimal("14") and composed.can_compose
    assert composed.demands == {"dynamic_actions": 3, "physical_environment": 2}
    assert [j.name for j in composed.source_jobs] == ["Winkelmedewerker"]

    response = client.post(url, {"taak": [str(fill.uuid), str(boxes.uuid)]}, HTTP_HX_REQUEST="true")
    composed = response.context["composed"]
    assert composed.total_hours == Decimal("40") and composed.demands["dynamic_actions"] == 2
    warnings = response.context["warnings"]
    assert [w["blocking"] for w in warnings] == [False]  # not suitable: a warning, 40 hours is allowed
    assert "Dozen opruimen" in warnings[0]["text"]

    response = client.post(
        url,
        {"taak": [str(fill.uuid), str(carts.uuid), str(boxes.uuid)], f"uren_{fill.uuid}": "zes"},
        HTTP_HX_REQUEST="true",
    )
    assert response.context["hours_errors"] and "Vakken vullen" in response.context["hours_errors"][0]
    response = client.post(
        url, {"taak": [str(fill.uuid), str(carts.uuid), str(boxes.uuid)]}, HTTP_HX_REQUEST="true"
    )
    assert any(w["blocking"] for w in response.context["warnings"])  # 46 hours


def test_preview_markup_has_a_live_region_and_the_htmx_trigger(
    login_verified, account_manager, employer, carving_tasks
):
    page = login_verified(account_manager).get(reverse("vacancies:carving", args=[employer.uuid])).text
    assert 'id="carving-preview" aria-live="polite"' in page
    assert f'hx-post="{reverse("vacancies:carving_preview", args=[employer.uuid])}"' in page
    assert 'hx-trigger="change"' in page
    assert "<script" not in page.split("</head>")[1] and 'style="' not in page


def test_calculate_without_javascript_keeps_selection_and_shows_no_errors(
    login_verified, account_manager, employer, carving_tasks
):
    client = login_verified(account_manager)
    fill = carving_tasks["fill"]
    response = client.post(
        reverse("vacancies:carving", args=[employer.uuid]),
        {"taak": [str(fill.uuid)], f"uren_{fill.uuid}": "8", "actie": "bereken", "functie-title": "Vuller"},
    )
    assert response.status_code == 200
    assert response.context["composed"].total_hours == Decimal("8")
    assert not response.context["job_form"].errors
    assert 'value="Vuller"' in response.text
    rows = {row["task"].name: row for group in response.context["groups"] for row in group["rows"]}
    assert rows["Vakken vullen"]["checked"] and rows["Vakken vullen"]["hours_value"] == "8"
    assert not rows["Karren verzamelen"]["checked"]


def test_compose_creates_the_linked_vacancy(
    login_verified, account_manager, employer, location, occupation, carving_tasks
):
    client = login_verified(account_manager)
    fill, carts = carving_tasks["fill"], carving_tasks["carts"]
    url = reverse("vacancies:carving", args=[employer.uuid])
    data = {
        "taak": [str(fill.uuid), str(carts.uuid)],
        f"uren_{fill.uuid}": "10",
        f"uren_{carts.uuid}": "3",
        "actie": "samenstellen",
        "functie-title": "",
        "functie-occupation": str(occupation.pk),
        "functie-kind": VacancyKind.JOBS_AGREEMENT,
        "functie-number_of_positions": "1",
        "functie-location": str(location.pk),
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "title" in response.context["job_form"].errors
    assert not Vacancy.objects.exists()
    assert response.context["composed"].total_hours == Decimal("13")  # selection kept

    response = client.post(url, {**data, f"uren_{carts.uuid}": "7", "functie-title": "Winkelhulp"})
    assert response.status_code == 400
    assert "tasks" not in response.context["job_form"].fields
    assert response.context["job_form"].non_field_errors()  # hours above the task's hours

    response = client.post(url, {**data, "functie-title": "Winkelhulp"})
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "vacancies:detail", args=[vacancy.uuid]
    )
    assert vacancy.hours_per_week == Decimal("13") and vacancy.status == VacancyStatus.DRAFT
    assert vacancy.kind == VacancyKind.JOBS_AGREEMENT and vacancy.location == location
    assert {(c.task.name, c.hours_per_week) for c in CarvedTask.objects.filter(vacancy=vacancy)} == {
        ("Vakken vullen", Decimal("10")),
        ("Karren verzamelen", Decimal("3")),
    }
    assert dict(vacancy.demands.values_list("rubric", "level")) == {
        "dynamic_actions": 3,
        "physical_environment": 2,
    }
    detail = client.get(response["Location"])
    assert [link.task.source_job for link in detail.context["carved"]] == [
        "Winkelmedewerker",
        "Winkelmedewerker",
    ]


def test_archive_task(login_verified, account_manager, employer, carving_tasks):
    client = login_verified(account_manager)
    boxes = carving_tasks["boxes"]
    response = client.post(reverse("vacancies:task_archive", args=[employer.uuid, boxes.uuid]))
    assert response.status_code == 302
    boxes.refresh_from_db()
    assert boxes.archived
    page = client.get(reverse("vacancies:carving", args=[employer.uuid]))
    assert page.context["task_count"] == 2
