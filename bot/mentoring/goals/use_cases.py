"""Goals: a mentee (or the pair together) records what they work toward, and its progress.

Who may change a goal: its owner (the mentee), and the mentor of the active pair the goal
belongs to. A goal added while its owner is in an active pair belongs to that pair; when a
pair starts, the mentee's open goals move to it, and a mentee with no goals at all gets the
free-text goals of their application as first goals ("seeded": no why/target/measure yet,
which the first update asks for).

Each public coroutine of `Goals` is one unit of work. A modal submission carries a request key
(the view id): a double submit inserts one goal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mentoring.clock import Clock
from bot.mentoring.errors import MembershipError
from bot.mentoring.forms import Field, Form, Kind, Option, RawValues, check_values, text_of
from bot.mentoring.goals import texts as say
from bot.mentoring.membership.use_cases import Membership
from bot.mentoring.models import MemberStatus, PairStatus, Role, Tenant
from bot.mentoring.ports import Button, Message
from bot.mentoring.text import day as date_text
from storage import repositories as repo
from storage.database import Database
from storage.models import Goal, Member, Pairing, Program

NOT_STARTED, IN_PROGRESS, ACHIEVED, DROPPED = "not_started", "in_progress", "achieved", "dropped"
STATUSES = (NOT_STARTED, IN_PROGRESS, ACHIEVED, DROPPED)
OPEN = (NOT_STARTED, IN_PROGRESS)
WHAT_LENGTH, TEXT_LENGTH = 150, 500
MAX_TARGET = timedelta(days=5 * 366)
HISTORY = 10  # progress updates kept per goal
MAX_LISTED = 20  # goals per person in a list (Block Kit: 50 blocks per message)
MAX_CHECKIN = 5  # goals offered in a check-in DM

# Action ids and form keys: the contract with every adapter.
ADD_FORM, UPDATE_FORM = "goal_add_form", "goal_update_form"
OPEN_ADD, OPEN_UPDATE = "goal_add", "goal_update"
TAP = {IN_PROGRESS: "goal_tap_in_progress", ACHIEVED: "goal_tap_achieved"}
TARGET = "target"  # a DATE field: a date picker


class GoalError(MembershipError):
    """The person can't do that with this goal; the message says why."""


@dataclass(frozen=True)
class GoalView:
    id: int
    owner: str
    what: str
    why: str | None
    target_on: date | None
    measure: str | None
    status: str
    note: str | None
    pairing_id: int | None
    updated_at: datetime

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def seeded(self) -> bool:
        return self.why is None or self.target_on is None or self.measure is None


@dataclass(frozen=True)
class MenteeGoals:
    owner: str
    goals: tuple[GoalView, ...]


@dataclass(frozen=True)
class GoalBoard:
    """What a person sees in `/mentor goals` and on the Home tab."""

    user_id: str
    can_own: bool  # may record goals of their own (a mentee)
    own: tuple[GoalView, ...]
    mentees: tuple[MenteeGoals, ...]  # the mentees of the person's active pairs

    @property
    def empty(self) -> bool:
        return not self.can_own and not self.mentees


@dataclass(frozen=True)
class Saved:
    goal: GoalView
    created: bool  # False: a replayed submission; the first one stands


def view_of(goal: Goal) -> GoalView:
    return GoalView(
        id=goal.id, owner=goal.owner_id, what=goal.what, why=goal.why, target_on=goal.target_on,
        measure=goal.measure, status=goal.status, note=goal.note, pairing_id=goal.pairing_id,
        updated_at=goal.updated_at,
    )  # fmt: skip


def _ordered(goals: Sequence[GoalView]) -> list[GoalView]:
    """Open goals first (soonest target first), then achieved, then dropped."""
    rank = {NOT_STARTED: 0, IN_PROGRESS: 0, ACHIEVED: 1, DROPPED: 2}
    return sorted(goals, key=lambda g: (rank[g.status], g.target_on or date.max, g.id))


# -- forms --------------------------------------------------------------------------------------


def goal_form(
    *, owner: str, own: bool, current: GoalView | None = None, values: RawValues | None = None
) -> Form:
    """The add form (current None) or the update form (adds progress and a note)."""
    fields = [
        Field("what", say.WHAT_LABEL, Kind.TEXT, max_length=WHAT_LENGTH,
              placeholder=say.WHAT_PLACEHOLDER),
        Field("why", say.WHY_LABEL, Kind.LONG_TEXT, max_length=TEXT_LENGTH),
        Field(TARGET, say.TARGET_LABEL, Kind.DATE, placeholder=say.TARGET_PLACEHOLDER),
        Field("measure", say.MEASURE_LABEL, Kind.LONG_TEXT, max_length=TEXT_LENGTH,
              placeholder=say.MEASURE_PLACEHOLDER),
    ]  # fmt: skip
    initial: RawValues = {}
    if current is None:
        intro = say.ADD_INTRO_OWN if own else say.ADD_INTRO_MENTEE.format(owner=owner)
        key, title = ADD_FORM, say.ADD_TITLE
    else:
        intro = say.SEEDED_INTRO if current.seeded else None
        key, title = UPDATE_FORM, say.UPDATE_TITLE
        fields += [
            Field(
                "status", say.STATUS_LABEL, Kind.RADIO,
                options=tuple(Option(s, say.STATUS_LABELS[s]) for s in STATUSES),
            ),
            Field("note", say.NOTE_LABEL, Kind.LONG_TEXT, required=False,
                  max_length=TEXT_LENGTH, hint=say.NOTE_HINT),
        ]  # fmt: skip
        initial = {
            "what": current.what, "why": current.why, TARGET: _iso(current.target_on),
            "measure": current.measure, "status": current.status,
        }  # fmt: skip
    return Form(key, title, say.SAVE, tuple(fields), intro=intro, initial=values or initial)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def parse_target(
    typed: str | None, today: date, unchanged: date | None = None
) -> tuple[date | None, str | None]:
    """The target date: today or later (an unchanged past date stays: the goal is overdue)."""
    example = (today + timedelta(days=90)).isoformat()
    try:
        target = date.fromisoformat((typed or "").strip())
    except ValueError:
        return None, say.TARGET_INVALID.format(example=example)
    if target < today and target != unchanged:
        return None, say.TARGET_PAST.format(date=date_text(target))
    if target > today + MAX_TARGET:
        return None, say.TARGET_TOO_FAR.format(limit=date_text(today + MAX_TARGET))
    return target, None


def _checked(
    form: Form, values: RawValues, today: date, unchanged: date | None
) -> tuple[date | None, dict[str, str]]:
    errors = check_values(form, values)
    target, problem = parse_target(text_of(values, TARGET), today, unchanged)
    if problem and TARGET not in errors:
        errors[TARGET] = problem
    return target, errors


# -- the check-in and the introduction ----------------------------------------------------------


def checkin_goals(pair: Pairing, user_id: str) -> tuple[GoalView, ...]:
    """The goals a mentee's check-in shows: the pair's, not dropped, open ones first (an
    achieved one stays, so the DM still shows what a tap recorded)."""
    if user_id != pair.mentee_id:
        return ()
    goals = [view_of(g) for g in pair.goals if g.status != DROPPED and g.owner_id == user_id]
    return tuple(_ordered(goals)[:MAX_CHECKIN])


def checkin_parts(checkin_id: int, goals: Sequence[GoalView]) -> tuple[Message, ...]:
    """One small part per goal, with one-tap progress buttons (value `checkin:goal`)."""
    if not goals:
        return ()
    title = say.CHECKIN_GOALS if any(g.is_open for g in goals) else say.CHECKIN_GOALS_DONE
    parts = [Message(text=title, paragraphs=(title,))]
    for goal in goals:
        line = goal_line(goal, details=False)
        buttons: list[Button] = []
        value = f"{checkin_id}:{goal.id}"
        if goal.status == NOT_STARTED:
            buttons.append(Button(TAP[IN_PROGRESS], say.TAP_IN_PROGRESS, value))
        if goal.is_open:
            buttons.append(Button(TAP[ACHIEVED], say.TAP_ACHIEVED, value, "primary"))
        parts.append(Message(text=line, paragraphs=(line,), buttons=tuple(buttons)))
    return tuple(parts)


def goal_line(goal: GoalView, *, details: bool = True) -> str:
    """`:large_blue_circle: *What* · In progress · by March 1, 2027` and, with details, why etc."""
    target = say.TARGET_LINE.format(date=date_text(goal.target_on)) if goal.target_on else None
    head = f"{say.STATUS_ICONS[goal.status]} *{goal.what}* · {say.STATUS_LABELS[goal.status]}"
    lines = [head + (f" · {target}" if target else "")]
    if details:
        if goal.why:
            lines.append(say.WHY_LINE.format(why=goal.why))
        if goal.measure:
            lines.append(say.MEASURE_LINE.format(measure=goal.measure))
        if goal.note:
            lines.append(say.NOTE_LINE.format(note=goal.note))
    return "\n".join(lines)


def intro_lines(goals: Sequence[GoalView]) -> str:
    return "\n".join(
        say.INTRO_GOAL.format(
            what=g.what,
            target=say.INTRO_TARGET.format(date=date_text(g.target_on)) if g.target_on else "",
        )
        for g in goals
    )


async def start_goals(
    session: AsyncSession, program: Program, pairing: Pairing, mentee: Member | None,
    now: datetime,
) -> list[GoalView]:  # fmt: skip
    """When a pair starts: the mentee's open goals move to it; a mentee without any goal gets
    their application's goals as first goals. Idempotent (a retried activation adds none)."""
    owner = pairing.mentee_id
    mine = list(
        await session.scalars(
            select(Goal).where(
                Goal.program_id == program.id,
                Goal.owner_id == owner,
            )
        )
    )
    for goal in mine:
        if goal.status in OPEN:
            goal.pairing_id = pairing.id
    if not mine and mentee is not None and mentee.application is not None:
        for number, text in enumerate(mentee.application.goals[:MAX_LISTED], start=1):
            await repo.insert_if_absent(
                session, Goal, platform=program.platform, workspace_id=program.workspace_id,
                program_id=program.id, owner_id=owner, pairing_id=pairing.id, created_by=owner,
                request_key=f"seed:{pairing.id}:{number}", what=text[:WHAT_LENGTH],
                status=NOT_STARTED, history=[], created_at=now, updated_at=now,
            )  # fmt: skip
    await session.flush()
    rows = await session.scalars(
        select(Goal)
        .where(
            Goal.pairing_id == pairing.id,
            Goal.status.in_(OPEN),
        )
        .order_by(Goal.id)
    )
    return _ordered([view_of(g) for g in rows])


# -- use cases ----------------------------------------------------------------------------------


class Goals:
    def __init__(self, db: Database, membership: Membership, clock: Clock | None = None) -> None:
        self._db = db
        self._membership = membership
        self._clock = clock or (lambda: datetime.now(UTC))

    def _today(self, program: Program) -> date:
        return self._clock().astimezone(ZoneInfo(program.timezone)).date()

    async def _mentored(
        self, session: AsyncSession, program: Program, mentor: str, mentee: str | None = None
    ) -> list[Pairing]:
        """The person's active pairs as a mentor (with one mentee, when given)."""
        query = select(Pairing).where(
            Pairing.program_id == program.id,
            Pairing.status == PairStatus.ACTIVE,
            Pairing.mentor_id == mentor,
        )
        if mentee is not None:
            query = query.where(Pairing.mentee_id == mentee)
        return list(await session.scalars(query.order_by(Pairing.id)))

    async def _mentee_pair(
        self, session: AsyncSession, program: Program, mentee: str
    ) -> Pairing | None:
        return await session.scalar(
            select(Pairing)
            .where(
                Pairing.program_id == program.id,
                Pairing.status == PairStatus.ACTIVE,
                Pairing.mentee_id == mentee,
            )
            .order_by(Pairing.id.desc())
            .limit(1)
        )

    async def _can_own(self, session: AsyncSession, program: Program, user_id: str) -> bool:
        member = await repo.get_member(session, program, user_id)
        if member is not None and member.application is not None:
            status = self._membership.effective_status(member, self._today(program))
            if status is not MemberStatus.LEFT and Role(member.application.role) in (
                Role.MENTEE, Role.BOTH,
            ):  # fmt: skip
                return True
        return await self._mentee_pair(session, program, user_id) is not None

    async def _goals_of(
        self, session: AsyncSession, program: Program, owner: str, pairing_id: int | None = None
    ) -> list[GoalView]:
        query = select(Goal).where(
            Goal.program_id == program.id,
            Goal.owner_id == owner,
        )
        if pairing_id is not None:
            query = query.where(Goal.pairing_id == pairing_id)
        return _ordered([view_of(g) for g in await session.scalars(query)])

    async def _goal(
        self, session: AsyncSession, program: Program, user_id: str, goal_id: int
    ) -> Goal:
        """The goal, locked, if `user_id` may change it: its owner or the pair's mentor."""
        goal = await session.scalar(
            select(Goal)
            .where(
                Goal.id == goal_id,
                Goal.program_id == program.id,
            )
            .with_for_update()
        )
        if goal is None:
            raise GoalError(say.NOT_FOUND)
        if goal.owner_id == user_id:
            return goal
        mentored = await self._mentored(session, program, user_id, goal.owner_id)
        if goal.pairing_id is None or goal.pairing_id not in {p.id for p in mentored}:
            raise GoalError(say.NOT_ALLOWED.format(owner=goal.owner_id))
        return goal

    async def _owner_pair(
        self, session: AsyncSession, program: Program, user_id: str, owner: str
    ) -> Pairing | None:
        """May `user_id` add a goal for `owner`? The pair the goal belongs to, if any."""
        if owner == user_id:
            if not await self._can_own(session, program, user_id):
                raise GoalError(say.NOT_A_MENTEE)
            return await self._mentee_pair(session, program, owner)
        mentored = await self._mentored(session, program, user_id, owner)
        if not mentored:
            raise GoalError(say.NOT_YOUR_MENTEE.format(owner=owner))
        return mentored[-1]

    async def board(self, tenant: Tenant, user_id: str) -> GoalBoard:
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            return await self.board_in(session, program, user_id)

    async def board_in(self, session: AsyncSession, program: Program, user_id: str) -> GoalBoard:
        """The member's goals and their mentees', inside the caller's unit of work."""
        can_own = await self._can_own(session, program, user_id)
        own = await self._goals_of(session, program, user_id) if can_own else []
        mentees = [
            MenteeGoals(p.mentee_id, tuple(_ordered([view_of(g) for g in p.goals])))
            for p in await self._mentored(session, program, user_id)
        ]
        return GoalBoard(user_id, can_own, tuple(own), tuple(mentees))

    async def add_form(self, tenant: Tenant, user_id: str, owner: str) -> Form:
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            await self._owner_pair(session, program, user_id, owner)
            return goal_form(owner=owner, own=owner == user_id)

    async def add(
        self, tenant: Tenant, user_id: str, owner: str, values: RawValues, request_key: str
    ) -> tuple[Saved | None, dict[str, str]]:
        """Record a new goal (errors by field instead, when the answer doesn't fit)."""
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            pair = await self._owner_pair(session, program, user_id, owner)
            form = goal_form(owner=owner, own=owner == user_id)
            target, errors = _checked(form, values, self._today(program), None)
            if errors:
                return None, errors
            created = await repo.insert_if_absent(
                session, Goal, platform=tenant.platform, workspace_id=tenant.workspace_id,
                program_id=program.id, owner_id=owner, pairing_id=pair.id if pair else None,
                created_by=user_id, request_key=request_key[:80],
                what=text_of(values, "what"), why=text_of(values, "why"), target_on=target,
                measure=text_of(values, "measure"), status=NOT_STARTED, updated_by=user_id,
                history=[], created_at=now, updated_at=now,
            )  # fmt: skip
            goal = await session.scalar(
                select(Goal).where(
                    Goal.request_key == request_key[:80],
                )
            )
            assert goal is not None  # inserted now or by the first of two submissions
            return Saved(view_of(goal), created), {}

    async def update_form(self, tenant: Tenant, user_id: str, goal_id: int) -> Form:
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            goal = await self._goal(session, program, user_id, goal_id)
            return goal_form(owner=goal.owner_id, own=goal.owner_id == user_id,
                             current=view_of(goal))  # fmt: skip

    async def update(
        self, tenant: Tenant, user_id: str, goal_id: int, values: RawValues
    ) -> tuple[GoalView | None, dict[str, str]]:
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            goal = await self._goal(session, program, user_id, goal_id)
            current = view_of(goal)
            form = goal_form(owner=goal.owner_id, own=goal.owner_id == user_id, current=current)
            target, errors = _checked(form, values, self._today(program), current.target_on)
            if errors:
                return None, errors
            goal.what, goal.why = text_of(values, "what") or goal.what, text_of(values, "why")
            goal.target_on, goal.measure = target, text_of(values, "measure")
            goal.updated_by, goal.updated_at = user_id, now
            self._progress(goal, user_id, text_of(values, "status") or goal.status,
                           text_of(values, "note"), now)  # fmt: skip
            return view_of(goal), {}

    async def set_status(
        self, tenant: Tenant, user_id: str, goal_id: int, status: str
    ) -> tuple[GoalView, bool]:
        """One tap (from a check-in): record the status; (goal, changed). A second tap of the
        same choice changes nothing."""
        if status not in (IN_PROGRESS, ACHIEVED):
            raise GoalError(say.UNKNOWN_STATUS)
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            goal = await self._goal(session, program, user_id, goal_id)
            if goal.status == status or (goal.status == ACHIEVED and status == IN_PROGRESS):
                return view_of(goal), False  # a late tap never undoes "achieved"
            self._progress(goal, user_id, status, None, self._clock())
            return view_of(goal), True

    @staticmethod
    def _progress(goal: Goal, user_id: str, status: str, note: str | None, now: datetime) -> None:
        if status not in STATUSES:
            raise GoalError(say.UNKNOWN_STATUS)
        if status == goal.status and note in (None, goal.note):
            return  # nothing new: no history line
        goal.status, goal.updated_by, goal.updated_at = status, user_id, now
        if note is not None:
            goal.note = note
        entry = {"at": now.isoformat(), "by": user_id, "status": status, "note": note or ""}
        goal.history = [*goal.history, entry][-HISTORY:]  # a new list: JSON columns track sets
