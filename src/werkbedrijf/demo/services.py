"""Building a demo region: organisations, a user for every role (with 2FA), synthetic candidates, employers
with vacancies and job carving, and labour pools with (group) secondments.

Running the build twice with the same arguments gives the same state. Demo users and candidates are
recognised by their e-mail address under DEMO_EMAIL_DOMAIN; organisations by region, kind and name.
Organisation names depend on the region only, so a rebuild with another seed changes the people but
leaves no stale organisations behind.

Vacancies, tasks, labour pools, memberships and secondments are written through their apps' services, so they
have the status history and audit entries of any user's work. That history is append-only, so the demo only
adds: an employer's vacancies and tasks when it has none, pool members until a pool has its size. Demo
candidates the rebuild removes take their pool memberships and secondments along.

The same holds for support (demo/support.py plans it): the region's instrument catalogue (the starter
package), budgets of the municipalities with a demo instrument officer, wage-value assessments of some demo
candidates at the employers where they work (most finalised) and the grants that follow, with past months
paid. Dates count back from today. Assessments are found again by candidate and employer, grants by candidate
and instrument, budgets by organisation, instrument and year; what exists is left alone. Finalised assessments
and grant histories cannot be changed or deleted through the models, so a demo candidate the rebuild removes
takes them along with a raw delete (_purge_support).

Demo users have a published password, so the demo only runs where settings.DEBUG and
settings.WERKBEDRIJF_DEMO_ALLOWED are both on, and their 2FA keys are random (made once, kept on rebuilds).
"""

import hashlib
import math
import random
import re
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import reset_queries, transaction
from django.db.models import Exists, OuterRef, Q, Value
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkbedrijf.accounts.models import Organisation, OrganisationKind, Role, RoleAssignment, User
from werkbedrijf.accounts.services import role_assignment_create
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_access
from werkbedrijf.candidates.models import (
    Candidate,
    CandidateStatus,
    CandidateStatusChange,
    Consent,
    ConsentScope,
)
from werkbedrijf.employers.models import (
    ContactMoment,
    ContactMomentKind,
    Employer,
    EmployerLocation,
    PartnershipPledge,
    PledgeKind,
    SectorType,
)
from werkbedrijf.instruments.models import (
    Budget,
    Grant,
    GrantStatus,
    GrantStatusChange,
    Instrument,
    InstrumentKind,
    PaymentLine,
    PaymentStatus,
)
from werkbedrijf.instruments.selectors import version_on, wage_value_for_grant
from werkbedrijf.instruments.services import (
    budget_set,
    grant_apply,
    grant_decide,
    load_starter_package,
    payment_line_mark_paid,
)
from werkbedrijf.labour_pools.models import LabourPool, PoolKind, PoolMembership, Secondment
from werkbedrijf.labour_pools.services import (
    group_secondment_add,
    membership_add,
    membership_end,
    pool_create,
    secondment_add,
)
from werkbedrijf.matching.models import MatchRound, RoundSuggestion
from werkbedrijf.matching.rounds import round_run, round_start, suggestion_accept, suggestion_reject
from werkbedrijf.matching.selectors import matches_for_vacancy
from werkbedrijf.monitoring.cube import build_region
from werkbedrijf.monitoring.models import RegionTargetShare
from werkbedrijf.parameters.models import Confidence
from werkbedrijf.placements.choices import CheckpointOutcome, ContractType, EndReason
from werkbedrijf.placements.models import (
    Checkpoint,
    CoachingActivity,
    CoachingPlan,
    Placement,
    PlacementHours,
    Reminder,
)
from werkbedrijf.placements.permissions import may_write_at_all as may_write_placements
from werkbedrijf.placements.rules import add_months, checkpoint_dates
from werkbedrijf.placements.services import coaching_activity_add, coaching_plan_set, placement_create
from werkbedrijf.proposals.models import Proposal, ProposalEvent
from werkbedrijf.proposals.services import proposal_create, proposal_transition
from werkbedrijf.proposals.states import ACTIVE_STATES, ProposalState
from werkbedrijf.regions.loader import MEMBERSHIP_YEAR
from werkbedrijf.regions.models import (
    Municipality,
    Occupation,
    PostcodeArea,
    Region,
    Sector,
    SectorClassification,
)
from werkbedrijf.vacancies.models import EmployerTask, Vacancy, VacancyKind, VacancyStatus
from werkbedrijf.vacancies.services import (
    carved_job_create,
    employer_task_create,
    vacancy_create,
    vacancy_status_change,
)
from werkbedrijf.wage_value.models import Assessment, AssessmentStatus, AssessmentTask
from werkbedrijf.wage_value.services import assessment_create, assessment_finalise, task_add, view_record

from .generation import (
    DEMO_EMAIL_DOMAIN,
    UWV_TARGET_GROUPS,
    CandidateSpec,
    build_name_pools,
    demo_email,
    employer_names,
    generate_candidates,
    job_coach_provider_names,
    random_kvk_number,
    random_postcode,
    unique_bsns,
    username_slug,
)
from .jobs import (
    POOL_TEMPLATES,
    PROFILES,
    EmployerProfile,
    JobTemplate,
    candidate_wishes,
    carving_employers,
    employer_profile,
    esco_codes,
    plan_carving,
    plan_membership,
    plan_vacancies,
    pool_of_candidate,
    pool_sizes,
    template_of,
)
from .support import (
    GRANTED_WITH_COACHING,
    LARGEST_SCENARIOS,
    SECOND_SCENARIOS,
    WAGE_COST_SUBSIDY,
    AssessmentPlan,
    GrantPlan,
    budget_amounts,
    plan_assessment,
    plan_grants,
)

# Deliberately public: printed for every demo login; see demo_allowed_check.
DEMO_PASSWORD = "Demo-Werkbedrijf-2026"  # noqa: S105
DEFAULT_REGION_CODE = "AM18"
DEFAULT_SEED = 2026
DEFAULT_CANDIDATES = 400
MAX_CANDIDATES = 1_000_000
CANDIDATE_BATCH_SIZE = 5_000
# Below SQLite's 999 query parameters (Django's limit for SQLite), with room for the other conditions.
BSN_QUERY_CHUNK = 900
TOTP_DEVICE_NAME = "demo"

# The region the two-region consultant also works in; other regions use their nearest neighbour.
SECOND_REGION = {"AM18": "AM17"}
# The second municipality with its own consultant; other regions use the one with fewest PC4 areas.
SECOND_CONSULTANT_MUNICIPALITY = {"AM18": "Diemen"}

_COMPARED_FIELDS = (
    "uuid",
    "first_name",
    "last_name_prefix",
    "last_name",
    "date_of_birth",
    "gender",
    "email",
    "phone",
    "postcode",
    "municipality_id",
    "responsible_organisation_id",
    "target_group",
    "in_target_group_register",
    "register_ground",
    "registered_from",
    "education_level",
    "skills",
    "hours_per_week_min",
    "hours_per_week",
    "available_from",
)


class DemoDataError(Exception):
    """The demo cannot be built (or a demo code given) as asked; the message says why and what to do."""


def demo_allowed_check() -> None:
    """Refuse unless this is a development system: DEBUG on and WERKBEDRIJF_DEMO_ALLOWED set."""
    if not (settings.DEBUG and getattr(settings, "WERKBEDRIJF_DEMO_ALLOWED", False)):
        raise DemoDataError(
            _(
                "The demo only runs on a development system: it needs DEBUG on and "
                "WERKBEDRIJF_DEMO_ALLOWED = True (the development settings set both). Demo users have a "
                "published password and must never exist on a production system."
            )
        )


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    roles: tuple[str, ...]
    organisation: str
    regions: tuple[str, ...]
    two_factor: bool


@dataclass(frozen=True)
class DemoResult:
    region_code: str
    region_name: str
    organisations: int
    logins: tuple[DemoLogin, ...]
    password: str
    candidates: int
    candidates_created: int
    candidates_removed: int
    seconds: float
    vacancies: int = 0
    carved_jobs: int = 0
    labour_pools: int = 0
    pool_members: int = 0  # current memberships
    secondments: int = 0  # secondments running today
    instruments: int = 0
    budgets: int = 0  # set for this year
    assessments: int = 0
    finalised_assessments: int = 0
    grants: int = 0
    granted: int = 0  # granted or running
    awaiting_decision: int = 0
    refused: int = 0
    paid_lines: int = 0
    proposals: int = 0
    active_proposals: int = 0
    rounds: int = 0
    round_suggestions: int = 0
    placements: int = 0
    running_placements: int = 0


@dataclass
class _RegionData:
    region: Region
    municipalities: list[Municipality]
    postcode_areas: list[tuple[str, int]]
    by_size: list[Municipality]  # most PC4 areas first


@dataclass
class _Organisations:
    werkbedrijf: Organisation
    uwv: Organisation
    wsp: Organisation
    municipalities: dict[int, Organisation]  # by municipality id
    employers: list[Organisation]
    sheltered_work_companies: list[Organisation]  # the largest municipality's first
    job_coach_providers: list[Organisation]
    count: int


def _missing_reference_data(what: str) -> DemoDataError:
    return DemoDataError(
        _(
            "The reference data is missing (%(what)s). Run `werkbedrijf load_reference_data` first, "
            "then `werkbedrijf demo` again."
        )
        % {"what": what}
    )


def _region_data(region_code: str) -> _RegionData:
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        if not Region.objects.exists():
            raise _missing_reference_data(_("no labour-market regions"))
        known = ", ".join(Region.objects.order_by("code").values_list("code", flat=True))
        raise DemoDataError(
            _("Unknown region %(code)s. Known regions: %(known)s.") % {"code": region_code, "known": known}
        )
    municipalities = list(
        Municipality.objects.filter(memberships__year=MEMBERSHIP_YEAR, memberships__region=region).order_by(
            "name"
        )
    )
    if not municipalities:
        raise _missing_reference_data(
            _("no municipalities of %(code)s in %(year)s") % {"code": region_code, "year": MEMBERSHIP_YEAR}
        )
    areas = list(
        PostcodeArea.objects.filter(municipality__in=municipalities)
        .order_by("pc4")
        .values_list("pc4", "municipality_id")
    )
    if not areas:
        raise _missing_reference_data(_("no postcode areas in %(code)s") % {"code": region_code})
    sizes = Counter(municipality_id for _pc4, municipality_id in areas)
    by_size = sorted(municipalities, key=lambda m: (-sizes[m.pk], m.name))
    return _RegionData(region=region, municipalities=municipalities, postcode_areas=areas, by_size=by_size)


def _second_region(region: Region) -> Region | None:
    code = SECOND_REGION.get(region.code)
    if code is not None:
        found = Region.objects.filter(code=code).first()
        if found is not None:
            return found
    others = list(Region.objects.exclude(pk=region.pk))
    if not others:
        return None
    cos_lat = math.cos(math.radians(float(region.centroid_lat)))

    def distance(other: Region) -> float:
        d_lat = float(other.centroid_lat - region.centroid_lat)
        d_lon = float(other.centroid_lon - region.centroid_lon) * cos_lat
        return math.hypot(d_lat, d_lon)

    return min(others, key=distance)


def _upsert_organisation(*, region: Region, kind: str, name: str, kvk_number: str = "") -> Organisation:
    organisation, _created = Organisation.objects.update_or_create(
        region=region, kind=kind, name=name, defaults={"kvk_number": kvk_number, "is_active": True}
    )
    return organisation


def _build_organisations(data: _RegionData) -> _Organisations:
    region = data.region
    rng = random.Random(f"werkbedrijf-demo:{region.code}:organisations")
    pools = build_name_pools(f"werkbedrijf-demo:{region.code}:organisations")

    werkbedrijf = _upsert_organisation(
        region=region, kind=OrganisationKind.WERKBEDRIJF, name=f"Werkbedrijf {region.name}"
    )
    uwv = _upsert_organisation(region=region, kind=OrganisationKind.UWV, name=f"UWV {region.name}")
    wsp = _upsert_organisation(
        region=region,
        kind=OrganisationKind.EMPLOYER_SERVICE_POINT,
        name=f"Werkgeversservicepunt {region.name}",
    )
    municipality_orgs = {}
    for municipality in data.municipalities:
        organisation, _created = Organisation.objects.update_or_create(
            kind=OrganisationKind.MUNICIPALITY,
            municipality=municipality,
            defaults={"name": f"Gemeente {municipality.name}", "region": region, "is_active": True},
        )
        municipality_orgs[municipality.pk] = organisation

    sheltered_work_companies = [
        _upsert_organisation(
            region=region,
            kind=OrganisationKind.SHELTERED_WORK_COMPANY,
            name=f"SW-bedrijf {municipality.name}",
            kvk_number=random_kvk_number(rng),
        )
        for municipality in data.by_size[:2]
    ]
    job_coach_providers = [
        _upsert_organisation(
            region=region,
            kind=OrganisationKind.JOB_COACH_PROVIDER,
            name=name,
            kvk_number=random_kvk_number(rng),
        )
        for name in job_coach_provider_names(rng=rng, pools=pools)
    ]
    others = sheltered_work_companies + job_coach_providers
    employers = [
        _upsert_organisation(
            region=region, kind=OrganisationKind.EMPLOYER, name=name, kvk_number=random_kvk_number(rng)
        )
        for name in employer_names(rng=rng, pools=pools, places=[m.name for m in data.municipalities])
    ]
    count = 3 + len(municipality_orgs) + len(others) + len(employers)
    return _Organisations(
        werkbedrijf=werkbedrijf,
        uwv=uwv,
        wsp=wsp,
        municipalities=municipality_orgs,
        employers=employers,
        sheltered_work_companies=sheltered_work_companies,
        job_coach_providers=job_coach_providers,
        count=count,
    )


def _second_municipality(data: _RegionData) -> Municipality:
    """The second municipality with its own demo staff (a consultant and an instrument officer)."""
    wanted = SECOND_CONSULTANT_MUNICIPALITY.get(data.region.code)
    return next((m for m in data.municipalities if m.name == wanted), data.by_size[-1])


@dataclass(frozen=True)
class _UserSpec:
    username: str
    role: str
    organisation: Organisation
    regions: tuple[Region, ...]


def _user_specs(data: _RegionData, orgs: _Organisations) -> list[_UserSpec]:
    region = data.region
    suffix = "" if region.code == DEFAULT_REGION_CODE else f".{region.code.lower()}"
    largest = data.by_size[0]
    second = _second_municipality(data)
    second_region = _second_region(region)
    both_regions = (region, second_region) if second_region is not None else (region,)
    largest_org = orgs.municipalities[largest.pk]

    specs = [_UserSpec(f"consulent.{username_slug(largest.name)}", Role.CONSULTANT, largest_org, (region,))]
    if second.pk != largest.pk:
        specs.append(
            _UserSpec(
                f"consulent.{username_slug(second.name)}",
                Role.CONSULTANT,
                orgs.municipalities[second.pk],
                (region,),
            )
        )
    specs += [
        _UserSpec("consulent.uwv", Role.CONSULTANT, orgs.uwv, both_regions),
        _UserSpec("accountmanager", Role.ACCOUNT_MANAGER, orgs.wsp, (region,)),
        _UserSpec("instrumenten", Role.INSTRUMENT_OFFICER, largest_org, (region,)),
    ]
    if second.pk != largest.pk:
        specs.append(
            _UserSpec(
                f"instrumenten.{username_slug(second.name)}",
                Role.INSTRUMENT_OFFICER,
                orgs.municipalities[second.pk],
                (region,),
            )
        )
    specs += [
        _UserSpec("beleid", Role.POLICY_ADVISER, orgs.werkbedrijf, (region,)),
        _UserSpec("bestuur", Role.BOARD_MEMBER, orgs.werkbedrijf, (region,)),
        _UserSpec("werkgever", Role.EMPLOYER_USER, orgs.employers[0], (region,)),
        _UserSpec("loonwaarde", Role.WAGE_VALUE_EXPERT, orgs.werkbedrijf, (region,)),
        _UserSpec("auditor", Role.AUDITOR, orgs.werkbedrijf, (region,)),
        _UserSpec("beheer", Role.FUNCTIONAL_ADMIN, orgs.werkbedrijf, (region,)),
    ]
    return [
        _UserSpec(f"{spec.username}{suffix}", spec.role, spec.organisation, spec.regions) for spec in specs
    ]


def is_demo_user(user: User) -> bool:
    return user.email.lower().endswith(f"@{DEMO_EMAIL_DOMAIN}")


def _build_users(*, data: _RegionData, orgs: _Organisations, seed: int) -> tuple[list[DemoLogin], int]:
    specs = _user_specs(data, orgs)
    existing = {u.username: u for u in User.objects.filter(username__in=[s.username for s in specs])}
    foreign = sorted(name for name, user in existing.items() if not is_demo_user(user))
    if foreign:
        raise DemoDataError(
            _(
                "These user names already exist and are not demo users, "
                "so the demo leaves them alone: %(names)s."
            )
            % {"names": ", ".join(foreign)}
        )

    rng = random.Random(f"werkbedrijf-demo:{seed}:{data.region.code}:users")
    pools = build_name_pools(seed)
    salt = hashlib.sha256(f"werkbedrijf-demo-salt:{seed}".encode()).hexdigest()[:22]
    password_hash = make_password(DEMO_PASSWORD, salt=salt)

    logins = []
    created_count = 0
    for spec in specs:
        first_name = rng.choice(pools.first_names_female if rng.random() < 0.5 else pools.first_names_male)
        prefix, last_name = rng.choice(pools.last_names)
        user, created = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "first_name": first_name,
                "last_name": f"{prefix} {last_name}".strip(),
                "email": demo_email(spec.username),
                "organisation": spec.organisation,
                "password": password_hash,
                "is_active": True,
                "is_staff": False,
                "is_superuser": False,
                "is_system_account": False,
            },
        )
        created_count += created
        wanted = {(spec.role, region.pk) for region in spec.regions}
        for assignment in RoleAssignment.objects.filter(user=user):
            if (assignment.role, assignment.region_id) not in wanted:
                assignment.delete()
        for region in spec.regions:
            role_assignment_create(user=user, role=spec.role, region=region)
        # In the demo the functional administrator also holds the national right to change legal values.
        if spec.role == Role.FUNCTIONAL_ADMIN:
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label="parameters", codename="change_legalparameter")
            )

        two_factor = spec.organisation.kind != OrganisationKind.EMPLOYER
        if two_factor:
            # No key in defaults: a new device gets the model's random key, an existing one keeps its key.
            TOTPDevice.objects.update_or_create(
                user=user,
                name=TOTP_DEVICE_NAME,
                defaults={
                    "confirmed": True,
                    "step": 30,
                    "t0": 0,
                    "digits": 6,
                    "tolerance": 1,
                },
            )
        else:
            TOTPDevice.objects.filter(user=user, name=TOTP_DEVICE_NAME).delete()
        logins.append(
            DemoLogin(
                username=spec.username,
                full_name=user.get_full_name(),
                roles=(str(Role(spec.role).label),),
                organisation=spec.organisation.name,
                regions=tuple(r.code for r in spec.regions),
                two_factor=two_factor,
            )
        )
    return logins, created_count


def _compared(spec: CandidateSpec, responsible_organisation_id: int, skills: str) -> tuple:
    return (
        spec.uuid,
        spec.first_name,
        spec.last_name_prefix,
        spec.last_name,
        spec.date_of_birth,
        spec.gender,
        spec.email,
        spec.phone,
        spec.postcode,
        spec.municipality_key,
        responsible_organisation_id,
        spec.target_group,
        spec.in_target_group_register,
        spec.register_ground,
        spec.registered_from,
        spec.education_level,
        skills,
        spec.hours_per_week_min,
        spec.hours_per_week,
        spec.available_from,
    )


def _write_progress(stdout, done: int, total: int) -> None:
    if stdout is not None:
        stdout.write(
            _("Candidates: %(done)s / %(total)s …")
            % {
                "done": number_format(done, force_grouping=True),
                "total": number_format(total, force_grouping=True),
            }
        )


# The SBI 2008 division of each kind of demo employer (jobs.PROFILES), and 81 for a name no profile knows.
_EMPLOYER_DIVISIONS = tuple(sorted({p.division for p in PROFILES} | {"81"}))
_SIZE_PAID_HOURS = {
    "1-9": (5_000, 15_000),
    "10-49": (15_000, 80_000),
    "50-249": (80_000, 400_000),
    "250+": (400_000, 2_000_000),
}


# SBI divisions of government employers (public administration, education): their jobs count for the
# government sector of the banenafspraak.
_GOVERNMENT_DIVISIONS = frozenset({"84", "85"})


def _sector_type(division: str) -> str:
    return SectorType.GOVERNMENT if division in _GOVERNMENT_DIVISIONS else SectorType.MARKET


def _build_employers(*, data: _RegionData, orgs: _Organisations, seed: int) -> int:
    """An employer profile for every demo employer organisation, in the sector its name says; contact history
    and pledges only when new, so that re-runs leave the append-only history alone. Returns how many profiles
    were created."""
    region = data.region
    account_manager = User.objects.get(
        role_assignments__region=region,
        role_assignments__role=Role.ACCOUNT_MANAGER,
        email__endswith=DEMO_EMAIL_DOMAIN,
    )
    sectors = {
        s.code: s
        for s in Sector.objects.filter(
            classification=SectorClassification.SBI_2008, code__in=_EMPLOYER_DIVISIONS
        )
    }
    areas = {a.pc4: a for a in PostcodeArea.objects.filter(pc4__in=[pc4 for pc4, _m in data.postcode_areas])}
    now = timezone.now()
    created_count = 0
    for organisation in orgs.employers:
        rng = random.Random(f"werkbedrijf-demo:{seed}:employer:{organisation.name}")
        profile = employer_profile(organisation.name)
        division = profile.division if profile is not None else "81"
        size_class = rng.choices(list(_SIZE_PAID_HOURS), (30, 40, 20, 10))[0]
        employer, created = Employer.objects.get_or_create(
            organisation=organisation,
            defaults={
                "sector": sectors[division],
                "size_class": size_class,
                "yearly_paid_hours": rng.randint(*_SIZE_PAID_HOURS[size_class]),
                "sector_type": _sector_type(division),
                "account_manager": account_manager if rng.random() < 0.8 else None,
            },
        )
        if not created:
            # Demo databases from before the profiles had a random sector; bring it in line with the name.
            if employer.sector_id != sectors[division].pk:
                employer.sector = sectors[division]
                employer.sector_type = _sector_type(division)
                employer.save(update_fields=["sector", "sector_type"])
            continue
        created_count += 1
        pc4, _municipality = rng.choice(data.postcode_areas)
        area = areas[pc4]
        EmployerLocation.objects.create(
            employer=employer,
            name="Hoofdvestiging",
            postcode=random_postcode(rng, pc4),
            postcode_area=area,
            municipality_id=area.municipality_id,
            is_main=True,
        )
        for days_ago in sorted(rng.sample(range(5, 540), rng.randint(0, 4)), reverse=True):
            ContactMoment.objects.create(
                employer=employer,
                author=account_manager,
                occurred_at=now - timedelta(days=days_ago),
                kind=rng.choice(ContactMomentKind.values),
                summary=rng.choice(_CONTACT_SUMMARIES),
                next_step="Vacatures voor de doelgroep bespreken" if days_ago < 30 else "",
                next_step_date=(now + timedelta(days=rng.randint(7, 40))).date() if days_ago < 30 else None,
            )
        if rng.random() < 0.4:
            PartnershipPledge.objects.create(
                employer=employer,
                year=now.year + 1,
                number_of_jobs=rng.randint(1, 6),
                kind=PledgeKind.JOBS_AGREEMENT,
                recorded_by=account_manager,
            )
    return created_count


_CONTACT_SUMMARIES = (
    "Kennismaking: werkgever staat open voor een banenafspraakbaan in de productie.",
    "Telefonisch: vraag naar de no-riskpolis en loonkostensubsidie beantwoord.",
    "Bezoek op locatie: taken in kaart gebracht die geschikt zijn voor jobcarving.",
    "Afspraak gemaakt over een proefplaatsing van twee maanden.",
    "Evaluatie na drie maanden: plaatsing verloopt goed, jobcoach blijft betrokken.",
)


def _demo_user(region: Region, role: str, **filters) -> User:
    return (
        User.objects.filter(
            role_assignments__region=region,
            role_assignments__role=role,
            email__endswith=DEMO_EMAIL_DOMAIN,
            **filters,
        )
        .order_by("username")
        .first()
    )


def _demo_employers(orgs: _Organisations) -> list[Employer]:
    return sorted(
        Employer.objects.filter(organisation__in=orgs.employers).select_related("organisation"),
        key=lambda e: e.organisation.name,
    )


def _apply_status_path(*, user, region: Region, vacancy: Vacancy, path) -> None:
    for to_status, reason in path:
        vacancy_status_change(user=user, region=region, vacancy=vacancy, to_status=to_status, reason=reason)


def _build_vacancies(*, data: _RegionData, orgs: _Organisations, seed: int) -> None:
    """0 to 3 vacancies per demo employer, and for 6 to 10 employers a job-carving set: the tasks of two or
    three existing jobs and a job carved from the suitable ones. Written through the vacancies services, as
    the region's demo account manager, so that history and audit are as for any user. An employer that
    already has vacancies or tasks is left alone, so re-runs change nothing."""
    region = data.region
    account_manager = _demo_user(region, Role.ACCOUNT_MANAGER)
    employers = _demo_employers(orgs)
    done = set(Vacancy.objects.filter(employer__in=employers).values_list("employer_id", flat=True))
    done |= set(EmployerTask.objects.filter(employer__in=employers).values_list("employer_id", flat=True))
    todo = [e for e in employers if e.pk not in done and employer_profile(e.organisation.name) is not None]
    if account_manager is None or not todo:
        return
    occupations = {o.esco_code: o for o in Occupation.objects.filter(esco_code__in=esco_codes())}
    carving = carving_employers(
        random.Random(f"werkbedrijf-demo:{seed}:{region.code}:carving"),
        [e.organisation.name for e in employers],
    )
    main_locations = {
        loc.employer_id: loc for loc in EmployerLocation.objects.filter(employer__in=todo, is_main=True)
    }
    today = timezone.localdate()
    for employer in todo:
        name = employer.organisation.name
        profile = employer_profile(name)
        rng = random.Random(f"werkbedrijf-demo:{seed}:vacancies:{name}")
        location = main_locations.get(employer.pk)
        for plan in plan_vacancies(rng, profile):
            occupation = occupations.get(plan.esco_code)
            if occupation is None:
                continue
            vacancy = vacancy_create(
                user=account_manager,
                region=region,
                employer=employer,
                title=plan.title,
                occupation=occupation,
                hours_per_week=Decimal(plan.hours),
                kind=plan.kind,
                tasks=plan.tasks,
                skills=plan.skills,
                wage_scale=plan.wage_scale,
                start_date=today + timedelta(days=plan.start_in_days) if plan.start_in_days else None,
                number_of_positions=plan.positions,
                location=location,
                demands=plan.demands,
                **dict.fromkeys(plan.support, True),
            )
            _apply_status_path(user=account_manager, region=region, vacancy=vacancy, path=plan.status_path)
        occupation = occupations.get(profile.carved_esco_code)
        if name not in carving or occupation is None:
            continue
        plan = plan_carving(rng, profile)
        tasks = [
            employer_task_create(
                user=account_manager,
                region=region,
                employer=employer,
                name=task.name,
                source_job=task.source_job,
                hours_per_week=task.hours,
                suitable_for_target_group=task.suitable,
                demands=task.demands,
            )
            for task in plan.tasks
        ]
        carved = carved_job_create(
            user=account_manager,
            region=region,
            employer=employer,
            selection=[(tasks[index], hours) for index, hours in plan.selection],
            title=plan.title,
            occupation=occupation,
            kind=plan.kind,
            location=location,
        )
        _apply_status_path(user=account_manager, region=region, vacancy=carved, path=plan.status_path)


# The paths of the demo's manual proposals: (state, decline reason, declined by) steps after "proposed".
_PROPOSAL_PATHS: tuple[tuple[tuple[str, str, str], ...], ...] = (
    (),
    (("sent_to_employer", "", ""),),
    (("sent_to_employer", "", ""), ("interview", "", "")),
    (("sent_to_employer", "", ""), ("interview", "", ""), ("trial_placement", "", "")),
    (("sent_to_employer", "", ""), ("interview", "", ""), ("hired", "", "")),
    (("sent_to_employer", "", ""), ("declined", "skills", "employer")),
    (("declined", "other_work", "candidate"),),
    (("sent_to_employer", "", ""), ("interview", "", ""), ("declined", "hours", "employer")),
    (("withdrawn", "", ""),),
)


_WITHDRAWN_NOTE = "Demo: teruggetrokken, de kandidaat start eerst een training."


def _build_matching(*, data: _RegionData) -> tuple[int, int]:
    """Proposals in every state for the best matches of the first open vacancies, then a proposal round of
    the region, of which two suggestions are accepted and one rejected. Written through the services as the
    region's demo account manager. A region that has proposals or rounds already is left alone.
    Returns (proposals, suggestions)."""
    region = data.region
    if Proposal.objects.filter(region=region).exists() or MatchRound.objects.filter(region=region).exists():
        return 0, 0
    account_manager = _demo_user(region, Role.ACCOUNT_MANAGER)
    if account_manager is None:
        return 0, 0
    vacancies = list(
        Vacancy.objects.filter(region=region, status=VacancyStatus.OPEN).order_by("uuid")[
            : len(_PROPOSAL_PATHS)
        ]
    )
    used: set[object] = set()
    proposals = 0
    for vacancy, path in zip(vacancies, _PROPOSAL_PATHS, strict=False):
        found = matches_for_vacancy(
            user=account_manager, region=region, vacancy=vacancy, limit=10, context="Demo-voordrachten"
        )
        match = next((m for m in found.matches if m.profile.uuid not in used), None)
        if match is None:
            continue
        used.add(match.profile.uuid)
        proposal = proposal_create(
            user=account_manager,
            region=region,
            candidate=Candidate.objects.get(uuid=match.profile.uuid),
            vacancy=vacancy,
            note="Demo: voorgedragen op basis van de matching.",
            points=match.score.points,
            tier=match.score.tier,
            weights_version=match.score.weights_version,
        )
        proposals += 1
        for state, reason, declined_by in path:
            proposal = proposal_transition(
                user=account_manager,
                region=region,
                proposal=proposal,
                to_state=state,
                reason=reason,
                declined_by=declined_by,
                note="Demo: teruggetrokken, de kandidaat start eerst een training."
                if state == "withdrawn"
                else "",
            )
    match_round = round_start(user=account_manager, region=region, enqueue=False)
    round_run(match_round.uuid)
    suggestions = list(RoundSuggestion.objects.filter(round=match_round).order_by("-points", "uuid"))
    for suggestion in suggestions[:2]:
        try:
            suggestion_accept(user=account_manager, region=region, suggestion=suggestion)
        except ValidationError:
            continue
    if len(suggestions) > 2:
        suggestion_reject(
            user=account_manager,
            region=region,
            suggestion=suggestions[2],
            reason="Demo: de werkgever zoekt eerst intern.",
        )
    _build_placements(region=region, account_manager=account_manager)
    return proposals, len(suggestions)


def _build_placements(*, region: Region, account_manager: User) -> None:
    """A placement for each hired proposal (started 40 days ago, so its first checkpoint is due, with a
    job-coach plan and a visit) and for the one in a trial placement (two months), registered by the account
    manager; the candidate's consultant is responsible for the aftercare."""
    today = timezone.localdate()
    start = today - timedelta(days=40)
    placeable = Proposal.objects.filter(
        region=region, state__in=(ProposalState.HIRED, ProposalState.TRIAL_PLACEMENT), placements__isnull=True
    ).select_related("candidate__consultant", "vacancy__employer__organisation")
    for proposal in placeable.order_by("uuid"):
        trial = proposal.state == ProposalState.TRIAL_PLACEMENT
        consultant = proposal.candidate.consultant
        responsible = (
            consultant if consultant is not None and may_write_placements(consultant, region) else None
        )
        placement = placement_create(
            user=account_manager,
            region=region,
            candidate=proposal.candidate,
            employer=proposal.vacancy.employer,
            proposal=proposal,
            contract_type=ContractType.TRIAL if trial else ContractType.REGULAR,
            start_date=start,
            planned_end_date=add_months(start, 2) - timedelta(days=1) if trial else None,
            hours_per_week=proposal.hours_per_week,
            responsible=responsible,
        )
        if trial:
            continue
        coaching_plan_set(
            user=account_manager,
            region=region,
            placement=placement,
            provider="Jobcoach Amstelland (demo)",
            coach_name="Demo Jobcoach",
            hours="6",
            period="month",
            goals="Demo: zelf het werk plannen; na drie maanden zonder dagelijkse begeleiding.",
            valid_from=start,
        )
        coaching_activity_add(
            user=account_manager,
            region=region,
            placement=placement,
            on=start + timedelta(days=7),
            kind="workplace_visit",
            hours="1.5",
            note="Demo: kennismaking met de leidinggevende en de collega's.",
        )


# Ten years of placements for the monitoring: contract types as in a region, durations of a few months to
# many years; a candidate's chance of an earlier placement.
_HISTORY_CONTRACTS = {
    ContractType.REGULAR: 70,
    ContractType.SECONDMENT: 10,
    ContractType.LABOUR_POOL: 8,
    ContractType.SHELTERED_WORK: 7,
    ContractType.TRIAL: 5,
}
_HISTORY_CHANCE = 0.45
_HISTORY_JOBS = (
    "Medewerker schoonmaak",
    "Productiemedewerker",
    "Magazijnmedewerker",
    "Medewerker groenonderhoud",
    "Keukenhulp",
    "Medewerker facilitair",
)
_HISTORY_END_REASONS = (
    EndReason.CONTRACT_ENDED,
    EndReason.OTHER_JOB,
    EndReason.RESIGNED,
    EndReason.WORK_NOT_SUITABLE,
    EndReason.HEALTH,
    EndReason.BUSINESS,
)


def _build_history(*, data: _RegionData, seed: int, reference_date: date | None) -> int:
    """Earlier placements of the demo's candidates over the last ten years, ended with a reason, and a
    running one for every candidate marked placed without one; with their hours (some changed), their
    checkpoints (recorded as still employed up to the end, cancelled after it), then the region's monitoring
    figures and an indicative share of the target. Written in bulk (these are history, not today's work).
    A region whose candidates have placements registered directly is left alone. Returns how many."""
    region = data.region
    if Placement.objects.filter(region=region, proposal__isnull=True).exists():
        return 0
    account_manager = _demo_user(region, Role.ACCOUNT_MANAGER)
    employers = list(Employer.objects.filter(organisation__region=region).order_by("organisation__name"))
    if account_manager is None or not employers:
        return 0
    today = reference_date or timezone.localdate()
    now = timezone.now()
    first = today - timedelta(days=3652)
    candidates = list(
        Candidate.objects.filter(region=region, email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
        .exclude(placements__isnull=False)
        .exclude(proposals__isnull=False)
        .order_by("bsn")
    )
    made: list[tuple[Placement, list[tuple[date, Decimal]]]] = []
    for candidate in candidates:
        rng = random.Random(f"werkbedrijf-demo:{seed}:history:{candidate.bsn}")
        if rng.random() >= _HISTORY_CHANCE:
            continue
        running = (
            candidate.status in (CandidateStatus.AVAILABLE, CandidateStatus.PLACED) and rng.random() < 0.3
        )
        earliest = max(first, candidate.registered_from or first)
        if earliest >= today - timedelta(days=60):
            continue
        contract = rng.choices(list(_HISTORY_CONTRACTS), list(_HISTORY_CONTRACTS.values()))[0]
        if running and contract == ContractType.TRIAL:
            contract = ContractType.REGULAR
        start = earliest + timedelta(days=rng.randint(0, (today - earliest).days - 45))
        months = 2 if contract == ContractType.TRIAL else max(2, int(rng.expovariate(1 / 26)))
        end = add_months(start, months) - timedelta(days=1)
        ended_on = None if running or end >= today else end
        if not running and ended_on is None:
            ended_on = today - timedelta(days=rng.randint(1, 30))
        hours = Decimal(rng.choice((12, 16, 20, 24, 28, 32)))
        history = [(start, hours)]
        last = ended_on or today
        if (last - start).days > 200 and rng.random() < 0.25:
            history.append(
                (
                    start + timedelta(days=rng.randint(90, (last - start).days - 1)),
                    hours + rng.choice((-4, 4)),
                )
            )
        employer = rng.choice(employers)
        trial_end = add_months(start, 2) - timedelta(days=1) if contract == ContractType.TRIAL else None
        reason = ""
        if ended_on:
            reason = EndReason.TRIAL_NO_CONTRACT if trial_end else rng.choice(_HISTORY_END_REASONS)
        placement = Placement(
            region=region,
            candidate=candidate,
            employer=employer,
            job_title=rng.choice(_HISTORY_JOBS),
            contract_type=contract,
            start_date=start,
            planned_end_date=trial_end,
            hours_per_week=history[-1][1],
            responsible=account_manager,
            municipality_id=candidate.municipality_id,
            target_group=candidate.target_group,
            ended_on=ended_on,
            end_reason=reason,
            created_by=account_manager,
        )
        made.append((placement, history))
    Placement.objects.bulk_create([placement for placement, _history in made])
    PlacementHours.objects.bulk_create(
        PlacementHours(
            placement=p, valid_from=day, hours_per_week=h, recorded_by=account_manager, recorded_at=now
        )
        for p, history in made
        for day, h in history
    )
    checkpoints = []
    for placement, _history in made:
        for months, due_on in checkpoint_dates(placement.start_date):
            ended_before = placement.ended_on is not None and due_on > placement.ended_on
            recorded = not ended_before and due_on < today - timedelta(days=7)
            checkpoints.append(
                Checkpoint(
                    placement=placement,
                    months=months,
                    due_on=due_on,
                    outcome=CheckpointOutcome.EMPLOYED if recorded else "",
                    recorded_by=account_manager if recorded else None,
                    recorded_at=now if recorded else None,
                    cancelled=ended_before,
                )
            )
    Checkpoint.objects.bulk_create(checkpoints)
    placed = [
        p.candidate
        for p, _history in made
        if p.ended_on is None and p.candidate.status != CandidateStatus.PLACED
    ]
    Candidate.objects.filter(pk__in=[c.pk for c in placed]).update(
        status=CandidateStatus.PLACED, updated_at=now
    )
    CandidateStatusChange.objects.bulk_create(
        CandidateStatusChange(
            candidate=candidate,
            from_status=candidate.status,
            to_status=CandidateStatus.PLACED,
            reason="Demo: geplaatst (geschiedenis van de demo)",
            actor=account_manager,
            at=now,
        )
        for candidate in placed
    )
    if not RegionTargetShare.objects.filter(region=region).exists():
        RegionTargetShare.objects.create(
            region=region,
            valid_from=date(2015, 1, 1),
            share_percent=Decimal("2.857"),
            source="Demo: een gelijk deel van de 35 regio's (indicatief; niet de verdeling van de Werkkamer)",
            confidence=Confidence.UNCONFIRMED,
            created_by=account_manager,
            created_at=now,
        )
    build_region(region, today=today)
    return len(made)


def _pool_operator(key: str, orgs: _Organisations) -> Organisation | None:
    choices = {
        "sheltered_work": orgs.sheltered_work_companies[:1],
        "sheltered_work_second": orgs.sheltered_work_companies[1:2] or orgs.sheltered_work_companies[:1],
        "werkbedrijf": [orgs.werkbedrijf],
        "job_coach_provider": orgs.job_coach_providers[:1],
    }[key]
    return choices[0] if choices else None


def _members_to_add(
    *, pools: dict[str, LabourPool], sizes: dict[str, int], region: Region
) -> dict[str, list[Candidate]]:
    """The candidates to add per pool so that each has its size: demo candidates who share their profile in
    the region and are in none of the demo pools yet, taken in uuid order (random, but fixed by the seed)."""
    wanted = {
        key: sizes[key] - PoolMembership.objects.filter(pool=pool).count() for key, pool in pools.items()
    }
    wanted = {key: n for key, n in wanted.items() if n > 0}
    if not wanted:
        return {}
    keys = sorted(pools)
    consent = Consent.objects.filter(
        candidate=OuterRef("pk"), scope=ConsentScope.REGION_WIDE, withdrawn_at__isnull=True
    )
    candidates = (
        Candidate.objects.filter(region=region, email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
        .filter(Exists(consent))
        .exclude(pool_memberships__pool__in=list(pools.values()))
        .annotate(has_region_consent=Value(True))
        .order_by("uuid")
    )
    chosen: dict[str, list[Candidate]] = {key: [] for key in wanted}
    # Candidates arrive in chunks until every pool has enough; the pool of each follows from its uuid.
    start = 0
    while wanted:
        chunk = list(candidates[start : start + 500])
        if not chunk:
            break
        start += len(chunk)
        for candidate in chunk:
            key = pool_of_candidate(candidate.uuid.int, keys)
            if wanted.get(key):
                chosen[key].append(candidate)
                wanted[key] -= 1
                if not wanted[key]:
                    del wanted[key]
    return chosen


def _build_labour_pools(
    *, data: _RegionData, orgs: _Organisations, seed: int, reference_date: date
) -> list[LabourPool]:
    """The demo labour pools (a green team, a cleaning pool, a logistics pool and a group secondment), each
    filled up to its size with demo candidates, some seconded to demo employers. Written through the
    labour_pools services as the region's demo consultant of the largest municipality. Pools are found again
    by region and name; members are only ever added (candidates the demo removes take their memberships along,
    see _sync_candidates), so a re-run with the same arguments changes nothing."""
    region = data.region
    coach = _demo_user(region, Role.CONSULTANT, organisation=orgs.municipalities[data.by_size[0].pk])
    if coach is None:
        return []
    employers_by_template: dict[str, Employer] = {}
    for employer in _demo_employers(orgs):
        template = template_of(employer.organisation.name)
        if template is not None:
            employers_by_template.setdefault(template, employer)
    rng = random.Random(f"werkbedrijf-demo:{seed}:{region.code}:pools")
    sizes = pool_sizes(rng)
    place = data.by_size[0].name
    pools: dict[str, LabourPool] = {}
    # Per pool: where its members are seconded, as (employer, tasks there).
    employers_of: dict[str, list[tuple[Employer, str]]] = {}
    for template in POOL_TEMPLATES:
        employers = [
            (employers_by_template[t], tasks) for t, tasks in template.employers if t in employers_by_template
        ]
        operator = _pool_operator(template.operator, orgs)
        if operator is None or (template.kind == PoolKind.GROUP_SECONDMENT and not employers):
            continue
        first_employer = employers[0][0].organisation.name if employers else ""
        name = template.name.format(place=place, employer=first_employer)
        pool = LabourPool.objects.filter(region=region, name=name).first()
        if pool is None:
            pool = pool_create(
                user=coach,
                region=region,
                name=name,
                kind=template.kind,
                operator=operator,
                description=template.description,
                job_coach=coach if template.with_job_coach else None,
            )
        if pool.ended_on is None:
            pools[template.key] = pool
            employers_of[template.key] = employers
    templates = {t.key: t for t in POOL_TEMPLATES}
    for key, candidates in _members_to_add(pools=pools, sizes=sizes, region=region).items():
        pool, template, employers = pools[key], templates[key], employers_of[key]
        for candidate in candidates:
            plan = plan_membership(
                random.Random(f"werkbedrijf-demo:{seed}:pool-member:{key}:{candidate.uuid}"),
                candidate_hours=candidate.hours_per_week,
                employers=len(employers),
                individual_secondments=template.kind == PoolKind.LABOUR_POOL,
            )
            started_on = reference_date - timedelta(days=plan.started_days_ago)
            ended_on = started_on + timedelta(days=plan.ended_after_days) if plan.ended_after_days else None
            membership = membership_add(
                user=coach,
                region=region,
                pool=pool,
                candidate=candidate,
                started_on=started_on,
                hours_per_week=plan.hours,
                note=plan.note,
            )
            if plan.secondment is not None:
                employer_index, after, hours, length = plan.secondment
                employer, tasks = employers[employer_index]
                seconded_on = started_on + timedelta(days=after)
                until = seconded_on + timedelta(days=length) if length else None
                if ended_on is not None:
                    until = min(until or ended_on, ended_on)
                secondment_add(
                    user=coach,
                    region=region,
                    membership=membership,
                    employer=employer,
                    started_on=seconded_on,
                    ended_on=until,
                    hours_per_week=hours,
                    tasks=tasks,
                )
            if ended_on is not None:
                membership_end(
                    user=coach,
                    region=region,
                    membership=membership,
                    ended_on=ended_on,
                    reason=plan.end_reason,
                )
    group = next((t for t in POOL_TEMPLATES if t.kind == PoolKind.GROUP_SECONDMENT), None)
    if group is not None and group.key in pools:
        employer, tasks = employers_of[group.key][0]
        _second_the_group(user=coach, pool=pools[group.key], employer=employer, tasks=tasks)
    return list(pools.values())


def _second_the_group(*, user: User, pool: LabourPool, employer: Employer, tasks: str) -> None:
    """Second the group pool's current members who are not seconded yet together, from the day after the last
    of them joined."""
    waiting = list(
        PoolMembership.objects.filter(pool=pool, ended_on__isnull=True)
        .exclude(secondments__isnull=False)
        .select_related("candidate", "pool")
        .order_by("pk")
    )
    if len(waiting) < 2:
        return
    group_secondment_add(
        user=user,
        region=pool.region,
        pool=pool,
        memberships=waiting,
        employer=employer,
        started_on=max(m.started_on for m in waiting) + timedelta(days=1),
        hours_per_week=min(min(m.hours_per_week for m in waiting), Decimal(20)),
        tasks=tasks,
    )


# --- support: the instrument catalogue, budgets, wage-value assessments and grants -----------------------


def _raw_delete(queryset) -> None:
    # The models refuse to delete finalised assessments, grants and their history, to protect real records;
    # a synthetic demo person the demo removes takes them along, as it takes the person.
    queryset._raw_delete(queryset.db)


def _purge_support(candidates) -> None:
    """Delete the proposals, round suggestions, assessments and grants of these (demo) candidates, with their
    tasks, lines and history."""
    placements = Placement.objects.filter(candidate__in=candidates)
    Reminder.objects.filter(checkpoint__placement__in=placements).delete()
    _raw_delete(CoachingActivity.objects.filter(plan__placement__in=placements))
    _raw_delete(CoachingPlan.objects.filter(placement__in=placements))
    _raw_delete(Checkpoint.objects.filter(placement__in=placements))
    _raw_delete(PlacementHours.objects.filter(placement__in=placements))
    Placement.grants.through.objects.filter(placement__in=placements).delete()
    _raw_delete(placements)
    proposals = Proposal.objects.filter(candidate__in=candidates)
    _raw_delete(ProposalEvent.objects.filter(proposal__in=proposals))
    _raw_delete(proposals)
    RoundSuggestion.objects.filter(candidate__in=candidates).delete()
    grants = Grant.objects.filter(candidate__in=candidates)
    _raw_delete(PaymentLine.objects.filter(grant__in=grants))
    _raw_delete(GrantStatusChange.objects.filter(grant__in=grants))
    _raw_delete(grants)
    assessments = Assessment.objects.filter(candidate__in=candidates)
    _raw_delete(AssessmentTask.objects.filter(assessment__in=assessments))
    _raw_delete(assessments)


@dataclass(frozen=True)
class _Subject:
    """A demo candidate at work at a demo employer, and the support the demo gives them there."""

    candidate: Candidate
    employer: Employer
    hours: Decimal
    workplace: str
    job: JobTemplate
    vacancy: Vacancy | None
    creator: User  # the consultant who asks for the assessment
    plan: AssessmentPlan
    grants: tuple[GrantPlan, ...]


def _job_for(
    rng: random.Random, profile: EmployerProfile, vacancy: Vacancy | None, tasks: str = ""
) -> JobTemplate:
    """The profile's job the candidate does: the vacancy's, else the one whose words best match the tasks of
    the secondment (a random one among equals)."""
    if vacancy is not None:
        for job in profile.jobs:
            if job.esco_code == vacancy.occupation.esco_code and job.title.lower() in vacancy.title.lower():
                return job

    def words(text: str) -> set[str]:
        return {w for w in re.findall(r"[a-zë]+", text.lower()) if len(w) > 4}

    wanted = words(tasks)
    scores = [len(wanted & words(" ".join((job.title, *job.tasks)))) for job in profile.jobs]
    return rng.choice([job for job, score in zip(profile.jobs, scores, strict=True) if score == max(scores)])


def _support_vacancies(employers: list[Employer]) -> list[Vacancy]:
    """The demo employers' ordinary jobs that someone from the target group could hold now."""
    return list(
        Vacancy.objects.filter(
            employer__in=employers,
            status__in=(VacancyStatus.OPEN, VacancyStatus.FILLED),
            kind__in=(VacancyKind.JOBS_AGREEMENT, VacancyKind.REGULAR, VacancyKind.LEARNING_WORK),
            carved_task_links__isnull=True,
        )
        .select_related("employer__organisation", "occupation")
        .order_by("employer__organisation__name", "title", "pk")
    )


def _support_subjects(
    *, data: _RegionData, orgs: _Organisations, seed: int, today: date, target_groups, decision_weeks: int
) -> list[_Subject]:
    """Per municipality with demo staff, its demo candidates (of the wage-cost subsidy's target groups) to
    assess: first those seconded to a demo employer today (one per employer, the longest seconded first, as
    the scenarios go from the oldest observation to the newest), then others at a demo employer's job,
    round the jobs in turn. Depends only on the candidates, secondments and vacancies, so a re-run on the
    same day chooses the same people."""
    region = data.region
    employers = [e for e in _demo_employers(orgs) if employer_profile(e.organisation.name) is not None]
    vacancies = _support_vacancies(employers)
    second = _second_municipality(data)
    plans = [(data.by_size[0], LARGEST_SCENARIOS)]
    if second.pk != data.by_size[0].pk:
        plans.append((second, SECOND_SCENARIOS))
    subjects: list[_Subject] = []
    for municipality, scenarios in plans:
        organisation = orgs.municipalities[municipality.pk]
        creator = _demo_user(region, Role.CONSULTANT, organisation=organisation)
        if creator is None:
            continue
        eligible = Candidate.objects.filter(
            region=region,
            responsible_organisation=organisation,
            target_group__in=target_groups,
            email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
        )
        # (candidate, employer, hours, pool, tasks of the secondment, vacancy)
        chosen: list[tuple[Candidate, Employer, Decimal, str, str, Vacancy | None]] = []
        taken_employers: set[int] = set()
        seconded = (
            Secondment.objects.filter(
                membership__candidate__in=eligible, employer__in=employers, started_on__lte=today
            )
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
            .select_related("membership__candidate", "membership__pool", "employer__organisation")
            .order_by("started_on", "membership__candidate__uuid", "pk")
        )
        for secondment in seconded:
            candidate = secondment.membership.candidate
            if len(chosen) == len(scenarios) or secondment.employer_id in taken_employers:
                continue
            if any(c.pk == candidate.pk for c, *_rest in chosen):
                continue
            taken_employers.add(secondment.employer_id)
            pool = secondment.membership.pool.name
            chosen.append(
                (candidate, secondment.employer, secondment.hours_per_week, pool, secondment.tasks, None)
            )
        if vacancies:
            others = eligible.exclude(pk__in=[c.pk for c, *_rest in chosen]).order_by("uuid")
            start = random.Random(f"werkbedrijf-demo:{seed}:{municipality.name}:support").randrange(
                len(vacancies)
            )
            for index, candidate in enumerate(others[: len(scenarios) - len(chosen)]):
                vacancy = vacancies[(start + index) % len(vacancies)]
                chosen.append((candidate, vacancy.employer, vacancy.hours_per_week, "", "", vacancy))
        for scenario, (candidate, employer, hours, pool, tasks, vacancy) in zip(
            scenarios, chosen, strict=False
        ):
            rng = random.Random(f"werkbedrijf-demo:{seed}:support:{candidate.uuid}")
            job = _job_for(rng, employer_profile(employer.organisation.name), vacancy, tasks)
            plan = plan_assessment(
                rng,
                scenario=scenario,
                job_tasks=job.tasks,
                today=today,
                decision_weeks=decision_weeks,
                deviates=scenario == GRANTED_WITH_COACHING,
            )
            if candidate.hours_per_week:
                hours = min(hours, candidate.hours_per_week)
            subjects.append(
                _Subject(
                    candidate=candidate,
                    employer=employer,
                    hours=hours,
                    workplace=f"{job.title}, gedetacheerd vanuit {pool}" if pool else job.title,
                    job=job,
                    vacancy=vacancy,
                    creator=creator,
                    plan=plan,
                    grants=plan_grants(rng, scenario=scenario, observed=plan.observed_on),
                )
            )
    return subjects


def _build_budgets(*, data: _RegionData, instruments: dict, years: set[int]) -> None:
    """The yearly budgets of every municipality with a demo instrument officer (who sets them), for the
    instruments the municipality pays; a budget already set is left as it is."""
    region = data.region
    areas = Counter(municipality_id for _pc4, municipality_id in data.postcode_areas)
    largest = areas[data.by_size[0].pk] or 1
    officers = User.objects.filter(
        role_assignments__region=region,
        role_assignments__role=Role.INSTRUMENT_OFFICER,
        email__endswith=DEMO_EMAIL_DOMAIN,
        organisation__kind=OrganisationKind.MUNICIPALITY,
    ).select_related("organisation")
    existing = set(
        Budget.objects.filter(region=region).values_list("organisation_id", "instrument__code", "year")
    )
    for officer in officers.order_by("username"):
        organisation = officer.organisation
        share = areas[organisation.municipality_id] / largest
        for code, amount in budget_amounts(share).items():
            instrument = instruments.get(code)
            if instrument is None:
                continue
            for year in sorted(years):
                if (organisation.pk, code, year) not in existing:
                    budget_set(
                        user=officer,
                        region=region,
                        organisation=organisation,
                        instrument=instrument,
                        year=year,
                        allocated=amount,
                    )


def _assessment_of(*, region: Region, subject: _Subject, expert: User) -> Assessment:
    """The subject's assessment at the employer: the existing one (the latest), else a new one made as
    planned. The consultant asks for it; the expert enters the tasks, records both views and finalises."""
    existing = (
        Assessment.objects.filter(candidate=subject.candidate, employer=subject.employer)
        .defer("report_pdf")
        .order_by("-created_at", "-pk")
        .first()
    )
    if existing is not None:
        return existing
    plan = subject.plan
    assessment = assessment_create(
        user=subject.creator,
        region=region,
        candidate=subject.candidate,
        employer=subject.employer,
        assessor=expert,
        workplace=subject.workplace,
        location=EmployerLocation.objects.filter(employer=subject.employer, is_main=True).first(),
        reference_job=subject.job.title,
        reference_job_scale=subject.job.wage_scale,
        reference_hourly_wage=plan.reference_hourly_wage,
        observed_on=plan.observed_on,
    )
    for task in plan.tasks:
        task_add(
            user=expert,
            region=region,
            assessment=assessment,
            name=task.name,
            share_pct=task.share_pct,
            minutes_per_day=task.minutes_per_day,
            tempo_pct=task.tempo_pct,
            quality_pct=task.quality_pct,
            third_factor_pct=task.third_factor_pct,
        )
    if not plan.finalise:
        return assessment
    view_record(
        user=expert,
        region=region,
        assessment=assessment,
        party="employer",
        text=plan.employer_view,
        given_by=plan.employer_view_by,
    )
    view_record(
        user=expert, region=region, assessment=assessment, party="candidate", text=plan.candidate_view
    )
    return assessment_finalise(
        user=expert,
        region=region,
        assessment=assessment,
        reported_wage_value=plan.reported_wage_value,
        next_assessment_on=plan.next_assessment_on,
        next_assessment_agreed=True,
        deviation_reason=plan.deviation_reason,
        conclusion=plan.conclusion,
    )


def _grant(
    *,
    region: Region,
    subject: _Subject,
    plan: GrantPlan,
    assessment: Assessment,
    instrument: Instrument,
    officer: User,
) -> None:
    """Apply, decide as planned and book the lines of months gone by as paid (a few days after each month,
    never before the decision)."""
    values = {}
    if instrument.kind == InstrumentKind.WAGE_COST_SUBSIDY:
        record = wage_value_for_grant(subject.candidate)
        linked = record is not None and record.assessment == assessment
        values = {
            "wage_value": assessment.result_percent,
            "wage_value_source": record.source
            if linked
            else f"Loonwaardemeting bij {subject.employer.organisation.name}",
        }
    grant = grant_apply(
        user=officer,
        region=region,
        candidate=subject.candidate,
        employer=subject.employer,
        instrument=instrument,
        applied_on=plan.applied_on,
        period_start=plan.period_start,
        period_end=plan.period_end,
        hours_per_week=subject.hours,
        requested_amount=plan.requested_amount,
        vacancy=subject.vacancy,
        note=plan.note,
        **values,
    )
    if plan.decided_on is None:
        return
    grant = grant_decide(
        user=officer,
        region=region,
        grant=grant,
        granted=plan.granted,
        decided_on=plan.decided_on,
        note=plan.decision_note,
    )
    today = timezone.localdate()
    for line in grant.payment_lines.filter(status=PaymentStatus.PLANNED, period_end__lt=today).order_by(
        "month"
    ):
        paid_on = min(today, max(plan.decided_on, line.period_end + timedelta(days=5)))
        payment_line_mark_paid(user=officer, region=region, line=line, paid_on=paid_on)


def _build_support(*, data: _RegionData, orgs: _Organisations, seed: int) -> int:
    """The region's instrument catalogue (the starter package), budgets, and wage-value assessments with the
    grants that follow, written through the instruments and wage_value services as the demo's consultants,
    wage-value expert and instrument officer. Existing records are found again (an assessment by candidate
    and employer, a grant by candidate and instrument, a budget by organisation, instrument and year) and
    left alone: finalised assessments and grant histories never change. Returns the number of grants that
    could not be decided because the legal figures they need are missing."""
    region = data.region
    today = timezone.localdate()
    load_starter_package(region)
    instruments = {i.code: i for i in Instrument.objects.filter(region=region)}
    subsidy = instruments.get(WAGE_COST_SUBSIDY)
    version = version_on(subsidy, today) if subsidy is not None else None
    expert = _demo_user(region, Role.WAGE_VALUE_EXPERT)
    officer = _demo_user(
        region, Role.INSTRUMENT_OFFICER, organisation=orgs.municipalities[data.by_size[0].pk]
    )
    subjects = []
    if version is not None and expert is not None:
        subjects = _support_subjects(
            data=data,
            orgs=orgs,
            seed=seed,
            today=today,
            target_groups=version.target_groups,
            decision_weeks=version.decision_period_weeks,
        )
    years = {today.year} | {g.decided_on.year for s in subjects for g in s.grants if g.decided_on}
    _build_budgets(data=data, instruments=instruments, years=years)
    skipped = 0
    applied_for = set(
        Grant.objects.filter(region=region).values_list("candidate_id", "instrument_version__instrument")
    )
    for subject in subjects:
        assessment = _assessment_of(region=region, subject=subject, expert=expert)
        if officer is None or not assessment.is_finalised:
            continue
        for plan in subject.grants:
            instrument = instruments.get(plan.instrument_code)
            if instrument is None or (subject.candidate.pk, instrument.pk) in applied_for:
                continue
            if subject.candidate.responsible_organisation_id != officer.organisation_id:
                continue
            try:
                with transaction.atomic():
                    _grant(
                        region=region,
                        subject=subject,
                        plan=plan,
                        assessment=assessment,
                        instrument=instrument,
                        officer=officer,
                    )
            except ValidationError:
                skipped += 1
    return skipped


def _support_counts(region: Region) -> dict[str, int]:
    assessments = Assessment.objects.filter(region=region)
    grants = Grant.objects.filter(region=region)
    return {
        "instruments": Instrument.objects.filter(region=region).count(),
        "budgets": Budget.objects.filter(region=region, year=timezone.localdate().year).count(),
        "assessments": assessments.count(),
        "finalised_assessments": assessments.filter(status=AssessmentStatus.FINALISED).count(),
        "grants": grants.count(),
        "granted": grants.filter(status__in=(GrantStatus.GRANTED, GrantStatus.ACTIVE)).count(),
        "awaiting_decision": grants.filter(status=GrantStatus.APPLIED).count(),
        "refused": grants.filter(status=GrantStatus.REFUSED).count(),
        "paid_lines": PaymentLine.objects.filter(grant__region=region, status=PaymentStatus.PAID).count(),
        "proposals": Proposal.objects.filter(region=region).count(),
        "active_proposals": Proposal.objects.filter(region=region, state__in=ACTIVE_STATES).count(),
        "rounds": MatchRound.objects.filter(region=region).count(),
        "round_suggestions": RoundSuggestion.objects.filter(round__region=region).count(),
        "placements": Placement.objects.filter(region=region).count(),
        "running_placements": Placement.objects.filter(region=region, ended_on__isnull=True).count(),
    }


def _work_counts(*, orgs: _Organisations, pools: list[LabourPool]) -> dict[str, int]:
    vacancies = Vacancy.objects.filter(employer__organisation__in=orgs.employers)
    members = PoolMembership.objects.filter(pool__in=pools, ended_on__isnull=True)
    today = timezone.localdate()
    return {
        "vacancies": vacancies.count(),
        "carved_jobs": vacancies.filter(carved_task_links__isnull=False).distinct().count(),
        "labour_pools": len(pools),
        "pool_members": members.count(),
        "secondments": Secondment.objects.filter(membership__in=members, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .count(),
    }


def _chunks(items: list, size: int = BSN_QUERY_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _sync_candidates(
    *, data: _RegionData, orgs: _Organisations, seed: int, count: int, reference_date: date, stdout
) -> tuple[int, int]:
    """Make the region's demo candidates exactly the first `count` of the seed's stream.

    Memory grows with the number of this region's demo candidates only: BSNs and uuids are checked
    against the database a batch at a time. Returns (created, removed).
    """
    region = data.region
    demo_candidates = Candidate.objects.filter(
        region=region, email__endswith=f"@{DEMO_EMAIL_DOMAIN}"
    ).order_by()
    # This region's demo rows that no spec has claimed yet: BSN -> digest of the compared fields.
    unclaimed: dict[str, int] = {
        row[0]: hash(row[1:])
        for row in demo_candidates.values_list("bsn", *_COMPARED_FIELDS).iterator(
            chunk_size=CANDIDATE_BATCH_SIZE
        )
    }

    def taken(bsns: list[str]) -> list[str]:
        """The BSNs of `bsns` held by anyone other than this region's demo candidates."""
        found = []
        for chunk in _chunks(bsns):
            found += (
                Candidate.objects.filter(bsn__in=chunk)
                .exclude(region=region, email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
                .order_by()
                .values_list("bsn", flat=True)
            )
        return found

    def delete(bsns: list[str]) -> None:
        """Delete this region's demo rows with these BSNs (a BSN is unique, so no region filter needed), with
        their labour-pool memberships, secondments, assessments and grants, which would otherwise keep
        them."""
        for chunk in _chunks(bsns):
            demo = {"bsn__in": chunk, "email__endswith": f"@{DEMO_EMAIL_DOMAIN}"}
            _purge_support(Candidate.objects.filter(**demo))
            Secondment.objects.filter(
                membership__in=PoolMembership.objects.filter(candidate__in=Candidate.objects.filter(**demo))
            ).delete()
            PoolMembership.objects.filter(candidate__in=Candidate.objects.filter(**demo)).delete()
            Candidate.objects.filter(**demo).delete()

    uwv_id = orgs.uwv.pk
    municipality_org_ids = {m_id: org.pk for m_id, org in orgs.municipalities.items()}
    # Confirmation dates count back from the day of the run (freshness is about today); they are set when a
    # candidate is inserted and kept on re-runs, so profiles age as they would in a real pool.
    now = timezone.now()
    consent_recorder = User.objects.get(
        role_assignments__region=region,
        role_assignments__role=Role.FUNCTIONAL_ADMIN,
        email__endswith=DEMO_EMAIL_DOMAIN,
    )
    consents: dict[str, bool] = {}
    specs = generate_candidates(
        rng=random.Random(f"werkbedrijf-demo:{seed}:{region.code}:candidates"),
        bsns=unique_bsns(
            random.Random(f"werkbedrijf-demo:{seed}:{region.code}:bsns"),
            taken=taken,
            batch_size=max(1, min(count, CANDIDATE_BATCH_SIZE)),
        ),
        pools=build_name_pools(seed),
        postcode_areas=data.postcode_areas,
        count=count,
        reference_date=reference_date,
    )

    # Desired occupations out of the demo's jobs, so that matching has something to compare.
    esco_list = sorted(esco_codes())
    occupation_ids = dict(Occupation.objects.filter(esco_code__in=esco_list).values_list("esco_code", "pk"))
    wishes: dict[uuid.UUID, tuple[str, ...]] = {}
    Desired = Candidate.desired_occupations.through

    def to_model(spec: CandidateSpec, responsible_id: int, skills: str) -> Candidate:
        return Candidate(
            uuid=spec.uuid,
            bsn=spec.bsn,
            first_name=spec.first_name,
            last_name_prefix=spec.last_name_prefix,
            last_name=spec.last_name,
            date_of_birth=spec.date_of_birth,
            gender=spec.gender,
            email=spec.email,
            phone=spec.phone,
            postcode=spec.postcode,
            municipality_id=spec.municipality_key,
            region=region,
            responsible_organisation_id=responsible_id,
            target_group=spec.target_group,
            in_target_group_register=spec.in_target_group_register,
            register_ground=spec.register_ground,
            registered_from=spec.registered_from,
            education_level=spec.education_level,
            skills=skills,
            hours_per_week_min=spec.hours_per_week_min,
            hours_per_week=spec.hours_per_week,
            available_from=spec.available_from,
            last_confirmed_at=now - timedelta(days=spec.confirmed_days_ago),
        )

    def insert(batch: list[Candidate], outdated: list[str]) -> int:
        """Insert `batch` after deleting the demo rows in its way; returns how many rows were deleted.

        In the way are rows with a new candidate's BSN but other data (`outdated`) and rows with a new
        candidate's uuid but another BSN: when a BSN someone else held is free again, the numbers of the
        people after it shift by one.
        """
        for chunk in _chunks([c.uuid for c in batch]):
            # Without a region filter, which would make SQLite walk the region index instead of this one.
            for bsn in Candidate.objects.filter(uuid__in=chunk).order_by().values_list("bsn", flat=True):
                if unclaimed.pop(bsn, None) is not None:
                    outdated.append(bsn)
        delete(outdated)
        Candidate.objects.bulk_create(batch, batch_size=CANDIDATE_BATCH_SIZE)
        Desired.objects.bulk_create(
            (
                Desired(candidate_id=c.pk, occupation_id=occupation_ids[code])
                for c in batch
                for code in wishes.pop(c.uuid, ())
                if code in occupation_ids
            ),
            batch_size=CANDIDATE_BATCH_SIZE,
        )
        Consent.objects.bulk_create(
            Consent(
                candidate=c,
                scope=ConsentScope.REGION_WIDE,
                given_at=c.last_confirmed_at,
                recorded_by=consent_recorder,
            )
            for c in batch
            if consents.pop(c.bsn)
        )
        # The demo runs with DEBUG on, where Django keeps the SQL of the last 9,000 queries: here ~100 MB.
        reset_queries()
        return len(outdated)

    batch: list[Candidate] = []
    outdated: list[str] = []
    created = removed = 0
    for done, spec in enumerate(specs, start=1):
        responsible_id = (
            uwv_id if spec.target_group in UWV_TARGET_GROUPS else municipality_org_ids[spec.municipality_key]
        )
        digest = unclaimed.pop(spec.bsn, None)
        wanted, skills = candidate_wishes(spec.uuid.int, esco_list)
        if digest is None or digest != hash(_compared(spec, responsible_id, skills)):
            batch.append(to_model(spec, responsible_id, skills))
            wishes[spec.uuid] = wanted
            consents[spec.bsn] = spec.region_consent
            if digest is not None:
                outdated.append(spec.bsn)
        if len(batch) >= CANDIDATE_BATCH_SIZE or (batch and done == count):
            removed += insert(batch, outdated)
            created += len(batch)
            batch, outdated = [], []
        if done % CANDIDATE_BATCH_SIZE == 0 or done == count:
            _write_progress(stdout, done, count)
    stale = list(unclaimed)
    delete(stale)
    return created, removed + len(stale)


def demo_region_build(
    *,
    region_code: str = DEFAULT_REGION_CODE,
    seed: int = DEFAULT_SEED,
    candidates: int = DEFAULT_CANDIDATES,
    reference_date: date | None = None,
    stdout=None,
) -> DemoResult:
    """Create or bring up to date the demo data of one region; running it twice gives the same state.

    Ages and availability dates are drawn relative to `reference_date` (default: 1 January of this year),
    so a rebuild in the same year gives the same people.
    """
    demo_allowed_check()
    if not 0 <= candidates <= MAX_CANDIDATES:
        raise DemoDataError(
            _("The number of candidates must be between 0 and %(max)s.")
            % {"max": number_format(MAX_CANDIDATES, force_grouping=True)}
        )
    started = time.perf_counter()
    reference_date = reference_date or date(timezone.localdate().year, 1, 1)
    data = _region_data(region_code)
    with transaction.atomic():
        orgs = _build_organisations(data)
        if stdout is not None:
            stdout.write(_("Organisations: %(count)s") % {"count": orgs.count})
        logins, users_created = _build_users(data=data, orgs=orgs, seed=seed)
        _build_employers(data=data, orgs=orgs, seed=seed)
        if stdout is not None:
            stdout.write(_("Users: %(count)s") % {"count": len(logins)})
        created, removed = _sync_candidates(
            data=data, orgs=orgs, seed=seed, count=candidates, reference_date=reference_date, stdout=stdout
        )
        _build_vacancies(data=data, orgs=orgs, seed=seed)
        pools = _build_labour_pools(data=data, orgs=orgs, seed=seed, reference_date=reference_date)
        counts = _work_counts(orgs=orgs, pools=pools)
        if stdout is not None:
            stdout.write(_("Vacancies: %(vacancies)s, of which carved jobs: %(carved_jobs)s") % counts)
            stdout.write(
                _(
                    "Labour pools: %(labour_pools)s, with %(pool_members)s current members and "
                    "%(secondments)s current secondments"
                )
                % counts
            )
        skipped = _build_support(data=data, orgs=orgs, seed=seed)
        _build_matching(data=data)
        _build_history(data=data, seed=seed, reference_date=reference_date)
        support = _support_counts(data.region)
        counts |= support
        if stdout is not None:
            stdout.write(
                _("Instruments in the catalogue: %(instruments)s, budgets set for this year: %(budgets)s")
                % support
            )
            stdout.write(
                _("Wage-value assessments: %(assessments)s, of which finalised: %(finalised_assessments)s")
                % support
            )
            stdout.write(
                _(
                    "Grants: %(grants)s (%(granted)s granted, %(awaiting_decision)s awaiting a decision, "
                    "%(refused)s refused), payment lines paid: %(paid_lines)s"
                )
                % support
            )
            stdout.write(
                _(
                    "Proposals: %(proposals)s (%(active_proposals)s in an active process), matching rounds: "
                    "%(rounds)s with %(round_suggestions)s suggestions"
                )
                % support
            )
            stdout.write(
                _("Placements over ten years: %(placements)s (%(running_placements)s running)") % support
            )
            if skipped:
                stdout.write(
                    ngettext(
                        "%(count)s grant was left out: the legal figures it needs are missing. Run "
                        "`werkbedrijf load_reference_data` first.",
                        "%(count)s grants were left out: the legal figures they need are missing. Run "
                        "`werkbedrijf load_reference_data` first.",
                        skipped,
                    )
                    % {"count": skipped}
                )
        if created or removed or users_created:
            log_access(
                actor=None,
                action=AccessAction.CREATE,
                object_type="demo_region",
                object_label=data.region.code,
                context=(
                    f"werkbedrijf demo: synthetische demogegevens (seed {seed}, {candidates} kandidaten; "
                    f"{created} aangemaakt, {removed} verwijderd)"
                ),
                region_code=data.region.code,
            )
    return DemoResult(
        region_code=data.region.code,
        region_name=data.region.name,
        organisations=orgs.count,
        logins=tuple(logins),
        password=DEMO_PASSWORD,
        candidates=candidates,
        candidates_created=created,
        candidates_removed=removed,
        seconds=time.perf_counter() - started,
        **counts,
    )
