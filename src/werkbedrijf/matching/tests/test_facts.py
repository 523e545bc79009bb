"""The engine's facts built from the ORM, in a fixed number of queries."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from werkbedrijf.candidates.models import Candidate, CandidateStatus, Consent, ConsentScope
from werkbedrijf.employers.models import EmployerLocation
from werkbedrijf.matching.engine import OccupationRef, Point
from werkbedrijf.matching.facts import candidate_pool, job_facts, pc4_of
from werkbedrijf.regions.models import PostcodeArea, Sector, SectorClassification
from werkbedrijf.vacancies.models import Vacancy, VacancyDemand


def _pool(region):
    return {m.facts.key: m for m in candidate_pool(Candidate.objects.filter(region=region))}


def test_pc4_of_a_postcode():
    assert pc4_of("1012 AB") == "1012"
    assert pc4_of("1012ab") == "1012"
    assert pc4_of("") == "" and pc4_of("12") == ""


def test_candidate_facts_come_from_the_record_its_relations_and_the_pc4_centroid(world):
    sector = Sector.objects.get(classification=SectorClassification.SBI_2008, code="N")
    candidate = world["add_candidate"](
        occupations=(world["cleaner"], world["kitchen_help"]),
        abilities={"physical_environment": 2, "working_hours": 3},
        postcode="1111 XY",
        hours_per_week_min=12,
        hours_per_week=30,
        max_travel_km=20,
        own_transport="car",
        available_from=date(2025, 5, 1),
        education_level="mbo_2_4",
        skills="Schoonmaken, heftruck;  Klantcontact",
        registered_from=date(2023, 4, 1),
        registered_until=date(2030, 1, 1),
    )
    candidate.sectors.add(sector)
    member = _pool(world["region"])[str(candidate.uuid)]
    facts = member.facts
    area = PostcodeArea.objects.get(pc4="1111")

    assert member.pk == candidate.pk
    assert member.responsible_organisation_id == world["org_a"].pk
    assert facts.target_group == candidate.target_group and facts.status == "available"
    assert facts.in_register is True and facts.registered_until == date(2030, 1, 1)
    assert facts.shared_in_region is True
    assert facts.last_confirmed_on == timezone.localdate(candidate.last_confirmed_at)
    assert facts.abilities == {"physical_environment": 2, "working_hours": 3}
    assert (facts.hours_min, facts.hours_max) == (12, 30)
    assert facts.location == Point(float(area.lat), float(area.lon))
    assert (facts.max_travel_km, facts.own_transport) == (20, "car")
    assert facts.available_from == date(2025, 5, 1) and facts.education_level == "mbo_2_4"
    assert set(facts.desired_occupations) == {
        OccupationRef(str(world["cleaner"].uuid), "9112"),
        OccupationRef(str(world["kitchen_help"].uuid), "9412"),
    }
    assert facts.skills == frozenset({"schoonmaken", "heftruck", "klantcontact"})
    assert facts.sectors == frozenset({"N"})
    assert facts.waiting_since == date(2023, 4, 1)  # entered the register before the pool


def test_unknown_pc4_withdrawn_consent_and_pool_entry_as_waiting_start(world):
    candidate = world["add_candidate"](postcode="9999 ZZ", registered_from=None, register_ground="none")
    Consent.objects.filter(candidate=candidate, scope=ConsentScope.REGION_WIDE).update(
        withdrawn_at=timezone.now()
    )
    facts = _pool(world["region"])[str(candidate.uuid)].facts
    assert facts.location is None
    assert facts.shared_in_region is False
    assert facts.waiting_since == timezone.localdate(candidate.created_at)
    assert facts.abilities == {} and facts.sectors == frozenset()


def test_candidates_who_left_are_not_in_the_pool_unless_asked(world):
    stays = world["add_candidate"]()
    left = world["add_candidate"](status=CandidateStatus.LEFT)
    elsewhere = world["add_candidate"](world["org_c"])
    assert set(_pool(world["region"])) == {str(stays.uuid)}
    everyone = candidate_pool(Candidate.objects.filter(region=world["region"]), include_left=True)
    assert {m.facts.key for m in everyone} == {str(stays.uuid), str(left.uuid)}
    assert str(elsewhere.uuid) not in {m.facts.key for m in everyone}


def test_the_pool_takes_the_same_queries_for_many_candidates(world, django_assert_num_queries):
    for _ in range(2):
        world["add_candidate"](abilities={"working_hours": 2})
    with django_assert_num_queries(6):
        assert len(candidate_pool(Candidate.objects.filter(region=world["region"]))) == 2
    for _ in range(25):
        world["add_candidate"](abilities={"working_hours": 2}, occupations=(world["kitchen_help"],))
    with django_assert_num_queries(6):
        assert len(candidate_pool(Candidate.objects.filter(region=world["region"]))) == 27


def test_job_facts_of_a_vacancy(world):
    vacancy = world["vacancy"]
    VacancyDemand.objects.create(vacancy=vacancy, rubric="working_hours", level=2)
    Vacancy.objects.filter(pk=vacancy.pk).update(support_transport=True, skills="Kassa;  Klantcontact, kassa")
    [(found, facts)] = job_facts(Vacancy.objects.filter(pk=vacancy.pk))
    area = PostcodeArea.objects.get(pc4="1021")
    assert found == vacancy
    assert facts.key == str(vacancy.uuid) and facts.kind == "regular"
    assert facts.occupation == OccupationRef(str(world["cleaner"].uuid), "9112")
    assert facts.hours == Decimal("24") and facts.positions == 2
    assert facts.demands == {"physical_environment": 3, "working_hours": 2}
    assert facts.location == Point(float(area.lat), float(area.lon))
    assert facts.start_date == date(2020, 1, 1)
    assert facts.transport_support is True
    assert facts.sector == "N" and facts.sector_name == "Verhuur en overige zakelijke diensten"
    assert facts.skills == frozenset({"kassa", "klantcontact"})


def test_a_vacancy_without_location_is_at_the_employers_main_location(world, django_assert_num_queries):
    Vacancy.objects.filter(pk=world["vacancy"].pk).update(location=None)
    with django_assert_num_queries(4):  # vacancies, demands, main locations, section names
        [(_vacancy, facts)] = job_facts(Vacancy.objects.filter(pk=world["vacancy"].pk))
    area = PostcodeArea.objects.get(pc4="1021")
    assert facts.location == Point(float(area.lat), float(area.lon))
    EmployerLocation.objects.filter(employer=world["employer"]).update(is_main=False)
    [(_vacancy, facts)] = job_facts(Vacancy.objects.filter(pk=world["vacancy"].pk))
    assert facts.location is None


def test_stale_dates_are_local_dates(world):
    confirmed = timezone.now() - timedelta(days=100)
    candidate = world["add_candidate"](last_confirmed_at=confirmed)
    facts = _pool(world["region"])[str(candidate.uuid)].facts
    assert facts.last_confirmed_on == timezone.localdate(confirmed)
