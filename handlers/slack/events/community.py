"""Events: the Home tab opening, and newcomers joining the community channel.

Slack retries an event it thinks we missed, with the same event_id; each id is handled once.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.membership import Membership
from handlers.slack.context import services_of, tenant_of
from handlers.slack.home import publish_home
from handlers.slack.payload import channel_id, user_id

log = logging.getLogger(__name__)


async def claim_first_delivery(
    membership: Membership, body: dict[str, Any], context: AsyncBoltContext
) -> bool:
    """True the first time an event_id arrives; Slack's retries of it are False."""
    event_id = body.get("event_id")
    # Socket Mode and HTTP both carry one (Ev…, under the column's 64 characters); be
    # strict rather than double-send.
    if not isinstance(event_id, str) or not event_id or len(event_id) > 64:
        log.warning("event without a usable event_id ignored", extra={"type": body.get("type")})
        return False
    first = await membership.claim_event(tenant_of(context), event_id)
    if not first:
        log.info("duplicate event ignored", extra={"event_id": event_id})
    return first


async def _first_delivery(body: dict[str, Any], context: AsyncBoltContext) -> bool:
    membership = services_of(context)[Membership]
    return await claim_first_delivery(membership, body, context)


async def home_opened(
    event: dict[str, Any],
    body: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    services = services_of(context)
    user = user_id(event.get("user"))
    if user is None:  # checked before the event is recorded: nothing is written
        log.warning("app_home_opened without a user ignored")
        return
    if event.get("tab") != "home" or not await _first_delivery(body, context):
        return
    await publish_home(client, services, tenant_of(context), user)


async def joined(
    event: dict[str, Any],
    body: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    membership = services_of(context)[Membership]
    user, channel = user_id(event.get("user")), channel_id(event.get("channel"))
    if user is None or channel is None:  # checked before the event is recorded
        log.warning("member_joined_channel without a user or channel ignored")
        return
    if not await _first_delivery(body, context) or user == context.bot_user_id:
        return
    # The welcome DM goes through the outbox: queued with the record that it was due.
    await membership.welcome(tenant_of(context), user, channel)


def register(app: AsyncApp) -> None:
    app.event("app_home_opened")(home_opened)
    app.event("member_joined_channel")(joined)
