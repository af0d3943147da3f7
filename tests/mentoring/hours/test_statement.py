"""The PD-credit statement: its content (the same credit rules as `/mentor hours`), the PDF's
text read back with pypdf, coordinators' verification and issuing everyone's, on SQLite and
PostgreSQL."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from bot.mentoring.errors import NotCoordinator
from bot.mentoring.hours.use_cases import Hours, HoursError
from bot.mentoring.membership.use_cases import Bootstrap, Membership
from bot.mentoring.people.directory import People
from bot.mentoring.ports import DeliveryError
from storage.database import Database
from tests.conftest import MovableClock
from tests.fakes import RecordingFiles
from tests.mentoring.hours.test_hours import ACME, ANA, BEN, CHICAGO, COORD, MENTEE, members
from tests.mentoring.people.test_people import FakeProfiles

NAMES = {ANA: "Ana Alvarez", BEN: "Ben Brooks", MENTEE: "Mia Mentee", COORD: "Casey Coord"}


@pytest.fixture
def membership(db: Database, clock: MovableClock) -> Membership:
    return Membership(db, Bootstrap(coordinators=(COORD,), timezone=CHICAGO), clock)


@pytest.fixture
def files() -> RecordingFiles:
    return RecordingFiles()


@pytest.fixture
def statements(
    db: Database,
    membership: Membership,
    files: RecordingFiles,
    clock: MovableClock,
) -> Hours:
    people = People(db, FakeProfiles(NAMES), clock)
    return Hours(db, membership, files, clock, people=people)


def pdf_text(content: bytes) -> str:
    """The PDF's text with its line breaks folded into spaces (the rule wraps)."""
    assert content.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(content)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


async def _ana_logs(statements: Hours) -> None:
    """Ana: 12h with Mia (Town of Lyons), 3h with Ben (her own organization), 9h on her own
    (8 of them fit under the 20-hour cap), all on Jun 15, 2027."""
    await statements.log(ACME, ANA, "12h with <@U0MENTEE>", "t1")
    await statements.log(ACME, ANA, "3h with <@U0BEN>", "t2")
    await statements.log(ACME, ANA, "9h", "t3")
    await statements.log(ACME, BEN, "1h", "t4")  # someone else's: not on Ana's statement


async def test_statement_entries_reasons_cap_and_total_match_the_summary(
    statements: Hours,
    membership: Membership,
    files: RecordingFiles,
    clock: MovableClock,
) -> None:
    await members(membership, clock)
    await _ana_logs(statements)

    answer = await statements.statement(ACME, ANA, "2027")
    assert answer == "I've sent your statement (a PDF) in our direct messages."
    user, file = files.sent[-1]
    assert user == ANA and file.filename == "mentoring-pd-statement-2027.pdf"
    assert "20 credit-eligible hours" in file.comment

    summary = await statements.summary(ACME, ANA, "2027")
    assert "*20 credit-eligible hours*" in summary.paragraphs[0]

    text = pdf_text(file.content)
    assert "Member: Ana Alvarez" in text
    assert "Organization: City of Boulder" in text
    assert "Program: Mentoring Program" in text
    assert "Credit period: 2027 (Fri, Jan 1, 2027 to Fri, Dec 31, 2027)" in text
    assert (
        "Mentoring counts for up to 20 of the 40 professional-development hours required in "
        "each credit period." in text
    )
    # Each entry, in date order, with whom, their organization, and why it (doesn't) count.
    assert "2027-06-15 12 Mentoring conversation Mia Mentee Town of Lyons 12 counts" in text
    assert "2027-06-15 3 Mentoring conversation Ben Brooks city of BOULDER 0 same organization" in (
        text
    )
    assert "2027-06-15 9 Mentoring conversation (on my own) 8 over the 20-hour maximum" in text
    assert "Hours logged: 24 hours" in text
    assert "Not eligible (same organization): 3 hours" in text
    assert "Over the 20-hour maximum: 1 hour" in text
    assert "Total credit-eligible hours: 20" in text
    assert "Not verified by a coordinator yet" in text and "Verified by" not in text


async def test_bad_periods_get_the_same_specific_messages_as_hours(
    statements: Hours,
    membership: Membership,
    files: RecordingFiles,
    clock: MovableClock,
) -> None:
    await members(membership, clock)
    with pytest.raises(HoursError, match="couldn't read 'June' as a year"):
        await statements.statement(ACME, ANA, "June")
    with pytest.raises(HoursError, match="outside the years I keep"):
        await statements.statement(ACME, ANA, "1850")
    with pytest.raises(HoursError, match="outside the years I keep"):
        await statements.issue_statements(ACME, COORD, "1850")
    with pytest.raises(HoursError, match="Try `/mentor admin hours statements 2027`"):
        await statements.issue_statements(ACME, COORD, "June")
    assert files.sent == []


async def test_coordinator_issues_verified_statements_and_members_see_the_verification(
    statements: Hours,
    membership: Membership,
    files: RecordingFiles,
    clock: MovableClock,
) -> None:
    await members(membership, clock)
    await _ana_logs(statements)
    with pytest.raises(NotCoordinator):
        await statements.issue_statements(ACME, ANA, "2027")
    assert files.sent == []

    answer = await statements.issue_statements(ACME, COORD, "2027")
    assert answer == "Sent verified statements for 2027 to 2 members."
    sent = {user: file for user, file in files.sent}
    assert set(sent) == {ANA, BEN}
    ana = pdf_text(sent[ANA].content)
    assert "Verified by Casey Coord on Tue, Jun 15, 2027." in ana
    assert "Total credit-eligible hours: 20" in ana
    assert "Total credit-eligible hours: 1" in pdf_text(sent[BEN].content)
    assert "verified by a coordinator" in sent[ANA].comment

    # Later, Ana's own statement still shows who verified it and when.
    clock.set(datetime(2027, 8, 1, 18, tzinfo=UTC))
    await statements.statement(ACME, ANA, "2027")
    assert "Verified by Casey Coord on Tue, Jun 15, 2027." in pdf_text(files.sent[-1][1].content)
    # ...but not a year nobody verified.
    await statements.statement(ACME, ANA, "2028")
    later = pdf_text(files.sent[-1][1].content)
    assert "Verified by" not in later and "No mentoring hours were logged" in later

    # A failed send is named to the coordinator; the verification is kept regardless.
    files.refuse = DeliveryError("upload_failed", permanent=False)
    answer = await statements.issue_statements(ACME, COORD, "2027")
    assert "to 0 members" in answer and "couldn't send 2 of them: <@U0ANA>, <@U0BEN>" in answer
    assert "Nobody has logged hours for 2026" in await statements.issue_statements(
        ACME, COORD, "2026"
    )


def test_names_in_any_latin_greek_or_cyrillic_script_print_as_written() -> None:
    from datetime import date

    from bot.mentoring.hours.statement import Statement, StatementEntry
    from bot.mentoring.hours.statement_pdf import render

    entry = StatementEntry(
        day=date(2027, 2, 3), hours=1.5, activity="Mentoring conversation",
        with_name="Łukasz Żółć", with_organization="Ville de Montréal", credited=1.5,
        why="counts",
    )  # fmt: skip
    statement = Statement(
        member="Nguyễn Thị Hương", organization="Αθήνα Δήμος", program="Clerks Mentoring",
        year=2027, period="2027", start=date(2027, 1, 1), last_day=date(2027, 12, 31),
        issued_on=date(2027, 3, 1), entries=(entry,), logged=1.5, same_org=0.0, over_cap=0.0,
        credited=1.5, cap=20.0, requirement=40.0, verification=None,
    )  # fmt: skip
    text = pdf_text(render(statement))
    for written in ("Nguyễn Thị Hương", "Αθήνα Δήμος", "Łukasz Żółć", "Montréal"):
        assert written in text
    # A script the font lacks falls back to a readable form, never an empty box.
    cjk = render(Statement(**{**statement.__dict__, "member": "王 Wang"}))
    assert "? Wang" in pdf_text(cjk)
