"""`mentorbot demo`: the real bot on a throw-away database, driven through the local Slack twin.

Simulated members use the same HTTP endpoint Slack would call; the transcript shows what each
person saw.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import MentorBot
from bot.config import Settings
from sandbox.local import COMMUNITY_CHANNEL, COORDINATOR, PEOPLE, start_local_twin
from sandbox.slack_twin import SlackTwin

DANA, ELI, FATIMA, GUS = "U0DANA", "U0ELI", "U0FATIMA", "U0GUS"

DANA_ANSWER: dict[str, object] = {
    "role": "mentor",
    "track": "traditional",
    "organization": "City of Boulder",
    "position_level": "executive",
    "years_experience": "22",
    "topics": [
        "Budgeting and finance",
        "Council and board relations",
        "Records management",
        "Leadership and management",
    ],
    "goal_1": "Help a new manager build trust with council",
    "meeting_format": "video",
    "meeting_frequency": "monthly",
    "term_ack": ["agree"],
}
ELI_ANSWER: dict[str, object] = {
    "role": "mentee",
    "track": "traditional",
    "organization": "Town of Lyons",
    "position_level": "early",
    "years_experience": "2",
    "topics": ["Elections administration", "Records management", "Council and board relations"],
    "goal_1": "Run my first municipal election without surprises",
    "goal_2": "Get my Certified Municipal Clerk designation",
    "meeting_format": "video",
    "meeting_frequency": "biweekly",
    "term_ack": ["agree"],
}
GUS_ANSWER: dict[str, object] = {
    **ELI_ANSWER,
    "organization": "City of Golden",
    "goal_1": "Learn how other clerks handle records requests",
    "goal_2": None,
}
FATIMA_ANSWER: dict[str, object] = {
    "role": "both",
    "track": "career",
    "organization": "Pima County Public Library",
    "position_level": "mid",
    "years_experience": "9",
    "topics": ["Library programming", "Youth and family services", "Grant writing"],
    "goal_1": "Move from branch work into library administration",
    "meeting_format": "any",
    "meeting_frequency": "monthly",
    "capacity": "1",
    "term_ack": ["agree"],
}


THANKS = (
    "Dana, thank you for walking me through my first election calendar. I ran it without a "
    "single surprise."
)


class ShiftedClock:
    """Real time, moved forward on demand: the demo visits the future without waiting for it."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def jump_to(self, when: datetime) -> None:
        self.offset = when - datetime.now(UTC)


def next_january_4(after: datetime, timezone: str) -> datetime:
    """9:05 on the next Jan 4 in the program's time zone: the first campaign posts are out."""
    zone = ZoneInfo(timezone)
    year = after.astimezone(zone).year
    when = datetime(year, 1, 4, 9, 5, tzinfo=zone)
    return when if when > after else datetime(year + 1, 1, 4, 9, 5, tzinfo=zone)


class Demo:
    def __init__(self, twin: SlackTwin, bot: MentorBot, clock: ShiftedClock) -> None:
        self.twin = twin
        self.bot = bot
        self.clock = clock

    async def command(self, user: str, text: str) -> None:
        """Send `/mentor text` and wait for its private answer (other effects, such as a Home
        tab redraw, may land just after it)."""
        before = len(self.twin.ephemerals(user))
        await self.twin.send_command(user, text)
        await self.twin.wait_for(lambda: len(self.twin.ephemerals(user)) > before)

    async def submit(
        self, user: str, answer: dict[str, object], *, expect_errors: bool = False
    ) -> None:
        await self.twin.submit_view(user, answer)
        if not expect_errors:
            await self.twin.wait_for(lambda: self.twin.open_view(user) is None)

    async def apply(self, user: str, answer: dict[str, object]) -> None:
        await self.twin.send_command(user, "join")  # answered with the intake modal
        await self.twin.wait_for(lambda: self.twin.open_view(user) is not None)
        before = len(self.twin.dms(user))
        await self.submit(user, answer)
        await self.twin.wait_for(lambda: len(self.twin.dms(user)) > before)

    async def script(self) -> None:
        twin = self.twin
        # Dana joins the community channel and is invited to apply.
        await twin.user_joins_channel(DANA, COMMUNITY_CHANNEL)
        await twin.wait_for(lambda: len(twin.dms(DANA)) == 1)
        await twin.click(DANA, "open_intake")
        await twin.wait_for(lambda: twin.open_view(DANA) is not None)
        await self.submit(DANA, DANA_ANSWER, expect_errors=True)  # forgot the capacity
        before = len(twin.dms(DANA))
        await self.submit(DANA, {"capacity": "2"})
        await twin.wait_for(lambda: len(twin.dms(DANA)) > before)
        # Eli mistypes, then applies as a mentee and reviews the profile.
        await self.command(ELI, "jion")
        await self.apply(ELI, ELI_ANSWER)
        await self.command(ELI, "profile")
        # Fatima applies as both, takes a break and comes back.
        await self.apply(FATIMA, FATIMA_ANSWER)
        back = (date.today() + timedelta(days=45)).isoformat()
        await self.command(FATIMA, f"pause until {back}")
        await self.command(FATIMA, "resume")
        # Gus is curious about admin commands, applies, then changes his mind.
        await self.command(GUS, "admin applicants")
        await self.apply(GUS, GUS_ANSWER)
        await self.command(GUS, "leave")
        before = len(twin.transcript(GUS))
        await twin.click(GUS, "leave_confirm")
        await twin.wait_for(lambda: len(twin.transcript(GUS)) > before)
        # Casey reviews the applicants and proposes pairs; nobody is dropped silently.
        await self.command(COORDINATOR, "admin applicants")
        await self.command(COORDINATOR, "admin match")  # the reply comes after the preview DM
        before = len(twin.dms(DANA)), len(twin.dms(ELI))
        await twin.click(COORDINATOR, "pair_approve_all")
        await twin.wait_for(
            lambda: len(twin.dms(DANA)) > before[0] and len(twin.dms(ELI)) > before[1]
        )
        # Both accept; the bot opens their group DM and introduces them.
        await twin.click(DANA, "pair_accept")
        await twin.click(ELI, "pair_accept")
        await twin.wait_for(lambda: bool(twin.calls("chat.postMessage")) and self.introduced())
        await self.command(ELI, "pair")
        before = len(twin.transcript(COORDINATOR))
        await twin.open_home(COORDINATOR)
        await twin.wait_for(lambda: len(twin.transcript(COORDINATOR)) > before)
        await self.first_checkin()
        await self.hours()
        await self.january_campaign()
        await self.thank_your_mentor()

    async def first_checkin(self) -> None:
        """Two weeks on (the afternoon, after 10:00 in every member's zone), the first
        check-ins arrive; Eli answers in two clicks and a short form."""
        twin = self.twin
        later = (self.clock() + timedelta(days=14)).replace(hour=18, minute=0)
        self.clock.jump_to(later)
        await self.bot.tick()
        await twin.wait_for(lambda: "How's it going" in twin.render(twin.dms(ELI)[-1]))
        await twin.click(ELI, "checkin_great")
        await twin.wait_for(lambda: twin.open_view(ELI) is not None)
        await self.submit(ELI, {"met": "yes", "hours": "1.5"})
        await twin.wait_for(lambda: "1.5 hours" in twin.render(twin.dms(ELI)[-1]))

    async def hours(self) -> None:
        """Dana logs the prep she did for their first meeting, then checks her credit."""
        log = f"log 1.5h with <@{ELI}> read up on election law for Eli"
        await self.command(DANA, log)
        await self.command(DANA, "hours")

    async def january_campaign(self) -> None:
        """January 4: National Mentoring Month's kickoff (or I Am a Mentor Day) in the channel."""
        twin = self.twin
        before = len(twin.channel_messages(COMMUNITY_CHANNEL))
        self.clock.jump_to(next_january_4(self.clock(), "America/Chicago"))
        await self.bot.tick()
        await twin.wait_for(lambda: len(twin.channel_messages(COMMUNITY_CHANNEL)) > before)

    async def thank_your_mentor(self) -> None:
        """#ThankYourMentor Day: Eli, now in the community channel, thanks Dana publicly from
        the button on the campaign post."""
        twin = self.twin
        await twin.user_joins_channel(ELI, COMMUNITY_CHANNEL)
        jan_31 = datetime(self.clock().year, 1, 31, 9, 5, tzinfo=ZoneInfo("America/Chicago"))
        self.clock.jump_to(jan_31)
        before = len(twin.channel_messages(COMMUNITY_CHANNEL))
        await self.bot.tick()
        await twin.wait_for(lambda: len(twin.channel_messages(COMMUNITY_CHANNEL)) > before)
        await twin.click(ELI, "thank_mentor")
        await twin.wait_for(lambda: twin.open_view(ELI) is not None)
        before = len(twin.channel_messages(COMMUNITY_CHANNEL))
        # The modal turns into a short "thank you" page rather than closing.
        await twin.submit_view(ELI, {"message": THANKS, "visibility": "public"})
        await twin.wait_for(lambda: len(twin.channel_messages(COMMUNITY_CHANNEL)) > before)
        await twin.wait_for(lambda: any(THANKS[:40] in twin.render(m) for m in twin.dms(DANA)))

    def introduced(self) -> bool:
        opened = [c for c in self.twin.calls("conversations.open") if c.ok]
        return bool(opened) and bool(
            self.twin.channel_messages(str(opened[-1].response["channel"]["id"]))
        )


async def run_demo(database_url: str | None = None) -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mentorbot-demo-") as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'demo.db'}"
        settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
        twin, settings = await start_local_twin(settings)
        clock = ShiftedClock()
        bot = MentorBot(settings, clock=clock)
        try:
            port = await bot.start(host="127.0.0.1", port=0)
            twin.bot_url = f"http://127.0.0.1:{port}/slack/events"
            await Demo(twin, bot, clock).script()
        finally:
            await bot.stop()
            await twin.stop()
    print(f"mentorbot demo: the real bot at {twin.bot_url}, Slack played by the local twin\n")
    for user_id, (_name, real_name, _tz) in PEOPLE.items():
        print(f"=== What {real_name} saw")
        for line in twin.transcript(user_id, include_actions=True):
            print("  " + line.replace("\n", "\n    "))
        print()
    calls = len(twin.calls())
    print(f"Done in {time.perf_counter() - started:.1f} s, {calls} Slack API calls.")
