"""The assignment of one track: most mentees matched, then highest total score, proven.

Steps:
1. dense_search scores all pairs in float32 and keeps a candidate set plus upper bounds for
   the rest; candidate pairs get exact float64 scores.
2. Lexicographic objective as one weight: w = K + score with K = min(mentees, mentors) + 1.
   An augmenting path changes at most min(n, m) - 1 existing pairs, each by at most 1, so any
   extra matched mentee outweighs every score difference.
3. A maximum-cardinality matching (max-flow) priced by its Konig cover starts the auction
   1-optimal; epsilon-scaling then solves the candidate graph, and exact_mentor_duals turns the
   prices into an exact LP dual as soon as the assignment is optimal.
4. Pricing: the bounds, or the memory of an earlier exact pricing pass, show for pruned pairs
   that none violates the dual; other mentees get their pairs re-scored. Violating pairs, and
   pairs within HARVEST of violating (so the next dual is likely final), join the candidate
   graph and the auction continues warm. A first pricing pass runs on the auction's prices
   before the exact dual exists, since it usually finds most missing pairs.
   When nothing violates the exact dual, the dual is feasible for every pair of the track and
   the duality gap proves how far the result can be from the optimum (certified when it is
   within 1e-9 relative; in practice ~1e-11 absolute).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bot.mentoring.matching.auction import Auction, Graph
from bot.mentoring.matching.cardinality import maximum_matching
from bot.mentoring.matching.criteria import score_pairs
from bot.mentoring.matching.dense_search import (
    FLOAT32_MARGIN,
    CandidateSet,
    DenseFeatures,
    dense_features,
    score_block,
    search_candidates,
)
from bot.mentoring.matching.duals import (
    check_pruned_by_bounds,
    duality_gap,
    exact_mentor_duals,
    mentee_duals,
)
from bot.mentoring.matching.pool import TrackPool

RELATIVE_TOLERANCE = 1e-9  # certified when gap <= this x max(total score, 1)
EPS_FACTOR = 0.1
CERTIFY_BELOW = 2e-3  # try the exact dual once epsilon is this small
DUAL_SWEEPS = 60
PRICING_ROWS = 64
HARVEST = 0.1  # pricing also adds pairs this close to violating the dual
MAX_STEEP = 256  # mentors whose dual moved more than HARVEST / 2, checked one by one
RESTART_FRACTION = 0.1  # after new pairs, scaling resumes at this share of the worst violation


@dataclass(frozen=True)
class TrackAssignment:
    mentor_of: NDArray[np.int64]  # per mentee: mentor index, or -1
    score: NDArray[np.float64]  # per mentee: exact score of its pair (0 if unmatched)
    feasible: NDArray[np.int64]  # per mentee: mentors allowed by the hard rules
    candidate_edges: int
    pricing_rounds: int
    auction_rounds: int
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
            auction_rounds=0,
            gap=0.0,
            certified=True,
        )
    feats = dense_features(pool)
    cands = search_candidates(pool, feats, per_mentee=per_mentee, per_mentor=per_mentor)
    offset = float(min(n, m) + 1)
    # Rounding of K + s is about ulp(K); epsilon and tolerances stay well above it.
    tol = 8 * float(np.spacing(offset))
    eps_min = max(1e-11, 16 * float(np.spacing(offset)))

    mentee, mentor, score = _exact_feasible(pool, cands.mentee, cands.mentor)
    graph = Graph.build(n, m, mentee, mentor, offset + score)
    auction = _start(graph, pool.capacity, offset)
    eps = 1.0
    pricing_rounds = 0
    memory = _PricingMemory(np.full(n, -1, dtype=np.int64), [], [])
    while True:
        v = None
        if eps <= CERTIFY_BELOW:
            v = exact_mentor_duals(
                auction.graph,
                pool.capacity,
                auction.owner,
                auction.mentor_price(),
                max_iter=DUAL_SWEEPS,
                tol=tol,
            )
        exact = v is not None
        early = not exact and eps <= CERTIFY_BELOW and pricing_rounds == 0 and not memory.u_at
        if not exact and not early and eps > eps_min:
            eps = max(eps * EPS_FACTOR, eps_min)
            auction.phase(eps)
            continue
        if v is None:
            # Auction prices: the dual at the floor; before that, a first pricing pass with
            # near-optimal prices finds most missing pairs before the exact dual exists.
            v = auction.mentor_price()
        u = mentee_duals(auction.graph, v)
        added, u, worst = _price_pruned(
            pool, feats, cands, memory, u, v, offset, tol, auction.graph
        )
        if worst <= tol and (exact or eps <= eps_min):
            break  # nothing violates: (u, v) is feasible for every pair of the track
        if worst <= tol:
            continue  # the early pass found nothing: carry on towards the exact dual
        pricing_rounds += 1
        mentee = np.concatenate([mentee, added[0]])
        mentor = np.concatenate([mentor, added[1]])
        score = np.concatenate([score, added[2]])
        graph = Graph.build(n, m, mentee, mentor, offset + score)
        if worst > 1.0:
            # The new pairs can change how many mentees get matched: start over from a
            # maximum matching of the larger graph.
            auction = _start(graph, pool.capacity, offset, rounds=auction.rounds)
            eps = 1.0
        else:
            # Prices move by about the worst violation: resuming scaling near it avoids a
            # long price war at an epsilon far below the needed move.
            auction.replace_graph(graph)
            eps = min(max(worst * RESTART_FRACTION, eps), 1.0)
            auction.phase(eps)

    mentor_of = np.where(auction.owner >= 0, auction.owner, -1)
    held = mentor_of >= 0
    exact = np.zeros(n)
    if held.any():
        exact[held] = score_pairs(pool, np.flatnonzero(held), mentor_of[held]).score
    gap = duality_gap(auction.graph, pool.capacity, auction.owner, auction.paid_value, u, v)
    gap = max(gap, 0.0)
    total = float(np.sum(exact))
    return TrackAssignment(
        mentor_of=mentor_of,
        score=exact,
        feasible=cands.feasible,
        candidate_edges=len(auction.graph.mentor),
        pricing_rounds=pricing_rounds,
        auction_rounds=auction.rounds,
        gap=gap,
        certified=gap <= RELATIVE_TOLERANCE * max(total, 1.0),
    )


def _start(graph: Graph, capacity: NDArray[np.int64], offset: float, rounds: int = 0) -> Auction:
    """Auction state 1-happy everywhere: a maximum matching priced by its Konig cover."""
    start = maximum_matching(graph, capacity)
    auction = Auction(graph, capacity)
    auction.start_from(start.owner, np.where(start.mentor_in_cover, offset, 0.0))
    auction.rounds = rounds
    auction.phase(1.0)
    return auction


def _exact_feasible(
    pool: TrackPool, mentee: NDArray[np.int64], mentor: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Exact scores of candidate pairs; pairs under the minimum score are dropped."""
    score = score_pairs(pool, mentee, mentor).score
    ok = score >= pool.rules.min_score
    return mentee[ok], mentor[ok], score[ok]


@dataclass
class _PricingMemory:
    """Rows already priced exactly: their pruned pairs were at least HARVEST below the dual of
    that time, so a later dual that moved less than that still covers them."""

    checked_round: NDArray[np.int64]  # per mentee, -1 if never priced
    u_at: list[NDArray[np.float64]]  # u of every pricing round
    v_at: list[NDArray[np.float64]]

    def still_covered(
        self,
        u: NDArray[np.float64],
        v: NDArray[np.float64],
        cands: CandidateSet,
        offset: float,
    ) -> NDArray[np.bool_]:
        """Rows whose pruned pairs provably respect (u, v): each such pair scored at most
        u_then + v_then - offset - HARVEST when priced (and at most the static bounds)."""
        covered = np.zeros(len(u), dtype=bool)
        for k, (u_then, v_then) in enumerate(zip(self.u_at, self.v_at, strict=True)):
            rows = np.flatnonzero(self.checked_round == k)
            if not len(rows):
                continue
            drift = v_then - v
            # Mentors whose dual fell a lot are checked pair by pair; the rest share a bound.
            steep = np.flatnonzero(drift > HARVEST / 2)[:MAX_STEEP]
            flat_drift = float(np.max(np.delete(drift, steep), initial=0.0))
            ok = (u_then[rows] - u[rows]) + flat_drift <= HARVEST - FLOAT32_MARGIN
            if len(steep) == MAX_STEEP:
                ok[:] = False
            elif len(steep):
                bound = np.minimum(
                    u_then[rows, None] + (v_then[steep] - offset)[None, :] - HARVEST,
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
    tol: float,
    graph: Graph,
) -> tuple[
    tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]], NDArray[np.float64], float
]:
    """Pairs outside the candidate graph that violate the dual (u, v) or come within HARVEST
    of it (added now so the next dual is likely to be final); u raised to cover pairs within
    `tol` (so (u, v) is feasible on every pair); and the largest violation."""
    suspects = check_pruned_by_bounds(u, v, cands.row_bound, cands.col_bound, offset, tol).suspects
    suspects = suspects[~memory.still_covered(u, v, cands, offset)[suspects]]
    new_i, new_j, new_s, worst_slack = [], [], [], []
    u = u.copy()
    round_id = len(memory.u_at)
    for rows, block in _suspect_blocks(suspects, len(u)):
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
        present = _has_edge(graph, i, j)
        harvest = ~present & (slack > -HARVEST)
        worst_slack.append(slack[harvest])
        new_i.append(i[harvest])
        new_j.append(j[harvest])
        new_s.append(exact[harvest])
        np.maximum.at(u, i[~present], (offset + exact - v[j])[~present])
    memory.checked_round[suspects] = round_id
    memory.u_at.append(u.copy())
    memory.v_at.append(v.copy())
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


def _has_edge(
    graph: Graph, mentee: NDArray[np.int64], mentor: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """Whether each (mentee, mentor) is already an edge; edge keys are sorted by construction."""
    m = len(graph.col_indptr) - 1
    rows = np.repeat(np.arange(len(graph.indptr) - 1), np.diff(graph.indptr))
    keys = rows * m + graph.mentor
    wanted = mentee * m + mentor
    at = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
    return (keys[at] == wanted) if len(keys) else np.zeros(len(wanted), dtype=bool)
