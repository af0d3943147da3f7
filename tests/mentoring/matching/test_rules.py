"""Hard rules and the reasons given to unmatched mentees."""

from __future__ import annotations

import pytest

from bot.mentoring.matching import (
    Candidate,
    ExclusionRule,
    MatchRules,
    SameOrgPolicy,
    UnmatchedReason,
    match,
)


def person(cid: str, role: str, **kw: object) -> Candidate:
    base: dict[str, object] = {
        "track": "traditional",
        "organization": f"org-{cid}",
        "capacity": 1 if role != "mentee" else 0,
        "topics": {"budgeting"},
    }
    base.update(kw)
    return Candidate(id=cid, role=role, **base)  # type: ignore[arg-type]


def pairs(result) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(p.mentor_id, p.mentee_id) for p in result.proposals}


def reason_of(result, mentee_id: str) -> UnmatchedReason:  # type: ignore[no-untyped-def]
    return next(u.reason for u in result.unmatched if u.mentee_id == mentee_id)


def test_capacity_is_respected_and_the_rest_is_explained() -> None:
    people = [person("m", "mentor", capacity=2)] + [person(f"e{k}", "mentee") for k in range(3)]
    result = match(people)
    assert len(result.proposals) == 2
    (left,) = result.unmatched
    assert left.reason is UnmatchedReason.CAPACITY_FULL
    assert left.detail == (
        "No mentor on the traditional track is free: the only one, <@m>, is at capacity."
    )


def test_both_role_mentors_and_is_mentored_but_never_alone() -> None:
    people = [person("b", "both"), person("m", "mentor"), person("e", "mentee")]
    result = match(people)
    got = pairs(result)
    assert all(mentor != mentee for mentor, mentee in got)
    assert {"b", "e"} == {mentee for _, mentee in got}  # both mentees matched
    assert ("m", "b") in got or ("b", "e") in got


def test_a_both_candidate_alone_has_no_compatible_mentor() -> None:
    result = match([person("b", "both")])
    assert reason_of(result, "b") is UnmatchedReason.NO_COMPATIBLE_MENTOR


def test_track_must_match() -> None:
    result = match([person("m", "mentor", track="career"), person("e", "mentee")])
    assert not result.proposals
    assert reason_of(result, "e") is UnmatchedReason.NO_COMPATIBLE_MENTOR


@pytest.mark.parametrize("who", ["mentee", "mentor"])
def test_do_not_pair_in_either_direction(who: str) -> None:
    mentor = person("m", "mentor", do_not_pair={"e"} if who == "mentor" else set())
    mentee = person("e", "mentee", do_not_pair={"m"} if who == "mentee" else set())
    result = match([mentor, mentee])
    assert not result.proposals
    (u,) = result.unmatched
    assert u.reason is UnmatchedReason.EXCLUDED_BY_RULE
    assert u.rules == (ExclusionRule.DO_NOT_PAIR,)


@pytest.mark.parametrize("field", ["previous_pairs", "rejected_pairs"])
def test_previous_and_rejected_pairs_never_come_back(field: str) -> None:
    people = [person("m", "mentor"), person("e", "mentee"), person("m2", "mentor")]
    result = match(people, MatchRules(**{field: frozenset({("m", "e")})}))
    assert pairs(result) == {("m2", "e")}
    alone = match(people[:2], MatchRules(**{field: frozenset({("m", "e")})}))
    rule = ExclusionRule.PREVIOUS_PAIR if field == "previous_pairs" else ExclusionRule.REJECTED_PAIR
    assert alone.unmatched[0].rules == (rule,)


def test_paused_and_left_are_excluded_and_reported() -> None:
    people = [
        person("m", "mentor", status="paused"),
        person("m2", "mentor", status="left"),
        person("e", "mentee"),
        person("p", "mentee", status="paused"),
    ]
    result = match(people)
    assert not result.proposals
    assert reason_of(result, "e") is UnmatchedReason.NO_COMPATIBLE_MENTOR
    assert reason_of(result, "p") is UnmatchedReason.INACTIVE


def test_same_org_policies() -> None:
    people = [
        person("m", "mentor", organization="City"),
        person("e", "mentee", organization="City"),
    ]
    forbid = match(people, MatchRules(same_org=SameOrgPolicy.FORBID))
    assert not forbid.proposals
    assert forbid.unmatched[0].rules == (ExclusionRule.SAME_ORGANIZATION,)
    discourage = match(people, MatchRules(same_org=SameOrgPolicy.DISCOURAGE))
    allow = match(people, MatchRules(same_org=SameOrgPolicy.ALLOW))
    assert discourage.proposals[0].score == pytest.approx(allow.proposals[0].score - 0.15)
    assert "discourages" in discourage.proposals[0].reasons[-1]


def test_minimum_score() -> None:
    people = [person("m", "mentor", topics={"zoning"}), person("e", "mentee")]
    assert match(people, MatchRules(min_score=0.0)).proposals
    strict = match(people, MatchRules(min_score=0.95))
    assert not strict.proposals
    assert strict.unmatched[0].rules == (ExclusionRule.BELOW_MIN_SCORE,)


def test_more_mentees_matched_beats_higher_score() -> None:
    # m1 fits e1 best, but only m1 can take e2: matching both needs m1 -> e2, m2 -> e1.
    people = [
        person("m1", "mentor", topics={"a", "b"}),
        person("m2", "mentor", topics={"a"}),
        person("e1", "mentee", topics={"a", "b"}),
        person("e2", "mentee", topics={"b"}, do_not_pair={"m2"}),
    ]
    result = match(people)
    assert pairs(result) == {("m1", "e2"), ("m2", "e1")}


def test_reasons_are_plain_and_ordered() -> None:
    people = [
        person("m", "mentor", years_experience=20, topics={"budgeting", "HR"}, goals="budget"),
        person("e", "mentee", years_experience=8, topics={"budgeting", "HR"}, goals="budget"),
    ]
    (p,) = match(people).proposals
    assert p.reasons[0] == "2 shared topics: budgeting, HR"
    assert "mentor has 12 more years of experience" in p.reasons
    assert "same time zone" in p.reasons
    assert any(r.startswith("different organizations") for r in p.reasons)


def test_duplicate_ids_are_rejected() -> None:
    with pytest.raises(ValueError, match="more than once"):
        match([person("x", "mentor"), person("x", "mentee")])


def test_mentor_capacity_is_validated() -> None:
    with pytest.raises(ValueError, match="capacity"):
        person("m", "mentor", capacity=6)
