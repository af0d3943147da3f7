"""Last resort: log an unexpected error with its trace; tell the person briefly.

Only a request proven to come from Slack is answered: its `response_url` and user id are
Slack's. Any other request's fields are never read, since they would let anyone make the bot
post to a URL of their choosing or DM any member.
"""

from __future__ import annotations

import logging

from aiohttp import ClientError
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.mentoring import messages as text
from handlers.slack.payload import user_id_of
from handlers.slack.verified_endpoint import VERIFIED

log = logging.getLogger(__name__)


def is_proven(request: AsyncBoltRequest) -> bool:
    """Verified by our HTTP endpoint, or delivered over the authenticated Socket Mode link."""
    return request.mode == "socket_mode" or request.context.get(VERIFIED) is True


def register(app: AsyncApp) -> None:
    @app.error
    async def on_error(error: Exception, request: AsyncBoltRequest, client: AsyncWebClient) -> None:
        if not is_proven(request):
            # Bolt's own check failing before ours ran (e.g. the endpoint bypassed): the
            # error is logged, without a trace an outsider could use to fill the log.
            log.warning(
                "error on a request that was not verified; nobody was answered",
                extra={"error": type(error).__name__},
            )
            return
        body = request.body
        kind = body.get("type") or "slash_command"
        refusal = _refusal(error)
        if refusal is not None:
            # Slack said no to the step after the person's request (a form that opened too
            # late, a message since deleted): not a bug, and they get the specific story.
            code, reply = refusal
            log.warning("Slack refused a listener's call", extra={"error": code, "kind": kind})
        else:
            reply = text.SOMETHING_WENT_WRONG
            log.error("unhandled error in a Slack listener", exc_info=error, extra={"kind": kind})
        user_id = user_id_of(body)
        response_url = body.get("response_url")
        try:
            if isinstance(response_url, str) and response_url:
                await AsyncWebhookClient(response_url).send(text=reply, response_type="ephemeral")
            elif user_id and kind != "event_callback":
                await client.chat_postMessage(channel=user_id, text=reply)
        except (SlackApiError, ClientError) as exc:
            log.warning("could not tell the person about the error", extra={"error": str(exc)})


def _refusal(error: Exception) -> tuple[str, str] | None:
    """Slack's error code and what to tell the person, for refusals we can explain."""
    if not isinstance(error, SlackApiError):
        return None
    code = error.response.get("error")
    reply = text.SLACK_REFUSALS.get(code) if isinstance(code, str) else None
    return (code, reply) if isinstance(code, str) and reply is not None else None
