"""Can the bot post in a channel? Asked when a community channel is chosen, not found out later
from failed campaign posts."""

from __future__ import annotations

import logging

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.models import Tenant
from bot.mentoring.ports import ChannelProblem

log = logging.getLogger(__name__)


class SlackChannelAccess:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def problem(self, tenant: Tenant, channel_id: str) -> ChannelProblem | None:
        try:
            response = await self._client.conversations_info(channel=channel_id)
        except SlackApiError as exc:
            if exc.response.get("error") in ("channel_not_found", "invalid_channel"):
                return ChannelProblem.NOT_FOUND
            log.warning(
                "could not check a channel", extra={"channel": channel_id, "error": str(exc)}
            )
            return None
        except (ClientError, TimeoutError) as exc:
            log.warning(
                "could not check a channel", extra={"channel": channel_id, "error": str(exc)}
            )
            return None
        channel = response.get("channel") or {}
        if channel.get("is_archived"):
            return ChannelProblem.ARCHIVED
        # Private channels the bot is not in are invisible (channel_not_found above).
        if not channel.get("is_member", False):
            return ChannelProblem.NOT_A_MEMBER
        return None
