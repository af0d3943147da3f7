"""Buttons on the Home tab, the welcome DM and the leave confirmation."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring import messages as text
from bot.mentoring import screens as sc
from bot.mentoring.errors import MembershipError
from bot.mentoring.membership import Membership
from bot.mentoring.membership.screens import form_modal
from bot.mentoring.models import Tenant
from bot.mentoring.my_data.screens import left_screen
from bot.mentoring.pairing import Pairings
from bot.mentoring.people import People
from bot.mentoring.services import Services
from handlers.slack import action_ids as ids
from handlers.slack import render
from handlers.slack.context import services_of, tenant_of
from handlers.slack.home import publish_home
from handlers.slack.intake_modal import open_intake


async def join(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    services = services_of(context)
    membership = services[Membership]
    await ack()
    user_id = body["user"]["id"]
    await open_intake(
        client, membership, tenant_of(context), user_id, body["trigger_id"], services[People]
    )


async def settings(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    membership = services_of(context)[Membership]
    await ack()
    user_id = body["user"]["id"]
    try:
        form = await membership.settings(tenant_of(context), user_id)
    except MembershipError as exc:
        await client.chat_postMessage(channel=user_id, text=str(exc))
        return
    await client.views_open(trigger_id=body["trigger_id"], view=render.modal(form_modal(form)))


async def _leave(services: Services, tenant: Tenant, user_id: str) -> str:
    """Leaving ends the member's open pairs too: no more check-ins, and the match and the
    coordinators hear why."""
    reply = await services[Membership].leave(tenant, user_id)
    await services[Pairings].end_all_for(tenant, user_id)
    return reply


async def _from_home(
    body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext, name: str
) -> None:
    services = services_of(context)
    membership = services[Membership]
    tenant, user_id = tenant_of(context), body["user"]["id"]
    try:
        if name == "pause":
            screen = sc.Screen(await membership.pause(tenant, user_id, None))
        elif name == "resume":
            screen = sc.Screen(await membership.resume(tenant, user_id))
        else:
            reply = await _leave(services, tenant, user_id)
            screen = left_screen(reply, user_id)
    except MembershipError as exc:
        screen = sc.Screen(str(exc))
    # The Home tab has no thread to answer in: the result goes to the DM and the tab redraws.
    answer = render.message(screen) if screen.blocks else {"text": screen.text}
    await client.chat_postMessage(channel=user_id, **answer)
    await publish_home(client, services, tenant, user_id)


_HOME_BUTTONS = {ids.PAUSE: "pause", ids.RESUME: "resume", ids.LEAVE_FROM_HOME: "leave"}


async def home_button(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    await ack()
    await _from_home(body, client, context, _HOME_BUTTONS[body["actions"][0]["action_id"]])


async def leave_confirm(
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
        reply = await _leave(services, tenant, user_id)
    except MembershipError as exc:
        await respond(text=str(exc), replace_original=True)
        return
    await respond(**render.message(left_screen(reply, user_id)), replace_original=True)
    await publish_home(client, services, tenant, user_id)


async def leave_cancel(ack: AsyncAck, respond: AsyncRespond) -> None:
    await ack()
    await respond(text=text.STAYED, replace_original=True)


def register(app: AsyncApp) -> None:
    app.action(ids.OPEN_INTAKE)(join)
    app.action(ids.OPEN_SETTINGS)(settings)
    app.action(re.compile(f"^({'|'.join(_HOME_BUTTONS)})$"))(home_button)
    app.action(ids.LEAVE_CONFIRM)(leave_confirm)
    app.action(ids.LEAVE_CANCEL)(leave_cancel)
