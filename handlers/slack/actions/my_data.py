"""*Delete my data*, offered after leaving the program."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring import messages as text
from bot.mentoring.errors import MembershipError
from bot.mentoring.membership import Membership
from bot.mentoring.my_data import MyData
from bot.mentoring.my_data import texts as say
from bot.mentoring.my_data.screens import DELETE_MY_DATA
from handlers.slack.context import services_of, tenant_of
from handlers.slack.home import publish_home


async def delete_my_data(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    services = services_of(context)
    await ack()
    tenant, user_id = tenant_of(context), body["user"]["id"]
    if action.get("value") != user_id:
        await respond(text=text.STALE_BUTTON, replace_original=False)
        return
    try:
        deleted = await services[MyData].delete(tenant, user_id)
    except MembershipError as exc:
        await respond(text=str(exc), replace_original=False)
        return
    program = await services[Membership].program(tenant)
    done = say.DELETED_AND_ENDED if deleted.pairs_ended else say.DELETED
    await respond(text=done.format(program=program.name), replace_original=True)
    await publish_home(client, services, tenant, user_id)


def register(app: AsyncApp) -> None:
    app.action(DELETE_MY_DATA)(delete_my_data)
