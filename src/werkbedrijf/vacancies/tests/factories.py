"""Test helpers that create vacancies and tasks through the services, as the interface would."""

from decimal import Decimal

from werkbedrijf.vacancies import services
from werkbedrijf.vacancies.models import VacancyKind


def make_vacancy(user, region, employer, occupation, **overrides):
    values = {
        "title": "Medewerker schoonmaak",
        "occupation": occupation,
        "hours_per_week": Decimal("24"),
        "tasks": "Kantoren schoonmaken",
        "kind": VacancyKind.JOBS_AGREEMENT,
    }
    values.update(overrides)
    return services.vacancy_create(user=user, region=region, employer=employer, **values)


def make_task(user, region, employer, **overrides):
    values = {
        "name": "Vakken vullen",
        "source_job": "Winkelmedewerker",
        "hours_per_week": Decimal("10"),
    }
    values.update(overrides)
    return services.employer_task_create(user=user, region=region, employer=employer, **values)
