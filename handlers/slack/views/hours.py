"""The log-hours modal. Validation runs before the ack: errors show inline, and Slack keeps
everything typed in the modal."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.errors import MembershipError
from bot.mentoring.hours import Hours
from bot.mentoring.hours.form import FORM_KEY
from handlers.slack.context import services_of, tenant_of
from handlers.slack.home import publish_home
from handlers.slack.render import read_values


async def hours_logged(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    services = services_of(context)
    hours = services[Hours]
    tenant, user_id = tenant_of(context), body["user"]["id"]
    try:
        # The view id makes a replayed submission log nothing new.
        reply, errors = await hours.log_from_form(
            tenant, user_id, read_values(view), str(view["id"])
        )
    except MembershipError as exc:  # left the program while the form was open
        await ack(response_action="errors", errors={"hours": str(exc)})
        return
    if errors:
        await ack(response_action="errors", errors=errors)
        return
    await ack()
    await client.chat_postMessage(channel=user_id, text=reply)
    await publish_home(client, services, tenant, user_id)


def register(app: AsyncApp) -> None:
    app.view(FORM_KEY)(hours_logged)
