"""Mentoring hours use cases against a real database (SQLite and PostgreSQL): logging by
command, form and check-in, the summary's wording, the same-organization rule and its
override, and the CSV exports (read back from a recording FileSender)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.mentoring.checkins.use_cases import CheckIns
from bot.mentoring.commands import Command, parse
from bot.mentoring.errors import MembershipError, NotCoordinator
from bot.mentoring.hours.form import parse_duration, parse_log_argument
from bot.mentoring.hours.use_cases import Hours, HoursError
from bot.mentoring.membership.use_cases import Bootstrap, Membership
from bot.mentoring.models import Tenant
from bot.mentoring.ports import DeliveryError
from outbox.store import SqlOutbox
from storage.database import Database
from storage.models import HoursEntry
from tests.conftest import MovableClock
from tests.fakes import RecordingFiles
from tests.mentoring.checkins.test_checkins import checkin_of, make_pair
from tests.mentoring.membership.test_membership import answer

ACME = Tenant("slack", "T0ACME")
OTHER = Tenant("slack", "T0OTHER")
COORD, MENTOR, MENTEE = "U0COORD", "U0MENTOR", "U0MENTEE"
ANA, BEN, STRANGER = "U0ANA", "U0BEN", "U0STRANGER"
CHICAGO = "America/Chicago"
# Mid-2027, 18:00 UTC: the same day in Chicago and Kathmandu.
JUNE = datetime(2027, 6, 15, 18, tzinfo=UTC)


@pytest.fixture
def membership(db: Database, clock: MovableClock) -> Membership:
    return Membership(db, Bootstrap(coordinators=(COORD,), timezone=CHICAGO), clock)


@pytest.fixture
def files() -> RecordingFiles:
    return RecordingFiles()


@pytest.fixture
def hours(
    db: Database, membership: Membership, files: RecordingFiles, clock: MovableClock
) -> Hours:
    return Hours(db, membership, files, clock)


async def members(membership: Membership, clock: MovableClock) -> None:
    """Ana (City of Boulder) mentors; Ben is at Boulder too; Cara-like STRANGER never applied."""
    clock.set(JUNE)
    await membership.submit(ACME, ANA, answer(organization="City of Boulder"))
    mentee = answer(role="mentee", capacity=None, organization="city of  BOULDER")
    await membership.submit(ACME, BEN, mentee)
    await membership.submit(ACME, MENTEE, answer(role="mentee", capacity=None,
                                                 organization="Town of Lyons"))  # fmt: skip


async def entries(db: Database) -> list[HoursEntry]:
    async with db.transaction(all_tenants=True) as session:
        return list(await session.scalars(select(HoursEntry).order_by(HoursEntry.id)))


# -- what people type (pure) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.5h", 1.5), ("1.5 hours", 1.5), ("1,5 h", 1.5), ("90m", 1.5), ("90 minutes", 1.5),
        ("1h30m", 1.5), ("1h 30m", 1.5), ("1:30", 1.5), ("2", 2.0), ("15m", 0.25),
        ("12h", 12.0), ("1 hour", 1.0),
    ],
)  # fmt: skip
def test_durations_people_type(typed: str, expected: float) -> None:
    assert parse_duration(typed) == (expected, "")


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("0", "at least a quarter hour"),
        ("0h", "at least a quarter hour"),
        ("13h", "up to 12 hours"),
        ("abc", "couldn't read 'abc' as hours"),
        ("1h20m", "round to a quarter hour"),
        ("-1h", "couldn't read"),
        ("1.5x", "couldn't read"),
    ],
)
def test_durations_refused_with_a_reason(typed: str, problem: str) -> None:
    with pytest.raises(HoursError, match=problem):
        parse_duration(typed)


def test_log_argument_with_a_mention_and_a_note_keeping_its_case() -> None:
    request = parse_log_argument("1.5 hours with <@U0ANA|ana> Budget review, FY28 Plan")
    assert (request.hours, request.with_user, request.note) == (
        1.5,
        "U0ANA",
        "Budget review, FY28 Plan",
    )
    assert parse_log_argument("90m Prep for Council").note == "Prep for Council"
    assert parse_log_argument("1h").with_user is None
    with pytest.raises(HoursError, match="mention them"):
        parse_log_argument("1h with ana")
    with pytest.raises(HoursError, match="500 characters"):
        parse_log_argument("1h " + "x" * 501)


def test_the_mentor_grammar_hands_hours_commands_their_argument_with_its_case() -> None:
    assert parse("log") == Command("log")
    assert parse("Log 1.5h with <@U0ANA|ana> Budget Review") == Command(
        "log", "1.5h with <@U0ANA|ana> Budget Review"
    )
    assert parse("hours") == Command("hours") and parse("hours 2027") == Command("hours", "2027")
    assert parse("hours export 2027") == Command("hours", "export 2027")
    assert parse("admin hours export 2027-01-01 2027-03-31") == Command(
        "admin hours", "export 2027-01-01 2027-03-31"
    )
    assert parse("admin credit <@U0A> <@U0B> on") == Command("admin credit", "<@U0A> <@U0B> on")
    unknown = parse("hour")
    assert not isinstance(unknown, Command) and unknown.suggestion == "hours"


# -- logging ---------------------------------------------------------------------------------


async def test_log_by_command_summary_wording_and_same_org_rule(
    db: Database, membership: Membership, hours: Hours, clock: MovableClock
) -> None:
    await members(membership, clock)
    reply = await hours.log(ACME, ANA, "10h with <@U0MENTEE|mentee> Budget Review", "t1")
    assert reply.startswith(f"Logged 10 hours on Tue, Jun 15, 2027 with <@{MENTEE}>")
    assert "*10 credit-eligible hours* of your 20-hour mentoring maximum for 2027" in reply
    await hours.log(ACME, ANA, "2.5h", "t2")
    reply = await hours.log(ACME, ANA, "3h with <@U0BEN>", "t3")
    assert f"you and <@{BEN}> are both at City of Boulder" in reply
    assert "A coordinator can make an exception" in reply

    summary = await hours.summary(ACME, ANA, None)
    text = "\n".join(summary.paragraphs)
    assert summary.header == "Your mentoring hours · 2027"
    assert "*12.5 credit-eligible hours* of your 20-hour mentoring maximum for 2027." in text
    assert "You logged 15.5 hours in 3 entries" in text
    assert f"3 hours with <@{BEN}> don't count: same organization." in text
    assert "Toward the 40-hour professional-development requirement for 2027: 12.5 hours" in text
    assert "(31%). 27.5 hours to go." in text
    assert summary.text.startswith("12.5 credit-eligible hours")

    stored = await entries(db)
    assert [(e.hours, e.with_user, e.same_org, e.source) for e in stored] == [
        (10.0, MENTEE, False, "command"),
        (2.5, None, False, "command"),
        (3.0, BEN, True, "command"),
    ]
    assert stored[0].note == "Budget Review" and stored[0].worked_on == date(2027, 6, 15)
    # Another workspace sees none of it.
    with pytest.raises(MembershipError):
        await hours.summary(OTHER, ANA, None)


async def test_over_the_cap_is_explained_and_a_replay_logs_nothing(
    db: Database, membership: Membership, hours: Hours, clock: MovableClock
) -> None:
    await members(membership, clock)
    for n in range(2):
        await hours.log(ACME, ANA, "12h", f"t{n}")
    assert await hours.log(ACME, ANA, "12h", "t1") == (
        "I've already logged those hours; nothing was added twice."
    )
    assert len(await entries(db)) == 2
    text = "\n".join((await hours.summary(ACME, ANA, "2027")).paragraphs)
    assert "*20 credit-eligible hours* of your 20-hour mentoring maximum" in text
    assert "4 more hours are over your 20-hour mentoring maximum, so they don't count." in text
    assert "Toward the 40-hour" in text and "20 hours to go" in text


async def test_who_may_log_and_with_whom(
    membership: Membership, hours: Hours, clock: MovableClock
) -> None:
    await members(membership, clock)
    with pytest.raises(MembershipError, match="haven't applied"):
        await hours.log(ACME, STRANGER, "1h", "t0")
    with pytest.raises(HoursError, match="isn't a member"):
        await hours.log(ACME, ANA, "1h with <@U0STRANGER>", "t1")
    with pytest.raises(HoursError, match="with yourself"):
        await hours.log(ACME, ANA, "1h with <@U0ANA>", "t2")
    await membership.leave(ACME, BEN)
    with pytest.raises(MembershipError, match="left the program"):
        await hours.log(ACME, BEN, "1h", "t3")


async def test_override_makes_same_org_hours_count_and_off_restores_the_rule(
    membership: Membership, hours: Hours, clock: MovableClock
) -> None:
    await members(membership, clock)
    await hours.log(ACME, ANA, "3h with <@U0BEN>", "t1")
    await hours.log(ACME, BEN, "3h with <@U0ANA>", "t2")
    with pytest.raises(NotCoordinator):
        await hours.set_override(ACME, ANA, "<@U0ANA> <@U0BEN> on")
    with pytest.raises(HoursError, match="admin credit @mentor @mentee on"):
        await hours.set_override(ACME, COORD, "<@U0ANA> on")
    with pytest.raises(HoursError, match="isn't a member"):
        await hours.set_override(ACME, COORD, "<@U0ANA> <@U0STRANGER> on")
    reply = await hours.set_override(ACME, COORD, "<@U0ANA|ana> <@U0BEN|ben> on")
    assert "now earn credit, although they're both at City of Boulder" in reply
    for user in (ANA, BEN):  # either member's hours, whichever order they were named in
        text = "\n".join((await hours.summary(ACME, user, None)).paragraphs)
        assert "*3 credit-eligible hours*" in text and "same organization" not in text
    again = await hours.set_override(ACME, COORD, "<@U0BEN> <@U0ANA> on")  # a repeat is fine
    assert "now earn credit" in again
    assert "follow the same-organization rule again" in await hours.set_override(
        ACME, COORD, "<@U0BEN> <@U0ANA> off"
    )
    text = "\n".join((await hours.summary(ACME, ANA, None)).paragraphs)
    assert "*0 credit-eligible hours*" in text and "don't count: same organization" in text
    different = await hours.set_override(ACME, COORD, "<@U0ANA> <@U0MENTEE> on")
    assert "different organizations" in different


async def test_log_form_defaults_errors_and_values(
    db: Database, membership: Membership, hours: Hours, clock: MovableClock
) -> None:
    await members(membership, clock)
    await make_pair(db, membership, clock, JUNE)  # MENTOR mentors MENTEE, active
    # 03:00 UTC on Jan 1: still New Year's Eve in New York, where the mentee lives.
    clock.set(datetime(2027, 1, 1, 3, tzinfo=UTC))
    form = await hours.form(ACME, MENTEE)
    assert form.initial["date"] == "2026-12-31"
    assert form.initial["with"] == [MENTOR] and form.initial["activity"] == "meeting"
    assert (await hours.form(ACME, ANA)).initial["with"] == []  # no match: nobody chosen

    reply, errors = await hours.log_from_form(
        ACME, MENTEE,
        {"date": "2027-01-01", "hours": "13", "activity": "meeting", "with": STRANGER},
        "V1",
    )  # fmt: skip
    assert reply is None
    assert (
        errors["date"]
        == "That's after today (Thu, Dec 31, 2026). Log hours once you've spent them."
    )
    assert "up to 12 hours" in errors["hours"] and "isn't a member" in errors["with"]
    _, errors = await hours.log_from_form(
        ACME, MENTEE, {"date": "2024-12-31", "hours": "abc", "activity": "meeting"}, "V1"
    )
    assert "can't be logged any more" in errors["date"] and "Wed, Jan 1, 2025" in errors["date"]
    assert "couldn't read 'abc'" in errors["hours"] and "`/mentor log" not in errors["hours"]

    values = {"date": "2026-12-30", "hours": "1:45", "activity": "preparation", "with": MENTOR,
              "note": "Mock Interview"}  # fmt: skip
    reply, errors = await hours.log_from_form(ACME, MENTEE, values, "V1")
    assert errors == {} and reply is not None
    assert f"Logged 1.75 hours on Wed, Dec 30, 2026 with <@{MENTOR}>" in reply
    assert "(preparation or follow-up)" in reply and "for 2026" in reply
    again, _ = await hours.log_from_form(ACME, MENTEE, values, "V1")
    assert again == "I've already logged those hours; nothing was added twice."
    [entry] = [e for e in await entries(db) if e.source == "modal"]
    assert (entry.worked_on, entry.hours, entry.activity, entry.note) == (
        date(2026, 12, 30), 1.75, "preparation", "Mock Interview",
    )  # fmt: skip
    assert entry.pairing_id is not None


async def test_checkin_hours_are_logged_once(
    db: Database, membership: Membership, hours: Hours, clock: MovableClock
) -> None:
    checkins = CheckIns(db, membership, SqlOutbox(), clock)
    await make_pair(db, membership, clock, datetime(2027, 1, 4, 16, tzinfo=UTC))
    elsewhere = answer(role="mentee", capacity=None, organization="Town of Lyons",
                       timezone="America/New_York")  # fmt: skip
    await membership.submit(ACME, MENTEE, elsewhere)
    clock.set(datetime(2027, 1, 18, 18, tzinfo=UTC))
    await checkins.plan(ACME, clock.now)
    row = await checkin_of(db, MENTEE, 1)
    await checkins.record_mood(ACME, MENTEE, row.id, "great")
    values = {"met": "yes", "hours": "1.5", "note": "Private to the coordinators"}
    await checkins.record_details(ACME, MENTEE, row.id, values)
    await checkins.record_details(ACME, MENTEE, row.id, values)  # a second submission
    [entry] = await entries(db)
    assert (entry.user_id, entry.with_user, entry.hours, entry.source, entry.checkin_id) == (
        MENTEE, MENTOR, 1.5, "checkin", row.id,
    )  # fmt: skip
    assert entry.note is None  # the check-in's note stays with the coordinators
    assert entry.worked_on == date(2027, 1, 18)
    text = "\n".join((await hours.summary(ACME, MENTEE, None)).paragraphs)
    assert "*1.5 credit-eligible hours*" in text
    # Zero hours reported: nothing logged.
    mentor_row = await checkin_of(db, MENTOR, 1)
    await checkins.record_mood(ACME, MENTOR, mentor_row.id, "ok")
    await checkins.record_details(ACME, MENTOR, mentor_row.id, {"met": "no", "hours": "0"})
    assert len(await entries(db)) == 1


async def test_fiscal_year_from_the_settings_form(
    membership: Membership, hours: Hours, clock: MovableClock
) -> None:
    await members(membership, clock)
    form = await membership.settings(ACME, COORD)
    assert (form.initial["credit_requirement"], form.initial["credit_cap"]) == ("40", "20")
    values = {**form.initial, "credit_start_month": "7", "credit_cap": "15",
              "credit_requirement": "30"}  # fmt: skip
    assert await membership.save_settings(ACME, COORD, values) == {}
    bad = await membership.save_settings(ACME, COORD, {**values, "credit_cap": "-1"})
    assert "credit_cap" in bad
    await hours.log(ACME, ANA, "2h", "t1")  # Jun 15, 2027: fiscal 2027
    summary = await hours.summary(ACME, ANA, None)
    assert summary.header == "Your mentoring hours · July 2026 – June 2027"
    text = "\n".join(summary.paragraphs)
    assert "of your 15-hour mentoring maximum for July 2026 – June 2027" in text
    assert "Toward the 30-hour" in text
    nothing = await hours.summary(ACME, ANA, "2028")  # the period ending in June 2028
    assert "haven't logged any mentoring hours for July 2027 – June 2028" in nothing.text
    with pytest.raises(HoursError, match="couldn't read 'last year'"):
        await hours.summary(ACME, ANA, "last year")
    line = await hours.home_line(ACME, ANA)
    assert line is not None and "2 credit-eligible of your 15-hour maximum" in line
    assert await hours.home_line(ACME, STRANGER) is None


# -- exports ---------------------------------------------------------------------------------


async def test_member_export_is_their_own_rows_with_credit_columns(
    membership: Membership, hours: Hours, files: RecordingFiles, clock: MovableClock
) -> None:
    await members(membership, clock)
    assert "nothing to export" in await hours.export_mine(ACME, ANA, None)
    await hours.log(ACME, ANA, "12h with <@U0MENTEE>", "t1")
    await hours.log(ACME, ANA, '3h with <@U0BEN> =HYPERLINK("x")', "t2")
    await hours.log(ACME, ANA, "9h", "t3")
    await hours.log(ACME, BEN, "1h", "t4")  # someone else's
    assert await hours.export_mine(ACME, ANA, "2027") == (
        "I've sent you the file in our direct messages."
    )
    user, file = files.sent[-1]
    assert user == ANA and file.filename == "mentoring-hours-2027.csv"
    assert file.comment == "Your mentoring hours for 2027: 3 entries, 20 hours credit-eligible."
    rows = files.rows()
    assert [(r["hours"], r["with_user_id"], r["credit_eligible"], r["credited_hours"],
             r["why_not_credited"]) for r in rows] == [
        ("12", MENTEE, "yes", "12", ""),
        ("3", BEN, "no", "0", "same organization"),
        ("9", "", "partly", "8", "over the 20-hour maximum"),
    ]  # fmt: skip
    assert rows[1]["note"] == '\'=HYPERLINK("x")'  # a spreadsheet shows it, never runs it
    assert rows[0]["date"] == "2027-06-15" and rows[0]["source"] == "command"

    files.refuse = DeliveryError("upload_failed", permanent=False)
    failed = await hours.export_mine(ACME, ANA, None)
    assert "couldn't send the file" in failed and "upload_failed" in failed


async def test_coordinator_export_for_a_period_or_dates(
    membership: Membership, hours: Hours, files: RecordingFiles, clock: MovableClock
) -> None:
    await members(membership, clock)
    await hours.log(ACME, ANA, "12h", "t1")
    await hours.log(ACME, BEN, "2h with <@U0ANA>", "t2")
    clock.set(datetime(2027, 7, 2, 18, tzinfo=UTC))
    await hours.log(ACME, ANA, "12h", "t3")  # over Ana's cap for 2027
    with pytest.raises(NotCoordinator):
        await hours.export_all(ACME, ANA, None)
    with pytest.raises(HoursError, match="couldn't read"):
        await hours.export_all(ACME, COORD, "June")
    with pytest.raises(HoursError, match="must be on or before"):
        await hours.export_all(ACME, COORD, "2027-07-31 2027-07-01")

    assert "sent you the file" in await hours.export_all(ACME, COORD, "2027")
    user, file = files.sent[-1]
    assert user == COORD and file.filename == "mentoring-hours-everyone-2027.csv"
    assert "3 entries from 2 members" in file.comment
    rows = files.rows()
    assert [(r["member_user_id"], r["date"], r["credited_hours"], r["credit_eligible"])
            for r in rows] == [
        (ANA, "2027-06-15", "12", "yes"),
        (ANA, "2027-07-02", "8", "partly"),
        (BEN, "2027-06-15", "0", "no"),
    ]  # fmt: skip

    # A date range shows only its rows, credited as within their whole credit period.
    await hours.export_all(ACME, COORD, "2027-07-01 2027-07-31")
    assert files.sent[-1][1].filename == "mentoring-hours-everyone-2027-07-01-to-2027-07-31.csv"
    assert [(r["member_user_id"], r["credited_hours"]) for r in files.rows()] == [(ANA, "8")]
    assert "Nobody has logged hours for 2025" in await hours.export_all(ACME, COORD, "2025")
