"""Benchmark: the employer list of a WSP account manager with 20,000 employers, on SQLite and PostgreSQL.

Builds the demo region AM18 (without candidates), adds `--size` synthetic employers (an employer
organisation with a KvK number, an SBI division, a size class, an account manager for most) with 0 to 8
contact moments each, then times one page of 50 of `employer_list` with its exact total, as the list page
shows it:

- sorted by name, no filter; a search on a name fragment; a KvK-number prefix; one SBI section;
- sorted by last contact (newest first, and oldest first), also with the section filter;
- page 100 sorted by name and sorted by last contact.

Next to each figure, in the same run on the same data: "old", the queries before this benchmark was written
(kept below as `old_employer_list`), and "floor", a plain `SELECT ... LIMIT 50` of 50 employers with their
organisation, sector and account manager: what reading one page costs at the least.

The SQLite database is kept in var/bench/ (gitignored) and reused (`--rebuild` makes a new one). PostgreSQL
uses a database `werkbedrijf_bench_employers` on 127.0.0.1:5432 (BENCH_POSTGRES_URL for another server),
created and dropped here unless `--keep`. `--explain` prints the plans of the sector filter sorted by last
contact (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite).

    .venv/bin/python bench/employer_list.py [--size 20000] [--databases sqlite postgres] [--repeat 5]
        [--rebuild] [--keep] [--explain]
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
CACHE = ROOT / "var" / "bench"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
POSTGRES_DATABASE = "werkbedrijf_bench_employers"
TRADES = (
    "Bouwbedrijf",
    "Bakkerij",
    "Zorggroep",
    "Transport",
    "Installatietechniek",
    "Schoonmaakbedrijf",
    "Hoveniers",
    "Logistiek",
    "Drukkerij",
    "Autobedrijf",
    "Horeca Groep",
    "Metaalbewerking",
    "Kinderopvang",
    "Groothandel",
    "Supermarkt",
    "Recycling",
)
CASES = {
    "by name": {},
    "search name 'bouw'": {"search": "bouw"},
    "search KvK prefix": {"search": "1234"},
    "section G (trade)": {"sector_section": "G"},
    "by last contact": {"sort": "last_contact"},
    "by last contact, oldest first": {"sort": "-last_contact"},
    "section G by last contact": {"sector_section": "G", "sort": "last_contact"},
    "by name, page 100": {"page": 100},
    "by last contact, page 100": {"sort": "last_contact", "page": 100},
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument(
        "--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"]
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="Generate the data again.")
    parser.add_argument("--keep", action="store_true", help="Keep (and reuse) the PostgreSQL database.")
    parser.add_argument("--explain", action="store_true", help="Print the query plans.")
    parser.add_argument("--worker", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args)))
        return
    results = {}
    for database in args.databases:
        command = [sys.executable, __file__, "--worker", database, "--size", str(args.size)]
        command += ["--repeat", str(args.repeat)]
        command += [flag for flag in ("--rebuild", "--keep", "--explain") if getattr(args, flag[2:])]
        completed = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
        lines = completed.stdout.strip().splitlines()
        print("\n".join(lines[:-1]))
        results[database] = json.loads(lines[-1])
    report(results, args.size)


def report(results: dict, size: int) -> None:
    print(
        f"\nEmployer list of an account manager, {size:,} employers in the region: one page of 50 with its"
        " exact total, best of runs, in ms"
    )
    for database, figures in results.items():
        print(f"\n{database} (data: {figures['build']})")
        print(f"  floor (SELECT ... LIMIT 50): {figures['floor']:.1f} ms")
        print(f"  {'case':<32} {'rows':>7} {'new':>9} {'old':>9} {'old/new':>8} {'new/floor':>10}")
        for name, case in figures["cases"].items():
            print(
                f"  {name:<32} {case['count']:>7,} {case['new']:>9.1f} {case['old']:>9.1f} "
                f"{case['old'] / case['new']:>7.1f}x {case['new'] / figures['floor']:>9.1f}x"
            )


def _setup(args) -> str:
    os.environ["DJANGO_SETTINGS_MODULE"] = "werkbedrijf.conf.test"
    sys.path.insert(0, str(SRC))
    if args.worker == "sqlite":
        cached = CACHE / f"employers-{args.size}.sqlite3"
        complete = cached.with_suffix(".complete")
        os.environ["DATABASE_URL"] = f"sqlite:///{cached}"
        if args.rebuild or not complete.exists():
            complete.unlink(missing_ok=True)
            for path in (cached, Path(f"{cached}-wal"), Path(f"{cached}-shm")):
                path.unlink(missing_ok=True)
            CACHE.mkdir(parents=True, exist_ok=True)
            seconds = _build(args.size)
            complete.touch()
            return f"generated in {seconds:.0f} s, kept in {cached.relative_to(ROOT)}"
        return f"reused {cached.relative_to(ROOT)}"
    os.environ["DATABASE_URL"] = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
    if args.keep and not args.rebuild and _postgres_has(args.size):
        return f"reused database {POSTGRES_DATABASE}"
    with _admin_connection() as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
        connection.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")
    return f"generated in {_build(args.size):.0f} s"


def _build(size: int) -> float:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from werkbedrijf.accounts.models import Organisation, OrganisationKind, Role, User
    from werkbedrijf.demo.generation import build_name_pools, random_kvk_number
    from werkbedrijf.demo.services import demo_region_build
    from werkbedrijf.employers.models import ContactMoment, ContactMomentKind, Employer, SectorType, SizeClass
    from werkbedrijf.parameters.loader import load_legal_parameters
    from werkbedrijf.regions.loader import load_all
    from werkbedrijf.regions.models import Region, Sector

    settings.DEBUG = True  # the demo runs only on a development system; this throwaway database is one
    settings.WERKBEDRIJF_DEMO_ALLOWED = True
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_all()
    load_legal_parameters()
    demo_region_build(candidates=0)
    settings.DEBUG = False

    rng = random.Random(2026)
    region = Region.objects.get(code="AM18")
    managers = list(
        User.objects.filter(role_assignments__region=region, role_assignments__role=Role.ACCOUNT_MANAGER)
    )
    authors = managers + list(
        User.objects.filter(role_assignments__region=region, role_assignments__role=Role.CONSULTANT)
    )
    divisions = list(Sector.objects.filter(classification="SBI2008", level="afdeling"))
    surnames = [last for _prefix, last in build_name_pools(2026).last_names]
    places = ["Amsterdam", "Amstelveen", "Diemen", "Aalsmeer", "Uithoorn", "Ouder-Amstel", "Haarlemmermeer"]
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, size, 2000):
            organisations = Organisation.objects.bulk_create(
                Organisation(
                    region=region,
                    kind=OrganisationKind.EMPLOYER,
                    name=f"{rng.choice(TRADES)} {rng.choice(surnames)} {rng.choice(places)}",
                    kvk_number=random_kvk_number(rng),
                )
                for _ in range(min(2000, size - start))
            )
            employers = Employer.objects.bulk_create(
                Employer(
                    organisation=organisation,
                    sector=rng.choice(divisions),
                    size_class=rng.choice(SizeClass.values),
                    sector_type=SectorType.GOVERNMENT if rng.random() < 0.1 else SectorType.MARKET,
                    account_manager=rng.choice(managers) if rng.random() < 0.8 else None,
                )
                for organisation in organisations
            )
            ContactMoment.objects.bulk_create(
                ContactMoment(
                    employer=employer,
                    author=rng.choice(authors),
                    occurred_at=now - timedelta(days=rng.randint(0, 1100), minutes=rng.randint(0, 1440)),
                    kind=rng.choice(ContactMomentKind.values),
                    summary="Synthetisch contactmoment voor de benchmark.",
                )
                for employer in employers
                for _ in range(rng.choice((0, 0, 1, 2, 3, 4, 6, 8)))
            )
    return time.perf_counter() - started


def measure(args) -> dict:
    build = _setup(args)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would have it on a live server

    from werkbedrijf.accounts.models import User
    from werkbedrijf.employers.models import Employer
    from werkbedrijf.employers.selectors import EmployerFilters, employer_list
    from werkbedrijf.regions.models import Region

    user = User.objects.get(username="accountmanager")
    region = Region.objects.get(code="AM18")

    def best_of(function, repeat):
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            function()
            best = min(best, time.perf_counter() - started)
        return best * 1000

    def new(kwargs):
        filters = {k: v for k, v in kwargs.items() if k != "page"}
        page = employer_list(
            user=user, region=region, filters=EmployerFilters(**filters), page_number=kwargs.get("page")
        )
        return page.paginator.count, [(e.uuid, e.last_contact_at) for e in page.object_list]

    def old(kwargs):
        return old_employer_list(user=user, region=region, **kwargs)

    floor = best_of(
        lambda: list(
            Employer.objects.select_related("organisation", "sector", "account_manager").order_by()[:50]
        ),
        args.repeat,
    )
    cases = {}
    for name, kwargs in CASES.items():
        count, shown = new(kwargs)
        assert (count, shown) == old(kwargs), f"{name}: the old and the new queries disagree"
        cases[name] = {
            "count": count,
            "new": best_of(lambda kwargs=kwargs: new(kwargs), args.repeat),
            "old": best_of(lambda kwargs=kwargs: old(kwargs), max(1, min(args.repeat, 3))),
        }
    if args.explain:
        explain(user, region)
    if args.worker == "postgres" and not args.keep:
        from django.db import connections

        connections.close_all()
        with _admin_connection() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
    return {"build": build, "floor": floor, "cases": cases}


def old_employer_list(*, user, region, search="", sector_section="", sort="name", page=None):
    """The employer list as it was queried before: the baseline."""
    from django.core.paginator import Paginator
    from django.db.models import F, OuterRef, Q, Subquery

    from werkbedrijf.employers.models import ContactMoment, Employer

    last_contact = Subquery(
        ContactMoment.objects.filter(employer=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    qs = (
        Employer.objects.filter(organisation__region=region)
        .select_related("organisation", "sector", "account_manager")
        .annotate(last_contact_at=last_contact)
    )
    if search:
        condition = Q(organisation__name__icontains=search)
        if search.isdigit():
            condition |= Q(organisation__kvk_number__startswith=search)
        qs = qs.filter(condition)
    if sector_section:
        qs = qs.filter(sector__section=sector_section)
    if sort == "name":
        order = ["organisation__name", "uuid"]
    elif sort == "last_contact":
        order = [F("last_contact_at").desc(nulls_last=True), "organisation__name", "uuid"]
    else:
        order = [F("last_contact_at").asc(nulls_first=True), "organisation__name", "uuid"]
    page = Paginator(qs.order_by(*order), 50).get_page(page)
    return page.paginator.count, [(e.uuid, e.last_contact_at) for e in page.object_list]


def explain(user, region) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from werkbedrijf.employers.selectors import EmployerFilters, employer_list

    with CaptureQueriesContext(connection) as captured:
        employer_list(
            user=user,
            region=region,
            filters=EmployerFilters(sector_section="G", sort="last_contact"),
            page_number=2,
        )
    prefix = "EXPLAIN (ANALYZE, COSTS OFF)" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    print(f"== plans on {connection.vendor}: section G by last contact, page 2")
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if "employers_employer" not in sql:
                continue
            print(f"\n-- {sql[:300]}{' …' if len(sql) > 300 else ''}")
            cursor.execute(f"{prefix} {sql}")
            for row in cursor.fetchall():
                print("   ", row[-1])


def _admin_connection():
    import psycopg

    return psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True)


def _postgres_has(size: int) -> bool:
    import psycopg

    try:
        with psycopg.connect(f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}") as connection:
            row = connection.execute("SELECT count(*) FROM employers_employer").fetchone()
    except psycopg.Error:
        return False
    return row is not None and row[0] >= size


if __name__ == "__main__":
    main()
