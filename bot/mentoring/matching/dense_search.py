"""Score every (mentee, mentor) pair of a track in float32 tiles and keep a sparse candidate set.

Nothing here decides the assignment. It yields
- candidate pairs: each mentee's best mentors (at least `per_mentee`, chosen through the
  maxima of 32-column chunks, which costs one pass) and each mentor's `per_mentor` best mentees;
- upper bounds for everything left out: a pruned pair (i, j) scores at most
  min(row_bound[i], col_bound[j]); the optimality certificate uses them to prove the pruned
  pairs cannot improve the assignment, or asks for the few that might.

float32 is used only to rank and bound; every bound carries FLOAT32_MARGIN, far above the
rounding error of the float32 sums (< 1e-5), and exact scores come from criteria.score_pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from bot.mentoring.matching.criteria import MEETING_FIT, experience_fit, time_zone_fit
from bot.mentoring.matching.models import SameOrgPolicy
from bot.mentoring.matching.pool import UNKNOWN_ORG, TrackPool

FLOAT32_MARGIN = 1e-4
CHUNK = 32  # columns per chunk for the row thresholds
TILE_COLS = 4096  # a 64 x 4096 float32 tile (1 MiB) stays in the L2 cache
ROWS_PER_BLOCK = 64
MAX_HEAD_TERMS = 192
TAIL_BUDGET = 0.01  # sparse tail products may produce at most this share of all pairs
KEEP_SCORES_MAX = 32_000_000  # pairs: a pool this small keeps its float32 scores (128 MB)
RESERVE_PER_MENTEE = 48  # a bigger pool keeps about this many best pairs per mentee instead
F32 = np.float32


@dataclass(frozen=True)
class DenseFeatures:
    """float32 arrays for BLAS and table look-ups, built once per pool."""

    # [topics * w/count | head TF-IDF * w | organization terms]; the mentor side is transposed
    # and padded with zero columns to a multiple of CHUNK.
    mentee_dense: NDArray[np.float32]
    mentor_dense_t: NDArray[np.float32]
    mentee_tail: sp.csr_matrix | None  # TF-IDF tail terms, weighted
    mentor_tail_t: sp.csr_matrix | None
    exp_table: NDArray[np.float32]  # weighted experience fit [mentee years, mentor years]
    mentee_exp: NDArray[np.int64]
    mentor_exp: NDArray[np.int64]
    # Time zone and meeting preferences share one table when the distinct offsets are few.
    place_table: NDArray[np.float32]
    mentee_place: NDArray[np.int64]
    mentor_place: NDArray[np.int64]
    # Hard-rule exclusions by id (do-not-pair, previous, rejected, self), sorted by mentee.
    excluded_rows: NDArray[np.int64]
    excluded_cols: NDArray[np.int64]
    excluded_same_org: NDArray[np.bool_]
    # Same-organization pairs: the dense sum gave them the "different organizations" term, so
    # each block undoes it (and charges the penalty, or forbids the pair) per organization.
    mentee_org: NDArray[np.int64]
    mentors_by_org: NDArray[np.int64]  # mentor indices sorted by organization
    org_first: NDArray[np.int64]  # mentors_by_org[org_first[o]:org_first[o + 1]] are in org o
    same_org_delta: np.float32
    same_org_forbidden: bool
    mentors: int
    padded: int


def dense_features(pool: TrackPool) -> DenseFeatures:
    e, r, w, rules = pool.mentees, pool.mentors, pool.weights, pool.rules
    m = len(r)
    padded = max(CHUNK, -(-m // CHUNK) * CHUNK)
    topic_e = (
        _unpack_bits(e.topic_bits, len(pool.topics))
        * np.divide(w.topics, e.topic_count, out=np.zeros(len(e)), where=e.topic_count > 0)[:, None]
    )
    topic_r = _unpack_bits(r.topic_bits, len(pool.topics))
    head, tail = _split_terms(e.text, r.text)
    org_e, org_r = _organization_factors(e.org, r.org, w.organization)
    mentee_dense = np.hstack([topic_e, w.goals * e.text[:, head].toarray(), org_e])
    mentor_dense_t = np.zeros((mentee_dense.shape[1], padded), dtype=F32)
    mentor_dense_t[:, :m] = np.hstack([topic_r, r.text[:, head].toarray(), org_r]).T
    mentee_tail = mentor_tail_t = None
    if len(tail):
        mentee_tail = sp.csr_matrix(w.goals * e.text[:, tail])
        mentor_tail_t = sp.csr_matrix(r.text[:, tail].T)
    years = np.arange(max(int(e.experience.max(initial=0)), int(r.experience.max(initial=0))) + 1)
    exp_table = w.experience * experience_fit(
        years[None, :].astype(np.float64),
        years[:, None].astype(np.float64),
        pool.track,
        rules.target_experience_gap,
    )
    place_table, place_e, place_r = _place_table(pool)
    ex_rows, ex_cols = pool.excluded.all_pairs()
    key = np.unique(ex_rows * max(1, m) + ex_cols)
    ex_rows, ex_cols = key // max(1, m), key % max(1, m)
    n_orgs = max(1, int(max(e.org.max(initial=-1), r.org.max(initial=-1))) + 1)
    mentors_by_org = np.argsort(r.org, kind="stable")
    org_first = np.searchsorted(r.org[mentors_by_org], np.arange(n_orgs + 1))
    penalty = rules.same_org_penalty if rules.same_org is SameOrgPolicy.DISCOURAGE else 0.0
    return DenseFeatures(
        mentee_dense=np.ascontiguousarray(mentee_dense, dtype=F32),
        mentor_dense_t=mentor_dense_t,
        mentee_tail=mentee_tail,
        mentor_tail_t=mentor_tail_t,
        exp_table=exp_table.astype(F32),
        mentee_exp=e.experience,
        mentor_exp=_pad(r.experience, padded),
        place_table=place_table,
        mentee_place=place_e,
        mentor_place=_pad(place_r, padded),
        excluded_rows=ex_rows,
        excluded_cols=ex_cols,
        excluded_same_org=(e.org[ex_rows] == r.org[ex_cols]) & (e.org[ex_rows] != UNKNOWN_ORG),
        mentee_org=e.org,
        mentors_by_org=mentors_by_org,
        org_first=org_first,
        same_org_delta=F32(-(w.organization + penalty)),
        same_org_forbidden=rules.same_org is SameOrgPolicy.FORBID,
        mentors=m,
        padded=padded,
    )


def _pad(values: NDArray, length: int, fill: int | float = 0) -> NDArray:
    out = np.full(length, fill, dtype=values.dtype)
    out[: len(values)] = values
    return out


def _unpack_bits(bits: NDArray[np.uint64], topics: int) -> NDArray[np.float64]:
    as_bytes = bits.astype("<u8").view(np.uint8).reshape(len(bits), -1)
    return np.unpackbits(as_bytes, axis=1, bitorder="little")[:, :topics].astype(np.float64)


def _organization_factors(
    org_e: NDArray[np.int64], org_r: NDArray[np.int64], weight: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Rank-3 factors of the organization criterion for pairs of *different* organizations:
    1 when both are known, 0.5 when either is unknown: 1 - u_e/2 - u_r/2 + u_e*u_r/2.
    Same-organization pairs are corrected afterwards as special pairs."""
    u_e = (org_e == UNKNOWN_ORG).astype(np.float64)
    u_r = (org_r == UNKNOWN_ORG).astype(np.float64)
    left = weight * np.stack([np.ones_like(u_e), -0.5 * u_e, -0.5 * np.ones_like(u_e), 0.5 * u_e])
    right = np.stack([np.ones_like(u_r), np.ones_like(u_r), u_r, u_r])
    return left.T, right.T


def _place_table(
    pool: TrackPool,
) -> tuple[NDArray[np.float32], NDArray[np.int64], NDArray[np.int64]]:
    """One table for time zone and meeting preferences, keyed by (offset, meeting code)."""
    e, r, w = pool.mentees, pool.mentors, pool.weights
    offsets, inverse = np.unique(np.concatenate([e.tz, r.tz]), return_inverse=True)
    codes = MEETING_FIT.shape[0]
    tz = w.time_zone * time_zone_fit(
        offsets[:, None], offsets[None, :], pool.rules.max_time_zone_gap
    )
    table = np.kron(tz, np.ones((codes, codes))) + np.kron(
        np.ones((len(offsets), len(offsets))), w.meeting * MEETING_FIT
    )
    keys = inverse * codes + np.concatenate([e.meeting_code, r.meeting_code])
    return table.astype(F32), keys[: len(e)], keys[len(e) :]


def _excluded_in(
    feats: DenseFeatures, rows: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(row within block, mentor) of the id-excluded pairs of mentees `rows` (sorted)."""
    lo = np.searchsorted(feats.excluded_rows, rows, side="left")
    counts = np.searchsorted(feats.excluded_rows, rows, side="right") - lo
    pos = np.arange(int(counts.sum())) + np.repeat(lo - (np.cumsum(counts) - counts), counts)
    return np.repeat(np.arange(len(rows)), counts), feats.excluded_cols[pos]


def same_org_block(
    feats: DenseFeatures, rows: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(row within block, mentor) of every same-organization pair of mentees `rows`."""
    org = feats.mentee_org[rows]
    known = org != UNKNOWN_ORG
    lo = np.where(known, feats.org_first[np.maximum(org, 0)], 0)
    counts = np.where(known, feats.org_first[np.maximum(org, 0) + 1], 0) - lo
    total = int(counts.sum())
    block_rows = np.repeat(np.arange(len(org)), counts)
    offsets = np.repeat(lo - (np.cumsum(counts) - counts), counts)
    return block_rows, feats.mentors_by_org[np.arange(total) + offsets]


def _split_terms(
    mentee_text: sp.csr_matrix, mentor_text: sp.csr_matrix
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Terms that co-occur most go to the dense head (BLAS); the rare rest stay sparse, where
    their products are few. Terms used by only one side contribute nothing and are dropped."""
    df_e = np.bincount(mentee_text.indices, minlength=mentee_text.shape[1])
    df_r = np.bincount(mentor_text.indices, minlength=mentor_text.shape[1])
    mass = df_e.astype(np.float64) * df_r
    used = np.flatnonzero(mass > 0)
    used = used[np.argsort(-mass[used], kind="stable")]
    budget = TAIL_BUDGET * max(1, mentee_text.shape[0]) * max(1, mentor_text.shape[0])
    tail_mass = np.cumsum(mass[used][::-1])[::-1]  # mass of used[k:]
    head_len = int(np.searchsorted(-tail_mass, -budget, side="left"))
    head_len = min(head_len, MAX_HEAD_TERMS, len(used))
    return np.sort(used[:head_len]), np.sort(used[head_len:])


def score_block(
    feats: DenseFeatures,
    pool: TrackPool,
    rows: slice | NDArray[np.int64],
    *,
    apply_rules: bool = True,
) -> NDArray[np.float32]:
    """float32 scores of mentees `rows` (a slice or sorted indices) against all (padded)
    mentors. -inf marks every padding column and, when apply_rules, each pair a hard rule
    forbids."""
    picked = rows  # slicing is much cheaper than fancy indexing for the sparse tail
    if isinstance(rows, slice):
        rows = np.arange(rows.start, rows.stop, dtype=np.int64)
    out = np.matmul(feats.mentee_dense[picked], feats.mentor_dense_t)
    exp_rows = feats.exp_table[feats.mentee_exp[picked]]
    place_rows = feats.place_table[feats.mentee_place[picked]]
    for c0 in range(0, feats.padded, TILE_COLS):
        cols = slice(c0, min(c0 + TILE_COLS, feats.padded))
        tile = out[:, cols]
        tile += np.take(exp_rows, feats.mentor_exp[cols], axis=1)
        tile += np.take(place_rows, feats.mentor_place[cols], axis=1)
    if feats.mentee_tail is not None:
        products = (feats.mentee_tail[picked] @ feats.mentor_tail_t).tocoo()
        out[products.row, products.col] += products.data.astype(F32)
    same_r, same_c = same_org_block(feats, rows)
    if len(same_r):
        if apply_rules and feats.same_org_forbidden:
            out[same_r, same_c] = -np.inf
        else:
            out[same_r, same_c] = np.maximum(out[same_r, same_c] + feats.same_org_delta, F32(0))
    if apply_rules:
        block_rows, cols = _excluded_in(feats, rows)
        out[block_rows, cols] = -np.inf
    out[:, feats.mentors :] = -np.inf
    if apply_rules and pool.rules.min_score > 0:
        out[out < F32(pool.rules.min_score - FLOAT32_MARGIN)] = -np.inf
    return out


@dataclass(frozen=True)
class CandidateSet:
    mentee: NDArray[np.int64]  # candidate pairs, sorted by (mentee, mentor), no duplicates
    mentor: NDArray[np.int64]
    row_bound: NDArray[np.float64]  # pruned pairs of mentee i score < row_bound[i]
    col_bound: NDArray[np.float64]  # pruned pairs of mentor j score < col_bound[j]
    feasible: NDArray[np.int64]  # per mentee: mentors passing every hard rule
    # score_block of every mentee (mentors only, no padding) when the pool is small enough:
    # pricing reads it instead of scoring the rows again.
    scores: NDArray[np.float32] | None = None
    # Otherwise, each mentee's next best pairs after the candidates (sorted by mentee), with
    # their float32 scores: pricing tries them before it scores whole rows again.
    reserve_mentee: NDArray[np.int64] | None = None
    reserve_mentor: NDArray[np.int64] | None = None
    reserve_value: NDArray[np.float32] | None = None


@dataclass
class _BlockOut:
    rows: slice
    mentee: NDArray[np.int64]
    mentor: NDArray[np.int64]
    col_value: NDArray[np.float32]  # value of each pair above the mentor threshold, else -inf
    col_threshold: NDArray[np.float32]  # the mentor thresholds this block selected with
    row_bound: NDArray[np.float64]
    feasible: NDArray[np.int64]
    reserve: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]] | None = None


def search_candidates(
    pool: TrackPool,
    feats: DenseFeatures,
    *,
    per_mentee: int = 8,
    per_mentor: int = 12,
) -> CandidateSet:
    """One pass over all pairs of the pool; see the module docstring."""
    n, m = len(pool.mentees), len(pool.mentors)
    if n == 0 or m == 0:
        empty = np.zeros(0, np.int64)
        return CandidateSet(
            empty, empty, np.full(n, -np.inf), np.full(m, -np.inf), np.zeros(n, np.int64)
        )
    top = _MentorTop(m, per_mentor)
    outs: list[_BlockOut] = []
    kept = np.empty((n, m), dtype=F32) if n * m <= KEEP_SCORES_MAX else None
    # Blocks run in order: each reads the mentor thresholds the earlier ones raised, which keeps
    # the candidate set (and so the result) deterministic.
    for start in range(0, n, ROWS_PER_BLOCK):
        rows = slice(start, min(start + ROWS_PER_BLOCK, n))
        out = _search_block(pool, feats, rows, per_mentee, per_mentor, top.threshold, kept)
        top.merge(out)
        outs.append(out)
    mentee = np.concatenate([o.mentee for o in outs] + [top.mentee()])
    mentor = np.concatenate([o.mentor for o in outs] + [top.mentor()])
    key = np.sort(mentee * m + mentor)
    key = key[np.concatenate([[True], key[1:] != key[:-1]])] if len(key) else key
    return CandidateSet(
        mentee=key // m,
        mentor=key % m,
        row_bound=np.concatenate([o.row_bound for o in outs]),
        col_bound=top.bound(),
        feasible=np.concatenate([o.feasible for o in outs]),
        scores=kept,
        **_reserve(outs),
    )


def _reserve(outs: list[_BlockOut]) -> dict[str, NDArray | None]:
    parts = [o.reserve for o in outs if o.reserve is not None]
    if not parts:
        return {}
    return {
        "reserve_mentee": np.concatenate([p[0] for p in parts]),
        "reserve_mentor": np.concatenate([p[1] for p in parts]),
        "reserve_value": np.concatenate([p[2] for p in parts]),
    }


def _search_block(
    pool: TrackPool,
    feats: DenseFeatures,
    rows: slice,
    per_mentee: int,
    per_mentor: int,
    mentor_threshold: NDArray[np.float32],
    kept: NDArray[np.float32] | None,
) -> _BlockOut:
    scores = score_block(feats, pool, rows)
    if kept is not None:
        kept[rows] = scores[:, : feats.mentors]
    b, m, padded = scores.shape[0], feats.mentors, feats.padded
    # Maxima over CHUNK interleaved column groups (contiguous, so the reduction vectorizes).
    group_max = scores.reshape(b, CHUNK, padded // CHUNK).max(axis=1)
    groups = group_max.shape[1]
    k = min(per_mentee, groups)
    # k-th largest group maximum: at least k pairs reach it, usually not many more. A row with
    # fewer than k feasible groups gets -inf, and all its feasible pairs are kept.
    threshold = np.partition(group_max, groups - k, axis=1)[:, groups - k]
    feasible = _feasible_counts(feats, pool, rows, scores)
    if np.isneginf(mentor_threshold).all():
        # Seed each mentor's threshold with its per_mentor-th best in this block.
        kk = min(b, per_mentor)
        mentor_threshold = np.partition(scores[:, :m], b - kk, axis=0)[b - kk]
    lowest = np.finfo(F32).min  # compares like -inf but never admits -inf itself
    row_thr = np.maximum(threshold, lowest)
    col_thr = np.full(padded, np.inf, dtype=F32)
    col_thr[:m] = np.maximum(mentor_threshold, lowest)
    selected = scores >= row_thr[:, None]
    selected |= scores >= col_thr[None, :]
    reserve = None if kept is not None else _block_reserve(scores, group_max, selected, rows)
    flat = np.flatnonzero(selected)
    ri, ci = np.divmod(flat, padded)
    values = scores.ravel()[flat]
    col_selected = values >= col_thr[ci]
    selected_per_row = np.bincount(ri, minlength=b)
    too_many = np.flatnonzero(selected_per_row > 8 * per_mentee + 64)
    row_bound = threshold.astype(np.float64)
    if len(too_many):
        # Many exact ties at the threshold (identical profiles): keep an exact top-k instead.
        ri, ci, col_selected, row_bound = _trim_rows(
            scores, ri, ci, col_selected, row_bound, too_many, per_mentee
        )
    col_value = np.where(col_selected, scores[ri, ci], -np.inf).astype(F32)
    return _BlockOut(
        rows=rows,
        mentee=ri.astype(np.int64) + rows.start,
        mentor=ci.astype(np.int64),
        col_value=col_value,
        col_threshold=mentor_threshold.astype(F32),
        row_bound=np.where(np.isneginf(row_bound), -np.inf, row_bound + FLOAT32_MARGIN),
        feasible=feasible,
        reserve=reserve,
    )


def _block_reserve(
    scores: NDArray[np.float32],
    group_max: NDArray[np.float32],
    selected: NDArray[np.bool_],
    rows: slice,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]]:
    """Pairs at or above each row's RESERVE_PER_MENTEE-th best group maximum that are not
    candidates already; rows drowning in ties keep none (pricing scores them if needed)."""
    groups = group_max.shape[1]
    k = min(RESERVE_PER_MENTEE, groups)
    level = np.maximum(
        np.partition(group_max, groups - k, axis=1)[:, groups - k], np.finfo(F32).min
    )
    flat = np.flatnonzero((scores >= level[:, None]) & ~selected)
    ri, ci = np.divmod(flat, scores.shape[1])
    per_row = np.bincount(ri, minlength=scores.shape[0])
    ok = per_row[ri] <= 4 * RESERVE_PER_MENTEE + 64
    return (
        ri[ok].astype(np.int64) + rows.start,
        ci[ok].astype(np.int64),
        scores.ravel()[flat[ok]],
    )


def _feasible_counts(
    feats: DenseFeatures, pool: TrackPool, rows: slice, scores: NDArray[np.float32]
) -> NDArray[np.int64]:
    """Mentors each mentee may be paired with under the hard rules."""
    if pool.rules.min_score > 0:
        return np.count_nonzero(scores > -np.inf, axis=1).astype(np.int64)
    lo, hi = np.searchsorted(feats.excluded_rows, [rows.start, rows.stop])
    excluded = feats.excluded_rows[lo:hi] - rows.start
    count = feats.mentors - np.bincount(excluded, minlength=rows.stop - rows.start)
    if feats.same_org_forbidden:
        org = feats.mentee_org[rows]
        known = org != UNKNOWN_ORG
        safe = np.maximum(org, 0)
        same = np.where(known, feats.org_first[safe + 1] - feats.org_first[safe], 0)
        both = np.bincount(excluded[feats.excluded_same_org[lo:hi]], minlength=len(org))
        count -= same - both  # an excluded same-org pair is not subtracted twice
    return count.astype(np.int64)


def _trim_rows(
    scores: NDArray[np.float32],
    ri: NDArray[np.int64],
    ci: NDArray[np.int64],
    col_selected: NDArray[np.bool_],
    row_bound: NDArray[np.float64],
    rows: NDArray[np.int64],
    k: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_], NDArray[np.float64]]:
    """For rows drowning in ties: everything strictly above the tied value, then tied pairs by
    mentor index up to k; what is left scores at most the tied value."""
    in_rows = np.isin(ri, rows)
    keep = ~in_rows | col_selected
    row_bound = row_bound.copy()
    extra_r, extra_c = [], []
    for r in rows:
        row = scores[r]
        tied = row_bound[r]
        above = np.flatnonzero(row > tied)
        ties = np.flatnonzero(row == tied)[: max(0, k - len(above))]
        chosen = np.concatenate([above, ties])
        extra_r.append(np.full(len(chosen), r, dtype=np.int64))
        extra_c.append(chosen.astype(np.int64))
    r_all = np.concatenate([ri[keep], *extra_r])
    c_all = np.concatenate([ci[keep], *extra_c])
    sel_all = np.concatenate([col_selected[keep], np.zeros(len(r_all) - int(keep.sum()), bool)])
    key = r_all * scores.shape[1] + c_all
    _, first = np.unique(key, return_index=True)
    # A pair chosen both ways keeps its mentor-side flag (the unique keeps the first copy).
    return r_all[first], c_all[first], sel_all[first], row_bound


class _MentorTop:
    """Each mentor's `k` best mentees seen so far; the k-th best is its pruning threshold."""

    def __init__(self, mentors: int, k: int) -> None:
        self.k = k
        self.value = np.full((mentors, k), -np.inf, dtype=F32)
        self.mentee_idx = np.full((mentors, k), -1, dtype=np.int64)
        self.threshold = np.full(mentors, -np.inf, dtype=F32)
        # Highest threshold any block selected with: unselected pairs score below it.
        self.used = np.full(mentors, -np.inf, dtype=F32)

    def merge(self, out: _BlockOut) -> None:
        np.maximum(self.used, out.col_threshold, out=self.used)
        keep = out.col_value > -np.inf
        if not keep.any():
            return
        j, v, i = out.mentor[keep], out.col_value[keep], out.mentee[keep]
        order = np.argsort(j, kind="stable")
        j, v, i = j[order], v[order], i[order]
        start = np.flatnonzero(np.concatenate([[True], j[1:] != j[:-1]]))
        count = np.diff(np.append(start, len(j)))
        touched = j[start]
        width = self.k + int(count.max())
        vals = np.full((len(touched), width), -np.inf, dtype=F32)
        idx = np.full((len(touched), width), -1, dtype=np.int64)
        vals[:, : self.k] = self.value[touched]
        idx[:, : self.k] = self.mentee_idx[touched]
        slot = np.arange(len(j)) - np.repeat(start, count) + self.k
        row = np.repeat(np.arange(len(touched)), count)
        vals[row, slot] = v
        idx[row, slot] = i
        # Descending by value; a stable sort keeps older (lower-index) mentees first on ties.
        order = np.argsort(-vals, axis=1, kind="stable")
        vals = np.take_along_axis(vals, order, axis=1)
        idx = np.take_along_axis(idx, order, axis=1)
        self.value[touched] = vals[:, : self.k]
        self.mentee_idx[touched] = idx[:, : self.k]
        full = self.value[touched, -1] > -np.inf
        self.threshold[touched[full]] = self.value[touched[full], -1]

    def mentee(self) -> NDArray[np.int64]:
        return self.mentee_idx[self.mentee_idx >= 0]

    def mentor(self) -> NDArray[np.int64]:
        return np.nonzero(self.mentee_idx >= 0)[0].astype(np.int64)

    def bound(self) -> NDArray[np.float64]:
        """Every pair of mentor j outside its kept top scores at most this (with margin): pairs
        pushed out of the top scored at most the final threshold, pairs never selected scored
        below the threshold in use then."""
        b = np.maximum(self.threshold, self.used).astype(np.float64)
        return np.where(np.isneginf(b), -np.inf, b + FLOAT32_MARGIN)
