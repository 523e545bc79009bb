"""The proposal round: optimal (brute force, an independent solver), within its limits, deterministic."""

import random
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from werkbedrijf.matching.assignment import Assignment, Edge, solve


def brute_force(edges: list[Edge], positions: dict[str, int]) -> tuple[int, int, int]:
    """The best (first-tier proposals, points, proposals) over all ways to propose each candidate once."""
    by_candidate: dict[str, list[Edge]] = {}
    for edge in edges:
        by_candidate.setdefault(edge.candidate, []).append(edge)
    people = sorted(by_candidate)
    left = dict(positions)

    def best(i: int) -> tuple[int, int, int]:
        if i == len(people):
            return (0, 0, 0)
        result = best(i + 1)  # not proposed
        for edge in by_candidate[people[i]]:
            if left[edge.job]:
                left[edge.job] -= 1
                tier, points, count = best(i + 1)
                left[edge.job] += 1
                result = max(result, (tier + edge.tier, points + edge.points, count + 1))
        return result

    return best(0)


def assert_valid(result: Assignment, edges: list[Edge], positions: dict[str, int]) -> None:
    given_edges = {(e.candidate, e.job): e for e in edges}
    per_candidate = Counter(p.candidate for p in result.proposals)
    per_job = Counter(p.job for p in result.proposals)
    assert all(count == 1 for count in per_candidate.values())
    assert all(per_job[job] <= positions[job] for job in per_job)
    for p in result.proposals:
        edge = given_edges[(p.candidate, p.job)]
        assert (p.points, p.tier) == (edge.points, edge.tier)
    assert result.objective == sum(p.points for p in result.proposals)
    assert result.first_tier == sum(p.tier for p in result.proposals)
    assert result.unfilled == sum(positions.values()) - len(result.proposals)


@st.composite
def rounds(draw, max_candidates=6, max_jobs=3, tiers=True):
    n_candidates = draw(st.integers(1, max_candidates))
    n_jobs = draw(st.integers(1, max_jobs))
    jobs = [f"v{j}" for j in range(n_jobs)]
    positions = {job: draw(st.integers(0, 3)) for job in jobs}
    edges = []
    for c in range(n_candidates):
        for job in jobs:
            if draw(st.booleans()):
                tier = draw(st.sampled_from([0, 0, 0, 1])) if tiers else 0
                edges.append(Edge(f"c{c}", job, draw(st.integers(0, 20)), tier))
    return edges, positions


@settings(max_examples=300, deadline=None)
@given(rounds())
def test_the_round_is_optimal_against_brute_force(instance):
    edges, positions = instance
    result = solve(edges, positions)
    assert_valid(result, edges, positions)
    assert (result.first_tier, result.objective, len(result.proposals)) == brute_force(edges, positions)


@settings(max_examples=100, deadline=None)
@given(rounds(), st.randoms(use_true_random=False))
def test_the_same_edges_in_any_order_give_the_same_proposals(instance, rnd):
    edges, positions = instance
    shuffled = list(edges)
    rnd.shuffle(shuffled)
    reordered_positions = dict(reversed(list(positions.items())))
    assert solve(shuffled, reordered_positions) == solve(edges, positions)


@pytest.mark.parametrize("seed", range(5))
def test_equal_to_an_independent_dense_solver(seed):
    """Against scipy.optimize.linear_sum_assignment on a dense matrix with one column per position."""
    rnd = random.Random(seed)
    candidates = [f"c{i:03}" for i in range(120)]
    positions = {f"v{j:02}": rnd.randint(1, 3) for j in range(40)}
    edges = [
        Edge(c, job, rnd.randint(0, 100)) for c in candidates for job in rnd.sample(sorted(positions), 6)
    ]
    result = solve(edges, positions)
    assert_valid(result, edges, positions)

    columns = [job for job in sorted(positions) for _ in range(positions[job])]
    index = {c: i for i, c in enumerate(candidates)}
    dense = np.zeros((len(candidates), len(columns)))
    for col, job in enumerate(columns):
        for edge in edges:
            if edge.job == job:
                dense[index[edge.candidate], col] = edge.points
    rows, cols = linear_sum_assignment(dense, maximize=True)
    assert result.objective == int(dense[rows, cols].sum())


def test_a_small_round_by_hand():
    edges = [
        Edge("anna", "cleaner", 50),
        Edge("bram", "cleaner", 45),
        Edge("anna", "kitchen", 40),
        Edge("cem", "kitchen", 10),
    ]
    # Greedy would give Anna the cleaner's job (50) and Cem the kitchen (10): 60. The optimum is 85.
    result = solve(edges, {"cleaner": 1, "kitchen": 1})
    assert [(p.candidate, p.job) for p in result.proposals] == [("bram", "cleaner"), ("anna", "kitchen")]
    assert result.objective == 85
    # With two positions for the cleaner's job, both go there, and Cem to the kitchen.
    result = solve(edges, {"cleaner": 2, "kitchen": 1})
    assert {(p.candidate, p.job) for p in result.proposals} == {
        ("anna", "cleaner"),
        ("bram", "cleaner"),
        ("cem", "kitchen"),
    }
    assert result.objective == 105


def test_the_first_tier_goes_before_points():
    edges = [Edge("wajong", "job", 1, tier=1), Edge("best-fit", "job", 99)]
    result = solve(edges, {"job": 1})
    assert [p.candidate for p in result.proposals] == ["wajong"]
    assert (result.first_tier, result.objective) == (1, 1)


def test_zero_point_edges_and_empty_rounds():
    assert solve([], {"job": 2}) == Assignment((), 0, 0, 2)
    assert solve([Edge("a", "job", 5)], {"job": 0}).proposals == ()
    result = solve([Edge("a", "job", 0)], {"job": 3})
    assert [p.candidate for p in result.proposals] == ["a"]
    assert result.unfilled == 2


@pytest.mark.parametrize(
    "edges,positions,message",
    [
        ([Edge("a", "elsewhere", 1)], {"job": 1}, "unknown job"),
        ([Edge("a", "job", 1), Edge("a", "job", 2)], {"job": 1}, "twice"),
        ([Edge("a", "job", -1)], {"job": 1}, "0 or more"),
        ([Edge("a", "job", 1.5)], {"job": 1}, "0 or more"),  # type: ignore[arg-type]
        ([Edge("a", "job", 1, tier=2)], {"job": 1}, "tier"),
        ([], {"job": -1}, "positions"),
    ],
)
def test_invalid_input_is_refused(edges, positions, message):
    with pytest.raises(ValueError, match=message):
        solve(edges, positions)
