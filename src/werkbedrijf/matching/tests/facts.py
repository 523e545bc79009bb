"""Facts of a candidate and a job that pass every hard constraint; tests change one thing at a time."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from werkbedrijf.matching.engine import CandidateFacts, JobFacts, OccupationRef, Point

ON = date(2025, 3, 1)
# PC4 centroids: Amsterdam 1012 (centre), and points due north of it at whole-kilometre steps.
AMSTERDAM = Point(52.3738, 4.8910)
KM_PER_DEGREE_LAT = 111.195  # on the sphere of engine.EARTH_RADIUS_KM
CLEANER = OccupationRef("esco-cleaner", "9112")  # office cleaner
KITCHEN_HELP = OccupationRef("esco-kitchen-help", "9412")
WAREHOUSE = OccupationRef("esco-warehouse", "9321")  # hand packer: same sub-major group 93


def north_of(point: Point, km: float) -> Point:
    return Point(point.lat + km / KM_PER_DEGREE_LAT, point.lon)


def candidate(**changes) -> CandidateFacts:
    base = CandidateFacts(
        key="c-1",
        target_group="participation_act",
        status="available",
        in_register=True,
        shared_in_region=True,
        last_confirmed_on=date(2025, 2, 1),
        abilities={"physical_environment": 2, "working_hours": 3},
        hours_min=12,
        hours_max=32,
        location=AMSTERDAM,
        max_travel_km=15,
        own_transport="bicycle",
        available_from=date(2025, 1, 1),
        education_level="vmbo_mbo1",
        desired_occupations=(CLEANER,),
        skills=frozenset({"schoonmaken", "hygiëne"}),
        sectors=frozenset({"N"}),
        waiting_since=date(2024, 1, 1),
    )
    return replace(base, **changes)


def job(**changes) -> JobFacts:
    base = JobFacts(
        key="v-1",
        kind="regular",
        occupation=CLEANER,
        hours=Decimal("24"),
        positions=1,
        demands={"physical_environment": 3, "working_hours": 3},
        location=north_of(AMSTERDAM, 6),
        start_date=date(2025, 4, 1),
        skills=frozenset({"schoonmaken", "hygiëne", "kassa"}),
        sector="N",
        sector_name="Verhuur en overige zakelijke diensten",
    )
    return replace(base, **changes)
