"""match(): the whole pool at once, track by track, with reasons for every outcome."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable

import numpy as np
from threadpoolctl import threadpool_limits

from bot.mentoring.matching.criteria import same_organization, score_pairs
from bot.mentoring.matching.dense_search import FLOAT32_MARGIN, dense_features, score_block
from bot.mentoring.matching.explain import (
    capacity_detail,
    excluded_detail,
    inactive_detail,
    no_mentor_detail,
    pair_reasons,
)
from bot.mentoring.matching.models import (
    Candidate,
    ExclusionRule,
    MatchResult,
    MatchRules,
    MatchStats,
    Proposal,
    SameOrgPolicy,
    Unmatched,
    UnmatchedReason,
)
from bot.mentoring.matching.pool import TrackPool, build_pools
from bot.mentoring.matching.solver import RELATIVE_TOLERANCE, TrackAssignment, solve_track


def match(candidates: Iterable[Candidate], rules: MatchRules | None = None) -> MatchResult:
    """Propose mentor-mentee pairs for everyone waiting.

    The assignment matches as many mentees as possible and, among those assignments, has the
    highest total score; it respects every hard rule (capacity, roles, track, do-not-pair,
    previous and rejected pairs, status, same-organization policy, minimum score). Every
    active mentee is either proposed or listed as unmatched with the reason; paused and left
    mentees are listed as INACTIVE. The result does not depend on the input order.
    """
    started = time.perf_counter()
    rules = rules or MatchRules()
    people = list(candidates)
    ids = [c.id for c in people]
    if len(set(ids)) != len(ids):
        duplicate = next(i for i in ids if ids.count(i) > 1)
        raise ValueError(f"candidate id {duplicate!r} appears more than once")
    proposals: list[Proposal] = []
    unmatched: list[Unmatched] = [
        Unmatched(
            mentee_id=c.id,
            reason=UnmatchedReason.INACTIVE,
            detail=inactive_detail(c.status.value),
        )
        for c in people
        if c.wants_mentor and not c.is_active
    ]
    edges = pricing = 0
    gap = 0.0
    waiting = mentors = 0
    # One BLAS thread: the products are small tiles, where a second thread costs more in
    # hand-offs than it saves (1.5-2x slower on a 2-core machine).
    with threadpool_limits(limits=1, user_api="blas"):
        for pool in build_pools(people, rules):
            assignment = solve_track(pool)
            waiting += len(pool.mentees)
            mentors += len(pool.mentors)
            edges += assignment.candidate_edges
            pricing += assignment.pricing_rounds
            gap += assignment.gap
            proposals.extend(_proposals(pool, assignment))
            unmatched.extend(_unmatched(pool, assignment))
    proposals.sort(key=lambda p: (-p.score, p.mentee_id, p.mentor_id))
    unmatched.sort(key=lambda u: u.mentee_id)
    total = float(np.sum([p.score for p in proposals]))
    return MatchResult(
        proposals=tuple(proposals),
        unmatched=tuple(unmatched),
        stats=MatchStats(
            mentees_waiting=waiting,
            mentors_available=mentors,
            candidate_edges=edges,
            pricing_rounds=pricing,
            duality_gap=gap,
            certified_optimal=gap <= RELATIVE_TOLERANCE * max(total, 1.0),
            seconds=time.perf_counter() - started,
        ),
    )


def _proposals(pool: TrackPool, assignment: TrackAssignment) -> list[Proposal]:
    mentee = np.flatnonzero(assignment.mentor_of >= 0)
    mentor = assignment.mentor_of[mentee]
    scores = score_pairs(pool, mentee, mentor)
    out = []
    for k, (i, j) in enumerate(zip(mentee.tolist(), mentor.tolist(), strict=True)):
        out.append(
            Proposal(
                mentor_id=pool.mentors.candidates[j].id,
                mentee_id=pool.mentees.candidates[i].id,
                score=float(scores.score[k]),
                reasons=pair_reasons(pool, i, j, scores.components[:, k], bool(scores.same_org[k])),
            )
        )
    return out


def _unmatched(pool: TrackPool, assignment: TrackAssignment) -> list[Unmatched]:
    out = []
    left = np.flatnonzero(assignment.mentor_of < 0)
    mentor_ids = [c.id for c in pool.mentors.candidates]
    mentor_index = {j: k for k, j in enumerate(mentor_ids)}
    for i in left[assignment.feasible[left] > 0].tolist():
        mentee_id = pool.mentees.candidates[i].id
        _, only = _others(mentor_ids, mentor_index, mentee_id)
        out.append(
            Unmatched(
                mentee_id=mentee_id,
                reason=UnmatchedReason.CAPACITY_FULL,
                detail=capacity_detail(pool.track, int(assignment.feasible[i]), only),
            )
        )
    blocked = left[assignment.feasible[left] == 0]
    breakdown = _rule_breakdown(pool, blocked) if len(blocked) else {}
    for i in blocked.tolist():
        mentee_id = pool.mentees.candidates[i].id
        others, _ = _others(mentor_ids, mentor_index, mentee_id)
        counts = breakdown.get(i, Counter())
        if not others:
            detail = no_mentor_detail(pool.track, any_mentor=bool(mentor_ids))
            out.append(Unmatched(mentee_id, UnmatchedReason.NO_COMPATIBLE_MENTOR, detail))
            continue
        rules = tuple(rule for rule, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        out.append(
            Unmatched(
                mentee_id=mentee_id,
                reason=UnmatchedReason.EXCLUDED_BY_RULE,
                detail=excluded_detail(pool.track, counts, others),
                rules=rules,
            )
        )
    return out


def _others(mentor_ids: list[str], index: dict[str, int], mentee_id: str) -> tuple[int, str | None]:
    """How many of the track's mentors are not the mentee themself (a BOTH candidate), and
    the one if there is exactly one; without a scan of all mentors per mentee."""
    own = index.get(mentee_id)
    rest = [j for j in mentor_ids[:2] if j != mentee_id] if own is not None else mentor_ids[:2]
    count = len(mentor_ids) - (own is not None)
    return count, (rest[0] if count == 1 else None)


def _rule_breakdown(pool: TrackPool, mentees: np.ndarray) -> dict[int, Counter[ExclusionRule]]:
    """For mentees no mentor may take: which rule rules out each mentor (first one that
    applies, in the order do-not-pair, previous, rejected, same organization, minimum score)."""
    m = len(pool.mentors)
    if m == 0:
        return {}
    blame = np.full((len(mentees), m), -1, dtype=np.int64)
    order = [
        ExclusionRule.DO_NOT_PAIR,
        ExclusionRule.PREVIOUS_PAIR,
        ExclusionRule.REJECTED_PAIR,
        ExclusionRule.SAME_ORGANIZATION,
        ExclusionRule.BELOW_MIN_SCORE,
    ]
    row_of = {int(i): k for k, i in enumerate(mentees)}
    for rank, rule in reversed(list(enumerate(order[:3]))):
        rows, cols = pool.excluded.by_rule.get(rule, (np.zeros(0, int), np.zeros(0, int)))
        keep = np.isin(rows, mentees)
        blame[[row_of[int(r)] for r in rows[keep]], cols[keep]] = rank
    if pool.rules.same_org is SameOrgPolicy.FORBID:
        same = same_organization(pool.mentees.org[mentees, None], pool.mentors.org[None, :])
        blame[same & (blame < 0)] = order.index(ExclusionRule.SAME_ORGANIZATION)
    if pool.rules.min_score > 0:
        feats = dense_features(pool)
        raw = score_block(feats, pool, np.sort(mentees), apply_rules=False)[:, :m]
        raw = raw[np.searchsorted(np.sort(mentees), mentees)]
        # Near the threshold float32 is not trusted: those pairs get an exact score.
        near = np.abs(raw - pool.rules.min_score) <= FLOAT32_MARGIN
        below = raw < pool.rules.min_score
        ri, ci = np.nonzero(near)
        if len(ri):
            below[ri, ci] = score_pairs(pool, mentees[ri], ci).score < pool.rules.min_score
        blame[below & (blame < 0)] = order.index(ExclusionRule.BELOW_MIN_SCORE)
    self_cols = {c.id: j for j, c in enumerate(pool.mentors.candidates)}
    out: dict[int, Counter[ExclusionRule]] = {}
    for k, i in enumerate(mentees.tolist()):
        row = blame[k].copy()
        own = self_cols.get(pool.mentees.candidates[i].id)
        if own is not None:
            row[own] = -1
        counts = np.bincount(row[row >= 0], minlength=len(order))
        out[i] = Counter({order[r]: int(c) for r, c in enumerate(counts) if c})
    return out
