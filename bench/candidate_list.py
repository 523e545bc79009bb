"""Benchmark: the candidate list of a consultant in a pool of 300,000 candidates, on SQLite and PostgreSQL.

For each database it builds the demo region AM18 with `--size` candidates in a throwaway database, then
times one page (50 rows, with the total count, as the list page shows it) of `candidate_list` for the demo
consultant of Gemeente Amsterdam:

- baseline: no filter (own candidates first, then the region's other shared, fresh profiles);
- two filters: status "available" and target group "Participatiewet";
- two filters and a search by name (searches own candidates only);
- two filters, page 100.

Prints the best of `--repeat` runs in milliseconds and the ratio to the baseline of the same database.
PostgreSQL uses a database `werkbedrijf_bench` on 127.0.0.1:5432 (created and dropped by this script; set
BENCH_POSTGRES_URL to use another server).

    .venv/bin/python bench/candidate_list.py [--size 300000] [--databases sqlite postgres] [--repeat 5]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
POSTGRES_DATABASE = "werkbedrijf_bench"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=300_000)
    parser.add_argument(
        "--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"]
    )
    parser.add_argument("--repeat", type=int, default=5)
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
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results[database] = json.loads(output.strip().splitlines()[-1])
    report(results, args.size)


def report(results: dict, size: int) -> None:
    print(f"Candidate list of a consultant, {size:,} candidates in the region (best of runs, one page of 50)")
    for database, figures in results.items():
        print(f"\n{database}: build {figures.pop('build_seconds'):.0f} s")
        baseline = figures["baseline"]
        for name, ms in figures.items():
            print(f"  {name:<32} {ms:8.1f} ms   {ms / baseline:5.2f}x baseline")


def measure(args) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="werkbedrijf-bench-"))
    if args.worker == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        _recreate_postgres_database()
        os.environ["DATABASE_URL"] = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "werkbedrijf.conf.test"
    sys.path.insert(0, str(SRC))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = True  # the demo runs only on a development system; this throwaway database is one
    settings.WERKBEDRIJF_DEMO_ALLOWED = True

    from werkbedrijf.accounts.models import User
    from werkbedrijf.candidates.selectors import candidate_list
    from werkbedrijf.demo.services import demo_region_build
    from werkbedrijf.parameters.loader import load_legal_parameters
    from werkbedrijf.regions.loader import load_all
    from werkbedrijf.regions.models import Region

    class Quiet:
        def write(self, _text):
            pass

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_all()
    load_legal_parameters()
    demo_region_build(candidates=args.size, stdout=Quiet())
    settings.DEBUG = False  # no query log while timing
    build_seconds = time.perf_counter() - started

    user = User.objects.get(username="consulent.amsterdam")
    region = Region.objects.get(code="AM18")
    filters = {"status": "available", "target_group": "participation_act"}
    cases = {
        "baseline": {},
        "two filters": filters,
        "two filters + name search": {**filters, "search": "de"},
        "two filters, page 100": {**filters, "page_number": 100},
    }
    figures = {"build_seconds": build_seconds}
    for name, kwargs in cases.items():
        best = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = candidate_list(user=user, region=region, context="benchmark", **kwargs)
            result.page.paginator.count  # noqa: B018 - the list page shows the total
            best = min(best, time.perf_counter() - started)
        figures[name] = best * 1000
    if args.worker == "postgres":
        from django.db import connections

        connections.close_all()
        _drop_postgres_database()
    return figures


def _admin_connection():
    import psycopg

    return psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True)


def _recreate_postgres_database() -> None:
    with _admin_connection() as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
        connection.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")


def _drop_postgres_database() -> None:
    with _admin_connection() as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")


if __name__ == "__main__":
    main()
