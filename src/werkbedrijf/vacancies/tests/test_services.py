"""Writing vacancies, statuses, tasks and carved jobs: permissions, validation, history and audit entries."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from werkbedrijf.audit.models import AccessLogEntry
from werkbedrijf.vacancies import services
from werkbedrijf.vacancies.models import (
    SUPPORT_FIELDS,
    CarvedTask,
    EmployerTask,
    Vacancy,
    VacancyDemand,
    VacancyKind,
    VacancyStatus,
    VacancyStatusChange,
)

from .factories import make_task, make_vacancy


def test_account_manager_creates_a_draft_with_demands_and_an_audit_entry(
    account_manager, region, employer, location, occupation
):
    vacancy = make_vacancy(
        account_manager,
        region,
        employer,
        occupation,
        location=location,
        support_job_coach=True,
        support_other="Vaste begeleider op de vloer",
        demands=[("physical_environment", 2, "Stoffig"), ("social_functioning", None, "")],
    )
    assert vacancy.status == VacancyStatus.DRAFT
    assert vacancy.region == region and vacancy.created_by == account_manager
    assert list(vacancy.demands.values_list("rubric", "level", "note")) == [
        ("physical_environment", 2, "Stoffig")
    ]
    assert vacancy.support_given() == [str(SUPPORT_FIELDS[0][1]), "Vaste begeleider op de vloer"]
    entry = AccessLogEntry.objects.get(object_uuid=vacancy.uuid)
    assert entry.action == "create" and entry.object_type == "vacancy"
    assert {"title", "location", "demands", "support_job_coach"} <= set(entry.changed_fields)
    assert "Stoffig" not in str(entry.changed_fields)


@pytest.mark.parametrize(
    "role_fixture", ["consultant", "policy_adviser", "board_member", "auditor", "employer_user"]
)
def test_only_account_managers_write(request, role_fixture, region, employer, occupation, account_manager):
    user = request.getfixturevalue(role_fixture)
    with pytest.raises(PermissionDenied):
        make_vacancy(user, region, employer, occupation)
    vacancy = make_vacancy(account_manager, region, employer, occupation)
    with pytest.raises(PermissionDenied):
        services.vacancy_update(user=user, region=region, vacancy=vacancy, title="Anders")
    with pytest.raises(PermissionDenied):
        services.vacancy_status_change(
            user=user, region=region, vacancy=vacancy, to_status=VacancyStatus.OPEN, reason="x"
        )
    with pytest.raises(PermissionDenied):
        make_task(user, region, employer)


def test_another_regions_employer_is_refused(other_region_manager, other_region, employer, occupation):
    with pytest.raises(PermissionDenied):
        make_vacancy(other_region_manager, other_region, employer, occupation)


def test_validation_names_every_field(account_manager, region, employer, other_location, occupation):
    with pytest.raises(ValidationError) as info:
        make_vacancy(
            account_manager,
            region,
            employer,
            occupation,
            title=" ",
            tasks="",
            hours_per_week=Decimal("41"),
            number_of_positions=0,
            kind="permanent",
            location=other_location,
            demands=[("physical_environment", 7, "")],
        )
    assert set(info.value.message_dict) == {
        "title",
        "tasks",
        "hours_per_week",
        "number_of_positions",
        "kind",
        "location",
        "demand_physical_environment",
    }
    assert not Vacancy.objects.exists()


@pytest.mark.parametrize("hours", ["0.5", "40.01", "12.345"])
def test_hours_out_of_range_or_too_precise(account_manager, region, employer, occupation, hours):
    with pytest.raises(ValidationError) as info:
        make_vacancy(account_manager, region, employer, occupation, hours_per_week=Decimal(hours))
    assert list(info.value.message_dict) == ["hours_per_week"]


def test_database_refuses_zero_positions(account_manager, region, employer, occupation):
    vacancy = make_vacancy(account_manager, region, employer, occupation)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vacancy.objects.filter(pk=vacancy.pk).update(number_of_positions=0)


def test_update_records_changed_fields_and_replaces_demands(account_manager, region, employer, occupation):
    vacancy = make_vacancy(
        account_manager,
        region,
        employer,
        occupation,
        demands=[("dynamic_actions", 2, ""), ("static_postures", 1, "")],
    )
    services.vacancy_update(
        user=account_manager,
        region=region,
        vacancy=vacancy,
        title="Schoonmaker kantoren",
        hours_per_week=Decimal("24"),
        demands=[("dynamic_actions", 3, "Tillen tot 10 kg"), ("static_postures", None, "")],
    )
    vacancy.refresh_from_db()
    assert vacancy.title == "Schoonmaker kantoren"
    assert list(vacancy.demands.values_list("rubric", "level", "note")) == [
        ("dynamic_actions", 3, "Tillen tot 10 kg")
    ]
    entry = AccessLogEntry.objects.filter(object_uuid=vacancy.uuid, action="update").get()
    assert entry.changed_fields == ["demands", "title"]


def test_update_refuses_a_location_of_another_employer(
    account_manager, region, employer, other_location, occupation
):
    vacancy = make_vacancy(account_manager, region, employer, occupation)
    with pytest.raises(ValidationError) as info:
        services.vacancy_update(user=account_manager, region=region, vacancy=vacancy, location=other_location)
    assert list(info.value.message_dict) == ["location"]


def test_status_transitions_follow_the_table_and_are_appended(account_manager, region, employer, occupation):
    vacancy = make_vacancy(account_manager, region, employer, occupation)
    with pytest.raises(ValidationError) as info:
        services.vacancy_status_change(
            user=account_manager,
            region=region,
            vacancy=vacancy,
            to_status=VacancyStatus.FILLED,
            reason="Vervuld",
        )
    assert list(info.value.message_dict) == ["to_status"]
    with pytest.raises(ValidationError) as info:
        services.vacancy_status_change(
            user=account_manager, region=region, vacancy=vacancy, to_status=VacancyStatus.OPEN, reason=" "
        )
    assert list(info.value.message_dict) == ["reason"]
    for to_status, reason in (
        (VacancyStatus.OPEN, "Gepubliceerd"),
        (VacancyStatus.ON_HOLD, "Werkgever twijfelt"),
        (VacancyStatus.OPEN, "Weer open"),
        (VacancyStatus.FILLED, "Kandidaat geplaatst"),
    ):
        services.vacancy_status_change(
            user=account_manager, region=region, vacancy=vacancy, to_status=to_status, reason=reason
        )
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.FILLED
    history = list(
        vacancy.status_changes.order_by("changed_at", "id").values_list("from_status", "to_status")
    )
    assert history == [("draft", "open"), ("open", "on_hold"), ("on_hold", "open"), ("open", "filled")]
    change = vacancy.status_changes.first()
    with pytest.raises(PermissionError):
        change.save()
    with pytest.raises(PermissionError):
        VacancyStatusChange.objects.all().delete()
    assert AccessLogEntry.objects.filter(object_uuid=vacancy.uuid, changed_fields=["status"]).count() == 4


def test_task_validation(account_manager, region, employer):
    with pytest.raises(ValidationError) as info:
        make_task(account_manager, region, employer, name="", source_job="", hours_per_week=Decimal("0"))
    assert set(info.value.message_dict) == {"name", "source_job", "hours_per_week"}
    task = make_task(
        account_manager, region, employer, demands=[("dynamic_actions", 2), ("static_postures", None)]
    )
    assert list(task.demands.values_list("rubric", "level")) == [("dynamic_actions", 2)]


@pytest.fixture
def tasks(account_manager, region, employer):
    return [
        make_task(
            account_manager,
            region,
            employer,
            name="Vakken vullen",
            source_job="Winkelmedewerker",
            hours_per_week=Decimal("10"),
            demands=[("dynamic_actions", 3), ("physical_environment", 3)],
        ),
        make_task(
            account_manager,
            region,
            employer,
            name="Karren verzamelen",
            source_job="Winkelmedewerker",
            hours_per_week=Decimal("4"),
            demands=[("physical_environment", 2)],
        ),
        make_task(
            account_manager,
            region,
            employer,
            name="Lege dozen opruimen",
            source_job="Magazijnmedewerker",
            hours_per_week=Decimal("8"),
            demands=[("dynamic_actions", 2)],
            suitable_for_target_group=False,
        ),
    ]


def test_carved_job_is_a_linked_draft_vacancy(account_manager, region, employer, occupation, tasks):
    fill, carts, boxes = tasks
    vacancy = services.carved_job_create(
        user=account_manager,
        region=region,
        employer=employer,
        selection=[(fill, None), (carts, Decimal("3")), (boxes, Decimal("5.5"))],
        title="Winkelhulp",
        occupation=occupation,
    )
    assert vacancy.status == VacancyStatus.DRAFT and vacancy.kind == VacancyKind.JOBS_AGREEMENT
    assert vacancy.hours_per_week == Decimal("18.5")
    links = {link.task.name: link.hours_per_week for link in CarvedTask.objects.filter(vacancy=vacancy)}
    assert links == {
        "Vakken vullen": Decimal("10"),
        "Karren verzamelen": Decimal("3"),
        "Lege dozen opruimen": Decimal("5.5"),
    }
    assert set(vacancy.carved_tasks.all()) == set(tasks)
    demands = {d.rubric: (d.level, d.note) for d in VacancyDemand.objects.filter(vacancy=vacancy)}
    assert demands["dynamic_actions"][0] == 2 and "Lege dozen opruimen" in demands["dynamic_actions"][1]
    assert (
        demands["physical_environment"][0] == 2 and "Karren verzamelen" in demands["physical_environment"][1]
    )
    assert set(demands) == {"dynamic_actions", "physical_environment"}
    assert "Vakken vullen (Winkelmedewerker)" in vacancy.tasks
    entry = AccessLogEntry.objects.get(object_uuid=vacancy.uuid)
    assert {"carved_tasks", "demands", "hours_per_week"} <= set(entry.changed_fields)


def test_carved_job_refuses_too_many_hours_and_nothing_is_saved(
    account_manager, region, employer, occupation, tasks
):
    fill, carts, _boxes = tasks
    with pytest.raises(ValidationError) as info:
        services.carved_job_create(
            user=account_manager,
            region=region,
            employer=employer,
            selection=[(fill, Decimal("11")), (carts, None)],
            title="",
            occupation=occupation,
        )
    assert set(info.value.message_dict) == {"tasks", "title"}
    with pytest.raises(ValidationError):
        services.carved_job_create(
            user=account_manager,
            region=region,
            employer=employer,
            selection=[],
            title="Leeg",
            occupation=occupation,
        )
    assert not Vacancy.objects.exists() and not CarvedTask.objects.exists()


def test_carved_job_refuses_another_employers_or_archived_task(
    account_manager, region, employer, other_employer, occupation, tasks
):
    foreign_task = make_task(account_manager, region, other_employer, name="Snoeien", source_job="Hovenier")
    with pytest.raises(ValidationError):
        services.carved_job_create(
            user=account_manager,
            region=region,
            employer=employer,
            selection=[(tasks[0], None), (foreign_task, None)],
            title="Mix",
            occupation=occupation,
        )
    services.employer_task_archive(user=account_manager, region=region, task=tasks[1])
    with pytest.raises(ValidationError):
        services.carved_job_create(
            user=account_manager,
            region=region,
            employer=employer,
            selection=[(EmployerTask.objects.get(pk=tasks[1].pk), None)],
            title="Karren",
            occupation=occupation,
        )
    assert not Vacancy.objects.exists()


def test_archived_task_stays_linked_to_its_carved_job(account_manager, region, employer, occupation, tasks):
    vacancy = services.carved_job_create(
        user=account_manager,
        region=region,
        employer=employer,
        selection=[(tasks[0], None), (tasks[1], None)],
        title="Winkelhulp",
        occupation=occupation,
    )
    services.employer_task_archive(user=account_manager, region=region, task=tasks[0])
    assert vacancy.carved_tasks.filter(archived=True).count() == 1
