"""Buttons on the coordinators' campaign list: preview, turn on/off, edit, add, page."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.campaigns import Campaigns
from bot.mentoring.campaigns import screens as ui
from bot.mentoring.campaigns import texts as say
from bot.mentoring.errors import MembershipError
from handlers.slack import render
from handlers.slack.context import services_of, tenant_of
from handlers.slack.payload import id_and_page


def _numbers(value: str) -> tuple[int, int]:
    """`campaign:page` (or just `page`) from a button value; tampered values read as stale."""
    numbers = id_and_page(value)
    if numbers is None:
        raise MembershipError(say.NOT_FOUND)
    return numbers


async def campaign_button(
    ack: AsyncAck,
    body: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    campaigns = services_of(context)[Campaigns]
    await ack()
    tenant, user_id = tenant_of(context), body["user"]["id"]
    action = body["actions"][0]
    name, value = action["action_id"], action.get("value") or ""
    name = ui.PAGE if name == ui.PAGE_BACK else name  # both turn the page
    try:
        if name in (ui.ADD, ui.PAGE):
            page, _ = _numbers(value)
            if name == ui.ADD:
                form = await campaigns.form(tenant, user_id, None)
                modal = render.modal(ui.campaign_modal(form, None))
                await client.views_open(trigger_id=body["trigger_id"], view=modal)
                return
            upcoming = await campaigns.upcoming(tenant, user_id)
            screen = ui.campaign_list(upcoming, page)
            await respond(**render.message(screen), replace_original=True)
            return
        campaign_id, page = _numbers(value)
        if name == ui.PREVIEW:
            screen = ui.preview(await campaigns.preview(tenant, user_id, campaign_id))
            await respond(**render.message(screen), replace_original=False)
        elif name == ui.EDIT:
            form = await campaigns.form(tenant, user_id, campaign_id)
            modal = render.modal(ui.campaign_modal(form, campaign_id))
            await client.views_open(trigger_id=body["trigger_id"], view=modal)
        else:
            # The button says what to do, not "toggle": a double click does it once.
            on = name == ui.TURN_ON
            view = await campaigns.set_enabled(tenant, user_id, campaign_id, on)
            upcoming = await campaigns.upcoming(tenant, user_id)
            listing = render.message(ui.campaign_list(upcoming, page))
            await respond(text=ui.toggled(view), blocks=listing["blocks"], replace_original=True)
    except MembershipError as exc:
        await respond(text=str(exc), replace_original=False)


def register(app: AsyncApp) -> None:
    app.action(re.compile(f"^({'|'.join(ui.ACTIONS)})$"))(campaign_button)
