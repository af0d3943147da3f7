"""Why a mentee was not matched, as plain sentences a coordinator reads."""

from __future__ import annotations

from collections import Counter

from bot.mentoring.matching.explain import capacity_detail, excluded_detail, no_mentor_detail
from bot.mentoring.matching.models import ExclusionRule, Track


def test_capacity_names_the_only_mentor_or_counts_them() -> None:
    assert capacity_detail(Track.CAREER, 1, "U1") == (
        "No mentor on the career track is free: the only one, <@U1>, is at capacity."
    )
    assert capacity_detail(Track.CAREER, 3, None) == (
        "No mentor on the career track has a free place (3 suit them, all at capacity)."
    )


def test_rules_read_as_a_sentence() -> None:
    one = excluded_detail(Track.REVERSE, Counter({ExclusionRule.PREVIOUS_PAIR: 1}), 1)
    assert one == (
        "No mentor on the reverse track can be proposed: the only one was paired with them before."
    )
    many = Counter({ExclusionRule.SAME_ORGANIZATION: 2, ExclusionRule.DO_NOT_PAIR: 1})
    assert excluded_detail(Track.TRADITIONAL, many, 3) == (
        "All 3 mentors on the traditional track are ruled out for them: "
        "2 work at the same organization and 1 is on a do-not-pair list."
    )


def test_no_mentor_on_the_track() -> None:
    assert no_mentor_detail(Track.CAREER, any_mentor=False) == (
        "No mentor has joined the career track yet."
    )
    # A "both" member alone on their track: the only mentor there is themselves.
    assert no_mentor_detail(Track.CAREER, any_mentor=True) == (
        "Nobody else mentors on the career track yet (they're its only mentor)."
    )
