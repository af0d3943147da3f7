"""Posting and redrawing a coordinator's match preview in their DM with the bot."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.models import Tenant
from bot.mentoring.pairing import screens
from bot.mentoring.pairing import texts as say
from bot.mentoring.pairing.use_cases import Pairings, Preview
from bot.mentoring.ports import DeliveryError
from handlers.slack import render
from handlers.slack.messenger import SlackMessenger


async def send_preview(
    client: AsyncWebClient,
    user_id: str,
    preview: Preview,
    pairings: Pairings | None = None,
    tenant: Tenant | None = None,
) -> None:
    """A DM rather than an ephemeral: it stays, and approving redraws it in place. A proposal
    bigger than the preview shows follows as a CSV file (given `pairings` and `tenant`)."""
    await client.chat_postMessage(channel=user_id, **render.message(screens.preview(preview)))
    if pairings is None or tenant is None or not preview.needs_file:
        return
    file = await pairings.proposal_file(tenant, user_id, preview.run_id)
    try:
        await SlackMessenger(client).send_file(tenant, user_id, file)
    except DeliveryError as exc:
        failed = say.PREVIEW_FILE_FAILED.format(reason=exc.reason)
        await client.chat_postMessage(channel=user_id, text=failed)


async def redraw_preview(client: AsyncWebClient, channel: str, ts: str, preview: Preview) -> None:
    await client.chat_update(channel=channel, ts=ts, **render.message(screens.preview(preview)))
