"""A local Slack twin for `mentorbot run` with no Slack tokens, and for the demo."""

from __future__ import annotations

import secrets

from bot.config import Settings
from sandbox.slack_twin import SlackTwin

TEAM_ID = "T0LOCAL"
COMMUNITY_CHANNEL = "C0COMMUNITY"
COORDINATOR = "U0CASEY"
PEOPLE = {
    COORDINATOR: ("casey", "Casey Coordinator", "America/Chicago"),
    "U0DANA": ("dana", "Dana Diaz (city manager)", "America/Denver"),
    "U0ELI": ("eli", "Eli Evans (assistant clerk)", "America/New_York"),
    "U0FATIMA": ("fatima", "Fatima Farah (branch librarian)", "America/Los_Angeles"),
    "U0GUS": ("gus", "Gus Green (deputy clerk)", "America/Chicago"),
}


async def start_local_twin(settings: Settings) -> tuple[SlackTwin, Settings]:
    """Start a twin with a small community; returns it and settings pointing the bot at it."""
    signing_secret = secrets.token_hex(16)
    bot_token = "xoxb-local-" + secrets.token_hex(8)
    twin = SlackTwin(
        signing_secret=signing_secret, bot_token=bot_token, team_id=TEAM_ID, team_domain="local"
    )
    await twin.start()
    for user_id, (name, real_name, tz) in PEOPLE.items():
        twin.add_user(user_id, name, real_name=real_name, tz=tz)
    twin.add_channel(
        COMMUNITY_CHANNEL, "mentoring-community", members=[twin.bot_user_id, COORDINATOR]
    )
    local = settings.model_copy(
        update={
            "slack_bot_token": bot_token,
            "slack_signing_secret": signing_secret,
            "slack_app_token": None,
            "slack_api_url": twin.api_url,
            "mentorbot_coordinators": settings.mentorbot_coordinators or [COORDINATOR],
            "mentorbot_community_channel": settings.mentorbot_community_channel
            or COMMUNITY_CHANNEL,
        }
    )
    return twin, local
