"""Fixtures for the assessment tests (imported by their modules): staff of two municipalities, an expert, an
employer and a candidate, with synthetic data only."""

from datetime import date
from decimal import Decimal

import pytest
import rest_framework.serializers  # noqa: F401 - loads psycopg's C module before freezegun patches datetime
from freezegun import freeze_time

from werkbedrijf.accounts.models import OrganisationKind, Role
from werkbedrijf.accounts.tests.factories import (
    MunicipalityOrganisationFactory,
    OrganisationFactory,
    staff,
)
from werkbedrijf.candidates.tests.factories import CandidateFactory
from werkbedrijf.employers.tests.factories import employer_in
from werkbedrijf.wage_value import services

TODAY = date(2026, 11, 20)
OBSERVED = date(2026, 11, 10)
NEXT = date(2027, 11, 10)


@pytest.fixture(autouse=True)
def today_is_fixed():
    with freeze_time("2026-11-20 10:00:00"):
        yield


@pytest.fixture
def gemeente_a(region):
    return MunicipalityOrganisationFactory(region=region)


@pytest.fixture
def gemeente_b(region):
    return MunicipalityOrganisationFactory(region=region)


@pytest.fixture
def wsp(region):
    return OrganisationFactory(region=region, name="WSP Loonwaarde")


@pytest.fixture
def expert_bureau(region):
    return OrganisationFactory(region=region, name="Loonwaardebureau", kind=OrganisationKind.WERKBEDRIJF)


@pytest.fixture
def consultant(region, gemeente_a):
    return staff(region, gemeente_a, Role.CONSULTANT, "consulent_a")


@pytest.fixture
def instrument_officer(region, gemeente_a):
    return staff(region, gemeente_a, Role.INSTRUMENT_OFFICER, "instrumenten_a")


@pytest.fixture
def consultant_b(region, gemeente_b):
    return staff(region, gemeente_b, Role.CONSULTANT, "consulent_b")


@pytest.fixture
def account_manager(region, wsp):
    return staff(region, wsp, Role.ACCOUNT_MANAGER, "accountmanager")


@pytest.fixture
def policy_adviser(region, wsp):
    return staff(region, wsp, Role.POLICY_ADVISER, "beleid")


@pytest.fixture
def auditor(region, wsp):
    return staff(region, wsp, Role.AUDITOR, "auditor")


@pytest.fixture
def expert(region, expert_bureau):
    return staff(
        region, expert_bureau, Role.WAGE_VALUE_EXPERT, "deskundige", first_name="Dirk", last_name="Deskundig"
    )


@pytest.fixture
def other_expert(region, expert_bureau):
    return staff(region, expert_bureau, Role.WAGE_VALUE_EXPERT, "deskundige2")


@pytest.fixture
def employer(region):
    return employer_in(region, "Kwekerij De Groene Vinger", "23456780")


@pytest.fixture
def other_employer(region):
    return employer_in(region, "Bakkerij Het Korenaar", "23456781")


@pytest.fixture
def employer_user(region, employer):
    return staff(region, employer.organisation, Role.EMPLOYER_USER, "werkgever")


@pytest.fixture
def other_employer_user(region, other_employer):
    return staff(region, other_employer.organisation, Role.EMPLOYER_USER, "werkgever2")


@pytest.fixture
def other_region_consultant(other_region):
    organisation = MunicipalityOrganisationFactory(region=other_region)
    return staff(other_region, organisation, Role.CONSULTANT, "consulent_west")


@pytest.fixture
def candidate(gemeente_a):
    return CandidateFactory(
        responsible_organisation=gemeente_a, first_name="Wilhelmina", last_name="Meetbaar"
    )


@pytest.fixture
def private_candidate(gemeente_a):
    return CandidateFactory(
        responsible_organisation=gemeente_a,
        first_name="Gerarda",
        last_name="Afgeschermd",
        region_consent=False,
    )


TASKS = [
    {
        "name": "Planten oppotten",
        "share_pct": Decimal("50"),
        "minutes_per_day": Decimal("240"),
        "tempo_pct": Decimal("80"),
        "quality_pct": Decimal("90"),
        "third_factor_pct": Decimal("100"),
    },
    {
        "name": "Kas schoonmaken",
        "share_pct": Decimal("30"),
        "minutes_per_day": Decimal("144"),
        "tempo_pct": Decimal("60"),
        "quality_pct": Decimal("100"),
        "third_factor_pct": Decimal("90"),
    },
    {
        "name": "Bestellingen klaarzetten",
        "share_pct": Decimal("20"),
        "minutes_per_day": Decimal("96"),
        "tempo_pct": Decimal("100"),
        "quality_pct": Decimal("100"),
        "third_factor_pct": Decimal("100"),
    },
]
# 0.36 + 0.162 + 0.20 = 0.722 → 72 % (DOMAIN.md §1.4 example)
COMPUTED = 72


def make_draft(region, consultant, expert, candidate, employer, **extra):
    values = {
        "workplace": "Medewerker kwekerij",
        "reference_job": "Medewerker teelt",
        "reference_job_scale": "CAO Glastuinbouw A",
        "reference_hourly_wage": Decimal("14.71"),
        "observed_on": OBSERVED,
    }
    values.update(extra)
    return services.assessment_create(
        user=consultant, region=region, candidate=candidate, employer=employer, assessor=expert, **values
    )


def add_tasks(region, expert, assessment, tasks=TASKS):
    return [services.task_add(user=expert, region=region, assessment=assessment, **t) for t in tasks]


def record_views(region, user, assessment):
    services.view_record(
        user=user,
        region=region,
        assessment=assessment,
        party="employer",
        text="De werkgever herkent het beeld.",
        given_by="J. Bedrijfsleider",
    )
    return services.view_record(
        user=user, region=region, assessment=assessment, party="candidate", text="Ik ben het ermee eens."
    )


def make_finalised(region, consultant, expert, candidate, employer, reported=COMPUTED, **extra):
    assessment = make_draft(region, consultant, expert, candidate, employer)
    add_tasks(region, expert, assessment)
    record_views(region, expert, assessment)
    return services.assessment_finalise(
        user=expert,
        region=region,
        assessment=assessment,
        reported_wage_value=reported,
        next_assessment_on=extra.pop("next_assessment_on", NEXT),
        next_assessment_agreed=True,
        **extra,
    )


@pytest.fixture
def draft(region, consultant, expert, candidate, employer):
    return make_draft(region, consultant, expert, candidate, employer)


@pytest.fixture
def finalised(region, consultant, expert, candidate, employer):
    return make_finalised(region, consultant, expert, candidate, employer)
