"""The real bot, served over HTTP on 127.0.0.1, driven through the Slack twin."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from bot.app import MentorBot
from bot.config import Settings
from sandbox.slack_twin import SlackTwin
from storage.database import Database
from tests.conftest import MovableClock

SECRET = "e2e-signing-secret-0123456789"
TOKEN = "xoxb-e2e-token"
TEAM = "T0ACME"
COORD, ANA, BEN, CARA = "U0COORD", "U0ANA", "U0BEN", "U0CARA"
COMMUNITY = "C0COMMUNITY"


@dataclass
class Stack:
    twin: SlackTwin
    bot: MentorBot
    port: int

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
async def stack(db: Database, clock: MovableClock) -> AsyncIterator[Stack]:
    """`db` has migrated the schema; the bot opens its own engine on the same database."""
    twin = SlackTwin(signing_secret=SECRET, bot_token=TOKEN, team_id=TEAM, team_domain="acme")
    await twin.start()
    twin.add_user(COORD, "casey", real_name="Casey Coordinator", tz="America/Chicago")
    twin.add_user(ANA, "ana", real_name="Ana Alvarez", tz="America/Denver")
    twin.add_user(BEN, "ben", real_name="Ben Brooks", tz="America/New_York")
    twin.add_user(CARA, "cara", real_name="Cara Chen", tz="Asia/Kathmandu")
    twin.add_channel(COMMUNITY, "mentoring-community", members=[twin.bot_user_id, COORD])
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token=TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=twin.api_url,
        database_url=db.url,
        mentorbot_coordinators=[COORD],
        mentorbot_timezone="America/Chicago",
        mentorbot_community_channel=COMMUNITY,
    )
    bot = MentorBot(settings, clock=clock)
    port = await bot.start(host="127.0.0.1", port=0)
    twin.bot_url = f"http://127.0.0.1:{port}/slack/events"
    try:
        yield Stack(twin, bot, port)
    finally:
        await bot.stop()
        await twin.stop()


MENTOR_ANSWER: dict[str, object] = {
    "role": "mentor",
    "track": "traditional",
    "organization": "City of Boulder",
    "position_level": "senior",
    "years_experience": "14",
    "topics": ["Budgeting and finance", "Leadership and management"],
    "goal_1": "Help a new finance director find their feet",
    "meeting_format": "video",
    "meeting_frequency": "monthly",
    "capacity": "2",
    "term_ack": ["agree"],
}
MENTEE_ANSWER: dict[str, object] = {
    **MENTOR_ANSWER,
    "role": "mentee",
    "organization": "Town of Lyons",
    "position_level": "early",
    "years_experience": "2",
    "goal_1": "Prepare my first budget presentation to council",
    "capacity": "0",  # "none": the field is required of everyone, so Slack doesn't say optional
}


async def apply(stack: Stack, user: str, answer: dict[str, object]) -> None:
    """`/mentor join` and a valid submission; returns once the thank-you DM arrived."""
    twin = stack.twin
    await twin.send_command(user, "join")
    await twin.wait_for(lambda: twin.open_view(user) is not None)
    before = len(twin.dms(user))
    await twin.submit_view(user, answer)
    await twin.wait_for(lambda: len(twin.dms(user)) > before)


async def reply_to(stack: Stack, user: str, text: str) -> str:
    """Send `/mentor <text>` and return the private answer, rendered."""
    twin = stack.twin
    before = len(twin.ephemerals(user))
    response = await twin.send_command(user, text)
    assert response.status == 200
    await twin.wait_for(lambda: len(twin.ephemerals(user)) > before)
    return twin.render(twin.ephemerals(user)[-1])
