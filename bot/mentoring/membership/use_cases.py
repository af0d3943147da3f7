"""Membership use cases: apply, review, pause, resume, leave, and what coordinators see.

Each public coroutine is one unit of work (one transaction). Problems a person can fix are
raised as `MembershipError` with the sentence to show them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

from sqlalchemy import bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mentoring import messages as text
from bot.mentoring.bounds import shorten
from bot.mentoring.checkins import texts as checkin_text
from bot.mentoring.clock import Clock
from bot.mentoring.errors import MembershipError, require_coordinator
from bot.mentoring.forms import Form, RawValues
from bot.mentoring.membership.intake import intake_form, parse_application
from bot.mentoring.models import (
    ApplicantSummary,
    Application,
    Frequency,
    MeetingFormat,
    MemberStatus,
    MemberView,
    PairStatus,
    PositionLevel,
    ProgramSettings,
    Role,
    Tenant,
    Track,
)
from bot.mentoring.ports import Button, ChannelAccess, DeliveryKind, Message, Outbox
from bot.mentoring.program.settings import parse_settings, program_defaults, settings_form
from bot.mentoring.text import day as date_text
from bot.mentoring.undelivered import UndeliveredReport, undelivered
from storage import repositories as repo
from storage.database import Database
from storage.models import ApplicationRow, Member, Pairing, ProcessedEvent, Program, Welcome

MAX_PAUSE = timedelta(days=366)
# The button that opens the intake form, wherever it appears (welcome DM, Home tab, campaigns).
OPEN_INTAKE = "open_intake"


@dataclass(frozen=True)
class Bootstrap:
    """What a brand-new program starts with, from the operator's configuration."""

    coordinators: tuple[str, ...] = ()
    timezone: str = "America/New_York"
    community_channel: str | None = None


@dataclass(frozen=True)
class Submitted:
    program: ProgramSettings
    member: MemberView
    is_new: bool


@dataclass(frozen=True)
class HomeState:
    program: ProgramSettings
    member: MemberView | None
    is_coordinator: bool
    summary: ApplicantSummary | None
    undelivered: UndeliveredReport | None = None  # coordinators only


# Quick answers' statements are built once: building one costs more than running it (its
# compiled form is cached by SQLAlchemy, the Python objects are not). Parameters: see `params`.
# No tenant in them: they run in units of work bound to one (storage/database.py).
COORDINATORS_QUERY = select(Program.coordinators).where(Program.slug == "default")
# A member and their tenant's program in one statement (the application comes joined).
MEMBER_QUERY = (
    select(Member, Program)
    .join(Program, Member.program_id == Program.id)
    .where(
        Program.slug == "default",
        Member.user_id == bindparam("user"),
    )
)


def params(user_id: str) -> dict[str, str]:
    return {"user": user_id}


def _settings(program: Program) -> ProgramSettings:
    return ProgramSettings(
        id=program.id,
        name=program.name,
        timezone=program.timezone,
        term_months=program.term_months,
        checkin_cadence=Frequency(program.checkin_cadence),
        coordinators=tuple(program.coordinators),
        community_channel=program.community_channel,
        topics=tuple(program.topics),
        tracks=tuple(Track(t) for t in program.tracks),
    )


def _application(row: ApplicationRow) -> Application:
    return Application(
        role=Role(row.role),
        track=Track(row.track),
        organization=row.organization,
        position_level=PositionLevel(row.position_level),
        years_experience=row.years_experience,
        topics=tuple(row.topics),
        goals=tuple(row.goals),
        region=row.region,
        timezone=row.timezone,
        meeting_format=MeetingFormat(row.meeting_format),
        meeting_frequency=Frequency(row.meeting_frequency),
        capacity=row.capacity,
        term_acknowledged=row.term_acknowledged,
        do_not_pair=tuple(row.do_not_pair),
        consent_share=row.consent_share,
    )


class Membership:
    def __init__(
        self,
        db: Database,
        bootstrap: Bootstrap = Bootstrap(),
        clock: Clock | None = None,
        outbox: Outbox | None = None,  # needed only by `welcome`
        channels: ChannelAccess | None = None,  # checks a newly chosen community channel
    ) -> None:
        self._db = db
        self._bootstrap = bootstrap
        self._clock = clock or (lambda: datetime.now(UTC))
        self._outbox = outbox
        self._channels = channels

    # -- helpers -----------------------------------------------------------------------------

    async def _program(self, session: AsyncSession, tenant: Tenant) -> Program:
        program = await repo.get_program(session, tenant)
        if program is not None:
            return program
        defaults = program_defaults()
        created = await repo.insert_if_absent(
            session,
            Program,
            platform=tenant.platform,
            workspace_id=tenant.workspace_id,
            slug="default",
            name=defaults["name"],
            timezone=self._bootstrap.timezone,
            term_months=defaults["term_months"],
            checkin_cadence=defaults["checkin_cadence"],
            coordinators=list(self._bootstrap.coordinators),
            community_channel=self._bootstrap.community_channel,
            topics=list(defaults["topics"]),  # type: ignore[call-overload]
            tracks=list(defaults["tracks"]),  # type: ignore[call-overload]
            created_at=self._clock(),
            updated_at=self._clock(),
        )
        program = await repo.get_program(session, tenant)
        assert program is not None, f"program row missing after insert (created={created})"
        return program

    async def load_program(self, session: AsyncSession, tenant: Tenant) -> Program:
        """The tenant's program inside the caller's transaction (created on first use)."""
        return await self._program(session, tenant)

    @staticmethod
    def effective_status(member: Member, today: date) -> MemberStatus:
        status = MemberStatus(member.status)
        # A pause ends by itself on its date: no job has to wake up to flip the status.
        if status is MemberStatus.PAUSED and member.paused_until and member.paused_until <= today:
            return MemberStatus.APPLIED
        return status

    @staticmethod
    def application_of(row: ApplicationRow) -> Application:
        return _application(row)

    def _today(self, program: Program) -> date:
        return self._clock().astimezone(ZoneInfo(program.timezone)).date()

    def _view(self, program: Program, member: Member) -> MemberView:
        status = self.effective_status(member, self._today(program))
        until = member.paused_until if status is MemberStatus.PAUSED else None
        return MemberView(
            user_id=member.user_id,
            status=status,
            paused_until=until,
            application=_application(member.application) if member.application else None,
        )

    async def _require_member(
        self, session: AsyncSession, program: Program, user_id: str
    ) -> Member:
        member = await repo.get_member(session, program, user_id)
        if member is None or member.application is None:
            raise MembershipError(text.NOT_APPLIED)
        return member

    # -- use cases ---------------------------------------------------------------------------

    async def program(self, tenant: Tenant) -> ProgramSettings:
        async with self._db.transaction(tenant) as session:
            return _settings(await self._program(session, tenant))

    async def is_coordinator(self, tenant: Tenant, user_id: str) -> bool:
        """One read (a slash command's ack waits on it); the program is created on first use."""
        async with self._db.read(tenant) as session:
            found = await session.scalar(COORDINATORS_QUERY)
        if found is None:
            found = (await self.program(tenant)).coordinators
        return user_id in found

    async def intake(self, tenant: Tenant, user_id: str, profile_timezone: str | None) -> Form:
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            member = await repo.get_member(session, program, user_id)
            current = _application(member.application) if member and member.application else None
            return intake_form(
                _settings(program), current=current, profile_timezone=profile_timezone
            )

    async def submit(
        self, tenant: Tenant, user_id: str, values: RawValues
    ) -> Submitted | dict[str, str]:
        """Store an application; returns the field errors instead when the answer is invalid."""
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            member = await repo.get_member(session, program, user_id)
            current = _application(member.application) if member and member.application else None
            # The form offered the member's own zone too (from their profile): accept any real one.
            zone = values.get("timezone")
            offered = zone if isinstance(zone, str) and zone in available_timezones() else None
            form = intake_form(_settings(program), current=current, profile_timezone=offered)
            application, errors = parse_application(form, values, applicant_id=user_id)
            if application is None:
                return errors
            now = self._clock()
            is_new = member is None or member.application is None
            if member is None:
                member = Member(
                    platform=tenant.platform,
                    workspace_id=tenant.workspace_id,
                    program_id=program.id,
                    user_id=user_id,
                    status=MemberStatus.APPLIED.value,
                    joined_at=now,
                )
                session.add(member)
            if member.status == MemberStatus.LEFT:
                member.status, member.left_at, is_new = MemberStatus.APPLIED.value, None, True
            fields = {
                "role": application.role.value,
                "track": application.track.value,
                "organization": application.organization,
                "position_level": application.position_level.value,
                "years_experience": application.years_experience,
                "topics": list(application.topics),
                "goals": list(application.goals),
                "region": application.region,
                "timezone": application.timezone,
                "meeting_format": application.meeting_format.value,
                "meeting_frequency": application.meeting_frequency.value,
                "capacity": application.capacity,
                "term_acknowledged": application.term_acknowledged,
                "do_not_pair": list(application.do_not_pair),
                "consent_share": application.consent_share,
            }
            if member.application is None:
                member.application = ApplicationRow(
                    platform=tenant.platform,
                    workspace_id=tenant.workspace_id,
                    submitted_at=now,
                    **fields,
                )
            else:
                for key, value in fields.items():
                    setattr(member.application, key, value)
            member.updated_at = now
            await session.flush()
            return Submitted(_settings(program), self._view(program, member), is_new)

    async def member(self, tenant: Tenant, user_id: str) -> tuple[ProgramSettings, MemberView]:
        # One read, one statement (a slash command's ack waits on it).
        async with self._db.read(tenant) as session:
            row = (await session.execute(MEMBER_QUERY, params(user_id))).unique().first()
        return self.applied(*row) if row else self.applied(None, None)

    def applied(
        self, member: Member | None, program: Program | None
    ) -> tuple[ProgramSettings, MemberView]:
        """The program's settings and the member as shown, if they have applied."""
        if program is None or member is None or member.application is None:
            raise MembershipError(text.NOT_APPLIED)
        return _settings(program), self._view(program, member)

    async def pause(self, tenant: Tenant, user_id: str, until_text: str | None) -> str:
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            member = await self._require_member(session, program, user_id)
            if member.status == MemberStatus.LEFT:
                raise MembershipError(text.HAS_LEFT)
            until = self._parse_pause_date(program, until_text)
            told = False
            if self._view(program, member).status is not MemberStatus.PAUSED:
                told = await self._tell_matches_of_pause(session, tenant, program, user_id, until)
            member.status, member.paused_until = MemberStatus.PAUSED.value, until
            member.updated_at = self._clock()
        if told and self._outbox is not None:
            self._outbox.wake()
        if until is None:  # no date: say what ends it
            return text.PAUSED_UNTIL_RESUME
        return text.PAUSED.format(until=text.PAUSE_UNTIL.format(date=until))

    async def _tell_matches_of_pause(
        self, session: AsyncSession, tenant: Tenant, program: Program, user_id: str,
        until: date | None,
    ) -> bool:  # fmt: skip
        """Each active match hears once, when the pause starts, that their check-ins pause too."""
        if self._outbox is None:
            return False
        told = False
        pairs = await session.scalars(
            select(Pairing).where(
                Pairing.program_id == program.id,
                Pairing.status == PairStatus.ACTIVE,
                or_(Pairing.mentor_id == user_id, Pairing.mentee_id == user_id),
            )
        )
        now = self._clock()
        until_words = text.PAUSE_UNTIL.format(date=date_text(until)) if until else ""
        for pair in pairs:
            other = pair.mentee_id if pair.mentor_id == user_id else pair.mentor_id
            note = checkin_text.MATCH_PAUSED.format(who=user_id, until=until_words)
            # Keyed by the moment the pause began: a new pause later tells them again.
            key = f"pair:{pair.id}:paused:{user_id}:{now.isoformat()}"
            told |= await self._outbox.enqueue(
                session, tenant, key, DeliveryKind.DM, other,
                Message(text=note, paragraphs=(note,)), now,
            )  # fmt: skip
        return told

    def _parse_pause_date(self, program: Program, until_text: str | None) -> date | None:
        if until_text is None:
            return None
        today = self._today(program)
        if not until_text:
            raise MembershipError(text.PAUSE_NEEDS_DATE.format(example=today + timedelta(days=30)))
        try:
            until = date.fromisoformat(until_text)
        except ValueError:
            typed = shorten(until_text)  # a long paste isn't echoed back whole
            raise MembershipError(text.PAUSE_BAD_DATE.format(text=typed)) from None
        if until <= today:
            example = today + timedelta(days=30)
            raise MembershipError(text.PAUSE_PAST_DATE.format(date=until, example=example))
        if until > today + MAX_PAUSE:
            raise MembershipError(text.PAUSE_TOO_FAR.format(limit=today + MAX_PAUSE))
        return until

    async def resume(self, tenant: Tenant, user_id: str) -> str:
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            member = await self._require_member(session, program, user_id)
            view = self._view(program, member)
            if view.status is MemberStatus.LEFT:
                raise MembershipError(text.HAS_LEFT)
            if view.status is not MemberStatus.PAUSED:
                raise MembershipError(text.NOT_PAUSED.format(program=program.name))
            member.status, member.paused_until = MemberStatus.APPLIED.value, None
            member.updated_at = self._clock()
            return text.RESUMED

    async def check_can_leave(self, tenant: Tenant, user_id: str) -> str:
        """The confirmation question, or an error if there's nothing to leave."""
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            member = await self._require_member(session, program, user_id)
            if member.status == MemberStatus.LEFT:
                raise MembershipError(text.ALREADY_LEFT.format(program=program.name))
            return text.LEAVE_CONFIRM.format(program=program.name)

    async def leave(self, tenant: Tenant, user_id: str) -> str:
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            member = await self._require_member(session, program, user_id)
            if member.status != MemberStatus.LEFT:  # a double click leaves once
                member.status, member.paused_until = MemberStatus.LEFT.value, None
                member.left_at = member.updated_at = self._clock()
            return text.LEFT.format(program=program.name)

    async def applicants(
        self, tenant: Tenant, user_id: str
    ) -> tuple[ProgramSettings, ApplicantSummary]:
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            require_coordinator(program, user_id, "applicants")
            return _settings(program), await self._summary(session, program)

    async def _summary(self, session: AsyncSession, program: Program) -> ApplicantSummary:
        by_role: Counter[Role] = Counter()
        by_track: Counter[Track] = Counter()
        by_both: Counter[tuple[Role, Track]] = Counter()
        statuses: Counter[str] = Counter()
        for status, role, track, count in await repo.count_members(session, program):
            statuses[status] += count
            if status == MemberStatus.APPLIED and role and track:
                by_role[Role(role)] += count
                by_track[Track(track)] += count
                by_both[Role(role), Track(track)] += count
        return ApplicantSummary(
            total=statuses[MemberStatus.APPLIED],
            by_role=dict(by_role),
            by_track=dict(by_track),
            by_role_and_track=dict(by_both),
            paused=statuses[MemberStatus.PAUSED],
            left=statuses[MemberStatus.LEFT],
        )

    async def home(self, tenant: Tenant, user_id: str) -> HomeState:
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            return await self.home_state(session, tenant, program, user_id)

    async def home_state(
        self, session: AsyncSession, tenant: Tenant, program: Program, user_id: str
    ) -> HomeState:
        """The membership part of the Home tab, inside the caller's unit of work."""
        member = await repo.get_member(session, program, user_id)
        view = self._view(program, member) if member and member.application else None
        coordinator = user_id in program.coordinators
        summary = await self._summary(session, program) if coordinator else None
        failed = await undelivered(session, tenant, self._clock()) if coordinator else None
        return HomeState(_settings(program), view, coordinator, summary, failed)

    async def settings(self, tenant: Tenant, user_id: str) -> Form:
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            require_coordinator(program, user_id, "settings")
            return settings_form(_stored_settings(program))

    async def save_settings(
        self, tenant: Tenant, user_id: str, values: RawValues
    ) -> dict[str, str]:
        """Errors by field; empty when saved."""
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            require_coordinator(program, user_id, "settings")
            parsed, errors = parse_settings(settings_form(_stored_settings(program)), values)
            if parsed is None:
                return errors
            if user_id not in parsed["coordinators"]:  # type: ignore[operator]
                return {"coordinators": "Keep yourself in the list, or ask another coordinator."}
            channel = parsed.get("community_channel")
            if channel and channel != program.community_channel and self._channels is not None:
                # Refused now, with the fix, rather than found later as failed campaign posts.
                problem = await self._channels.problem(tenant, str(channel))
                if problem is not None:
                    why = text.CHANNEL_PROBLEMS[problem.value].format(channel=channel)
                    return {"community_channel": why}
            for key, value in parsed.items():
                setattr(program, key, value)
            program.updated_at = self._clock()
            return {}

    async def claim_event(self, tenant: Tenant, event_id: str) -> bool:
        """True the first time an event id is seen in this workspace; retries return False."""
        async with self._db.transaction(tenant) as session:
            return await repo.insert_if_absent(
                session,
                ProcessedEvent,
                platform=tenant.platform,
                workspace_id=tenant.workspace_id,
                event_id=event_id,
                received_at=self._clock(),
            )

    async def welcome(self, tenant: Tenant, user_id: str, channel_id: str) -> bool:
        """Queue the welcome DM for someone who joined the community channel, once per person.

        The Welcome row and the outbox row commit together: a failed send is retried by the
        dispatcher, and a replayed event finds the Welcome row and queues nothing.
        """
        if self._outbox is None:
            raise RuntimeError("Membership was built without an outbox; welcome needs one")
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            if program.community_channel != channel_id:
                return False
            member = await repo.get_member(session, program, user_id)
            if member is not None:
                return False
            first = await repo.insert_if_absent(
                session,
                Welcome,
                platform=tenant.platform,
                workspace_id=tenant.workspace_id,
                program_id=program.id,
                user_id=user_id,
                sent_at=self._clock(),
            )
            if not first:
                return False
            welcome = text.WELCOME.format(program=program.name, term=program.term_months)
            message = Message(
                text=welcome,
                paragraphs=(welcome,),
                buttons=(Button(OPEN_INTAKE, text.JOIN_BUTTON, style="primary"),),
            )
            key = f"welcome:{program.id}:{user_id}"
            await self._outbox.enqueue(
                session, tenant, key, DeliveryKind.DM, user_id, message, self._clock()
            )
        self._outbox.wake()
        return True


def _stored_settings(program: Program) -> dict[str, object]:
    return {
        "name": program.name,
        "timezone": program.timezone,
        "term_months": program.term_months,
        "checkin_cadence": program.checkin_cadence,
        "contact_days": program.contact_days,
        "coordinators": program.coordinators,
        "community_channel": program.community_channel,
        "topics": program.topics,
        "hashtags": program.hashtags,
        "tracks": program.tracks,
        "same_org_policy": program.same_org_policy,
        "credit_requirement": program.credit_requirement,
        "credit_cap": program.credit_cap,
        "credit_start_month": program.credit_start_month,
        "pair_space": program.pair_space,
        "require_acceptance": program.require_acceptance,
    }
