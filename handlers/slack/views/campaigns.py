"""The add/edit campaign modal. Validation runs before the ack: errors show inline, and Slack
keeps everything typed in the modal."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.campaigns import Campaigns
from bot.mentoring.campaigns import screens as ui
from bot.mentoring.campaigns import texts as say
from bot.mentoring.campaigns.form import FORM_KEY
from bot.mentoring.errors import MembershipError
from handlers.slack.context import services_of, tenant_of
from handlers.slack.payload import metadata, record_id
from handlers.slack.render import read_values


async def campaign_submitted(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    campaigns = services_of(context)[Campaigns]
    tenant, user_id = tenant_of(context), body["user"]["id"]
    values = read_values(view)
    # No id: a new campaign. An id the bot could not have written: the form is stale.
    raw_id = metadata(view).get(ui.CAMPAIGN_STATE)
    campaign_id = record_id(raw_id)
    if raw_id is not None and campaign_id is None:
        await ack(response_action="errors", errors={"name": say.NOT_FOUND})
        return
    try:
        result = await campaigns.save(tenant, user_id, campaign_id, values)
    except MembershipError as exc:  # rights lost, or the campaign is gone, while it was open
        await ack(response_action="errors", errors={"name": str(exc)})
        return
    if isinstance(result, dict):
        await ack(response_action="errors", errors=result)
        return
    await ack()
    await client.chat_postMessage(channel=user_id, text=ui.saved(result))


def register(app: AsyncApp) -> None:
    app.view(FORM_KEY)(campaign_submitted)
