"""Reason modals: declining a proposed match, ending a relationship."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring import messages as text
from bot.mentoring.errors import MembershipError
from bot.mentoring.pairing import Pairings, screens
from bot.mentoring.pairing import texts as say
from handlers.slack.actions.pairing import DECLINE_VIEW, END_VIEW
from handlers.slack.context import services_of, tenant_of
from handlers.slack.home import publish_home
from handlers.slack.payload import metadata_id
from handlers.slack.render import read_values

REASON_BLOCK = screens.REASON_FIELD


def _reason(view: dict[str, Any]) -> str | None:
    value = read_values(view).get(screens.REASON_FIELD)
    text = value.strip() if isinstance(value, str) else ""
    return text[: screens.REASON_LENGTH] or None


async def declined(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    pairings = services_of(context)[Pairings]
    reason, pair_id = _reason(view), metadata_id(view, screens.PAIR_STATE)
    if pair_id is None:  # the modal's hidden id is not one the bot wrote
        await ack(response_action="errors", errors={REASON_BLOCK: text.OUT_OF_DATE})
        return
    if reason is None:
        await ack(response_action="errors", errors={REASON_BLOCK: say.DECLINE_REASON_NEEDED})
        return
    await ack()
    tenant, user_id = tenant_of(context), body["user"]["id"]
    try:
        reply = await pairings.answer(tenant, user_id, pair_id, accept=False, reason=reason)
    except MembershipError as exc:
        reply = str(exc)
    await client.chat_postMessage(channel=user_id, text=reply)


async def ended(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    services = services_of(context)
    pairings = services[Pairings]
    reason, pair_id = _reason(view), metadata_id(view, screens.PAIR_STATE)
    if pair_id is None:  # the modal's hidden id is not one the bot wrote
        await ack(response_action="errors", errors={REASON_BLOCK: text.OUT_OF_DATE})
        return
    if reason is None:
        await ack(response_action="errors", errors={REASON_BLOCK: say.END_REASON_NEEDED})
        return
    tenant, user_id = tenant_of(context), body["user"]["id"]
    try:
        reply = await pairings.end(tenant, user_id, pair_id, reason)
    except MembershipError as exc:
        await ack(response_action="errors", errors={REASON_BLOCK: str(exc)})
        return
    await ack()
    await client.chat_postMessage(channel=user_id, text=reply)
    await publish_home(client, services, tenant, user_id)


def register(app: AsyncApp) -> None:
    app.view(DECLINE_VIEW)(declined)
    app.view(END_VIEW)(ended)
