"""Benchmark: the region dashboard over ten years of placements, next to the straightforward computation.

It builds a temporary database (SQLite by default; `--postgres URL` adds a run on a PostgreSQL server, in a
database created and dropped here) with the demo region AM18 (organisations, users, employers; a quarter
of the employers made government), `--candidates` synthetic candidates (as bench/matching_top20.py writes
them) and `--placements` placements spread over the last ten years (durations of a few months to many
years, a third still running, 20% with a change of hours, contracts and hours as in a region), written
straight into the tables. Then:

- the monitoring figures built from scratch (monitoring/cube.py: time, rows, peak memory);
- the dashboard as a board member (small numbers suppressed) and as an account manager
  (`monitoring.selectors.dashboard`: the month's progress by sector, the twelve-month series, municipalities
  with their pool share, target groups, retention, the proposals funnel, budgets), warm, median and p90;
- the baseline: the dashboard's first figures (the twelve-month series by sector and the municipalities at
  the month's end) computed straight from the placements and their hours on each request, in Python over the
  rows read (the straightforward implementation without ready figures), with identical results required.

    .venv/bin/python bench/monitoring_dashboard.py [--candidates 300000] [--placements 48000] [--repeat 15]
        [--postgres postgres://postgres@127.0.0.1:5432] [--no-sqlite]
"""

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching_top20 import _postgres, insert_candidates, median_p90, peak_mb, setup  # noqa: E402

POSTGRES_DATABASE = "werkbedrijf_bench_monitoring"
CONTRACTS = {"regular": 70, "secondment": 10, "labour_pool": 8, "sheltered_work": 7, "trial": 5}
HOURS = [8, 12, 16, 20, 24, 28, 32, 36]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=300_000)
    parser.add_argument("--placements", type=int, default=48_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--worker", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run(args)
        return
    workdir = Path(tempfile.mkdtemp(prefix="werkbedrijf-monitoring-"))
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
            for flag in ("candidates", "placements", "repeat", "seed"):
                command += [f"--{flag}", str(getattr(args, flag))]
            try:
                subprocess.run(command, check=True)
            finally:
                if name == "PostgreSQL":
                    _postgres(args.postgres, f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def build(args) -> None:
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
    insert_candidates(args.candidates, args.seed)
    months = insert_placements(args.placements, args.seed)
    print(
        f"data: {args.candidates:,} candidates and {args.placements:,} placements "
        f"({months:,} placement-months) in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


def insert_placements(count: int, seed: int) -> int:
    from django.db import connection, transaction
    from django.utils import timezone

    from werkbedrijf.accounts.models import Role, User
    from werkbedrijf.candidates.models import Candidate
    from werkbedrijf.employers.models import Employer
    from werkbedrijf.regions.models import Region

    rnd = random.Random(seed)
    region = Region.objects.get(code="AM18")
    employers = list(
        Employer.objects.filter(organisation__region=region).order_by("pk").values_list("pk", flat=True)
    )
    Employer.objects.filter(pk__in=employers[::4]).update(sector_type="government")
    user = User.objects.filter(role_assignments__region=region, role_assignments__role=Role.ACCOUNT_MANAGER)[
        0
    ]
    candidates = list(
        Candidate.objects.filter(region=region)
        .values_list("pk", "municipality_id", "target_group")
        .order_by("pk")
    )
    people = rnd.sample(candidates, min(count, len(candidates)))
    today = timezone.localdate()
    first = today - timedelta(days=3652)
    now = timezone.now()
    uuid_value = (lambda u: u) if connection.vendor == "postgresql" else (lambda u: u.hex)
    placement_rows, hour_rows = [], []
    placement_months = 0
    next_id = 1
    for pk, municipality, group in people:
        start = first + timedelta(days=rnd.randint(0, 3652))
        contract = rnd.choices(list(CONTRACTS), list(CONTRACTS.values()))[0]
        months = 2 if contract == "trial" else max(1, int(rnd.expovariate(1 / 28)))
        end = start + timedelta(days=30 * months)
        ended_on = end if end < today else None
        planned = start + timedelta(days=59) if contract == "trial" else None
        hours = Decimal(rnd.choice(HOURS))
        placement_rows.append(
            (
                next_id, uuid_value(uuid.UUID(int=rnd.getrandbits(128), version=4)), region.pk, pk,
                rnd.choice(employers), "Medewerker", contract, start, planned, "", hours, None, user.pk,
                municipality, group, ended_on, "contract_ended" if ended_on else "", "", user.pk, now, now,
            )
        )  # fmt: skip
        hour_rows.append((uuid_value(uuid.uuid4()), next_id, start, hours, "", user.pk, now))
        if (ended_on is None or (ended_on - start).days > 120) and rnd.random() < 0.2:
            changed = start + timedelta(days=rnd.randint(60, max(61, ((ended_on or today) - start).days)))
            if changed <= (ended_on or today):
                new_hours = Decimal(rnd.choice(HOURS))
                hour_rows.append((uuid_value(uuid.uuid4()), next_id, changed, new_hours, "", user.pk, now))
        placement_months += ((min(ended_on or today, today) - start).days // 30) + 1
        next_id += 1
    columns = (
        "id, uuid, region_id, candidate_id, employer_id, job_title, contract_type, start_date, "
        "planned_end_date, trial_extension_reason, hours_per_week, hourly_wage, responsible_id, "
        "municipality_id, target_group, "
        "ended_on, end_reason, end_note, created_by_id, created_at, updated_at"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO placements_placement ({columns}) VALUES ({', '.join(['%s'] * 21)})",  # noqa: S608
            placement_rows,
        )
        cursor.executemany(
            "INSERT INTO placements_placementhours (uuid, placement_id, valid_from, hours_per_week, note, "
            "recorded_by_id, recorded_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            hour_rows,
        )
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('placements_placement', 'id'), "
                "(SELECT MAX(id) FROM placements_placement))"
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return placement_months


def baseline(region, end: date, today: date) -> tuple[dict, dict]:
    """The twelve-month series by sector and the municipalities at the month's end, straight from the rows."""
    from werkbedrijf.monitoring.months import measuring_day, months_between
    from werkbedrijf.parameters import keys
    from werkbedrijf.parameters.selectors import value_on
    from werkbedrijf.placements import rules
    from werkbedrijf.placements.models import Placement, PlacementHours

    rows = list(
        Placement.objects.filter(region=region, start_date__lte=today).values_list(
            "pk", "start_date", "ended_on", "contract_type", "municipality_id", "employer__sector_type",
            "candidate__in_target_group_register", "candidate__registered_from",
            "candidate__registered_until",
        )
    )  # fmt: skip
    history = defaultdict(list)
    for placement_id, valid_from, hours in (
        PlacementHours.objects.filter(placement__region=region)
        .order_by("placement_id", "valid_from")
        .values_list("placement_id", "valid_from", "hours_per_week")
        .iterator(chunk_size=20_000)
    ):
        history[placement_id].append((valid_from, hours))
    start = date(end.year - 1, end.month, 1)
    series: dict = {}
    municipalities: dict = defaultdict(lambda: [0, Decimal(0)])
    for month in months_between(start, end):
        day = measuring_day(month, today)
        per_job = value_on(keys.JOB_UNIT_HOURS_PER_WEEK, day)
        sums = {"market": Decimal(0), "government": Decimal(0)}
        for pk, begin, ended, contract, municipality, sector, registered, since, until in rows:
            facts = rules.PlacementFacts(begin, ended, contract, tuple(history[pk]), registered, since, until)
            units = rules.job_units_on(facts, day, per_job)
            if units:
                sums[sector] += Decimal(history_hours(facts, day))
                if month == end:
                    municipalities[municipality][0] += 1
                    municipalities[municipality][1] += Decimal(history_hours(facts, day))
        series[month] = {k: (v / per_job).quantize(Decimal("0.1")) for k, v in sums.items()}
    per_job = value_on(keys.JOB_UNIT_HOURS_PER_WEEK, measuring_day(end, today))
    return series, {k: (n, (h / per_job).quantize(Decimal("0.1"))) for k, (n, h) in municipalities.items()}


def history_hours(facts, day):
    from werkbedrijf.placements import rules

    return rules.hours_on(facts.hours, day)


def timed(function, repeat: int = 1) -> tuple[object, list[float]]:
    result, seconds = None, []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return result, seconds


def run(args) -> None:
    setup(args)
    build(args)
    from django.db import connection
    from django.db.models import Sum
    from django.utils import timezone

    from werkbedrijf.accounts.models import Role, User
    from werkbedrijf.monitoring.cube import build_region
    from werkbedrijf.monitoring.models import MonthlyFigure, RetentionFigure
    from werkbedrijf.monitoring.selectors import dashboard
    from werkbedrijf.regions.models import Region

    region = Region.objects.get(code="AM18")
    today = timezone.localdate()
    end = today.replace(day=1)
    state, seconds = timed(lambda: build_region(region, today=today))
    print(
        f"{connection.vendor}: figures built in {seconds[0]:.1f} s for {state.placements:,} placements: "
        f"{MonthlyFigure.objects.filter(region=region).count():,} monthly cells, "
        f"{RetentionFigure.objects.filter(region=region).count():,} retention cells; "
        f"peak RSS {peak_mb():.0f} MB",
        flush=True,
    )
    users = {
        role: User.objects.filter(role_assignments__region=region, role_assignments__role=role).order_by(
            "pk"
        )[0]
        for role in (Role.BOARD_MEMBER, Role.ACCOUNT_MANAGER)
    }
    results = {}
    for role, user in users.items():
        result, samples = timed(
            lambda user=user: dashboard(user=user, region=region, today=today), args.repeat
        )
        results[role] = (result, [s * 1000 for s in samples[1:] or samples])
    expected, base_seconds = timed(lambda: baseline(region, end, today))
    result = results[Role.ACCOUNT_MANAGER][0]
    series = {row.month: {"market": row.market, "government": row.government} for row in result.series}
    areas = {row.code: (row.counted.value, row.units) for row in result.municipalities if row.counted.value}
    codes = dict(
        MonthlyFigure.objects.filter(region=region)
        .values_list("municipality_id", "municipality__code")
        .distinct()
    )
    baseline_areas = {codes[pk]: value for pk, value in expected[1].items()}
    same = series == expected[0] and areas == baseline_areas
    print("\nThe dashboard (warm figures), ms: median / p90")
    for role, (_result, samples) in results.items():
        median, p90 = median_p90(samples)
        target = 500 if connection.vendor == "postgresql" else 1000
        print(
            f"  {role:<20} {median:8.1f} / {p90:8.1f}   target <= {target} ms: "
            f"{'met' if median <= target else 'NOT MET'}"
        )
    manager_median = statistics.median(results[Role.ACCOUNT_MANAGER][1])
    print(
        f"  baseline (series and municipalities straight from the placements, Python): "
        f"{base_seconds[0] * 1000:,.0f} ms: {base_seconds[0] * 1000 / manager_median:,.0f}x the dashboard; "
        f"identical figures: {'yes' if same else 'NO'}"
    )
    total = MonthlyFigure.objects.filter(region=region, month=end).aggregate(units=Sum("job_units"))["units"]
    print(f"  jobs of the banenafspraak at {end:%Y-%m}: {total.quantize(Decimal('0.1'))}")
    if not same:
        print("FIGURES DIFFER", series, expected[0], sep="\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
