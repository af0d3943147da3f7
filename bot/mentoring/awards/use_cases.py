"""Award nominations: the cycles coordinators open and members' nominations (the posts about
them are award_plan.py's).

A cycle is open from the start of `opens_on` to the end of `deadline`, both in the program's
time zone. One nomination per member per cycle is the database's rule (a unique constraint):
a second submission, or a race of two, edits the one row.

Each public coroutine is one unit of work (one transaction).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mentoring.awards import texts as say
from bot.mentoring.awards.forms import (
    Answer,
    CycleDates,
    cycle_form,
    nomination_form,
    parse_cycle,
    parse_nomination,
    parse_winners,
    winners_form,
)
from bot.mentoring.awards.planner import (
    announcement_due,
    announcement_key,
    closes_at,
    cycle_status,
    opens_at,
)
from bot.mentoring.campaigns import texts as campaign_messages
from bot.mentoring.clock import Clock
from bot.mentoring.errors import MembershipError, require_coordinator
from bot.mentoring.forms import Form, RawValues
from bot.mentoring.membership.use_cases import Membership
from bot.mentoring.models import MemberStatus, Role, Tenant
from bot.mentoring.people.directory import People, PersonLabel
from bot.mentoring.ports import DeliveryError, FileSender, FileToSend, Outbox
from bot.mentoring.text import day as date_text
from storage import repositories as repo
from storage.database import Database
from storage.models import AwardCycle, Delivery, Nomination, Program

# A cycle that closed this recently is what "nominations are closed" refers to.
RECENTLY_CLOSED = timedelta(days=30)


class AwardError(MembershipError):
    """The person can't do that with award nominations; the message says why."""


class ExportFailed(AwardError):
    """The file could not be sent; the answer offers *Export CSV* again."""


@dataclass(frozen=True)
class Person:
    """What the platform says about someone being nominated (the adapter looks them up)."""

    user_id: str
    known: bool = True  # the platform knows this id
    is_bot: bool = False
    workspace_id: str | None = None  # their home workspace, when the platform says


@dataclass(frozen=True)
class CycleView:
    id: int
    name: str
    opens_on: date
    deadline: date
    announce_on: date
    status: str  # upcoming | open | closed | announced
    nominations: int
    winners: tuple[str, ...]


@dataclass(frozen=True)
class CycleList:
    program_name: str
    timezone: str
    cycles: tuple[CycleView, ...]  # newest first


@dataclass(frozen=True)
class NominationView:
    nominee_id: str
    nominator_id: str
    why: str
    impact: str
    submitted: datetime  # last change, in the program's time zone


@dataclass(frozen=True)
class NominationList:
    cycle: CycleView
    nominations: tuple[NominationView, ...]  # newest first
    tally: tuple[tuple[str, int], ...]  # nominees by number of nominations, most first


@dataclass(frozen=True)
class NominationForm:
    cycle_id: int
    form: Form


@dataclass(frozen=True)
class Saved:
    cycle: str
    nominee_id: str
    deadline: date
    is_new: bool


@dataclass(frozen=True)
class WinnersSaved:
    cycle: CycleView
    announce_at: datetime  # program time; now or later
    right_away: bool  # the announcement date has come: it goes out at the next planner run


def csv_cell(value: str) -> str:
    """Spreadsheets run a cell starting with = + - @ as a formula: make it plain text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _person_cells(names: dict[str, PersonLabel], user_id: str) -> list[str]:
    """id, name, organization: names come from Slack and can start with anything."""
    label = names.get(user_id)
    if label is None:
        return [user_id, "", ""]
    return [user_id, csv_cell(label.name), csv_cell(label.organization)]


class Awards:
    def __init__(
        self,
        db: Database,
        membership: Membership,
        outbox: Outbox,
        files: FileSender,
        clock: Clock | None = None,
        *,
        people: People | None = None,  # names in the export; ids only without it
    ) -> None:
        self._db = db
        self._membership = membership
        self._outbox = outbox
        self._files = files
        self._clock = clock or (lambda: datetime.now(UTC))
        self._people = people

    # -- helpers -----------------------------------------------------------------------------

    @staticmethod
    def _of(program: Program) -> tuple[object, ...]:
        return (AwardCycle.program_id == program.id,)

    @staticmethod
    def _nominations_of(program: Program, cycle_id: int) -> tuple[object, ...]:
        return (
            Nomination.program_id == program.id,
            Nomination.cycle_id == cycle_id,
        )

    async def _coordinator(self, session: AsyncSession, tenant: Tenant, user_id: str) -> Program:
        program = await self._membership.load_program(session, tenant)
        require_coordinator(program, user_id, "awards")
        return program

    async def _cycles(self, session: AsyncSession, program: Program) -> list[AwardCycle]:
        rows = await session.scalars(
            select(AwardCycle).where(*self._of(program)).order_by(AwardCycle.opens_on.desc())
        )
        return list(rows)

    async def _cycle(self, session: AsyncSession, program: Program, cycle_id: int) -> AwardCycle:
        cycle = await session.scalar(
            select(AwardCycle).where(*self._of(program), AwardCycle.id == cycle_id)
        )
        if cycle is None:
            raise AwardError(say.CYCLE_GONE)
        return cycle

    async def _counts(self, session: AsyncSession, program: Program) -> dict[int, int]:
        rows = await session.execute(
            select(Nomination.cycle_id, func.count())
            .where(
                Nomination.program_id == program.id,
            )
            .group_by(Nomination.cycle_id)
        )
        return {cycle_id: count for cycle_id, count in rows.all()}

    def _view(self, program: Program, cycle: AwardCycle, count: int, now: datetime) -> CycleView:
        zone = ZoneInfo(program.timezone)
        return CycleView(
            id=cycle.id,
            name=cycle.name,
            opens_on=cycle.opens_on,
            deadline=cycle.deadline,
            announce_on=cycle.announce_on,
            status=cycle_status(cycle, zone, now),
            nominations=count,
            winners=tuple(cycle.winners),
        )

    async def _open_cycle_for(
        self, session: AsyncSession, program: Program, now: datetime
    ) -> AwardCycle:
        """The cycle taking nominations now; otherwise the reason none is, as an AwardError."""
        zone = ZoneInfo(program.timezone)
        cycles = await self._cycles(session, program)
        for cycle in cycles:
            if opens_at(cycle, zone) <= now < closes_at(cycle, zone):
                return cycle
        closed = [c for c in cycles if closes_at(c, zone) <= now]
        upcoming = sorted((c for c in cycles if now < opens_at(c, zone)), key=lambda c: c.opens_on)
        last = closed[0] if closed else None  # newest first
        if last is not None and (not upcoming or now - closes_at(last, zone) < RECENTLY_CLOSED):
            deadline = date_text(last.deadline)
            raise AwardError(say.CLOSED.format(cycle=last.name, deadline=deadline))
        if upcoming:
            opens = date_text(upcoming[0].opens_on)
            raise AwardError(say.NOT_OPEN_YET.format(cycle=upcoming[0].name, opens=opens))
        raise AwardError(say.NO_CYCLE)

    async def _require_nominator(
        self, session: AsyncSession, program: Program, user_id: str
    ) -> None:
        member = await repo.get_member(session, program, user_id)
        if member is None or member.application is None:
            raise AwardError(say.NOT_A_MEMBER.format(program=program.name))
        if member.status == MemberStatus.LEFT:
            raise AwardError(say.HAS_LEFT.format(program=program.name))

    async def _nominee_problem(
        self,
        session: AsyncSession,
        program: Program,
        nominator: str,
        person: Person,
        who: str,
    ) -> str | None:
        """Why `person` can't be nominated by `nominator`, or None. `who` names them."""
        if not person.known:
            return say.NOMINEE_UNKNOWN
        if person.user_id == nominator:
            return say.SELF_NOMINATION
        if person.is_bot:
            return say.NOMINEE_BOT.format(who=who)
        if person.workspace_id is not None and person.workspace_id != program.workspace_id:
            return say.NOMINEE_FOREIGN.format(who=who, program=program.name)
        member = await repo.get_member(session, program, person.user_id)
        if (
            member is None
            or member.application is None
            or member.status == MemberStatus.LEFT
            or not Role(member.application.role).mentors
        ):
            return say.NOT_A_MENTOR.format(who=who, program=program.name)
        return None

    async def _mine(
        self, session: AsyncSession, program: Program, cycle_id: int, user_id: str
    ) -> Nomination | None:
        return await session.scalar(
            select(Nomination).where(
                *self._nominations_of(program, cycle_id), Nomination.nominator_id == user_id
            )
        )

    # -- members -----------------------------------------------------------------------------

    async def nomination_form(
        self, tenant: Tenant, user_id: str, nominee: Person | None
    ) -> NominationForm:
        """The form for the open cycle, prefilled with the member's nomination if they have
        one; `nominee` (from `/mentor nominate @member`) is checked first and preselected."""
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            await self._require_nominator(session, program, user_id)
            cycle = await self._open_cycle_for(session, program, now)
            if nominee is not None:
                who = f"<@{nominee.user_id}>"
                problem = await self._nominee_problem(session, program, user_id, nominee, who)
                if problem:
                    raise AwardError(problem)
            mine = await self._mine(session, program, cycle.id, user_id)
            current = Answer(mine.nominee_id, mine.why, mine.impact) if mine else None
            form = nomination_form(
                cycle.name,
                cycle.deadline,
                program.timezone,
                nominee.user_id if nominee else None,
                current,
            )
            return NominationForm(cycle.id, form)

    async def nominate(
        self,
        tenant: Tenant,
        user_id: str,
        cycle_id: int,
        values: RawValues,
        nominee: Person | None,
    ) -> Saved | dict[str, str]:
        """Store the member's nomination (or edit it); errors by field instead when the answer
        can't be taken. `nominee` is the adapter's look-up of the person picked in the form.

        Raises AwardError when nothing in the form could fix it (the cycle closed meanwhile).
        """
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            await self._require_nominator(session, program, user_id)
            cycle = await self._cycle(session, program, cycle_id)
            zone = ZoneInfo(program.timezone)
            if now >= closes_at(cycle, zone):
                deadline = date_text(cycle.deadline)
                raise AwardError(say.CLOSED.format(cycle=cycle.name, deadline=deadline))
            if now < opens_at(cycle, zone):
                opens = date_text(cycle.opens_on)
                raise AwardError(say.NOT_OPEN_YET.format(cycle=cycle.name, opens=opens))
            form = nomination_form(cycle.name, cycle.deadline, program.timezone, None, None)
            answer, errors = parse_nomination(form, values)
            if answer is None:
                return errors
            person = nominee or Person(answer.nominee_id)
            if person.user_id != answer.nominee_id:
                raise ValueError("the looked-up person is not the one picked in the form")
            problem = await self._nominee_problem(
                session, program, user_id, person, say.WHO_IN_FORM
            )
            if problem:
                return {"nominee": problem}
            # Insert-if-absent, then edit: two submissions racing end in one row, the last
            # one's answer, with no unique-violation error for either.
            created = await repo.insert_if_absent(
                session,
                Nomination,
                platform=tenant.platform,
                workspace_id=tenant.workspace_id,
                program_id=program.id,
                cycle_id=cycle.id,
                nominator_id=user_id,
                nominee_id=answer.nominee_id,
                why=answer.why,
                impact=answer.impact,
                created_at=now,
                updated_at=now,
            )
            if not created:
                await session.execute(
                    update(Nomination)
                    .where(
                        *self._nominations_of(program, cycle.id),
                        Nomination.nominator_id == user_id,
                    )
                    .values(
                        nominee_id=answer.nominee_id,
                        why=answer.why,
                        impact=answer.impact,
                        updated_at=now,
                    )
                    .execution_options(synchronize_session=False)
                )
            return Saved(cycle.name, answer.nominee_id, cycle.deadline, created)

    # -- coordinators ------------------------------------------------------------------------

    async def cycles(self, tenant: Tenant, user_id: str) -> CycleList:
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._coordinator(session, tenant, user_id)
            counts = await self._counts(session, program)
            views = tuple(
                self._view(program, c, counts.get(c.id, 0), now)
                for c in await self._cycles(session, program)
            )
            return CycleList(program.name, program.timezone, views)

    async def cycle_form(self, tenant: Tenant, user_id: str) -> Form:
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._coordinator(session, tenant, user_id)
            today = now.astimezone(ZoneInfo(program.timezone)).date()
            return cycle_form(program.timezone, today)

    async def open_cycle(
        self, tenant: Tenant, user_id: str, values: RawValues
    ) -> tuple[CycleView, str | None] | dict[str, str]:
        """The new cycle and the channel its posts go to; or errors by field (nothing saved)."""
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._coordinator(session, tenant, user_id)
            today = now.astimezone(ZoneInfo(program.timezone)).date()
            dates, errors = parse_cycle(cycle_form(program.timezone, today), values, today)
            if dates is None:
                return errors
            if problem := self._overlap(dates, await self._cycles(session, program)):
                return {"opens_on": problem}
            created = await repo.insert_if_absent(
                session,
                AwardCycle,
                platform=tenant.platform,
                workspace_id=tenant.workspace_id,
                program_id=program.id,
                name=dates.name,
                opens_on=dates.opens_on,
                deadline=dates.deadline,
                announce_on=dates.announce_on,
                winners=[],
                created_by=user_id,
                created_at=now,
                updated_at=now,
            )
            if not created:
                return {"name": say.NAME_TAKEN.format(name=dates.name)}
            cycle = await session.scalar(
                select(AwardCycle).where(*self._of(program), AwardCycle.name == dates.name)
            )
            assert cycle is not None, "award cycle missing right after its insert"
            return self._view(program, cycle, 0, now), program.community_channel

    @staticmethod
    def _overlap(dates: CycleDates, cycles: list[AwardCycle]) -> str | None:
        for other in cycles:
            if other.opens_on <= dates.deadline and dates.opens_on <= other.deadline:
                return say.OVERLAPS.format(
                    cycle=other.name,
                    opens=date_text(other.opens_on),
                    deadline=date_text(other.deadline),
                )
        return None

    async def nominations(self, tenant: Tenant, user_id: str, cycle_id: int) -> NominationList:
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._coordinator(session, tenant, user_id)
            cycle = await self._cycle(session, program, cycle_id)
            rows = list(
                await session.scalars(
                    select(Nomination)
                    .where(*self._nominations_of(program, cycle.id))
                    .order_by(Nomination.updated_at.desc(), Nomination.id.desc())
                )
            )
            zone = ZoneInfo(program.timezone)
            views = tuple(
                NominationView(
                    r.nominee_id, r.nominator_id, r.why, r.impact, r.updated_at.astimezone(zone)
                )
                for r in rows
            )
            tally = Counter(r.nominee_id for r in rows).most_common()
            return NominationList(self._view(program, cycle, len(rows), now), views, tuple(tally))

    async def export(self, tenant: Tenant, user_id: str, cycle_id: int) -> str:
        """Send the cycle's nominations to the coordinator as a CSV file; the answer to show."""
        listing = await self.nominations(tenant, user_id, cycle_id)
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            zone = ZoneInfo(program.timezone)
        people = [u for n in listing.nominations for u in (n.nominee_id, n.nominator_id)]
        names = await self._people.labels(tenant, people) if self._people else {}
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            [
                "cycle", "nominee", "nominee_name", "nominee_organization",
                "nominator", "nominator_name", "nominator_organization",
                "why", "impact", "submitted",
            ]
        )  # fmt: skip
        for n in listing.nominations:
            writer.writerow(
                [
                    csv_cell(listing.cycle.name),
                    *_person_cells(names, n.nominee_id),
                    *_person_cells(names, n.nominator_id),
                    csv_cell(n.why),
                    csv_cell(n.impact),
                    n.submitted.isoformat(timespec="minutes"),
                ]
            )
        name = listing.cycle.name
        count = len(listing.nominations)
        slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")
        file = FileToSend(
            filename=f"nominations-{slug or listing.cycle.id}.csv",
            content=buffer.getvalue().encode("utf-8"),
            title=say.EXPORT_TITLE.format(cycle=name),
            comment=say.EXPORT_COMMENT.format(
                cycle=name,
                count=count,
                s=say.plural(count),
                when=campaign_messages.local_when(now.astimezone(zone), year=True),
            ),
        )
        try:
            await self._files.send_file(tenant, user_id, file)
        except DeliveryError as exc:
            raise ExportFailed(say.EXPORT_FAILED.format(reason=exc.reason)) from exc
        return say.EXPORT_SENT.format(cycle=name)

    async def _announced(self, session: AsyncSession, tenant: Tenant, cycle: AwardCycle) -> bool:
        key = await session.scalar(
            select(Delivery.key).where(
                Delivery.key == announcement_key(cycle.id),
            )
        )
        return key is not None

    async def _winner_pool(
        self, session: AsyncSession, tenant: Tenant, program: Program, cycle: AwardCycle
    ) -> list[str]:
        """The nominees winners are picked from; AwardError when winners can't be recorded."""
        zone = ZoneInfo(program.timezone)
        if self._clock() < closes_at(cycle, zone):
            raise AwardError(
                say.WINNERS_TOO_EARLY.format(cycle=cycle.name, deadline=date_text(cycle.deadline))
            )
        if await self._announced(session, tenant, cycle):
            raise AwardError(say.WINNERS_ALREADY_ANNOUNCED.format(cycle=cycle.name))
        nominees = list(
            dict.fromkeys(
                await session.scalars(
                    select(Nomination.nominee_id)
                    .where(*self._nominations_of(program, cycle.id))
                    .order_by(Nomination.nominee_id)
                )
            )
        )
        if not nominees:
            raise AwardError(say.WINNERS_NO_NOMINEES.format(cycle=cycle.name))
        return nominees

    async def winners_form(self, tenant: Tenant, user_id: str, cycle_id: int) -> Form:
        async with self._db.transaction(tenant) as session:
            program = await self._coordinator(session, tenant, user_id)
            cycle = await self._cycle(session, program, cycle_id)
            nominees = await self._winner_pool(session, tenant, program, cycle)
            return winners_form(cycle.name, nominees, list(cycle.winners))

    async def record_winners(
        self, tenant: Tenant, user_id: str, cycle_id: int, values: RawValues
    ) -> WinnersSaved | dict[str, str]:
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._coordinator(session, tenant, user_id)
            cycle = await self._cycle(session, program, cycle_id)
            nominees = await self._winner_pool(session, tenant, program, cycle)
            form = winners_form(cycle.name, nominees, list(cycle.winners))
            winners, errors = parse_winners(form, values, set(nominees))
            if winners is None:
                return errors
            cycle.winners = winners
            cycle.winners_recorded_at, cycle.winners_recorded_by = now, user_id
            cycle.updated_at = now
            await session.flush()
            zone = ZoneInfo(program.timezone)
            due = announcement_due(cycle, zone)
            assert due is not None, "winners were just recorded"
            view = self._view(program, cycle, len(nominees), now)
            announce_at = due.astimezone(zone)
        self._outbox.wake()  # if it is due now, the next planner run sends it
        return WinnersSaved(view, announce_at, right_away=due <= now)
