"""The App Home tab: read its one model, render its screen (bot/mentoring/home), publish it."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.home import Home
from bot.mentoring.home.screens import home_screen
from bot.mentoring.models import Tenant
from bot.mentoring.services import Services
from handlers.slack import render


async def publish_home(
    client: AsyncWebClient, services: Services, tenant: Tenant, user_id: str
) -> None:
    # One use case, one transaction: everything on the tab is read as of one moment.
    screen = home_screen(await services[Home].home(tenant, user_id))
    await client.views_publish(user_id=user_id, view=render.home(screen))
