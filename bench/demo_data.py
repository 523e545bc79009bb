"""Benchmark: building the demo region with 10,000 and with 300,000 candidates.

Runs against a fresh temporary SQLite database (test settings, DATABASE_URL pointing at a temp file):
migrate, load the reference data, then time demo_region_build for each size, each time starting from
an empty candidate table. Prints seconds, candidates per second and the ratio 300k / 10k (the 10k run
in the same process is the baseline; linear scaling would give 30). A re-run of the largest size shows
what an idempotent `werkbedrijf demo` costs when nothing changes. A second region of the largest size
shows that the BSN check (a query per batch) does not slow down as the database fills up, and shrinking
the first region back to the smallest size what removing candidates costs.

    .venv/bin/python bench/demo_data.py [--sizes 10000 300000]
"""

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path


def peak_mb() -> float:
    """The largest resident set size of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 300_000])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="Keep the temporary database afterwards.")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="werkbedrijf-bench-")
    try:
        run(args, Path(workdir))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def run(args, workdir: Path) -> None:
    database = workdir / "bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "werkbedrijf.conf.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # The test settings are not a development system; this throwaway database is.
    settings.DEBUG = True
    settings.WERKBEDRIJF_DEMO_ALLOWED = True

    from werkbedrijf.candidates.models import Candidate
    from werkbedrijf.demo.services import demo_region_build
    from werkbedrijf.regions.loader import load_all

    print(f"Database: {database}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_all()
    print(f"migrate + reference data: {time.perf_counter() - started:.1f} s")

    class Quiet:
        def write(self, _text):
            pass

    results: list[tuple[int, float]] = []
    for size in args.sizes:
        Candidate.objects.all().delete()
        started = time.perf_counter()
        result = demo_region_build(seed=args.seed, candidates=size, stdout=Quiet())
        seconds = time.perf_counter() - started
        assert Candidate.objects.count() == size == result.candidates_created
        results.append((size, seconds))
        print(
            f"{size:>9,} candidates: {seconds:7.1f} s  {size / seconds:9,.0f} candidates/s  "
            f"(peak so far {peak_mb():.0f} MB)"
        )

    largest = args.sizes[-1]
    started = time.perf_counter()
    result = demo_region_build(seed=args.seed, candidates=largest, stdout=Quiet())
    rerun = time.perf_counter() - started
    assert result.candidates_created == result.candidates_removed == 0
    print(f"{largest:>9,} again (nothing to change): {rerun:.1f} s  (peak so far {peak_mb():.0f} MB)")

    started = time.perf_counter()
    result = demo_region_build(region_code="AM17", seed=args.seed, candidates=largest, stdout=Quiet())
    second = time.perf_counter() - started
    assert result.candidates_created == largest
    assert Candidate.objects.count() == 2 * largest
    print(
        f"{largest:>9,} in a second region (AM17) next to the first: {second:.1f} s  "
        f"(peak so far {peak_mb():.0f} MB)"
    )

    smallest = args.sizes[0]
    started = time.perf_counter()
    result = demo_region_build(seed=args.seed, candidates=smallest, stdout=Quiet())
    shrink = time.perf_counter() - started
    assert result.candidates_removed == largest - smallest and result.candidates_created == 0
    print(f"{largest:>9,} -> {smallest:,} in the first region: {shrink:.1f} s")

    if len(results) > 1:
        (base_size, base_seconds), (big_size, big_seconds) = results[0], results[-1]
        print(
            f"ratio {big_size:,} / {base_size:,}: {big_seconds / base_seconds:.1f}x the time "
            f"for {big_size / base_size:.0f}x the candidates"
        )
    print(f"peak memory (max RSS): {peak_mb():.0f} MB; database file: {database.stat().st_size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
