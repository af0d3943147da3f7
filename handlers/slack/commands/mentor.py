"""`/mentor` and its subcommands. Ack at once; answer privately through the response URL."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring import messages as text
from bot.mentoring.commands import Command, Unknown, parse
from bot.mentoring.membership import Membership, MembershipError
from bot.mentoring.models import Tenant
from handlers.slack import action_ids as ids
from handlers.slack.blocks import actions, button, form_view, text_blocks
from handlers.slack.home import publish_home
from handlers.slack.intake_modal import open_intake
from handlers.slack.profile import help_blocks, profile_blocks, summary_blocks
from handlers.slack.tenant import tenant_of

COMMAND = "/mentor"


def register(app: AsyncApp, membership: Membership) -> None:
    @app.command(COMMAND)
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
        try:
            if isinstance(parsed, Unknown):
                await _help(respond, membership, tenant, user_id, intro=parsed.message)
            else:
                await _run(parsed, command, respond, client, membership, tenant, user_id)
        except MembershipError as exc:
            await respond(text=str(exc), response_type="ephemeral")


async def _help(
    respond: AsyncRespond, membership: Membership, tenant: Tenant, user_id: str, intro: str
) -> None:
    program = await membership.program(tenant)
    coordinator = user_id in program.coordinators
    await respond(text=intro, blocks=help_blocks(coordinator=coordinator, intro=intro))


async def _run(
    parsed: Command,
    command: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    membership: Membership,
    tenant: Tenant,
    user_id: str,
) -> None:
    match parsed.name:
        case "help":
            await _help(respond, membership, tenant, user_id, intro=text.HELP_INTRO)
        case "join":
            await open_intake(client, membership, tenant, user_id, command["trigger_id"])
        case "profile":
            program, member = await membership.member(tenant, user_id)
            blocks = profile_blocks(program, member)
            await respond(text="Your application", blocks=blocks)
        case "pause":
            await respond(text=await membership.pause(tenant, user_id, parsed.argument))
            await publish_home(client, membership, tenant, user_id)
        case "resume":
            await respond(text=await membership.resume(tenant, user_id))
            await publish_home(client, membership, tenant, user_id)
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
