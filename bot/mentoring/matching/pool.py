"""Candidates turned into numpy arrays, one TrackPool per track (tracks never mix).

Index order is sorted by candidate id, so every later tie-break "by index" is a tie-break by id
and the result does not depend on the order the caller listed candidates in.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from bot.mentoring.matching.models import (
    Candidate,
    CriterionWeights,
    ExclusionRule,
    Frequency,
    MatchRules,
    MeetingFormat,
    Track,
)
from bot.mentoring.matching.text_similarity import TfidfMatrix, fit_tfidf

FORMATS: tuple[MeetingFormat, ...] = tuple(MeetingFormat)
FREQUENCIES: tuple[Frequency, ...] = tuple(Frequency)
UNKNOWN_ORG = -1


@functools.lru_cache(maxsize=4096)
def topic_key(topic: str) -> str:
    return " ".join(topic.split()).casefold()


def org_key(organization: str) -> str:
    return " ".join(organization.split()).casefold()


@dataclass(frozen=True)
class Side:
    """The mentees or the mentors of one track, as parallel arrays."""

    candidates: tuple[Candidate, ...]
    experience: NDArray[np.int64]
    tz: NDArray[np.float64]
    meeting_code: NDArray[np.int64]  # format index * len(FREQUENCIES) + frequency index
    org: NDArray[np.int64]  # UNKNOWN_ORG when the organization is blank
    topic_bits: NDArray[np.uint64]  # (n, words) bitset over TrackPool.topics
    topic_count: NDArray[np.int64]
    text: sp.csr_matrix  # TF-IDF rows of the goals

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.candidates]

    def __len__(self) -> int:
        return len(self.candidates)


@dataclass(frozen=True)
class ExcludedPairs:
    """(mentee index, mentor index) pairs ruled out by id-based rules, per rule."""

    by_rule: dict[ExclusionRule | None, tuple[NDArray[np.int64], NDArray[np.int64]]]
    # None is the self-pair of a BOTH candidate.

    def all_pairs(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        if not self.by_rule:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        rows = np.concatenate([r for r, _ in self.by_rule.values()])
        cols = np.concatenate([c for _, c in self.by_rule.values()])
        return rows, cols


@dataclass(frozen=True)
class TrackPool:
    track: Track
    rules: MatchRules
    weights: CriterionWeights  # normalized for this track
    mentees: Side
    mentors: Side
    capacity: NDArray[np.int64]
    topics: tuple[str, ...]  # display name of each topic bit
    tfidf: TfidfMatrix
    excluded: ExcludedPairs


def build_pools(candidates: Iterable[Candidate], rules: MatchRules) -> list[TrackPool]:
    """One pool per track that has at least one active mentee, in Track declaration order."""
    active = sorted((c for c in candidates if c.is_active), key=lambda c: c.id)
    _reject_duplicate_ids(active)
    topics = _topic_names(active)
    topic_index = {topic_key(t): k for k, t in enumerate(topics)}
    orgs = {org_key(c.organization) for c in active} - {""}
    org_index = {o: k for k, o in enumerate(sorted(orgs))}
    tfidf = fit_tfidf([c.goals for c in active])
    text_row = {c.id: k for k, c in enumerate(active)}
    pools = []
    for track in Track:
        mentees = [c for c in active if c.track is track and c.wants_mentor]
        mentors = [c for c in active if c.track is track and c.can_mentor]
        if not mentees:
            continue
        mentee_side = _side(mentees, topic_index, org_index, tfidf, text_row)
        mentor_side = _side(mentors, topic_index, org_index, tfidf, text_row)
        pools.append(
            TrackPool(
                track=track,
                rules=rules,
                weights=rules.weights_for(track),
                mentees=mentee_side,
                mentors=mentor_side,
                capacity=np.array([c.capacity for c in mentors], dtype=np.int64),
                topics=topics,
                tfidf=tfidf,
                excluded=_excluded_pairs(mentees, mentors, rules),
            )
        )
    return pools


def _reject_duplicate_ids(candidates: Sequence[Candidate]) -> None:
    for a, b in itertools.pairwise(candidates):
        if a.id == b.id:
            raise ValueError(f"candidate id {a.id!r} appears more than once")


def _topic_names(candidates: Sequence[Candidate]) -> tuple[str, ...]:
    # The first spelling met (in id order) is the one shown in reasons.
    names: dict[str, str] = {}
    for c in candidates:
        for t in sorted(c.topics):
            key = topic_key(t)
            if key:
                names.setdefault(key, " ".join(t.split()))
    return tuple(names[k] for k in sorted(names))


def _side(
    people: Sequence[Candidate],
    topic_index: dict[str, int],
    org_index: dict[str, int],
    tfidf: TfidfMatrix,
    text_row: dict[str, int],
) -> Side:
    words = max(1, (len(topic_index) + 63) // 64)
    masks = []
    for person in people:
        mask = 0
        for t in person.topics:
            k = topic_index.get(topic_key(t))
            if k is not None:
                mask |= 1 << k
        masks.append(mask)
    bits = np.zeros((len(people), words), dtype=np.uint64)
    for w in range(words):
        bits[:, w] = np.fromiter(
            ((mask >> (64 * w)) & 0xFFFFFFFFFFFFFFFF for mask in masks),
            dtype=np.uint64,
            count=len(masks),
        )
    rows = np.array([text_row[p.id] for p in people], dtype=np.int64)
    text = tfidf.matrix[rows]
    text.sort_indices()  # cosine_pairs joins on sorted term indices
    return Side(
        candidates=tuple(people),
        experience=np.array([p.years_experience for p in people], dtype=np.int64),
        tz=np.array([p.tz_offset_hours for p in people], dtype=np.float64),
        meeting_code=np.array(
            [
                FORMATS.index(p.meeting_format) * len(FREQUENCIES)
                + FREQUENCIES.index(p.meeting_frequency)
                for p in people
            ],
            dtype=np.int64,
        ),
        org=np.array(
            [org_index.get(org_key(p.organization), UNKNOWN_ORG) for p in people], dtype=np.int64
        ),
        topic_bits=bits,
        topic_count=np.bitwise_count(bits).sum(axis=1, dtype=np.int64),
        text=text,
    )


def _excluded_pairs(
    mentees: Sequence[Candidate], mentors: Sequence[Candidate], rules: MatchRules
) -> ExcludedPairs:
    mentee_at = {c.id: i for i, c in enumerate(mentees)}
    mentor_at = {c.id: j for j, c in enumerate(mentors)}
    found: dict[ExclusionRule | None, set[tuple[int, int]]] = {}

    def add(rule: ExclusionRule | None, mentee_id: str, mentor_id: str) -> None:
        i, j = mentee_at.get(mentee_id), mentor_at.get(mentor_id)
        if i is not None and j is not None:
            found.setdefault(rule, set()).add((i, j))

    for person in (*mentees, *mentors):
        for other in person.do_not_pair:
            add(ExclusionRule.DO_NOT_PAIR, person.id, other)
            add(ExclusionRule.DO_NOT_PAIR, other, person.id)
    for rule, pairs in (
        (ExclusionRule.PREVIOUS_PAIR, rules.previous_pairs),
        (ExclusionRule.REJECTED_PAIR, rules.rejected_pairs),
    ):
        for mentor_id, mentee_id in pairs:
            add(rule, mentee_id, mentor_id)
            add(rule, mentor_id, mentee_id)
    for person in mentees:
        add(None, person.id, person.id)
    by_rule = {}
    for rule, pairs in found.items():
        arr = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
        by_rule[rule] = (arr[:, 0].copy(), arr[:, 1].copy())
    return ExcludedPairs(by_rule=by_rule)
