"""Pairing use cases: propose, approve or reject, accept or decline, introduce, end, re-match.

Database work happens in one transaction per use case. Every message is queued in the outbox in
that same transaction (so a crash loses none and a retry sends none twice) and the dispatcher
sends it once the transaction has committed.

Starting a pair is a durable step too (issue #15). The answer that completes the acceptance
marks the pair `starting` and queues an OPEN_SPACE step in the same transaction. The dispatcher
claims the step like a message and calls `open_space`: the platform call is idempotent (the same
group DM, or the pair's one private channel found by name), and one transaction then records
the conversation, marks the pair active and queues the introduction. A crash or a timeout at any
point leaves the step claimed or pending, and the next claim runs it again to the same end.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import raiseload

from bot.mentoring.checkins.term import pair_flags
from bot.mentoring.clock import add_months
from bot.mentoring.errors import MembershipError, require_coordinator
from bot.mentoring.goals.use_cases import GoalView, intro_lines, start_goals
from bot.mentoring.membership.intake import summarize
from bot.mentoring.membership.use_cases import MEMBER_QUERY, Clock, Membership, params
from bot.mentoring.models import (
    OPEN_PAIRS,
    MemberStatus,
    MemberView,
    PairStatus,
    ProgramSettings,
    Tenant,
)
from bot.mentoring.pairing import texts as say
from bot.mentoring.pairing.engine import engine_input, run_engine
from bot.mentoring.pairing.files import Applicant, pairs_file, proposal_file
from bot.mentoring.ports import (
    Button,
    DeliveryError,
    DeliveryKind,
    FileToSend,
    Message,
    MessageRef,
    Messenger,
    Outbox,
    PairSpace,
    SpaceKind,
)
from bot.mentoring.schedule import PlanReport
from bot.mentoring.text import day as date_text
from storage.database import Database
from storage.models import MatchRun, Member, Pairing, Program

log = logging.getLogger(__name__)

REMIND_AFTER = timedelta(days=3)
ESCALATE_AFTER = timedelta(days=7)
PREVIEW_PAIRS = 15  # the best pairs shown in a preview; the CSV file has every one
PREVIEW_UNMATCHED = 10  # unmatched mentees listed one by one; more are grouped by reason

# Action ids are part of the contract with every adapter.
APPROVE, REJECT, APPROVE_ALL = "pair_approve", "pair_reject", "pair_approve_all"
ACCEPT, DECLINE, END = "pair_accept", "pair_decline", "pair_end"


@dataclass(frozen=True)
class PairView:
    id: int
    mentor: str
    mentee: str
    score: float
    reasons: tuple[str, ...]
    status: str
    ends_on: date | None = None
    conversation_id: str | None = None
    flags: tuple[str, ...] = ()  # for coordinators: "No meeting reported for 94 days", ...


@dataclass(frozen=True)
class UnmatchedGroup:
    """Unmatched mentees who share a reason and a track: "212 mentees have no free mentor"."""

    kind: str  # bot.mentoring.matching.UnmatchedReason value
    track: str
    mentees: tuple[str, ...]

    @property
    def sentence(self) -> str:
        return say.unmatched_group(self.kind, self.track, len(self.mentees))


@dataclass(frozen=True)
class Preview:
    run_id: int
    program: str
    pairs: tuple[PairView, ...]
    unmatched: tuple[tuple[str, str], ...]  # (mentee, reason in words)
    # (kind, track) of each unmatched mentee, in the order of `unmatched` (older runs: empty)
    unmatched_kinds: tuple[tuple[str, str], ...] = ()

    @property
    def average_fit(self) -> float:
        return sum(p.score for p in self.pairs) / len(self.pairs) if self.pairs else 0.0

    @property
    def groups(self) -> tuple[UnmatchedGroup, ...]:
        """Unmatched mentees by reason and track, the largest group first."""
        kinds = self.unmatched_kinds or (("other", ""),) * len(self.unmatched)
        grouped: dict[tuple[str, str], list[str]] = {}
        for (user, _), key in zip(self.unmatched, kinds, strict=True):
            grouped.setdefault(key, []).append(user)
        ordered = sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        return tuple(UnmatchedGroup(kind, track, tuple(users)) for (kind, track), users in ordered)

    @property
    def needs_file(self) -> bool:
        """More than a preview shows: the whole proposal goes to the coordinator as a file."""
        return len(self.pairs) > PREVIEW_PAIRS or len(self.unmatched) > PREVIEW_UNMATCHED


@dataclass
class AfterCommit:
    """What a use case decided to do once its transaction has committed."""

    started: list[int] = field(default_factory=list)  # pairs whose space step was queued
    queued: bool = False  # messages were queued: wake the dispatcher


_PROFILE_QUERY = (
    MEMBER_QUERY.add_columns(Pairing)
    .outerjoin(
        Pairing,
        (Pairing.program_id == Program.id)
        & Pairing.status.in_(OPEN_PAIRS)
        & ((Pairing.mentor_id == Member.user_id) | (Pairing.mentee_id == Member.user_id)),
    )
    .options(raiseload(Pairing.goals))  # the profile names the pair, not their goals
    .order_by(Pairing.id)
)


def _pair_view(p: Pairing, flags: tuple[str, ...] = ()) -> PairView:
    return PairView(
        p.id, p.mentor_id, p.mentee_id, p.score, tuple(p.reasons), p.status, p.ends_on,
        p.conversation_id, flags,
    )  # fmt: skip


class Pairings:
    def __init__(
        self,
        db: Database,
        membership: Membership,
        messenger: Messenger,
        outbox: Outbox,
        clock: Clock | None = None,
    ) -> None:
        self._db = db
        self._membership = membership
        self._messenger = messenger
        self._outbox = outbox
        self._clock = clock or (lambda: datetime.now(UTC))

    # -- loading ------------------------------------------------------------------------------

    async def _program(self, session: AsyncSession, tenant: Tenant) -> Program:
        return await self._membership.load_program(session, tenant)

    async def _pairings(self, session: AsyncSession, program: Program) -> list[Pairing]:
        rows = await session.scalars(select(Pairing).where(Pairing.program_id == program.id))
        return list(rows)

    async def _members(self, session: AsyncSession, program: Program) -> list[Member]:
        rows = await session.scalars(select(Member).where(Member.program_id == program.id))
        return [m for m in rows.unique() if m.application is not None]

    # -- coordinator: propose and decide -------------------------------------------------------

    async def propose(self, tenant: Tenant, coordinator: str) -> Preview:
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            require_coordinator(program, coordinator, "match")
            return await self._propose(session, program, coordinator)

    async def _propose(self, session: AsyncSession, program: Program, coordinator: str) -> Preview:
        # A new run replaces proposals nobody decided on yet.
        await session.execute(
            delete(Pairing).where(
                Pairing.program_id == program.id, Pairing.status == PairStatus.PROPOSED
            )
        )
        now = self._clock()
        today = now.astimezone(ZoneInfo(program.timezone)).date()
        members = [
            m
            for m in await self._members(session, program)
            if self._membership.effective_status(m, today) is MemberStatus.APPLIED
        ]
        history = await self._pairings(session, program)
        candidates, rules = engine_input(program, members, history, now)
        result = run_engine(candidates, rules)
        tracks = {c.id: c.track.value for c in candidates}
        run = MatchRun(
            platform=program.platform,
            workspace_id=program.workspace_id,
            program_id=program.id,
            created_by=coordinator,
            created_at=now,
            unmatched=[
                {
                    "user": u.mentee_id,
                    "reason": u.detail,
                    "kind": u.reason.value,
                    "track": tracks.get(u.mentee_id, ""),
                }
                for u in result.unmatched
            ],
        )
        session.add(run)
        await session.flush()
        rows = [
            Pairing(
                platform=program.platform,
                workspace_id=program.workspace_id,
                program_id=program.id,
                run_id=run.id,
                mentor_id=p.mentor_id,
                mentee_id=p.mentee_id,
                status=PairStatus.PROPOSED,
                score=p.score,
                reasons=list(p.reasons),
                proposed_at=now,
            )
            for p in result.proposals
        ]
        session.add_all(rows)
        await session.flush()
        return self._preview(program, run, rows)

    def _preview(self, program: Program, run: MatchRun, rows: Sequence[Pairing]) -> Preview:
        pairs = tuple(sorted((_pair_view(p) for p in rows), key=lambda p: (-p.score, p.id)))
        unmatched = tuple((u["user"], u["reason"]) for u in run.unmatched)
        kinds = tuple((u.get("kind", "other"), u.get("track", "")) for u in run.unmatched)
        return Preview(run.id, program.name, pairs, unmatched, kinds)

    async def preview(self, tenant: Tenant, coordinator: str, run_id: int) -> Preview:
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            require_coordinator(program, coordinator, "match")
            run, rows = await self._run(session, program, run_id)
            return self._preview(program, run, rows)

    async def _run(
        self, session: AsyncSession, program: Program, run_id: int
    ) -> tuple[MatchRun, list[Pairing]]:
        run = await session.scalar(
            select(MatchRun).where(
                MatchRun.id == run_id,
                MatchRun.program_id == program.id,
            )
        )
        if run is None:
            raise MembershipError(say.STALE_RUN)
        rows = await session.scalars(select(Pairing).where(Pairing.run_id == run.id))
        return run, list(rows)

    async def decide(
        self, tenant: Tenant, coordinator: str, pairing_ids: Sequence[int] | None, *,
        run_id: int, approve: bool,
    ) -> Preview:  # fmt: skip
        """Approve or reject pairs of a run (all still-proposed ones when `pairing_ids` is None)."""
        after = AfterCommit()
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            require_coordinator(program, coordinator, "match")
            _, rows = await self._run(session, program, run_id)
            latest = await session.scalar(
                select(func.max(MatchRun.id)).where(MatchRun.program_id == program.id)
            )
            if run_id != latest:  # a newer run replaced this preview's proposals
                raise MembershipError(say.STALE_RUN)
            chosen = [
                p
                for p in rows
                if p.status == PairStatus.PROPOSED and (pairing_ids is None or p.id in pairing_ids)
            ]
            if (
                pairing_ids is not None
                and not chosen
                and not any(p.id in pairing_ids for p in rows)
            ):
                raise MembershipError(say.STALE_RUN)
            members = {m.user_id: m for m in await self._members(session, program)}
            for pairing in chosen:
                if not approve:
                    pairing.status = PairStatus.REJECTED
                elif program.require_acceptance:
                    pairing.status, pairing.invited_at = PairStatus.AWAITING, self._clock()
                    for user_id, invitation in self._invitations(program, pairing, members):
                        key = f"pair:{pairing.id}:invite:{user_id}"
                        await self._dm(session, tenant, after, key, user_id, invitation)
                else:  # the program skips acceptance: both count as accepted
                    pairing.status, pairing.invited_at = PairStatus.AWAITING, self._clock()
                    pairing.mentor_answer = pairing.mentee_answer = "accepted"
                    await self._start(session, tenant, after, pairing)
        await self._after(tenant, after)
        return await self.preview(tenant, coordinator, run_id)

    # -- members: accept or decline -------------------------------------------------------------

    def _invitations(
        self, program: Program, pairing: Pairing, members: dict[str, Member]
    ) -> list[tuple[str, Message]]:
        out = []
        for me, other, their_role in (
            (pairing.mentor_id, pairing.mentee_id, "mentee"),
            (pairing.mentee_id, pairing.mentor_id, "mentor"),
        ):
            other_member = members.get(other)
            app = other_member.application if other_member else None
            text = say.INVITE.format(other=other, their_role=their_role, program=program.name)
            paragraphs = [
                f"{text} {say.INVITE_ASK}",
                say.INVITE_WHY + "\n" + "\n".join(f"• {r}" for r in pairing.reasons[:4]),
            ]
            fields: tuple[tuple[str, str], ...] = ()
            if app is not None and app.consent_share:
                paragraphs.append(say.INVITE_PROFILE.format(other=other))
                fields = tuple(summarize(self._membership.application_of(app)))
            else:
                paragraphs.append(say.INVITE_PRIVATE.format(other=other))
            out.append(
                (
                    me,
                    Message(
                        text=text,
                        paragraphs=tuple(paragraphs),
                        fields=fields,
                        buttons=(
                            Button(ACCEPT, say.ACCEPT, str(pairing.id), "primary"),
                            Button(DECLINE, say.DECLINE, str(pairing.id)),
                        ),
                    ),
                )
            )
        return out

    async def answer(
        self, tenant: Tenant, user_id: str, pairing_id: int, *, accept: bool,
        reason: str | None = None,
    ) -> str:  # fmt: skip
        """Record a member's answer; returns what to tell them."""
        after = AfterCommit()
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            pairing = await self._pairing(session, program, pairing_id)
            if user_id not in (pairing.mentor_id, pairing.mentee_id):
                raise MembershipError(say.NOT_YOUR_MATCH)
            mine = "mentor_answer" if user_id == pairing.mentor_id else "mentee_answer"
            other = pairing.mentee_id if user_id == pairing.mentor_id else pairing.mentor_id
            if getattr(pairing, mine) is not None:  # a double click answers once
                return say.ALREADY_ANSWERED.format(answer=getattr(pairing, mine))
            if pairing.status != PairStatus.AWAITING:
                return say.MATCH_CLOSED.format(status=pairing.status)
            setattr(pairing, mine, "accepted" if accept else "declined")
            if not accept:
                pairing.status, pairing.decline_reason = PairStatus.DECLINED, reason
                pairing.ended_at = self._clock()
                declined = Message(say.OTHER_DECLINED.format(other=user_id))
                key = f"pair:{pairing.id}:declined"
                await self._dm(session, tenant, after, f"{key}:{other}", other, declined)
                note = Message(
                    say.COORDINATOR_DECLINED.format(
                        who=user_id, other=other, reason=reason or "none given"
                    )
                )
                for coordinator in program.coordinators:
                    await self._dm(
                        session, tenant, after, f"{key}:{coordinator}", coordinator, note
                    )
                reply = say.DECLINED
            elif pairing.mentor_answer == pairing.mentee_answer == "accepted":
                await self._start(session, tenant, after, pairing)
                reply = say.STARTING_REPLY
            else:
                reply = say.ACCEPTED_WAITING.format(other=other)
        await self._after(tenant, after)
        return reply

    async def _pairing(self, session: AsyncSession, program: Program, pairing_id: int) -> Pairing:
        # FOR UPDATE: when both members accept at the same moment, the second answer must
        # see the first, or neither would start the pair (PostgreSQL; SQLite has one writer).
        pairing = await session.scalar(
            select(Pairing)
            .where(
                Pairing.id == pairing_id,
                Pairing.program_id == program.id,
            )
            .with_for_update()
        )
        if pairing is None:
            raise MembershipError(say.NOT_YOUR_MATCH)
        return pairing

    # -- starting: the pair's space and introduction -------------------------------------------

    async def _start(
        self, session: AsyncSession, tenant: Tenant, after: AfterCommit, pairing: Pairing
    ) -> None:
        """Both accepted: the pair is `starting`, and opening its space is queued with it."""
        pairing.status = PairStatus.STARTING
        await self._queue_space(session, tenant, after, pairing.id)

    async def _queue_space(
        self, session: AsyncSession, tenant: Tenant, after: AfterCommit, pairing_id: int
    ) -> None:
        step = Message(text=f"Open the conversation of pair {pairing_id}")
        if await self._outbox.enqueue(
            session, tenant, space_key(pairing_id), DeliveryKind.OPEN_SPACE, str(pairing_id),
            step, self._clock(),
        ):  # fmt: skip
            after.queued = True
            after.started.append(pairing_id)

    async def open_space(self, tenant: Tenant, target: str, *, last_attempt: bool) -> MessageRef:
        """The OPEN_SPACE step (the SpaceSteps port), run by the dispatcher; safe to repeat."""
        pairing_id = int(target)
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            pairing = await session.get(Pairing, pairing_id)
            if (
                pairing is None
                or pairing.workspace_id != tenant.workspace_id
                or pairing.status != PairStatus.STARTING
            ):  # ended meanwhile, or an earlier run of this step finished it
                done = pairing.conversation_id if pairing is not None else None
                return MessageRef(done or "", target)
            members = (pairing.mentor_id, pairing.mentee_id)
            kind = SpaceKind(program.pair_space)
        try:
            space = await self._messenger.open_pair_space(
                tenant, members, kind, f"mentoring-{pairing_id}"
            )
        except DeliveryError as exc:
            if exc.permanent or last_attempt:
                await self._space_failed(tenant, pairing_id, exc.reason)
            raise
        await self._space_ready(tenant, pairing_id, space)
        return MessageRef(space.conversation_id, target)

    async def _space_ready(self, tenant: Tenant, pairing_id: int, space: PairSpace) -> None:
        """One transaction: record the conversation, start the pair, queue the introduction.
        The row lock and the status test make a second run (after a crash) change nothing."""
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            pairing = await self._pairing(session, program, pairing_id)
            if pairing.status != PairStatus.STARTING:
                return
            now = self._clock()
            members = {m.user_id: m for m in await self._members(session, program)}
            start = now.astimezone(ZoneInfo(program.timezone)).date()
            end = add_months(start, program.term_months)
            mentee = members.get(pairing.mentee_id)
            goals = await start_goals(session, program, pairing, mentee, now)
            intro = self._introduction(program, pairing, members, start, end, goals)
            pairing.status, pairing.started_at, pairing.ends_on = PairStatus.ACTIVE, now, end
            pairing.conversation_id, pairing.space_error = space.conversation_id, None
            await self._outbox.enqueue(
                session, tenant, f"pair:{pairing_id}:intro", DeliveryKind.POST,
                space.conversation_id, intro, now,
            )  # fmt: skip
            if space.fallback is not None:
                note = Message(
                    say.SPACE_FALLBACK.format(
                        mentor=pairing.mentor_id, mentee=pairing.mentee_id,
                        reason=say.space_reason(space.fallback),
                    )
                )  # fmt: skip
                for coordinator in program.coordinators:
                    await self._outbox.enqueue(
                        session, tenant, f"pair:{pairing_id}:space_fallback:{coordinator}",
                        DeliveryKind.DM, coordinator, note, now,
                    )  # fmt: skip
        self._outbox.wake()

    async def _space_failed(self, tenant: Tenant, pairing_id: int, reason: str) -> None:
        """The space cannot be opened: the pair stays `starting` (never shown as active without
        a conversation), the reason is kept for `/mentor admin pairs`, coordinators are told."""
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            pairing = await self._pairing(session, program, pairing_id)
            if pairing.status != PairStatus.STARTING:
                return
            pairing.space_error = reason[:200]
            note = Message(
                say.SPACE_FAILED.format(
                    mentor=pairing.mentor_id, mentee=pairing.mentee_id,
                    reason=say.space_reason(reason),
                )
            )  # fmt: skip
            for coordinator in program.coordinators:
                await self._outbox.enqueue(
                    session, tenant, f"pair:{pairing_id}:space_failed:{coordinator}",
                    DeliveryKind.DM, coordinator, note, self._clock(),
                )  # fmt: skip
        self._outbox.wake()

    def _introduction(
        self, program: Program, pairing: Pairing, members: dict[str, Member], start: date,
        end: date, goals: Sequence[GoalView] = (),
    ) -> Message:  # fmt: skip
        mentor, mentee = members.get(pairing.mentor_id), members.get(pairing.mentee_id)
        text = say.INTRO.format(
            mentor=pairing.mentor_id, mentee=pairing.mentee_id, program=program.name,
            start=date_text(start), end=date_text(end),
        )  # fmt: skip
        paragraphs = [text]
        if mentor and mentee and mentor.application and mentee.application:
            shared = [t for t in mentee.application.topics if t in mentor.application.topics]
            if shared:
                paragraphs.append(say.INTRO_SHARED.format(topics=", ".join(shared)))
            # The mentee's recorded goals (seeded from the application when they had none).
            lines = intro_lines(goals) or "\n".join(f"• {g}" for g in mentee.application.goals)
            paragraphs.append(say.INTRO_GOALS.format(mentee=pairing.mentee_id, goals=lines))
            for member, label in ((mentor, "mentor"), (mentee, "mentee")):
                app = member.application
                if app and app.consent_share:
                    paragraphs.append(
                        f"*<@{member.user_id}> ({label})*: {app.organization}, "
                        f"{app.years_experience} years; {', '.join(app.topics[:5])}"
                    )
        paragraphs.append(say.INTRO_CHECKLIST)
        cadence = say.CADENCE_WORDS.get(program.checkin_cadence, program.checkin_cadence)
        paragraphs.append(say.INTRO_CHECKINS.format(cadence=cadence))
        return Message(text=text, header=say.INTRO_HEADER, paragraphs=tuple(paragraphs))

    async def _dm(
        self, session: AsyncSession, tenant: Tenant, after: AfterCommit, key: str, user_id: str,
        message: Message,
    ) -> None:  # fmt: skip
        """Queue a DM in the caller's transaction; `key` makes a repeated decision send once."""
        if await self._outbox.enqueue(
            session, tenant, key, DeliveryKind.DM, user_id, message, self._clock()
        ):
            after.queued = True

    async def _after(self, tenant: Tenant, after: AfterCommit) -> None:
        if after.queued:
            self._outbox.wake()

    # -- members and coordinators: see and end pairs -------------------------------------------

    async def pairs_of(self, tenant: Tenant, user_id: str) -> list[PairView]:
        async with self._db.transaction(tenant) as session:
            return await self.pairs_in(session, await self._program(session, tenant), user_id)

    async def pairs_in(
        self, session: AsyncSession, program: Program, user_id: str
    ) -> list[PairView]:
        """A member's open pairs, inside the caller's unit of work."""
        rows = await session.scalars(
            select(Pairing).where(
                Pairing.program_id == program.id,
                Pairing.status.in_(OPEN_PAIRS),
                (Pairing.mentor_id == user_id) | (Pairing.mentee_id == user_id),
            )
        )
        return [_pair_view(p) for p in rows]

    async def profile(
        self, tenant: Tenant, user_id: str
    ) -> tuple[ProgramSettings, MemberView, list[PairView]]:
        """What `/mentor profile` shows, in one statement (a slash command's ack waits on it):
        the member, their program and their open pairs."""
        async with self._db.read(tenant) as session:
            result = await session.execute(_PROFILE_QUERY, params(user_id))
            rows = result.unique().all()
        member, program = (rows[0][0], rows[0][1]) if rows else (None, None)
        settings, view = self._membership.applied(member, program)
        return settings, view, [_pair_view(row[2]) for row in rows if row[2] is not None]

    async def open_pairs(self, tenant: Tenant, coordinator: str) -> tuple[str, list[PairView]]:
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            require_coordinator(program, coordinator, "pairs")
            return program.name, await self.open_pairs_in(session, program)

    async def open_pairs_in(self, session: AsyncSession, program: Program) -> list[PairView]:
        """The program's open pairs with their flags, inside the caller's unit of work (the
        caller checked that a coordinator asks)."""
        rows = [p for p in await self._pairings(session, program) if p.status in OPEN_PAIRS]
        today = self._clock().astimezone(ZoneInfo(program.timezone)).date()
        flags = {
            p.id: pair_flags(p, today, program.contact_days)
            for p in rows
            if p.status == PairStatus.ACTIVE
        }
        for p in rows:  # a pair whose conversation could not be opened, and why
            if p.status == PairStatus.STARTING and p.space_error:
                flags[p.id] = (say.SPACE_FLAG.format(reason=say.space_reason(p.space_error)),)
        views = [_pair_view(p, flags.get(p.id, ())) for p in rows]
        # Pairs needing attention first, so the top of a long list is where the work is.
        views.sort(key=lambda v: (not v.flags, v.id))
        return views

    async def _people(self, session: AsyncSession, program: Program) -> dict[str, Applicant]:
        return {
            m.user_id: Applicant(m.application.organization, m.application.track)
            for m in await self._members(session, program)
            if m.application is not None
        }

    async def proposal_file(self, tenant: Tenant, coordinator: str, run_id: int) -> FileToSend:
        """The whole proposal of a run as a CSV file: the preview shows only its top."""
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            require_coordinator(program, coordinator, "match")
            run, rows = await self._run(session, program, run_id)
            return proposal_file(
                self._preview(program, run, rows), await self._people(session, program)
            )

    async def pairs_file(self, tenant: Tenant, coordinator: str) -> FileToSend:
        """Every open pair as a CSV file (`/mentor admin pairs` pages through them)."""
        name, pairs = await self.open_pairs(tenant, coordinator)
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            return pairs_file(name, pairs, await self._people(session, program))

    async def end(self, tenant: Tenant, user_id: str, pairing_id: int, reason: str) -> str:
        after = AfterCommit()
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            pairing = await self._pairing(session, program, pairing_id)
            members = (pairing.mentor_id, pairing.mentee_id)
            if user_id not in members and user_id not in program.coordinators:
                raise MembershipError(say.END_NOT_ALLOWED)
            if pairing.status not in OPEN_PAIRS:
                return say.MATCH_CLOSED.format(status=pairing.status)
            self._close(pairing, user_id, reason)
            key = f"pair:{pairing.id}:ended"
            for member in members:
                if member != user_id:
                    text = Message(say.ENDED_OTHER.format(who=user_id, reason=reason))
                    await self._dm(session, tenant, after, f"{key}:{member}", member, text)
            note = Message(
                say.ENDED_COORDINATOR.format(
                    who=user_id, mentor=pairing.mentor_id, mentee=pairing.mentee_id, reason=reason
                )
            )
            for coordinator in program.coordinators:
                if coordinator != user_id:
                    await self._dm(
                        session, tenant, after, f"{key}:{coordinator}", coordinator, note
                    )
            other = pairing.mentee_id if user_id == pairing.mentor_id else pairing.mentor_id
        await self._after(tenant, after)
        return say.ENDED_YOU.format(other=other)

    async def end_all_for(self, tenant: Tenant, user_id: str) -> int:
        """A member left the program: their open pairs end, and each match and the
        coordinators are told (as when a member ends a pair themselves)."""
        ended = 0
        for pair in await self.pairs_of(tenant, user_id):
            await self.end(tenant, user_id, pair.id, say.LEFT_PROGRAM_REASON)
            ended += 1
        return ended

    def _close(self, pairing: Pairing, user_id: str, reason: str) -> None:
        pairing.status, pairing.ended_at = PairStatus.ENDED, self._clock()
        pairing.ended_by, pairing.end_reason = user_id, reason

    async def rematch(
        self, tenant: Tenant, coordinator: str, member_id: str
    ) -> tuple[int, Preview]:
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            require_coordinator(program, coordinator, "rematch")
            members = {m.user_id for m in await self._members(session, program)}
            if member_id not in members:
                raise MembershipError(say.REMATCH_NOT_MEMBER.format(who=member_id))
            ended = 0
            for pairing in await self._pairings(session, program):
                if pairing.status in OPEN_PAIRS and member_id in (
                    pairing.mentor_id,
                    pairing.mentee_id,
                ):
                    self._close(pairing, coordinator, say.REMATCH_REASON)
                    ended += 1
            await session.flush()
            return ended, await self._propose(session, program, coordinator)

    async def tenants(self) -> list[Tenant]:
        async with self._db.transaction(all_tenants=True) as session:
            rows = await session.execute(select(Program.platform, Program.workspace_id))
            return [Tenant(platform, workspace) for platform, workspace in rows.all()]

    # -- scheduler: nobody answered ------------------------------------------------------------

    async def plan(self, tenant: Tenant, now: datetime) -> PlanReport:
        """The Planner for unanswered invitations (reminders and escalations are due in days,
        and the use case's clock is `now` wherever the scheduler or `tick` runs it)."""
        return PlanReport(enqueued=await self.chase_answers(tenant, now))

    async def chase_answers(self, tenant: Tenant, now: datetime | None = None) -> int:
        """Remind once after REMIND_AFTER; tell the coordinators once after ESCALATE_AFTER.

        Also makes sure every `starting` pair has its space step (pairs repaired by migration
        0010, or accepted before it): queueing is idempotent, so this costs one lookup."""
        after, sent = AfterCommit(), 0
        now = now or self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._program(session, tenant)
            rows = await self._pairings(session, program)
            for pairing in rows:
                if pairing.status == PairStatus.STARTING:
                    await self._queue_space(session, tenant, after, pairing.id)
            for pairing in [p for p in rows if p.status == PairStatus.AWAITING]:
                if pairing.mentor_answer == pairing.mentee_answer == "accepted":
                    await self._start(session, tenant, after, pairing)  # accepted before 0010
                    continue
                silent = [
                    who
                    for who, answer in (
                        (pairing.mentor_id, pairing.mentor_answer),
                        (pairing.mentee_id, pairing.mentee_answer),
                    )
                    if answer is None
                ]
                invited = pairing.invited_at or pairing.proposed_at
                if pairing.reminded_at is None and now - invited >= REMIND_AFTER:
                    pairing.reminded_at = now
                    for who in silent:
                        other = pairing.mentee_id if who == pairing.mentor_id else pairing.mentor_id
                        reminder = Message(say.REMINDER.format(other=other))
                        key = f"pair:{pairing.id}:remind:{who}"
                        await self._dm(session, tenant, after, key, who, reminder)
                        sent += 1
                elif pairing.escalated_at is None and now - invited >= ESCALATE_AFTER:
                    pairing.escalated_at = now
                    days = (now - invited).days
                    for who in silent:
                        other = pairing.mentee_id if who == pairing.mentor_id else pairing.mentor_id
                        text = Message(
                            say.COORDINATOR_NO_ANSWER.format(who=who, other=other, days=days)
                        )
                        for coordinator in program.coordinators:
                            key = f"pair:{pairing.id}:no_answer:{who}:{coordinator}"
                            await self._dm(session, tenant, after, key, coordinator, text)
                            sent += 1
        await self._after(tenant, after)
        return sent + len(after.started)


def space_key(pairing_id: int) -> str:
    """The idempotency key of a pair's OPEN_SPACE step."""
    return f"pair:{pairing_id}:space"
