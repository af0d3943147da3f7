"""Mentor-mentee matching engine: platform-neutral, whole-pool, provably optimal.

    from bot.mentoring.matching import Candidate, MatchRules, match
    result = match(candidates, MatchRules(same_org="forbid"))

See engine.match for the guarantees, solver for how they are met, csv_io for the web-form
export format.
"""

from bot.mentoring.matching.csv_io import (
    CSV_COLUMNS,
    match_csv,
    read_applications,
    write_proposals,
)
from bot.mentoring.matching.engine import match
from bot.mentoring.matching.models import (
    MAX_CAPACITY,
    MIN_CAPACITY,
    Candidate,
    CandidateStatus,
    CriterionWeights,
    ExclusionRule,
    Frequency,
    MatchResult,
    MatchRules,
    MatchStats,
    MeetingFormat,
    Proposal,
    Role,
    SameOrgPolicy,
    Track,
    Unmatched,
    UnmatchedReason,
)

__all__ = [
    "CSV_COLUMNS",
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
    "match",
    "match_csv",
    "read_applications",
    "write_proposals",
]
