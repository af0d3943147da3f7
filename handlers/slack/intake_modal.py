"""Opening the intake modal, shared by the command, the Home tab and the welcome DM button."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.membership.screens import form_modal
from bot.mentoring.membership.use_cases import Membership
from bot.mentoring.models import Tenant
from bot.mentoring.people.directory import People
from handlers.slack import render
from handlers.slack.directory import person_from

log = logging.getLogger(__name__)


async def profile(client: AsyncWebClient, user_id: str) -> dict[str, Any] | None:
    """The person's Slack profile (users.info `user`), or None when Slack can't say."""
    try:
        response = await client.users_info(user=user_id)
    except SlackApiError as exc:
        log.warning(
            "users.info failed; the form opens without a time zone", extra={"error": str(exc)}
        )
        return None
    return dict(response.get("user") or {})


async def profile_timezone(client: AsyncWebClient, user_id: str) -> str | None:
    """The member's time zone from their Slack profile, to prefill the form."""
    user = await profile(client, user_id)
    return user.get("tz") if user else None


async def open_intake(
    client: AsyncWebClient, membership: Membership, tenant: Tenant, user_id: str, trigger_id: str,
    people: People | None = None,
) -> None:  # fmt: skip
    user = await profile(client, user_id)
    form = await membership.intake(tenant, user_id, user.get("tz") if user else None)
    await client.views_open(trigger_id=trigger_id, view=render.modal(form_modal(form)))
    if people is not None and user is not None:
        # The same answer names them in coordinators' files: cache it (after the modal
        # opened, since its trigger expires in 3 seconds).
        await people.remember(tenant, person_from(user_id, user))
