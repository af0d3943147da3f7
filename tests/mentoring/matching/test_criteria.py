"""Each scoring criterion on its own, and the weighted score built from them."""

from __future__ import annotations

import numpy as np
import pytest

from bot.mentoring.matching import Candidate, CriterionWeights, MatchRules, SameOrgPolicy, Track
from bot.mentoring.matching.criteria import (
    MEETING_FIT,
    experience_fit,
    organization_fit,
    score_pairs,
    time_zone_fit,
    topic_coverage,
)
from bot.mentoring.matching.pool import FORMATS, FREQUENCIES, UNKNOWN_ORG, build_pools
from bot.mentoring.matching.text_similarity import cosine_pairs, fit_tfidf, tokenize


def years(*values: float) -> np.ndarray:
    return np.array(values, dtype=float)


def test_traditional_experience_peaks_at_target_gap() -> None:
    mentee = years(5, 5, 5, 5, 5, 5)
    mentor = years(3, 5, 9, 13, 21, 40)
    fit = experience_fit(mentor, mentee, Track.TRADITIONAL, 8.0)
    assert fit.tolist() == pytest.approx([0.0, 0.0, 0.5, 1.0, 0.5, 0.0])


def test_reverse_experience_wants_the_junior_mentor() -> None:
    fit = experience_fit(years(30, 22, 2), years(10, 30, 30), Track.REVERSE, 8.0)
    assert fit.tolist() == pytest.approx([0.0, 1.0, 1.0])
    assert experience_fit(years(25), years(24), Track.REVERSE, 8.0)[0] == 0.0


def test_career_experience_accepts_any_gap() -> None:
    assert experience_fit(years(1, 40), years(30, 0), Track.CAREER, 8.0).tolist() == [1.0, 1.0]


def test_time_zone_fit_wraps_around_midnight() -> None:
    fit = time_zone_fit(years(-5, -5, 11, -10), years(-5, -8, -11, 2), 8.0)
    assert fit.tolist() == pytest.approx([1.0, 0.625, 0.75, 0.0])


def test_meeting_fit_is_symmetric_and_any_matches_everything() -> None:
    assert np.allclose(MEETING_FIT, MEETING_FIT.T)
    per = len(FREQUENCIES)
    video, any_, in_person = (FORMATS.index(f) for f in ("video", "any", "in_person"))
    monthly = FREQUENCIES.index("monthly")
    assert MEETING_FIT[video * per + monthly, any_ * per + monthly] == 1.0
    assert MEETING_FIT[video * per + monthly, video * per + monthly] == 1.0
    assert MEETING_FIT[video * per + monthly, in_person * per + monthly] < 0.6
    weekly, quarterly = FREQUENCIES.index("weekly"), FREQUENCIES.index("quarterly")
    assert MEETING_FIT[video * per + weekly, video * per + quarterly] == pytest.approx(0.6)


def test_organization_fit() -> None:
    a = np.array([1, 1, UNKNOWN_ORG])
    b = np.array([2, 1, 1])
    assert organization_fit(a, b).tolist() == [1.0, 0.0, 0.5]


def test_topic_coverage_is_share_of_mentee_topics() -> None:
    mentee = np.array([[0b0111], [0b0000]], dtype=np.uint64)
    mentor = np.array([[0b1101], [0b1111]], dtype=np.uint64)
    coverage, shared = topic_coverage(mentee, mentor, np.array([3, 0]))
    assert coverage.tolist() == pytest.approx([2 / 3, 0.0])
    assert shared.tolist() == [2, 0]


def test_tfidf_cosine() -> None:
    assert tokenize("The Budgets and the council") == ["budget", "council"]
    tfidf = fit_tfidf(["budget for council", "council budget", "teen library programs", ""])
    m = tfidf.matrix
    sims = cosine_pairs(m, m, np.array([0, 0, 2, 3]), np.array([1, 2, 2, 0]))
    assert sims[0] > 0.5
    assert sims[1] == 0.0
    assert sims[2] == pytest.approx(1.0)
    assert sims[3] == 0.0


def person(cid: str, role: str, **kw: object) -> Candidate:
    base: dict[str, object] = {"track": "traditional", "capacity": 2 if role != "mentee" else 0}
    base.update(kw)
    return Candidate(id=cid, role=role, **base)  # type: ignore[arg-type]


def test_score_is_weighted_mean_with_same_org_penalty() -> None:
    people = [
        person(
            "m", "mentor", organization="A", years_experience=13, topics={"x"}, goals="budget plan"
        ),
        person(
            "e1", "mentee", organization="B", years_experience=5, topics={"x"}, goals="budget plan"
        ),
        person(
            "e2", "mentee", organization="A", years_experience=5, topics={"x"}, goals="budget plan"
        ),
    ]
    weights = CriterionWeights(1, 1, 1, 1, 1, 1)
    rules = MatchRules(weights=weights, same_org=SameOrgPolicy.DISCOURAGE, same_org_penalty=0.1)
    (pool,) = build_pools(people, rules)
    scores = score_pairs(pool, np.array([0, 1]), np.array([0, 0]))
    # e1: every criterion is 1. e2: organization 0 and the 0.1 penalty.
    assert scores.score.tolist() == pytest.approx([1.0, 5 / 6 - 0.1])
    assert scores.same_org.tolist() == [False, True]


def test_career_track_moves_experience_weight_to_topics() -> None:
    w = MatchRules().weights_for(Track.CAREER)
    base = MatchRules().weights_for(Track.TRADITIONAL)
    assert w.experience == 0.0
    assert w.topics == pytest.approx(base.topics + base.experience)
