"""Check-in use cases: plan what is due, record answers, alert coordinators, extend terms.

`CheckIns.plan` is a Planner (bot/mentoring/schedule.py): for one tenant at one instant it
takes the active pairs whose `next_due_at` has come (an index range scan on
ix_pairings_program_status_next_due_at), lets checkin_plan.py send what is due for each
through the Outbox port, and moves `next_due_at` to the next instant anything is due.
Each public coroutine is one unit of work; answers are claimed with a conditional UPDATE,
so a double click records once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mentoring.checkins import term
from bot.mentoring.checkins import texts as say
from bot.mentoring.checkins.planner import plan_pair
from bot.mentoring.checkins.reply import parse_reply, understood_message
from bot.mentoring.checkins.views import (
    ADD_DETAILS,
    BATCH,
    CLOSING,
    DETAILS_FORM,
    EXTEND,
    EXTEND_MONTHS,
    MAX_HOURS,
    MAX_TOTAL_HOURS,
    MOOD_ACTIONS,
    OPEN_SURVEY,
    STRUGGLING,
    SURVEY_FORM,
    Answer,
    CheckInError,
    CheckInView,
    checkin_message,
    details_form,
    parse_extend_value,
    parse_hours,
    started_on,
    survey_form,
    view_of,
)
from bot.mentoring.clock import Clock, add_months
from bot.mentoring.errors import require_coordinator
from bot.mentoring.forms import Form, RawValues, check_values, text_of
from bot.mentoring.hours.use_cases import log_checkin_hours
from bot.mentoring.membership.use_cases import Membership
from bot.mentoring.models import PairStatus, Tenant
from bot.mentoring.ports import DeliveryKind, Message, Outbox
from bot.mentoring.schedule import PlanReport
from bot.mentoring.text import day as date_text
from storage.database import Database
from storage.models import CheckIn, HoursEntry, Member, Pairing, Program

# What adapters use from here, defined in checkin_views.
__all__ = [
    "ADD_DETAILS",
    "DETAILS_FORM",
    "EXTEND",
    "MOOD_ACTIONS",
    "OPEN_SURVEY",
    "SURVEY_FORM",
    "Answer",
    "CheckInError",
    "CheckInView",
    "CheckIns",
    "parse_extend_value",
    "parse_hours",
]
CHANGE_DETAILS_FORM = "checkin_details_change_form"
# A typed reply soon after answering is still about that check-in ("you already answered").
TYPED_AFTER_ANSWER = timedelta(days=1)


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
    def due_query(program: Program, now: datetime, limit: int = BATCH) -> Select[tuple[Pairing]]:
        """Active pairs with something due at `now`: a range scan on
        ix_pairings_program_status_next_due_at (benchmarks/due_pairs.py measures it)."""
        return (
            select(Pairing)
            .where(
                Pairing.program_id == program.id,
                Pairing.status == PairStatus.ACTIVE,
                Pairing.next_due_at <= now,
            )
            .order_by(Pairing.next_due_at)
            .limit(limit)
        )

    async def plan(self, tenant: Tenant, now: datetime) -> PlanReport:
        report = PlanReport()
        while True:
            async with self._db.transaction(tenant) as session:
                program = await self._membership.load_program(session, tenant)
                # SKIP LOCKED: two processes planning at once take different pairs (PostgreSQL).
                query = self.due_query(program, now).with_for_update(skip_locked=True)
                pairs = list(await session.scalars(query))
                people = await self._people(session, program, pairs)
                rows = await self._rows(session, tenant, pairs)
                for pair in pairs:
                    await plan_pair(
                        self._outbox, self._membership, session, tenant, program, pair, people,
                        rows.get(pair.id, []), now, report,
                    )  # fmt: skip
            if len(pairs) < BATCH:
                break
        if report.enqueued:
            self._outbox.wake()
        return report

    async def _rows(
        self, session: AsyncSession, tenant: Tenant, pairs: Sequence[Pairing]
    ) -> dict[int, list[CheckIn]]:
        """The batch's check-ins, in one query (checkins' unique key starts with pairing_id)."""
        found: dict[int, list[CheckIn]] = {}
        if pairs:
            rows = await session.scalars(
                select(CheckIn).where(
                    CheckIn.pairing_id.in_([p.id for p in pairs]),
                )
            )
            for row in rows:
                found.setdefault(row.pairing_id, []).append(row)
        return found

    async def _people(
        self, session: AsyncSession, program: Program, pairs: Sequence[Pairing]
    ) -> dict[str, Member]:
        users = {u for p in pairs for u in (p.mentor_id, p.mentee_id)}
        if not users:
            return {}
        rows = await session.scalars(
            select(Member).where(
                Member.program_id == program.id,
                Member.user_id.in_(users),
            )
        )
        return {m.user_id: m for m in rows.unique()}

    # -- answers ----------------------------------------------------------------------------

    async def _load(
        self, session: AsyncSession, tenant: Tenant, user_id: str, checkin_id: int
    ) -> tuple[Program, CheckIn, Pairing]:
        program = await self._membership.load_program(session, tenant)
        row = await session.scalar(
            select(CheckIn)
            .where(
                CheckIn.id == checkin_id,
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

    async def view(self, tenant: Tenant, user_id: str, checkin_id: int) -> CheckInView:
        async with self._db.transaction(tenant) as session:
            program, row, pair = await self._load(session, tenant, user_id, checkin_id)
            return view_of(program, row, pair)

    async def record_mood(self, tenant: Tenant, user_id: str, checkin_id: int, mood: str) -> Answer:
        """Record Great / OK / Struggling once; a second click keeps the first answer."""
        if mood not in MOOD_ACTIONS:
            raise CheckInError(say.NOT_FOUND)
        now = self._clock()
        alerted = False
        async with self._db.transaction(tenant) as session:
            unanswered = and_(CheckIn.mood.is_(None), CheckIn.kind != CLOSING)
            recorded = await _claim(
                session, tenant, user_id, checkin_id, unanswered, mood=mood, answered_at=now
            )
            program, row, pair = await self._load(session, tenant, user_id, checkin_id)
            if row.kind == CLOSING:
                raise CheckInError(say.USE_SURVEY_BUTTON)
            if not recorded:
                return Answer(view_of(program, row, pair), recorded=False)
            self._remember_mood(session, pair, row)
            if mood == STRUGGLING:
                alerted = await self._alert(session, tenant, program, pair, row, "mood")
            answer = Answer(view_of(program, row, pair), recorded=True)
        if alerted:
            self._outbox.wake()
        return answer

    def _remember_mood(self, session: AsyncSession, pair: Pairing, row: CheckIn) -> None:
        # The coordinators' flag shows each member's latest answer.
        if row.user_id == pair.mentor_id:
            pair.mentor_mood = row.mood
        else:
            pair.mentee_mood = row.mood

    # The adapter renders these; the answers come back to record_details / record_survey.
    checkin_message = staticmethod(checkin_message)

    def details_form(self, view: CheckInView, values: RawValues | None = None) -> Form:
        return details_form(view.other, first=view.first, mood=view.mood, values=values)

    async def record_details(
        self, tenant: Tenant, user_id: str, checkin_id: int, values: RawValues,
        *, change: bool = False,
    ) -> tuple[Answer | None, dict[str, str]]:  # fmt: skip
        """Met? hours, note, help: recorded once. (answer, errors by field).

        `change`: replace details already given (the correction of a typed reply); the hours
        entry the first answer logged is replaced with the new one."""
        now = self._clock()
        alerted = False
        errors = check_values(details_form("", first=False, mood=None), values)
        hours, problem = parse_hours(text_of(values, "hours"), MAX_HOURS)
        if problem and "hours" not in errors:
            errors["hours"] = problem
        if errors:
            return None, errors
        async with self._db.transaction(tenant) as session:
            given = CheckIn.details_at.is_not(None) if change else CheckIn.details_at.is_(None)
            open_ = and_(CheckIn.mood.is_not(None), given, CheckIn.kind != CLOSING)
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
                return Answer(view_of(program, row, pair), recorded=False), {}
            if row.met:  # a meeting resets the contact rule's silent stretch
                today = term.local_date(now, program.timezone)
                pair.last_met_on = max(pair.last_met_on or today, today)
            if change:  # the entry logged from the first answer gives way to the new hours
                await session.execute(
                    delete(HoursEntry).where(
                        HoursEntry.checkin_id == row.id,
                    )
                )
            # The hours reported count as mentoring hours, logged once (bot/mentoring/hours/).
            await log_checkin_hours(session, tenant, program, row, pair, now)
            if row.help_requested or (row.mood == STRUGGLING and row.note):
                alerted = await self._alert(session, tenant, program, pair, row, "details")
            answer = Answer(view_of(program, row, pair), recorded=True)
        if alerted:
            self._outbox.wake()
        return answer, {}

    def change_details_form(self, view: CheckInView) -> Form:
        """The details form prefilled with what was recorded, to correct it."""
        values: RawValues = {
            "met": "yes" if view.met else "no",
            "hours": f"{view.hours or 0:g}",
            "note": view.note,
            "help": ["yes"] if view.help_requested else [],
        }
        form = details_form(view.other, first=view.first, mood=view.mood, values=values)
        return dataclasses.replace(form, key=CHANGE_DETAILS_FORM)

    async def change_mood(self, tenant: Tenant, user_id: str, checkin_id: int, mood: str) -> Answer:
        """Correct the mood of an answered check-in (the buttons under a typed reply's answer);
        a change to Struggling tells the coordinators, once."""
        if mood not in MOOD_ACTIONS:
            raise CheckInError(say.NOT_FOUND)
        alerted = False
        async with self._db.transaction(tenant) as session:
            answered = and_(CheckIn.mood.is_not(None), CheckIn.kind != CLOSING)
            recorded = await _claim(session, tenant, user_id, checkin_id, answered, mood=mood)
            program, row, pair = await self._load(session, tenant, user_id, checkin_id)
            if row.kind == CLOSING:
                raise CheckInError(say.USE_SURVEY_BUTTON)
            if not recorded:  # not answered yet: nothing to change
                raise CheckInError(say.MOOD_FIRST)
            self._remember_mood(session, pair, row)
            if mood == STRUGGLING:
                alerted = await self._alert(session, tenant, program, pair, row, "mood")
            answer = Answer(view_of(program, row, pair), recorded=True)
        if alerted:
            self._outbox.wake()
        return answer

    async def typed_checkin(self, tenant: Tenant, user_id: str) -> int | None:
        """The check-in a typed reply answers: the member's latest sent one still open (or
        answered in the last day, so a second reply hears it was already recorded)."""
        since = self._clock() - TYPED_AFTER_ANSWER
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            return await session.scalar(
                select(CheckIn.id)
                .join(Pairing, Pairing.id == CheckIn.pairing_id)
                .where(
                    CheckIn.program_id == program.id,
                    CheckIn.user_id == user_id,
                    CheckIn.kind != CLOSING,
                    CheckIn.sent_at.is_not(None),
                    CheckIn.skipped_reason.is_(None),
                    or_(CheckIn.details_at.is_(None), CheckIn.details_at >= since),
                    Pairing.status == PairStatus.ACTIVE,
                )
                .order_by(CheckIn.due_at.desc())
                .limit(1)
            )

    async def answer_typed(self, tenant: Tenant, user_id: str, typed: str) -> Message | None:
        """A check-in answered in words: recorded through the same use cases as the buttons
        (so a double answer counts once) and shown back with buttons to correct it.

        None when the member has no check-in to answer (the text is then a command)."""
        checkin_id = await self.typed_checkin(tenant, user_id)
        if checkin_id is None:
            return None
        reply = parse_reply(typed)
        view = await self.view(tenant, user_id, checkin_id)
        recorded = False
        if reply.mood is not None and view.mood is None:
            answer = await self.record_mood(tenant, user_id, checkin_id, reply.mood)
            view, recorded = answer.view, answer.recorded
        said_details = reply.met is not None or reply.hours is not None
        if said_details and view.mood is not None and not view.details_given:
            met = reply.met if reply.met is not None else True
            values: RawValues = {"met": "yes" if met else "no", "hours": f"{reply.hours or 0:g}"}
            details, _ = await self.record_details(tenant, user_id, checkin_id, values)
            if details is not None:
                view, recorded = details.view, recorded or details.recorded
        return understood_message(view, reply, recorded=recorded)

    def survey_form(self, view: CheckInView, values: RawValues | None = None) -> Form:
        return survey_form(view.other, view.role, view.started_on, view.ends_on, values)

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
        errors = check_values(survey_form("", "mentor", date.min, date.min), values)
        hours, problem = parse_hours(text_of(values, "total_hours"), MAX_TOTAL_HOURS)
        if problem and "total_hours" not in errors:
            errors["total_hours"] = problem
        if errors:
            return None, errors
        async with self._db.transaction(tenant) as session:
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
                return Answer(view_of(program, row, pair), recorded=False), {}
            if row.note:
                alerted = await self._alert(session, tenant, program, pair, row, "details")
            answer = Answer(view_of(program, row, pair), recorded=True)
        if alerted:
            self._outbox.wake()
        return answer, {}

    async def _alert(
        self, session: AsyncSession, tenant: Tenant, program: Program, pair: Pairing,
        row: CheckIn, stage: str,
    ) -> bool:  # fmt: skip
        """Tell every coordinator, with the pair's context; the note goes to them only."""
        view = view_of(program, row, pair)
        today = term.local_date(self._clock(), program.timezone)
        kind, due = say.KIND_WORDS[row.kind], date_text(view.due_on)
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
                start=date_text(view.started_on), end=date_text(view.ends_on),
            ),
        ]  # fmt: skip
        met = pair.last_met_on or view.started_on
        if met > view.started_on:
            paragraphs.append(
                say.COORD_LAST_MET.format(met=date_text(met), days=(today - met).days)
            )
        else:
            paragraphs.append(
                say.COORD_NEVER_MET.format(start=date_text(met), days=(today - met).days)
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
        async with self._db.transaction(tenant) as session:
            # Claim first (see _claim): of two concurrent clicks exactly one moves the end.
            claimed = await session.execute(
                update(Pairing)
                .where(
                    Pairing.id == pairing_id,
                    Pairing.ends_on == from_end,
                    Pairing.status.in_((PairStatus.ACTIVE, PairStatus.COMPLETED)),
                )
                .values(ends_on=add_months(from_end, months), extensions=Pairing.extensions + 1)
                .execution_options(synchronize_session=False)
            )
            program = await self._membership.load_program(session, tenant)
            # A refusal's rollback undoes the claim.
            require_coordinator(program, coordinator, "extend", refusal=say.EXTEND_NOT_COORDINATOR)
            pair = await session.scalar(
                select(Pairing).where(
                    Pairing.id == pairing_id,
                    Pairing.program_id == program.id,
                )
            )
            if pair is None or pair.ends_on is None:
                raise CheckInError(say.EXTEND_STALE)
            if not claimed.rowcount:  # type: ignore[attr-defined]
                if pair.status not in (PairStatus.ACTIVE, PairStatus.COMPLETED):
                    raise CheckInError(say.EXTEND_CLOSED.format(status=pair.status))
                end = date_text(pair.ends_on)
                return say.ALREADY_EXTENDED.format(
                    mentor=pair.mentor_id, mentee=pair.mentee_id, end=end
                )
            if pair.status == PairStatus.COMPLETED:
                pair.status, pair.ended_at = PairStatus.ACTIVE, None
                pair.ended_by = pair.end_reason = None
                # Check-ins resume from today: the periods in between are not "late".
                start = started_on(program, pair)
                today = term.local_date(now, program.timezone)
                cadence = program.checkin_cadence
                while term.checkin_date(start, cadence, pair.checkin_period + 1) < today:
                    pair.checkin_period += 1
            pair.next_due_at = now  # the planner re-arms the heads-up and closing for the new end
            end = date_text(pair.ends_on)
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
            CheckIn.user_id == user_id,
            CheckIn.skipped_reason.is_(None),
            unanswered,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
