"""Coordinators' roster, pairs and check-ins exports: one CSV each, with names and
organizations from the people directory, never a check-in's private note (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.mentoring import messages as text
from bot.mentoring.errors import MembershipError, NotCoordinator
from bot.mentoring.exports import texts as say
from bot.mentoring.exports.use_cases import CHECKIN_COLUMNS, Exports
from bot.mentoring.hours import texts as hours_say
from bot.mentoring.membership.use_cases import Membership
from bot.mentoring.people.directory import People
from bot.mentoring.ports import DeliveryError
from storage.database import Database
from storage.models import CheckIn, Pairing
from tests.conftest import MovableClock
from tests.fakes import RecordingFiles
from tests.mentoring.hours.test_hours import (
    ACME,
    ANA,
    BEN,
    COORD,
    JUNE,
    MENTEE,
    files,
    members,
    membership,
)
from tests.mentoring.people.test_people import NAMES, FakeProfiles

__all__ = ["files", "membership"]  # fixtures shared with the hours tests

SECRET = "Privately: my mentor keeps cancelling"


@pytest.fixture
def exports(
    db: Database, membership: Membership, files: RecordingFiles, clock: MovableClock
) -> Exports:
    people = People(db, FakeProfiles(NAMES), clock)
    return Exports(db, membership, files, clock, people=people)


async def pair_with_checkins(db: Database, membership: Membership) -> None:
    """Ana mentors Mia since June 15, 2027; Mia answered a check-in with a private note."""
    async with db.transaction(ACME) as session:
        program = await membership.load_program(session, ACME)
        pair = Pairing(
            platform=ACME.platform, workspace_id=ACME.workspace_id, program_id=program.id,
            mentor_id=ANA, mentee_id=MENTEE, status="active", proposed_at=JUNE,
            started_at=JUNE, ends_on=(JUNE + timedelta(days=365)).date(),
            last_met_on=JUNE.date(),
        )  # fmt: skip
        session.add(pair)
        await session.flush()
        due = JUNE + timedelta(days=30)
        session.add_all([
            CheckIn(
                platform=ACME.platform, workspace_id=ACME.workspace_id, pairing_id=pair.id,
                program_id=program.id, user_id=MENTEE, kind="checkin", period=1, due_at=due,
                sent_at=due, answered_at=due + timedelta(days=1), mood="struggling", met=True,
                note=SECRET, help_requested=True,
            ),
            CheckIn(
                platform=ACME.platform, workspace_id=ACME.workspace_id, pairing_id=pair.id,
                program_id=program.id, user_id=ANA, kind="checkin", period=1, due_at=due,
                sent_at=due,
            ),
        ])  # fmt: skip


async def test_roster_has_names_organizations_and_current_pairs(
    db: Database, membership: Membership, files: RecordingFiles, exports: Exports,
    clock: MovableClock,
) -> None:  # fmt: skip
    await members(membership, clock)
    await pair_with_checkins(db, membership)
    assert await exports.export(ACME, COORD, "roster 2027") == hours_say.EXPORT_SENT
    ((to, file),) = files.sent
    assert to == COORD and file.filename == "mentoring-roster-2027.csv"
    rows = {r["user_id"]: r for r in files.rows()}
    assert set(rows) == {ANA, BEN, MENTEE}
    ana = rows[ANA]
    assert (ana["name"], ana["organization"], ana["role"], ana["status"]) == (
        "Ana Alvarez", "City of Boulder", "mentor", "applied",
    )  # fmt: skip
    assert (ana["current_pairs"], ana["pair_status"]) == ("Mia Mentee", "active")
    assert ana["applied_on"] == "2027-06-15"  # ISO, the program's day
    assert rows[MENTEE]["current_pairs"] == "Ana Alvarez"
    assert rows[BEN]["current_pairs"] == "" and rows[BEN]["organization"] == "city of  BOULDER"


async def test_pairs_have_both_names_dates_and_checkin_counts(
    db: Database, membership: Membership, files: RecordingFiles, exports: Exports,
    clock: MovableClock,
) -> None:  # fmt: skip
    await members(membership, clock)
    await pair_with_checkins(db, membership)
    await exports.export(ACME, COORD, "pairs 2027-06-01 2027-06-30")
    (row,) = files.rows()
    assert (row["mentor_name"], row["mentor_organization"]) == ("Ana Alvarez", "City of Boulder")
    assert (row["mentee_user_id"], row["mentee_name"], row["mentee_organization"]) == (
        MENTEE, "Mia Mentee", "Town of Lyons",
    )  # fmt: skip
    assert (row["status"], row["started_on"], row["last_met_on"]) == (
        "active", "2027-06-15", "2027-06-15",
    )  # fmt: skip
    assert (row["checkins_answered"], row["checkins_sent"]) == ("1", "2")
    # A period the pair didn't start in: nothing to export, and no file.
    answer = await exports.export(ACME, COORD, "pairs 2026")
    assert answer == say.EMPTY["pairs"].format(period="2026") and len(files.sent) == 1


async def test_checkins_never_carry_the_private_note(
    db: Database, membership: Membership, files: RecordingFiles, exports: Exports,
    clock: MovableClock,
) -> None:  # fmt: skip
    await members(membership, clock)
    await pair_with_checkins(db, membership)
    await exports.export(ACME, COORD, "checkins 2027")
    content = files.sent[-1][1].content.decode("utf-8-sig")
    assert SECRET not in content and "note" not in CHECKIN_COLUMNS
    assert "note" not in content.splitlines()[0]
    rows = {r["member_user_id"]: r for r in files.rows()}
    mia = rows[MENTEE]
    assert (mia["mentor_name"], mia["mentee_name"], mia["member_name"]) == (
        "Ana Alvarez", "Mia Mentee", "Mia Mentee",
    )  # fmt: skip
    assert (mia["mood"], mia["met"], mia["help_requested"], mia["answered_on"]) == (
        "struggling", "yes", "yes", "2027-07-16",
    )  # fmt: skip
    assert (rows[ANA]["answered_on"], rows[ANA]["sent"], rows[ANA]["mood"]) == ("", "yes", "")


async def test_only_coordinators_may_export(
    membership: Membership, files: RecordingFiles, exports: Exports, clock: MovableClock
) -> None:
    await members(membership, clock)
    with pytest.raises(NotCoordinator) as refused:
        await exports.export(ACME, ANA, "roster")
    assert str(refused.value) == text.COORDINATORS_ONLY.format(sub="export")
    assert files.sent == []


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        # The hours export's own messages: one period parser for both commands.
        ("roster someday", hours_say.ADMIN_PERIOD_UNREADABLE.format(typed="someday")),
        (
            "pairs 2027-06-30 2027-06-01",
            hours_say.ADMIN_PERIOD_BACKWARDS.format(start="2027-06-30", end="2027-06-01"),
        ),
        ("people", say.UNKNOWN_KIND.format(given="people")),
        ("", say.USAGE),
    ],
)
async def test_a_bad_period_or_kind_is_explained(
    membership: Membership, files: RecordingFiles, exports: Exports, clock: MovableClock,
    typed: str, problem: str,
) -> None:  # fmt: skip
    await members(membership, clock)
    with pytest.raises(MembershipError) as refused:
        await exports.export(ACME, COORD, typed)
    assert str(refused.value) == problem
    assert files.sent == []


async def test_a_refused_upload_is_said_and_cells_are_formula_safe(
    db: Database, membership: Membership, files: RecordingFiles, exports: Exports,
    clock: MovableClock,
) -> None:  # fmt: skip
    await members(membership, clock)
    await pair_with_checkins(db, membership)
    async with db.transaction(ACME) as session:
        for pair in await session.scalars(select(Pairing)):
            pair.status, pair.end_reason = "ended", '=HYPERLINK("http://x")'
    files.refuse = DeliveryError("ratelimited", permanent=False)
    assert await exports.export(ACME, COORD, "pairs") == hours_say.EXPORT_FAILED.format(
        reason="ratelimited"
    )
    files.refuse = None
    await exports.export(ACME, COORD, "pairs")
    (row,) = files.rows()
    assert row["end_reason"] == '\'=HYPERLINK("http://x")'  # text, not a formula
