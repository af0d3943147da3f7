"""Opening the intake modal, shared by the command, the Home tab and the welcome DM button."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.membership import Membership
from bot.mentoring.models import Tenant
from handlers.slack.blocks import form_view

log = logging.getLogger(__name__)


async def profile_timezone(client: AsyncWebClient, user_id: str) -> str | None:
    """The member's time zone from their Slack profile, to prefill the form."""
    try:
        response = await client.users_info(user=user_id)
    except SlackApiError as exc:
        log.warning(
            "users.info failed; the form opens without a time zone", extra={"error": str(exc)}
        )
        return None
    return (response.get("user") or {}).get("tz")


async def open_intake(
    client: AsyncWebClient, membership: Membership, tenant: Tenant, user_id: str, trigger_id: str
) -> None:
    form = await membership.intake(tenant, user_id, await profile_timezone(client, user_id))
    await client.views_open(trigger_id=trigger_id, view=form_view(form))
