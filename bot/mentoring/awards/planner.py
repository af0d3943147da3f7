"""When award cycles open and close, and the planner that posts about them.

The planner hands each post to the outbox under a key per cycle and step
(`award:{cycle}:opening`, `:reminder`, `:announcement`, `:winners-needed:{coordinator}`), so
each goes out once however often, late or in how many processes it runs: the opening at 9:00
on the opening date, a reminder 3 days before the deadline, and the winners on the
announcement date once recorded (if none are by then, each coordinator gets one DM asking for
them). A step more than GRACE late is recorded as skipped, with the reason, and reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mentoring.awards import texts as say
from bot.mentoring.campaigns import texts as campaign_messages
from bot.mentoring.membership.use_cases import Membership
from bot.mentoring.models import Tenant
from bot.mentoring.ports import Button, DeliveryKind, Message, Outbox
from bot.mentoring.schedule import PlanReport
from bot.mentoring.text import day as date_text
from storage.database import Database
from storage.models import AwardCycle, Delivery, Program

# The button on the opening and reminder posts; it opens the nomination form.
NOMINATE_ACTION = "award_nominate"
POST_TIME = time(9, 0)  # program time
REMIND_BEFORE = timedelta(days=3)
# A post this late still goes out; later than this it is skipped and reported.
GRACE = timedelta(hours=6)
# Cycles announced (or with winners recorded) longer ago than this are finished.
LOOKBACK = timedelta(days=60)


def announcement_key(cycle_id: int) -> str:
    return f"award:{cycle_id}:announcement"


@dataclass(frozen=True)
class _Step:
    cycle: str  # its name, for the report
    key: str
    what: str  # a key of say.WHAT
    kind: DeliveryKind
    target: str | None  # None: no community channel
    message: Message
    due: datetime


def at_time(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone)


def opens_at(cycle: AwardCycle, zone: ZoneInfo) -> datetime:
    return at_time(cycle.opens_on, time(0), zone)


def closes_at(cycle: AwardCycle, zone: ZoneInfo) -> datetime:
    """The end of the deadline day: the first instant nominations are closed."""
    return at_time(cycle.deadline + timedelta(days=1), time(0), zone)


def announcement_due(cycle: AwardCycle, zone: ZoneInfo) -> datetime | None:
    """When the winners go out: 9:00 on the date, or when recorded if that was later."""
    if not cycle.winners or cycle.winners_recorded_at is None:
        return None
    return max(at_time(cycle.announce_on, POST_TIME, zone), cycle.winners_recorded_at)


def cycle_status(cycle: AwardCycle, zone: ZoneInfo, now: datetime) -> str:
    if now < opens_at(cycle, zone):
        return "upcoming"
    if now < closes_at(cycle, zone):
        return "open"
    due = announcement_due(cycle, zone)
    return "announced" if due is not None and now >= due else "closed"


def _hashtags(program: Program) -> tuple[str, ...]:
    return (" ".join(program.hashtags),) if program.hashtags else ()


class AwardPlanner:
    def __init__(self, db: Database, membership: Membership, outbox: Outbox) -> None:
        self._db = db
        self._membership = membership
        self._outbox = outbox

    async def plan(self, tenant: Tenant, now: datetime) -> PlanReport:
        report = PlanReport()
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            zone = ZoneInfo(program.timezone)
            since = (now - LOOKBACK).astimezone(zone).date()
            cycles = await session.scalars(
                select(AwardCycle).where(
                    *_cycles_of(program),
                    AwardCycle.opens_on <= now.astimezone(zone).date(),
                    or_(
                        AwardCycle.announce_on >= since,
                        AwardCycle.winners_recorded_at >= now - LOOKBACK,
                    ),
                )
            )
            steps = [s for c in cycles for s in self._steps(program, c) if s.due <= now]
            if not steps:
                return report
            handled = set(
                await session.scalars(
                    select(Delivery.key).where(
                        Delivery.key.in_([s.key for s in steps]),
                    )
                )
            )
            for step in steps:
                if step.key not in handled:
                    await self._due(session, tenant, program, step, now, report)
        if report.enqueued:
            self._outbox.wake()
        return report

    def _steps(self, program: Program, cycle: AwardCycle) -> list[_Step]:
        """Everything the cycle ever posts, with when; the caller keeps what is due."""
        zone = ZoneInfo(program.timezone)
        channel = program.community_channel
        base = f"award:{cycle.id}"
        deadline = date_text(cycle.deadline)
        nominate = Button(NOMINATE_ACTION, say.NOMINATE_LABEL, value=str(cycle.id), style="primary")
        tags = _hashtags(program)
        # A cycle opened after 9:00 on its first day is announced when it is opened.
        opening_due = max(at_time(cycle.opens_on, POST_TIME, zone), cycle.created_at)
        opening = say.OPENING_TEXT.format(
            cycle=cycle.name, deadline=deadline, announce=date_text(cycle.announce_on)
        )
        steps = [
            _Step(
                cycle.name,
                f"{base}:opening",
                "opening",
                DeliveryKind.POST,
                channel,
                Message(
                    text=opening,
                    header=say.OPENING_HEADER.format(cycle=cycle.name),
                    paragraphs=(opening, *tags),
                    buttons=(nominate,),
                ),
                opening_due,
            )
        ]
        reminder_due = at_time(cycle.deadline - REMIND_BEFORE, POST_TIME, zone)
        if reminder_due > opening_due:  # a short cycle's opening post is its reminder
            reminder = say.REMINDER_TEXT.format(cycle=cycle.name, deadline=deadline)
            steps.append(
                _Step(
                    cycle.name,
                    f"{base}:reminder",
                    "reminder",
                    DeliveryKind.POST,
                    channel,
                    Message(
                        text=reminder,
                        header=say.REMINDER_HEADER.format(cycle=cycle.name),
                        paragraphs=(reminder, *tags),
                        buttons=(nominate,),
                    ),
                    reminder_due,
                )
            )
        if (announce_due := announcement_due(cycle, zone)) is not None:
            winners = list(cycle.winners)
            announcement = say.ANNOUNCEMENT_TEXT.format(
                cycle=cycle.name, winners=say.mentions(winners), s=say.plural(len(winners))
            )
            steps.append(
                _Step(
                    cycle.name,
                    announcement_key(cycle.id),
                    "announcement",
                    DeliveryKind.POST,
                    channel,
                    Message(
                        text=announcement,
                        header=say.ANNOUNCEMENT_HEADER.format(cycle=cycle.name)[:150],
                        paragraphs=(announcement, *tags),
                    ),
                    announce_due,
                )
            )
        else:
            needed = say.WINNERS_NEEDED.format(cycle=cycle.name)
            steps += [
                _Step(
                    cycle.name,
                    f"{base}:winners-needed:{coordinator}",
                    "winners-needed",
                    DeliveryKind.DM,
                    coordinator,
                    Message(text=needed, paragraphs=(needed,)),
                    at_time(cycle.announce_on, POST_TIME, zone),
                )
                for coordinator in program.coordinators
            ]
        return steps

    async def _due(
        self,
        session: AsyncSession,
        tenant: Tenant,
        program: Program,
        step: _Step,
        now: datetime,
        report: PlanReport,
    ) -> None:
        if step.target is None:
            reason = say.NO_CHANNEL_REASON
        elif now - step.due > GRACE:
            reason = say.TOO_LATE.format(late=campaign_messages.lateness(now - step.due))
        else:
            if await self._outbox.enqueue(
                session, tenant, step.key, step.kind, step.target, step.message, step.due
            ):
                report.enqueued += 1
            return
        if await self._outbox.skip(
            session, tenant, step.key, step.kind, step.target or "", step.message, step.due, reason
        ):
            local = step.due.astimezone(ZoneInfo(program.timezone))
            report.skipped.append(
                say.SKIPPED_LINE.format(
                    cycle=step.cycle,
                    what=say.WHAT[step.what],
                    when=campaign_messages.local_when(local),
                    reason=reason,
                )
            )


def _cycles_of(program: Program) -> tuple[object, ...]:
    return (AwardCycle.program_id == program.id,)
