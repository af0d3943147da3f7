"""The bot's DM (App Home "Messages" tab): a member types any `/mentor` subcommand without the
slash, or answers their open check-in in words; and the buttons under that answer.

The words go to the core's dispatcher (bot/mentoring/dispatch.py, shared with the slash
command), which reads a subcommand, else an answer to the member's open check-in, else offers
the help with the nearest subcommand. Its reply is posted in the DM; a DM has no trigger to open
a form with, so a form comes as a button that opens it (one click, then the same modal).

Listeners are module-level: services and the tenant come from Bolt's context.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.mentoring import messages as text
from bot.mentoring.checkins import CheckIns
from bot.mentoring.checkins import texts as say
from bot.mentoring.checkins.reply import CHANGE_DETAILS, CHANGE_MOOD, corrected_message
from bot.mentoring.checkins.use_cases import CHANGE_DETAILS_FORM, CheckInView
from bot.mentoring.dispatch import OpenForm
from bot.mentoring.errors import MembershipError
from bot.mentoring.membership import Membership
from handlers.slack import render
from handlers.slack.checkins import answer_modal, where
from handlers.slack.commands.mentor import SlackPeople, commands_of, message, refresh_home
from handlers.slack.context import services_of, tenant_of
from handlers.slack.events.community import claim_first_delivery
from handlers.slack.payload import channel_id, message_ts, metadata, record_id, user_id

log = logging.getLogger(__name__)
MOOD_OF_CHANGE = {action: mood for mood, action in CHANGE_MOOD.items()}


def _typed_by_a_member(event: dict[str, Any], context: AsyncBoltContext) -> str | None:
    """The member who typed a new message in their DM with the bot, else None: the bot's own
    messages, edits, deletions and joins (any subtype) and other channels are not commands."""
    if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
        return None
    member = user_id(event.get("user"))
    if member is None or member == context.bot_user_id:
        return None
    return member


def _checkin_id(body: dict[str, Any]) -> int:
    checkin_id = record_id(body["actions"][0].get("value"))
    if checkin_id is None:  # a tampered button reads as an unknown check-in
        raise MembershipError(say.NOT_FOUND)
    return checkin_id


def _shown(view: CheckInView) -> dict[str, Any]:
    """chat.update arguments: the corrected answer, still offering to change it."""
    return render.message(corrected_message(view))


async def typed(
    event: dict[str, Any],
    body: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    member = _typed_by_a_member(event, context)
    channel, ts = channel_id(event.get("channel")), message_ts(event.get("ts"))
    if member is None or channel is None or ts is None:
        return
    services = services_of(context)
    if not await claim_first_delivery(services[Membership], body, context):
        return
    tenant, words = tenant_of(context), str(event.get("text") or "")
    try:
        reply = await commands_of(context, client).typed(
            tenant, member, words, f"dm:{channel}:{ts}", SlackPeople(client)
        )
        screen = reply.prompt() if isinstance(reply, OpenForm) else reply.screen
        await client.chat_postMessage(channel=channel, **message(screen))
        if not isinstance(reply, OpenForm):
            await refresh_home(reply, client, context, member)
    except (SQLAlchemyError, OSError):
        # The member typed something and waits for an answer: say why there is none.
        log.warning("database unreachable answering a typed message", exc_info=True)
        await client.chat_postMessage(channel=channel, text=text.RECORDS_UNREACHABLE)


async def mood_changed(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    await ack()
    mood = MOOD_OF_CHANGE[body["actions"][0]["action_id"]]
    checkins = services_of(context)[CheckIns]
    try:
        answer = await checkins.change_mood(
            tenant_of(context), body["user"]["id"], _checkin_id(body), mood
        )
    except MembershipError as exc:
        await respond(text=str(exc), response_type="ephemeral", replace_original=False)
        return
    place = where(body)
    await client.chat_update(channel=place["channel"], ts=place["ts"], **_shown(answer.view))


async def change_details(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    await ack()
    checkins = services_of(context)[CheckIns]
    try:
        view = await checkins.view(tenant_of(context), body["user"]["id"], _checkin_id(body))
    except MembershipError as exc:
        await respond(text=str(exc), response_type="ephemeral", replace_original=False)
        return
    form = checkins.change_details_form(view)
    await client.views_open(trigger_id=body["trigger_id"], view=answer_modal(form, view.id, body))


async def details_changed(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    data = metadata(view)  # what answer_modal() wrote: the check-in and the message
    checkin_id = record_id(data.get("checkin"))
    channel, ts = channel_id(data.get("channel")), message_ts(data.get("ts"))
    if checkin_id is None:
        await ack(response_action="errors", errors={"met": say.NOT_FOUND})
        return
    try:
        answer, errors = await services_of(context)[CheckIns].record_details(
            tenant_of(context),
            body["user"]["id"],
            checkin_id,
            render.read_values(view),
            change=True,
        )
    except MembershipError as exc:
        await ack(response_action="errors", errors={"met": str(exc)})
        return
    if errors or answer is None:
        await ack(response_action="errors", errors=errors or {"met": say.MOOD_FIRST})
        return
    await ack()
    if channel and ts:
        await client.chat_update(channel=channel, ts=ts, **_shown(answer.view))


def register(app: AsyncApp) -> None:
    """Wires the listeners; services reach them through Bolt's context, not this call."""
    app.event("message")(typed)
    app.action(re.compile(f"^({'|'.join(MOOD_OF_CHANGE)})$"))(mood_changed)
    app.action(CHANGE_DETAILS)(change_details)
    app.view(CHANGE_DETAILS_FORM)(details_changed)
