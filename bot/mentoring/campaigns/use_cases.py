"""Campaigns: scheduled posts to the community channel, and what coordinators do with them.

The planner (`plan`) runs every minute and from `mentorbot tick`: for each enabled campaign it
looks back over a short window for post times that have come, and hands each to the outbox
under the key `campaign:{id}:{local date}`, so a post goes out once however often, late or in
how many processes the planner runs. A post more than GRACE late is recorded as skipped, with
the reason, instead of being sent days after its day.

Each public coroutine is one unit of work (one transaction).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mentoring.campaigns import texts as say
from bot.mentoring.campaigns.calendar import (
    ButtonKind,
    CampaignSpec,
    Rule,
    dump_calendar,
    next_occurrence,
    occurrences,
    parse_calendar,
    shipped_calendar,
)
from bot.mentoring.campaigns.form import campaign_form, parse_form
from bot.mentoring.clock import Clock
from bot.mentoring.errors import MembershipError, require_coordinator
from bot.mentoring.forms import Form, RawValues
from bot.mentoring.membership.use_cases import OPEN_INTAKE, Membership
from bot.mentoring.models import Tenant
from bot.mentoring.ports import Button, DeliveryKind, Message, Outbox
from bot.mentoring.schedule import PlanReport
from bot.mentoring.thanks.use_cases import OPEN_THANKS
from storage.database import Database
from storage.models import Campaign, Delivery, Program
from storage.repositories import insert_if_absent

# How far back the planner looks for post times it has not handled yet (downtime, a late tick).
LOOKBACK = timedelta(days=14)
# A post this late still goes out; later than this it is skipped and reported.
GRACE = timedelta(hours=6)
# What "upcoming" means on the coordinators' list.
UPCOMING = timedelta(days=366)
# "Thank your mentor" opens the thank-you modal (bot/mentoring/thanks/use_cases.py).
THANK_MENTOR_ACTION: str | None = OPEN_THANKS


def delivery_key(campaign_id: int, local_day: date) -> str:
    return f"campaign:{campaign_id}:{local_day.isoformat()}"


@dataclass(frozen=True)
class Outcome:
    """What happened to a campaign's latest post (from the outbox)."""

    status: str  # pending, claimed, sent, skipped, failed
    due_at: datetime
    reason: str | None


@dataclass(frozen=True)
class CampaignView:
    id: int
    spec: CampaignSpec
    builtin: bool
    channel: str | None  # where it posts: its own channel, else the community channel
    next_post: datetime | None  # local to the program's time zone
    last: Outcome | None


@dataclass(frozen=True)
class Upcoming:
    program_name: str
    timezone: str
    community_channel: str | None
    campaigns: tuple[CampaignView, ...]  # soonest post first; those with none at the end


@dataclass(frozen=True)
class Preview:
    campaign: CampaignView
    message: Message


@dataclass(frozen=True)
class Imported:
    created: int
    updated: int


def _spec(row: Campaign) -> CampaignSpec:
    return CampaignSpec(
        slug=row.slug,
        name=row.name,
        rule=Rule.from_json(row.rule, business_day=row.business_day),
        time=row.post_time,
        text=row.text,
        hashtags=tuple(row.hashtags),
        button=ButtonKind(row.button) if row.button else None,
        channel=row.channel,
        enabled=row.enabled,
    )


def _columns(spec: CampaignSpec) -> dict[str, object]:
    return {
        "name": spec.name,
        "enabled": spec.enabled,
        "rule": spec.rule.to_json(),
        "business_day": spec.rule.business_day,
        "post_time": spec.time,
        "channel": spec.channel,
        "text": spec.text,
        "hashtags": list(spec.hashtags),
        "button": spec.button.value if spec.button else None,
    }


def post_message(spec: CampaignSpec, program_hashtags: Sequence[str] = ()) -> Message:
    """The post as the channel sees it: name, text, hashtags, call to action."""
    tags: list[str] = []
    for tag in (*spec.hashtags, *program_hashtags):
        if tag.lower() not in {t.lower() for t in tags}:
            tags.append(tag)
    paragraphs = [spec.text]
    if tags:
        paragraphs.append(" ".join(tags))
    buttons: tuple[Button, ...] = ()
    if spec.button is ButtonKind.JOIN:
        buttons = (Button(OPEN_INTAKE, say.JOIN_LABEL, style="primary"),)
    elif spec.button is ButtonKind.THANK_MENTOR:
        if THANK_MENTOR_ACTION:
            buttons = (Button(THANK_MENTOR_ACTION, say.THANK_LABEL, style="primary"),)
        else:
            paragraphs.append(say.THANK_MENTOR_LINE)
    return Message(
        text=f"{spec.name}: {spec.text}",
        header=spec.name,
        paragraphs=tuple(paragraphs),
        buttons=buttons,
    )


def _slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:56]
    return slug or "campaign"


class Campaigns:
    def __init__(
        self, db: Database, membership: Membership, outbox: Outbox, clock: Clock | None = None
    ) -> None:
        self._db = db
        self._membership = membership
        self._outbox = outbox
        self._clock = clock or (lambda: datetime.now(UTC))

    # -- helpers -----------------------------------------------------------------------------

    async def _program(
        self, session: AsyncSession, tenant: Tenant, user_id: str | None, now: datetime
    ) -> Program:
        """The tenant's program with its campaigns seeded; checks `user_id` coordinates it."""
        program = await self._membership.load_program(session, tenant)
        if user_id is not None:
            require_coordinator(program, user_id, "campaigns")
        await self._seed(session, program, now)
        return program

    async def _seed(self, session: AsyncSession, program: Program, now: datetime) -> None:
        """The shipped observances, added once per program (and any shipped later)."""
        have = set(
            await session.scalars(select(Campaign.slug).where(*self._of(program), Campaign.builtin))
        )
        # Dated a grace window back: the planner looks no further back than a campaign's
        # creation, and a brand-new program's first run (say `tick` at 9:05) must still send
        # the 9:00 post, as it would have had the bot been running.
        since = now - GRACE
        for spec in shipped_calendar():
            if spec.slug not in have:
                await insert_if_absent(
                    session,
                    Campaign,
                    platform=program.platform,
                    workspace_id=program.workspace_id,
                    program_id=program.id,
                    slug=spec.slug,
                    builtin=True,
                    created_at=since,
                    updated_at=now,
                    **_columns(spec),
                )

    @staticmethod
    def _of(program: Program) -> tuple[object, ...]:
        return (Campaign.program_id == program.id,)

    async def _rows(self, session: AsyncSession, program: Program) -> list[Campaign]:
        return list(
            await session.scalars(select(Campaign).where(*self._of(program)).order_by(Campaign.id))
        )

    async def _row(self, session: AsyncSession, program: Program, campaign_id: int) -> Campaign:
        row = await session.scalar(
            select(Campaign).where(*self._of(program), Campaign.id == campaign_id)
        )
        if row is None:
            raise MembershipError(say.NOT_FOUND)
        return row

    async def _outcomes(self, session: AsyncSession, program: Program) -> dict[int, Outcome]:
        """The latest delivery of each campaign, read from the outbox by key."""
        rows = await session.execute(
            select(Delivery.key, Delivery.status, Delivery.due_at, Delivery.last_error)
            .where(
                Delivery.key.like("campaign:%"),
            )
            .order_by(Delivery.due_at)
        )
        latest: dict[int, Outcome] = {}
        for key, status, due_at, error in rows.all():
            campaign_id = key.split(":")[1]
            if campaign_id.isdigit():
                latest[int(campaign_id)] = Outcome(status, due_at, error)
        return latest

    def _view(
        self, program: Program, row: Campaign, now: datetime, outcomes: dict[int, Outcome]
    ) -> CampaignView:
        spec = _spec(row)
        # Strictly after now: a post due this very instant is already the planner's.
        when = next_occurrence(spec.rule, spec.time, program.timezone, now + timedelta(seconds=1))
        if when is not None and when > now + UPCOMING:
            when = None
        return CampaignView(
            id=row.id,
            spec=spec,
            builtin=row.builtin,
            channel=row.channel or program.community_channel,
            next_post=when,
            last=outcomes.get(row.id),
        )

    # -- the planner -------------------------------------------------------------------------

    async def plan(self, tenant: Tenant, now: datetime) -> PlanReport:
        report = PlanReport()
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant, None, now)
            zone = ZoneInfo(program.timezone)
            rows = await session.scalars(
                select(Campaign).where(*self._of(program), Campaign.enabled).order_by(Campaign.id)
            )
            due: list[tuple[str, CampaignSpec, datetime]] = []
            for row in rows:
                spec = _spec(row)
                since = max(now - LOOKBACK, row.created_at)
                for when in occurrences(spec.rule, spec.time, program.timezone, since, now):
                    due.append((delivery_key(row.id, when.astimezone(zone).date()), spec, when))
            # Most post times in the window were handled by an earlier run: one query finds
            # them, so a run does not retry an insert per old post (the insert stays the guard).
            handled = set(
                await session.scalars(
                    select(Delivery.key).where(
                        Delivery.key.in_([key for key, _, _ in due]),
                    )
                )
            )
            for key, spec, when in due:
                if key not in handled:
                    await self._due(session, tenant, program, key, spec, when, now, report)
        if report.enqueued:
            self._outbox.wake()
        return report

    async def _due(
        self,
        session: AsyncSession,
        tenant: Tenant,
        program: Program,
        key: str,
        spec: CampaignSpec,
        when: datetime,
        now: datetime,
        report: PlanReport,
    ) -> None:
        message = post_message(spec, program.hashtags)
        channel = spec.channel or program.community_channel
        if channel is None:
            reason = say.NO_CHANNEL_REASON
        elif now - when > GRACE:
            reason = say.TOO_LATE.format(late=say.lateness(now - when))
        else:
            kind = DeliveryKind.POST
            if await self._outbox.enqueue(session, tenant, key, kind, channel, message, when):
                report.enqueued += 1
            return
        target = channel or ""
        if await self._outbox.skip(
            session, tenant, key, DeliveryKind.POST, target, message, when, reason
        ):
            local = when.astimezone(ZoneInfo(program.timezone))
            line = say.SKIPPED_LINE.format(
                name=spec.name, when=say.local_when(local), reason=reason
            )
            report.skipped.append(line)

    # -- coordinators' use cases -------------------------------------------------------------

    async def upcoming(self, tenant: Tenant, user_id: str) -> Upcoming:
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant, user_id, now)
            outcomes = await self._outcomes(session, program)
            views = [
                self._view(program, r, now, outcomes) for r in await self._rows(session, program)
            ]
        far = datetime.max.replace(tzinfo=UTC)
        views.sort(key=lambda v: (v.next_post or far, v.id))
        return Upcoming(program.name, program.timezone, program.community_channel, tuple(views))

    async def preview(self, tenant: Tenant, user_id: str, campaign_id: int) -> Preview:
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant, user_id, now)
            row = await self._row(session, program, campaign_id)
            view = self._view(program, row, now, await self._outcomes(session, program))
            return Preview(view, post_message(view.spec, program.hashtags))

    async def set_enabled(
        self, tenant: Tenant, user_id: str, campaign_id: int, enabled: bool
    ) -> CampaignView:
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant, user_id, now)
            row = await self._row(session, program, campaign_id)
            row.enabled, row.updated_at = enabled, now
            if not enabled:  # a post already handed to the outbox but not sent stays unsent
                pending = await session.scalars(
                    select(Delivery.key).where(
                        Delivery.key.like(f"campaign:{row.id}:%"),
                        Delivery.status == "pending",
                    )
                )
                for key in list(pending):
                    await self._outbox.cancel(session, tenant, key)
            await session.flush()
            return self._view(program, row, now, await self._outcomes(session, program))

    async def form(self, tenant: Tenant, user_id: str, campaign_id: int | None) -> Form:
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant, user_id, now)
            row = await self._row(session, program, campaign_id) if campaign_id else None
            spec = _spec(row) if row else None
            return campaign_form(program.timezone, spec, now)

    async def save(
        self, tenant: Tenant, user_id: str, campaign_id: int | None, values: RawValues
    ) -> CampaignView | dict[str, str]:
        """The saved campaign, or the errors by field (nothing saved)."""
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant, user_id, now)
            row = await self._row(session, program, campaign_id) if campaign_id else None
            current = _spec(row) if row else None
            form = campaign_form(program.timezone, current, now)
            spec, errors = parse_form(form, values, program.timezone, current, now)
            if spec is None:
                return errors
            if row is None:
                taken = set(await session.scalars(select(Campaign.slug).where(*self._of(program))))
                slug, n = _slugify(spec.name), 1
                while slug in taken:
                    n += 1
                    slug = f"{_slugify(spec.name)}-{n}"
                row = Campaign(
                    platform=tenant.platform,
                    workspace_id=tenant.workspace_id,
                    program_id=program.id,
                    slug=slug,
                    builtin=False,
                    created_at=now,
                    updated_at=now,
                    **_columns(spec),
                )
                session.add(row)
            else:
                for name, value in _columns(spec).items():
                    setattr(row, name, value)
                row.updated_at = now
            await session.flush()
            return self._view(program, row, now, await self._outcomes(session, program))

    # -- the operator's CLI ------------------------------------------------------------------

    async def export(self, tenant: Tenant) -> str:
        """The program's calendar as YAML (what `import` reads back)."""
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant, None, now)
            return dump_calendar(_spec(r) for r in await self._rows(session, program))

    async def import_calendar(self, tenant: Tenant, yaml_text: str) -> Imported:
        """Create or update campaigns by slug. Every entry is checked first: one bad entry and
        nothing is applied (CalendarError lists every problem)."""
        specs = parse_calendar(yaml_text)
        now = self._clock()
        created = updated = 0
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant, None, now)
            existing = {r.slug: r for r in await self._rows(session, program)}
            for spec in specs:
                if (row := existing.get(spec.slug)) is not None:
                    for name, value in _columns(spec).items():
                        setattr(row, name, value)
                    row.updated_at = now
                    updated += 1
                else:
                    session.add(
                        Campaign(
                            platform=tenant.platform,
                            workspace_id=tenant.workspace_id,
                            program_id=program.id,
                            slug=spec.slug,
                            builtin=False,
                            created_at=now,
                            updated_at=now,
                            **_columns(spec),
                        )
                    )
                    created += 1
        return Imported(created, updated)
