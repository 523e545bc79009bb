"""Benchmark: the best 20 candidates for a vacancy out of 300,000 with the candidate index (matching/index.py)
next to the straightforward implementation, in the same run on the same data; and a round's edges.

It builds a temporary database (SQLite by default; `--postgres URL` adds a run on a PostgreSQL server, in a
database created and dropped here): migrations, reference data, the demo region AM18 without candidates
(organisations, users, employers, vacancies), 6 more vacancies of the kinds the demo lacks, two priority
rules, and `--candidates` synthetic candidates written straight into the tables (with functional abilities,
desired occupations, sectors, consents), spread over the region's PC4 areas. Then, for `--vacancies` open
vacancies (top 20, the full score, all hard constraints, the exclusions counted per reason):

- baseline "straightforward", two variants, timed per vacancy:
  (a) the candidate-side hard constraints in SQL (status, freshness, consent, availability, hours, register,
      indication), then facts.candidate_pool and the engine per remaining candidate, sort, top 20;
  (a') the selector before the index: every candidate's facts, the engine per candidate (this one counts
      the exclusions per reason too);
- the index: a cold build (time, memory: numpy bytes, Python heap from tracemalloc in a second build, RSS
  growth), then warm queries per vacancy, through `RegionIndex.rank` and through the whole
  `matches_for_vacancy` of a consultant (facts of the vacancy, weights, rules, profiles, access log);
- identical results: the top 20 (ids, points, tiers) and the eligible count of (a), (a') and the index, and
  the considered count and exclusion counts of (a') and the index, must be equal, or the run fails;
- the check every use makes without changes, and an incremental update of 100 changed candidates;
- the check without an index on candidates(region, updated_at), then with one (created here).

Then a round: `round_edges` next to the engine-per-pair `round_edges_reference` on `--round-small`
(candidates × vacancies, identical edges required), and on `--round-large` every eligible edge as arrays
(`--edge-objects`: also as Edge objects, ~1.5 µs and ~200 bytes each), and the best 20 per position with
assignment.solve on them, to see the whole round.

    .venv/bin/python bench/matching_top20.py [--candidates 300000] [--vacancies 20] [--repeat 15]
        [--round-small 2000x500] [--round-large 50000x5000] [--edge-objects]
        [--postgres postgres://postgres@127.0.0.1:5432] [--no-sqlite]
"""

import argparse
import contextlib
import gc
import math
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_DATABASE = "werkbedrijf_bench_top20"
UPDATED_INDEX = "candidate_changed_since_idx"  # the migration's (candidates 0004)

# The synthetic pool: shares as in a regional pool (demo/generation.py), with the profile fields the demo
# leaves empty filled in.
TARGET_GROUPS = {
    "participation_act": 62,
    "wajong": 18,
    "wia": 7,
    "special_education": 6,
    "wsw_indication": 4,
    "sheltered_work": 3,
}
REGISTER = {
    "participation_act": ("participation_below_minimum_wage", 0.85),
    "wajong": ("wajong", 0.97),
    "wia": ("uwv_own_request", 0.10),
    "special_education": ("former_special_education", 0.90),
    "wsw_indication": ("wsw_indication", 0.80),
    "sheltered_work": ("none", 0.0),
}
STATUSES = {"available": 70, "in_process": 10, "placed": 8, "temporarily_unavailable": 7, "left": 5}
EDUCATION = {"": 10, "none_basic": 15, "vmbo_mbo1": 35, "mbo_2_4": 30, "havo_vwo": 6, "hbo_wo": 4}
TRANSPORT = {"": 10, "none": 30, "bicycle": 35, "moped": 5, "car": 20}
MAX_TRAVEL = [None, None, None, 5, 10, 15, 15, 20, 25, 30, 40]
HOURS = {8: 4, 12: 6, 16: 14, 20: 18, 24: 20, 28: 12, 32: 16, 36: 10}
SKILLS = [
    "kassa", "heftruck", "schoonmaken", "hygiëne", "klantcontact", "excel", "rijbewijs b", "tuin", "koken",
    "inpakken", "orderpicken", "telefoon", "post sorteren", "groenonderhoud", "afwassen", "vakkenvullen",
]  # fmt: skip
RUBRICS = [
    "personal_functioning", "social_functioning", "physical_environment", "dynamic_actions",
    "static_postures", "working_hours",
]  # fmt: skip
SECTIONS = "ABCDEFGHIJKLMNOPQRSTU"
# ISCO major groups of the occupations candidates want: mostly elementary, service and clerical work.
WANTED_MAJOR_GROUPS = {"9": 40, "5": 20, "4": 15, "7": 10, "8": 10, "6": 3, "3": 2}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=300_000)
    parser.add_argument("--vacancies", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=15, help="Warm queries per vacancy.")
    parser.add_argument(
        "--baseline-vacancies", type=int, default=3, help="Vacancies for which (a) and (a') are timed."
    )
    parser.add_argument(
        "--round-small", default="2000x500", help="Candidates x vacancies, with the reference."
    )
    parser.add_argument("--round-large", default="50000x5000", help="Candidates x vacancies, index only.")
    parser.add_argument(
        "--edge-objects", action="store_true", help="Also every edge of --round-large as Edge objects."
    )
    parser.add_argument("--postgres", metavar="URL", help="Also run on this PostgreSQL server (no database).")
    parser.add_argument("--no-sqlite", action="store_true", help="Only PostgreSQL (with --postgres).")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--worker", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run(args)
        return
    workdir = Path(tempfile.mkdtemp(prefix="werkbedrijf-top20-"))
    try:
        urls = [] if args.no_sqlite else [("SQLite", f"sqlite:///{workdir / 'bench.sqlite3'}")]
        if args.postgres:
            urls.append(("PostgreSQL", f"{args.postgres.rstrip('/')}/{POSTGRES_DATABASE}"))
        for name, url in urls:
            print(f"\n######## {name}", flush=True)
            if name == "PostgreSQL":
                _postgres(args.postgres, f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
                _postgres(args.postgres, f"CREATE DATABASE {POSTGRES_DATABASE}")
            command = [sys.executable, __file__, "--worker", url]
            for flag in (
                "candidates",
                "vacancies",
                "repeat",
                "baseline_vacancies",
                "round_small",
                "round_large",
                "seed",
            ):
                command += [f"--{flag.replace('_', '-')}", str(getattr(args, flag))]
            command += ["--edge-objects"] if args.edge_objects else []
            try:
                subprocess.run(command, check=True)
            finally:
                if name == "PostgreSQL":
                    _postgres(args.postgres, f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
                    # Round edges do not touch the database: measured once, on SQLite.
            args.round_small = args.round_large = "0x0"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _postgres(server: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median_p90(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, math.ceil(0.9 * len(ordered)) - 1)]


# --- the data ---------------------------------------------------------------------------------------------


def setup(args) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "werkbedrijf.conf.test"
    os.environ["DATABASE_URL"] = args.worker
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def build(args):
    """Migrate, load reference data and the demo region without candidates, then add the synthetic pool."""
    from django.conf import settings
    from django.core.management import call_command

    from werkbedrijf.demo.services import demo_region_build
    from werkbedrijf.parameters.loader import load_legal_parameters
    from werkbedrijf.regions.loader import load_all

    settings.DEBUG = True  # the demo runs only on a development system; this throwaway database is one
    settings.WERKBEDRIJF_DEMO_ALLOWED = True
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_all()
    load_legal_parameters()
    demo_region_build(candidates=0)
    settings.DEBUG = False
    base = time.perf_counter() - started
    started = time.perf_counter()
    insert_candidates(args.candidates, args.seed)
    extra_vacancies_and_rules(args.seed)
    print(
        f"data: migrate + reference data + demo region {base:.0f} s; {args.candidates:,} synthetic "
        f"candidates {time.perf_counter() - started:.0f} s",
        flush=True,
    )


def _weighted(rnd: random.Random, table: dict):
    return rnd.choices(list(table), list(table.values()))[0]


def insert_candidates(count: int, seed: int) -> None:
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from werkbedrijf.accounts.models import Organisation, Role, User
    from werkbedrijf.candidates.models import Candidate, Consent, FunctionalAbility
    from werkbedrijf.regions.models import Occupation, PostcodeArea, Region, Sector
    from werkbedrijf.vacancies.models import Vacancy

    rnd = random.Random(seed)
    region = Region.objects.get(code="AM18")
    areas = sorted(
        PostcodeArea.objects.filter(municipality__memberships__region=region)
        .values_list("pc4", "municipality_id")
        .distinct()
    )
    organisations = dict(
        Organisation.objects.filter(region=region, municipality__isnull=False).values_list(
            "municipality_id", "pk"
        )
    )
    uwv = Organisation.objects.get(region=region, kind="uwv").pk
    fallback = min(organisations.values())
    recorder = User.objects.filter(
        role_assignments__region=region, role_assignments__role=Role.FUNCTIONAL_ADMIN
    )[0]
    # Occupations people want: a few hundred, weighted to elementary and service work, with every vacancy's.
    by_major: dict[str, list[int]] = {}
    for pk, code in Occupation.objects.values_list("pk", "group__code").order_by("pk"):
        by_major.setdefault(code[:1], []).append(pk)
    wanted = set(Vacancy.objects.filter(region=region).values_list("occupation_id", flat=True))
    for major, weight in WANTED_MAJOR_GROUPS.items():
        wanted |= set(rnd.sample(by_major.get(major, []), min(len(by_major.get(major, [])), weight * 5)))
    wanted_list = sorted(wanted)
    sections = dict(
        Sector.objects.filter(classification="SBI2008", level="sectie").values_list("section", "pk")
    )
    now = timezone.now()
    today = timezone.localdate()
    first_id = (Candidate.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    uuid_value = (lambda u: u) if connection.vendor == "postgresql" else (lambda u: u.hex)

    def new_uuid():
        return uuid_value(uuid.UUID(int=rnd.getrandbits(128), version=4))

    def candidate(pk: int) -> dict:
        group = _weighted(rnd, TARGET_GROUPS)
        ground, chance = REGISTER[group]
        registered = rnd.random() < chance
        registered_from = today - timedelta(days=rnd.randint(30, 3650)) if registered else None
        until = None
        if registered and rnd.random() < 0.1:
            until = max(registered_from, today + timedelta(days=rnd.randint(-200, 400)))
        pc4, municipality = rnd.choice(areas)
        maximum = _weighted(rnd, HOURS) if rnd.random() > 0.05 else None
        confirmed = rnd.random()
        if confirmed < 0.03:
            confirmed_at = None
        else:
            days = rnd.randint(0, 89) if confirmed < 0.88 else rnd.randint(90, 400)
            confirmed_at = now - timedelta(days=days, seconds=rnd.randint(0, 86_399))
        return {
            "id": pk,
            "uuid": new_uuid(),
            "bsn": f"{pk:09d}",
            "first_name": "Test",
            "last_name_prefix": "",
            "last_name": "Kandidaat",
            "date_of_birth": today - timedelta(days=rnd.randint(16 * 365, 66 * 365)),
            "email": "",
            "phone": "",
            "postcode": f"{pc4} AB" if rnd.random() > 0.02 else "9999 ZZ",  # 2% outside known PC4 areas
            "target_group": group,
            "register_ground": ground if registered else "none",
            "registered_from": registered_from,
            "registered_until": until,
            "in_target_group_register": registered,
            "needs_job_coach": False,
            "needs_workplace_adaptation": False,
            "needs_transport_support": False,
            "education_level": _weighted(rnd, EDUCATION),
            "skills": ", ".join(rnd.sample(SKILLS, rnd.choice((0, 1, 2, 3)))),
            "languages": "",
            "driving_licence": False,
            "own_transport": _weighted(rnd, TRANSPORT),
            "max_travel_km": rnd.choice(MAX_TRAVEL),
            "hours_per_week_min": max(4, maximum - rnd.choice((0, 4, 8))) if maximum else None,
            "hours_per_week": maximum,
            "available_from": today + timedelta(days=rnd.randint(-180, 120)) if rnd.random() < 0.5 else None,
            "last_confirmed_at": confirmed_at,
            "status": _weighted(rnd, STATUSES),
            "created_at": now - timedelta(days=rnd.randint(0, 1800)),
            # Written before the run: a check looks back OVERLAP (2 minutes) and re-reads what changed in it.
            "updated_at": now - timedelta(days=rnd.randint(1, 400), seconds=rnd.randint(0, 86_399)),
            "municipality_id": municipality,
            "region_id": region.pk,
            "responsible_organisation_id": (
                uwv if group in ("wajong", "wia") else organisations.get(municipality, fallback)
            ),
            "shared_in_region": rnd.random() < 0.85,
            "gender": "",
        }

    columns = list(candidate(0))
    candidate_sql = "INSERT INTO candidates_candidate ({}) VALUES ({})".format(  # noqa: S608 (fixed names)
        ", ".join(columns), ", ".join(["%s"] * len(columns))
    )
    ability_sql = (
        "INSERT INTO candidates_functionalability (uuid, rubric, level, note, candidate_id) "
        "VALUES (%s, %s, %s, '', %s)"
    )
    occupation_sql = (
        "INSERT INTO candidates_candidate_desired_occupations (candidate_id, occupation_id) VALUES (%s, %s)"
    )
    sector_sql = "INSERT INTO candidates_candidate_sectors (candidate_id, sector_id) VALUES (%s, %s)"
    consent_sql = (
        "INSERT INTO candidates_consent (uuid, scope, given_at, withdrawn_at, candidate_id, recorded_by_id) "
        "VALUES (%s, 'region_wide', %s, NULL, %s, %s)"
    )
    batch = 10_000
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, count, batch):
            candidates, abilities, occupations, sectors, consents = [], [], [], [], []
            for pk in range(first_id + start, first_id + min(count, start + batch)):
                row = candidate(pk)
                candidates.append([row[column] for column in columns])
                for rubric in RUBRICS:
                    if rnd.random() < 0.3:
                        level = rnd.choices((1, 2, 3, 4), (30, 35, 25, 10))[0]
                        abilities.append((new_uuid(), rubric, level, pk))
                for occupation in rnd.sample(wanted_list, rnd.choices((0, 1, 2, 3), (10, 45, 30, 15))[0]):
                    occupations.append((pk, occupation))
                for section in rnd.sample(SECTIONS, rnd.choice((0, 0, 1, 2, 3))):
                    sectors.append((pk, sections[section]))
                if row["shared_in_region"]:  # the consent triggers keep the flag true to these rows
                    consents.append((new_uuid(), now, pk, recorder.pk))
            cursor.executemany(candidate_sql, candidates)
            cursor.executemany(ability_sql, abilities)
            cursor.executemany(occupation_sql, occupations)
            cursor.executemany(sector_sql, sectors)
            cursor.executemany(consent_sql, consents)
        assessments = finalised_assessments(rnd, region, range(first_id, first_id + count), now)
        print(f"{len(assessments):,} finalised wage-value assessments written", flush=True)
        models = [Candidate, FunctionalAbility, Consent]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def finalised_assessments(rnd: random.Random, region, candidate_ids, now) -> list:
    """A finalised wage-value assessment for a quarter of the candidates (two for some: a correction), with
    results from 20 to 95 %, written in bulk (the cost factor reads the latest)."""
    from werkbedrijf.accounts.models import Role, User
    from werkbedrijf.employers.models import Employer
    from werkbedrijf.wage_value.models import Assessment, AssessmentStatus

    expert = User.objects.filter(
        role_assignments__region=region, role_assignments__role=Role.WAGE_VALUE_EXPERT
    ).first()
    employers = list(Employer.objects.filter(organisation__region=region).values_list("pk", flat=True))
    if expert is None or not employers:
        return []
    rows = []
    for pk in candidate_ids:
        for _ in range(rnd.choices((0, 1, 2), (75, 22, 3))[0]):
            result = rnd.randint(20, 95)
            finalised = now - timedelta(days=rnd.randint(1, 700), seconds=rnd.randint(0, 86_399))
            rows.append(
                Assessment(
                    region=region,
                    candidate_id=pk,
                    employer_id=rnd.choice(employers),
                    assessor=expert,
                    method="ulm_2021",
                    observed_on=finalised.date(),
                    employer_view_recorded_at=finalised,
                    candidate_view_recorded_at=finalised,
                    computed_pct=Decimal(result),
                    computed_wage_value=result,
                    result_percent=result,
                    next_assessment_on=finalised.date() + timedelta(days=365),
                    next_assessment_agreed=True,
                    status=AssessmentStatus.FINALISED,
                    finalised_at=finalised,
                    finalised_by=expert,
                    created_by=expert,
                )
            )
    Assessment.objects.bulk_create(rows, batch_size=5_000)
    return rows


def extra_vacancies_and_rules(seed: int) -> None:
    """Vacancies of the kinds the demo lacks, and two priority rules, written through the services."""
    from django.utils import timezone

    from werkbedrijf.accounts.models import Role, User
    from werkbedrijf.employers.models import Employer
    from werkbedrijf.matching import services as matching_services
    from werkbedrijf.regions.models import Occupation, Region
    from werkbedrijf.vacancies.models import Vacancy, VacancyStatus
    from werkbedrijf.vacancies.services import vacancy_create, vacancy_status_change

    rnd = random.Random(seed)
    region = Region.objects.get(code="AM18")
    manager = User.objects.filter(
        role_assignments__region=region, role_assignments__role=Role.ACCOUNT_MANAGER
    )[0]
    admin = User.objects.filter(
        role_assignments__region=region, role_assignments__role=Role.FUNCTIONAL_ADMIN
    )[0]
    employers = list(Employer.objects.filter(vacancies__region=region).distinct().order_by("pk"))
    today = timezone.localdate()
    occupations = {
        code: Occupation.objects.filter(group__code__startswith=code).order_by("pk").first()
        for code in ("9112", "9412", "5223", "8322", "4110", "9329")
    }
    plans = [  # title, kind, ISCO group, hours, demands, transport support, start in days
        ("Inpakker beschut", "sheltered_work", "9329", 20, {"physical_environment": 3}, False, 0),
        ("Chauffeur met vervoer", "jobs_agreement", "8322", 32, {}, True, 0),
        ("Winkelmedewerker 40 uur", "regular", "5223", 40, {}, False, 0),
        (
            "Leerwerkplek keuken",
            "learning_work",
            "9412",
            24,
            {"working_hours": 2, "dynamic_actions": 2},
            False,
            0,
        ),
        ("Schoonmaker later", "jobs_agreement", "9112", 16, {"static_postures": 3}, False, 120),
        ("Administratief medewerker", "regular", "4110", 28, {"social_functioning": 3}, True, 30),
    ]
    for title, kind, code, hours, demands, transport, start_in in plans:
        vacancy = vacancy_create(
            user=manager,
            region=region,
            employer=rnd.choice(employers),
            title=title,
            occupation=occupations[code],
            hours_per_week=Decimal(hours),
            kind=kind,
            tasks="Benchmark",
            start_date=today + timedelta(days=start_in) if start_in else None,
            number_of_positions=rnd.randint(1, 3),
            demands=[(rubric, level, "") for rubric, level in demands.items()],
            support_transport=transport,
        )
        vacancy_status_change(
            user=manager, region=region, vacancy=vacancy, to_status=VacancyStatus.OPEN, reason="Benchmark"
        )
    assert Vacancy.objects.filter(region=region, status=VacancyStatus.OPEN).count() >= 20
    matching_services.priority_rule_save(
        user=admin,
        region=region,
        name="Wajong eerst bij banenafspraak",
        valid_from=today - timedelta(days=30),
        target_groups=["wajong"],
        job_kinds=["jobs_agreement"],
        effect="first_tier",
    )
    matching_services.priority_rule_save(
        user=admin,
        region=region,
        name="Voorrang beschut werk",
        valid_from=today - timedelta(days=30),
        target_groups=["sheltered_work", "wsw_indication"],
        effect="bonus",
        bonus=8,
    )


# --- measuring --------------------------------------------------------------------------------------------


def timed(function, repeat: int = 1) -> tuple[object, list[float]]:
    """The result of the last call, and the seconds of each call."""
    seconds = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return result, seconds


def retained_mb() -> float:
    """RSS after collecting garbage and handing freed heap back to the system."""
    import ctypes

    gc.collect()
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return rss_mb()


def run(args) -> None:
    setup(args)
    build(args)
    from werkbedrijf.matching import index

    # The demo builder matched its region before the synthetic candidates were written straight into the
    # tables (with old updated_at, as a bulk load): start from no index, as a process that starts now.
    index.forget_indexes()

    from django.db import connection
    from django.utils import timezone

    from werkbedrijf.accounts.models import Role, User
    from werkbedrijf.candidates.models import Candidate
    from werkbedrijf.candidates.selectors import freshness_days
    from werkbedrijf.matching import index, selectors
    from werkbedrijf.matching.costs import CostCalculator
    from werkbedrijf.matching.facts import candidate_pool, job_facts
    from werkbedrijf.regions.models import Region
    from werkbedrijf.vacancies.models import Vacancy

    region = Region.objects.get(code="AM18")
    on = timezone.localdate()
    weights = selectors.weights_in_force(region=region, on=on)
    rules = selectors.priority_rules_in_force(region=region, on=on)
    days = freshness_days(region)
    consultant = (
        User.objects.filter(
            role_assignments__region=region,
            role_assignments__role=Role.CONSULTANT,
            organisation__kind="municipality",
        )
        .order_by("username")
        .first()
    )
    vacancies = job_facts(Vacancy.objects.filter(region=region, status="open").order_by("pk"))[
        : args.vacancies
    ]
    print(
        f"{connection.vendor}: {Candidate.objects.filter(region=region).count():,} candidates in AM18, "
        f"{len(vacancies)} open vacancies, {len(rules)} priority rules in force, user {consultant.username}",
        flush=True,
    )

    # --- the index: a cold build, memory, the check every use makes ----------------------------------------
    before = retained_mb()
    region_index = index.region_index(region)
    _none, build_seconds = timed(region_index.refresh)
    after_build_peak = peak_mb()
    retained = retained_mb() - before
    arrays = region_index.index.nbytes() / 2**20
    print(
        f"index build: {build_seconds[0]:.1f} s for {region_index.index.live:,} candidates; numpy arrays "
        f"{arrays:.1f} MB, RSS retained after the build {retained:.0f} MB (peak RSS of the process so far "
        f"{after_build_peak:.0f} MB)",
        flush=True,
    )
    checks = {}
    with connection.cursor() as cursor:  # measured first without the migration's index, then with it again
        cursor.execute(f"DROP INDEX IF EXISTS {UPDATED_INDEX}")
    for label, create in (("without", False), ("with", True)):
        if create:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"CREATE INDEX {UPDATED_INDEX} ON candidates_candidate (region_id, updated_at)"
                )
                cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "ANALYZE candidates_candidate")
        _none, plain = timed(region_index.refresh, 9)
        index.VERIFY_EVERY = 0
        _none, counting = timed(region_index.refresh, 5)
        index.VERIFY_EVERY = 10.0
        checks[label] = (statistics.median(plain) * 1000, statistics.median(counting) * 1000)
        print(
            f"check, {label} an index on candidates (region, updated_at): {checks[label][0]:.1f} ms; "
            f"with the count (every {index.VERIFY_EVERY:.0f} s): {checks[label][1]:.1f} ms",
            flush=True,
        )
    assert region_index.builds == 1 and region_index.reconciles == 0

    # --- the baselines -------------------------------------------------------------------------------------
    filters = selectors.MatchFilters()
    common = {
        "user": consultant,
        "region": region,
        "on": on,
        "weights": weights,
        "rules": rules,
        "days": days,
        "costs": CostCalculator(on),
    }
    pool, load = timed(
        lambda: [
            selectors._consent_as_seen_by(consultant, region, member)
            for member in candidate_pool(Candidate.objects.filter(region=region))
        ]
    )
    print(
        f"facts.candidate_pool of the region (as (a') reads it on every search): {load[0]:.1f} s", flush=True
    )
    rows = []
    timed_baselines = set(range(0, len(vacancies), max(1, len(vacancies) // args.baseline_vacancies)))
    for number, (vacancy, job) in enumerate(vacancies):
        # Every vacancy is checked against the engine on the facts read once; (a) and (a') are timed whole
        # for some (reading the facts costs most of (a'), the same for every vacancy).
        expected, loop = timed(
            lambda job=job: engine_ranking(pool, job, on, weights, rules, days, CostCalculator(on))
        )
        a_seconds = full_seconds = [float("nan")]
        if number in timed_baselines:
            sql, a_seconds = timed(lambda job=job: sql_prefiltered(common, job))
            full, full_seconds = timed(
                lambda job=job: selectors._ranked_with_engine(**common, job=job, filters=filters, limit=20)
            )
            top = [(pk, result.points, result.tier) for result, pk in full.top]
            if (full.considered, full.eligible, dict(full.reasons), top) != expected or sql != (
                expected[1],
                expected[3],
            ):
                print(f"BASELINES DIFFER for vacancy {vacancy.pk} ({vacancy.kind})")
                sys.exit(1)
        ranking, warm = timed(
            lambda job=job: region_index.rank(
                job,
                on,
                weights=weights,
                rules=rules,
                freshness_days=days,
                limit=20,
                own_organisation=consultant.organisation_id,
                sees_own_in_full=lambda: True,
                costs=CostCalculator(on),  # one per search, as the selector makes it
            ),
            args.repeat,
        )
        matches, selector = timed(
            lambda vacancy=vacancy: selectors.matches_for_vacancy(
                user=consultant, region=region, vacancy=vacancy, on=on, context="benchmark"
            ),
            max(3, args.repeat // 3),
        )
        found = (
            ranking.considered,
            ranking.eligible,
            ranking.excluded,
            [(r.pk, r.points, r.tier) for r in ranking.best],
        )
        shown = [(m.profile.uuid, m.score.points) for m in matches.matches]
        if found != expected or shown != [(uuid.UUID(r.facts.key), r.points) for r in ranking.best]:
            print(f"RESULTS DIFFER for vacancy {vacancy.pk} ({vacancy.kind})")
            sys.exit(1)
        rows.append(
            {
                "vacancy": f"{vacancy.title[:28]} ({vacancy.kind})",
                "eligible": ranking.eligible,
                "a": a_seconds[0] * 1000,
                "full": full_seconds[0] * 1000,
                "loop": loop[0] * 1000,
                "index": median_p90([seconds * 1000 for seconds in warm]),
                "selector": median_p90([seconds * 1000 for seconds in selector]),
                "warm": [seconds * 1000 for seconds in warm],
            }
        )
    report_queries(rows, load[0], checks)
    pool.clear()  # 300,000 candidates' facts: the garbage collector would walk them during the rounds
    gc.collect()

    # --- an incremental update of 100 changed candidates ---------------------------------------------------
    incremental(region, region_index, args.seed)
    print(f"peak RSS of the process: {peak_mb():.0f} MB", flush=True)

    # --- a round's edges -----------------------------------------------------------------------------------
    rounds(region, on, weights, rules, days, args)

    # --- what the index keeps, by tracemalloc (a second build, slower while traced) ------------------------
    tracemalloc.start()
    traced = index.RegionIndex(region.pk)
    traced.refresh()
    gc.collect()
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"\nindex memory (tracemalloc, a second build): {kept / 2**20:.0f} MB kept for "
        f"{traced.index.live:,} candidates ({kept / traced.index.live:.0f} bytes each; numpy arrays "
        f"{traced.index.nbytes() / 2**20:.0f} MB of it), peak during the build {peak / 2**20:.0f} MB",
        flush=True,
    )


def engine_ranking(pool, job, on, weights, rules, days, costs) -> tuple:
    """The engine pair by pair over facts already read, as selectors._ranked_with_engine ranks them:
    (considered, eligible, excluded per code, the best 20 as (id, points, tier))."""
    from collections import Counter

    from werkbedrijf.matching import engine

    reasons: Counter = Counter()
    ranked = []
    for member in pool:
        exclusions = engine.hard_constraints(member.facts, job, on, freshness_days=days)
        if exclusions:
            reasons.update({e.code for e in exclusions})
            continue
        cost = costs.pair(member.facts, job)
        ranked.append((engine.score(member.facts, job, weights, rules, on, cost=cost), member))
    ranked.sort(key=lambda item: (item[0].sort_key, item[1].facts.key))
    best = [(member.pk, result.points, result.tier) for result, member in ranked[:20]]
    return len(pool), len(ranked), dict(reasons), best


def sql_prefiltered(common: dict, job) -> tuple[int, list]:
    """Baseline (a): the candidate-side hard constraints in SQL, the rest by the engine per candidate."""
    from django.db.models import Q
    from django.utils import timezone

    from werkbedrijf.accounts.permissions import Visibility, candidate_visibility
    from werkbedrijf.candidates.models import Candidate
    from werkbedrijf.matching import engine, selectors
    from werkbedrijf.matching.facts import candidate_pool

    user, region, on, days = common["user"], common["region"], common["on"], common["days"]
    fresh_from = timezone.make_aware(datetime.combine(on - timedelta(days=days), datetime.min.time()))
    start = max(on, job.start_date) if job.start_date else on
    consent = Q(shared_in_region=True)
    if candidate_visibility(user, region, user.organisation_id) >= Visibility.FULL:
        consent |= Q(responsible_organisation_id=user.organisation_id)
    candidates = Candidate.objects.filter(
        consent,
        Q(available_from__isnull=True) | Q(available_from__lte=start),
        Q(hours_per_week__isnull=True) | Q(hours_per_week__gte=job.hours),
        Q(hours_per_week_min__isnull=True) | Q(hours_per_week_min__lte=job.hours),
        region=region,
        status="available",
        last_confirmed_at__gte=fresh_from,
    )
    if job.kind == engine.JOBS_AGREEMENT:
        candidates = candidates.filter(Q(registered_until__isnull=True) | Q(registered_until__gte=on)).filter(
            in_target_group_register=True
        )
    elif job.kind == engine.SHELTERED_WORK:
        candidates = candidates.filter(target_group__in=engine.SHELTERED_WORK_INDICATION)
    ranked = []
    for member in candidate_pool(candidates):
        member = selectors._consent_as_seen_by(user, region, member)
        if engine.hard_constraints(member.facts, job, on, freshness_days=days):
            continue
        cost = common["costs"].pair(member.facts, job)
        result = engine.score(member.facts, job, common["weights"], common["rules"], on, cost=cost)
        ranked.append((result.sort_key, member.facts.key, member.pk, result.points, result.tier))
    ranked.sort()
    return len(ranked), [(pk, points, tier) for _key, _uuid, pk, points, tier in ranked[:20]]


def report_queries(rows: list[dict], load: float, checks: dict) -> None:
    print(
        "\nTop 20 for a vacancy, every hard constraint and the full score, in ms. Index and selector: "
        "median / p90 of warm runs.\n(a) SQL filters + facts + engine, (a') the selector before the index "
        f"(the facts of every candidate, {load * 1000:,.0f} ms by itself, + the engine), timed for some "
        "vacancies;\nengine: the engine per candidate alone, on facts already read. Identical results for "
        "every vacancy."
    )
    print(
        f"  {'vacancy':<46} {'eligible':>8} {'(a)':>7} {'(a_)':>7} {'engine':>7} {'index':>12} "
        f"{'selector':>13} {'(a)/index':>9} {'(a_)/index':>10} {'engine/index':>12}".replace("(a_)", "(a')")
    )

    def number(value: float, width: int, suffix: str = "") -> str:
        return f"{'-':>{width + len(suffix)}}" if math.isnan(value) else f"{value:{width},.0f}{suffix}"

    for row in rows:
        index_median, index_p90 = row["index"]
        selector_median, selector_p90 = row["selector"]
        print(
            f"  {row['vacancy']:<46} {row['eligible']:>8,} {number(row['a'], 7)} {number(row['full'], 7)} "
            f"{row['loop']:7,.0f} {index_median:5.1f} /{index_p90:5.1f} "
            f"{selector_median:5.1f} /{selector_p90:5.1f} "
            f"{number(row['a'] / index_median, 8, 'x')} {number(row['full'] / index_median, 9, 'x')} "
            f"{row['loop'] / index_median:11,.0f}x"
        )
    every = [ms for row in rows for ms in row["warm"]]
    overall, p90 = median_p90(every)
    slowest = max(row["index"][0] for row in rows)
    baseline_a = statistics.median(row["a"] for row in rows if not math.isnan(row["a"]))
    baseline_full = statistics.median(row["full"] for row in rows if not math.isnan(row["full"]))
    loops = statistics.median(row["loop"] for row in rows)
    print(
        f"\n  index (RegionIndex.rank), all warm queries: median {overall:.1f} ms, p90 {p90:.1f} ms "
        f"(target: median <= 25 ms); the slowest vacancy's median {slowest:.1f} ms"
    )
    print(
        "  the whole selector (matches_for_vacancy: facts of the vacancy, weights, rules, the check, the "
        f"index, profiles, access log): median {statistics.median(row['selector'][0] for row in rows):.1f} ms"
    )
    print(
        f"  baseline (a) median {baseline_a:,.0f} ms: {baseline_a / overall:,.0f}x the index (target >= 20x);"
        f" (a') median {baseline_full:,.0f} ms: {baseline_full / overall:,.0f}x; the engine alone on facts "
        f"in memory median {loops:,.0f} ms: {loops / overall:,.0f}x"
    )
    print(
        f"  the check every use makes: {checks['with'][0]:.1f} ms with an index on (region, updated_at), "
        f"{checks['without'][0]:.1f} ms without; with the count every 10 s: {checks['with'][1]:.1f} ms "
        f"({checks['without'][1]:.1f} ms without)",
        flush=True,
    )


def incremental(region, region_index, seed: int) -> None:
    """100 candidates change (status, abilities, consent, desired occupations); the next check reads them."""
    from django.utils import timezone

    from werkbedrijf.candidates.models import Candidate, Consent, FunctionalAbility
    from werkbedrijf.matching.facts import candidate_pool

    rnd = random.Random(seed)
    pks = rnd.sample(sorted(Candidate.objects.filter(region=region).values_list("pk", flat=True)), 100)
    Candidate.objects.filter(pk__in=pks[:40]).update(status="placed", updated_at=timezone.now())
    for pk in pks[40:60]:
        FunctionalAbility.objects.update_or_create(
            candidate_id=pk, rubric="physical_environment", defaults={"level": 4}
        )
    recorder = Consent.objects.values_list("recorded_by_id", flat=True).first()
    for pk in pks[60:80]:  # consent withdrawn, or given
        active = Consent.objects.filter(candidate_id=pk, withdrawn_at__isnull=True).first()
        if active:
            active.withdrawn_at = timezone.now()
            active.save(update_fields=["withdrawn_at"])
        else:
            Consent.objects.create(
                candidate_id=pk, scope="region_wide", given_at=timezone.now(), recorded_by_id=recorder
            )
    occupation = Candidate.desired_occupations.field.related_model.objects.order_by("pk").first()
    for candidate in Candidate.objects.filter(pk__in=pks[80:]):
        candidate.desired_occupations.add(occupation)
    loaded, builds = region_index.loaded, region_index.builds
    _none, seconds = timed(region_index.refresh)
    assert region_index.builds == builds, "rebuilt"
    assert region_index.loaded - loaded == 100, f"{region_index.loaded - loaded} candidates read again"
    rows = region_index.index.rows_of(pks)
    facts = {m.pk: m.facts for m in candidate_pool(Candidate.objects.filter(pk__in=pks), include_left=True)}
    assert all(region_index.index.facts(int(row)) == facts[pk] for pk, row in zip(pks, rows, strict=True))
    _none, idle = timed(region_index.refresh, 5)
    print(
        f"\nincremental update: 100 changed candidates read and written in {seconds[0] * 1000:.0f} ms "
        f"(no rebuild); a check without changes {statistics.median(idle) * 1000:.1f} ms",
        flush=True,
    )


def round_jobs(rnd: random.Random, count: int, occupations: list, points: list) -> list:
    from werkbedrijf.matching.engine import RUBRICS, JobFacts

    jobs = []
    for _n in range(count):
        jobs.append(
            JobFacts(
                key=f"{uuid.UUID(int=rnd.getrandbits(128), version=4)}",
                kind=rnd.choices(
                    ["regular", "jobs_agreement", "sheltered_work", "learning_work"], [45, 40, 5, 10]
                )[0],
                occupation=rnd.choice(occupations),
                hours=Decimal(rnd.choice([8, 12, 16, 20, 24, 28, 32, 36, 40])),
                positions=rnd.choice([1, 1, 2, 3, 3]),
                demands={rubric: rnd.randint(2, 4) for rubric in RUBRICS if rnd.random() < 0.25},
                location=rnd.choice(points),
                start_date=None if rnd.random() < 0.6 else date.today() + timedelta(days=rnd.randint(0, 90)),
                transport_support=rnd.random() < 0.2,
                sector=rnd.choice(SECTIONS),
            )
        )
    return jobs


def rounds(region, on, weights, rules, days, args) -> None:
    from werkbedrijf.candidates.models import Candidate
    from werkbedrijf.matching.costs import CostCalculator
    from werkbedrijf.matching.facts import candidate_pool

    sizes = [
        tuple(int(part) for part in size.lower().split("x")) for size in (args.round_small, args.round_large)
    ]
    if not any(candidates for candidates, _jobs in sizes):
        return
    rnd = random.Random(args.seed)
    largest = max(candidates for candidates, _jobs in sizes)
    in_pool = Candidate.objects.filter(region=region).exclude(status="left")
    last = sorted(in_pool.values_list("pk", flat=True))[:largest][-1]
    pool = [m.facts for m in candidate_pool(Candidate.objects.filter(pk__lte=last, region=region))]
    occupations = sorted({o for f in pool for o in f.desired_occupations}, key=lambda o: o.key)
    points = sorted({f.location for f in pool if f.location is not None}, key=lambda p: (p.lat, p.lon))
    print(f"\nRound edges ({len(rules)} priority rules in force; facts of the pool read beforehand)")
    kwargs = {"weights": weights, "rules": rules, "freshness_days": days, "costs": CostCalculator(on)}
    for number, (candidates, count) in enumerate(sizes):
        if candidates:
            jobs = round_jobs(rnd, count, occupations, points)
            one_round(
                pool[:candidates], jobs, on, kwargs, with_reference=number == 0, objects=args.edge_objects
            )


def one_round(
    people: list, jobs: list, on: date, kwargs: dict, *, with_reference: bool, objects: bool
) -> None:
    from werkbedrijf.matching.assignment import solve
    from werkbedrijf.matching.index import round_edge_arrays, round_edges, round_edges_reference

    positions = sum(job.positions for job in jobs)
    head = f"  {len(people):,} candidates x {len(jobs):,} vacancies ({positions:,} positions)"
    if with_reference:
        edges, fast = timed(lambda: round_edges(people, jobs, on, **kwargs))
        reference, slow = timed(lambda: round_edges_reference(people, jobs, on, **kwargs))
        assert reference == edges, "round_edges differs from round_edges_reference"
        top = round_edges(people, jobs, on, top_k=5, **kwargs)
        assert top == round_edges_reference(people, jobs, on, top_k=5, **kwargs)
        print(
            f"{head}: round_edges {fast[0]:.2f} s (its index built in it), round_edges_reference "
            f"{slow[0]:.1f} s: {slow[0] / fast[0]:.0f}x; identical {len(edges):,} edges (also with top_k=5)",
            flush=True,
        )
        return
    arrays, as_arrays = timed(lambda: round_edge_arrays(people, jobs, on, **kwargs))
    print(
        f"{head}: every eligible edge as arrays (round_edge_arrays, its index built in it) "
        f"{as_arrays[0]:.2f} s, {len(arrays.points):,} edges",
        flush=True,
    )
    if objects:
        edges, as_objects = timed(lambda: round_edges(people, jobs, on, **kwargs))
        print(f"    the same as Edge objects (round_edges): {as_objects[0]:.1f} s", flush=True)
        del edges
        gc.collect()
    top, pruned = timed(lambda: round_edges(people, jobs, on, top_k=20, **kwargs))
    assignment, solving = timed(lambda: solve(top, {job.key: job.positions for job in jobs}))
    print(
        f"    round_edges with top_k=20: {pruned[0]:.2f} s, {len(top):,} edges; assignment.solve on them "
        f"{solving[0]:.1f} s ({len(assignment.proposals):,} proposals)",
        flush=True,
    )


if __name__ == "__main__":
    main()
