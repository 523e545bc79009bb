"""Benchmark: a region-wide proposal round (matching/rounds.py) on synthetic facts, against the targets.

(a) 10,000 positions × 50,000 candidates in a 60 × 60 km region: the edges (`index.round_edges`: hard
    constraints and score for every pair) and the assignment (`assignment.solve`) timed separately, the peak
    memory of the process (ru_maxrss) right after, and the total points checked against an independent exact
    solver on the same edges: the bipartite b-matching LP (each candidate at most once, each vacancy at most
    its positions) has a totally unimodular constraint matrix, so scipy.optimize.linprog (HiGHS) finds the
    integer optimum; its solution is checked to be integral. Target: edges + solve ≤ 20 s, ≤ 2 GB.
(b) 2,000 positions × 10,000 candidates: the optimum over every eligible edge against rounds that keep only
    the best k edges per position (top_k), for several k: the share of the optimum reached (target ≥ 99.5%)
    and the time. Then the same instance with a first-tier priority rule (Wajong first for jobs-agreement
    jobs), checked against a two-stage exact MILP (scipy.optimize.milp: first the most first-tier proposals,
    then the most points with that number fixed), since solve's objective is lexicographic.

The facts are realistic enough for the eligibility to bite: PC4-like areas clustered around towns, travel
limits (own maximum 5 to 15 km or none, and the limit of the transport), hours ranges 0 to 8 hours wide,
functional abilities against demands in half the rubrics, jobs-agreement jobs for registered candidates only,
sheltered work for the indication only, and one in ten profiles stale; each candidate ends up with some tens
of eligible vacancies. The score includes the employer's net cost (matching/costs.py, with the legal
parameters the product ships; three in ten candidates have a wage value). No database: the round's loading
and saving are not in these figures.

    .venv/bin/python bench/matching_round.py [--part a b] [--seed 1] [--ks 1 2 5 10 20 50] [--no-check]
        [--scale 0.1]   (a smaller (a), e.g. to try it quickly)
"""

import argparse
import os
import resource
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_array, vstack

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkbedrijf.conf.test")  # index.py imports models

import django  # noqa: E402

django.setup()

from werkbedrijf.matching.assignment import Edge, solve  # noqa: E402
from werkbedrijf.matching.costs import CostCalculator  # noqa: E402
from werkbedrijf.matching.engine import (  # noqa: E402
    RUBRICS,
    CandidateFacts,
    Effect,
    JobFacts,
    OccupationRef,
    Point,
    PriorityRule,
    Weights,
)
from werkbedrijf.matching.index import round_edges  # noqa: E402
from werkbedrijf.matching.rounds import SCORING_SLICES  # noqa: E402
from werkbedrijf.parameters.loader import read_parameter_file  # noqa: E402
from werkbedrijf.parameters.models import LegalParameter  # noqa: E402
from werkbedrijf.parameters.selectors import ParameterSet  # noqa: E402

ON = date(2026, 3, 2)
CENTRE = (52.37, 4.89)
REGION_KM = 60.0
KM_PER_DEGREE_LAT = 111.2
KM_PER_DEGREE_LON = 111.2 * np.cos(np.radians(CENTRE[0]))
ISCO = [
    "9112",
    "9122",
    "9123",
    "9129",
    "9321",
    "9329",
    "9333",
    "9412",
    "9611",
    "9621",
    "5223",
    "5230",
    "5120",
    "5141",
    "4321",
    "4110",
    "4131",
    "8322",
    "8160",
    "7512",
    "7126",
    "7115",
    "6113",
    "5322",
]
SKILLS = [
    "schoonmaken",
    "kassa",
    "heftruck",
    "klantcontact",
    "koken",
    "voorraad",
    "administratie",
    "rijbewijs b",
    "groen",
    "techniek",
    "zorg",
    "inpakken",
    "orderpicken",
    "hygiëne",
    "telefoon",
    "excel",
    "magazijn",
    "bezorgen",
    "afwassen",
    "bediening",
]
SECTIONS = list("ACFGHINOPQRS")
RUBRIC_CODES = list(RUBRICS)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _areas(rng, n: int = 450) -> np.ndarray:
    """PC4-like centroids in km from the south-west corner: most around six towns, the rest spread out."""
    towns = rng.uniform(8, REGION_KM - 8, size=(6, 2))
    clustered = towns[rng.integers(0, 6, size=int(n * 0.7))] + rng.normal(0, 4, size=(int(n * 0.7), 2))
    spread = rng.uniform(0, REGION_KM, size=(n - len(clustered), 2))
    return np.clip(np.vstack([clustered, spread]), 0, REGION_KM)


def _point(xy) -> Point:
    return Point(
        round(CENTRE[0] + (xy[1] - REGION_KM / 2) / KM_PER_DEGREE_LAT, 4),
        round(CENTRE[1] + (xy[0] - REGION_KM / 2) / KM_PER_DEGREE_LON, 4),
    )


def build(n_candidates: int, n_positions: int, seed: int):
    rng = np.random.default_rng(seed)
    areas = _areas(rng)
    area_weight = rng.gamma(2.0, 1.0, size=len(areas))
    area_weight /= area_weight.sum()
    points = [_point(a) for a in areas]
    occupations = [OccupationRef(f"esco-{i:03}", code) for i, code in enumerate(ISCO * 3)]

    jobs = []
    total = 0
    j = 0
    while total < n_positions:
        positions = int(min(rng.choice([1, 1, 2, 3, 3]), n_positions - total))
        total += positions
        kind = rng.choice(
            ["regular", "jobs_agreement", "sheltered_work", "learning_work"], p=[0.55, 0.35, 0.05, 0.05]
        )
        demands = {
            rubric: int(rng.choice([1, 2, 3, 4], p=[0.1, 0.3, 0.4, 0.2]))
            for rubric in RUBRIC_CODES
            if rng.random() < 0.5
        }
        jobs.append(
            JobFacts(
                key=f"v{j:06}",
                kind=str(kind),
                occupation=occupations[int(rng.integers(len(occupations)))],
                hours=Decimal(int(rng.choice([8, 12, 16, 20, 24, 28, 32, 36]))),
                positions=positions,
                demands=demands,
                location=points[int(rng.choice(len(points), p=area_weight))],
                start_date=ON + timedelta(days=int(rng.integers(0, 60))),
                transport_support=bool(rng.random() < 0.1),
                skills=frozenset(rng.choice(SKILLS, size=int(rng.integers(0, 4)), replace=False).tolist()),
                sector=str(rng.choice(SECTIONS)),
            )
        )
        j += 1

    groups = ["participation_act", "wajong", "wsw_indication", "special_education", "wia", "sheltered_work"]
    people = []
    for c in range(n_candidates):
        hours_max = int(rng.choice([12, 16, 20, 24, 28, 32, 36]))
        wanted = rng.choice(len(occupations), size=int(rng.integers(1, 3)), replace=False)
        people.append(
            CandidateFacts(
                key=f"c{c:07}",
                target_group=str(rng.choice(groups, p=[0.55, 0.2, 0.05, 0.1, 0.05, 0.05])),
                in_register=bool(rng.random() < 0.6),
                shared_in_region=True,
                last_confirmed_on=ON
                - timedelta(days=int(rng.integers(0, 100))),  # 90 days fresh: 1 in 10 stale
                abilities={
                    rubric: int(rng.choice([1, 2, 3, 4], p=[0.5, 0.3, 0.15, 0.05])) for rubric in RUBRIC_CODES
                },
                hours_min=max(8, hours_max - int(rng.choice([0, 4, 8], p=[0.5, 0.4, 0.1]))),
                hours_max=hours_max,
                location=points[int(rng.choice(len(points), p=area_weight))],
                max_travel_km=[5, 8, 10, 15, None][int(rng.choice(5, p=[0.35, 0.3, 0.2, 0.1, 0.05]))],
                own_transport=str(rng.choice(["none", "bicycle", "moped", "car"], p=[0.3, 0.4, 0.05, 0.25])),
                available_from=ON - timedelta(days=int(rng.integers(0, 200))),
                education_level=str(rng.choice(["none_basic", "vmbo_mbo1", "mbo_2_4", "havo_vwo", "hbo_wo"])),
                desired_occupations=tuple(occupations[int(i)] for i in wanted),
                skills=frozenset(rng.choice(SKILLS, size=int(rng.integers(0, 5)), replace=False).tolist()),
                sectors=frozenset(rng.choice(SECTIONS, size=int(rng.integers(0, 3)), replace=False).tolist()),
                waiting_since=ON - timedelta(days=int(rng.integers(0, 1500))),
                date_of_birth=ON - timedelta(days=int(rng.integers(16 * 365, 66 * 365))),
                wage_value=int(rng.integers(20, 96)) if rng.random() < 0.3 else None,
            )
        )
    return people, jobs


def cost_calculator() -> CostCalculator:
    """The employer's cost on ON from the legal parameters the product ships (no database here)."""
    rows = [LegalParameter(**row) for _line, row in read_parameter_file()]
    in_force = [r for r in rows if r.valid_from <= ON and (r.valid_to is None or r.valid_to > ON)]
    return CostCalculator(ON, params=ParameterSet(ON, in_force))


def _lp_data(edges: list[Edge], positions: dict[str, int]):
    candidates = {key: i for i, key in enumerate(sorted({e.candidate for e in edges}))}
    jobs = {key: i for i, key in enumerate(sorted(positions))}
    n = len(edges)
    cols = np.arange(n)
    by_candidate = csr_array(
        (np.ones(n), (np.fromiter((candidates[e.candidate] for e in edges), np.int64, n), cols)),
        shape=(len(candidates), n),
    )
    by_job = csr_array(
        (np.ones(n), (np.fromiter((jobs[e.job] for e in edges), np.int64, n), cols)), shape=(len(jobs), n)
    )
    a = vstack([by_candidate, by_job]).tocsr()
    b = np.concatenate([np.ones(len(candidates)), np.array([positions[k] for k in jobs], dtype=float)])
    return a, b


def lp_optimum(edges: list[Edge], positions: dict[str, int]) -> tuple[int, float]:
    """The most points over every b-matching of the edges (LP relaxation, integral by total unimodularity)."""
    a, b = _lp_data(edges, positions)
    points = np.array([e.points for e in edges], dtype=float)
    result = linprog(-points, A_ub=a, b_ub=b, bounds=(0, 1), method="highs")
    if result.status != 0:
        raise RuntimeError(f"linprog: {result.message}")
    gap = float(np.max(np.abs(result.x - np.round(result.x)))) if len(result.x) else 0.0
    chosen = np.round(result.x).astype(bool)
    return int(points[chosen].sum()), gap


def milp_lexicographic(edges: list[Edge], positions: dict[str, int]) -> tuple[int, int]:
    """(first-tier proposals, points), exactly: the most first-tier proposals, then the most points."""
    a, b = _lp_data(edges, positions)
    tiers = np.array([e.tier for e in edges], dtype=float)
    points = np.array([e.points for e in edges], dtype=float)
    ones = np.ones(len(edges))
    capacity = LinearConstraint(a, -np.inf, b)
    first = milp(-tiers, constraints=[capacity], integrality=ones, bounds=Bounds(0, 1))
    best_tier = round(-first.fun)
    keep = LinearConstraint(tiers[np.newaxis, :], best_tier, np.inf)
    second = milp(-points, constraints=[capacity, keep], integrality=ones, bounds=Bounds(0, 1))
    chosen = np.round(second.x).astype(bool)
    return int(tiers[chosen].sum()), int(points[chosen].sum())


def _positions(jobs) -> dict[str, int]:
    return {job.key: job.positions for job in jobs}


def part_a(args) -> None:
    n_candidates, n_positions = round(50_000 * args.scale), round(10_000 * args.scale)
    started = time.perf_counter()
    people, jobs = build(n_candidates, n_positions, args.seed)
    print(
        f"\n== (a) {n_positions:,} positions ({len(jobs):,} vacancies) × {n_candidates:,} candidates "
        f"(facts built in {time.perf_counter() - started:.1f} s, memory so far {rss_mb():,.0f} MB)"
    )
    weights = Weights("bench")
    costs = cost_calculator()
    started = time.perf_counter()
    edges = round_edges(people, jobs, ON, weights=weights, costs=costs)
    edges_s = time.perf_counter() - started
    started = time.perf_counter()
    result = solve(edges, _positions(jobs))
    solve_s = time.perf_counter() - started
    peak = rss_mb()
    per_candidate = len(edges) / n_candidates
    with_edge = len({e.candidate for e in edges})
    total_s = edges_s + solve_s
    print(f"  {'stage':<28}{'seconds':>10}")
    print(
        f"  {'edges (index.round_edges)':<28}{edges_s:>10.2f}   {len(edges):,} eligible pairs, "
        f"{per_candidate:.1f} per candidate, {with_edge:,} candidates with at least one"
    )
    print(
        f"  {'assignment (solve)':<28}{solve_s:>10.2f}   {result.objective:,} points, "
        f"{len(result.proposals):,} proposals, {result.unfilled:,} positions unfilled"
    )
    print(
        f"  {'round (edges + solve)':<28}{total_s:>10.2f}   target ≤ 20 s: "
        f"{'met' if total_s <= 20 else 'NOT MET'} ({total_s / 20:.2f}× the target)"
    )
    print(
        f"  {'peak memory (ru_maxrss)':<28}{peak:>10,.0f}   MB; target ≤ 2,048 MB: "
        f"{'met' if peak <= 2048 else 'NOT MET'} ({peak / 2048:.2f}× the target)"
    )
    del result
    checked = edges
    edges = None
    fresh = [replace(facts) for facts in people]  # new objects: the index is built again, as in a new round
    started = time.perf_counter()
    sliced = []
    size = max(1, -(-len(jobs) // SCORING_SLICES))
    for first in range(0, len(jobs), size):
        sliced.extend(round_edges(fresh, jobs[first : first + size], ON, weights=weights, costs=costs))
    same = "the same edges" if sliced == checked else "DIFFERENT EDGES"
    print(
        f"  {'edges in 10 slices':<28}{time.perf_counter() - started:>10.2f}   "
        f"as rounds.compute_round calls it (progress after each slice): {same}"
    )
    del sliced
    if args.no_check:
        return
    result_objective = solve(checked, _positions(jobs)).objective
    started = time.perf_counter()
    optimum, gap = lp_optimum(checked, _positions(jobs))
    check_s = time.perf_counter() - started
    same = optimum == result_objective
    print(
        f"  independent check: linprog (HiGHS) on the b-matching LP, {check_s:.1f} s: "
        f"optimum {optimum:,} points, largest distance of x from an integer {gap:.1e}; "
        f"solve {result_objective:,}: {'EQUAL' if same else 'DIFFERENT'} "
        f"(ratio {result_objective / optimum if optimum else 1:.6f})"
    )
    if not same:
        sys.exit(1)


def part_b(args) -> None:
    people, jobs = build(10_000, 2_000, args.seed + 1)
    positions = _positions(jobs)
    weights = Weights("bench")
    costs = cost_calculator()
    print(f"\n== (b) top-k pruning: 2,000 positions ({len(jobs):,} vacancies) × 10,000 candidates")
    rows = []
    for k in [None, *sorted(args.ks, reverse=True)]:
        fresh = [replace(facts) for facts in people]  # each k builds the index anew, as a new round does
        started = time.perf_counter()
        edges = round_edges(fresh, jobs, ON, weights=weights, top_k=k, costs=costs)
        edges_s = time.perf_counter() - started
        started = time.perf_counter()
        result = solve(edges, positions)
        rows.append((k, len(edges), edges_s, time.perf_counter() - started, result))
    full = rows[0]
    if not args.no_check:
        optimum, _gap = lp_optimum(round_edges(people, jobs, ON, weights=weights, costs=costs), positions)
        print(
            f"  optimum over every eligible edge (linprog, HiGHS): {optimum:,} points; "
            f"solve on every edge: {full[4].objective:,} "
            f"({'equal' if optimum == full[4].objective else 'DIFFERENT'})"
        )
    else:
        optimum = full[4].objective
    print(
        f"  {'k':>5} {'edges':>10} {'edges s':>9} {'solve s':>9} {'total s':>9} {'points':>10} "
        f"{'% of optimum':>13} {'time vs all':>12} {'target ≥99.5%':>14}"
    )
    full_total = full[2] + full[3]
    for k, n_edges, edges_s, solve_s, result in rows:
        share = 100 * result.objective / optimum if optimum else 100.0
        total = edges_s + solve_s
        print(
            f"  {'all' if k is None else k:>5} {n_edges:>10,} {edges_s:>9.2f} {solve_s:>9.3f} {total:>9.2f} "
            f"{result.objective:>10,} {share:>12.3f}% {total / full_total:>11.2f}× "
            f"{'' if k is None else ('met' if share >= 99.5 else 'NOT MET'):>14}"
        )

    rules = [
        PriorityRule(
            code="wajong-eerst",
            name="Wajong first for jobs-agreement jobs",
            valid_from=date(2020, 1, 1),
            effect=Effect.FIRST_TIER,
            job_kinds=frozenset({"jobs_agreement"}),
            target_groups=frozenset({"wajong"}),
        )
    ]
    edges = round_edges(people, jobs, ON, weights=weights, rules=rules, costs=costs)
    result = solve(edges, positions)
    print(
        f"  with a first-tier rule: {sum(e.tier for e in edges):,} of {len(edges):,} edges first-tier; "
        f"solve: {result.first_tier:,} first-tier proposals, {result.objective:,} points"
    )
    if not args.no_check:
        started = time.perf_counter()
        exact = milp_lexicographic(edges, positions)
        same = exact == (result.first_tier, result.objective)
        print(
            f"  two-stage MILP (HiGHS), {time.perf_counter() - started:.1f} s: {exact[0]:,} first-tier, "
            f"{exact[1]:,} points: {'EQUAL' if same else 'DIFFERENT'}"
        )
        if not same:
            sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--part", nargs="+", choices=["a", "b"], default=["a", "b"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ks", type=int, nargs="+", default=[1, 2, 5, 10, 20, 50])
    parser.add_argument("--scale", type=float, default=1.0, help="Size of (a) relative to 10,000 × 50,000.")
    parser.add_argument("--no-check", action="store_true", help="Skip the independent solvers.")
    args = parser.parse_args()
    if "a" in args.part:  # first, so that its peak memory is its own
        part_a(args)
    if "b" in args.part:
        part_b(args)


if __name__ == "__main__":
    main()
