"""The assignment of one track: most mentees matched, then highest total score, proven.

Steps:
1. dense_search scores all pairs in float32 and keeps a candidate set plus upper bounds for
   the rest; candidate pairs get exact float64 scores.
2. flow.solve_assignment solves the candidate graph exactly with OR-Tools' min-cost flow
   (maximum flow first, then lowest cost among maximum flows: cardinality, then score).
3. flow.lp_duals turns that assignment into duals (u, v) of the LP with weight K + score,
   K = min(mentees, mentors) + 1 (any extra matched mentee outweighs every score difference).
4. Pricing: the bounds, or the memory of an earlier exact pricing pass, show for pruned pairs
   that none violates the dual; other mentees get their pairs re-scored. Violating pairs, and
   pairs within HARVEST of violating (so the next dual is likely final), join the candidate
   graph and the flow is solved again.
   When nothing violates, the dual is feasible for every pair of the track and the duality
   gap proves how far the result can be from the optimum (certified when it is within 1e-9
   relative; in practice ~1e-12 per matched pair, the integer rounding of the scores).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bot.mentoring.matching.criteria import score_pairs
from bot.mentoring.matching.dense_search import (
    FLOAT32_MARGIN,
    CandidateSet,
    DenseFeatures,
    dense_features,
    score_block,
    search_candidates,
)
from bot.mentoring.matching.duals import check_pruned_by_bounds
from bot.mentoring.matching.flow import SCALE, Edges, lp_duals, solve_assignment
from bot.mentoring.matching.pool import TrackPool

RELATIVE_TOLERANCE = 1e-9  # certified when gap <= this x max(total score, 1)
PRICING_ROWS = 64
HARVEST = 0.1  # pricing also adds pairs this close to violating the dual...
HARVEST_PER_ROW = 16  # ...but at most this many per mentee (the closest), so big pools stay lean
RESERVE_HARVEST = 24  # the cap for the pairs the search kept in reserve (cheap to add)
MAX_STEEP = 256  # mentors whose dual moved more than HARVEST / 2, checked one by one
MAX_PRICING_ROUNDS = 50  # a guard: in practice 1-3


@dataclass(frozen=True)
class TrackAssignment:
    mentor_of: NDArray[np.int64]  # per mentee: mentor index, or -1
    score: NDArray[np.float64]  # per mentee: exact score of its pair (0 if unmatched)
    feasible: NDArray[np.int64]  # per mentee: mentors allowed by the hard rules
    candidate_edges: int
    pricing_rounds: int
    gap: float  # proven: optimum - ours, in score units (cardinality is optimal when < 1)
    certified: bool


def solve_track(pool: TrackPool, *, per_mentee: int = 8, per_mentor: int = 12) -> TrackAssignment:
    n, m = len(pool.mentees), len(pool.mentors)
    if n == 0 or m == 0:
        return TrackAssignment(
            mentor_of=np.full(n, -1, np.int64),
            score=np.zeros(n),
            feasible=np.zeros(n, np.int64),
            candidate_edges=0,
            pricing_rounds=0,
            gap=0.0,
            certified=True,
        )
    feats = dense_features(pool)
    cands = search_candidates(pool, feats, per_mentee=per_mentee, per_mentor=per_mentor)
    offset = float(min(n, m) + 1)
    # A pair counts as violating above the rounding of K + s and of the integer scores.
    tol = max(8 * float(np.spacing(offset)), 8 / SCALE)

    edges = Edges.build(n, m, *_exact_feasible(pool, cands.mentee, cands.mentor))
    pricing_rounds = 0
    memory = _PricingMemory(np.full(n, -1, dtype=np.int64), [], [], [])
    while True:
        owner = solve_assignment(edges, pool.capacity)
        duals = lp_duals(edges, pool.capacity, owner, offset)
        if cands.reserve_mentee is not None and pricing_rounds < MAX_PRICING_ROUNDS:
            # The search's next best pairs first: cheap, and they hold most violations.
            added, worst = _price_reserve(pool, cands, duals.u, duals.v, offset, edges)
            if worst > tol:
                pricing_rounds += 1
                edges = _grow(edges, added)
                continue
        added, u, worst = _price_pruned(pool, feats, cands, memory, duals.u, duals.v, offset, edges)
        if worst <= tol or pricing_rounds >= MAX_PRICING_ROUNDS:
            break  # nothing violates: (u, v) is feasible for every pair of the track
        pricing_rounds += 1
        edges = _grow(edges, added)

    held = owner >= 0
    exact = np.zeros(n)
    if held.any():
        exact[held] = score_pairs(pool, np.flatnonzero(held), owner[held]).score
    gap = max(_duality_gap(pool.capacity, owner, offset + exact, u, duals.v), 0.0)
    total = float(np.sum(exact))
    return TrackAssignment(
        mentor_of=owner,
        score=exact,
        feasible=cands.feasible,
        candidate_edges=len(edges.mentee),
        pricing_rounds=pricing_rounds,
        gap=gap,
        certified=worst <= tol and gap <= RELATIVE_TOLERANCE * max(total, 1.0),
    )


def _grow(
    edges: Edges, added: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]
) -> Edges:
    return Edges.build(
        edges.n,
        edges.m,
        np.concatenate([edges.mentee, added[0]]),
        np.concatenate([edges.mentor, added[1]]),
        np.concatenate([edges.score, added[2]]),
    )


def _closest_per_row(
    mentee: NDArray[np.int64],
    slack: NDArray[np.float64],
    among: NDArray[np.int64],
    cap: int = HARVEST_PER_ROW,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Of the positions `among`, the `cap` with the largest slack per mentee, and the rest."""
    among = among[np.lexsort((-slack[among], mentee[among]))]
    rank = np.arange(len(among)) - np.searchsorted(mentee[among], mentee[among])
    return among[rank < cap], among[rank >= cap]


def _price_reserve(
    pool: TrackPool,
    cands: CandidateSet,
    u: NDArray[np.float64],
    v: NDArray[np.float64],
    offset: float,
    edges: Edges,
) -> tuple[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]], float]:
    """Reserve pairs that violate (u, v) or come within HARVEST of it, and the largest
    violation. Proves nothing about other pairs: _price_pruned does that."""
    assert cands.reserve_mentee is not None and cands.reserve_mentor is not None
    i, j, approx = cands.reserve_mentee, cands.reserve_mentor, cands.reserve_value
    near = approx > u[i] + v[j] - offset - (HARVEST + FLOAT32_MARGIN)
    i, j = i[near], j[near]
    fresh = ~edges.contains(i, j)
    i, j = i[fresh], j[fresh]
    exact = score_pairs(pool, i, j).score
    ok = exact >= pool.rules.min_score
    i, j, exact = i[ok], j[ok], exact[ok]
    slack = offset + exact - v[j] - u[i]
    take, _ = _closest_per_row(i, slack, np.flatnonzero(slack > -HARVEST), RESERVE_HARVEST)
    worst = float(slack[take].max()) if len(take) else -np.inf
    return (i[take], j[take], exact[take]), worst


def _duality_gap(
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


def _exact_feasible(
    pool: TrackPool, mentee: NDArray[np.int64], mentor: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Exact scores of candidate pairs; pairs under the minimum score are dropped."""
    score = score_pairs(pool, mentee, mentor).score
    ok = score >= pool.rules.min_score
    return mentee[ok], mentor[ok], score[ok]


@dataclass
class _PricingMemory:
    """Rows already priced exactly: their pruned pairs were at least `margin` (HARVEST, or
    less where the per-row cap left close pairs out) below the dual of that time, so a later
    dual that moved less than that still covers them."""

    checked_round: NDArray[np.int64]  # per mentee, -1 if never priced
    u_at: list[NDArray[np.float64]]  # u of every pricing round
    v_at: list[NDArray[np.float64]]
    margin_at: list[NDArray[np.float64]]  # per mentee, of every pricing round

    def still_covered(
        self,
        u: NDArray[np.float64],
        v: NDArray[np.float64],
        cands: CandidateSet,
        offset: float,
    ) -> NDArray[np.bool_]:
        """Rows whose pruned pairs provably respect (u, v): each such pair scored at most
        u_then + v_then - offset - margin when priced (and at most the static bounds)."""
        covered = np.zeros(len(u), dtype=bool)
        rounds = zip(self.u_at, self.v_at, self.margin_at, strict=True)
        for k, (u_then, v_then, margin_then) in enumerate(rounds):
            rows = np.flatnonzero(self.checked_round == k)
            if not len(rows):
                continue
            margin = margin_then[rows]
            drift = v_then - v
            # Mentors whose dual fell a lot are checked pair by pair; the rest share a bound.
            steep = np.flatnonzero(drift > HARVEST / 2)[:MAX_STEEP]
            flat_drift = float(np.max(np.delete(drift, steep), initial=0.0))
            ok = (u_then[rows] - u[rows]) + flat_drift <= margin - FLOAT32_MARGIN
            if len(steep) == MAX_STEEP:
                ok[:] = False
            elif len(steep):
                bound = np.minimum(
                    (u_then[rows] - margin)[:, None] + (v_then[steep] - offset)[None, :],
                    np.minimum(cands.row_bound[rows, None], cands.col_bound[None, steep]),
                )
                slack = bound - (v[steep] - offset)[None, :] - u[rows, None]
                ok &= (slack <= -FLOAT32_MARGIN).all(axis=1)
            covered[rows] = ok
        return covered


def _price_pruned(
    pool: TrackPool,
    feats: DenseFeatures,
    cands: CandidateSet,
    memory: _PricingMemory,
    u: NDArray[np.float64],
    v: NDArray[np.float64],
    offset: float,
    edges: Edges,
) -> tuple[
    tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]], NDArray[np.float64], float
]:
    """Pairs outside the candidate graph that violate the dual (u, v) or come within HARVEST
    of it (added now so the next dual is likely to be final); u raised to cover every pair
    scored here (so (u, v) is feasible on every pair); and the largest violation."""
    suspects = check_pruned_by_bounds(u, v, cands.row_bound, cands.col_bound, offset, 0.0).suspects
    suspects = suspects[~memory.still_covered(u, v, cands, offset)[suspects]]
    new_i, new_j, new_s, worst_slack = [], [], [], []
    u = u.copy()
    margin = np.full(len(u), HARVEST)
    round_id = len(memory.u_at)
    for rows, block in _suspect_blocks(suspects, len(u)):
        if cands.scores is not None:
            approx = cands.scores[rows]  # what the search computed: no second scoring pass
        else:
            approx = score_block(feats, pool, block)[:, : feats.mentors]
            if isinstance(block, slice):
                approx = approx[rows - block.start]
        # float32 is within FLOAT32_MARGIN: only pairs that might matter get an exact score.
        limit = (u[rows] - offset)[:, None] + v[None, :] - (HARVEST + FLOAT32_MARGIN)
        bi, bj = np.nonzero(approx > limit)
        if not len(bi):
            continue
        i = rows[bi]
        exact = score_pairs(pool, i, bj.astype(np.int64)).score
        ok = exact >= pool.rules.min_score
        i, j, exact = i[ok], bj[ok].astype(np.int64), exact[ok]
        slack = offset + exact - v[j] - u[i]
        present = edges.contains(i, j)
        harvest, left_out = _closest_per_row(
            i, slack, np.flatnonzero(~present & (slack > -HARVEST))
        )
        worst_slack.append(slack[harvest])
        new_i.append(i[harvest])
        new_j.append(j[harvest])
        new_s.append(exact[harvest])
        np.maximum.at(u, i[~present], (offset + exact - v[j])[~present])
        if len(left_out):
            # Pairs left out stay pruned: the row's margin is how far the closest is below
            # the raised dual.
            below = u[i[left_out]] + v[j[left_out]] - offset - exact[left_out]
            np.minimum.at(margin, i[left_out], below)
    memory.checked_round[suspects] = round_id
    memory.u_at.append(u.copy())
    memory.v_at.append(v.copy())
    memory.margin_at.append(margin)
    if not new_i:
        empty = np.zeros(0, np.int64)
        return (empty, empty, np.zeros(0)), u, -np.inf
    worst = max((float(w.max()) for w in worst_slack if len(w)), default=-np.inf)
    return (np.concatenate(new_i), np.concatenate(new_j), np.concatenate(new_s)), u, worst


def _suspect_blocks(
    suspects: NDArray[np.int64], n: int
) -> Iterator[tuple[NDArray[np.int64], slice | NDArray[np.int64]]]:
    """Suspect rows in groups of PRICING_ROWS; a group dense enough is scored as a contiguous
    slice of rows (much cheaper than gathering rows) and filtered afterwards."""
    start = 0
    while start < len(suspects):
        first = int(suspects[start])
        window = slice(first, min(first + PRICING_ROWS, n))
        end = int(np.searchsorted(suspects, window.stop))
        if end - start >= PRICING_ROWS // 2:
            yield suspects[start:end], window
            start = end
        else:
            rows = suspects[start : start + PRICING_ROWS]
            yield rows, rows
            start += len(rows)
