"""Benchmark: a region-wide proposal round (matching/assignment.py) next to a greedy baseline, same run.

For each size CANDIDATESxPOSITIONS it builds a synthetic round: vacancies of 1 to 3 positions spread over a
60 × 60 km region, each candidate with about `--edges` feasible vacancies near where they live (the edges
that passed the hard constraints), points 0-100 (half the candidate's general fit, which every job sees,
half the fit to that job), and with `--tier-share` a first-tier priority rule on
that share of the edges.
It then times

- `solve`: the exact round (sparse Jonker-Volgenant on the positions), edge objects in, proposals out;
- greedy: the straightforward baseline, the best remaining edge first (tier, then points);
- dense check (up to `--dense-max` cells): scipy.optimize.linear_sum_assignment on a dense matrix with a
  column per position, an independent exact solver on the same edges, whose optimum `solve` must equal.

and prints the objective (first-tier proposals, points), the ratio greedy / exact, the time ratio, and the
peak memory of the process so far. Finally it times the pure engine (hard constraints + score) per pair.

    .venv/bin/python bench/matching_assignment.py [--sizes 3000x800 50000x10000] [--edges 40] [--seed 1]
"""

import argparse
import random
import resource
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from werkbedrijf.matching.assignment import Edge, solve  # noqa: E402
from werkbedrijf.matching.engine import (  # noqa: E402
    CandidateFacts,
    JobFacts,
    OccupationRef,
    Point,
    Weights,
    hard_constraints,
    score,
)

REGION_KM = 60.0


def build_round(n_candidates: int, n_positions: int, edges_per_candidate: int, tier_share: float, seed: int):
    rng = np.random.default_rng(seed)
    sizes = []
    while sum(sizes) < n_positions:
        sizes.append(int(min(rng.integers(1, 4), n_positions - sum(sizes))))
    n_jobs = len(sizes)
    # Vacancies ordered west to east; a candidate's edges go to vacancies in a window around them.
    job_x = np.sort(rng.uniform(0, REGION_KM, n_jobs))
    window = max(edges_per_candidate * 3, n_jobs // 20)
    strength = rng.uniform(0, 100, n_candidates)
    edges = []
    for c in range(n_candidates):
        x = rng.uniform(0, REGION_KM)
        centre = int(np.searchsorted(job_x, x))
        low = max(0, min(centre - window // 2, n_jobs - window))
        pool = np.arange(low, min(n_jobs, low + window))
        k = int(min(len(pool), max(1, rng.poisson(edges_per_candidate))))
        chosen = rng.choice(pool, size=k, replace=False)
        points = np.rint((strength[c] + rng.uniform(0, 100, size=k)) / 2).astype(int)
        tiers = rng.random(k) < tier_share
        key = f"c{c:06}"
        edges.extend(
            Edge(key, f"v{j:06}", int(p), int(t))
            for j, p, t in zip(chosen.tolist(), points, tiers, strict=True)
        )
    positions = {f"v{j:06}": size for j, size in enumerate(sizes)}
    return edges, positions


def greedy(edges: list[Edge], positions: dict[str, int]) -> tuple[int, int, int]:
    left = dict(positions)
    used: set[str] = set()
    tier = points = count = 0
    for e in sorted(edges, key=lambda e: (-e.tier, -e.points, e.candidate, e.job)):
        if e.candidate not in used and left[e.job]:
            used.add(e.candidate)
            left[e.job] -= 1
            tier, points, count = tier + e.tier, points + e.points, count + 1
    return tier, points, count


def dense_optimum(edges: list[Edge], positions: dict[str, int]) -> tuple[int, int]:
    candidates = sorted({e.candidate for e in edges})
    index = {c: i for i, c in enumerate(candidates)}
    columns: dict[str, list[int]] = {}
    for job in sorted(positions):
        start = sum(len(v) for v in columns.values())
        columns[job] = list(range(start, start + positions[job]))
    n_cols = sum(len(v) for v in columns.values())
    big = 101 * min(len(candidates), n_cols) + 1
    matrix = np.zeros((len(candidates), n_cols))
    tiers = np.zeros((len(candidates), n_cols), dtype=np.int64)
    points = np.zeros((len(candidates), n_cols), dtype=np.int64)
    for e in edges:
        for col in columns[e.job]:
            matrix[index[e.candidate], col] = e.tier * big + e.points
            tiers[index[e.candidate], col] = e.tier
            points[index[e.candidate], col] = e.points
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return int(tiers[rows, cols].sum()), int(points[rows, cols].sum())


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_round(n_candidates: int, n_positions: int, args) -> None:
    edges, positions = build_round(n_candidates, n_positions, args.edges, args.tier_share, args.seed)
    print(
        f"\n== {n_candidates:,} candidates × {n_positions:,} positions ({len(positions):,} vacancies), "
        f"{len(edges):,} feasible edges ({len(edges) / n_candidates:.1f} per candidate)"
    )
    started = time.perf_counter()
    result = solve(edges, positions)
    exact_s = time.perf_counter() - started
    print(
        f"  solve (exact)    {exact_s:8.2f} s   first tier {result.first_tier:6,}"
        f"   points {result.objective:10,}   proposals {len(result.proposals):7,}"
        f"   peak memory so far {peak_mb():7.0f} MB"
    )
    started = time.perf_counter()
    g_tier, g_points, g_count = greedy(edges, positions)
    greedy_s = time.perf_counter() - started
    print(
        f"  greedy baseline  {greedy_s:8.2f} s   first tier {g_tier:6,}   points {g_points:10,}"
        f"   proposals {g_count:7,}"
    )
    print(
        f"  greedy / exact: points {g_points / result.objective:.4f}"
        + (f", first tier {g_tier / result.first_tier:.4f}" if result.first_tier else "")
        + f", time {greedy_s / exact_s:.2f}×"
    )
    if len({e.candidate for e in edges}) * n_positions <= args.dense_max:
        started = time.perf_counter()
        optimum = dense_optimum(edges, positions)
        dense_s = time.perf_counter() - started
        same = optimum == (result.first_tier, result.objective)
        print(
            f"  dense check      {dense_s:8.2f} s   first tier {optimum[0]:6,}   points {optimum[1]:10,}"
            f"   {'equal to solve' if same else 'DIFFERS FROM solve'}"
        )
        if not same:
            sys.exit(1)
    else:
        print(f"  dense check      skipped (more than {args.dense_max:,} cells)")


def bench_engine(pairs: int, seed: int) -> None:
    rnd = random.Random(seed)
    on = date(2025, 3, 1)
    weights = Weights("bench")
    isco = ["9112", "9412", "9321", "5223", "4321"]
    people = [
        CandidateFacts(
            key=f"c{i}",
            target_group=rnd.choice(["participation_act", "wajong", "sheltered_work"]),
            in_register=rnd.random() < 0.6,
            shared_in_region=True,
            last_confirmed_on=on - timedelta(days=rnd.randint(0, 120)),
            abilities={"physical_environment": rnd.randint(1, 4), "working_hours": rnd.randint(1, 4)},
            hours_min=12,
            hours_max=rnd.choice([20, 24, 32, 36]),
            location=Point(52.2 + rnd.random() * 0.5, 4.6 + rnd.random() * 0.6),
            max_travel_km=rnd.choice([10, 15, 25, None]),
            own_transport=rnd.choice(["none", "bicycle", "car"]),
            education_level=rnd.choice(["none_basic", "vmbo_mbo1", "mbo_2_4"]),
            desired_occupations=(OccupationRef(f"o{rnd.randint(0, 50)}", rnd.choice(isco)),),
            waiting_since=on - timedelta(days=rnd.randint(0, 1500)),
        )
        for i in range(500)
    ]
    jobs = [
        JobFacts(
            key=f"v{i}",
            kind=rnd.choice(["regular", "jobs_agreement", "sheltered_work"]),
            occupation=OccupationRef(f"o{rnd.randint(0, 50)}", rnd.choice(isco)),
            hours=Decimal(rnd.choice([16, 20, 24, 32])),
            demands={"physical_environment": rnd.randint(1, 4)},
            location=Point(52.2 + rnd.random() * 0.5, 4.6 + rnd.random() * 0.6),
        )
        for i in range(200)
    ]
    sample = [(rnd.choice(people), rnd.choice(jobs)) for _ in range(pairs)]
    started = time.perf_counter()
    feasible = 0
    for person, job in sample:
        if not hard_constraints(person, job, on):
            score(person, job, weights, [], on)
            feasible += 1
    elapsed = time.perf_counter() - started
    print(
        f"\n== engine: {pairs:,} pairs (hard constraints, and the score for the {feasible:,} feasible): "
        f"{elapsed / pairs * 1e6:.1f} µs per pair"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", nargs="+", default=["3000x800", "50000x10000"])
    parser.add_argument("--edges", type=int, default=40, help="Feasible vacancies per candidate (average).")
    parser.add_argument("--tier-share", type=float, default=0.0, help="Share of first-tier edges (0 to 1).")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dense-max", type=int, default=5_000_000, help="Largest dense check (cells).")
    parser.add_argument("--engine-pairs", type=int, default=100_000)
    args = parser.parse_args()
    for size in args.sizes:
        n_candidates, n_positions = (int(part) for part in size.lower().split("x"))
        bench_round(n_candidates, n_positions, args)
    if args.engine_pairs:
        bench_engine(args.engine_pairs, args.seed)


if __name__ == "__main__":
    main()
