"""The six scoring criteria, each in [0, 1], and the exact (float64) score of given pairs.

Every function broadcasts: pass flat index-aligned arrays for a list of pairs, or a column and
a row for a block. The dense candidate search uses the same formulas in float32.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bot.mentoring.matching.models import SameOrgPolicy, Track
from bot.mentoring.matching.pool import FORMATS, FREQUENCIES, UNKNOWN_ORG, TrackPool
from bot.mentoring.matching.text_similarity import cosine_pairs

CRITERIA = ("topics", "goals", "experience", "time_zone", "meeting", "organization")

Array = NDArray[np.floating]


def experience_fit(
    mentor_years: Array, mentee_years: Array, track: Track, target_gap: float
) -> Array:
    """How well the experience gap suits the track.

    traditional: the mentor should be more experienced; rises linearly to 1 at `target_gap`
    years more, then falls slowly to 0 at three times the target.
    reverse: the mentor is the junior one (who has the skill the senior mentee wants);
    1 once the mentee has `target_gap` more years.
    career: any gap is fine.
    """
    if track is Track.CAREER:
        return np.ones(np.broadcast_shapes(np.shape(mentor_years), np.shape(mentee_years)))
    if track is Track.REVERSE:
        return np.clip((mentee_years - mentor_years) / target_gap, 0.0, 1.0)
    gap = mentor_years - mentee_years
    return np.clip(np.minimum(gap / target_gap, 1.5 - gap / (2.0 * target_gap)), 0.0, 1.0)


def time_zone_distance(tz_a: Array, tz_b: Array) -> Array:
    d = np.abs(tz_a - tz_b)
    return np.minimum(d, 24.0 - d)


def time_zone_fit(tz_a: Array, tz_b: Array, max_gap: float) -> Array:
    return np.clip(1.0 - time_zone_distance(tz_a, tz_b) / max_gap, 0.0, 1.0)


def _format_table() -> NDArray[np.float64]:
    # Symmetric: same or "any" meets fully; remote forms partly substitute for each other.
    partial = {
        frozenset({"video", "phone"}): 0.6,
        frozenset({"video", "chat"}): 0.4,
        frozenset({"phone", "chat"}): 0.4,
        frozenset({"video", "in_person"}): 0.3,
        frozenset({"phone", "in_person"}): 0.2,
        frozenset({"chat", "in_person"}): 0.1,
    }
    table = np.zeros((len(FORMATS), len(FORMATS)))
    for a, fa in enumerate(FORMATS):
        for b, fb in enumerate(FORMATS):
            if fa == fb or "any" in (fa, fb):
                table[a, b] = 1.0
            else:
                table[a, b] = partial[frozenset({fa.value, fb.value})]
    return table


FORMAT_FIT = _format_table()
FREQUENCY_FIT = 1.0 - np.abs(
    np.arange(len(FREQUENCIES))[:, None] - np.arange(len(FREQUENCIES))[None, :]
) / (len(FREQUENCIES) - 1)
FORMAT_SHARE = 0.6  # of the meeting criterion; frequency gets the rest
# MEETING_FIT[code_a, code_b], code = format index * len(FREQUENCIES) + frequency index
MEETING_FIT = FORMAT_SHARE * np.kron(FORMAT_FIT, np.ones((len(FREQUENCIES),) * 2)) + (
    1.0 - FORMAT_SHARE
) * np.kron(np.ones((len(FORMATS),) * 2), FREQUENCY_FIT)


def organization_fit(org_a: NDArray[np.int64], org_b: NDArray[np.int64]) -> Array:
    """1 for two known, different organizations; 0 for the same one; 0.5 if one is unknown."""
    known = (org_a != UNKNOWN_ORG) & (org_b != UNKNOWN_ORG)
    return np.where(known, (org_a != org_b).astype(np.float64), 0.5)


def same_organization(org_a: NDArray[np.int64], org_b: NDArray[np.int64]) -> NDArray[np.bool_]:
    return (org_a == org_b) & (org_a != UNKNOWN_ORG)


def topic_coverage(
    mentee_bits: NDArray[np.uint64], mentor_bits: NDArray[np.uint64], mentee_count: Array
) -> tuple[Array, NDArray[np.int64]]:
    """Share of the mentee's topics the mentor offers, and the shared count (bitsets, last axis
    is the 64-bit word)."""
    shared = np.bitwise_count(mentee_bits & mentor_bits).sum(axis=-1, dtype=np.int64)
    coverage = np.divide(
        shared, mentee_count, out=np.zeros(shared.shape), where=np.asarray(mentee_count) > 0
    )
    return coverage, shared


@dataclass(frozen=True)
class PairScores:
    """Exact scores of a list of (mentee, mentor) pairs of one pool."""

    score: NDArray[np.float64]
    components: NDArray[np.float64]  # (len(CRITERIA), pairs), each in [0, 1]
    same_org: NDArray[np.bool_]
    shared_topics: NDArray[np.int64]


def score_pairs(
    pool: TrackPool, mentee: NDArray[np.int64], mentor: NDArray[np.int64]
) -> PairScores:
    """The score in [0, 1] of each pair: weighted mean of the criteria, minus the same-org
    penalty under the DISCOURAGE policy, clipped to [0, 1]. Hard rules are not checked here."""
    e, r, rules = pool.mentees, pool.mentors, pool.rules
    coverage, shared = topic_coverage(
        e.topic_bits[mentee], r.topic_bits[mentor], e.topic_count[mentee]
    )
    components = np.stack(
        [
            coverage,
            cosine_pairs(e.text, r.text, mentee, mentor),
            experience_fit(
                r.experience[mentor].astype(np.float64),
                e.experience[mentee].astype(np.float64),
                pool.track,
                rules.target_experience_gap,
            ),
            time_zone_fit(e.tz[mentee], r.tz[mentor], rules.max_time_zone_gap),
            MEETING_FIT[e.meeting_code[mentee], r.meeting_code[mentor]],
            organization_fit(e.org[mentee], r.org[mentor]),
        ]
    )
    weights = np.asarray(pool.weights.as_tuple())
    score = weights @ components
    same = same_organization(e.org[mentee], r.org[mentor])
    if rules.same_org is SameOrgPolicy.DISCOURAGE:
        score = score - rules.same_org_penalty * same
    return PairScores(
        score=np.clip(score, 0.0, 1.0), components=components, same_org=same, shared_topics=shared
    )
