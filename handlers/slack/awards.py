"""Award nominations in Slack: who a nominee is (users.info), `/mentor nominate` and
`/mentor admin awards`. What they show is built in bot/mentoring/awards/screens.py."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.awards import Awards, screens
from bot.mentoring.awards import texts as say
from bot.mentoring.awards.use_cases import CycleList, NominationForm, Person
from bot.mentoring.models import Tenant
from bot.mentoring.services import Services
from handlers.slack import render
from handlers.slack.preview import USER_MENTION
from handlers.slack.render import Block, View

log = logging.getLogger(__name__)


async def person(client: AsyncWebClient, user_id: str) -> Person:
    """What Slack says about someone being nominated: real, a bot, from another workspace."""
    try:
        response = await client.users_info(user=user_id)
    except SlackApiError as exc:
        if exc.response.get("error") in ("user_not_found", "invalid_user"):
            return Person(user_id, known=False)
        # Slack can't say right now: the program's own records still decide who is a mentor.
        log.warning("users.info failed while checking a nominee", extra={"error": str(exc)})
        return Person(user_id)
    user = response.get("user") or {}
    return Person(
        user_id,
        is_bot=bool(user.get("is_bot")) or user_id == "USLACKBOT",
        workspace_id=user.get("team_id"),
    )


async def nominate_command(
    client: AsyncWebClient,
    services: Services,
    tenant: Tenant,
    user_id: str,
    argument: str | None,
    trigger_id: str,
    respond: AsyncRespond,
) -> None:
    """`/mentor nominate [@member]`: the form, prefilled; AwardError answers go to the caller."""
    nominee: Person | None = None
    if argument:
        who = USER_MENTION.fullmatch(argument.strip())
        if who is None:
            await respond(text=say.NOMINATE_USAGE.format(given=argument[:60]))
            return
        nominee = await person(client, who.group(1))
    form = await services[Awards].nomination_form(tenant, user_id, nominee)
    await client.views_open(trigger_id=trigger_id, view=nomination_modal(form))


async def admin_awards_command(
    respond: AsyncRespond, services: Services, tenant: Tenant, user_id: str
) -> None:
    listing = await services[Awards].cycles(tenant, user_id)
    await respond(**render.message(screens.cycle_list(listing)))


# -- for callers not yet on screens (the /mentor command, engineer C's): rendered here ---------

NOMINATE = screens.NOMINATE


def cycle_list_blocks(listing: CycleList, page: int = 0) -> list[Block]:
    return render.message_blocks(screens.cycle_list(listing, page))


def nomination_modal(nomination: NominationForm) -> View:
    return render.modal(screens.nomination_modal(nomination))
