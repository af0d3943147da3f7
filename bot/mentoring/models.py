"""Platform-neutral vocabulary of a mentoring program: enums and plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Role(StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"
    BOTH = "both"

    @property
    def mentors(self) -> bool:
        return self in (Role.MENTOR, Role.BOTH)


class Track(StrEnum):
    TRADITIONAL = "traditional"
    REVERSE = "reverse"
    CAREER = "career"


class PositionLevel(StrEnum):
    STUDENT = "student"
    EARLY = "early"
    MID = "mid"
    SENIOR = "senior"
    EXECUTIVE = "executive"


class MeetingFormat(StrEnum):
    VIDEO = "video"
    PHONE = "phone"
    IN_PERSON = "in_person"
    CHAT = "chat"
    ANY = "any"


class Frequency(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class MemberStatus(StrEnum):
    APPLIED = "applied"  # application in, waiting for a match
    PAUSED = "paused"
    LEFT = "left"


class PairStatus(StrEnum):
    """A pairing's life cycle (storage.models.Pairing.status), the one definition."""

    PROPOSED = "proposed"  # in a coordinator's match preview
    REJECTED = "rejected"  # the coordinator said no: never proposed together again
    AWAITING = "awaiting"  # approved, waiting for both to accept
    DECLINED = "declined"  # one of them said no
    STARTING = "starting"  # both accepted; the pair's conversation is being opened
    ACTIVE = "active"
    ENDED = "ended"  # ended early, by them, a coordinator or one leaving
    COMPLETED = "completed"  # the term ran to its end


# A pairing that holds a mentor's seat and a mentee.
OPEN_PAIRS = (PairStatus.AWAITING, PairStatus.STARTING, PairStatus.ACTIVE)


@dataclass(frozen=True)
class Tenant:
    """Who a request belongs to: every stored row carries this pair."""

    platform: str
    workspace_id: str


@dataclass(frozen=True)
class Application:
    """A validated intake answer, ready to store."""

    role: Role
    track: Track
    organization: str
    position_level: PositionLevel
    years_experience: int
    topics: tuple[str, ...]
    goals: tuple[str, ...]
    region: str | None
    timezone: str
    meeting_format: MeetingFormat
    meeting_frequency: Frequency
    capacity: int | None
    term_acknowledged: bool
    do_not_pair: tuple[str, ...]
    consent_share: bool


@dataclass(frozen=True)
class ProgramSettings:
    id: int
    name: str
    timezone: str
    term_months: int
    checkin_cadence: Frequency
    coordinators: tuple[str, ...]
    community_channel: str | None
    topics: tuple[str, ...]
    tracks: tuple[Track, ...]


@dataclass(frozen=True)
class MemberView:
    """What a member's own status looks like, for the profile, the Home tab and commands."""

    user_id: str
    status: MemberStatus
    paused_until: date | None
    application: Application | None


@dataclass(frozen=True)
class ApplicantSummary:
    total: int
    by_role: dict[Role, int] = field(default_factory=dict)
    by_track: dict[Track, int] = field(default_factory=dict)
    by_role_and_track: dict[tuple[Role, Track], int] = field(default_factory=dict)
    paused: int = 0
    left: int = 0
