"""Buttons of pairing: approve/reject in the preview, accept/decline a match, end a pair."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.errors import MembershipError
from bot.mentoring.pairing import Pairings, screens
from bot.mentoring.pairing import texts as say
from bot.mentoring.pairing import use_cases as pairing
from bot.mentoring.ports import DeliveryError
from handlers.slack import action_ids as ids
from handlers.slack import render
from handlers.slack.context import services_of, tenant_of
from handlers.slack.messenger import SlackMessenger
from handlers.slack.payload import channel_id, message_ts, record_id
from handlers.slack.preview import redraw_preview, send_preview

DECLINE_VIEW, END_VIEW = screens.DECLINE_VIEW, screens.END_VIEW


def _ids(value: str) -> tuple[int, int | None]:
    """`run` or `run:pairing` from a button value; a tampered value reads as a stale button."""
    run, colon, pair = value.partition(":")
    run_id, pair_id = record_id(run), record_id(pair) if colon else None
    if run_id is None or (colon and pair_id is None):
        raise MembershipError(say.STALE_RUN)
    return run_id, pair_id


async def _decide(
    body: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
    *,
    approve: bool,
    every: bool,
) -> None:
    pairings = services_of(context)[Pairings]
    user_id = body["user"]["id"]
    try:
        run_id, pair_id = _ids(body["actions"][0].get("value") or "")
        chosen = None if every else [pair_id] if pair_id is not None else []
        preview = await pairings.decide(
            tenant_of(context), user_id, chosen, run_id=run_id, approve=approve
        )
    except MembershipError as exc:
        await client.chat_postMessage(channel=user_id, text=str(exc))
        return
    container = body.get("container") or {}
    channel = channel_id(container.get("channel_id"))
    ts = message_ts(container.get("message_ts"))
    if channel is None or ts is None:  # the decision stands; there is no message to redraw
        await send_preview(client, user_id, preview)
        return
    await redraw_preview(client, channel, ts, preview)


# Approve, reject and approve-all differ only in what they decide.
_CHOICES = {
    pairing.APPROVE: (True, False),
    pairing.REJECT: (False, False),
    pairing.APPROVE_ALL: (True, True),
}


async def preview_button(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    await ack()
    approve, every = _CHOICES[body["actions"][0]["action_id"]]
    await _decide(body, client, context, approve=approve, every=every)


async def open_match(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    pairings = services_of(context)[Pairings]
    await ack()
    user_id = body["user"]["id"]
    tenant = tenant_of(context)
    try:
        preview = await pairings.propose(tenant, user_id)
    except MembershipError as exc:
        await client.chat_postMessage(channel=user_id, text=str(exc))
        return
    await send_preview(client, user_id, preview, pairings, tenant)


async def pairs_more(
    ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext
) -> None:
    """The next page of `/mentor admin pairs`, in place of the one clicked."""
    pairings = services_of(context)[Pairings]
    await ack()
    value = body["actions"][0].get("value") or "0"
    offset = int(value) if value.isdigit() else 0
    try:
        program, pairs = await pairings.open_pairs(tenant_of(context), body["user"]["id"])
    except MembershipError as exc:
        await respond(text=str(exc), response_type="ephemeral", replace_original=False)
        return
    screen = screens.admin_pairs(program, pairs, offset)
    await respond(**render.message(screen), replace_original=True)


async def pairs_csv(
    ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    pairings = services_of(context)[Pairings]
    await ack()
    tenant, user_id = tenant_of(context), body["user"]["id"]
    try:
        file = await pairings.pairs_file(tenant, user_id)
        await SlackMessenger(client).send_file(tenant, user_id, file)
        reply = say.FILE_SENT
    except MembershipError as exc:
        reply = str(exc)
    except DeliveryError as exc:
        reply = say.FILE_FAILED.format(reason=exc.reason)
    await respond(text=reply, response_type="ephemeral", replace_original=False)


async def accept(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    pairings = services_of(context)[Pairings]
    await ack()
    user_id = body["user"]["id"]
    pair_id = record_id(body["actions"][0].get("value"))
    try:
        if pair_id is None:  # a tampered button: no pair of ours has that id
            raise MembershipError(say.NOT_YOUR_MATCH)
        reply = await pairings.answer(tenant_of(context), user_id, pair_id, accept=True)
    except MembershipError as exc:
        reply = str(exc)
    await _settle_invitation(client, body, reply or say.BOTH_ACCEPTED)


async def decline(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
    await ack()
    pair_id = record_id(body["actions"][0].get("value"))
    if pair_id is None:
        await client.chat_postMessage(channel=body["user"]["id"], text=say.NOT_YOUR_MATCH)
        return
    view = render.modal(screens.decline_modal(pair_id))
    await client.views_open(trigger_id=body["trigger_id"], view=view)


async def end(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
    await ack()
    pair_id = record_id(body["actions"][0].get("value"))
    if pair_id is None:
        await client.chat_postMessage(channel=body["user"]["id"], text=say.NOT_YOUR_MATCH)
        return
    view = render.modal(screens.end_modal(pair_id))
    await client.views_open(trigger_id=body["trigger_id"], view=view)


async def _settle_invitation(client: AsyncWebClient, body: dict[str, Any], reply: str) -> None:
    """Replace the invitation's buttons with the answer, so nobody clicks twice by mistake."""
    message = body.get("message") or {}
    container = body.get("container") or {}
    kept = [b for b in message.get("blocks", []) if b.get("type") != "actions"]
    await client.chat_update(
        channel=container.get("channel_id") or body["channel"]["id"],
        ts=container.get("message_ts") or message["ts"],
        text=reply,
        blocks=[*kept, render.context(reply).to_dict()],
    )


def register(app: AsyncApp) -> None:
    app.action(re.compile(f"^({'|'.join(_CHOICES)})$"))(preview_button)
    app.action(ids.OPEN_MATCH)(open_match)
    app.action(screens.PAIRS_MORE)(pairs_more)
    app.action(screens.PAIRS_CSV)(pairs_csv)
    app.action(pairing.ACCEPT)(accept)
    app.action(pairing.DECLINE)(decline)
    app.action(pairing.END)(end)
