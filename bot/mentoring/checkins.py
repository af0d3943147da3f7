"""Check-ins, the contact rule and term steps of active pairs.

`CheckIns.plan` is a Planner (bot/mentoring/schedule.py): for one tenant at one instant it
takes the active pairs whose `next_due_at` has come (an index range scan), sends what is due
through the Outbox port, and moves `next_due_at` to the next instant anything is due. Every
message is due at 10:00 on its day in the recipient's own time zone, and has an idempotency
key, so a re-run, a late run or a second process sends each once.

What is due for a pair, in its own words:
- check-in n (n = 1, 2, ...) on `term.checkin_date`; one reminder three days later if
  unanswered. More than GRACE late (the bot was down): skipped and reported, not sent.
- the mid-point review at half-term, in place of the first check-in on or after it;
- a contact nudge to both when nobody reported a meeting for `program.contact_days`,
  once per silent stretch;
- a heads-up 30 days before `ends_on` (members and coordinators, with Extend buttons);
- at `ends_on` the closing survey, the mentee's thank-you prompt and the coordinators'
  "term complete"; then the pair is completed. Term steps are sent late rather than lost;
  one is skipped (and reported) only when a later step is already due.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mentoring import checkin_messages as say
from bot.mentoring import term
from bot.mentoring.forms import Field, Form, Kind, Option, RawValues, check_values, text_of
from bot.mentoring.membership import Clock, Membership, MembershipError, NotCoordinator
from bot.mentoring.models import MemberStatus, Tenant
from bot.mentoring.ports import Button, DeliveryKind, Message, Outbox
from bot.mentoring.schedule import PlanReport
from storage.database import Database
from storage.models import ApplicationRow, CheckIn, Member, Pairing, Program

CHECKIN, MIDPOINT, CLOSING = "checkin", "midpoint", "closing"
GREAT, OK, STRUGGLING = "great", "ok", term.STRUGGLING
ACTIVE, ENDED, COMPLETED = "active", "ended", "completed"  # Pairing.status (see pairing.py)
GRACE = timedelta(days=3)  # a check-in later than this is skipped, not sent
REMIND_AFTER = timedelta(days=3)
BATCH = 500  # pairs planned per transaction
EXTEND_MONTHS = (3, 6)
MAX_HOURS, MAX_TOTAL_HOURS = 12.0, 2000.0
NOTE_LENGTH = 1000

# Action ids and form keys: the contract with every adapter.
MOOD_ACTIONS = {GREAT: "checkin_great", OK: "checkin_ok", STRUGGLING: "checkin_struggling"}
ADD_DETAILS = "checkin_details"
OPEN_SURVEY = "closing_survey"
EXTEND = "term_extend_{months}"  # one action id per button: Slack wants them unique
DETAILS_FORM = "checkin_details_form"
SURVEY_FORM = "closing_survey_form"


class CheckInError(MembershipError):
    """The person can't do that with this check-in; the message says why."""


@dataclass(frozen=True)
class CheckInView:
    """One check-in as its own member sees it (their note included: it is theirs)."""

    id: int
    user_id: str
    other: str
    role: str  # the member's role in the pair: mentor | mentee
    kind: str
    due_on: date
    first: bool  # the pair's first check-in ("since you were paired")
    mood: str | None
    answered_at: datetime | None
    details_given: bool
    met: bool | None
    hours: float | None
    note: str | None
    help_requested: bool
    overall: int | None
    again: str | None
    started_on: date
    ends_on: date


@dataclass(frozen=True)
class Answer:
    view: CheckInView
    recorded: bool  # False: a second click or submission; the first answer stands


@dataclass
class _Plan:
    """Work of one planning pass over one pair."""

    report: PlanReport
    pending: list[datetime] = field(default_factory=list)  # instants still to come


def parse_hours(typed: str | None, high: float) -> tuple[float | None, str | None]:
    """Hours as people type them: 1, 1.5, 1,5 or 1:45; quarter hours. (value, error)."""
    text = (typed or "").strip()
    if match := re.fullmatch(r"(\d{1,4}):([0-5]\d)", text):
        value = int(match[1]) + int(match[2]) / 60
    else:
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            return None, say.HOURS_INVALID.format(typed=text[:20])
    if not 0 <= value <= high:
        return None, say.HOURS_RANGE.format(low=0, high=high)
    if abs(value * 4 - round(value * 4)) > 1e-9:
        return None, say.HOURS_QUARTERS
    return round(value * 4) / 4, None


class CheckIns:
    def __init__(
        self, db: Database, membership: Membership, outbox: Outbox, clock: Clock | None = None
    ) -> None:
        self._db = db
        self._membership = membership
        self._outbox = outbox
        self._clock = clock or (lambda: datetime.now(UTC))

    # -- planning ---------------------------------------------------------------------------

    @staticmethod
    def due_query(program_id: int, now: datetime, limit: int = BATCH) -> Select[tuple[Pairing]]:
        """Active pairs with something due at `now`: a range scan on
        ix_pairings_program_status_next_due_at (benchmarks/due_pairs.py measures it)."""
        return (
            select(Pairing)
            .where(
                Pairing.program_id == program_id,
                Pairing.status == ACTIVE,
                Pairing.next_due_at <= now,
            )
            .order_by(Pairing.next_due_at)
            .limit(limit)
        )

    async def plan(self, tenant: Tenant, now: datetime) -> PlanReport:
        report = PlanReport()
        while True:
            async with self._db.transaction() as session:
                program = await self._membership.load_program(session, tenant)
                # SKIP LOCKED: two processes planning at once take different pairs (PostgreSQL).
                query = self.due_query(program.id, now).with_for_update(skip_locked=True)
                pairs = list(await session.scalars(query))
                people = await self._people(session, program, pairs)
                for pair in pairs:
                    await self._plan_pair(session, tenant, program, pair, people, now, report)
            if len(pairs) < BATCH:
                break
        if report.enqueued:
            self._outbox.wake()
        return report

    async def _people(
        self, session: AsyncSession, program: Program, pairs: Sequence[Pairing]
    ) -> dict[str, Member]:
        users = {u for p in pairs for u in (p.mentor_id, p.mentee_id)}
        if not users:
            return {}
        rows = await session.scalars(
            select(Member).where(
                Member.program_id == program.id,
                Member.workspace_id == program.workspace_id,
                Member.user_id.in_(users),
            )
        )
        return {m.user_id: m for m in rows.unique()}

    async def _plan_pair(
        self, session: AsyncSession, tenant: Tenant, program: Program, pair: Pairing,
        people: dict[str, Member], now: datetime, report: PlanReport,
    ) -> None:  # fmt: skip
        work = _Plan(report)
        start = self._started_on(program, pair)
        if pair.ends_on is None:
            pair.ends_on = term.add_months(start, program.term_months)
        if pair.last_met_on is None:
            pair.last_met_on = start
        rows = list(await session.scalars(select(CheckIn).where(CheckIn.pairing_id == pair.id)))
        ctx = _PairContext(self, session, tenant, program, pair, people, now, start, rows, work)
        await ctx.closing()
        if pair.status == ACTIVE:
            await ctx.midpoint()
            await ctx.checkins()
            await ctx.reminders()
            await ctx.contact()
            await ctx.heads_up()
        soonest = min(work.pending, default=now + timedelta(days=1))
        # Everything due at `now` was handled above, so the next instant is later; the floor
        # keeps a planning bug from turning into a busy loop over the same pair.
        pair.next_due_at = max(soonest, now + timedelta(minutes=1))

    def _started_on(self, program: Program, pair: Pairing) -> date:
        started = pair.started_at or pair.proposed_at
        return term.local_date(started, program.timezone)

    def zone_of(self, program: Program, people: dict[str, Member], user_id: str) -> str:
        member = people.get(user_id)
        app: ApplicationRow | None = member.application if member else None
        return app.timezone if app is not None and app.timezone else program.timezone

    def paused(self, people: dict[str, Member], user_id: str, today: date) -> bool:
        member = people.get(user_id)
        return member is not None and (
            self._membership.effective_status(member, today) is MemberStatus.PAUSED
        )

    # -- messages ---------------------------------------------------------------------------

    @staticmethod
    def checkin_message(view: CheckInView) -> Message:
        """The check-in DM as it stands: buttons until answered, then what was recorded."""
        if view.kind == CLOSING:
            return _survey_message(view)
        other = view.other
        if view.kind == MIDPOINT:
            header = say.MIDPOINT_HEADER
            text = say.MIDPOINT_TEXT.format(other=other, end=say.day(view.ends_on))
            ask = say.MIDPOINT_ASK
        else:
            header, text, ask = (
                say.CHECKIN_HEADER,
                say.CHECKIN_TEXT.format(other=other),
                say.CHECKIN_ASK,
            )
        if view.mood is None:
            return Message(
                text=text,
                header=header,
                paragraphs=(text, ask),
                buttons=mood_buttons(view.id),
                footer=say.PRIVATE_FOOTER.format(other=other),
            )
        fields = [(say.FIELD_MOOD, say.MOOD_LABELS[view.mood])]
        if view.details_given:
            fields.append((say.FIELD_MET, say.YES if view.met else say.NO))
            fields.append((say.FIELD_HOURS, say.hours(view.hours or 0.0)))
            if view.note:
                fields.append((say.FIELD_NOTE, view.note))
            if view.help_requested:
                fields.append((say.FIELD_HELP, say.HELP_ASKED))
        answered = view.answered_at or datetime.now(UTC)
        return Message(
            text=f"{text} {say.MOOD_LABELS[view.mood]}",
            header=header,
            paragraphs=(text,),
            fields=tuple(fields),
            buttons=()
            if view.details_given
            else (Button(ADD_DETAILS, say.ADD_DETAILS, str(view.id)),),
            footer=say.RECORDED_FOOTER.format(when=say.day(answered.date())),
        )

    # -- answers ----------------------------------------------------------------------------

    async def _load(
        self, session: AsyncSession, tenant: Tenant, user_id: str, checkin_id: int
    ) -> tuple[Program, CheckIn, Pairing]:
        program = await self._membership.load_program(session, tenant)
        row = await session.scalar(
            select(CheckIn)
            .where(
                CheckIn.id == checkin_id,
                CheckIn.platform == tenant.platform,
                CheckIn.workspace_id == tenant.workspace_id,
                CheckIn.program_id == program.id,
            )
            .with_for_update()
        )
        if row is None:
            raise CheckInError(say.NOT_FOUND)
        if row.user_id != user_id:
            raise CheckInError(say.NOT_YOURS.format(owner=row.user_id))
        if row.skipped_reason:
            raise CheckInError(say.SKIPPED_CHECKIN.format(reason=row.skipped_reason))
        pair = await session.scalar(
            select(Pairing).where(Pairing.id == row.pairing_id).with_for_update()
        )
        assert pair is not None  # the foreign key cascades: a check-in always has its pair
        return program, row, pair

    def _view(self, program: Program, row: CheckIn, pair: Pairing) -> CheckInView:
        mentor = row.user_id == pair.mentor_id
        start = self._started_on(program, pair)
        return CheckInView(
            id=row.id,
            user_id=row.user_id,
            other=pair.mentee_id if mentor else pair.mentor_id,
            role="mentor" if mentor else "mentee",
            kind=row.kind,
            due_on=term.local_date(row.due_at, program.timezone),
            first=row.kind == CHECKIN and row.period == 1,
            mood=row.mood,
            answered_at=row.answered_at,
            details_given=row.details_at is not None,
            met=row.met,
            hours=row.hours,
            note=row.note,
            help_requested=row.help_requested,
            overall=row.overall,
            again=row.again,
            started_on=start,
            ends_on=pair.ends_on or term.add_months(start, program.term_months),
        )

    async def view(self, tenant: Tenant, user_id: str, checkin_id: int) -> CheckInView:
        async with self._db.transaction() as session:
            program, row, pair = await self._load(session, tenant, user_id, checkin_id)
            return self._view(program, row, pair)

    async def record_mood(self, tenant: Tenant, user_id: str, checkin_id: int, mood: str) -> Answer:
        """Record Great / OK / Struggling once; a second click keeps the first answer."""
        if mood not in MOOD_ACTIONS:
            raise CheckInError(say.NOT_FOUND)
        now = self._clock()
        alerted = False
        async with self._db.transaction() as session:
            unanswered = and_(CheckIn.mood.is_(None), CheckIn.kind != CLOSING)
            recorded = await _claim(
                session, tenant, user_id, checkin_id, unanswered, mood=mood, answered_at=now
            )
            program, row, pair = await self._load(session, tenant, user_id, checkin_id)
            if row.kind == CLOSING:
                raise CheckInError(say.USE_SURVEY_BUTTON)
            if not recorded:
                return Answer(self._view(program, row, pair), recorded=False)
            self._remember_mood(session, pair, row)
            if mood == STRUGGLING:
                alerted = await self._alert(session, tenant, program, pair, row, "mood")
            answer = Answer(self._view(program, row, pair), recorded=True)
        if alerted:
            self._outbox.wake()
        return answer

    def _remember_mood(self, session: AsyncSession, pair: Pairing, row: CheckIn) -> None:
        # The coordinators' flag shows each member's latest answer.
        if row.user_id == pair.mentor_id:
            pair.mentor_mood = row.mood
        else:
            pair.mentee_mood = row.mood

    def details_form(self, view: CheckInView, values: RawValues | None = None) -> Form:
        return _details_form(view.other, first=view.first, mood=view.mood, values=values)

    async def record_details(
        self, tenant: Tenant, user_id: str, checkin_id: int, values: RawValues
    ) -> tuple[Answer | None, dict[str, str]]:
        """Met? hours, note, help: recorded once. (answer, errors by field)."""
        now = self._clock()
        alerted = False
        errors = check_values(_details_form("", first=False, mood=None), values)
        hours, problem = parse_hours(text_of(values, "hours"), MAX_HOURS)
        if problem and "hours" not in errors:
            errors["hours"] = problem
        if errors:
            return None, errors
        async with self._db.transaction() as session:
            open_ = and_(
                CheckIn.mood.is_not(None), CheckIn.details_at.is_(None), CheckIn.kind != CLOSING
            )
            recorded = await _claim(
                session, tenant, user_id, checkin_id, open_,
                met=text_of(values, "met") == "yes", hours=hours, note=text_of(values, "note"),
                help_requested="yes" in (values.get("help") or []), details_at=now,
            )  # fmt: skip
            program, row, pair = await self._load(session, tenant, user_id, checkin_id)
            if row.kind == CLOSING:
                raise CheckInError(say.USE_SURVEY_BUTTON)
            if row.mood is None:
                return None, {"met": say.MOOD_FIRST}
            if not recorded:
                return Answer(self._view(program, row, pair), recorded=False), {}
            if row.met:  # a meeting resets the contact rule's silent stretch
                today = term.local_date(now, program.timezone)
                pair.last_met_on = max(pair.last_met_on or today, today)
            if row.help_requested or (row.mood == STRUGGLING and row.note):
                alerted = await self._alert(session, tenant, program, pair, row, "details")
            answer = Answer(self._view(program, row, pair), recorded=True)
        if alerted:
            self._outbox.wake()
        return answer, {}

    def survey_form(self, view: CheckInView, values: RawValues | None = None) -> Form:
        return _survey_form(view.other, view.role, view.started_on, view.ends_on, values)

    async def survey_view(self, tenant: Tenant, user_id: str, checkin_id: int) -> CheckInView:
        view = await self.view(tenant, user_id, checkin_id)
        if view.kind != CLOSING:
            raise CheckInError(say.NOT_A_SURVEY)
        return view

    async def record_survey(
        self, tenant: Tenant, user_id: str, checkin_id: int, values: RawValues
    ) -> tuple[Answer | None, dict[str, str]]:
        now = self._clock()
        alerted = False
        errors = check_values(_survey_form("", "mentor", date.min, date.min), values)
        hours, problem = parse_hours(text_of(values, "total_hours"), MAX_TOTAL_HOURS)
        if problem and "total_hours" not in errors:
            errors["total_hours"] = problem
        if errors:
            return None, errors
        async with self._db.transaction() as session:
            open_ = and_(CheckIn.answered_at.is_(None), CheckIn.kind == CLOSING)
            recorded = await _claim(
                session, tenant, user_id, checkin_id, open_,
                overall=int(text_of(values, "overall") or 0), hours=hours,
                again=text_of(values, "again"), note=text_of(values, "note"),
                answered_at=now, details_at=now,
            )  # fmt: skip
            program, row, pair = await self._load(session, tenant, user_id, checkin_id)
            if row.kind != CLOSING:
                raise CheckInError(say.NOT_A_SURVEY)
            if not recorded:
                return Answer(self._view(program, row, pair), recorded=False), {}
            if row.note:
                alerted = await self._alert(session, tenant, program, pair, row, "details")
            answer = Answer(self._view(program, row, pair), recorded=True)
        if alerted:
            self._outbox.wake()
        return answer, {}

    async def _alert(
        self, session: AsyncSession, tenant: Tenant, program: Program, pair: Pairing,
        row: CheckIn, stage: str,
    ) -> bool:  # fmt: skip
        """Tell every coordinator, with the pair's context; the note goes to them only."""
        view = self._view(program, row, pair)
        today = term.local_date(self._clock(), program.timezone)
        kind, due = say.KIND_WORDS[row.kind], say.day(view.due_on)
        if stage == "mood":
            text = say.COORD_STRUGGLING.format(
                who=row.user_id, other=view.other, kind=kind, due=due
            )
        elif row.help_requested:
            text = say.COORD_HELP.format(who=row.user_id, other=view.other)
        else:
            text = say.COORD_DETAILS.format(who=row.user_id, other=view.other, kind=kind, due=due)
        paragraphs = [
            text,
            say.COORD_PAIR.format(
                mentor=pair.mentor_id, mentee=pair.mentee_id,
                start=say.day(view.started_on), end=say.day(view.ends_on),
            ),
        ]  # fmt: skip
        met = pair.last_met_on or view.started_on
        if met > view.started_on:
            paragraphs.append(say.COORD_LAST_MET.format(met=say.day(met), days=(today - met).days))
        else:
            paragraphs.append(
                say.COORD_NEVER_MET.format(start=say.day(met), days=(today - met).days)
            )
        fields = []
        if row.mood:
            fields.append((say.FIELD_MOOD, say.MOOD_LABELS[row.mood]))
        if row.details_at is not None and row.kind != CLOSING:
            fields += [
                (say.FIELD_MET, say.YES if row.met else say.NO),
                (say.FIELD_HOURS, say.hours(row.hours or 0.0)),
            ]
        if row.note:
            paragraphs.append(say.COORD_NOTE.format(note=row.note, other=view.other))
        message = Message(
            text=text, header=say.COORD_ALERT_HEADER, paragraphs=tuple(paragraphs),
            fields=tuple(fields),
        )  # fmt: skip
        sent = False
        for coordinator in program.coordinators:
            key = f"alert:{row.id}:{stage}:{coordinator}"
            sent |= await self._outbox.enqueue(
                session, tenant, key, DeliveryKind.DM, coordinator, message, self._clock()
            )
        return sent

    # -- coordinators: extend a term ---------------------------------------------------------

    async def extend(
        self, tenant: Tenant, coordinator: str, pairing_id: int, months: int, from_end: date
    ) -> str:
        """Move the pair's end by `months`; a completed pair becomes active again.

        `from_end` is the end the button was made for: a second click (or a second
        coordinator) finds the end already moved and changes nothing.
        """
        if months not in EXTEND_MONTHS:
            raise CheckInError(say.EXTEND_STALE)
        now = self._clock()
        async with self._db.transaction() as session:
            # Claim first (see _claim): of two concurrent clicks exactly one moves the end.
            claimed = await session.execute(
                update(Pairing)
                .where(
                    Pairing.id == pairing_id,
                    Pairing.platform == tenant.platform,
                    Pairing.workspace_id == tenant.workspace_id,
                    Pairing.ends_on == from_end,
                    Pairing.status.in_((ACTIVE, COMPLETED)),
                )
                .values(
                    ends_on=term.add_months(from_end, months), extensions=Pairing.extensions + 1
                )
                .execution_options(synchronize_session=False)
            )
            program = await self._membership.load_program(session, tenant)
            if coordinator not in program.coordinators:
                raise NotCoordinator(say.EXTEND_NOT_COORDINATOR)  # the rollback undoes the claim
            pair = await session.scalar(
                select(Pairing).where(
                    Pairing.id == pairing_id,
                    Pairing.program_id == program.id,
                    Pairing.workspace_id == program.workspace_id,
                )
            )
            if pair is None or pair.ends_on is None:
                raise CheckInError(say.EXTEND_STALE)
            if not claimed.rowcount:  # type: ignore[attr-defined]
                if pair.status not in (ACTIVE, COMPLETED):
                    raise CheckInError(say.EXTEND_CLOSED.format(status=pair.status))
                end = say.day(pair.ends_on)
                return say.ALREADY_EXTENDED.format(
                    mentor=pair.mentor_id, mentee=pair.mentee_id, end=end
                )
            if pair.status == COMPLETED:
                pair.status, pair.ended_at = ACTIVE, None
                pair.ended_by = pair.end_reason = None
                # Check-ins resume from today: the periods in between are not "late".
                start = self._started_on(program, pair)
                today = term.local_date(now, program.timezone)
                cadence = program.checkin_cadence
                while term.checkin_date(start, cadence, pair.checkin_period + 1) < today:
                    pair.checkin_period += 1
            pair.next_due_at = now  # the planner re-arms the heads-up and closing for the new end
            end = say.day(pair.ends_on)
            for member, other in (
                (pair.mentor_id, pair.mentee_id),
                (pair.mentee_id, pair.mentor_id),
            ):
                text = say.EXTENDED_MEMBER.format(other=other, end=end)
                key = f"term:{pair.id}:extended:{pair.ends_on.isoformat()}:{member}"
                await self._outbox.enqueue(
                    session, tenant, key, DeliveryKind.DM, member, Message(text), now
                )
            reply = say.EXTENDED_YOU.format(mentor=pair.mentor_id, mentee=pair.mentee_id, end=end)
        self._outbox.wake()
        return reply


def mood_buttons(checkin_id: int) -> tuple[Button, ...]:
    value = str(checkin_id)
    return (
        Button(MOOD_ACTIONS[GREAT], say.MOOD_LABELS[GREAT], value, "primary"),
        Button(MOOD_ACTIONS[OK], say.MOOD_LABELS[OK], value),
        Button(MOOD_ACTIONS[STRUGGLING], say.MOOD_LABELS[STRUGGLING], value),
    )


def extend_buttons(pair: Pairing) -> tuple[Button, ...]:
    assert pair.ends_on is not None
    end = pair.ends_on.isoformat()
    return tuple(
        Button(EXTEND.format(months=m), say.EXTEND_LABEL.format(months=m), f"{pair.id}:{m}:{end}")
        for m in EXTEND_MONTHS
    )


def parse_extend_value(value: str) -> tuple[int, int, date]:
    """`pairing:months:ends_on` from an Extend button; a tampered value is a stale button."""
    try:
        pair, months, end = value.split(":")
        return int(pair), int(months), date.fromisoformat(end)
    except ValueError:
        raise CheckInError(say.EXTEND_STALE) from None


def _survey_message(view: CheckInView) -> Message:
    text = say.CLOSING_TEXT.format(other=view.other, end=say.day(view.ends_on))
    if view.answered_at is None:
        return Message(
            text=text,
            header=say.CLOSING_HEADER,
            paragraphs=(text, say.CLOSING_ASK),
            buttons=(Button(OPEN_SURVEY, say.CLOSING_BUTTON, str(view.id), "primary"),),
            footer=say.PRIVATE_FOOTER.format(other=view.other),
        )
    fields = [
        (say.FIELD_OVERALL, f"{view.overall} of 5"),
        (say.FIELD_TOTAL_HOURS, say.hours(view.hours or 0.0)),
        (say.FIELD_AGAIN, say.AGAIN_LABELS.get(view.again or "", "")),
    ]
    if view.note:
        fields.append((say.FIELD_NOTE, view.note))
    return Message(
        text=text,
        header=say.CLOSING_HEADER,
        paragraphs=(text,),
        fields=tuple(fields),
        footer=say.SURVEY_DONE_FOOTER.format(when=say.day(view.answered_at.date())),
    )


class _PairContext:
    """One planning pass over one pair: each method handles one kind of step."""

    def __init__(
        self, owner: CheckIns, session: AsyncSession, tenant: Tenant, program: Program,
        pair: Pairing, people: dict[str, Member], now: datetime, start: date,
        rows: list[CheckIn], work: _Plan,
    ) -> None:  # fmt: skip
        self.owner, self.session, self.tenant = owner, session, tenant
        self.program, self.pair, self.people, self.now = program, pair, people, now
        self.start, self.rows, self.work = start, rows, work
        assert pair.ends_on is not None
        self.ends: date = pair.ends_on
        self.members = (pair.mentor_id, pair.mentee_id)

    # -- helpers ----------------------------------------------------------------------------

    def zone(self, user_id: str) -> str:
        return self.owner.zone_of(self.program, self.people, user_id)

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
        return at.astimezone(zone).strftime("%a %b %-d %H:%M %Z")

    async def send(self, key: str, target: str, message: Message, at: datetime) -> None:
        if await self.owner._outbox.enqueue(
            self.session, self.tenant, key, DeliveryKind.DM, target, message, at
        ):
            self.work.report.enqueued += 1

    async def skip(
        self, key: str, target: str, message: Message, at: datetime, reason: str, line: str
    ) -> None:
        if await self.owner._outbox.skip(
            self.session, self.tenant, key, DeliveryKind.DM, target, message, at, reason
        ):
            self.work.report.skipped.append(line)

    def view(self, row: CheckIn) -> CheckInView:
        return self.owner._view(self.program, row, self.pair)

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
        message = CheckIns.checkin_message(self.view(row))
        key = f"checkin:{self.pair.id}:{user_id}:{period}"
        due = self.when(at, user_id)
        late_days = (self.now - at).days
        today = term.local_date(self.now, self.zone(user_id))
        if kind == CHECKIN and self.owner.paused(self.people, user_id, today):
            row.skipped_reason = say.REASON_PAUSED
            line = say.SKIPPED_PAUSED.format(what=what, who=user_id, due=due)
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
                message = CheckIns.checkin_message(self.view(row))
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
            text = say.REMINDER_TEXT.format(other=view.other, due=say.day(view.due_on))
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
        day, end = term.heads_up(self.ends), say.day(self.ends)
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
        pair, end = self.pair, say.day(self.ends)
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
            message = CheckIns.checkin_message(self.view(row))
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
            pair.status, pair.ended_at = COMPLETED, self.now
            pair.ended_by, pair.end_reason = None, "term complete"


def _details_form(
    other: str, *, first: bool, mood: str | None, values: RawValues | None = None
) -> Form:
    return Form(
        key=DETAILS_FORM,
        title=say.DETAILS_TITLE,
        submit=say.DETAILS_SUBMIT,
        intro=say.DETAILS_INTRO.format(mood=say.MOOD_LABELS.get(mood or "", ""), other=other),
        fields=(
            Field(
                "met",
                say.MET_LABEL_FIRST if first else say.MET_LABEL,
                Kind.RADIO,
                options=(Option("yes", say.YES), Option("no", say.NO)),
            ),
            Field("hours", say.HOURS_LABEL, Kind.TEXT, max_length=8, hint=say.HOURS_HINT),
            Field(
                "note",
                say.NOTE_LABEL,
                Kind.LONG_TEXT,
                required=False,
                max_length=NOTE_LENGTH,
                hint=say.NOTE_HINT.format(other=other),
            ),
            Field(
                "help",
                say.HELP_LABEL,
                Kind.CHECKBOXES,
                required=False,
                options=(Option("yes", say.HELP_OPTION),),
            ),
        ),
        initial=values or {},
    )


def _survey_form(
    other: str, role: str, start: date, end: date, values: RawValues | None = None
) -> Form:
    return Form(
        key=SURVEY_FORM,
        title=say.SURVEY_TITLE,
        submit=say.DETAILS_SUBMIT,
        intro=say.SURVEY_INTRO.format(other=other, start=say.day(start), end=say.day(end)),
        fields=(
            Field(
                "overall",
                say.OVERALL_LABEL,
                Kind.RADIO,
                options=tuple(Option(v, label) for v, label in say.OVERALL_OPTIONS),
            ),
            Field(
                "total_hours",
                say.TOTAL_HOURS_LABEL,
                Kind.TEXT,
                max_length=8,
                hint=say.TOTAL_HOURS_HINT,
            ),
            Field(
                "again",
                say.AGAIN_MENTOR if role == "mentor" else say.AGAIN_MENTEE,
                Kind.RADIO,
                options=tuple(Option(v, label) for v, label in say.AGAIN_LABELS.items()),
            ),
            Field(
                "note",
                say.SURVEY_NOTE_LABEL,
                Kind.LONG_TEXT,
                required=False,
                max_length=NOTE_LENGTH,
                hint=say.NOTE_HINT.format(other=other),
            ),
        ),
        initial=values or {},
    )


async def _claim(
    session: AsyncSession, tenant: Tenant, user_id: str, checkin_id: int,
    unanswered: ColumnElement[bool], **values: object,
) -> bool:  # fmt: skip
    """Write an answer as the transaction's first statement, only where none is yet.

    A double click is two concurrent requests: this conditional UPDATE lets exactly one of
    them record, on PostgreSQL and on SQLite alike (reading first and writing after would
    let both pass the check on SQLite, whose transactions take no lock until they write).
    """
    result = await session.execute(
        update(CheckIn)
        .where(
            CheckIn.id == checkin_id,
            CheckIn.platform == tenant.platform,
            CheckIn.workspace_id == tenant.workspace_id,
            CheckIn.user_id == user_id,
            CheckIn.skipped_reason.is_(None),
            unanswered,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
