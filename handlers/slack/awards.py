"""Who a nominee is, as Slack knows them (users.info): real, a bot, from another workspace.
What nominations show is built in bot/mentoring/awards/screens.py."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.awards.use_cases import Person

log = logging.getLogger(__name__)


async def person(client: AsyncWebClient, user_id: str) -> Person:
    """What Slack says about someone being nominated: real, a bot, from another workspace."""
    try:
        response = await client.users_info(user=user_id)
    except SlackApiError as exc:
        if exc.response.get("error") in ("user_not_found", "invalid_user"):
            return Person(user_id, known=False)
        # Slack can't say right now: the program's own records still decide who is a mentor.
        log.warning("users.info failed while checking a nominee", extra={"error": str(exc)})
        return Person(user_id)
    user = response.get("user") or {}
    return Person(
        user_id,
        is_bot=bool(user.get("is_bot")) or user_id == "USLACKBOT",
        workspace_id=user.get("team_id"),
    )
