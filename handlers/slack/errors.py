"""Last resort: log an unexpected error with its trace; tell the person briefly."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import ClientError
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.mentoring import messages as text

log = logging.getLogger(__name__)


def register(app: AsyncApp) -> None:
    @app.error
    async def on_error(error: Exception, body: dict[str, Any], client: AsyncWebClient) -> None:
        log.error(
            "unhandled error in a Slack listener",
            exc_info=error,
            extra={"request_type": body.get("type") or "slash_command"},
        )
        user_id = body.get("user_id") or (body.get("user") or {}).get("id")
        response_url = body.get("response_url")
        try:
            if response_url:
                await AsyncWebhookClient(response_url).send(
                    text=text.SOMETHING_WENT_WRONG, response_type="ephemeral"
                )
            elif user_id and body.get("type") != "event_callback":
                await client.chat_postMessage(channel=user_id, text=text.SOMETHING_WENT_WRONG)
        except (SlackApiError, ClientError) as exc:
            log.warning("could not tell the person about the error", extra={"error": str(exc)})
