"""The LP dual on the pairs the candidate search pruned, checked through their upper bounds.

The b-matching LP  max sum w_ij x_ij  s.t.  sum_j x_ij <= 1,  sum_i x_ij <= c_j,  x >= 0
has the dual  min sum u_i + sum c_j v_j  s.t.  u_i + v_j >= w_ij,  u, v >= 0.
An assignment and a dual with equal objectives are both optimal (weak duality); the gap of any
feasible dual bounds how far the assignment can be from the optimum. flow.lp_duals builds the
dual on the candidate graph; this module finds the mentees whose pruned pairs might violate it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


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
