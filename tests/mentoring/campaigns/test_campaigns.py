"""Campaigns against a real database: the planner over a whole January, catch-up and skips,
and what coordinators do (list, preview, turn off, add, edit, import, export)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from bot.mentoring.campaigns.calendar import CalendarError, Rule
from bot.mentoring.campaigns.form import Repeat
from bot.mentoring.campaigns.texts import describe_rule
from bot.mentoring.campaigns.use_cases import Campaigns, post_message
from bot.mentoring.errors import MembershipError, NotCoordinator
from bot.mentoring.membership.use_cases import Bootstrap, Membership
from bot.mentoring.models import Tenant
from bot.mentoring.ports import Message
from bot.mentoring.schedule import PlanReport
from outbox.dispatcher import Dispatcher
from outbox.pacing import Pacer
from outbox.store import SqlOutbox
from storage.database import Database
from storage.models import Campaign, Delivery, Program
from tests.conftest import MovableClock
from tests.fakes import RecordingMessenger

ACME = Tenant("slack", "T0ACME")
COORD, ANA = "U0COORD", "U0ANA"
COMMUNITY = "C0COMMUNITY"
CHICAGO = ZoneInfo("America/Chicago")


def _local(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2027) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHICAGO)


class Harness:
    """The planner and a real dispatcher (unpaced) driven by a movable clock."""

    def __init__(self, db: Database, clock: MovableClock, channel: str | None = COMMUNITY) -> None:
        self.db, self.clock = db, clock
        bootstrap = Bootstrap(
            coordinators=(COORD,), timezone="America/Chicago", community_channel=channel
        )
        self.membership = Membership(db, bootstrap, clock)
        self.campaigns = Campaigns(db, self.membership, SqlOutbox(), clock)
        self.messenger = RecordingMessenger()
        self.sent: list[tuple[datetime, str, Message]] = []

    async def tick(self, now: datetime) -> PlanReport:
        """What `MentorBot.tick` does for one tenant: plan at `now`, then send what is due."""
        self.clock.set(now)
        report = await self.campaigns.plan(ACME, now)
        dispatcher = Dispatcher(
            self.db,
            self.messenger,
            pacer=Pacer(workspace_per_minute=None, channel_per_second=None),
            now=lambda: now,
        )
        before = len(self.messenger.posts)
        await dispatcher.drain()
        self.sent += [(now, c, m) for c, m in self.messenger.posts[before:]]
        return report


@pytest.fixture
def harness(db: Database, clock: MovableClock) -> Harness:
    return Harness(db, clock)


async def test_a_whole_january_produces_exactly_the_observance_posts(harness: Harness) -> None:
    await harness.campaigns.upcoming(ACME, COORD)  # the program and its calendar exist in Nov
    skipped: list[str] = []
    now = _local(1, 1, 0).replace(year=2026, month=12, day=31)
    while now < _local(2, 1, 0):
        skipped += (await harness.tick(now)).skipped
        now += timedelta(hours=1)

    posted = [(at.astimezone(CHICAGO), channel, m.header) for at, channel, m in harness.sent]
    assert posted == [
        (_local(1, 4), COMMUNITY, "National Mentoring Month"),  # first business day
        (_local(1, 4), COMMUNITY, "I Am a Mentor Day"),
        (_local(1, 17), COMMUNITY, "International Mentoring Day"),
        (_local(1, 18), COMMUNITY, "Martin Luther King Jr. Day of Service"),  # 3rd Monday
        (_local(1, 31), COMMUNITY, "#ThankYourMentor Day"),
    ]
    assert skipped == []
    by_name = {m.header: m for _, _, m in harness.sent}
    kickoff = by_name["National Mentoring Month"]
    assert "#MentoringMonth" in kickoff.paragraphs[-1]
    assert [(b.action, b.label) for b in kickoff.buttons] == [("open_intake", "Become a mentor")]
    thanks = by_name["#ThankYourMentor Day"]
    # The button opens the thank-you modal (bot/mentoring/thanks/use_cases.py), so no fallback line.
    assert [(b.action, b.label) for b in thanks.buttons] == [("thank_mentor", "Thank your mentor")]
    assert "thank them" in thanks.paragraphs[0]
    assert "#ThankYourMentor" in thanks.paragraphs[-1]


async def test_posts_days_late_are_skipped_and_reported_once(harness: Harness) -> None:
    await harness.campaigns.upcoming(ACME, COORD)
    assert (await harness.tick(_local(1, 2, 23))).enqueued == 0
    # Down from Jan 3 to Jan 6: the tick on Jan 7 sends nothing for Jan 4 and says why.
    report = await harness.tick(_local(1, 7, 8))
    assert report.enqueued == 0 and harness.sent == []
    assert sorted(report.skipped) == [
        "I Am a Mentor Day post for Mon, Jan 4, 2027 at 9:00 AM CST skipped: 3 days late",
        "National Mentoring Month post for Mon, Jan 4, 2027 at 9:00 AM CST skipped: 3 days late",
    ]
    again = await harness.tick(_local(1, 7, 9))
    assert again.skipped == [] and harness.sent == []
    async with harness.db.transaction(all_tenants=True) as session:
        rows = (await session.scalars(select(Delivery).order_by(Delivery.key))).all()
    assert [(r.status, r.last_error) for r in rows] == [("skipped", "3 days late")] * 2

    # Two hours late is within the grace window: it still goes out, once.
    report = await harness.tick(_local(1, 17, 11))
    assert report.enqueued == 1 and report.skipped == []
    await harness.tick(_local(1, 17, 12))
    assert [m.header for _, _, m in harness.sent] == ["International Mentoring Day"]


async def test_occurrences_before_a_campaign_existed_are_ignored(harness: Harness) -> None:
    harness.clock.set(_local(1, 10, 12))
    await harness.campaigns.upcoming(ACME, COORD)  # first seen on Jan 10
    report = await harness.tick(_local(1, 10, 13))
    assert report.skipped == [] and report.enqueued == 0


async def test_no_channel_is_skipped_with_a_reason_the_coordinator_sees(
    db: Database, clock: MovableClock
) -> None:
    harness = Harness(db, clock, channel=None)
    await harness.campaigns.upcoming(ACME, COORD)
    report = await harness.tick(_local(1, 17, 9))
    reason = (
        "no channel to post in (set the community channel in /mentor admin settings, or give "
        "the campaign a channel)"
    )
    assert sorted(report.skipped) == [
        f"I Am a Mentor Day post for Mon, Jan 4, 2027 at 9:00 AM CST skipped: {reason}",
        f"International Mentoring Day post for Sun, Jan 17, 2027 at 9:00 AM CST skipped: {reason}",
        f"National Mentoring Month post for Mon, Jan 4, 2027 at 9:00 AM CST skipped: {reason}",
    ]
    assert (await harness.tick(_local(1, 17, 10))).skipped == []
    upcoming = await harness.campaigns.upcoming(ACME, COORD)
    view = next(v for v in upcoming.campaigns if v.spec.slug == "international-mentoring-day")
    assert view.channel is None
    assert view.last is not None and view.last.status == "skipped"
    assert view.last.reason is not None and "no channel" in view.last.reason


async def test_program_hashtags_join_every_post(harness: Harness) -> None:
    await harness.campaigns.upcoming(ACME, COORD)
    async with harness.db.transaction(all_tenants=True) as session:
        await session.execute(update(Program).values(hashtags=["#ICMAMentors", "#mentoringmonth"]))
    await harness.tick(_local(1, 17, 9))
    (_, _, message) = harness.sent[0]
    assert message.paragraphs[1] == "#MentoringMonth #InternationalMentoringDay #ICMAMentors"


async def test_turning_a_campaign_off_stops_its_post_even_when_queued(harness: Harness) -> None:
    upcoming = await harness.campaigns.upcoming(ACME, COORD)
    mlk = next(v for v in upcoming.campaigns if v.spec.slug == "mlk-day-of-service")
    harness.clock.set(_local(1, 18, 9))
    await harness.campaigns.plan(ACME, _local(1, 18, 9))  # queued, not yet sent
    view = await harness.campaigns.set_enabled(ACME, COORD, mlk.id, enabled=False)
    assert not view.spec.enabled
    await harness.tick(_local(1, 18, 10))
    assert harness.sent == []
    view = await harness.campaigns.set_enabled(ACME, COORD, mlk.id, enabled=True)
    assert view.next_post == _local(1, 17, year=2028)


async def test_coordinators_only(harness: Harness) -> None:
    with pytest.raises(NotCoordinator, match="admin campaigns` is for the program's coordinators"):
        await harness.campaigns.upcoming(ACME, ANA)
    with pytest.raises(NotCoordinator):
        await harness.campaigns.save(ACME, ANA, None, {})


async def test_upcoming_lists_the_next_post_of_each_in_order(harness: Harness) -> None:
    upcoming = await harness.campaigns.upcoming(ACME, COORD)  # clock: Nov 20, 2026
    assert upcoming.timezone == "America/Chicago" and upcoming.community_channel == COMMUNITY
    assert [(v.spec.slug, v.next_post) for v in upcoming.campaigns] == [
        ("mentoring-month-kickoff", _local(1, 4)),
        ("i-am-a-mentor-day", _local(1, 4)),
        ("international-mentoring-day", _local(1, 17)),
        ("mlk-day-of-service", _local(1, 18)),
        ("thank-your-mentor-day", _local(1, 31)),
    ]
    assert all(v.builtin and v.channel == COMMUNITY and v.last is None for v in upcoming.campaigns)


def _answer(**overrides: object) -> dict[str, object]:
    return {
        "name": "Mentor Appreciation Week",
        "text": "Thank a mentor this week!",
        "repeat": Repeat.YEARLY_WEEKDAY,
        "date": "2027-03-15",  # a Monday, the 3rd of March
        "time": "10:30",
        "business_day": [],
        "channel": None,
        "hashtags": "#MentorWeek ICMAMentors",
        "button": "join",
        **overrides,
    }


async def test_add_a_campaign_and_it_posts_at_its_local_time(harness: Harness) -> None:
    view = await harness.campaigns.save(ACME, COORD, None, _answer())  # type: ignore[arg-type]
    assert not isinstance(view, dict)
    assert view.spec.slug == "mentor-appreciation-week"
    assert view.spec.rule.cron == (("month", "3"), ("day", "3rd mon"))
    assert view.spec.hashtags == ("#MentorWeek", "#ICMAMentors")
    assert view.next_post == _local(3, 15, 10, 30)
    # Daylight saving started on March 14: 10:30 CDT is 15:30 UTC.
    assert view.next_post.astimezone(UTC).hour == 15
    await harness.tick(_local(3, 15, 10, 30))
    assert [m.header for _, _, m in harness.sent] == ["Mentor Appreciation Week"]
    same_name = await harness.campaigns.save(ACME, COORD, None, _answer())  # type: ignore[arg-type]
    assert not isinstance(same_name, dict) and same_name.spec.slug == "mentor-appreciation-week-2"


async def test_invalid_answers_come_back_by_field(harness: Harness) -> None:
    harness.clock.set(_local(2, 1, 12))
    errors = await harness.campaigns.save(
        ACME,
        COORD,
        None,
        _answer(  # type: ignore[arg-type]
            name="",
            repeat=Repeat.ONCE,
            date="2027-01-20",
            time="25:00",
            hashtags="#ok not-ok",
        ),
    )
    assert errors == {
        "name": "This is required.",
        "time": "'25:00' isn't a time of day. Pick one, e.g. 9:00 AM.",
        "hashtags": "'not-ok' isn't a hashtag (letters, digits and _ only).",
    }
    errors = await harness.campaigns.save(
        ACME,
        COORD,
        None,
        _answer(repeat=Repeat.ONCE, date="2027-01-20"),  # type: ignore[arg-type]
    )
    assert errors == {
        "date": "Wed, Jan 20, 2027 at 10:30 AM CST has already passed. Pick a later date or time."
    }
    errors = await harness.campaigns.save(ACME, COORD, None, _answer(date=None))  # type: ignore[arg-type]
    assert errors == {"date": "Pick a date."}
    async with harness.db.transaction(all_tenants=True) as session:
        assert not (await session.scalars(select(Campaign).where(~Campaign.builtin))).all()


async def test_edit_form_is_prefilled_and_keeps_a_custom_schedule(harness: Harness) -> None:
    upcoming = await harness.campaigns.upcoming(ACME, COORD)
    mlk = next(v for v in upcoming.campaigns if v.spec.slug == "mlk-day-of-service")
    form = await harness.campaigns.form(ACME, COORD, mlk.id)
    assert form.initial["repeat"] == Repeat.YEARLY_WEEKDAY
    assert form.initial["date"] == "2027-01-18" and form.initial["time"] == "09:00"
    saved = await harness.campaigns.save(
        ACME, COORD, mlk.id, {**form.initial, "text": "Serve today.", "channel": "C0OTHER"}
    )
    assert not isinstance(saved, dict)
    assert saved.spec.text == "Serve today." and saved.channel == "C0OTHER"
    assert saved.spec.rule == mlk.spec.rule and saved.spec.slug == "mlk-day-of-service"

    await harness.campaigns.import_calendar(
        ACME,
        "- {slug: weekdays, name: Weekdays, cron: {day_of_week: mon-fri}, time: '08:00', text: T}",
    )
    upcoming = await harness.campaigns.upcoming(ACME, COORD)
    custom = next(v for v in upcoming.campaigns if v.spec.slug == "weekdays")
    form = await harness.campaigns.form(ACME, COORD, custom.id)
    assert form.initial["repeat"] == Repeat.CUSTOM
    saved = await harness.campaigns.save(ACME, COORD, custom.id, {**form.initial, "date": None})
    assert not isinstance(saved, dict) and saved.spec.rule == custom.spec.rule


async def test_preview_is_exactly_the_post(harness: Harness) -> None:
    upcoming = await harness.campaigns.upcoming(ACME, COORD)
    kickoff = upcoming.campaigns[0]
    preview = await harness.campaigns.preview(ACME, COORD, kickoff.id)
    assert preview.message == post_message(kickoff.spec)
    await harness.tick(_local(1, 4))
    assert replace(harness.sent[0][2], metadata=None) == preview.message


async def test_import_validates_everything_first_and_export_round_trips(
    harness: Harness,
) -> None:
    exported = await harness.campaigns.export(ACME)
    assert "slug: mlk-day-of-service" in exported and "day: 3rd mon" in exported
    bad = exported.replace("day: 3rd mon", "day: 3rd mun") + (
        "- {slug: new-one, name: New, date: 2027-05-01, time: '09:00', text: Hello}\n"
    )
    with pytest.raises(CalendarError, match=r"entry 4 \(mlk-day-of-service\), cron"):
        await harness.campaigns.import_calendar(ACME, bad)
    assert await harness.campaigns.export(ACME) == exported  # nothing applied

    changed = exported.replace("time: 09:00", "time: '10:00'", 1) + (
        "- {slug: new-one, name: New, date: 2027-05-01, time: '09:00', text: Hello}\n"
    )
    result = await harness.campaigns.import_calendar(ACME, changed)
    assert (result.created, result.updated) == (1, 5)
    again = await harness.campaigns.export(ACME)
    assert "time: '10:00'" in again and "slug: new-one" in again
    assert (await harness.campaigns.import_calendar(ACME, again)).created == 0
    assert await harness.campaigns.export(ACME) == again


async def test_program_hashtags_are_edited_in_the_settings_form(harness: Harness) -> None:
    form = await harness.membership.settings(ACME, COORD)
    assert form.initial["hashtags"] == ""
    values = {**form.initial, "hashtags": "#ICMAMentors not-a-tag"}
    errors = await harness.membership.save_settings(ACME, COORD, values)
    assert errors == {"hashtags": "'not-a-tag' isn't a hashtag (letters, digits and _ only)."}
    values["hashtags"] = "ICMAMentors #icmamentors #LocalGov"
    assert await harness.membership.save_settings(ACME, COORD, values) == {}
    form = await harness.membership.settings(ACME, COORD)
    assert form.initial["hashtags"] == "#ICMAMentors #LocalGov"
    await harness.campaigns.upcoming(ACME, COORD)
    await harness.tick(_local(1, 31))
    assert (
        harness.sent[0][2].paragraphs[1]
        == "#MentoringMonth #ThankYourMentor #ICMAMentors #LocalGov"
    )


async def test_turning_off_twice_stays_off(harness: Harness) -> None:
    upcoming = await harness.campaigns.upcoming(ACME, COORD)
    first = upcoming.campaigns[0]
    for _ in range(2):  # a double click on the same "Turn off" button
        view = await harness.campaigns.set_enabled(ACME, COORD, first.id, enabled=False)
        assert not view.spec.enabled
    with pytest.raises(MembershipError, match="no longer exists"):
        await harness.campaigns.set_enabled(ACME, COORD, 9999, enabled=False)


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (Rule(once=date(2027, 3, 1)), "once on Mon, Mar 1, 2027"),
        (Rule(cron=(("day", "15"),)), "every month on the 15th"),
        (Rule(cron=(("day", "22"),)), "every month on the 22nd"),
        (Rule(cron=(("month", "5"), ("day", "last fri"))), "every year on the last Friday of May"),
        (
            Rule(cron=(("month", "1"), ("day", "1")), business_day=True),
            "every year on January 1 (or the next business day)",
        ),
        (Rule(cron=(("day_of_week", "mon-fri"),)), "on a custom schedule (day_of_week mon-fri)"),
    ],
)
def test_schedules_in_plain_words(rule: Rule, words: str) -> None:
    assert describe_rule(rule) == words
