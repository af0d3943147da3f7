"""Events: the Home tab opening, and newcomers joining the community channel.

Slack retries an event it thinks we missed, with the same event_id; each id is handled once.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.services import Services
from handlers.slack.home import publish_home
from handlers.slack.tenant import tenant_of

log = logging.getLogger(__name__)


def register(app: AsyncApp, services: Services) -> None:
    membership = services.membership

    async def first_delivery(body: dict[str, Any], context: AsyncBoltContext) -> bool:
        event_id = body.get("event_id")
        if not event_id:  # Socket Mode and HTTP both carry one; be strict rather than double-send
            log.warning("event without event_id ignored", extra={"type": body.get("type")})
            return False
        first = await membership.claim_event(tenant_of(context), event_id)
        if not first:
            log.info("duplicate event ignored", extra={"event_id": event_id})
        return first

    @app.event("app_home_opened")
    async def home_opened(
        event: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        if event.get("tab") != "home" or not await first_delivery(body, context):
            return
        await publish_home(client, services, tenant_of(context), event["user"])

    @app.event("member_joined_channel")
    async def joined(
        event: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        if not await first_delivery(body, context):
            return
        user_id = event["user"]
        if user_id == context.bot_user_id:
            return
        # The welcome DM goes through the outbox: queued with the record that it was due.
        await membership.welcome(tenant_of(context), user_id, event["channel"])
