"""Posting and redrawing a coordinator's match preview in their DM with the bot."""

from __future__ import annotations

import re

from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.pairing import Preview
from handlers.slack.pairing_views import preview_blocks

# With escaping on, Slack sends a typed @mention as <@U123|name>.
USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


async def send_preview(client: AsyncWebClient, user_id: str, preview: Preview) -> None:
    """A DM rather than an ephemeral: it stays, and approving redraws it in place."""
    text, blocks = preview_blocks(preview)
    await client.chat_postMessage(channel=user_id, text=text, blocks=blocks)


async def redraw_preview(client: AsyncWebClient, channel: str, ts: str, preview: Preview) -> None:
    text, blocks = preview_blocks(preview)
    await client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
