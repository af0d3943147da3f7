"""Slack for mentoring hours: `/mentor log`, `/mentor hours`, the coordinators' export and
credit override (screens: bot/mentoring/hours/screens.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.commands import Command
from bot.mentoring.forms import Form
from bot.mentoring.hours import Hours, screens
from bot.mentoring.hours import texts as say
from bot.mentoring.models import Tenant
from bot.mentoring.services import Services
from handlers.slack import render
from handlers.slack.home import publish_home
from handlers.slack.render import View

EXPORT = "export"


async def hours_command(
    parsed: Command, command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient,
    services: Services, tenant: Tenant, user_id: str,
) -> None:  # fmt: skip
    """`log`, `hours`, `admin hours` and `admin credit`; problems arrive as MembershipError,
    which the `/mentor` listener answers privately."""
    hours = services[Hours]
    words = (parsed.argument or "").split()
    exporting = [w.lower() for w in words[:1]] == [EXPORT]
    rest = " ".join(words[1:]) or None
    match parsed.name:
        case "log" if parsed.argument is None:
            form = await hours.form(tenant, user_id)
            await client.views_open(trigger_id=command["trigger_id"], view=log_modal(form))
        case "log":
            reply = await hours.log(tenant, user_id, parsed.argument or "", command["trigger_id"])
            await respond(text=reply)
            await publish_home(client, services, tenant, user_id)
        case "hours" if exporting:
            await respond(text=await hours.export_mine(tenant, user_id, rest))
        case "hours":
            summary = await hours.summary(tenant, user_id, parsed.argument)
            await respond(**render.message(screens.summary_screen(summary)))
        case "admin hours" if exporting:
            await respond(text=await hours.export_all(tenant, user_id, rest))
        case "admin hours":
            await respond(text=say.ADMIN_HOURS_USAGE)
        case "admin credit":
            await respond(text=await hours.set_override(tenant, user_id, parsed.argument))


def log_modal(form: Form) -> View:
    """For `/mentor` (engineer C's listener) until it renders the screen itself."""
    return render.modal(screens.log_modal(form))
