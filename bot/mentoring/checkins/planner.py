"""One planning pass over one active pair: what is due for it now, and when next.

What is due for a pair, in its own words (dates from term.py, each at 10:00 in the
recipient's own time zone, each with an idempotency key on the outbox):
- check-in n (n = 1, 2, ...) on `term.checkin_date`; one reminder three days later if
  unanswered. More than GRACE late (the bot was down): skipped and reported, not sent.
  While either member is paused, the pair's check-ins are skipped for both.
- the mid-point review at half-term, in place of the first check-in on or after it;
- a contact nudge to both when nobody reported a meeting for `program.contact_days`,
  once per silent stretch;
- a heads-up 30 days before `ends_on` (members and coordinators, with Extend buttons);
- at `ends_on` the closing survey, the mentee's thank-you prompt and the coordinators'
  "term complete"; then the pair is completed. Term steps are sent late rather than lost;
  one is skipped (and reported) only when a later step is already due.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.mentoring.checkins import term
from bot.mentoring.checkins import texts as say
from bot.mentoring.checkins.views import (
    CHECKIN,
    CLOSING,
    GRACE,
    MIDPOINT,
    REMIND_AFTER,
    CheckInView,
    checkin_message,
    extend_buttons,
    mood_buttons,
    started_on,
    view_of,
)
from bot.mentoring.clock import add_months
from bot.mentoring.membership.use_cases import Membership
from bot.mentoring.models import MemberStatus, PairStatus, Tenant
from bot.mentoring.ports import DeliveryKind, Message, Outbox
from bot.mentoring.schedule import PlanReport
from bot.mentoring.text import day as date_text
from bot.mentoring.text import moment
from storage.models import ApplicationRow, CheckIn, Member, Pairing, Program


@dataclass
class PairWork:
    """What one planning pass over one pair did and left for later."""

    report: PlanReport
    pending: list[datetime] = field(default_factory=list)  # instants still to come


def zone_of(program: Program, people: dict[str, Member], user_id: str) -> str:
    """The member's own time zone (from their application), else the program's."""
    member = people.get(user_id)
    app: ApplicationRow | None = member.application if member else None
    return app.timezone if app is not None and app.timezone else program.timezone


async def plan_pair(
    outbox: Outbox, membership: Membership, session: AsyncSession, tenant: Tenant,
    program: Program, pair: Pairing, people: dict[str, Member], rows: list[CheckIn],
    now: datetime, report: PlanReport,
) -> None:  # fmt: skip
    """Send what is due for `pair` at `now` and set its `next_due_at`."""
    work = PairWork(report)
    start = started_on(program, pair)
    if pair.ends_on is None:
        pair.ends_on = add_months(start, program.term_months)
    if pair.last_met_on is None:
        pair.last_met_on = start
    steps = PairPlan(
        outbox, membership, session, tenant, program, pair, people, now, start, rows, work
    )
    await steps.closing()
    if pair.status == PairStatus.ACTIVE:
        await steps.midpoint()
        await steps.checkins()
        await steps.reminders()
        await steps.contact()
        await steps.heads_up()
    soonest = min(work.pending, default=now + timedelta(days=1))
    # Everything due at `now` was handled above, so the next instant is later; the floor
    # keeps a planning bug from turning into a busy loop over the same pair.
    pair.next_due_at = max(soonest, now + timedelta(minutes=1))


class PairPlan:
    """One planning pass over one pair: each method handles one kind of step."""

    def __init__(
        self, outbox: Outbox, membership: Membership, session: AsyncSession, tenant: Tenant,
        program: Program, pair: Pairing, people: dict[str, Member], now: datetime,
        start: date, rows: list[CheckIn], work: PairWork,
    ) -> None:  # fmt: skip
        self.outbox, self.membership = outbox, membership
        self.session, self.tenant = session, tenant
        self.program, self.pair, self.people, self.now = program, pair, people, now
        self.start, self.rows, self.work = start, rows, work
        assert pair.ends_on is not None
        self.ends: date = pair.ends_on
        self.members = (pair.mentor_id, pair.mentee_id)

    # -- helpers ----------------------------------------------------------------------------

    def zone(self, user_id: str) -> str:
        return zone_of(self.program, self.people, user_id)

    def instant(self, day: date, user_id: str | None = None) -> datetime:
        """10:00 on `day` for this member (None: the program's time zone, for coordinators)."""
        return term.send_instant(day, self.zone(user_id) if user_id else self.program.timezone)

    def other(self, user_id: str) -> str:
        return self.pair.mentee_id if user_id == self.pair.mentor_id else self.pair.mentor_id

    def row(self, user_id: str, kinds: tuple[str, ...], period: int) -> CheckIn | None:
        return next(
            (
                r
                for r in self.rows
                if r.user_id == user_id and r.kind in kinds and r.period == period
            ),
            None,
        )

    def due(self, at: datetime) -> bool:
        if at <= self.now:
            return True
        self.work.pending.append(at)
        return False

    def when(self, at: datetime, user_id: str | None) -> str:
        zone = ZoneInfo(self.zone(user_id) if user_id else self.program.timezone)
        return moment(at.astimezone(zone))

    async def send(self, key: str, target: str, message: Message, at: datetime) -> None:
        if await self.outbox.enqueue(
            self.session, self.tenant, key, DeliveryKind.DM, target, message, at
        ):
            self.work.report.enqueued += 1

    async def skip(
        self, key: str, target: str, message: Message, at: datetime, reason: str, line: str
    ) -> None:
        if await self.outbox.skip(
            self.session, self.tenant, key, DeliveryKind.DM, target, message, at, reason
        ):
            self.work.report.skipped.append(line)

    def paused(self, user_id: str, today: date) -> bool:
        member = self.people.get(user_id)
        status = self.membership.effective_status(member, today) if member else None
        return status is MemberStatus.PAUSED

    def paused_member(self, today: date) -> str | None:
        """The member of this pair who is paused today, if either is."""
        return next((u for u in self.members if self.paused(u, today)), None)

    def view(self, row: CheckIn) -> CheckInView:
        return view_of(self.program, row, self.pair)

    async def new_row(self, user_id: str, kind: str, period: int, at: datetime) -> CheckIn:
        row = CheckIn(
            platform=self.tenant.platform, workspace_id=self.tenant.workspace_id,
            pairing_id=self.pair.id, program_id=self.program.id, user_id=user_id, kind=kind,
            period=period, due_at=at, help_requested=False, created_at=self.now,
        )  # fmt: skip
        self.session.add(row)
        await self.session.flush()  # the id goes on the buttons
        self.rows.append(row)
        return row

    # -- steps ------------------------------------------------------------------------------

    async def _checkin(self, user_id: str, kind: str, period: int, at: datetime, what: str) -> None:
        """Send (or skip, when late or paused) one check-in or mid-point review."""
        row = await self.new_row(user_id, kind, period, at)
        message = checkin_message(self.view(row))
        key = f"checkin:{self.pair.id}:{user_id}:{period}"
        due = self.when(at, user_id)
        late_days = (self.now - at).days
        today = term.local_date(self.now, self.zone(user_id))
        paused = self.paused_member(today) if kind == CHECKIN else None
        if paused is not None:
            # A pause stops the pair's check-ins for both: the other has nothing to report.
            own = paused == user_id
            row.skipped_reason = say.REASON_PAUSED if own else say.REASON_MATCH_PAUSED
            template = say.SKIPPED_PAUSED if own else say.SKIPPED_MATCH_PAUSED
            line = template.format(what=what, who=user_id, due=due, other=paused)
            await self.skip(key, user_id, message, at, row.skipped_reason, line)
        elif kind == CHECKIN and self.now - at > GRACE:
            row.skipped_reason = say.REASON_LATE.format(days=late_days)
            line = say.SKIPPED_LATE.format(what=what, who=user_id, due=due, days=late_days)
            await self.skip(key, user_id, message, at, row.skipped_reason, line)
        else:
            row.sent_at = self.now
            await self.send(key, user_id, message, at)

    async def checkins(self) -> None:
        cadence = self.program.checkin_cadence
        while term.has_checkin(self.start, cadence, self.ends, self.pair.checkin_period + 1):
            period = self.pair.checkin_period + 1
            day = term.checkin_date(self.start, cadence, period)
            waiting = False
            for user_id in self.members:
                at = self.instant(day, user_id)
                if not self.due(at):
                    waiting = True
                elif self.row(user_id, (CHECKIN, MIDPOINT), period) is None:
                    await self._checkin(user_id, CHECKIN, period, at, f"Check-in {period}")
            if waiting:
                return
            self.pair.checkin_period = period

    async def midpoint(self) -> None:
        if self.pair.midpoint_at is not None:
            return
        middle = term.midpoint(self.start, self.ends)
        period = term.midpoint_period(self.start, self.program.checkin_cadence, self.ends)
        waiting = False
        for user_id in self.members:
            at = self.instant(middle, user_id)
            if not self.due(at):
                waiting = True
                continue
            if self.row(user_id, (MIDPOINT,), period) or self.row(user_id, (CHECKIN,), period):
                continue
            if self.instant(term.heads_up(self.ends), user_id) <= self.now:
                # The term is nearly over (the bot was down): the heads-up says more now.
                row = await self.new_row(user_id, MIDPOINT, period, at)
                row.skipped_reason = "superseded by the heads-up"
                line = say.SKIPPED_SUPERSEDED.format(
                    what="Mid-point review", who=user_id, due=self.when(at, user_id),
                    later="heads-up",
                )  # fmt: skip
                message = checkin_message(self.view(row))
                key = f"checkin:{self.pair.id}:{user_id}:{period}"
                await self.skip(key, user_id, message, at, row.skipped_reason, line)
            else:
                await self._checkin(user_id, MIDPOINT, period, at, "Mid-point review")
        if not waiting:
            self.pair.midpoint_at = self.now

    async def reminders(self) -> None:
        for row in list(self.rows):
            if (
                row.kind == CLOSING
                or row.sent_at is None
                or row.answered_at is not None
                or row.reminded_at is not None
            ):
                continue
            zone = self.zone(row.user_id)
            at = term.send_instant(term.local_date(row.due_at, zone) + REMIND_AFTER, zone)
            if not self.due(at):
                continue
            row.reminded_at = self.now
            view = self.view(row)
            text = say.REMINDER_TEXT.format(other=view.other, due=date_text(view.due_on))
            message = Message(text=text, paragraphs=(text,), buttons=mood_buttons(row.id))
            key = f"checkin:{self.pair.id}:{row.user_id}:{row.period}:reminder"
            newer = any(
                r.user_id == row.user_id and r.kind != CLOSING and r.period > row.period
                for r in self.rows
            )
            if newer or self.now - at > GRACE:
                days = (self.now - at).days
                line = say.SKIPPED_LATE.format(
                    what="Check-in reminder", who=row.user_id, due=self.when(at, row.user_id),
                    days=days,
                )  # fmt: skip
                await self.skip(
                    key, row.user_id, message, at, say.REASON_LATE.format(days=days), line
                )
            else:
                await self.send(key, row.user_id, message, at)

    async def contact(self) -> None:
        met = self.pair.last_met_on
        assert met is not None
        if self.pair.nudged_for == met:
            return  # this silent stretch was nudged already
        if self.paused_member(term.local_date(self.now, self.program.timezone)) is not None:
            # No meetings are expected during a pause: look again tomorrow, and nudge once it
            # is over (by its date or a resume) if the pair is still silent.
            self.work.pending.append(self.now + timedelta(days=1))
            return
        day = met + timedelta(days=self.program.contact_days)
        if day >= self.ends:
            return  # the closing survey comes first
        waiting = False
        for user_id in self.members:
            at = self.instant(day, user_id)
            if not self.due(at):
                waiting = True
                continue
            today = term.local_date(self.now, self.zone(user_id))
            text = say.NUDGE_TEXT.format(days=(today - met).days, other=self.other(user_id))
            message = Message(text=text, paragraphs=(text, say.NUDGE_HINT))
            await self.send(
                f"contact:{self.pair.id}:{met.isoformat()}:{user_id}", user_id, message, at
            )
        if not waiting:
            self.pair.nudged_for = met

    async def heads_up(self) -> None:
        if self.pair.headsup_for == self.ends:
            return
        day, end = term.heads_up(self.ends), date_text(self.ends)
        waiting = False
        audience = [(u, u) for u in self.members] + [(c, None) for c in self.program.coordinators]
        for target, member in audience:
            at = self.instant(day, member)
            if not self.due(at):
                waiting = True
                continue
            key = f"term:{self.pair.id}:headsup:{self.ends.isoformat()}:{target}"
            if member is not None:
                text = say.HEADSUP_TEXT.format(other=self.other(member), end=end)
                message = Message(text=text, paragraphs=(text,))
            else:
                text = say.COORD_HEADSUP.format(
                    mentor=self.pair.mentor_id, mentee=self.pair.mentee_id, end=end
                )
                message = Message(text=text, paragraphs=(text,), buttons=extend_buttons(self.pair))
            if self.instant(self.ends, member) <= self.now:
                line = say.SKIPPED_SUPERSEDED.format(
                    what="Term heads-up", who=target, due=self.when(at, member),
                    later="closing survey",
                )  # fmt: skip
                await self.skip(key, target, message, at, "superseded by the closing survey", line)
            else:
                await self.send(key, target, message, at)
        if not waiting:
            self.pair.headsup_for = self.ends

    async def closing(self) -> None:
        pair, end = self.pair, date_text(self.ends)
        waiting = False
        for user_id in self.members:
            at = self.instant(self.ends, user_id)
            if not self.due(at):
                waiting = True
                continue
            row = self.row(user_id, (CLOSING,), pair.extensions)
            if row is None:
                row = await self.new_row(user_id, CLOSING, pair.extensions, at)
                row.sent_at = self.now
            message = checkin_message(self.view(row))
            await self.send(
                f"term:{pair.id}:closing:{self.ends.isoformat()}:{user_id}", user_id, message, at
            )
            if user_id == pair.mentee_id:
                text = say.THANKS_TEXT.format(mentor=pair.mentor_id)
                key = f"term:{pair.id}:thanks:{self.ends.isoformat()}"
                await self.send(key, user_id, Message(text=text, paragraphs=(text,)), at)
        for coordinator in self.program.coordinators:
            at = self.instant(self.ends)
            if not self.due(at):
                waiting = True
                continue
            text = say.COORD_COMPLETE.format(mentor=pair.mentor_id, mentee=pair.mentee_id, end=end)
            message = Message(text=text, paragraphs=(text,), buttons=extend_buttons(pair))
            key = f"term:{pair.id}:complete:{self.ends.isoformat()}:{coordinator}"
            await self.send(key, coordinator, message, at)
        if not waiting:
            pair.status, pair.ended_at = PairStatus.COMPLETED, self.now
            pair.ended_by, pair.end_reason = None, "term complete"
