"""`/mentor` and its subcommands.

Quick answers (`help`, `profile`, a command that doesn't parse) go back in the ack itself:
the HTTP answer to Slack is the private message, with no response_url call. They are given by
a listener middleware, which returns Bolt's ack response directly: a listener's ack is only
noticed by Bolt's runner every 10 ms (process_before_response=False), and the middleware skips
that wait. Each reads the database once. Everything else acks at once and answers privately
through the response URL, after the work.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring import messages as text
from bot.mentoring.campaigns import Campaigns
from bot.mentoring.campaigns import texts as campaign_text
from bot.mentoring.commands import Command, Unknown, parse
from bot.mentoring.errors import MembershipError
from bot.mentoring.goals import Goals
from bot.mentoring.goals import texts as goal_text
from bot.mentoring.membership import Membership
from bot.mentoring.models import Tenant
from bot.mentoring.my_data import MyData
from bot.mentoring.pairing import Pairings
from bot.mentoring.pairing import texts as say
from bot.mentoring.people import People
from bot.mentoring.services import Services
from handlers.slack import action_ids as ids
from handlers.slack.awards import admin_awards_command, nominate_command
from handlers.slack.blocks import actions, button, form_view, text_blocks
from handlers.slack.campaigns import list_blocks as campaign_list_blocks
from handlers.slack.goals import list_blocks as goal_list_blocks
from handlers.slack.home import publish_home
from handlers.slack.hours import hours_command
from handlers.slack.intake_modal import open_intake
from handlers.slack.pairing_views import admin_pairs_blocks, my_pairs_blocks
from handlers.slack.preview import USER_MENTION, send_preview
from handlers.slack.profile import help_blocks, profile_blocks, summary_blocks
from handlers.slack.tenant import tenant_of
from handlers.slack.thanks import open_thanks

COMMAND = "/mentor"
# Answered in the ack (besides any command that doesn't parse): each needs one database read.
QUICK = frozenset({"help", "profile"})

log = logging.getLogger(__name__)


def register(app: AsyncApp, services: Services) -> None:
    async def quick_answer(
        ack: AsyncAck,
        command: dict[str, Any],
        context: AsyncBoltContext,
        next: Callable[[], Awaitable[None]],
    ) -> BoltResponse | None:
        parsed = parse(command.get("text") or "")
        if isinstance(parsed, Command) and parsed.name not in QUICK:
            await next()  # the listener below: ack first, work after
            return None
        tenant, user_id = tenant_of(context), command["user_id"]
        try:
            answer = await _quick(parsed, services, tenant, user_id)
        except MembershipError as exc:
            answer = {"text": str(exc)}
        except Exception:
            # Last resort, as handlers/slack/errors.py: the ack is this person's only answer,
            # so it says something went wrong (Bolt would answer 500, "dispatch_failed").
            log.error("unhandled error answering /mentor in its ack", exc_info=True)
            answer = {"text": text.SOMETHING_WENT_WRONG}
        return await ack(**answer, response_type="ephemeral")

    @app.command(COMMAND, middleware=[quick_answer])
    async def mentor(
        ack: AsyncAck,
        command: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await ack()
        tenant, user_id = tenant_of(context), command["user_id"]
        parsed = parse(command.get("text") or "")
        if isinstance(parsed, Unknown):  # quick_answer answered it in the ack
            return
        try:
            await _run(parsed, command, respond, client, services, tenant, user_id)
        except MembershipError as exc:
            await respond(text=str(exc), response_type="ephemeral")


async def _quick(
    parsed: Command | Unknown, services: Services, tenant: Tenant, user_id: str
) -> dict[str, Any]:
    """The ack's message (text and blocks) for a quick answer: one database read."""
    if isinstance(parsed, Unknown):
        return await _help(services[Membership], tenant, user_id, intro=parsed.message)
    if parsed.name == "profile":
        program, member, pairs = await services[Pairings].profile(tenant, user_id)
        return {"text": "Your application", "blocks": profile_blocks(program, member, pairs)}
    return await _help(services[Membership], tenant, user_id, intro=text.HELP_INTRO)


async def _help(membership: Membership, tenant: Tenant, user_id: str, intro: str) -> dict[str, Any]:
    coordinator = await membership.is_coordinator(tenant, user_id)
    if intro == text.HELP_INTRO:
        return {"text": intro, "blocks": _help_blocks(coordinator)}
    return {"text": intro, "blocks": help_blocks(coordinator=coordinator, intro=intro)}


@functools.cache
def _help_blocks(coordinator: bool) -> list[dict[str, Any]]:
    """`/mentor help` never changes while the bot runs: built (and validated) once a role."""
    return [block.to_dict() for block in help_blocks(coordinator=coordinator)]


async def _run(
    parsed: Command,
    command: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    services: Services,
    tenant: Tenant,
    user_id: str,
) -> None:
    membership, pairings = services[Membership], services[Pairings]
    match parsed.name:
        case "join":
            await open_intake(
                client, membership, tenant, user_id, command["trigger_id"], services[People]
            )
        case "pause":
            await respond(text=await membership.pause(tenant, user_id, parsed.argument))
            await publish_home(client, services, tenant, user_id)
        case "resume":
            await respond(text=await membership.resume(tenant, user_id))
            await publish_home(client, services, tenant, user_id)
        case "leave":
            question = await membership.check_can_leave(tenant, user_id)
            blocks = [
                *text_blocks(question),
                actions(
                    button(text.LEAVE_YES, ids.LEAVE_CONFIRM, style="danger", value=user_id),
                    button(text.LEAVE_NO, ids.LEAVE_CANCEL, value=user_id),
                ),
            ]
            await respond(text=question, blocks=blocks)
        case "admin applicants":
            program, summary = await membership.applicants(tenant, user_id)
            await respond(text="Applicants", blocks=summary_blocks(program, summary))
        case "admin settings":
            form = await membership.settings(tenant, user_id)
            await client.views_open(trigger_id=command["trigger_id"], view=form_view(form))
        case "goals":
            board = await services[Goals].board(tenant, user_id)
            await respond(text=goal_text.LIST_HEADER, blocks=goal_list_blocks(board))
        case "thanks":
            await open_thanks(client, services, tenant, user_id, command["trigger_id"])
        case "log" | "hours" | "admin hours" | "admin credit":
            await hours_command(parsed, command, respond, client, services, tenant, user_id)
        case "pair":
            pairs = await pairings.pairs_of(tenant, user_id)
            await respond(text="Your match", blocks=my_pairs_blocks(user_id, pairs))
        case "admin pairs":
            program, pairs = await pairings.open_pairs(tenant, user_id)
            await respond(text="Pairs", blocks=admin_pairs_blocks(program, pairs))
        case "admin match":
            preview = await pairings.propose(tenant, user_id)
            await send_preview(client, user_id, preview, pairings, tenant)
            await respond(text=say.PREVIEW_SENT)
        case "nominate":
            trigger = command["trigger_id"]
            await nominate_command(
                client, services, tenant, user_id, parsed.argument, trigger, respond
            )
        case "my-data":
            await respond(text=await services[MyData].send_copy(tenant, user_id))
        case "admin awards":
            await admin_awards_command(respond, services, tenant, user_id)
        case "admin campaigns":
            upcoming = await services[Campaigns].upcoming(tenant, user_id)
            await respond(text=campaign_text.LIST_TITLE, blocks=campaign_list_blocks(upcoming))
        case "admin rematch":
            who = USER_MENTION.fullmatch(parsed.argument or "")
            if who is None:
                await respond(text=say.REMATCH_USAGE)
                return
            ended, preview = await pairings.rematch(tenant, user_id, who.group(1))
            await send_preview(client, user_id, preview, pairings, tenant)
            await respond(text=say.REMATCH_DONE.format(ended=ended, who=who.group(1)))
