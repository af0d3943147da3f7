"""The people directory: names cached per workspace, refreshed weekly, never failing a caller;
and the hours exports that show them (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from bot.mentoring.awards.use_cases import Awards
from bot.mentoring.hours.use_cases import Hours
from bot.mentoring.membership.use_cases import Membership
from bot.mentoring.models import Tenant
from bot.mentoring.my_data.use_cases import MyData
from bot.mentoring.people.directory import People, PersonLabel
from bot.mentoring.ports import DirectoryUnavailable, PersonName, PersonState
from handlers.slack.directory import Bucket
from outbox.store import SqlOutbox
from storage.database import Database
from tests.conftest import MovableClock
from tests.mentoring.awards import test_awards
from tests.mentoring.hours.test_hours import (
    ACME,
    ANA,
    BEN,
    COORD,
    MENTEE,
    OTHER,
    RecordingFiles,
    files,
    members,
    membership,
)
from tests.mentoring.membership.test_membership import answer

__all__ = ["files", "membership"]  # fixtures shared with the hours tests


class FakeProfiles:
    """The platform: a name per id; ids it has never heard of are NOT_FOUND."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = dict(names)
        self.deactivated: set[str] = set()
        self.calls: list[str] = []
        self.down = False

    async def lookup(self, tenant: Tenant, user_id: str) -> PersonName:
        self.calls.append(user_id)
        if self.down:
            raise DirectoryUnavailable("timeout")
        if user_id not in self.names:
            return PersonName(user_id, state=PersonState.NOT_FOUND)
        state = PersonState.DEACTIVATED if user_id in self.deactivated else PersonState.ACTIVE
        return PersonName(user_id, display_name=None, real_name=self.names[user_id], state=state)

    async def channel_name(self, tenant: Tenant, channel_id: str) -> str | None:
        return {"C0MENTORING": "mentoring"}.get(channel_id)


NAMES = {ANA: "Ana Alvarez", BEN: "Ben Brooks", MENTEE: "Mia Mentee", COORD: "Casey Coord"}


async def test_names_are_cached_refreshed_weekly_and_per_workspace(
    db: Database, clock: MovableClock
) -> None:
    profiles = FakeProfiles(NAMES)
    people = People(db, profiles, clock)
    assert (await people.names(ACME, [ANA, BEN, ANA]))[ANA].name == "Ana Alvarez"
    assert profiles.calls == [ANA, BEN]

    profiles.names[ANA] = "Ana Alvarez-Ortiz"
    clock.set(clock.now + timedelta(days=6))
    assert (await people.names(ACME, [ANA]))[ANA].name == "Ana Alvarez"  # cached
    assert profiles.calls == [ANA, BEN]
    clock.set(clock.now + timedelta(days=2))  # over a week old: asked again
    assert (await people.names(ACME, [ANA]))[ANA].name == "Ana Alvarez-Ortiz"
    assert profiles.calls == [ANA, BEN, ANA]

    await people.names(OTHER, [ANA])  # another workspace has its own cache
    assert profiles.calls[-1] == ANA and len(profiles.calls) == 4


async def test_unknown_deactivated_and_an_outage_fall_back_without_failing(
    db: Database, clock: MovableClock
) -> None:
    profiles = FakeProfiles(NAMES)
    profiles.deactivated.add(BEN)
    people = People(db, profiles, clock)
    labels = await people.labels(ACME, [ANA, BEN, "U0GONE"])
    assert str(labels[ANA]) == "Ana Alvarez (U0ANA)"
    assert labels[BEN].name == "Ben Brooks (deactivated)"
    assert str(labels["U0GONE"]) == "U0GONE"

    # The platform is down: cached names stand in, unknown ids stay ids, and one failure
    # stops the lookups (no minute-long wait on a dead service).
    profiles.down = True
    clock.set(clock.now + timedelta(days=8))
    calls = len(profiles.calls)
    names = await people.names(ACME, [ANA, "U0NEW1", "U0NEW2"])
    assert [names[u].name for u in (ANA, "U0NEW1", "U0NEW2")] == ["Ana Alvarez", "", ""]
    assert len(profiles.calls) == calls + 1


async def test_lookups_per_call_are_bounded(db: Database, clock: MovableClock) -> None:
    profiles = FakeProfiles({f"U0P{n:03d}": f"Person {n}" for n in range(10)})
    people = People(db, profiles, clock, max_lookups=4)
    ids = [f"U0P{n:03d}" for n in range(10)]
    first = await people.names(ACME, ids)
    assert len(profiles.calls) == 4 and sum(1 for p in first.values() if p.name) == 4
    await people.names(ACME, ids)
    await people.names(ACME, ids)
    assert all(p.name for p in (await people.names(ACME, ids)).values())
    assert len(profiles.calls) == 10  # each person looked up once


async def test_remember_fills_the_cache_without_a_lookup(db: Database, clock: MovableClock) -> None:
    profiles = FakeProfiles({})
    people = People(db, profiles, clock)
    await people.remember(ACME, PersonName(ANA, display_name="ana", real_name="Ana Alvarez"))
    assert (await people.names(ACME, [ANA]))[ANA].name == "Ana Alvarez"  # the full name, for files
    assert profiles.calls == []


async def test_readable_names_people_and_channels_for_the_cli(
    db: Database, clock: MovableClock
) -> None:
    people = People(db, FakeProfiles(NAMES), clock)
    line = "Check-in for U0MENTEE due Mon, Jan 4, 2027 skipped: their match <@U0ANA> is paused"
    assert await people.readable(ACME, line) == (
        "Check-in for Mia Mentee (U0MENTEE) due Mon, Jan 4, 2027 skipped: their match "
        "Ana Alvarez (U0ANA) is paused"
    )
    assert await people.readable(ACME, "post to C0MENTORING failed") == (
        "post to #mentoring (C0MENTORING) failed"
    )


async def test_pacing_bursts_then_waits_for_the_rate() -> None:
    slept: list[float] = []
    now = [0.0]

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    bucket = Bucket(per_minute=100, burst=3, sleep=sleep, monotonic=lambda: now[0])
    for _ in range(5):
        await bucket.take()
    assert slept == [0.6, 0.6]  # 3 at once, then one every 0.6 s (100 a minute)


async def test_hours_exports_carry_name_and_organization(
    db: Database, membership: Membership, files: RecordingFiles, clock: MovableClock
) -> None:
    people = People(db, FakeProfiles(NAMES), clock)
    hours = Hours(db, membership, files, clock, people=people)
    await members(membership, clock)
    await hours.log(ACME, ANA, "2h with <@U0MENTEE>", "t1")
    await hours.log(ACME, BEN, "1h", "t2")

    await hours.export_all(ACME, COORD, "2027")
    rows = files.rows()
    assert [
        (r["member_user_id"], r["member_name"], r["member_organization"], r["with_name"],
         r["with_organization"])
        for r in rows
    ] == [
        (ANA, "Ana Alvarez", "City of Boulder", "Mia Mentee", "Town of Lyons"),
        (BEN, "Ben Brooks", "city of  BOULDER", "", ""),
    ]  # fmt: skip

    await hours.export_mine(ACME, ANA, "2027")
    (row,) = files.rows()
    assert (row["with_user_id"], row["with_name"]) == (MENTEE, "Mia Mentee")


def test_a_label_without_a_name_is_the_id() -> None:
    assert str(PersonLabel("U0X", "", "")) == "U0X"


async def test_deleting_ones_data_forgets_the_cached_name(
    db: Database, membership: Membership, clock: MovableClock
) -> None:
    people = People(db, None, clock)  # cache only: nothing could fetch the name back
    await membership.submit(ACME, ANA, answer())
    await people.remember(ACME, PersonName(ANA, real_name="Ana Alvarez"))
    await people.remember(OTHER, PersonName(ANA, real_name="Ana Alvarez"))
    await membership.leave(ACME, ANA)
    await MyData(db, membership, RecordingFiles(), SqlOutbox(), clock).delete(ACME, ANA)
    assert (await people.names(ACME, [ANA]))[ANA].name == ""
    assert (await people.names(OTHER, [ANA]))[ANA].name == "Ana Alvarez"  # another workspace


async def test_the_nominations_file_names_nominees_and_nominators(
    db: Database, clock: MovableClock
) -> None:
    h = test_awards.Harness(db, clock)
    await h.members()
    names = {test_awards.ANA: "Ana Alvarez", test_awards.BEN: "=Ben Brooks"}
    h.awards = Awards(
        db, h.membership, SqlOutbox(), h.files, clock, people=People(db, FakeProfiles(names), clock)
    )
    cycle = await h.open_cycle()
    clock.set(test_awards._local(1, 10))
    await h.awards.nominate(ACME, test_awards.ANA, cycle, test_awards.why(test_awards.BEN), None)
    await h.awards.export(ACME, test_awards.COORD, cycle)
    [(_, file)] = h.files.sent
    (row,) = csv.DictReader(io.StringIO(file.content.decode()))
    assert [row[k] for k in ("nominee", "nominee_name", "nominee_organization")] == [
        test_awards.BEN, "'=Ben Brooks", "City of Springfield",  # a name is never a formula
    ]  # fmt: skip
    assert [row[k] for k in ("nominator", "nominator_name")] == [test_awards.ANA, "Ana Alvarez"]
