""" "Thank your mentor": the button (Home tab, the #ThankYourMentor Day post) and the shortcut.

The shortcut is registered here with the button because both only open the same modal.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.thanks.use_cases import OPEN_THANKS, SHORTCUT
from handlers.slack.context import services_of, tenant_of
from handlers.slack.thanks import open_thanks


async def thank_button(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    services = services_of(context)
    await ack()
    user_id = body["user"]["id"]
    await open_thanks(client, services, tenant_of(context), user_id, body["trigger_id"])


async def thank_shortcut(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    services = services_of(context)
    await ack()
    user_id = body["user"]["id"]
    await open_thanks(client, services, tenant_of(context), user_id, body["trigger_id"])


def register(app: AsyncApp) -> None:
    app.action(OPEN_THANKS)(thank_button)
    app.shortcut(SHORTCUT)(thank_shortcut)
