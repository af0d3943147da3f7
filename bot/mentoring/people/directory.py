"""The people directory: who a Slack id is, for text read outside Slack (CSV files, the CLI).

Inside Slack a `<@U…>` mention renders as the person's name, so messages keep mentions. A CSV
file or a terminal shows the raw id, so exports and the CLI ask here. Names are cached per
workspace in the `people` table (filled for free when someone opens the application form) and
looked up again through the Profiles port when a week old. A lookup that fails never fails the
caller: the stale name, or else the bare id, is used, and the next call tries again.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mentoring.clock import Clock
from bot.mentoring.models import Tenant
from bot.mentoring.ports import DirectoryUnavailable, PersonName, PersonState, Profiles
from storage.database import Database
from storage.models import ApplicationRow, Member, Person, Program

log = logging.getLogger(__name__)

# Names change rarely; a week keeps exports right without a lookup per row each time.
STALE_AFTER = timedelta(days=7)
# Lookups per call. Slack allows users.info about 100 a minute (tier 4), so a first export of
# a large program fills the cache over a few calls instead of keeping the coordinator waiting
# for minutes; everyone who applied is cached already (at the application form).
MAX_LOOKUPS = 120
# `<@U123>` mentions, `<#C123>` / `<#C123|name>` channel links, and bare ids in plain text.
_MENTION = re.compile(r"<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]{2,})(?:\|([^>]*))?>")
# A bare id has a digit, so capitalized words ("UPDATED") are left alone.
_BARE_USER = re.compile(r"(?<![<@\w])([UW](?=[A-Z]*\d)[A-Z0-9]{6,})\b")
_BARE_CHANNEL = re.compile(r"(?<![<#\w])([CG](?=[A-Z]*\d)[A-Z0-9]{6,})\b")


@dataclass(frozen=True)
class PersonLabel:
    """A person as a coordinator's file shows them: id, name and organization side by side."""

    user_id: str
    name: str  # "" when the platform has no name for them
    organization: str  # "" when they haven't applied

    def __str__(self) -> str:
        """ "Ana Alvarez (U0ANA)", or the bare id when no name is known."""
        return f"{self.name} ({self.user_id})" if self.name else self.user_id


def _shown_name(person: PersonName) -> str:
    if person.state is PersonState.DEACTIVATED and person.name:
        return f"{person.name} (deactivated)"
    return person.name


class People:
    def __init__(
        self,
        db: Database,
        profiles: Profiles | None,  # None: cached names only (tests, offline tools)
        clock: Clock | None = None,
        *,
        max_lookups: int = MAX_LOOKUPS,
    ) -> None:
        self._db = db
        self._profiles = profiles
        self._clock = clock or (lambda: datetime.now(UTC))
        self._max_lookups = max_lookups

    async def names(self, tenant: Tenant, user_ids: Iterable[str]) -> dict[str, PersonName]:
        """Every id's name: cached, looked up when missing or stale, else just the id."""
        wanted = list(dict.fromkeys(u for u in user_ids if u))
        if not wanted:
            return {}
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            cached = await self._cached(session, tenant, wanted)
        missing = [u for u in wanted if u not in cached]
        stale = [u for u in wanted if u in cached and now - cached[u][1] > STALE_AFTER]
        found = await self._look_up(tenant, (missing + stale)[: self._max_lookups])
        if found:
            async with self._db.transaction(tenant) as session:
                for person in found.values():
                    await _save(session, tenant, person, now)
        known = {u: person for u, (person, _) in cached.items()} | found
        return {u: known.get(u, PersonName(u)) for u in wanted}

    async def labels(self, tenant: Tenant, user_ids: Iterable[str]) -> dict[str, PersonLabel]:
        """Name and organization for each id, for CSV exports: one call per file.

        Other exports (applicants, pairs, match proposals) call this too, so every file a
        coordinator opens shows people the same way.
        """
        wanted = list(dict.fromkeys(u for u in user_ids if u))
        names = await self.names(tenant, wanted)
        async with self._db.transaction(tenant) as session:
            organizations = await _organizations(session, tenant, wanted)
        return {u: PersonLabel(u, _shown_name(names[u]), organizations.get(u, "")) for u in wanted}

    async def remember(self, tenant: Tenant, person: PersonName) -> None:
        """Cache a name the adapter learned anyway (users.info when the form opens)."""
        async with self._db.transaction(tenant) as session:
            await _save(session, tenant, person, self._clock())

    async def readable(self, tenant: Tenant, text: str) -> str:
        """`text` with user and channel ids replaced by names, for a terminal or a log."""
        users = set(_MENTION.findall(text)) | set(_BARE_USER.findall(text))
        channels = {c for c, _ in _CHANNEL.findall(text)} | set(_BARE_CHANNEL.findall(text))
        labels = await self.labels(tenant, sorted(users))
        channel_names = {c: await self._channel_name(tenant, c) for c in sorted(channels)}

        def person(match: re.Match[str]) -> str:
            return str(labels[match.group(1)]) if match.group(1) in labels else match.group(0)

        def channel(match: re.Match[str]) -> str:
            name = channel_names.get(match.group(1)) or (
                match.group(2) if match.lastindex and match.lastindex > 1 else None
            )
            return f"#{name} ({match.group(1)})" if name else match.group(1)

        text = _MENTION.sub(person, text)
        text = _CHANNEL.sub(channel, text)
        text = _BARE_USER.sub(person, text)
        return _BARE_CHANNEL.sub(channel, text)

    async def _channel_name(self, tenant: Tenant, channel_id: str) -> str | None:
        if self._profiles is None:
            return None
        try:
            return await self._profiles.channel_name(tenant, channel_id)
        except DirectoryUnavailable as exc:
            log.warning("could not look up a channel name", extra={"error": str(exc)})
            return None

    async def _look_up(self, tenant: Tenant, user_ids: list[str]) -> dict[str, PersonName]:
        found: dict[str, PersonName] = {}
        if self._profiles is None:
            return found
        for user_id in user_ids:
            try:
                found[user_id] = await self._profiles.lookup(tenant, user_id)
            except DirectoryUnavailable as exc:
                # The platform is down or limiting us: the rest would fail the same way, so
                # stop here; cached names or ids stand in, and the next call tries again.
                log.warning(
                    "people lookup unavailable; using cached names or ids",
                    extra={"error": str(exc), "looked_up": len(found), "left": len(user_ids)},
                )
                break
        return found

    async def _cached(
        self, session: AsyncSession, tenant: Tenant, user_ids: list[str]
    ) -> dict[str, tuple[PersonName, datetime]]:
        rows = await session.scalars(
            select(Person).where(
                Person.user_id.in_(user_ids),
            )
        )
        return {
            r.user_id: (
                PersonName(r.user_id, r.display_name, r.real_name, PersonState(r.state)),
                r.fetched_at,
            )
            for r in rows
        }


async def _organizations(
    session: AsyncSession, tenant: Tenant, user_ids: list[str]
) -> dict[str, str]:
    """The organization each applicant gave, in the tenant's program(s)."""
    if not user_ids:
        return {}
    rows = await session.execute(
        select(Member.user_id, ApplicationRow.organization)
        .join(ApplicationRow, ApplicationRow.member_id == Member.id)
        .join(Program, Program.id == Member.program_id)
        .where(
            Member.user_id.in_(user_ids),
        )
    )
    return {user: organization for user, organization in rows.all()}


async def _save(session: AsyncSession, tenant: Tenant, person: PersonName, now: datetime) -> None:
    """Insert or refresh one person's cached name (two processes may race: last one wins)."""
    values = {
        "display_name": (person.display_name or None) and person.display_name[:120],
        "real_name": (person.real_name or None) and person.real_name[:120],
        "state": person.state.value,
        "fetched_at": now,
    }
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    statement = insert(Person).values(
        platform=tenant.platform, workspace_id=tenant.workspace_id, user_id=person.user_id,
        **values,
    )  # fmt: skip
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["platform", "workspace_id", "user_id"], set_=values
        )
    )
