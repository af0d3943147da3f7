"""Opening the thank-you modal, shared by the command, the shortcut, the Home tab and the
campaign post's button."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.models import Tenant
from bot.mentoring.services import Services
from bot.mentoring.thanks import Thanks
from bot.mentoring.thanks.screens import thanks_modal
from handlers.slack import render


async def open_thanks(
    client: AsyncWebClient, services: Services, tenant: Tenant, user_id: str, trigger_id: str
) -> None:
    form = await services[Thanks].form(tenant, user_id)
    await client.views_open(trigger_id=trigger_id, view=render.modal(thanks_modal(form)))
