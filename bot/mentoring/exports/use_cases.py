"""Coordinators' CSV exports with people's names: the roster, the pairs and the check-ins.

`/mentor admin export roster|pairs|checkins [year | YYYY-MM-DD YYYY-MM-DD]`. Each is one
read-only unit of work bound to the tenant; names and organizations come from the people
directory afterwards (cached users.info), and the file goes to the coordinator's DM through
the FileSender port, as the hours export does. The period is read by the hours export's parser,
so both commands take the same words and answer with the same messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mentoring import bounds
from bot.mentoring import messages as text
from bot.mentoring.clock import Clock
from bot.mentoring.csv_files import csv_bytes
from bot.mentoring.errors import MembershipError, NotCoordinator, require_coordinator
from bot.mentoring.exports import texts as say
from bot.mentoring.hours import texts as hours_say
from bot.mentoring.hours.credits import Period
from bot.mentoring.hours.form import coordinator_period, period_slug, period_words
from bot.mentoring.membership.use_cases import Membership
from bot.mentoring.models import OPEN_PAIRS, Tenant
from bot.mentoring.people.directory import People, PersonLabel
from bot.mentoring.ports import DeliveryError, FileSender, FileToSend
from storage import repositories as repo
from storage.database import Database
from storage.models import CheckIn, Member, Pairing, Program

ROSTER_COLUMNS = (
    "user_id", "name", "organization", "role", "track", "status", "paused_until",
    "current_pairs", "pair_status", "applied_on",
)  # fmt: skip
PAIR_COLUMNS = (
    "mentor_user_id", "mentor_name", "mentor_organization", "mentee_user_id", "mentee_name",
    "mentee_organization", "status", "proposed_on", "started_on", "ends_on", "ended_on",
    "end_reason", "last_met_on", "checkins_answered", "checkins_sent",
)  # fmt: skip
# No `note` column, ever: a check-in's note is private to the coordinators, who read it in
# their alerts inside the workspace; an exported file is forwarded, attached and kept.
CHECKIN_COLUMNS = (
    "mentor_name", "mentee_name", "member_user_id", "member_name", "kind", "period", "due_on",
    "sent", "answered_on", "mood", "met", "hours", "help_requested",
)  # fmt: skip

__all__ = ["CHECKIN_COLUMNS", "PAIR_COLUMNS", "ROSTER_COLUMNS", "Exports"]


class Exports:
    def __init__(
        self,
        db: Database,
        membership: Membership,
        files: FileSender | None = None,  # needed to send the file
        clock: Clock | None = None,
        *,
        people: People | None = None,  # names and organizations; ids only without it
    ) -> None:
        self._db = db
        self._membership = membership
        self._files = files
        self._clock = clock or (lambda: datetime.now(UTC))
        self._people = people

    async def export(self, tenant: Tenant, coordinator: str, argument: str | None) -> str:
        """`/mentor admin export roster|pairs|checkins [period]`: the file, sent to their DM."""
        async with self._db.read(tenant) as session:
            program = await repo.get_program(session, tenant)
            found = None
            if program is not None:
                found = await self._read(session, program, coordinator, argument)
        if found is None:
            # No program yet (so nothing to export): the bootstrap says who coordinates.
            return await self._nothing_yet(tenant, coordinator)
        kind, period, rows, people = found
        span = period_words(period)
        if not rows:
            return say.EMPTY[kind].format(period=span)
        names = await self._labels(tenant, people)
        columns = {"roster": ROSTER_COLUMNS, "pairs": PAIR_COLUMNS, "checkins": CHECKIN_COLUMNS}
        file = FileToSend(
            filename=f"mentoring-{kind}-{period_slug(period)}.csv",
            content=csv_bytes(columns[kind], ([cell(names) for cell in row] for row in rows)),
            title=say.TITLES[kind].format(period=span),
            comment=say.COMMENTS[kind].format(
                period=span, count=len(rows), rows=say.rows_word(len(rows))
            ),
        )
        if self._files is None:
            raise RuntimeError("Exports was built without a FileSender; it needs one")
        try:
            await self._files.send_file(tenant, coordinator, file)
        except DeliveryError as exc:
            return hours_say.EXPORT_FAILED.format(reason=exc.reason)
        return hours_say.EXPORT_SENT

    async def _read(
        self, session: AsyncSession, program: Program, coordinator: str, argument: str | None
    ) -> tuple[str, Period, list[Row], list[str]]:
        """Which file, for which period, and its rows (refusing anyone but a coordinator)."""
        require_coordinator(program, coordinator, "export")
        words = (argument or "").split()
        kind = words[0].lower() if words else ""
        if kind not in say.KINDS:
            if not kind:
                raise MembershipError(say.USAGE)
            raise MembershipError(say.UNKNOWN_KIND.format(given=bounds.shorten(kind, 40)))
        zone = ZoneInfo(program.timezone)
        today = self._clock().astimezone(zone).date()
        period = coordinator_period(" ".join(words[1:]) or None, today, program.credit_start_month)
        read = {"roster": _roster, "pairs": _pairs, "checkins": _checkins}[kind]
        rows, people = await read(session, program, period, zone)
        return kind, period, rows, people

    async def _nothing_yet(self, tenant: Tenant, coordinator: str) -> str:
        if not await self._membership.is_coordinator(tenant, coordinator):
            raise NotCoordinator(text.COORDINATORS_ONLY.format(sub="export"))
        return say.USAGE

    async def _labels(self, tenant: Tenant, user_ids: Iterable[str]) -> dict[str, PersonLabel]:
        if self._people is None:
            return {}
        return await self._people.labels(tenant, user_ids)


# A row is a list of cells, each a function of the names (looked up after the read).
Names = dict[str, PersonLabel]
Row = Sequence["Cell"]


class Cell:
    """A cell's text, once the names are known: plain text, or a person's name/organization."""

    def __init__(self, value: str = "", *, name_of: str | None = None, org_of: str | None = None):
        self.value, self.name_of, self.org_of = value, name_of, org_of

    def __call__(self, names: Names) -> str:
        if self.name_of is not None:
            label = names.get(self.name_of)
            return label.name if label and label.name else ""
        if self.org_of is not None:
            label = names.get(self.org_of)
            return label.organization if label else ""
        return self.value


def _t(value: object) -> Cell:
    return Cell("" if value is None else str(value))


def _day(moment: datetime | None, zone: ZoneInfo) -> str:
    """ISO date in the program's time zone; blank when it didn't happen."""
    return moment.astimezone(zone).date().isoformat() if moment else ""


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return say.CSV_YES if value else say.CSV_NO


def _inside(moment: datetime | None, period: Period, zone: ZoneInfo) -> bool:
    return moment is not None and moment.astimezone(zone).date() in period


def _window(period: Period) -> tuple[datetime, datetime]:
    """UTC instants that surely cover the period's local days (a day's slack each side)."""
    start = datetime.combine(period.start - timedelta(days=1), datetime.min.time(), UTC)
    return start, datetime.combine(period.end + timedelta(days=1), datetime.min.time(), UTC)


async def _roster(
    session: AsyncSession, program: Program, period: Period, zone: ZoneInfo
) -> tuple[list[Row], list[str]]:
    """Everyone who was a member during the period (joined by its end, not left before it)."""
    members = (
        await session.scalars(
            select(Member).where(Member.program_id == program.id).order_by(Member.user_id)
        )
    ).unique()
    inside = [
        m for m in members
        if m.joined_at.astimezone(zone).date() < period.end
        and (m.left_at is None or m.left_at.astimezone(zone).date() >= period.start)
    ]  # fmt: skip
    pairs = await session.scalars(
        select(Pairing)
        .where(Pairing.program_id == program.id, Pairing.status.in_(OPEN_PAIRS))
        .order_by(Pairing.id)
    )
    current: dict[str, list[tuple[str, str]]] = {}
    for p in pairs.unique():
        current.setdefault(p.mentor_id, []).append((p.mentee_id, p.status))
        current.setdefault(p.mentee_id, []).append((p.mentor_id, p.status))
    rows: list[Row] = []
    people = [m.user_id for m in inside]
    for m in inside:
        app = m.application
        others = current.get(m.user_id, [])
        people += [o for o, _ in others]
        rows.append((
            _t(m.user_id), Cell(name_of=m.user_id), Cell(org_of=m.user_id),
            _t(app.role if app else ""), _t(app.track if app else ""), _t(m.status),
            _t(_iso(m.paused_until)), _Partners(others), _t("; ".join(s for _, s in others)),
            _t(_day(app.submitted_at if app else m.joined_at, zone)),
        ))  # fmt: skip
    return rows, people


class _Partners(Cell):
    """The other person of each current pair, by name (the id when no name is known)."""

    def __init__(self, others: list[tuple[str, str]]) -> None:
        super().__init__()
        self.others = others

    def __call__(self, names: Names) -> str:
        return "; ".join(_name_or_id(names, other) for other, _ in self.others)


def _name_or_id(names: Names, user_id: str) -> str:
    label = names.get(user_id)
    return label.name if label and label.name else user_id


class _NameOrId(Cell):
    def __init__(self, user_id: str) -> None:
        super().__init__()
        self.user_id = user_id

    def __call__(self, names: Names) -> str:
        return _name_or_id(names, self.user_id)


async def _pairs(
    session: AsyncSession, program: Program, period: Period, zone: ZoneInfo
) -> tuple[list[Row], list[str]]:
    """Every pair proposed or started during the period, with its check-in counts."""
    low, high = _window(period)
    pairs = [
        p for p in (
            await session.scalars(
                select(Pairing).where(
                    Pairing.program_id == program.id,
                    ((Pairing.proposed_at >= low) & (Pairing.proposed_at < high))
                    | ((Pairing.started_at >= low) & (Pairing.started_at < high)),
                ).order_by(Pairing.proposed_at, Pairing.id)
            )
        ).unique()
        if _inside(p.proposed_at, period, zone) or _inside(p.started_at, period, zone)
    ]  # fmt: skip
    counts: dict[int, tuple[int, int]] = {}
    if pairs:
        found = await session.execute(
            select(CheckIn.pairing_id, func.count(CheckIn.answered_at), func.count(CheckIn.sent_at))
            .where(CheckIn.pairing_id.in_([p.id for p in pairs]))
            .group_by(CheckIn.pairing_id)
        )
        counts = {pid: (answered, sent) for pid, answered, sent in found.all()}
    rows: list[Row] = []
    people: list[str] = []
    for p in pairs:
        answered, sent = counts.get(p.id, (0, 0))
        people += [p.mentor_id, p.mentee_id]
        rows.append((
            _t(p.mentor_id), Cell(name_of=p.mentor_id), Cell(org_of=p.mentor_id),
            _t(p.mentee_id), Cell(name_of=p.mentee_id), Cell(org_of=p.mentee_id),
            _t(p.status), _t(_day(p.proposed_at, zone)), _t(_day(p.started_at, zone)),
            _t(_iso(p.ends_on)), _t(_day(p.ended_at, zone)), _t(p.end_reason),
            _t(_iso(p.last_met_on)), _t(answered), _t(sent),
        ))  # fmt: skip
    return rows, people


async def _checkins(
    session: AsyncSession, program: Program, period: Period, zone: ZoneInfo
) -> tuple[list[Row], list[str]]:
    """Every check-in due during the period. The private note is never read into a row."""
    low, high = _window(period)
    found = await session.execute(
        select(CheckIn, Pairing.mentor_id, Pairing.mentee_id)
        .join(Pairing, Pairing.id == CheckIn.pairing_id)
        .where(CheckIn.program_id == program.id, CheckIn.due_at >= low, CheckIn.due_at < high)
        .order_by(CheckIn.due_at, CheckIn.id)
    )
    rows: list[Row] = []
    people: list[str] = []
    for c, mentor, mentee in found.unique().all():
        if not _inside(c.due_at, period, zone):
            continue
        people += [mentor, mentee, c.user_id]
        rows.append((
            _NameOrId(mentor), _NameOrId(mentee), _t(c.user_id), Cell(name_of=c.user_id),
            _t(c.kind), _t(c.period), _t(_day(c.due_at, zone)), _t(_yes_no(c.sent_at is not None)),
            _t(_day(c.answered_at, zone)), _t(c.mood),
            _t(_yes_no(c.met)), _t("" if c.hours is None else hours_say.number(c.hours)),
            _t(_yes_no(c.help_requested)),
        ))  # fmt: skip
    return rows, people
