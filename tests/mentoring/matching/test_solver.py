"""The assignment solver against SciPy's exact linear_sum_assignment on whole tracks."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from bot.mentoring.matching import SameOrgPolicy
from bot.mentoring.matching.criteria import score_pairs
from bot.mentoring.matching.pool import TrackPool, build_pools
from bot.mentoring.matching.solver import solve_track
from bot.mentoring.matching.synthetic import community


def exact_optimum(pool: TrackPool) -> tuple[int, float]:
    """Dense capacity-expanded problem: weight K + score for allowed pairs, 0 otherwise."""
    n, m = len(pool.mentees), len(pool.mentors)
    i, j = np.meshgrid(np.arange(n), np.arange(m), indexing="ij")
    score = score_pairs(pool, i.ravel(), j.ravel()).score.reshape(n, m)
    ok = score >= pool.rules.min_score
    rows, cols = pool.excluded.all_pairs()
    ok[rows, cols] = False
    if pool.rules.same_org is SameOrgPolicy.FORBID:
        org_e, org_r = pool.mentees.org[:, None], pool.mentors.org[None, :]
        ok &= ~((org_e == org_r) & (org_e >= 0))
    slot_owner = np.repeat(np.arange(m), pool.capacity)
    weight = np.where(ok, min(n, m) + 1 + score, 0.0)[:, slot_owner]
    r, c = linear_sum_assignment(weight, maximize=True)
    used = ok[r, slot_owner[c]]
    return int(used.sum()), float(score[r[used], slot_owner[c][used]].sum())


@pytest.mark.parametrize("seed", range(8))
def test_equals_exact_optimum_even_with_tiny_candidate_sets(seed: int) -> None:
    rng = np.random.default_rng(seed)
    policy = list(SameOrgPolicy)[seed % 3]
    com = community(
        int(rng.integers(40, 260)), int(rng.integers(10, 90)), seed=seed, same_org=policy
    )
    rules = dataclasses.replace(com.rules, min_score=0.4) if seed % 4 == 3 else com.rules
    for pool in build_pools(com.candidates, rules):
        # Very small candidate sets force the pricing loop to find the missing pairs.
        got = solve_track(
            pool, per_mentee=int(rng.integers(1, 6)), per_mentor=int(rng.integers(1, 6))
        )
        count, total = exact_optimum(pool)
        assert int((got.mentor_of >= 0).sum()) == count
        assert abs(float(got.score.sum()) - total) <= 1e-9 * max(1.0, total)
        assert got.certified
        load = np.bincount(got.mentor_of[got.mentor_of >= 0], minlength=len(pool.mentors))
        assert (load <= pool.capacity).all()
