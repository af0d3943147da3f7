"""`/mentor` and its subcommands: one dispatcher for the slash command and for the same words
typed in the bot's DM (handlers/slack/events/direct.py).

The dispatcher answers through a `Reply`: privately (the response URL) for the slash command,
in the DM for typed ones. A DM has no trigger id, so a subcommand that opens a form answers
there with a button that opens it (one click, then the same modal).

Quick answers (`help`, `profile`, a command that doesn't parse) to the slash command go back in
the ack itself: the HTTP answer to Slack is the private message, with no response_url call.
They are given by a listener middleware, which returns Bolt's ack response directly: a
listener's ack is only noticed by Bolt's runner every 10 ms (process_before_response=False),
and the middleware skips that wait. Each reads the database once. Everything else acks at once
and answers privately through the response URL, after the work.

The routing stays here rather than in bot/mentoring/commands.py while the answers are still
Block Kit built by the feature modules (profile_blocks, goal_list_blocks...): once those are
neutral screens, this match moves to the core unchanged, with `Reply` as its port.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.models.blocks import Block
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring import messages as text
from bot.mentoring.awards import Awards
from bot.mentoring.awards import texts as award_text
from bot.mentoring.campaigns import Campaigns
from bot.mentoring.campaigns import texts as campaign_text
from bot.mentoring.commands import Command, Unknown, parse
from bot.mentoring.errors import MembershipError
from bot.mentoring.goals import Goals
from bot.mentoring.goals import texts as goal_text
from bot.mentoring.hours import Hours
from bot.mentoring.hours import texts as hours_text
from bot.mentoring.membership import Membership
from bot.mentoring.models import Tenant
from bot.mentoring.my_data import MyData
from bot.mentoring.pairing import Pairings
from bot.mentoring.pairing import texts as say
from bot.mentoring.people import People
from bot.mentoring.services import Services
from bot.mentoring.thanks import texts as thanks_text
from bot.mentoring.thanks.use_cases import OPEN_THANKS
from handlers.slack import action_ids as ids
from handlers.slack.awards import NOMINATE, cycle_list_blocks, nomination_modal, person
from handlers.slack.blocks import actions, button, form_view, message_blocks, text_blocks
from handlers.slack.campaigns import list_blocks as campaign_list_blocks
from handlers.slack.goals import list_blocks as goal_list_blocks
from handlers.slack.home import publish_home
from handlers.slack.hours import log_modal
from handlers.slack.intake_modal import open_intake
from handlers.slack.pairing_views import admin_pairs_blocks, my_pairs_blocks
from handlers.slack.preview import USER_MENTION, send_preview
from handlers.slack.profile import help_blocks, profile_blocks, summary_blocks
from handlers.slack.tenant import tenant_of
from handlers.slack.thanks import open_thanks

COMMAND = "/mentor"
# Answered in the ack (besides any command that doesn't parse): each needs one database read.
QUICK = frozenset({"help", "profile"})
OPEN_LOG = "open_log_hours"  # the button a typed `log` answers with
EXPORT = "export"

log = logging.getLogger(__name__)
Blocks = Sequence[Block | dict[str, Any]] | None
Opener = Callable[[str], Awaitable[None]]  # opens a modal with a trigger id


class Reply(Protocol):
    """Where a command's answer goes, and how it opens a form."""

    @property
    def request_id(self) -> str:
        """Unique to the request: a replayed one logs no hours twice."""
        ...

    async def say(self, text: str, blocks: Blocks = None) -> None: ...

    async def open(self, opener: Opener, label: str, action_id: str) -> None:
        """Open the form `opener` builds, or offer the button (`action_id`) that does."""
        ...


@dataclass(frozen=True)
class SlashReply:
    """The slash command: private answers through the response URL; forms open at once."""

    respond: AsyncRespond
    trigger_id: str

    @property
    def request_id(self) -> str:
        return self.trigger_id

    async def say(self, text: str, blocks: Blocks = None) -> None:
        await self.respond(text=text, blocks=blocks)

    async def open(self, opener: Opener, label: str, action_id: str) -> None:
        await opener(self.trigger_id)


@dataclass(frozen=True)
class DmReply:
    """A command typed in the bot's DM: answers are messages there; a form is a button."""

    client: AsyncWebClient
    channel: str
    message_ts: str

    @property
    def request_id(self) -> str:
        return f"dm:{self.channel}:{self.message_ts}"

    async def say(self, text: str, blocks: Blocks = None) -> None:
        await self.client.chat_postMessage(channel=self.channel, text=text, blocks=blocks)

    async def open(self, opener: Opener, label: str, action_id: str) -> None:
        blocks = [*text_blocks(text.OPEN_FORM), actions(button(label, action_id, style="primary"))]
        await self.say(text.OPEN_FORM, blocks)


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
        reply = SlashReply(respond, command["trigger_id"])
        await dispatch(parsed, reply, client, services, tenant, user_id)

    @app.action(OPEN_LOG)
    async def open_log(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        await ack()
        user_id = body["user"]["id"]
        try:
            form = await services[Hours].form(tenant_of(context), user_id)
        except MembershipError as exc:
            await client.chat_postMessage(channel=user_id, text=str(exc))
            return
        await client.views_open(trigger_id=body["trigger_id"], view=log_modal(form))


async def dispatch(
    parsed: Command | Unknown,
    reply: Reply,
    client: AsyncWebClient,
    services: Services,
    tenant: Tenant,
    user_id: str,
) -> None:
    """Every `/mentor` subcommand, whichever way it came: the use case, then the answer."""
    try:
        if isinstance(parsed, Unknown) or parsed.name in QUICK:
            answer = await _quick(parsed, services, tenant, user_id)
            await reply.say(answer["text"], answer.get("blocks"))
            return
        await _run(parsed, reply, client, services, tenant, user_id)
    except MembershipError as exc:
        await reply.say(str(exc))


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
    reply: Reply,
    client: AsyncWebClient,
    services: Services,
    tenant: Tenant,
    user_id: str,
) -> None:
    membership, pairings, hours = services[Membership], services[Pairings], services[Hours]
    words = (parsed.argument or "").split()
    exporting = [w.lower() for w in words[:1]] == [EXPORT]
    rest = " ".join(words[1:]) or None
    match parsed.name:
        case "join":

            async def intake(trigger_id: str) -> None:
                await open_intake(client, membership, tenant, user_id, trigger_id, services[People])

            await reply.open(intake, text.JOIN_BUTTON, ids.OPEN_INTAKE)
        case "pause":
            await reply.say(await membership.pause(tenant, user_id, parsed.argument))
            await publish_home(client, services, tenant, user_id)
        case "resume":
            await reply.say(await membership.resume(tenant, user_id))
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
            await reply.say(question, blocks)
        case "admin applicants":
            program, summary = await membership.applicants(tenant, user_id)
            await reply.say("Applicants", summary_blocks(program, summary))
        case "admin settings":
            form = await membership.settings(tenant, user_id)  # refuses a member before a button

            async def settings(trigger_id: str) -> None:
                await client.views_open(trigger_id=trigger_id, view=form_view(form))

            await reply.open(settings, text.SETTINGS_BUTTON, ids.OPEN_SETTINGS)
        case "goals":
            board = await services[Goals].board(tenant, user_id)
            await reply.say(goal_text.LIST_HEADER, goal_list_blocks(board))
        case "thanks":

            async def thanks(trigger_id: str) -> None:
                await open_thanks(client, services, tenant, user_id, trigger_id)

            await reply.open(thanks, thanks_text.TITLE, OPEN_THANKS)
        case "log" if parsed.argument is None:
            log_form = await hours.form(tenant, user_id)

            async def log_hours(trigger_id: str) -> None:
                await client.views_open(trigger_id=trigger_id, view=log_modal(log_form))

            await reply.open(log_hours, hours_text.FORM_TITLE, OPEN_LOG)
        case "log":
            answer = await hours.log(tenant, user_id, parsed.argument or "", reply.request_id)
            await reply.say(answer)
            await publish_home(client, services, tenant, user_id)
        case "hours" if exporting:
            await reply.say(await hours.export_mine(tenant, user_id, rest))
        case "hours":
            summary = await hours.summary(tenant, user_id, parsed.argument)
            await reply.say(summary.text, message_blocks(summary))
        case "admin hours" if exporting:
            await reply.say(await hours.export_all(tenant, user_id, rest))
        case "admin hours":
            await reply.say(hours_text.ADMIN_HOURS_USAGE)
        case "admin credit":
            await reply.say(await hours.set_override(tenant, user_id, parsed.argument))
        case "pair":
            pairs = await pairings.pairs_of(tenant, user_id)
            await reply.say("Your match", my_pairs_blocks(user_id, pairs))
        case "admin pairs":
            program, pairs = await pairings.open_pairs(tenant, user_id)
            await reply.say("Pairs", admin_pairs_blocks(program, pairs))
        case "admin match":
            preview = await pairings.propose(tenant, user_id)
            await send_preview(client, user_id, preview, pairings, tenant)
            await reply.say(say.PREVIEW_SENT)
        case "nominate":
            await _nominate(parsed.argument, reply, client, services, tenant, user_id)
        case "my-data":
            await reply.say(await services[MyData].send_copy(tenant, user_id))
        case "admin awards":
            listing = await services[Awards].cycles(tenant, user_id)
            await reply.say(award_text.LIST_TITLE, cycle_list_blocks(listing))
        case "admin campaigns":
            upcoming = await services[Campaigns].upcoming(tenant, user_id)
            await reply.say(campaign_text.LIST_TITLE, campaign_list_blocks(upcoming))
        case "admin rematch":
            who = USER_MENTION.fullmatch(parsed.argument or "")
            if who is None:
                await reply.say(say.REMATCH_USAGE)
                return
            ended, preview = await pairings.rematch(tenant, user_id, who.group(1))
            await send_preview(client, user_id, preview, pairings, tenant)
            await reply.say(say.REMATCH_DONE.format(ended=ended, who=who.group(1)))


async def _nominate(
    argument: str | None, reply: Reply, client: AsyncWebClient, services: Services,
    tenant: Tenant, user_id: str,
) -> None:  # fmt: skip
    """`nominate [@member]`: the form, prefilled with the nominee (the DM's button opens it
    without one: a button carries no nominee yet)."""
    nominee = None
    if argument:
        who = USER_MENTION.fullmatch(argument.strip())
        if who is None:
            await reply.say(award_text.NOMINATE_USAGE.format(given=argument[:60]))
            return
        nominee = await person(client, who.group(1))
    form = await services[Awards].nomination_form(tenant, user_id, nominee)

    async def nominate(trigger_id: str) -> None:
        await client.views_open(trigger_id=trigger_id, view=nomination_modal(form))

    await reply.open(nominate, award_text.NOMINATE_LABEL, NOMINATE)
