"""The engine's facts from the ORM: candidates and vacancies as `CandidateFacts` and `JobFacts`.

Built in bulk with a fixed number of queries whatever the number of candidates or vacancies: the rows as
plain values, then one query each for the abilities, desired occupations, sectors and PC4 centroids. The
engine's key of a candidate or a job is its uuid as a string.

Where the models leave room:
- a candidate's location is the centroid of the PC4 area of their postcode (its first four digits); a
  vacancy's is its location's PC4 area, or the employer's main location's when the vacancy names none;
- the waiting time counts from the candidate's entry into the pool or into the target-group register,
  whichever came first;
- a vacancy's skills are its "skills asked for", a comma-separated list like the candidate's;
- the employer's sector is the SBI 2008 section of the employer's sector code;
- a candidate's wage value is the result of their latest finalised wage-value assessment (the one finalised
  last: a correction is a new assessment).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from werkbedrijf.candidates.models import Candidate, CandidateStatus, FunctionalAbility
from werkbedrijf.employers.models import EmployerLocation
from werkbedrijf.regions.models import PostcodeArea, Sector, SectorClassification
from werkbedrijf.vacancies.models import Vacancy
from werkbedrijf.wage_value.models import Assessment, AssessmentStatus

from .engine import CandidateFacts, JobFacts, OccupationRef, Point, skill_terms

_CANDIDATE_COLUMNS = (
    "pk",
    "uuid",
    "responsible_organisation_id",
    "target_group",
    "status",
    "in_target_group_register",
    "registered_from",
    "registered_until",
    "shared_in_region",
    "last_confirmed_at",
    "hours_per_week_min",
    "hours_per_week",
    "postcode",
    "max_travel_km",
    "own_transport",
    "available_from",
    "education_level",
    "skills",
    "created_at",
    "date_of_birth",
)


@dataclass(frozen=True)
class PoolMember:
    """A candidate's facts with what the caller needs to present them (the database id, the organisation)."""

    pk: int
    responsible_organisation_id: int
    facts: CandidateFacts


def pc4_of(postcode: str) -> str:
    head = postcode[:4]
    if len(head) == 4 and head.isdigit():
        return head
    digits = "".join(ch for ch in postcode if ch.isdigit())
    return digits[:4] if len(digits) >= 4 else ""


def centroids(pc4s) -> dict[str, Point]:
    """The PC4 centroids of these areas (unknown areas are left out)."""
    wanted = sorted({p for p in pc4s if p})
    if not wanted:
        return {}
    return {
        pc4: Point(float(lat), float(lon))
        for pc4, lat, lon in PostcodeArea.objects.filter(pc4__in=wanted).values_list("pc4", "lat", "lon")
    }


def _local_date(moment: datetime | None, zone) -> date | None:
    return moment.astimezone(zone).date() if moment is not None else None


def latest_wage_values(candidate_ids: QuerySet) -> dict[int, int]:
    """The result of each candidate's latest finalised wage-value assessment (candidates without one are
    left out), for `candidate_ids` (a values("pk") queryset)."""
    found: dict[int, int] = {}
    finalised = Assessment.objects.filter(candidate__in=candidate_ids, status=AssessmentStatus.FINALISED)
    for candidate_id, percent in finalised.order_by("candidate_id", "finalised_at", "pk").values_list(
        "candidate_id", "result_percent"
    ):
        found[candidate_id] = percent  # the latest comes last
    return found


def candidate_pool(candidates: QuerySet[Candidate], *, include_left: bool = False) -> list[PoolMember]:
    """Facts of the candidates in `candidates` (a filtered queryset), in six queries.

    Candidates who left the pool are left out unless asked for.
    """
    if not include_left:
        candidates = candidates.exclude(status=CandidateStatus.LEFT)
    rows = list(candidates.order_by().values_list(*_CANDIDATE_COLUMNS))
    if not rows:
        return []
    ids = candidates.order_by().values("pk")
    abilities: dict[int, dict[str, int]] = defaultdict(dict)
    for candidate_id, rubric, level in FunctionalAbility.objects.filter(candidate_id__in=ids).values_list(
        "candidate_id", "rubric", "level"
    ):
        abilities[candidate_id][rubric] = level
    occupations: dict[int, list[OccupationRef]] = defaultdict(list)
    wanted = Candidate.desired_occupations.through.objects.filter(candidate_id__in=ids)
    for candidate_id, key, isco in wanted.values_list(
        "candidate_id", "occupation__uuid", "occupation__group__code"
    ).order_by("candidate_id", "occupation__group__code", "occupation__uuid"):
        occupations[candidate_id].append(OccupationRef(str(key), isco))
    sectors: dict[int, set[str]] = defaultdict(set)
    preferred = Candidate.sectors.through.objects.filter(candidate_id__in=ids)
    for candidate_id, section in preferred.values_list("candidate_id", "sector__section"):
        sectors[candidate_id].add(section)
    wage_values = latest_wage_values(ids)
    pc4s = {postcode: pc4_of(postcode) for postcode in {row[12] for row in rows}}
    points = centroids(pc4s.values())

    zone = timezone.get_current_timezone()
    pool = []
    for (
        pk,
        uuid,
        organisation_id,
        target_group,
        status,
        in_register,
        registered_from,
        registered_until,
        shared,
        confirmed_at,
        hours_min,
        hours_max,
        postcode,
        max_travel_km,
        transport,
        available_from,
        education,
        skills,
        created_at,
        born,
    ) in rows:
        entered = _local_date(created_at, zone)
        waiting_since = min(d for d in (registered_from, entered) if d is not None) if entered else None
        facts = CandidateFacts(
            key=str(uuid),
            target_group=target_group,
            status=status,
            in_register=in_register,
            registered_until=registered_until,
            shared_in_region=shared,
            last_confirmed_on=_local_date(confirmed_at, zone),
            abilities=abilities.get(pk, {}),
            hours_min=hours_min,
            hours_max=hours_max,
            location=points.get(pc4s[postcode]),
            max_travel_km=max_travel_km,
            own_transport=transport,
            available_from=available_from,
            education_level=education,
            desired_occupations=tuple(occupations.get(pk, ())),
            skills=skill_terms(skills),
            sectors=frozenset(sectors.get(pk, ())),
            waiting_since=waiting_since,
            date_of_birth=born,
            wage_value=wage_values.get(pk),
        )
        pool.append(PoolMember(pk=pk, responsible_organisation_id=organisation_id, facts=facts))
    return pool


def section_names(sections) -> dict[str, str]:
    """The Dutch names of these SBI 2008 sections (letters)."""
    wanted = sorted({s for s in sections if s})
    if not wanted:
        return {}
    return dict(
        Sector.objects.filter(
            classification=SectorClassification.SBI_2008, level="sectie", code__in=wanted
        ).values_list("code", "name_nl")
    )


def job_facts(vacancies: QuerySet[Vacancy]) -> list[tuple[Vacancy, JobFacts]]:
    """Each vacancy with its facts, in five queries (the vacancies, demands, main locations, sector names)."""
    found = list(
        vacancies.select_related(
            "occupation__group", "location__postcode_area", "employer__sector", "employer__organisation"
        ).prefetch_related("demands")
    )
    if not found:
        return []
    without_location = {v.employer_id for v in found if v.location_id is None}
    main: dict[int, PostcodeArea] = {}
    if without_location:
        for location in EmployerLocation.objects.filter(
            employer_id__in=without_location, is_main=True
        ).select_related("postcode_area"):
            main[location.employer_id] = location.postcode_area
    names = section_names(v.employer.sector.section for v in found)
    out = []
    for vacancy in found:
        area = vacancy.location.postcode_area if vacancy.location_id else main.get(vacancy.employer_id)
        section = vacancy.employer.sector.section
        facts = JobFacts(
            key=str(vacancy.uuid),
            kind=vacancy.kind,
            occupation=OccupationRef(str(vacancy.occupation.uuid), vacancy.occupation.group.code),
            hours=vacancy.hours_per_week,
            positions=vacancy.number_of_positions,
            demands={d.rubric: d.level for d in vacancy.demands.all()},
            location=Point(float(area.lat), float(area.lon)) if area is not None else None,
            start_date=vacancy.start_date,
            transport_support=vacancy.support_transport,
            skills=skill_terms(vacancy.skills),
            sector=section,
            sector_name=names.get(section, ""),
        )
        out.append((vacancy, facts))
    return out
