"""Benchmark: the candidate list of a consultant in a pool of 300,000 candidates, on SQLite and PostgreSQL.

For each database it loads the demo region AM18 with `--size` candidates (the demo generator), then times
one page of 50 rows of `candidate_list` for the demo consultant of Gemeente Amsterdam, with the exact total
the page shows, in these cases:

- no filter (own candidates first, then the region's other shared, fresh profiles);
- two filters: status "available" and target group "Participatiewet";
- a search by name (searches own candidates only), alone and with the two filters;
- page 100, without and with the two filters;
- stale profiles only (own and shared).

Next to each figure, in the same run on the same data:
- "old": the strategy before the list was split into index-ordered parts (a consent subquery inside an OR,
  one sort of every matching row by a CASE expression, a COUNT over the same query);
- "floor": a plain `SELECT ... LIMIT 50` of 50 candidates of the region with their municipality, i.e. what
  reading one page costs at the least; the ratio new / floor says how close the list comes to it.

The generated SQLite database is kept in var/bench/ (gitignored) and reused by later runs (`--rebuild` makes a
new one); migrations are applied to it on every run. PostgreSQL uses a database `werkbedrijf_bench` on
127.0.0.1:5432 (BENCH_POSTGRES_URL for another server), created here and dropped afterwards unless `--keep`
(then a later run with `--keep` reuses it when it holds the same number of candidates).
`--explain` prints the plan of every query of the two-filter page (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN
QUERY PLAN on SQLite).

    .venv/bin/python bench/candidate_list.py [--size 300000] [--databases sqlite postgres] [--repeat 5]
        [--rebuild] [--keep] [--explain]
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
CACHE = ROOT / "var" / "bench"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
POSTGRES_DATABASE = "werkbedrijf_bench"
FILTERS = {"status": "available", "target_group": "participation_act"}
CASES = {
    "no filter": {},
    "two filters": FILTERS,
    "name search": {"search": "de"},
    "two filters + name search": {**FILTERS, "search": "de"},
    "page 100": {"page_number": 100},
    "two filters, page 100": {**FILTERS, "page_number": 100},
    "stale only": {"freshness": "only"},
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=300_000)
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
    # One process per database: Django's database settings are fixed once it is set up.
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
        f"\nCandidate list of a consultant, {size:,} candidates in the region: one page of 50 with its exact"
        " total, best of runs, in ms"
    )
    for database, figures in results.items():
        print(
            f"\n{database} (data: {figures['build']}; {figures['own']:,} own candidates, "
            f"{figures['shown']:,} in the unfiltered list)\n"
            f"  floor (SELECT ... LIMIT 50): {figures['floor']:.1f} ms"
        )
        print(f"  {'case':<28} {'rows':>7} {'new':>9} {'old':>9} {'old/new':>8} {'new/floor':>10}")
        for name, case in figures["cases"].items():
            print(
                f"  {name:<28} {case['count']:>7,} {case['new']:>9.1f} {case['old']:>9.1f} "
                f"{case['old'] / case['new']:>7.1f}x {case['new'] / figures['floor']:>9.1f}x"
            )


def _setup(args) -> str:
    """Point Django at the benchmark database (built or reused); returns what was done to get the data."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "werkbedrijf.conf.test"
    sys.path.insert(0, str(SRC))
    if args.worker == "sqlite":
        cached = CACHE / f"candidates-{args.size}.sqlite3"
        complete = cached.with_suffix(".complete")  # written once the build has finished
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
    _recreate_postgres_database()
    seconds = _build(args.size)
    return f"generated in {seconds:.0f} s"


def _build(size: int) -> float:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from werkbedrijf.demo.services import demo_region_build
    from werkbedrijf.parameters.loader import load_legal_parameters
    from werkbedrijf.regions.loader import load_all

    class Quiet:
        def write(self, _text):
            pass

    settings.DEBUG = True  # the demo runs only on a development system; this throwaway database is one
    settings.WERKBEDRIJF_DEMO_ALLOWED = True
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_all()
    load_legal_parameters()
    demo_region_build(candidates=size, stdout=Quiet())
    settings.DEBUG = False
    return time.perf_counter() - started


def measure(args) -> dict:
    build = _setup(args)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    settings.DEBUG = False  # no query log while timing
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would have them on a live server (and all-visible pages for
        # index-only scans); SQLite gets none (Django never runs ANALYZE there).
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")

    from werkbedrijf.accounts.models import User
    from werkbedrijf.candidates.models import Candidate
    from werkbedrijf.candidates.selectors import candidate_list
    from werkbedrijf.regions.models import Region

    user = User.objects.get(username="consulent.amsterdam")
    region = Region.objects.get(code="AM18")

    def best_of(function, repeat):
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            function()
            best = min(best, time.perf_counter() - started)
        return best * 1000

    def new(kwargs):
        result = candidate_list(user=user, region=region, context="benchmark", **kwargs)
        return result.page.paginator.count, [p.uuid for p in result.profiles]

    def old(kwargs):
        return old_candidate_list(user=user, region=region, **kwargs)

    floor = best_of(
        lambda: list(Candidate.objects.filter(region=region).select_related("municipality").order_by()[:50]),
        args.repeat,
    )
    cases = {}
    for name, kwargs in CASES.items():
        count, shown = new(kwargs)
        assert (count, shown) == old(kwargs), f"{name}: the old and the new strategy disagree"
        cases[name] = {
            "count": count,
            "new": best_of(lambda kwargs=kwargs: new(kwargs), args.repeat),
            "old": best_of(lambda kwargs=kwargs: old(kwargs), max(1, min(args.repeat, 3))),
        }
    same_rows(user, region)
    if args.explain:
        explain(user, region)
    figures = {
        "build": build,
        "floor": floor,
        "own": Candidate.objects.filter(region=region, responsible_organisation=user.organisation).count(),
        "shown": cases["no filter"]["count"],
        "cases": cases,
    }
    if args.worker == "postgres" and not args.keep:
        from django.db import connections

        connections.close_all()
        _drop_postgres_database()
    return figures


def old_candidate_list(*, user, region, status="", target_group="", search="", freshness="", page_number=1):
    """The list as it was queried before: kept here as the baseline, with the same paging and profiles."""
    from django.core.paginator import Paginator
    from django.db.models import Case, Exists, F, OuterRef, Q, Value, When

    from werkbedrijf.candidates.models import Candidate, Consent, ConsentScope
    from werkbedrijf.candidates.selectors import candidate_profiles, stale_before

    is_own = Q(responsible_organisation_id=user.organisation_id)
    consent = Consent.objects.filter(
        candidate=OuterRef("pk"), scope=ConsentScope.REGION_WIDE, withdrawn_at__isnull=True
    )
    qs = (
        Candidate.objects.filter(region=region)
        .select_related("municipality", "responsible_organisation")
        .prefetch_related("abilities", "desired_occupations")
        .annotate(has_region_consent=Exists(consent))
    )
    qs = qs.filter(is_own) if search else qs.filter(is_own | Q(has_region_consent=True))
    if status:
        qs = qs.filter(status=status)
    if target_group:
        qs = qs.filter(target_group=target_group)
    stale = Q(last_confirmed_at__isnull=True) | Q(last_confirmed_at__lt=stale_before(region))
    qs = qs.filter(stale) if freshness == "only" else qs.filter(is_own | ~stale)
    for word in search.split():
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    qs = qs.annotate(
        own_first=Case(When(is_own, then=Value(0)), default=Value(1)),
        own_last_name=Case(When(is_own, then=F("last_name")), default=Value("")),
        own_first_name=Case(When(is_own, then=F("first_name")), default=Value("")),
    ).order_by("own_first", "own_last_name", "own_first_name", "municipality__name", "uuid")
    page = Paginator(qs, 50).get_page(page_number)
    profiles = candidate_profiles(user=user, region=region, candidates=page.object_list, context="benchmark")
    return page.paginator.count, [p.uuid for p in profiles]


def same_rows(user, region) -> None:
    """The listing gives the rows and order of candidate_queryset (pages on both sides of its seams)."""
    from werkbedrijf.candidates.selectors import candidate_listing, candidate_queryset

    listing = candidate_listing(user=user, region=region, **FILTERS)
    queryset = candidate_queryset(user=user, region=region, **FILTERS)
    seams, offset = [], 0
    for segment in listing.segments():
        offset += segment.size
        seams.append(offset)
    for seam in seams[:4]:
        window = slice(max(seam - 30, 0), seam + 30)
        assert [c.pk for c in listing[window]] == [c.pk for c in queryset[window]], f"rows differ at {seam}"


def explain(user, region) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from werkbedrijf.candidates.selectors import candidate_listing

    with CaptureQueriesContext(connection) as captured:
        listing = candidate_listing(user=user, region=region, **FILTERS)
        listing.count()
        listing[4950:5000]
    prefix = "EXPLAIN (ANALYZE, COSTS OFF)" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    print(f"== plans on {connection.vendor}: the two-filter list, page 100")
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.startswith("SELECT"):
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
            row = connection.execute(
                "SELECT count(*) FROM candidates_candidate c JOIN regions_region r ON r.id = c.region_id"
                " WHERE r.code = 'AM18'"
            ).fetchone()
    except psycopg.Error:
        return False
    return row is not None and row[0] == size


def _recreate_postgres_database() -> None:
    with _admin_connection() as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
        connection.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")


def _drop_postgres_database() -> None:
    with _admin_connection() as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")


if __name__ == "__main__":
    main()
