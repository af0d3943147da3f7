"""Award modals: a member's nomination, a new nomination cycle, the winners. Validation runs
before the ack, so errors show inline and what was typed is kept."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.awards import Awards
from bot.mentoring.awards import texts as say
from bot.mentoring.awards.forms import CYCLE_FORM_KEY, NOMINATION_FORM_KEY, WINNERS_FORM_KEY
from bot.mentoring.errors import MembershipError
from bot.mentoring.forms import list_of
from bot.mentoring.services import Services
from bot.mentoring.text import day as date_text
from handlers.slack import awards as ui
from handlers.slack.blocks import read_values
from handlers.slack.payload import metadata_id
from handlers.slack.tenant import tenant_of


def register(app: AsyncApp, services: Services) -> None:
    awards = services[Awards]

    @app.view(NOMINATION_FORM_KEY)
    async def nomination_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:  # fmt: skip
        tenant, user_id = tenant_of(context), body["user"]["id"]
        cycle_id = metadata_id(view, "cycle")
        if cycle_id is None:
            await ack(response_action="errors", errors={"nominee": say.CYCLE_GONE})
            return
        values = ui.read_nomination(view)
        picked = list_of(values, "nominee")
        nominee = await ui.person(client, picked[0]) if picked else None
        try:
            result = await awards.nominate(tenant, user_id, cycle_id, values, nominee)
        except MembershipError as exc:  # closed, or left the program, while the form was open
            await ack(response_action="errors", errors={"nominee": str(exc)})
            return
        if isinstance(result, dict):
            await ack(response_action="errors", errors=result)
            return
        await ack()
        reply = say.SAVED_NEW if result.is_new else say.SAVED_EDIT
        deadline = date_text(result.deadline)
        await client.chat_postMessage(
            channel=user_id,
            text=reply.format(nominee=result.nominee_id, cycle=result.cycle, deadline=deadline),
        )

    @app.view(CYCLE_FORM_KEY)
    async def cycle_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:  # fmt: skip
        tenant, user_id = tenant_of(context), body["user"]["id"]
        try:
            result = await awards.open_cycle(tenant, user_id, ui.read_cycle(view))
        except MembershipError as exc:  # lost coordinator rights while the modal was open
            await ack(response_action="errors", errors={"name": str(exc)})
            return
        if isinstance(result, dict):
            await ack(response_action="errors", errors=result)
            return
        await ack()
        cycle, channel = result
        opens = date_text(cycle.opens_on)
        where = (
            say.CYCLE_OPENED_CHANNEL.format(channel=channel, opens=opens)
            if channel
            else say.CYCLE_OPENED_NO_CHANNEL
        )
        reply = say.CYCLE_OPENED.format(
            cycle=cycle.name,
            opens=opens,
            deadline=date_text(cycle.deadline),
            announce=date_text(cycle.announce_on),
            channel=where,
        )
        await client.chat_postMessage(channel=user_id, text=reply)

    @app.view(WINNERS_FORM_KEY)
    async def winners_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:  # fmt: skip
        tenant, user_id = tenant_of(context), body["user"]["id"]
        cycle_id = metadata_id(view, "cycle")
        if cycle_id is None:
            await ack(response_action="errors", errors={"winners": say.CYCLE_GONE})
            return
        try:
            result = await awards.record_winners(tenant, user_id, cycle_id, read_values(view))
        except MembershipError as exc:
            await ack(response_action="errors", errors={"winners": str(exc)})
            return
        if isinstance(result, dict):
            await ack(response_action="errors", errors=result)
            return
        await ack()
        winners = say.mentions(result.cycle.winners)
        if result.right_away:
            reply = say.WINNERS_SAVED_NOW.format(cycle=result.cycle.name, winners=winners)
        else:
            when = date_text(result.announce_at.date())
            reply = say.WINNERS_SAVED.format(cycle=result.cycle.name, winners=winners, when=when)
        await client.chat_postMessage(channel=user_id, text=reply)
