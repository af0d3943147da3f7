"""Award nominations against a real database: who may nominate whom, one nomination per member
per cycle (by the database, under a race too), the coordinators' cycle rules, the export, the
winners, and the planner walked through a whole cycle with a moved clock."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.mentoring.awards.planner import AwardPlanner
from bot.mentoring.awards.use_cases import AwardError, Awards, Person
from bot.mentoring.errors import NotCoordinator
from bot.mentoring.membership.use_cases import Bootstrap, Membership
from bot.mentoring.models import Tenant
from bot.mentoring.ports import DeliveryError, Message
from outbox.dispatcher import Dispatcher
from outbox.pacing import Pacer
from outbox.store import SqlOutbox
from storage.database import Database
from storage.models import Delivery, Nomination
from tests.conftest import MovableClock
from tests.fakes import RecordingFiles, RecordingMessenger
from tests.mentoring.membership.test_membership import answer

ACME, OTHER = Tenant("slack", "T0ACME"), Tenant("slack", "T0OTHER")
COORD, ANA, BEN, CARA, DAN = "U0COORD", "U0ANA", "U0BEN", "U0CARA", "U0DAN"
COMMUNITY = "C0COMMUNITY"
CHICAGO = ZoneInfo("America/Chicago")
CYCLE = {
    "name": "Outstanding Mentor Award 2027",
    "opens_on": "2027-01-04",
    "deadline": "2027-01-31",
    "announce_on": "2027-02-15",
}
MENTEE = {"role": "mentee", "capacity": None, "position_level": "early", "years_experience": "2"}


def _local(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=CHICAGO)


def why(nominee: str, text: str = "She made me a better manager.") -> dict[str, object]:
    return {"nominee": [nominee], "why": text, "impact": "Two promotions in her team."}


class Harness:
    def __init__(self, db: Database, clock: MovableClock) -> None:
        self.db, self.clock = db, clock
        bootstrap = Bootstrap(
            coordinators=(COORD,), timezone="America/Chicago", community_channel=COMMUNITY
        )
        self.membership = Membership(db, bootstrap, clock)
        self.files = RecordingFiles()
        self.awards = Awards(db, self.membership, SqlOutbox(), self.files, clock)
        self.planner = AwardPlanner(db, self.membership, SqlOutbox())
        self.messenger = RecordingMessenger()
        self.sent: list[tuple[datetime, str, Message]] = []

    async def members(self) -> None:
        """Ben and Cara mentor, Dan mentors and mentees ("both"), Ana is a mentee."""
        await self.membership.submit(ACME, ANA, answer(**MENTEE))
        await self.membership.submit(ACME, BEN, answer())
        await self.membership.submit(ACME, CARA, answer(organization="Town of Erie"))
        await self.membership.submit(ACME, DAN, answer(role="both"))

    async def open_cycle(self, **changes: str) -> int:
        result = await self.awards.open_cycle(ACME, COORD, {**CYCLE, **changes})
        assert not isinstance(result, dict), result
        return result[0].id

    async def tick(self, now: datetime) -> list[str]:
        """Plan at `now` and send what is due; returns the skipped lines."""
        self.clock.set(now)
        report = await self.planner.plan(ACME, now)
        before_posts, before_dms = len(self.messenger.posts), len(self.messenger.dms)
        await Dispatcher(
            self.db,
            self.messenger,
            pacer=Pacer(workspace_per_minute=None, channel_per_second=None),
            now=lambda: now,
        ).drain()
        self.sent += [(now, c, m) for c, m in self.messenger.posts[before_posts:]]
        self.sent += [(now, u, m) for u, m in self.messenger.dms[before_dms:]]
        return report.skipped


@pytest.fixture
async def harness(db: Database, clock: MovableClock) -> Harness:
    h = Harness(db, clock)
    await h.members()
    return h


# -- members nominating ---------------------------------------------------------------------


async def test_nominate_and_edit_keeps_one_row(harness: Harness) -> None:
    cycle = await harness.open_cycle()
    harness.clock.set(_local(1, 10))
    form = await harness.awards.nomination_form(ACME, ANA, Person(BEN, workspace_id="T0ACME"))
    assert form.cycle_id == cycle
    assert form.form.initial["nominee"] == [BEN] and form.form.initial["why"] is None
    saved = await harness.awards.nominate(ACME, ANA, cycle, why(BEN), Person(BEN))
    assert not isinstance(saved, dict) and saved.is_new and saved.nominee_id == BEN

    # Re-running the command opens the form prefilled; naming someone else edits the same row.
    again = await harness.awards.nomination_form(ACME, ANA, None)
    assert again.form.initial == {
        "nominee": [BEN],
        "why": "She made me a better manager.",
        "impact": "Two promotions in her team.",
    }
    assert "You nominated <@U0BEN>" in (again.form.intro or "")
    edited = await harness.awards.nominate(ACME, ANA, cycle, why(CARA, "Patient."), Person(CARA))
    assert not isinstance(edited, dict) and not edited.is_new
    async with harness.db.transaction(all_tenants=True) as session:
        rows = (await session.scalars(select(Nomination))).all()
    assert [(r.nominator_id, r.nominee_id, r.why) for r in rows] == [(ANA, CARA, "Patient.")]


async def test_who_may_nominate_whom(harness: Harness) -> None:
    cycle = await harness.open_cycle()
    harness.clock.set(_local(1, 10))
    form = harness.awards.nomination_form

    with pytest.raises(AwardError, match="Only members of \\*Mentoring Program\\* can nominate"):
        await form(ACME, "U0STRANGER", None)
    await harness.membership.leave(ACME, CARA)
    with pytest.raises(AwardError, match="You've left"):
        await form(ACME, CARA, None)
    with pytest.raises(AwardError, match="can't nominate yourself"):
        await form(ACME, BEN, Person(BEN))
    with pytest.raises(AwardError, match="<@U0ANA> isn't a mentor in Mentoring Program"):
        await form(ACME, BEN, Person(ANA))  # a mentee
    with pytest.raises(AwardError, match="<@U0CARA> isn't a mentor"):
        await form(ACME, BEN, Person(CARA))  # a mentor who left
    with pytest.raises(AwardError, match="<@B0BOT> is a bot"):
        await form(ACME, BEN, Person("B0BOT", is_bot=True))
    with pytest.raises(AwardError, match="<@U0FAR> is in another workspace"):
        await form(ACME, BEN, Person("U0FAR", workspace_id="T0ELSE"))
    with pytest.raises(AwardError, match="couldn't find that person"):
        await form(ACME, BEN, Person("U0NOPE", known=False))
    assert (await form(ACME, BEN, Person(DAN))).form.initial["nominee"] == [DAN]  # "both"

    # The same rules on submission, shown on the nominee field; nothing is stored.
    submit = harness.awards.nominate
    assert await submit(ACME, BEN, cycle, why(BEN), None) == {
        "nominee": "You can't nominate yourself. Pick a mentor who made a difference for you."
    }
    assert await submit(ACME, BEN, cycle, why(ANA), None) == {
        "nominee": "That person isn't a mentor in Mentoring Program, so they can't be nominated."
    }
    too_long = await submit(ACME, BEN, cycle, why(DAN, "x" * 1201), None)
    assert too_long == {"why": "Please keep this to 1200 characters (it has 1201)."}
    async with harness.db.transaction(all_tenants=True) as session:
        assert await session.scalar(select(func.count()).select_from(Nomination)) == 0


async def test_before_opening_after_deadline_and_no_cycle(harness: Harness) -> None:
    form = harness.awards.nomination_form
    harness.clock.set(_local(1, 2))
    with pytest.raises(AwardError, match="no award nomination cycle open right now"):
        await form(ACME, ANA, None)
    cycle = await harness.open_cycle()
    with pytest.raises(
        AwardError, match="Nominations for Outstanding Mentor Award 2027 open on Mon, Jan 4, 2027"
    ):
        await form(ACME, ANA, None)
    harness.clock.set(_local(1, 31, 23, 59))  # the deadline is the end of that day, in Chicago
    assert (await form(ACME, ANA, None)).cycle_id == cycle
    harness.clock.set(_local(2, 1, 0, 0))
    closed = "Nominations for Outstanding Mentor Award 2027 closed on Sun, Jan 31, 2027."
    with pytest.raises(AwardError, match=closed):
        await form(ACME, ANA, None)
    # A form opened before midnight and submitted after it is refused, and says why.
    with pytest.raises(AwardError, match=closed):
        await harness.awards.nominate(ACME, ANA, cycle, why(BEN), None)
    with pytest.raises(AwardError, match="no longer exists"):
        await harness.awards.nominate(ACME, ANA, cycle + 99, why(BEN), None)


async def test_the_database_allows_one_nomination_per_member_per_cycle(
    harness: Harness,
) -> None:
    cycle = await harness.open_cycle()
    harness.clock.set(_local(1, 10))
    now = harness.clock()
    with pytest.raises(IntegrityError):
        async with harness.db.transaction(all_tenants=True) as session:
            for nominee in (BEN, CARA):
                session.add(
                    Nomination(
                        platform="slack", workspace_id="T0ACME", program_id=1, cycle_id=cycle,
                        nominator_id=ANA, nominee_id=nominee, why="w", impact="i",
                        created_at=now, updated_at=now,
                    )
                )  # fmt: skip


async def test_a_race_of_submissions_ends_in_one_row(harness: Harness) -> None:
    cycle = await harness.open_cycle()
    harness.clock.set(_local(1, 10))
    picks = [BEN, CARA, DAN, BEN, CARA, DAN]
    results = await asyncio.gather(
        *(harness.awards.nominate(ACME, ANA, cycle, why(p), None) for p in picks)
    )
    assert all(not isinstance(r, dict) for r in results)
    assert sum(1 for r in results if not isinstance(r, dict) and r.is_new) == 1
    async with harness.db.transaction(all_tenants=True) as session:
        rows = (await session.scalars(select(Nomination))).all()
    assert len(rows) == 1 and rows[0].nominee_id in picks


# -- coordinators ---------------------------------------------------------------------------


async def test_cycle_rules(harness: Harness) -> None:
    open_cycle = harness.awards.open_cycle
    with pytest.raises(NotCoordinator):
        await open_cycle(ACME, ANA, CYCLE)
    form = await harness.awards.cycle_form(ACME, COORD)  # in November 2026
    assert form.initial == {
        "name": "Outstanding Mentor Award 2027",
        "opens_on": "2027-01-01",
        "deadline": "2027-01-31",
        "announce_on": "2027-02-15",
    }
    assert await open_cycle(ACME, COORD, {**CYCLE, "deadline": "2027-01-03"}) == {
        "deadline": "The deadline can't be before nominations open (Mon, Jan 4, 2027)."
    }
    assert await open_cycle(ACME, COORD, {**CYCLE, "announce_on": "2027-01-31"}) == {
        "announce_on": "Announce after the deadline (Sun, Jan 31, 2027)."
    }
    assert await open_cycle(ACME, COORD, {**CYCLE, "deadline": "2026-11-01"}) == {
        "deadline": "Sun, Nov 1, 2026 has already passed. Pick today or a later date."
    }
    assert await open_cycle(ACME, COORD, {**CYCLE, "opens_on": None}) == {
        "opens_on": "Pick a date."
    }
    await harness.open_cycle()
    overlapping = {**CYCLE, "name": "Rising Star 2027", "opens_on": "2027-01-31"}
    assert await open_cycle(ACME, COORD, {**overlapping, "deadline": "2027-02-10"}) == {
        "opens_on": "Overlaps Outstanding Mentor Award 2027 (Mon, Jan 4, 2027 – "
        "Sun, Jan 31, 2027). Only one cycle can be open at a time."
    }
    twice = {
        **CYCLE,
        "opens_on": "2028-01-04",
        "deadline": "2028-01-31",
        "announce_on": "2028-02-15",
    }
    assert await open_cycle(ACME, COORD, twice) == {
        "name": "There's already a cycle called 'Outstanding Mentor Award 2027'. Give this one "
        "another name."
    }
    listing = await harness.awards.cycles(ACME, COORD)
    assert [(c.name, c.status, c.nominations) for c in listing.cycles] == [
        ("Outstanding Mentor Award 2027", "upcoming", 0)
    ]
    # Another workspace sees none of it.
    await Membership(harness.db, Bootstrap(coordinators=(COORD,))).program(OTHER)
    assert (await harness.awards.cycles(OTHER, COORD)).cycles == ()


async def test_list_export_and_winners(harness: Harness) -> None:
    cycle = await harness.open_cycle()
    harness.clock.set(_local(1, 10))
    await harness.awards.nominate(ACME, ANA, cycle, why(BEN, "=HYPERLINK(evil)"), None)
    await harness.awards.nominate(ACME, CARA, cycle, why(BEN), None)
    await harness.awards.nominate(ACME, BEN, cycle, why(DAN), None)
    with pytest.raises(NotCoordinator):
        await harness.awards.nominations(ACME, ANA, cycle)
    listing = await harness.awards.nominations(ACME, COORD, cycle)
    assert listing.cycle.nominations == 3 and listing.tally == ((BEN, 2), (DAN, 1))
    assert {(n.nominator_id, n.nominee_id) for n in listing.nominations} == {
        (ANA, BEN), (CARA, BEN), (BEN, DAN),
    }  # fmt: skip

    answer_text = await harness.awards.export(ACME, COORD, cycle)
    assert "on their way to your DM" in answer_text
    [(to, file)] = harness.files.sent
    assert to == COORD and file.filename == "nominations-outstanding-mentor-award-2027.csv"
    rows = list(csv.DictReader(io.StringIO(file.content.decode())))
    assert len(rows) == 3 and {r["nominee"] for r in rows} == {BEN, DAN}
    assert "'=HYPERLINK(evil)" in {r["why"] for r in rows}  # not run as a formula
    harness.files.refuse = DeliveryError("upload_failed", permanent=False)
    with pytest.raises(AwardError, match="couldn't send the file just now \\(upload_failed\\)"):
        await harness.awards.export(ACME, COORD, cycle)

    with pytest.raises(AwardError, match="open until the end of Sun, Jan 31, 2027"):
        await harness.awards.winners_form(ACME, COORD, cycle)
    harness.clock.set(_local(2, 2))
    form = await harness.awards.winners_form(ACME, COORD, cycle)
    assert "<@U0BEN> and <@U0DAN>" in (form.intro or "")
    not_nominated = await harness.awards.record_winners(ACME, COORD, cycle, {"winners": [CARA]})
    assert not_nominated == {
        "winners": "1 of the people you picked was not nominated in this cycle. Pick among the "
        "nominees listed above."
    }
    saved = await harness.awards.record_winners(ACME, COORD, cycle, {"winners": [BEN]})
    assert not isinstance(saved, dict)
    assert saved.cycle.winners == (BEN,) and not saved.right_away
    assert saved.announce_at == _local(2, 15)


# -- the planner ----------------------------------------------------------------------------


async def test_a_cycle_walked_hour_by_hour_posts_each_step_once(harness: Harness) -> None:
    cycle = await harness.open_cycle()
    skipped: list[str] = []
    now = _local(1, 3)
    while now < _local(2, 17):
        if now == _local(2, 3):
            harness.clock.set(now)
            await harness.awards.record_winners(ACME, COORD, cycle, {"winners": [BEN]})
        if now == _local(1, 10):
            harness.clock.set(now)
            await harness.awards.nominate(ACME, ANA, cycle, why(BEN), None)
        skipped += await harness.tick(now)
        now += timedelta(hours=1)
    assert skipped == []
    sent = [(at, to, m.header) for at, to, m in harness.sent]
    assert sent == [
        (_local(1, 4), COMMUNITY, "Nominations are open: Outstanding Mentor Award 2027"),
        (_local(1, 28), COMMUNITY, "3 days left to nominate: Outstanding Mentor Award 2027"),
        (_local(2, 15), COMMUNITY, "Congratulations to the Outstanding Mentor Award 2027 winners!"),
    ]
    opening, reminder, announcement = (m for _, _, m in harness.sent)
    assert [(b.action, b.label, b.value) for b in opening.buttons] == [
        ("award_nominate", "Nominate a mentor", str(cycle))
    ]
    assert "by the end of Sun, Jan 31, 2027" in opening.text
    assert reminder.buttons == opening.buttons
    assert "The winner of *Outstanding Mentor Award 2027*: <@U0BEN>." in announcement.text


async def test_no_winners_by_the_date_asks_coordinators_once_then_announces_when_recorded(
    harness: Harness,
) -> None:
    cycle = await harness.open_cycle()
    harness.clock.set(_local(1, 10))
    await harness.awards.nominate(ACME, ANA, cycle, why(DAN), None)
    await harness.tick(_local(2, 15, 9))
    await harness.tick(_local(2, 15, 10))
    asks = [(to, m.text) for _, to, m in harness.sent if to == COORD]
    assert len(asks) == 1 and "no winners are recorded yet" in asks[0][1]

    harness.clock.set(_local(2, 16, 14))
    saved = await harness.awards.record_winners(ACME, COORD, cycle, {"winners": [DAN]})
    assert not isinstance(saved, dict) and saved.right_away
    await harness.tick(_local(2, 16, 14, 1))
    await harness.tick(_local(2, 16, 15))
    posts = [m.text for _, to, m in harness.sent if to == COMMUNITY]
    assert sum("<@U0DAN>" in p for p in posts) == 1
    with pytest.raises(AwardError, match="already announced"):
        await harness.awards.record_winners(ACME, COORD, cycle, {"winners": [DAN]})


async def test_late_steps_are_skipped_and_reported_once(harness: Harness) -> None:
    await harness.open_cycle()
    # Down from Jan 3 to Jan 6: the opening is days late, so it is reported, not posted.
    skipped = await harness.tick(_local(1, 6, 12))
    assert skipped == [
        "Outstanding Mentor Award 2027 opening post for Mon, Jan 4, 2027 at 9:00 AM CST skipped: "
        "2 days late"
    ]
    assert await harness.tick(_local(1, 6, 13)) == [] and harness.sent == []
    # Two hours late is within the grace window.
    assert await harness.tick(_local(1, 28, 11)) == []
    assert [m.header for _, _, m in harness.sent] == [
        "3 days left to nominate: Outstanding Mentor Award 2027"
    ]
    async with harness.db.transaction(all_tenants=True) as session:
        statuses = dict((await session.execute(select(Delivery.key, Delivery.status))).all())
    assert statuses == {"award:1:opening": "skipped", "award:1:reminder": "sent"}


async def test_a_cycle_opened_on_its_first_day_is_announced_when_opened(
    harness: Harness,
) -> None:
    harness.clock.set(_local(1, 4, 15))
    await harness.open_cycle()
    assert await harness.tick(_local(1, 4, 15, 1)) == []
    assert [m.header for _, _, m in harness.sent] == [
        "Nominations are open: Outstanding Mentor Award 2027"
    ]


async def test_days_are_the_programs(harness: Harness) -> None:
    """The deadline ends at midnight in Chicago, which is 06:00 UTC."""
    cycle = await harness.open_cycle()
    harness.clock.set(datetime(2027, 2, 1, 5, 59, tzinfo=UTC))
    assert (await harness.awards.nomination_form(ACME, ANA, None)).cycle_id == cycle
    harness.clock.set(datetime(2027, 2, 1, 6, 0, tzinfo=UTC))
    with pytest.raises(AwardError, match="closed on Sun, Jan 31, 2027"):
        await harness.awards.nomination_form(ACME, ANA, None)
