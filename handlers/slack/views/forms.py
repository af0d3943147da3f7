"""Modal submissions: the intake application and the program settings.

Validation runs before the ack so errors show inline in the modal, with what was typed kept.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring import messages as text
from bot.mentoring.errors import MembershipError
from bot.mentoring.membership import Membership
from bot.mentoring.membership.intake import FORM_KEY
from bot.mentoring.program.settings import SETTINGS_FORM_KEY
from handlers.slack.context import services_of, tenant_of
from handlers.slack.home import publish_home
from handlers.slack.render import read_values


async def intake_submitted(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    services = services_of(context)
    membership = services[Membership]
    tenant, user_id = tenant_of(context), body["user"]["id"]
    result = await membership.submit(tenant, user_id, read_values(view))
    if isinstance(result, dict):
        await ack(response_action="errors", errors=result)
        return
    await ack()
    reply = text.APPLIED_NEW if result.is_new else text.APPLIED_EDIT
    await client.chat_postMessage(channel=user_id, text=reply.format(program=result.program.name))
    await publish_home(client, services, tenant, user_id)


async def settings_submitted(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    services = services_of(context)
    membership = services[Membership]
    tenant, user_id = tenant_of(context), body["user"]["id"]
    try:
        errors = await membership.save_settings(tenant, user_id, read_values(view))
    except MembershipError as exc:  # lost coordinator rights while the modal was open
        await ack(response_action="errors", errors={"name": str(exc)})
        return
    if errors:
        await ack(response_action="errors", errors=errors)
        return
    await ack()
    await client.chat_postMessage(channel=user_id, text=text.SETTINGS_SAVED)
    await publish_home(client, services, tenant, user_id)


def register(app: AsyncApp) -> None:
    app.view(FORM_KEY)(intake_submitted)
    app.view(SETTINGS_FORM_KEY)(settings_submitted)
