"""LP duals that prove an assignment optimal, on the candidate graph and on every other pair.

The b-matching LP  max sum w_ij x_ij  s.t.  sum_j x_ij <= 1,  sum_i x_ij <= c_j,  x >= 0
has the dual  min sum u_i + sum c_j v_j  s.t.  u_i + v_j >= w_ij,  u, v >= 0.
An assignment and a dual with equal objectives are both optimal (weak duality); the gap of any
feasible dual bounds how far the assignment can be from the optimum.

exact_mentor_duals finds v satisfying complementary slackness with the given assignment, as
the largest solution below the auction prices of a system of difference constraints
(Bellman-Ford from the prices, vectorized). It converges quickly when the assignment is
optimal and cannot converge when it is not, so a failure just means "keep scaling".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bot.mentoring.matching.auction import Graph


def exact_mentor_duals(
    graph: Graph,
    capacity: NDArray[np.int64],
    owner: NDArray[np.int64],
    start: NDArray[np.float64],
    *,
    max_iter: int,
    tol: float,
) -> NDArray[np.float64] | None:
    """Mentor duals v making the assignment `owner` (mentor per mentee, < 0 unmatched)
    complementary-slack, or None if none was found within max_iter relaxation sweeps.

    Constraints x_head <= x_tail + d over mentors plus a reference node z (v = x - x_z):
      i holds j, j' another candidate of i:  x_j  <= x_j' + (w_ij - w_ij')   (i prefers j)
      i unmatched, j' a candidate:           x_z  <= x_j' - w_ij'            (u_i = 0 is enough)
      i holds j:                             x_j  <= x_z + w_ij              (u_i >= 0)
      every j:                               x_z  <= x_j                     (v_j >= 0)
      j not full:                            x_j  <= x_z                     (v_j = 0)
    """
    n, m = len(owner), len(capacity)
    z = m
    rows = np.repeat(np.arange(n), np.diff(graph.indptr))
    held = owner[rows]
    held_value = np.zeros(n)
    holds = owner >= 0
    edge_of_holder = np.flatnonzero((held >= 0) & (graph.mentor == held))
    held_value[rows[edge_of_holder]] = graph.value[edge_of_holder]
    other = (held >= 0) & (graph.mentor != held)
    unmatched = held < 0
    load = np.bincount(owner[holds], minlength=m)
    not_full = np.flatnonzero(load < capacity)
    holders = np.flatnonzero(holds)
    tail = np.concatenate(
        [
            graph.mentor[other],
            graph.mentor[unmatched],
            np.full(len(holders), z),
            np.arange(m),
            np.full(len(not_full), z),
        ]
    )
    head = np.concatenate(
        [
            held[other],
            np.full(int(unmatched.sum()), z),
            owner[holders],
            np.full(m, z),
            not_full,
        ]
    )
    weight = np.concatenate(
        [
            held_value[rows[other]] - graph.value[other],
            -graph.value[unmatched],
            held_value[holders],
            np.zeros(m),
            np.zeros(len(not_full)),
        ]
    )
    order = np.argsort(head, kind="stable")
    tail, head, weight = tail[order], head[order], weight[order]
    starts = np.flatnonzero(np.concatenate([[True], head[1:] != head[:-1]]))
    heads = head[starts]
    x = np.concatenate([start, [0.0]])
    for _ in range(max_iter):
        candidate = np.minimum.reduceat(x[tail] + weight, starts)
        better = candidate < x[heads] - tol
        if not better.any():
            return np.maximum(x[:m] - x[z], 0.0)
        x[heads[better]] = candidate[better]
    return None


def mentee_duals(graph: Graph, v: NDArray[np.float64]) -> NDArray[np.float64]:
    """The smallest u making (u, v) feasible on the candidate graph."""
    n = len(graph.indptr) - 1
    u = np.zeros(n)
    has = np.diff(graph.indptr) > 0
    if has.any():
        slack = graph.value - v[graph.mentor]
        u[has] = np.maximum(np.maximum.reduceat(slack, graph.indptr[:-1][has]), 0.0)
    return u


def duality_gap(
    graph: Graph,
    capacity: NDArray[np.int64],
    owner: NDArray[np.int64],
    held_value: NDArray[np.float64],
    u: NDArray[np.float64],
    v: NDArray[np.float64],
) -> float:
    """Dual objective minus assignment weight, summed as non-negative slacks for accuracy."""
    holds = owner >= 0
    load = np.bincount(owner[holds], minlength=len(capacity))
    per_pair = u[holds] + v[owner[holds]] - held_value[holds]
    return float(np.sum(per_pair) + np.sum(u[~holds]) + np.sum((capacity - load) * v))


@dataclass(frozen=True)
class PrunedCheck:
    """Mentees for which the bounds alone cannot show that no pruned pair violates the dual."""

    suspects: NDArray[np.int64]


def check_pruned_by_bounds(
    u: NDArray[np.float64],
    v: NDArray[np.float64],
    row_bound: NDArray[np.float64],
    col_bound: NDArray[np.float64],
    offset: float,
    tol: float,
) -> PrunedCheck:
    """A pruned pair (i, j) has weight offset + s_ij with s_ij < min(row_bound[i],
    col_bound[j]); it respects the dual if u_i + v_j >= offset + min(row_bound[i],
    col_bound[j]). Checks that for all j at once per mentee, in O((n + m) log m):
    max_j [min(R_i, C_j) - v_j] splits at C_j = R_i into a prefix maximum of C_j - v_j and
    R_i minus a suffix minimum of v_j."""
    order = np.argsort(col_bound, kind="stable")
    c_sorted, v_sorted = col_bound[order], v[order]
    prefix = np.maximum.accumulate(c_sorted - v_sorted) if len(order) else np.zeros(0)
    suffix = np.minimum.accumulate(v_sorted[::-1])[::-1] if len(order) else np.zeros(0)
    split = np.searchsorted(c_sorted, row_bound, side="right")
    worst = np.full(len(u), -np.inf)
    low = split > 0
    worst[low] = prefix[split[low] - 1]
    high = split < len(order)
    worst[high] = np.maximum(worst[high], row_bound[high] - suffix[split[high]])
    worst[np.isneginf(row_bound)] = -np.inf  # no pruned pair in that row
    suspects = np.flatnonzero(offset + worst > u + tol)
    return PrunedCheck(suspects=suspects)
