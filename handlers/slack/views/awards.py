"""Award modals: a member's nomination, a new nomination cycle, the winners. Validation runs
before the ack, so errors show inline and what was typed is kept."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.awards import Awards
from bot.mentoring.awards import screens as ui
from bot.mentoring.awards import texts as say
from bot.mentoring.awards.forms import CYCLE_FORM_KEY, NOMINATION_FORM_KEY, WINNERS_FORM_KEY
from bot.mentoring.errors import MembershipError
from bot.mentoring.forms import list_of
from handlers.slack.awards import person
from handlers.slack.context import services_of, tenant_of
from handlers.slack.payload import metadata_id
from handlers.slack.render import read_values


async def nomination_submitted(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    awards = services_of(context)[Awards]
    tenant, user_id = tenant_of(context), body["user"]["id"]
    cycle_id = metadata_id(view, ui.CYCLE_STATE)
    if cycle_id is None:
        await ack(response_action="errors", errors={"nominee": say.CYCLE_GONE})
        return
    values = read_values(view)
    picked = list_of(values, "nominee")
    nominee = await person(client, picked[0]) if picked else None
    try:
        result = await awards.nominate(tenant, user_id, cycle_id, values, nominee)
    except MembershipError as exc:  # closed, or left the program, while the form was open
        await ack(response_action="errors", errors={"nominee": str(exc)})
        return
    if isinstance(result, dict):
        await ack(response_action="errors", errors=result)
        return
    await ack()
    await client.chat_postMessage(channel=user_id, text=ui.nomination_saved(result))


async def cycle_submitted(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    awards = services_of(context)[Awards]
    tenant, user_id = tenant_of(context), body["user"]["id"]
    try:
        result = await awards.open_cycle(tenant, user_id, read_values(view))
    except MembershipError as exc:  # lost coordinator rights while the modal was open
        await ack(response_action="errors", errors={"name": str(exc)})
        return
    if isinstance(result, dict):
        await ack(response_action="errors", errors=result)
        return
    await ack()
    await client.chat_postMessage(channel=user_id, text=ui.cycle_opened(*result))


async def winners_submitted(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    awards = services_of(context)[Awards]
    tenant, user_id = tenant_of(context), body["user"]["id"]
    cycle_id = metadata_id(view, ui.CYCLE_STATE)
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
    await client.chat_postMessage(channel=user_id, text=ui.winners_saved(result))


def register(app: AsyncApp) -> None:
    app.view(NOMINATION_FORM_KEY)(nomination_submitted)
    app.view(CYCLE_FORM_KEY)(cycle_submitted)
    app.view(WINNERS_FORM_KEY)(winners_submitted)
