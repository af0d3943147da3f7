"""Mentoring hours use cases: log (command, form, check-in), summary, CSV exports, overrides.

Each public coroutine is one unit of work. Credit is worked out when asked for, from the
entries and the coordinators' overrides (bot/mentoring/hours/credits.py), so an override or a new
rule applies to hours already logged. Files go to the person through the FileSender port,
after the transaction: nothing is held open while a file uploads.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mentoring import messages as text
from bot.mentoring.clock import Clock
from bot.mentoring.csv_files import csv_bytes
from bot.mentoring.errors import MembershipError, require_coordinator
from bot.mentoring.forms import Form, RawValues
from bot.mentoring.hours import statement_pdf
from bot.mentoring.hours import texts as say
from bot.mentoring.hours.credits import (
    Credited,
    CreditRules,
    LoggedHours,
    Period,
    Tally,
    allocate,
    period_of,
    same_organization,
    tally,
)
from bot.mentoring.hours.form import (
    MEETING,
    HoursError,
    coordinator_period,
    earliest_loggable,
    log_form,
    member_period,
    parse_log_argument,
    parse_override_argument,
    period_slug,
    period_words,
    read_log_form,
)
from bot.mentoring.hours.statement import Statement, Verification, build_statement
from bot.mentoring.membership.use_cases import Membership
from bot.mentoring.models import MemberStatus, PairStatus, Tenant
from bot.mentoring.people.directory import People, PersonLabel
from bot.mentoring.ports import DeliveryError, FileSender, FileToSend, Message
from bot.mentoring.text import day as date_text
from storage import repositories as repo
from storage.database import Database
from storage.models import (
    ApplicationRow,
    CheckIn,
    CreditOverride,
    HoursEntry,
    Member,
    Pairing,
    Program,
    StatementVerification,
)

COMMAND, MODAL, CHECKIN = "command", "modal", "checkin"
MEMBER_COLUMNS = (
    "date", "hours", "activity", "with_user_id", "with_name", "with_organization", "source",
    "note", "credit_eligible", "credited_hours", "why_not_credited",
)  # fmt: skip
ALL_COLUMNS = ("member_user_id", "member_name", "member_organization", *MEMBER_COLUMNS)
# What `admin hours statements` reads as a year ("2027", "FY2027"); member_period checks its range.
YEAR_LIKE = re.compile(r"(?:fy)?[0-9]+", re.IGNORECASE)
# A cell a spreadsheet would run as a formula is written as text (CSV injection).

__all__ = ["Hours", "HoursError", "log_checkin_hours"]


def rules_of(program: Program) -> CreditRules:
    return CreditRules(program.credit_requirement, program.credit_cap, program.credit_start_month)


def _pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class _Person:
    member: Member
    application: ApplicationRow

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.application.timezone)


class Hours:
    def __init__(
        self,
        db: Database,
        membership: Membership,
        files: FileSender | None = None,  # needed only by the exports
        clock: Clock | None = None,
        *,
        people: People | None = None,  # names in the exports; ids only without it
    ) -> None:
        self._db = db
        self._membership = membership
        self._files = files
        self._clock = clock or (lambda: datetime.now(UTC))
        self._people = people

    # -- helpers -----------------------------------------------------------------------------

    async def _person(self, session: AsyncSession, program: Program, user_id: str) -> _Person:
        """A member who may log hours: applied, and not left."""
        member = await repo.get_member(session, program, user_id)
        if member is None or member.application is None:
            raise MembershipError(text.NOT_APPLIED)
        if member.status == MemberStatus.LEFT:
            raise MembershipError(text.HAS_LEFT)
        return _Person(member, member.application)

    def _today(self, person: _Person) -> date:
        return self._clock().astimezone(person.zone).date()

    async def _other(
        self, session: AsyncSession, program: Program, person: _Person, other_id: str | None
    ) -> tuple[_Person | None, str | None]:
        """The person hours were spent with, or the sentence saying why they can't be."""
        if other_id is None:
            return None, None
        if other_id == person.member.user_id:
            return None, say.WITH_YOURSELF
        other = await repo.get_member(session, program, other_id)
        if other is None or other.application is None:
            return None, say.WITH_NOT_MEMBER.format(user=other_id, program=program.name)
        return _Person(other, other.application), None

    async def _partner(self, session: AsyncSession, program: Program, user_id: str) -> str | None:
        """The member's match, when they have exactly one active pair."""
        rows = list(
            await session.scalars(
                select(Pairing).where(
                    Pairing.program_id == program.id,
                    Pairing.status == PairStatus.ACTIVE,
                    or_(Pairing.mentor_id == user_id, Pairing.mentee_id == user_id),
                )
            )
        )
        if len(rows) != 1:
            return None
        return rows[0].mentee_id if rows[0].mentor_id == user_id else rows[0].mentor_id

    async def _overrides(
        self, session: AsyncSession, program: Program, user_id: str | None = None
    ) -> set[tuple[str, str]]:
        """Sorted pairs whose same-organization hours count (one member's, or everyone's)."""
        query = select(CreditOverride.member_a, CreditOverride.member_b).where(
            CreditOverride.program_id == program.id,
            CreditOverride.allowed.is_(True),
        )
        if user_id is not None:
            query = query.where(
                or_(CreditOverride.member_a == user_id, CreditOverride.member_b == user_id)
            )
        return {(a, b) for a, b in (await session.execute(query)).all()}

    async def _entries(
        self, session: AsyncSession, program: Program, start: date, end: date,
        user_id: str | None = None,
    ) -> list[HoursEntry]:  # fmt: skip
        query = select(HoursEntry).where(
            HoursEntry.program_id == program.id,
            HoursEntry.worked_on >= start,
            HoursEntry.worked_on < end,
        )
        if user_id is not None:
            query = query.where(HoursEntry.user_id == user_id)
        return list(await session.scalars(query.order_by(HoursEntry.worked_on, HoursEntry.id)))

    async def _tally(
        self, session: AsyncSession, program: Program, user_id: str, period: Period
    ) -> tuple[Tally, dict[int, HoursEntry]]:
        rows = await self._entries(session, program, period.start, period.end, user_id)
        overrides = await self._overrides(session, program, user_id)
        return tally(_as_logged(rows, overrides), rules_of(program), period), {
            r.id: r for r in rows
        }

    async def _record(
        self, session: AsyncSession, tenant: Tenant, program: Program, person: _Person,
        other: _Person | None, day: date, hours: float, activity: str, note: str | None,
        source: str, request_id: str,
    ) -> str:  # fmt: skip
        user_id = person.member.user_id
        other_id = other.member.user_id if other is not None else None
        same = other is not None and same_organization(
            person.application.organization, other.application.organization
        )
        pairing_id = await _pairing_between(session, program, user_id, other_id)
        added = await repo.insert_if_absent(
            session, HoursEntry, platform=tenant.platform, workspace_id=tenant.workspace_id,
            program_id=program.id, user_id=user_id, worked_on=day, hours=hours,
            activity=activity, with_user=other_id, pairing_id=pairing_id, same_org=same,
            note=note, source=source, request_id=request_id, created_at=self._clock(),
        )  # fmt: skip
        if not added:
            return say.ALREADY_LOGGED
        period = period_of(day, program.credit_start_month)
        credit, _ = await self._tally(session, program, user_id, period)
        lines = [
            say.LOGGED.format(
                hours=say.hours(hours),
                day=date_text(day),
                with_whom=say.LOGGED_WITH.format(user=other_id) if other_id else "",
                activity=say.ACTIVITY_LABELS.get(activity, activity).lower(),
            )
        ]
        if other_id and same:
            overridden = _pair_key(user_id, other_id) in await self._overrides(
                session, program, user_id
            )
            template = say.LOGGED_SAME_ORG_OVERRIDDEN if overridden else say.LOGGED_SAME_ORG
            lines.append(
                template.format(user=other_id, organization=person.application.organization)
            )
        lines.append(_credit_sentence(credit))
        return " ".join(lines)

    # -- logging -----------------------------------------------------------------------------

    async def log(self, tenant: Tenant, user_id: str, argument: str, request_id: str) -> str:
        """`/mentor log 1.5h [with @member] [note]`; the answer, or a HoursError saying why not.

        `request_id` (the command's trigger id) makes a replayed request log nothing new.
        """
        request = parse_log_argument(argument)
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            person = await self._person(session, program, user_id)
            other, problem = await self._other(session, program, person, request.with_user)
            if problem:
                raise HoursError(problem)
            return await self._record(
                session, tenant, program, person, other, self._today(person), request.hours,
                MEETING, request.note, COMMAND, f"{COMMAND}:{request_id}",
            )  # fmt: skip

    async def form(self, tenant: Tenant, user_id: str) -> Form:
        """The log form: today in the member's time zone, their match as "with whom"."""
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            person = await self._person(session, program, user_id)
            partner = await self._partner(session, program, user_id)
            return log_form(self._today(person), partner)

    async def log_from_form(
        self, tenant: Tenant, user_id: str, values: RawValues, request_id: str
    ) -> tuple[str | None, dict[str, str]]:
        """(the answer, errors by field): errors show in the form, which keeps its values."""
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            person = await self._person(session, program, user_id)
            today = self._today(person)
            earliest = earliest_loggable(today, program.credit_start_month)
            entry, errors = read_log_form(values, today, earliest)
            with_user = entry.with_user if entry else _chosen(values)
            other, problem = await self._other(session, program, person, with_user)
            if problem:
                errors["with"] = problem
            if errors or entry is None:
                return None, errors
            reply = await self._record(
                session, tenant, program, person, other, entry.day, entry.hours,
                entry.activity, entry.note, MODAL, f"{MODAL}:{request_id}",
            )  # fmt: skip
            return reply, {}

    # -- what members see --------------------------------------------------------------------

    async def summary(self, tenant: Tenant, user_id: str, argument: str | None) -> Message:
        """`/mentor hours [year]`: credit for a credit period, and what didn't count and why."""
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            person = await self._person(session, program, user_id)
            period = member_period(argument, self._today(person), program.credit_start_month)
            credit, _ = await self._tally(session, program, user_id, period)
            return summary_message(credit, explicit_year=bool((argument or "").strip()))

    async def home_line(self, tenant: Tenant, user_id: str) -> str | None:
        """One line for the member's Home tab; None for someone who isn't a member."""
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            return await self.home_line_in(session, program, user_id)

    async def home_line_in(
        self, session: AsyncSession, program: Program, user_id: str
    ) -> str | None:
        """`home_line` inside the caller's unit of work."""
        try:
            person = await self._person(session, program, user_id)
        except MembershipError:
            return None
        period = period_of(self._today(person), program.credit_start_month)
        credit, _ = await self._tally(session, program, user_id, period)
        if not credit.entries:
            return say.HOME_NONE.format(period=period.label)
        return say.HOME_LINE.format(
            period=period.label,
            credited=say.number(credit.credited),
            cap=say.number(credit.rules.cap),
            logged=say.number(credit.logged),
        )

    # -- exports -----------------------------------------------------------------------------

    async def export_mine(self, tenant: Tenant, user_id: str, argument: str | None) -> str:
        """`/mentor hours export [year]`: the member's own hours as a CSV file, sent to them."""
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            person = await self._person(session, program, user_id)
            period = member_period(argument, self._today(person), program.credit_start_month)
            credit, rows = await self._tally(session, program, user_id, period)
        words = period_words(period)
        if not credit.entries:
            return say.EXPORT_EMPTY_MINE.format(period=words)
        names = await self._labels(tenant, [rows[c.entry.key].with_user for c in credit.entries])
        content = csv_bytes(
            MEMBER_COLUMNS,
            (_row(c, rows[c.entry.key], credit.rules, names) for c in credit.entries),
        )
        file = FileToSend(
            filename=f"mentoring-hours-{period_slug(period)}.csv",
            content=content,
            title=say.EXPORT_TITLE_MINE.format(period=words),
            comment=say.EXPORT_COMMENT_MINE.format(
                period=words,
                count=len(credit.entries),
                entries=_entries_word(len(credit.entries)),
                credited=say.hours(credit.credited),
            ),
        )
        return await self._send(tenant, user_id, file)

    async def export_all(self, tenant: Tenant, coordinator: str, argument: str | None) -> str:
        """`/mentor admin hours export [year | from to]`: everyone's hours, with credit columns.

        The cap is applied per member and credit period, so the whole periods a date range
        touches are read, and only the rows inside the range are written.
        """
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            require_coordinator(program, coordinator, "hours")
            today = self._clock().astimezone(ZoneInfo(program.timezone)).date()
            period = coordinator_period(argument, today, program.credit_start_month)
            start_month = program.credit_start_month
            first = period_of(period.start, start_month).start
            end = period_of(period.last_day, start_month).end
            rows = await self._entries(session, program, first, end)
            overrides = await self._overrides(session, program)
            rules = rules_of(program)
        by_id = {r.id: r for r in rows}
        groups: dict[tuple[str, date], list[LoggedHours]] = {}
        for entry in _as_logged(rows, overrides):
            key = (by_id[entry.key].user_id, period_of(entry.day, start_month).start)
            groups.setdefault(key, []).append(entry)
        credited = [c for entries in groups.values() for c in allocate(entries, rules.cap)]
        inside = [c for c in credited if c.entry.day in period]
        inside.sort(key=lambda c: (by_id[c.entry.key].user_id, c.entry.day, c.entry.key))
        words = period_words(period)
        if not inside:
            return say.EXPORT_EMPTY_ALL.format(period=words)
        people = [by_id[c.entry.key].user_id for c in inside]
        names = await self._labels(tenant, people + [by_id[c.entry.key].with_user for c in inside])
        content = csv_bytes(
            ALL_COLUMNS,
            (
                (
                    *_person(names, by_id[c.entry.key].user_id),
                    *_row(c, by_id[c.entry.key], rules, names),
                )
                for c in inside
            ),
        )
        members = len({by_id[c.entry.key].user_id for c in inside})
        file = FileToSend(
            filename=f"mentoring-hours-everyone-{period_slug(period)}.csv",
            content=content,
            title=say.EXPORT_TITLE_ALL.format(period=words),
            comment=say.EXPORT_COMMENT_ALL.format(
                period=words, count=len(inside), entries=_entries_word(len(inside)),
                members=members, people="member" if members == 1 else "members",
                cap=say.number(rules.cap),
            ),
        )  # fmt: skip
        return await self._send(tenant, coordinator, file)

    async def _labels(
        self, tenant: Tenant, user_ids: Iterable[str | None]
    ) -> dict[str, PersonLabel]:
        """Names and organizations for a file; without a directory, ids only."""
        if self._people is None:
            return {}
        return await self._people.labels(tenant, (u for u in user_ids if u))

    async def _send(self, tenant: Tenant, user_id: str, file: FileToSend) -> str:
        if self._files is None:
            raise RuntimeError("Hours was built without a FileSender; exports need one")
        try:
            await self._files.send_file(tenant, user_id, file)
        except DeliveryError as exc:
            return say.EXPORT_FAILED.format(reason=exc.reason)
        return say.EXPORT_SENT

    # -- the PD-credit statement (a PDF) -------------------------------------------------------

    async def statement(self, tenant: Tenant, user_id: str, argument: str | None) -> str:
        """`/mentor hours statement [year]`: the member's statement as a PDF in their DM.

        The same tally as `/mentor hours`, so the totals match; read in one read-only unit of
        work (the member has applied, so the program exists and nothing is created).
        """
        async with self._db.read(tenant) as session:
            program = await repo.get_program(session, tenant)
            if program is None:
                raise MembershipError(text.NOT_APPLIED)
            person = await self._person(session, program, user_id)
            today = self._today(person)
            period = member_period(argument, today, program.credit_start_month)
            credit, rows = await self._tally(session, program, user_id, period)
            orgs = await _organizations(session, program, [user_id, *_partners(rows)])
            found = await session.scalar(
                select(StatementVerification).where(
                    StatementVerification.program_id == program.id,
                    StatementVerification.user_id == user_id,
                    StatementVerification.year == period.year,
                )
            )
            checked = (found.verified_by, found.verified_at) if found else None
            zone = ZoneInfo(program.timezone)
            name = program.name
        statement = await self._build(
            tenant, user_id, name, credit, rows, orgs, today, checked, zone
        )
        return await self._send_statement(tenant, user_id, statement)

    async def issue_statements(self, tenant: Tenant, coordinator: str, argument: str | None) -> str:
        """`/mentor admin hours statements [year]`: a verified statement for everyone with hours
        in the period, each in their DM.

        The verifications are stored first, in one transaction, so a send that fails loses
        nothing: the member's own `/mentor hours statement` shows the verification too. Files go
        one at a time (each upload waits for the one before), which keeps within the platform's
        file-upload rate limits without a queue; a failed send is named to the coordinator.
        """
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            require_coordinator(program, coordinator, "hours")
            zone = ZoneInfo(program.timezone)
            now = self._clock()
            today = now.astimezone(zone).date()
            typed = (argument or "").strip()
            if typed and not YEAR_LIKE.fullmatch(typed):  # a year out of range: member_period
                shown = typed[:40]
                raise HoursError(say.ADMIN_STATEMENTS_UNREADABLE.format(typed=shown))
            period = member_period(argument, today, program.credit_start_month)
            users = list(
                await session.scalars(
                    select(HoursEntry.user_id)
                    .where(
                        HoursEntry.program_id == program.id,
                        HoursEntry.worked_on >= period.start,
                        HoursEntry.worked_on < period.end,
                    )
                    .distinct()
                    .order_by(HoursEntry.user_id)
                )
            )
            parts = []
            for user in users:
                await _verify(session, tenant, program, user, period.year, coordinator, now)
                credit, rows = await self._tally(session, program, user, period)
                parts.append((user, credit, rows))
            partners = [p for _, _, rows in parts for p in _partners(rows)]
            orgs = await _organizations(session, program, [*users, *partners])
            name = program.name
        words = period_words(period)
        if not parts:
            return say.STATEMENTS_NONE.format(period=words)
        failed: list[str] = []
        for user, credit, rows in parts:
            statement = await self._build(
                tenant, user, name, credit, rows, orgs, today, (coordinator, now), zone
            )
            if await self._send_statement(tenant, user, statement) != say.STATEMENT_SENT:
                failed.append(f"<@{user}>")
        sent = len(parts) - len(failed)
        lines = [
            say.STATEMENTS_SENT.format(
                period=words, count=sent, people="member" if sent == 1 else "members"
            )
        ]
        if failed:
            lines.append(
                say.STATEMENTS_FAILED.format(
                    count=len(failed), who=", ".join(failed), year=period.year
                )
            )
        return " ".join(lines)

    async def _build(
        self, tenant: Tenant, user_id: str, program: str, credit: Tally,
        rows: dict[int, HoursEntry], orgs: dict[str, str], today: date,
        checked: tuple[str, datetime] | None, zone: ZoneInfo,
    ) -> Statement:  # fmt: skip
        """The statement, with names from the people directory (outside any transaction)."""
        wanted = [user_id, *_partners(rows), *([checked[0]] if checked else [])]
        names = await self._names(tenant, wanted)
        verification = (
            Verification(names[checked[0]], checked[1].astimezone(zone).date()) if checked else None
        )
        return build_statement(
            credit,
            member=names[user_id],
            organization=orgs.get(user_id, ""),
            program=program,
            activities={key: row.activity for key, row in rows.items()},
            people={u: (names[u], orgs.get(u, "")) for u in _partners(rows)},
            issued_on=today,
            verification=verification,
        )

    async def _names(self, tenant: Tenant, user_ids: list[str]) -> dict[str, str]:
        """Each id's name; the id itself when nobody knows a name (or without a directory)."""
        found = await self._people.names(tenant, user_ids) if self._people else {}
        return {u: (found[u].name if u in found and found[u].name else u) for u in user_ids}

    async def _send_statement(self, tenant: Tenant, user_id: str, statement: Statement) -> str:
        # Rendering is CPU work: a worker thread keeps the event loop (and acks) free.
        content = await asyncio.to_thread(statement_pdf.render, statement)
        unit = "hour" if statement.credited == 1 else "hours"
        verified = statement.verification is not None
        comment = say.STATEMENT_COMMENT_VERIFIED if verified else say.STATEMENT_COMMENT
        file = FileToSend(
            filename=f"mentoring-pd-statement-{statement.year}.pdf",
            content=content,
            title=say.STATEMENT_FILE_TITLE.format(period=statement.period),
            comment=comment.format(
                period=statement.period, credited=say.number(statement.credited), unit=unit
            ),
        )
        answer = await self._send(tenant, user_id, file)
        return say.STATEMENT_SENT if answer == say.EXPORT_SENT else answer

    # -- coordinators: the same-organization override ------------------------------------------

    async def set_override(self, tenant: Tenant, coordinator: str, argument: str | None) -> str:
        """`/mentor admin credit @mentor @mentee on|off`."""
        first, second, allowed = parse_override_argument(argument)
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            require_coordinator(program, coordinator, "credit")
            apps: list[ApplicationRow] = []
            for user in (first, second):
                member = await repo.get_member(session, program, user)
                if member is None or member.application is None:
                    raise HoursError(say.WITH_NOT_MEMBER.format(user=user, program=program.name))
                apps.append(member.application)
            a, b = _pair_key(first, second)
            now = self._clock()
            created = await repo.insert_if_absent(
                session, CreditOverride, platform=tenant.platform,
                workspace_id=tenant.workspace_id, program_id=program.id, member_a=a, member_b=b,
                allowed=allowed, set_by=coordinator, set_at=now,
            )  # fmt: skip
            if not created:
                await session.execute(
                    update(CreditOverride)
                    .where(
                        CreditOverride.program_id == program.id,
                        CreditOverride.member_a == a,
                        CreditOverride.member_b == b,
                    )
                    .values(allowed=allowed, set_by=coordinator, set_at=now)
                )
        if not allowed:
            return say.CREDIT_OFF.format(a=first, b=second)
        if same_organization(apps[0].organization, apps[1].organization):
            return say.CREDIT_ON.format(a=first, b=second, organization=apps[0].organization)
        return say.CREDIT_ON_DIFFERENT_ORGS.format(a=first, b=second)


# -- check-ins -------------------------------------------------------------------------------


async def log_checkin_hours(
    session: AsyncSession, tenant: Tenant, program: Program, row: CheckIn, pair: Pairing,
    now: datetime,
) -> bool:  # fmt: skip
    """Hours reported in a check-in answer become an hours entry, once per check-in (the
    entry's unique checkin_id). Dated the day the member answered, in their time zone."""
    if not row.hours:
        return False
    other = pair.mentee_id if row.user_id == pair.mentor_id else pair.mentor_id
    found = await session.execute(
        select(Member.user_id, ApplicationRow)
        .join(ApplicationRow, ApplicationRow.member_id == Member.id)
        .where(
            Member.program_id == program.id,
            Member.user_id.in_((row.user_id, other)),
        )
    )
    apps = {user: application for user, application in found.all()}
    mine, theirs = apps.get(row.user_id), apps.get(other)
    zone = ZoneInfo(mine.timezone if mine else program.timezone)
    same = bool(mine and theirs and same_organization(mine.organization, theirs.organization))
    return await repo.insert_if_absent(
        session, HoursEntry, platform=tenant.platform, workspace_id=tenant.workspace_id,
        program_id=program.id, user_id=row.user_id, worked_on=now.astimezone(zone).date(),
        hours=row.hours, activity=MEETING, with_user=other, pairing_id=pair.id,
        same_org=same,
        note=None,  # the check-in's note is for the coordinators only; it stays there
        source=CHECKIN, checkin_id=row.id, created_at=now,
    )  # fmt: skip


# -- statements ------------------------------------------------------------------------------


def _partners(rows: dict[int, HoursEntry]) -> list[str]:
    return list(dict.fromkeys(r.with_user for r in rows.values() if r.with_user))


async def _organizations(
    session: AsyncSession, program: Program, user_ids: list[str]
) -> dict[str, str]:
    """Each member's organization, from their application."""
    found = await session.execute(
        select(Member.user_id, ApplicationRow.organization)
        .join(ApplicationRow, ApplicationRow.member_id == Member.id)
        .where(Member.program_id == program.id, Member.user_id.in_(set(user_ids)))
    )
    return {user: org or "" for user, org in found.all()}


async def _verify(
    session: AsyncSession, tenant: Tenant, program: Program, user_id: str, year: int,
    coordinator: str, now: datetime,
) -> None:  # fmt: skip
    """Record (or renew) a coordinator's verification of a member's statement for `year`."""
    created = await repo.insert_if_absent(
        session, StatementVerification, platform=tenant.platform,
        workspace_id=tenant.workspace_id, program_id=program.id, user_id=user_id, year=year,
        verified_by=coordinator, verified_at=now,
    )  # fmt: skip
    if not created:
        await session.execute(
            update(StatementVerification)
            .where(
                StatementVerification.program_id == program.id,
                StatementVerification.user_id == user_id,
                StatementVerification.year == year,
            )
            .values(verified_by=coordinator, verified_at=now)
        )


# -- pure helpers ----------------------------------------------------------------------------


async def _pairing_between(
    session: AsyncSession, program: Program, user_id: str, other_id: str | None
) -> int | None:
    """The two members' pairing (the latest), so hours can be read per pair."""
    if other_id is None:
        return None
    return await session.scalar(
        select(Pairing.id)
        .where(
            Pairing.program_id == program.id,
            or_(
                (Pairing.mentor_id == user_id) & (Pairing.mentee_id == other_id),
                (Pairing.mentor_id == other_id) & (Pairing.mentee_id == user_id),
            ),
        )
        .order_by(Pairing.id.desc())
        .limit(1)
    )


def _chosen(values: RawValues) -> str | None:
    chosen = values.get("with")
    if isinstance(chosen, list):
        return chosen[0] if chosen else None
    return chosen or None


def _as_logged(rows: Iterable[HoursEntry], overrides: set[tuple[str, str]]) -> list[LoggedHours]:
    return [
        LoggedHours(
            key=r.id,
            day=r.worked_on,
            hours=r.hours,
            with_user=r.with_user,
            same_org=r.same_org,
            overridden=r.with_user is not None and _pair_key(r.user_id, r.with_user) in overrides,
        )
        for r in rows
    ]


def _credit_sentence(credit: Tally) -> str:
    return say.SUMMARY_CREDIT.format(
        credited=say.number(credit.credited),
        unit="hour" if credit.credited == 1 else "hours",
        cap=say.number(credit.rules.cap),
        period=credit.period.label,
    )


SAME_ORG_SHOWN = 5  # people named in the summary's same-organization lines


def summary_message(credit: Tally, *, explicit_year: bool) -> Message:
    period = credit.period.label
    year = f" {credit.period.year}" if explicit_year else ""
    footer = say.SUMMARY_FOOTER.format(year=year)
    header = say.SUMMARY_HEADER.format(period=period)
    if not credit.entries:
        none = say.SUMMARY_NONE.format(period=period)
        return Message(text=none, header=header, paragraphs=(none,), footer=footer)
    count = len(credit.entries)
    paragraphs = [
        _credit_sentence(credit),
        say.SUMMARY_LOGGED.format(
            total=say.hours(credit.logged), count=count, entries=_entries_word(count),
            start=date_text(credit.period.start), end=date_text(credit.period.last_day),
        ),
    ]  # fmt: skip
    same_org = list(credit.same_org_by_person().items())
    for user, amount in same_org[:SAME_ORG_SHOWN]:
        paragraphs.append(
            say.SUMMARY_SAME_ORG.format(
                amount=say.hours(amount), user=user, verb="doesn't" if amount == 1 else "don't"
            )
        )
    if len(same_org) > SAME_ORG_SHOWN:  # one line a person would outgrow a message
        rest = same_org[SAME_ORG_SHOWN:]
        paragraphs.append(
            say.SUMMARY_SAME_ORG_MORE.format(
                people=len(rest), amount=say.hours(sum(a for _, a in rest)), year=year
            )
        )
    if credit.over_cap:
        one = credit.over_cap == 1
        paragraphs.append(
            say.SUMMARY_OVER_CAP.format(
                amount=say.number(credit.over_cap), unit="hour" if one else "hours",
                verb="is" if one else "are",
                cap=say.number(credit.rules.cap), pronoun="it" if one else "they",
                negation="doesn't" if one else "don't",
            )
        )  # fmt: skip
    requirement = credit.rules.requirement
    if requirement and credit.requirement_left:
        paragraphs.append(
            say.SUMMARY_REQUIREMENT.format(
                requirement=say.number(requirement), period=period,
                credited=say.hours(credit.credited),
                percent=round(100 * credit.credited / requirement),
                left=say.hours(credit.requirement_left).capitalize(),
            )
        )  # fmt: skip
    elif requirement:
        paragraphs.append(
            say.SUMMARY_REQUIREMENT_MET.format(requirement=say.number(requirement), period=period)
        )
    return Message(
        text=paragraphs[0].replace("*", ""), header=header, paragraphs=tuple(paragraphs),
        footer=footer,
    )  # fmt: skip


def _entries_word(count: int) -> str:
    return "entry" if count == 1 else "entries"


def _person(names: dict[str, PersonLabel], user_id: str | None) -> tuple[str, str, str]:
    """(id, name, organization) cells; blanks for a name or organization nobody knows."""
    if not user_id:
        return ("", "", "")
    label = names.get(user_id)
    return (user_id, label.name, label.organization) if label else (user_id, "", "")


def _row(
    c: Credited, row: HoursEntry, rules: CreditRules, names: dict[str, PersonLabel]
) -> tuple[str, ...]:
    if c.credited == c.entry.hours:
        eligible = say.CSV_YES
    elif c.credited:
        eligible = say.CSV_PART
    else:
        eligible = say.CSV_NO
    why = say.CSV_WHY[c.reason].format(cap=say.number(rules.cap)) if c.reason else ""
    return (
        row.worked_on.isoformat(),
        say.number(row.hours),
        say.ACTIVITY_LABELS.get(row.activity, row.activity),
        *_person(names, row.with_user),
        say.SOURCE_LABELS.get(row.source, row.source),
        row.note or "",
        eligible,
        say.number(c.credited),
        why,
    )
