"""`/mentor` in Slack: parse the slash command, ask the core's dispatcher
(bot/mentoring/dispatch.py, shared with the words typed in the DM: handlers/slack/events/direct.py)
and render its reply: a screen privately, or a modal opened with the command's trigger.

Quick answers (`help`, `profile`, a command that doesn't parse) go back in the ack itself: the
HTTP answer to Slack is the private message, with no response_url call. They are given by a
listener middleware, which returns Bolt's ack response directly: a listener's ack is only
noticed by Bolt's runner every 10 ms (process_before_response=False), and the middleware skips
that wait. Each reads the database once. Everything else acks at once and answers privately
through the response URL, after the work.

Listeners are module-level: services and the tenant come from Bolt's context
(handlers/slack/context.py), so a test can call them directly.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.mentoring import messages as text
from bot.mentoring.awards.use_cases import Person
from bot.mentoring.commands import Unknown, parse
from bot.mentoring.dispatch import OPEN_LOG, Commands, OpenForm, Show
from bot.mentoring.errors import MembershipError
from bot.mentoring.hours import Hours
from bot.mentoring.hours.screens import log_modal
from bot.mentoring.membership import Membership
from bot.mentoring.membership.use_cases import OPEN_INTAKE
from bot.mentoring.models import Tenant
from bot.mentoring.people import People
from bot.mentoring.screens import Screen
from handlers.slack import render
from handlers.slack.awards import person
from handlers.slack.context import services_of, tenant_of
from handlers.slack.home import publish_home
from handlers.slack.intake_modal import open_intake
from handlers.slack.messenger import SlackMessenger

COMMAND = "/mentor"

log = logging.getLogger(__name__)


def message(screen: Screen) -> dict[str, Any]:
    """chat.postMessage / respond / ack arguments: a plain sentence as text alone (Slack shows
    it as is), anything more as rendered blocks."""
    return render.message(screen) if screen.blocks else {"text": screen.text}


def commands_of(context: AsyncBoltContext, client: AsyncWebClient) -> Commands:
    """The core's dispatcher for this request, sending through this workspace's client."""
    return Commands(services_of(context), SlackMessenger(client))


class SlackPeople:
    """Who a command names, as Slack says (users.info)."""

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def person(self, user_id: str) -> Person:
        return await person(self._client, user_id)


async def open_form(
    reply: OpenForm, client: AsyncWebClient, context: AsyncBoltContext, user_id: str,
    trigger_id: str,
) -> Screen | None:  # fmt: skip
    """Open the reply's modal with `trigger_id`; the screen to show instead if it can't open."""
    services = services_of(context)
    if reply.form is None and reply.button.action == OPEN_INTAKE:
        # The intake form prefills the time zone from the Slack profile: as its button does.
        membership, people = services[Membership], services[People]
        await open_intake(client, membership, tenant_of(context), user_id, trigger_id, people)
        return None
    if reply.form is None:  # a reply the core added without telling this adapter how to open
        raise ValueError(f"no way to open the form of {reply.button.action}")
    try:
        form = await reply.form()
    except MembershipError as exc:
        return Screen(text=str(exc))
    await client.views_open(trigger_id=trigger_id, view=render.modal(form))
    return None


async def refresh_home(
    reply: Show, client: AsyncWebClient, context: AsyncBoltContext, user: str
) -> None:
    if reply.home_changed:
        await publish_home(client, services_of(context), tenant_of(context), user)


async def quick_answer(
    ack: AsyncAck,
    command: dict[str, Any],
    context: AsyncBoltContext,
    next: Callable[[], Awaitable[None]],
) -> BoltResponse | None:
    """The listener middleware answering help, profile and usage errors in the ack."""
    parsed = parse(command.get("text") or "")
    if not Commands.answers_at_once(parsed):
        await next()  # the listener below: ack first, work after
        return None
    try:
        commands = Commands(services_of(context), None)  # quick answers send nothing
        answer = message(await commands.quick(tenant_of(context), command["user_id"], parsed))
    except (SQLAlchemyError, OSError):
        # The one read failed: the ack is this person's only answer, so it says why (a bug
        # instead reaches handlers/slack/errors.py, which logs it and answers them).
        log.warning("database unreachable answering /mentor in its ack", exc_info=True)
        answer = {"text": text.RECORDS_UNREACHABLE}
    return await ack(**answer, response_type="ephemeral")


async def mentor(
    ack: AsyncAck,
    command: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    await ack()
    parsed = parse(command.get("text") or "")
    if isinstance(parsed, Unknown) or Commands.answers_at_once(parsed):
        return  # quick_answer answered it in the ack
    tenant, user_id, trigger_id = tenant_of(context), command["user_id"], command["trigger_id"]
    commands = commands_of(context, client)
    reply = await commands.run(tenant, user_id, parsed, trigger_id, SlackPeople(client))
    if isinstance(reply, OpenForm):
        refused = await open_form(reply, client, context, user_id, trigger_id)
        if refused is not None:
            await respond(**message(refused))
        return
    await respond(**message(reply.screen))
    await refresh_home(reply, client, context, user_id)


async def open_log(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """The button a typed `log` answers with: the hours form."""
    await ack()
    user_id = body["user"]["id"]
    tenant: Tenant = tenant_of(context)
    try:
        form = await services_of(context)[Hours].form(tenant, user_id)
    except MembershipError as exc:
        await client.chat_postMessage(channel=user_id, text=str(exc))
        return
    await client.views_open(trigger_id=body["trigger_id"], view=render.modal(log_modal(form)))


def register(app: AsyncApp) -> None:
    """Wires the listeners; services reach them through Bolt's context, not this call."""
    app.command(COMMAND, middleware=[quick_answer])(mentor)
    app.action(OPEN_LOG)(open_log)
