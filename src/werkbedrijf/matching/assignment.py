"""A region-wide proposal round as an assignment problem, solved exactly.

Input: the edges that passed the hard constraints (candidate, job, points, tier) and the open positions per
job. Output: the proposals that maximise, first, the number of proposals in the first tier (a first-tier
priority rule), then the total points, then the number of proposals, with every candidate proposed at most
once and a job with N positions proposed at most N times. Proposals are suggestions for people to accept
or change.

Method: a job with N positions becomes N rows (never more rows than the job has edges), the candidates are
the columns, and scipy's sparse Jonker–Volgenant solver (`min_weight_full_bipartite_matching`, LAPJVsp)
finds a maximum-weight matching in which every row is matched. So that one always exists, every row gets
its own "leave open" column. Weights are whole numbers that encode the three goals in order (tier × T +
points × P + 2 for an edge, 1 for leaving a row open, with P above any number of proposals and T above any
total of the rest; every row is matched exactly once, and the solver needs non-zero entries), so float64
arithmetic is exact and the result is optimal, not approximately so.

Determinism: rows and columns are numbered in sorted key order whatever order the edges come in, so the
same edges give the same proposals (with the pinned scipy version; among equally good assignments the
solver's choice on that canonical numbering is taken).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

# Integer weights stay exact in float64 up to 2**53.
EXACT_LIMIT = 2**53


@dataclass(frozen=True)
class Edge:
    candidate: str
    job: str
    points: int
    tier: int = 0


@dataclass(frozen=True)
class Proposal:
    candidate: str
    job: str
    points: int
    tier: int


@dataclass(frozen=True)
class Assignment:
    proposals: tuple[Proposal, ...]  # sorted by job, then candidate
    objective: int  # total points of the proposals
    first_tier: int  # how many proposals are in the first tier
    positions: int  # the open positions of the round

    @property
    def unfilled(self) -> int:
        return self.positions - len(self.proposals)


def _indices(keys: list[str]) -> tuple[np.ndarray, list[str]]:
    """Each key's number in sorted order, and the sorted distinct keys."""
    distinct = sorted(dict.fromkeys(keys))
    number = {key: i for i, key in enumerate(distinct)}
    return np.fromiter(map(number.__getitem__, keys), dtype=np.int64, count=len(keys)), distinct


def solve(edges: Iterable[Edge], positions: Mapping[str, int]) -> Assignment:
    """The optimal proposals of a round (see the module's docstring)."""
    for job, count in positions.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"positions[{job!r}]: a whole number, 0 or more")
    total_positions = sum(positions.values())
    edges = list(edges)
    unknown = next((e.job for e in edges if e.job not in positions), None)
    if unknown is not None:
        raise ValueError(f"edge to unknown job {unknown!r}")
    if not edges:
        return Assignment((), 0, 0, total_positions)
    edge_points = np.array([e.points for e in edges])
    edge_tier = np.array([e.tier for e in edges])
    if edge_points.dtype.kind not in "iu" or edge_points.min() < 0:
        raise ValueError("points: whole numbers, 0 or more")
    if edge_tier.dtype.kind not in "iu" or not np.isin(edge_tier, (0, 1)).all():
        raise ValueError("tier: 0 or 1")
    edge_points, edge_tier = edge_points.astype(np.int64), edge_tier.astype(np.int64)
    edge_candidate, candidates = _indices([e.candidate for e in edges])
    jobs = sorted(positions)
    job_number = {key: i for i, key in enumerate(jobs)}
    edge_job = np.fromiter((job_number[e.job] for e in edges), dtype=np.int64, count=len(edges))
    pair_key = edge_job * len(candidates) + edge_candidate
    order = np.argsort(pair_key, kind="stable")
    sorted_keys = pair_key[order]
    twice = np.flatnonzero(sorted_keys[1:] == sorted_keys[:-1])
    if len(twice):
        e = edges[int(order[twice[0]])]
        raise ValueError(f"edge {e.candidate!r}–{e.job!r} given twice")
    n = len(edges)

    # Rows: a job's positions, at most as many as it has edges.
    edges_per_job = np.bincount(edge_job, minlength=len(jobs))
    rows_per_job = np.minimum(np.array([positions[j] for j in jobs], dtype=np.int64), edges_per_job)
    first_row = np.concatenate(([0], np.cumsum(rows_per_job)[:-1]))
    n_rows = int(rows_per_job.sum())
    if n_rows == 0:
        return Assignment((), 0, 0, total_positions)

    # Lexicographic: first-tier proposals, then points, then the number of proposals (a candidate with 0
    # points is still proposed rather than leaving the position open). Each real edge is worth 2 + …, a
    # "leave open" column 1; every row takes exactly one of them.
    most = min(n_rows, len(candidates))
    per_point = most + 1
    per_tier = (int(edge_points.max()) * per_point + 1) * most + 1 if edge_tier.any() else 0
    if (per_tier + int(edge_points.max()) * per_point + 2) * n_rows >= EXACT_LIMIT:
        raise ValueError("the round is too large for exact float64 weights")
    weight = (edge_tier * per_tier + edge_points * per_point + 2).astype(np.float64)

    # Every edge once for each row of its job.
    copies = rows_per_job[edge_job]
    repeated: np.ndarray = np.repeat(np.arange(n), copies)
    offset = np.arange(len(repeated)) - np.repeat(np.cumsum(copies) - copies, copies)
    rows = first_row[edge_job[repeated]] + offset
    cols = edge_candidate[repeated]
    values = weight[repeated]
    # A "leave open" column per row.
    rows = np.concatenate((rows, np.arange(n_rows)))
    cols = np.concatenate((cols, len(candidates) + np.arange(n_rows)))
    values = np.concatenate((values, np.ones(n_rows)))
    matrix = csr_array((values, (rows, cols)), shape=(n_rows, len(candidates) + n_rows))
    matrix.sort_indices()

    row_ind, col_ind = min_weight_full_bipartite_matching(matrix, maximize=True)

    row_ind, col_ind = row_ind[col_ind < len(candidates)], col_ind[col_ind < len(candidates)]
    row_job: np.ndarray = np.repeat(np.arange(len(jobs)), rows_per_job)
    chosen = order[np.searchsorted(sorted_keys, row_job[row_ind] * len(candidates) + col_ind)]
    proposals = [
        Proposal(edges[i].candidate, edges[i].job, edges[i].points, edges[i].tier) for i in chosen.tolist()
    ]
    proposals.sort(key=lambda p: (p.job, p.candidate))
    return Assignment(
        proposals=tuple(proposals),
        objective=sum(p.points for p in proposals),
        first_tier=sum(p.tier for p in proposals),
        positions=total_positions,
    )
