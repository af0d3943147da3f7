"""Slack for mentoring hours: `/mentor log`, `/mentor hours`, the coordinators' export and
credit override, and the log modal (a date picker and a one-person picker)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncRespond
from slack_sdk.models.blocks import DatePickerElement, InputBlock, UserSelectElement
from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.commands import Command
from bot.mentoring.forms import Form, RawValues
from bot.mentoring.hours import Hours
from bot.mentoring.hours import texts as say
from bot.mentoring.hours.form import DATE_FIELD, WITH_FIELD
from bot.mentoring.models import Tenant
from bot.mentoring.services import Services
from handlers.slack.blocks import form_view, message_blocks, read_values
from handlers.slack.home import publish_home

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
            await respond(text=summary.text, blocks=message_blocks(summary))
        case "admin hours" if exporting:
            await respond(text=await hours.export_all(tenant, user_id, rest))
        case "admin hours":
            await respond(text=say.ADMIN_HOURS_USAGE)
        case "admin credit":
            await respond(text=await hours.set_override(tenant, user_id, parsed.argument))


def log_modal(form: Form) -> View:
    """The neutral log form, with a date picker and a single-person picker."""
    view = form_view(form)
    for block in view.blocks or []:
        if not isinstance(block, InputBlock):
            continue
        if block.block_id == DATE_FIELD:
            day = form.initial.get(DATE_FIELD)
            block.element = DatePickerElement(
                action_id=DATE_FIELD, initial_date=day if isinstance(day, str) else None
            )
        elif block.block_id == WITH_FIELD:
            chosen = form.initial.get(WITH_FIELD)
            first = chosen[0] if isinstance(chosen, list) and chosen else None
            block.element = UserSelectElement(
                action_id=WITH_FIELD, initial_user=first, placeholder="Choose a person"
            )
    return view


def read_log_values(view: dict[str, Any]) -> RawValues:
    values = read_values(view)
    picked = view.get("state", {}).get("values", {}).get(DATE_FIELD, {}).get(DATE_FIELD, {})
    values[DATE_FIELD] = picked.get("selected_date")
    return values
