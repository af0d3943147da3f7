"""Members' own data: a copy of everything the program holds about them, and deletion.

The export is what a member may see: their own rows in full (their application, check-in
answers with their private notes, hours, goals, nominations they made, thank-yous), and what
other rows say *about* them without other people's private words (a match's check-in notes, who
nominated them and why, someone else's note on hours logged with them).

Deletion keeps the program's numbers right: rows stay, so counts and hour totals do not change,
but every trace of the person's identity (their user id, wherever it appears) becomes one
random pseudonym, and everything they wrote is removed. Their open pairs end first, so the
scheduler never writes to someone who is gone, and messages still queued for them are dropped.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import String, cast, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.mentoring.errors import MembershipError
from bot.mentoring.membership.use_cases import Membership
from bot.mentoring.models import OPEN_PAIRS, MemberStatus, PairStatus, Tenant
from bot.mentoring.my_data import texts as say
from bot.mentoring.ports import (
    DeliveryError,
    DeliveryKind,
    FileSender,
    FileToSend,
    Message,
    Outbox,
)
from storage import repositories as repo
from storage.database import Database
from storage.models import (
    ApplicationRow,
    AwardCycle,
    CheckIn,
    CreditOverride,
    Delivery,
    Goal,
    HoursEntry,
    MatchRun,
    Member,
    Nomination,
    Pairing,
    Person,
    Program,
    ThankYou,
    Welcome,
)

PSEUDONYM_PREFIX = "deleted-"
REMOVED = ""  # what replaces free text a deleted member wrote


def is_pseudonym(user_id: str) -> bool:
    return user_id.startswith(PSEUDONYM_PREFIX)


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj: object, columns: Sequence[str]) -> dict[str, object]:
    return {name: _plain(getattr(obj, name)) for name in columns}


def _columns(model: type, *, without: Sequence[str] = ()) -> list[str]:
    skip = {"platform", "workspace_id", "program_id", *without}
    return [c.key for c in model.__table__.columns if c.key not in skip]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Deleted:
    pseudonym: str
    pairs_ended: int


class MyData:
    def __init__(
        self,
        db: Database,
        membership: Membership,
        files: FileSender,
        outbox: Outbox,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._db = db
        self._membership = membership
        self._files = files
        self._outbox = outbox
        self._clock = clock or (lambda: datetime.now(UTC))

    # -- the copy -------------------------------------------------------------------------------

    async def send_copy(self, tenant: Tenant, user_id: str) -> str:
        """`/mentor my-data`: a JSON file in the member's DM; returns what to tell them."""
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            data = await self._collect(session, program, user_id)
        when = self._clock().date().isoformat()
        file = FileToSend(
            filename=f"my-mentoring-data-{when}.json",
            content=json.dumps(data, indent=2, ensure_ascii=False).encode(),
            title=say.FILE_TITLE.format(program=program.name),
            comment=say.FILE_COMMENT.format(program=program.name),
        )
        try:
            await self._files.send_file(tenant, user_id, file)
        except DeliveryError as exc:
            return say.SEND_FAILED.format(reason=exc.reason)
        return say.SENT

    async def _collect(
        self, session: AsyncSession, program: Program, user_id: str
    ) -> dict[str, Any]:
        async def rows(model: type, *where: Any) -> list[Any]:
            result = await session.scalars(
                select(model).where(model.program_id == program.id, *where)  # type: ignore[attr-defined]
            )
            return list(result.unique())

        member = await repo.get_member(session, program, user_id)
        data: dict[str, Any] = {
            "about": say.ABOUT,
            "program": program.name,
            "user_id": user_id,
            "exported_at": self._clock().isoformat(),
            "coordinator": user_id in program.coordinators,
            "membership": None,
        }
        if member is not None:
            data["membership"] = _row(member, _columns(Member, without=("id",)))
            if member.application is not None:
                data["membership"]["application"] = _row(
                    member.application, _columns(ApplicationRow, without=("member_id",))
                )
        data["welcome_sent_at"] = [
            _plain(w.sent_at) for w in await rows(Welcome, Welcome.user_id == user_id)
        ]
        data["matches"] = [
            self._pairing(p, user_id)
            for p in await rows(
                Pairing, or_(Pairing.mentor_id == user_id, Pairing.mentee_id == user_id)
            )
        ]
        # Only their own check-ins: a match's answers and private notes are never shown.
        data["check_ins"] = [
            _row(c, _columns(CheckIn)) for c in await rows(CheckIn, CheckIn.user_id == user_id)
        ]
        data["hours"] = [
            _row(h, _columns(HoursEntry, without=("request_id",)))
            for h in await rows(HoursEntry, HoursEntry.user_id == user_id)
        ]
        data["hours_others_logged_with_you"] = [
            _row(h, ("user_id", "worked_on", "hours", "activity"))  # not their note
            for h in await rows(HoursEntry, HoursEntry.with_user == user_id)
        ]
        data["credit_overrides"] = [
            _row(o, _columns(CreditOverride))
            for o in await rows(
                CreditOverride,
                or_(CreditOverride.member_a == user_id, CreditOverride.member_b == user_id),
            )
        ]
        data["goals"] = [
            _row(g, _columns(Goal, without=("request_key",)))
            for g in await rows(
                Goal,
                or_(
                    Goal.owner_id == user_id,
                    Goal.created_by == user_id,
                    Goal.updated_by == user_id,
                ),
            )
        ]
        cycles = {c.id: c for c in await rows(AwardCycle)}
        data["nominations_you_made"] = [
            {"award": cycles[n.cycle_id].name, **_row(n, ("nominee_id", "why", "impact"))}
            | {"created_at": _plain(n.created_at), "updated_at": _plain(n.updated_at)}
            for n in await rows(Nomination, Nomination.nominator_id == user_id)
        ]
        # Who nominated them, and what they wrote, is the nominators' to share: counts only.
        received: dict[str, int] = {}
        for n in await rows(Nomination, Nomination.nominee_id == user_id):
            received[cycles[n.cycle_id].name] = received.get(cycles[n.cycle_id].name, 0) + 1
        data["nominations_received"] = received
        data["awards_won"] = [c.name for c in cycles.values() if user_id in c.winners]
        data["thank_yous_sent"] = [
            _row(t, ("to_id", "message", "public", "created_at"))
            for t in await rows(ThankYou, ThankYou.from_id == user_id)
        ]
        data["thank_yous_received"] = [
            _row(t, ("from_id", "message", "public", "created_at"))
            for t in await rows(ThankYou, ThankYou.to_id == user_id)
        ]
        sent = await session.scalars(
            select(Delivery)
            .where(
                Delivery.kind == "dm",
                Delivery.target == user_id,
            )
            .order_by(Delivery.due_at)
        )
        data["messages_to_you"] = [
            {
                "due_at": _plain(d.due_at),
                "status": d.status,
                "sent_at": _plain(d.sent_at),
                "text": d.payload.get("text"),
            }
            for d in sent
        ]
        return data

    @staticmethod
    def _pairing(p: Pairing, user_id: str) -> dict[str, object]:
        mentor = p.mentor_id == user_id
        out = _row(
            p, ("id", "status", "score", "reasons", "proposed_at", "started_at", "ends_on",
                "ended_at", "conversation_id", "last_met_on"),
        )  # fmt: skip
        out["your_role"] = "mentor" if mentor else "mentee"
        out["match"] = p.mentee_id if mentor else p.mentor_id
        out["your_answer"] = p.mentor_answer if mentor else p.mentee_answer
        # A reason belongs to whoever gave it.
        if out["your_answer"] == "declined":
            out["your_decline_reason"] = p.decline_reason
        if p.ended_by == user_id:
            out["your_end_reason"] = p.end_reason
        return out

    # -- deletion ---------------------------------------------------------------------------------

    async def delete(self, tenant: Tenant, user_id: str) -> Deleted:
        """Remove a member who has left: their identity becomes a pseudonym, their words go."""
        pseudonym = PSEUDONYM_PREFIX + secrets.token_hex(6)
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            member = await repo.get_member(session, program, user_id)
            if member is None:
                raise MembershipError(say.NOTHING_TO_DELETE)
            if member.status != MemberStatus.LEFT:
                raise MembershipError(say.LEAVE_FIRST)
            ended = await self._end_open_pairs(session, tenant, program, user_id, pseudonym, now)
            await self._forget(session, program, user_id, pseudonym)
        self._outbox.wake()
        return Deleted(pseudonym, len(ended))

    async def _end_open_pairs(
        self, session: AsyncSession, tenant: Tenant, program: Program, user_id: str,
        pseudonym: str, now: datetime,
    ) -> list[Pairing]:  # fmt: skip
        """End their open pairs, and tell each match and the coordinators (without naming
        the person: the message outlives the deletion in the outbox for a while)."""
        pairs = list(
            await session.scalars(
                select(Pairing).where(
                    Pairing.program_id == program.id,
                    Pairing.status.in_(OPEN_PAIRS),
                    or_(Pairing.mentor_id == user_id, Pairing.mentee_id == user_id),
                )
            )
        )
        for pair in pairs:
            pair.status, pair.ended_at = PairStatus.ENDED, now
            pair.ended_by, pair.end_reason = pseudonym, say.END_REASON
            match = pair.mentee_id if pair.mentor_id == user_id else pair.mentor_id
            key = f"pair:{pair.id}:deleted"
            told = Message(say.MATCH_TOLD)
            await self._outbox.enqueue(
                session, tenant, f"{key}:{match}", DeliveryKind.DM, match, told, now
            )
            note = Message(say.COORDINATOR_TOLD.format(match=match))
            for coordinator in program.coordinators:
                await self._outbox.enqueue(
                    session, tenant, f"{key}:{coordinator}", DeliveryKind.DM, coordinator,
                    note, now,
                )  # fmt: skip
        return pairs

    async def _forget(
        self, session: AsyncSession, program: Program, user_id: str, pseudonym: str
    ) -> None:
        async def rename(column: InstrumentedAttribute[Any], **blank: object) -> None:
            model = column.class_
            await session.execute(
                update(model)
                .where(model.program_id == program.id, column == user_id)  # type: ignore[attr-defined]
                .values({column.key: pseudonym, **blank})
                .execution_options(synchronize_session=False)
            )

        # What they wrote goes with the rows they own (blanked before the owner is renamed).
        member = await repo.get_member(session, program, user_id)
        if member is not None and member.application is not None:
            app = member.application
            app.organization, app.goals, app.region = REMOVED, [], None
            app.do_not_pair, app.consent_share = [], False
        await rename(Member.user_id, paused_until=None)
        await rename(Welcome.user_id)
        await rename(Pairing.mentor_id)
        await rename(Pairing.mentee_id)
        await rename(Pairing.ended_by, end_reason=None)
        await session.execute(
            update(Pairing)
            .where(
                Pairing.program_id == program.id,
                or_(
                    (Pairing.mentor_id == pseudonym) & (Pairing.mentor_answer == "declined"),
                    (Pairing.mentee_id == pseudonym) & (Pairing.mentee_answer == "declined"),
                ),
            )
            .values(decline_reason=None)
            .execution_options(synchronize_session=False)
        )
        await rename(CheckIn.user_id, note=None)
        await rename(HoursEntry.user_id, note=None)
        await rename(HoursEntry.with_user)
        await rename(CreditOverride.member_a)
        await rename(CreditOverride.member_b)
        await rename(CreditOverride.set_by)
        await rename(Goal.owner_id, what=REMOVED, why=None, measure=None, note=None, history=[])
        await rename(Goal.created_by)
        await rename(Goal.updated_by, note=None)  # the latest progress note was theirs
        # A mentor's progress notes on their mentee's goals: their id and words go.
        for goal in await session.scalars(
            select(Goal).where(
                Goal.program_id == program.id, cast(Goal.history, String).contains(user_id)
            )
        ):
            goal.history = [
                {**entry, "by": pseudonym, "note": REMOVED} if entry.get("by") == user_id else entry
                for entry in goal.history
            ]
        await rename(Nomination.nominator_id, why=REMOVED, impact=REMOVED)
        await rename(Nomination.nominee_id)
        await rename(ThankYou.from_id, message=REMOVED)
        await rename(ThankYou.to_id, message=REMOVED)
        await rename(AwardCycle.created_by)
        await rename(AwardCycle.winners_recorded_by)
        for cycle in await session.scalars(
            select(AwardCycle).where(AwardCycle.program_id == program.id)
        ):
            if user_id in cycle.winners:
                cycle.winners = [pseudonym if w == user_id else w for w in cycle.winners]
        await rename(MatchRun.created_by)
        for run in await session.scalars(select(MatchRun).where(MatchRun.program_id == program.id)):
            if any(u.get("user") == user_id for u in run.unmatched):
                run.unmatched = [
                    {**u, "user": pseudonym} if u.get("user") == user_id else u
                    for u in run.unmatched
                ]
        # Their cached Slack name (bot/mentoring/people/): a file must not name them again.
        await session.execute(
            delete(Person).where(
                Person.user_id == user_id,
            )
        )
        # Messages to them: nothing more is sent, and nothing said to them is kept.
        await session.execute(
            delete(Delivery)
            .where(Delivery.kind == "dm", Delivery.target == user_id)
            .execution_options(synchronize_session=False)
        )
        # Messages to others that named them (an invitation with their profile, an alert):
        # kept only as the record that a message went out; what it said goes, and one not yet
        # sent never will be.
        mentioning = await session.scalars(
            select(Delivery).where(
                or_(
                    Delivery.key.contains(user_id), cast(Delivery.payload, String).contains(user_id)
                ),
            )
        )
        for row in mentioning:
            row.key = row.key.replace(user_id, pseudonym)
            row.payload = {"text": say.MESSAGE_REMOVED}
            if row.status in ("pending", "claimed"):
                row.status, row.last_error = "skipped", say.MESSAGE_REMOVED
