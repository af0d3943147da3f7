"""What the matching engine takes in and gives back: candidates, rules, proposals, unmatched.

Role, Track, MeetingFormat and Frequency are the program's own vocabulary (plain StrEnums from
bot.mentoring.models); strings with the same values are accepted and converted.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from bot.mentoring.models import Frequency, MeetingFormat, Role, Track

__all__ = [
    "MAX_CAPACITY",
    "MIN_CAPACITY",
    "Candidate",
    "CandidateStatus",
    "CriterionWeights",
    "ExclusionRule",
    "Frequency",
    "MatchResult",
    "MatchRules",
    "MatchStats",
    "MeetingFormat",
    "Proposal",
    "Role",
    "SameOrgPolicy",
    "Track",
    "Unmatched",
    "UnmatchedReason",
]

MIN_CAPACITY = 1
MAX_CAPACITY = 5


class CandidateStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


class SameOrgPolicy(StrEnum):
    FORBID = "forbid"  # never pair two people from the same organization
    DISCOURAGE = "discourage"  # allowed, but the score pays MatchRules.same_org_penalty
    ALLOW = "allow"


def _frozen_ids(value: Iterable[str]) -> frozenset[str]:
    return value if isinstance(value, frozenset) else frozenset(value)


@dataclass(frozen=True)
class Candidate:
    """One application. A BOTH candidate is considered as a mentor and as a mentee."""

    id: str
    role: Role
    track: Track
    organization: str = ""
    years_experience: int = 0
    topics: frozenset[str] = frozenset()
    goals: str = ""
    tz_offset_hours: float = 0.0  # current UTC offset, e.g. -5.0 for New York in winter
    meeting_format: MeetingFormat = MeetingFormat.ANY
    meeting_frequency: Frequency = Frequency.MONTHLY
    capacity: int = 1  # mentees this person can take as a mentor; ignored for mentee-only
    do_not_pair: frozenset[str] = frozenset()
    status: CandidateStatus = CandidateStatus.ACTIVE

    def __post_init__(self) -> None:
        # Frozen: conversions go through object.__setattr__ so callers may pass plain strings.
        convert = object.__setattr__
        convert(self, "role", Role(self.role))
        convert(self, "track", Track(self.track))
        convert(self, "meeting_format", MeetingFormat(self.meeting_format))
        convert(self, "meeting_frequency", Frequency(self.meeting_frequency))
        convert(self, "status", CandidateStatus(self.status))
        convert(self, "topics", _frozen_ids(self.topics))
        convert(self, "do_not_pair", _frozen_ids(self.do_not_pair))
        if not self.id or not self.id.strip():
            raise ValueError("candidate id must not be empty")
        if self.years_experience < 0:
            raise ValueError(f"{self.id}: years_experience must be >= 0")
        if not (math.isfinite(self.tz_offset_hours) and -14.0 <= self.tz_offset_hours <= 14.0):
            raise ValueError(f"{self.id}: tz_offset_hours must be within [-14, 14]")
        if self.can_mentor and not MIN_CAPACITY <= self.capacity <= MAX_CAPACITY:
            raise ValueError(
                f"{self.id}: a mentor's capacity must be {MIN_CAPACITY}..{MAX_CAPACITY}, "
                f"got {self.capacity}"
            )

    @property
    def can_mentor(self) -> bool:
        return self.role in (Role.MENTOR, Role.BOTH)

    @property
    def wants_mentor(self) -> bool:
        return self.role in (Role.MENTEE, Role.BOTH)

    @property
    def is_active(self) -> bool:
        return self.status is CandidateStatus.ACTIVE


@dataclass(frozen=True)
class CriterionWeights:
    """Relative weight of each criterion; a score is the weighted mean, so only ratios matter."""

    topics: float = 0.35
    goals: float = 0.15
    experience: float = 0.20
    time_zone: float = 0.10
    meeting: float = 0.10
    organization: float = 0.10

    def __post_init__(self) -> None:
        values = self.as_tuple()
        if any(not math.isfinite(w) or w < 0 for w in values):
            raise ValueError("criterion weights must be finite and >= 0")
        if sum(values) <= 0:
            raise ValueError("at least one criterion weight must be positive")

    def as_tuple(self) -> tuple[float, float, float, float, float, float]:
        return (
            self.topics,
            self.goals,
            self.experience,
            self.time_zone,
            self.meeting,
            self.organization,
        )

    def normalized(self) -> CriterionWeights:
        total = sum(self.as_tuple())
        return CriterionWeights(*(w / total for w in self.as_tuple()))


def _default_track_weights(base: CriterionWeights, track: Track) -> CriterionWeights:
    if track is Track.CAREER:
        # Career track: any experience gap is fine, so that weight goes to topic fit.
        return CriterionWeights(
            topics=base.topics + base.experience,
            goals=base.goals,
            experience=0.0,
            time_zone=base.time_zone,
            meeting=base.meeting,
            organization=base.organization,
        )
    return base


@dataclass(frozen=True)
class MatchRules:
    """Hard rules and scoring knobs of one matching run.

    previous_pairs and rejected_pairs hold (mentor_id, mentee_id); both exclude the two people
    in either direction, because the same two people meeting again is what must not happen.
    """

    weights: CriterionWeights = field(default_factory=CriterionWeights)
    track_weights: Mapping[Track, CriterionWeights] = field(default_factory=dict)
    same_org: SameOrgPolicy = SameOrgPolicy.DISCOURAGE
    same_org_penalty: float = 0.15
    previous_pairs: frozenset[tuple[str, str]] = frozenset()
    rejected_pairs: frozenset[tuple[str, str]] = frozenset()
    min_score: float = 0.0
    target_experience_gap: float = 8.0  # years; traditional track scores best around this gap
    max_time_zone_gap: float = 8.0  # hours; at or beyond this the time-zone criterion is 0

    def __post_init__(self) -> None:
        convert = object.__setattr__
        convert(self, "same_org", SameOrgPolicy(self.same_org))
        convert(
            self,
            "track_weights",
            MappingProxyType({Track(k): v for k, v in dict(self.track_weights).items()}),
        )
        convert(self, "previous_pairs", frozenset(self.previous_pairs))
        convert(self, "rejected_pairs", frozenset(self.rejected_pairs))
        if not 0.0 <= self.same_org_penalty <= 1.0:
            raise ValueError("same_org_penalty must be within [0, 1]")
        if not 0.0 <= self.min_score <= 1.0:
            raise ValueError("min_score must be within [0, 1]")
        if not (math.isfinite(self.target_experience_gap) and self.target_experience_gap > 0):
            raise ValueError("target_experience_gap must be > 0")
        if not (math.isfinite(self.max_time_zone_gap) and self.max_time_zone_gap > 0):
            raise ValueError("max_time_zone_gap must be > 0")

    def __hash__(self) -> int:
        return hash((self.weights, tuple(sorted(self.track_weights.items())), self.same_org))

    def weights_for(self, track: Track) -> CriterionWeights:
        """Normalized weights used on a track (explicit override, else the track's default)."""
        chosen = self.track_weights.get(track) or _default_track_weights(self.weights, track)
        return chosen.normalized()


@dataclass(frozen=True)
class Proposal:
    mentor_id: str
    mentee_id: str
    score: float  # 0..1
    reasons: tuple[str, ...]  # plain English, biggest contribution first


class UnmatchedReason(StrEnum):
    INACTIVE = "inactive"  # paused or left: not waiting for a match
    NO_COMPATIBLE_MENTOR = "no_compatible_mentor"  # no active mentor on the mentee's track
    EXCLUDED_BY_RULE = "excluded_by_rule"  # mentors exist, but every one is ruled out
    CAPACITY_FULL = "capacity_full"  # compatible mentors exist; their seats went to others


class ExclusionRule(StrEnum):
    SAME_ORGANIZATION = "same_organization"
    DO_NOT_PAIR = "do_not_pair"
    PREVIOUS_PAIR = "previous_pair"
    REJECTED_PAIR = "rejected_pair"
    BELOW_MIN_SCORE = "below_min_score"


@dataclass(frozen=True)
class Unmatched:
    mentee_id: str
    reason: UnmatchedReason
    detail: str  # one plain-English sentence for coordinators
    rules: tuple[ExclusionRule, ...] = ()  # for EXCLUDED_BY_RULE: the rules that did it


@dataclass(frozen=True)
class MatchStats:
    mentees_waiting: int
    mentors_available: int
    candidate_edges: int  # pairs handed to the assignment solver (after pruning)
    pricing_rounds: int  # times the optimality check asked for more candidate pairs
    duality_gap: float  # certified upper bound on (optimum - our total score)
    certified_optimal: bool  # gap within 1e-9 relative, proven by LP duality on all pairs
    seconds: float


@dataclass(frozen=True)
class MatchResult:
    proposals: tuple[Proposal, ...]
    unmatched: tuple[Unmatched, ...]
    stats: MatchStats

    @property
    def total_score(self) -> float:
        return math.fsum(p.score for p in self.proposals)
