"""Typed SQLAlchemy models. Every table carries the tenant (platform + workspace id)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import Base, TenantScoped, UTCDateTime, utcnow

NEVER_PLANNED = datetime(1970, 1, 1, tzinfo=UTC)
NEVER_PLANNED_SQL = "1970-01-01 00:00:00+00:00"


class Program(TenantScoped, Base):
    __tablename__ = "programs"
    __table_args__ = (UniqueConstraint("platform", "workspace_id", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), default="default")
    name: Mapped[str] = mapped_column(String(120))
    timezone: Mapped[str] = mapped_column(String(64))
    term_months: Mapped[int] = mapped_column(Integer)
    checkin_cadence: Mapped[str] = mapped_column(String(16))
    coordinators: Mapped[list[str]] = mapped_column(JSON, default=list)
    community_channel: Mapped[str | None] = mapped_column(String(32))
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    tracks: Mapped[list[str]] = mapped_column(JSON, default=list)
    require_acceptance: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    pair_space: Mapped[str] = mapped_column(
        String(16), default="group_dm", server_default="group_dm"
    )
    same_org_policy: Mapped[str] = mapped_column(
        String(16), default="discourage", server_default="discourage"
    )
    # The program's own hashtags (e.g. #ICMAMentors), added to every campaign post.
    hashtags: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # The contact rule: days without a reported meeting before both members get a nudge.
    contact_days: Mapped[int] = mapped_column(Integer, default=90, server_default="90")
    # Professional-development credit (bot/mentoring/hours/credits.py): the hours a member needs per
    # credit period, the most of them mentoring may supply, and the period's first month
    # (1: calendar years; 7: fiscal years running July to June).
    credit_requirement: Mapped[int] = mapped_column(Integer, default=40, server_default="40")
    credit_cap: Mapped[int] = mapped_column(Integer, default=20, server_default="20")
    credit_start_month: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Member(TenantScoped, Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("program_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    paused_until: Mapped[date | None] = mapped_column(Date)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    application: Mapped[ApplicationRow | None] = relationship(
        back_populates="member", uselist=False, lazy="joined", cascade="all, delete-orphan"
    )


class ApplicationRow(TenantScoped, Base):
    __tablename__ = "applications"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16))
    track: Mapped[str] = mapped_column(String(16))
    organization: Mapped[str] = mapped_column(String(120))
    position_level: Mapped[str] = mapped_column(String(16))
    years_experience: Mapped[int] = mapped_column(Integer)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    goals: Mapped[list[str]] = mapped_column(JSON, default=list)
    region: Mapped[str | None] = mapped_column(String(80))
    timezone: Mapped[str] = mapped_column(String(64))
    meeting_format: Mapped[str] = mapped_column(String(16))
    meeting_frequency: Mapped[str] = mapped_column(String(16))
    capacity: Mapped[int | None] = mapped_column(Integer)
    term_acknowledged: Mapped[bool] = mapped_column(Boolean)
    do_not_pair: Mapped[list[str]] = mapped_column(JSON, default=list)
    consent_share: Mapped[bool] = mapped_column(Boolean)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    member: Mapped[Member] = relationship(back_populates="application")


class ProcessedEvent(TenantScoped, Base):
    """Slack retries an event with the same event_id; a row here means it was handled."""

    __tablename__ = "processed_events"
    __table_args__ = (UniqueConstraint("platform", "workspace_id", "event_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class Welcome(TenantScoped, Base):
    """One welcome DM per person per program, however often they rejoin the channel."""

    __tablename__ = "welcomes"
    __table_args__ = (UniqueConstraint("program_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MatchRun(TenantScoped, Base):
    """One `/mentor admin match`: the proposals a coordinator reviews, and who was left out."""

    __tablename__ = "match_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    unmatched: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)


class Pairing(TenantScoped, Base):
    """A mentor and a mentee, from proposal through acceptance to the end of the relationship."""

    __tablename__ = "pairings"
    __table_args__ = (
        Index("ix_pairings_program_status", "program_id", "status"),
        Index("ix_pairings_program_mentor_mentee", "program_id", "mentor_id", "mentee_id"),
        # "What is due" for the check-in planner is a range scan on this index, not a pair scan.
        Index("ix_pairings_program_status_next_due_at", "program_id", "status", "next_due_at"),
        # Buttons carry pairing ids: SQLite must never hand a deleted proposal's id to another.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("match_runs.id", ondelete="SET NULL"))
    mentor_id: Mapped[str] = mapped_column(String(32))
    mentee_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    mentor_answer: Mapped[str | None] = mapped_column(String(16))
    mentee_answer: Mapped[str | None] = mapped_column(String(16))
    decline_reason: Mapped[str | None] = mapped_column(String(500))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ends_on: Mapped[date | None] = mapped_column(Date)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_by: Mapped[str | None] = mapped_column(String(32))
    end_reason: Mapped[str | None] = mapped_column(String(500))
    conversation_id: Mapped[str | None] = mapped_column(String(32))
    # Why the pair's conversation could not be opened (a platform code), while it is "starting".
    space_error: Mapped[str | None] = mapped_column(String(200))
    # Check-ins and term steps (bot/mentoring/checkins/use_cases.py). `next_due_at` is the earliest
    # instant anything is due for the pair; the epoch default makes a newly active pair due at
    # once, so the planner sets it up without a NULL test in its indexed query.
    next_due_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=NEVER_PLANNED, server_default=NEVER_PLANNED_SQL
    )
    last_met_on: Mapped[date | None] = mapped_column(Date)  # starts at the start date
    checkin_period: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    midpoint_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    headsup_for: Mapped[date | None] = mapped_column(Date)  # the ends_on it was sent for
    nudged_for: Mapped[date | None] = mapped_column(Date)  # the last_met_on already nudged
    extensions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    mentor_mood: Mapped[str | None] = mapped_column(String(16))  # latest check-in answers
    mentee_mood: Mapped[str | None] = mapped_column(String(16))
    # The pair's goals come with the pair wherever it is loaded (one extra SELECT ... IN per
    # batch), so a check-in DM can offer one-tap goal progress (bot/mentoring/checkins/views.py).
    goals: Mapped[list[Goal]] = relationship(lazy="selectin", viewonly=True, order_by="Goal.id")


class Delivery(TenantScoped, Base):
    """One outgoing message in the outbox (outbox/store.py): a row before a network call.

    `key` makes enqueueing idempotent per tenant; `next_attempt_at` is when the row may next be
    claimed: the due time, then a retry's backoff, or a claim's lease expiry while claimed.
    """

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("platform", "workspace_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # "dm" (target: user id) or "post" (channel)
    target: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Set when an attempt may have reached the platform without our knowing (crash, timeout):
    # the next attempt looks for the message before sending it again.
    maybe_sent: Mapped[bool] = mapped_column(Boolean, default=False)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_ref: Mapped[dict[str, str] | None] = mapped_column(JSON)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# "What is due": only pending and claimed rows, in next_attempt_at order. Partial, so the sent
# history does not grow it; both PostgreSQL and SQLite (3.8+) support partial indexes, and the
# dispatcher's query repeats this exact predicate so SQLite's planner can match it.
Index(
    "ix_deliveries_due",
    Delivery.next_attempt_at,
    postgresql_where=Delivery.status.in_(["pending", "claimed"]),
    sqlite_where=Delivery.status.in_(["pending", "claimed"]),
)


class HoursEntry(TenantScoped, Base):
    """Mentoring hours a member logged (command, modal or a check-in answer).

    `same_org` is decided when the hours are logged (the two members' organizations then);
    a coordinator's CreditOverride can still make them count. `request_id` (the slash
    command's trigger or the modal's view id) and `checkin_id` make a replay log nothing new.
    """

    __tablename__ = "hours_entries"
    __table_args__ = (
        UniqueConstraint("platform", "workspace_id", "request_id"),
        UniqueConstraint("checkin_id"),
        Index("ix_hours_entries_program_user_worked_on", "program_id", "user_id", "worked_on"),
        Index("ix_hours_entries_program_worked_on", "program_id", "worked_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))  # who logged them, and whose hours
    worked_on: Mapped[date] = mapped_column(Date)  # the member's local date
    hours: Mapped[float] = mapped_column(Float)  # quarter hours, 0.25 to 12: exact in a float
    activity: Mapped[str] = mapped_column(String(16))
    with_user: Mapped[str | None] = mapped_column(String(32))
    pairing_id: Mapped[int | None] = mapped_column(ForeignKey("pairings.id", ondelete="SET NULL"))
    same_org: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(16))  # command | modal | checkin
    request_id: Mapped[str | None] = mapped_column(String(64))
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("checkins.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CreditOverride(TenantScoped, Base):
    """A coordinator's decision that two members' hours count for credit although they share
    an organization (`allowed`), or no longer do. The pair is stored sorted (member_a <
    member_b) so either order finds it."""

    __tablename__ = "credit_overrides"
    __table_args__ = (UniqueConstraint("program_id", "member_a", "member_b"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    member_a: Mapped[str] = mapped_column(String(32))
    member_b: Mapped[str] = mapped_column(String(32))
    allowed: Mapped[bool] = mapped_column(Boolean)
    set_by: Mapped[str] = mapped_column(String(32))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class StatementVerification(TenantScoped, Base):
    """A coordinator vouched for a member's PD-credit statement for a credit period (`year`,
    the year the period ends in): the statement then says who verified it and when."""

    __tablename__ = "statement_verifications"
    __table_args__ = (UniqueConstraint("program_id", "user_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    verified_by: Mapped[str] = mapped_column(String(32))
    verified_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Campaign(TenantScoped, Base):
    """A post the bot makes to a channel on a schedule: the shipped observances and coordinators'
    own. `rule` is the recurrence as data (campaigns/calendar.py): {"date": "YYYY-MM-DD"} or
    {"cron": {"month": 1, "day": "3rd mon"}}."""

    __tablename__ = "campaigns"
    __table_args__ = (
        UniqueConstraint("program_id", "slug"),
        # Delivery keys carry campaign ids: SQLite must never reuse a deleted campaign's id.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(80))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    rule: Mapped[dict[str, object]] = mapped_column(JSON)
    business_day: Mapped[bool] = mapped_column(Boolean, default=False)
    post_time: Mapped[time] = mapped_column(Time())  # local time in the program's time zone
    channel: Mapped[str | None] = mapped_column(String(32))  # None: the community channel
    text: Mapped[str] = mapped_column(Text)
    hashtags: Mapped[list[str]] = mapped_column(JSON, default=list)
    button: Mapped[str | None] = mapped_column(String(16))  # "join", "thank_mentor" or None
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class CheckIn(TenantScoped, Base):
    """One member's check-in, mid-point review or closing survey, from sending to answers.

    `note` is private to the coordinators: it is never shown to the member's match.
    """

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("pairing_id", "user_id", "kind", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairings.id", ondelete="CASCADE"))
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # checkin | midpoint | closing
    period: Mapped[int] = mapped_column(Integer)  # check-in number; closing: the extension
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # handed to the outbox
    skipped_reason: Mapped[str | None] = mapped_column(String(200))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    mood: Mapped[str | None] = mapped_column(String(16))  # great | ok | struggling
    details_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    met: Mapped[bool | None] = mapped_column(Boolean)
    hours: Mapped[float | None] = mapped_column(Float)  # closing: total hours of the term
    note: Mapped[str | None] = mapped_column(String(1000))
    help_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    overall: Mapped[int | None] = mapped_column(Integer)  # closing survey: 1-5
    again: Mapped[str | None] = mapped_column(String(8))  # closing survey: yes | maybe | no
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AwardCycle(TenantScoped, Base):
    """An award's nomination cycle ("Outstanding Mentor Award 2027"): open from `opens_on` to
    the end of `deadline` in the program's time zone; winners announced on `announce_on`."""

    __tablename__ = "award_cycles"
    __table_args__ = (
        # A double-clicked "Open" creates one cycle: the second insert finds the name taken.
        UniqueConstraint("program_id", "name"),
        # Delivery keys and buttons carry cycle ids: SQLite must never reuse a deleted one's.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    opens_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)  # nominations close at the end of this day
    announce_on: Mapped[date] = mapped_column(Date)
    winners: Mapped[list[str]] = mapped_column(JSON, default=list)  # user ids
    winners_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    winners_recorded_by: Mapped[str | None] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Nomination(TenantScoped, Base):
    """One member's nomination in a cycle. One per member per cycle, by the database: a second
    submission (or a race of two) edits the same row, whoever it names."""

    __tablename__ = "award_nominations"
    __table_args__ = (
        UniqueConstraint("cycle_id", "nominator_id"),
        Index("ix_award_nominations_program_nominee", "program_id", "nominee_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("award_cycles.id", ondelete="CASCADE"))
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    nominator_id: Mapped[str] = mapped_column(String(32))
    nominee_id: Mapped[str] = mapped_column(String(32))
    why: Mapped[str] = mapped_column(Text)
    impact: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Goal(TenantScoped, Base):
    """A mentee's goal (bot/mentoring/goals/). `owner_id` is the mentee; `created_by` may be
    their mentor ("the pair together"). `history` keeps the latest progress updates."""

    __tablename__ = "goals"
    __table_args__ = (
        # Idempotency: one goal per modal submission (the view id) or per seeded intake goal.
        UniqueConstraint("platform", "workspace_id", "request_key"),
        Index("ix_goals_program_owner", "program_id", "owner_id"),
        # Buttons carry goal ids: SQLite must never hand a deleted goal's id to another.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    owner_id: Mapped[str] = mapped_column(String(32))
    pairing_id: Mapped[int | None] = mapped_column(
        ForeignKey("pairings.id", ondelete="SET NULL"), index=True
    )
    created_by: Mapped[str] = mapped_column(String(32))
    request_key: Mapped[str] = mapped_column(String(80))
    what: Mapped[str] = mapped_column(String(200))
    why: Mapped[str | None] = mapped_column(String(1000))  # None: seeded from the application
    target_on: Mapped[date | None] = mapped_column(Date)
    measure: Mapped[str | None] = mapped_column(String(1000))
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    note: Mapped[str | None] = mapped_column(String(1000))  # the latest progress note
    updated_by: Mapped[str | None] = mapped_column(String(32))
    history: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ThankYou(TenantScoped, Base):
    """A thank-you from a member to a mentor (bot/mentoring/thanks/): posted publicly to the
    community channel or sent privately; the mentor gets a DM either way."""

    __tablename__ = "thank_yous"
    __table_args__ = (
        UniqueConstraint("platform", "workspace_id", "request_key"),  # a double submit counts once
        Index("ix_thank_yous_program_to", "program_id", "to_id"),
        Index("ix_thank_yous_program_from", "program_id", "from_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    from_id: Mapped[str] = mapped_column(String(32))
    to_id: Mapped[str] = mapped_column(String(32))  # the mentor
    request_key: Mapped[str] = mapped_column(String(80))
    message: Mapped[str] = mapped_column(String(1000))
    public: Mapped[bool] = mapped_column(Boolean)
    channel: Mapped[str | None] = mapped_column(String(32))  # where the public post went
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Person(TenantScoped, Base):
    """A workspace user's name as Slack last told us (bot/mentoring/people/): exports and the
    CLI show names, not ids. Anyone may appear (a nominator who never applied), so it is keyed
    by the workspace user, not by membership."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("platform", "workspace_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32))
    display_name: Mapped[str | None] = mapped_column(String(120))
    real_name: Mapped[str | None] = mapped_column(String(120))
    state: Mapped[str] = mapped_column(String(16), default="active")  # deactivated, not_found
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
