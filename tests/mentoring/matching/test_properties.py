"""Property tests: no rule is ever broken, and small pools get the brute-force optimum."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.mentoring.matching import (
    Candidate,
    MatchResult,
    MatchRules,
    Role,
    SameOrgPolicy,
    UnmatchedReason,
    match,
)
from bot.mentoring.matching.criteria import score_pairs
from bot.mentoring.matching.pool import build_pools

IDS = [f"p{k}" for k in range(10)]
TOPICS = ["budgeting", "elections", "HR", "zoning", "library services"]
GOALS = ["budget council", "records elections", "teen library", "lead team budget", ""]


@st.composite
def pools(draw: st.DrawFn) -> tuple[list[Candidate], MatchRules]:
    n_mentees = draw(st.integers(0, 6))
    n_mentors = draw(st.integers(0, 4))
    n_both = draw(st.integers(0, min(2, n_mentees, n_mentors)))
    roles = (
        [Role.MENTEE] * (n_mentees - n_both)
        + [Role.MENTOR] * (n_mentors - n_both)
        + [Role.BOTH] * n_both
    )
    ids = IDS[: len(roles)]
    people = []
    for cid, role in zip(ids, roles, strict=True):
        people.append(
            Candidate(
                id=cid,
                role=role,
                track=draw(st.sampled_from(["traditional", "traditional", "career"])),
                organization=draw(st.sampled_from(["A", "B", "C", ""])),
                years_experience=draw(st.integers(0, 30)),
                topics=frozenset(draw(st.lists(st.sampled_from(TOPICS), max_size=3))),
                goals=draw(st.sampled_from(GOALS)),
                tz_offset_hours=draw(st.sampled_from([-8.0, -5.0, -6.0, 1.0])),
                meeting_format=draw(st.sampled_from(["video", "phone", "any", "in_person"])),
                meeting_frequency=draw(st.sampled_from(["weekly", "monthly"])),
                capacity=draw(st.integers(1, 3)) if role is not Role.MENTEE else 0,
                do_not_pair=frozenset(draw(st.lists(st.sampled_from(ids), max_size=1))),
                status=draw(st.sampled_from(["active"] * 6 + ["paused", "left"])),
            )
        )
    pairs_strategy = st.tuples(st.sampled_from(ids), st.sampled_from(ids)) if ids else st.nothing()
    rules = MatchRules(
        same_org=draw(st.sampled_from(list(SameOrgPolicy))),
        previous_pairs=frozenset(draw(st.lists(pairs_strategy, max_size=2)))
        if ids
        else frozenset(),
        rejected_pairs=frozenset(draw(st.lists(pairs_strategy, max_size=1)))
        if ids
        else frozenset(),
        min_score=draw(st.sampled_from([0.0, 0.0, 0.3, 0.5])),
    )
    return people, rules


def allowed(mentor: Candidate, mentee: Candidate, rules: MatchRules) -> bool:
    """The hard rules, written out independently of the engine."""
    if mentor.id == mentee.id or not (mentor.is_active and mentee.is_active):
        return False
    if not (mentor.can_mentor and mentee.wants_mentor) or mentor.track != mentee.track:
        return False
    if mentee.id in mentor.do_not_pair or mentor.id in mentee.do_not_pair:
        return False
    both_ways = {(mentor.id, mentee.id), (mentee.id, mentor.id)}
    if both_ways & (rules.previous_pairs | rules.rejected_pairs):
        return False
    same = (
        mentor.organization != ""
        and mentor.organization.casefold() == mentee.organization.casefold()
    )
    return not (same and rules.same_org is SameOrgPolicy.FORBID)


def check_rules(people: list[Candidate], rules: MatchRules, result: MatchResult) -> None:
    by_id = {c.id: c for c in people}
    load = Counter(p.mentor_id for p in result.proposals)
    for p in result.proposals:
        mentor, mentee = by_id[p.mentor_id], by_id[p.mentee_id]
        assert allowed(mentor, mentee, rules), p
        assert rules.min_score <= p.score <= 1.0
        assert p.reasons == tuple(p.reasons) and all(isinstance(r, str) for r in p.reasons)
    for mentor_id, count in load.items():
        assert count <= by_id[mentor_id].capacity
    # Nobody dropped silently: each mentee exactly once, proposed or unmatched.
    outcome = [p.mentee_id for p in result.proposals] + [u.mentee_id for u in result.unmatched]
    assert sorted(outcome) == sorted(c.id for c in people if c.wants_mentor)
    for u in result.unmatched:
        active = by_id[u.mentee_id].is_active
        assert (u.reason is UnmatchedReason.INACTIVE) == (not active)


def brute_force(people: list[Candidate], rules: MatchRules) -> tuple[int, float]:
    """Best (number matched, total score) by enumerating every assignment."""
    best = (0, 0.0)
    for pool in build_pools(people, rules):
        mentees, mentors = pool.mentees.candidates, pool.mentors.candidates
        options = []
        for i, mentee in enumerate(mentees):
            ok = [j for j, mentor in enumerate(mentors) if allowed(mentor, mentee, rules)]
            scores = score_pairs(pool, np.full(len(ok), i), np.array(ok, dtype=np.int64)).score
            options.append(
                [None] + [(j, s) for j, s in zip(ok, scores, strict=True) if s >= rules.min_score]
            )
        track_best = (0, 0.0)
        for choice in itertools.product(*options):
            taken = Counter(c[0] for c in choice if c is not None)
            if any(taken[j] > mentors[j].capacity for j in taken):
                continue
            value = (sum(c is not None for c in choice), sum(c[1] for c in choice if c))
            if value[0] > track_best[0] or (value[0] == track_best[0] and value[1] > track_best[1]):
                track_best = value
        best = (best[0] + track_best[0], best[1] + track_best[1])
    return best


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pools())
def test_rules_hold_and_small_pools_are_optimal(case: tuple[list[Candidate], MatchRules]) -> None:
    people, rules = case
    result = match(people, rules)
    check_rules(people, rules, result)
    count, total = brute_force(people, rules)
    assert len(result.proposals) == count
    assert abs(result.total_score - total) <= 1e-9 * max(1.0, total)
    assert result.stats.certified_optimal


@settings(max_examples=30, deadline=None)
@given(pools(), st.randoms(use_true_random=False))
def test_same_input_in_any_order_gives_the_same_result(
    case: tuple[list[Candidate], MatchRules], rnd: random.Random
) -> None:
    people, rules = case
    first = match(people, rules)
    shuffled = people[:]
    rnd.shuffle(shuffled)
    second = match(shuffled, rules)
    assert first.proposals == second.proposals
    assert first.unmatched == second.unmatched


def test_deterministic_on_a_larger_community() -> None:
    from bot.mentoring.matching.synthetic import community

    com = community(600, 150, seed=5)
    a = match(com.candidates, com.rules)
    b = match(list(reversed(com.candidates)), com.rules)
    assert a.proposals == b.proposals
    assert a.unmatched == b.unmatched
    check_rules(com.candidates, com.rules, a)
