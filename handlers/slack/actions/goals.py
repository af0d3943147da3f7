"""Goal buttons: Add and Update (list, Home tab) open the modals; one-tap progress in a
check-in DM records the status and redraws the check-in."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.checkins import CheckIns
from bot.mentoring.errors import MembershipError
from bot.mentoring.goals import Goals
from bot.mentoring.goals import texts as say
from bot.mentoring.goals.screens import goal_modal
from bot.mentoring.goals.use_cases import OPEN_ADD, OPEN_UPDATE, TAP, GoalError
from handlers.slack import render
from handlers.slack.checkins import checkin_update, where
from handlers.slack.context import services_of, tenant_of
from handlers.slack.home import publish_home
from handlers.slack.payload import record_id, two_ids
from handlers.slack.payload import user_id as slack_user_id

STATUS_OF_TAP = {action: status for status, action in TAP.items()}


async def tell(client: AsyncWebClient, body: dict[str, Any], text: str) -> None:
    """A private answer where the click happened: under a message, or in the DM for Home."""
    user_id = body["user"]["id"]
    channel = (body.get("container") or {}).get("channel_id")
    if channel:
        await client.chat_postEphemeral(channel=channel, user=user_id, text=text)
    else:
        await client.chat_postMessage(channel=user_id, text=text)


def _numbers(value: str) -> tuple[int, int]:
    """`checkin:goal` from a one-tap button; a tampered value reads as an unknown goal."""
    numbers = two_ids(value)
    if numbers is None:
        raise GoalError(say.NOT_FOUND)
    return numbers


async def add(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    goals = services_of(context)[Goals]
    await ack()
    user_id = body["user"]["id"]
    owner = slack_user_id(body["actions"][0].get("value")) or user_id
    try:
        form = await goals.add_form(tenant_of(context), user_id, owner)
    except MembershipError as exc:
        await tell(client, body, str(exc))
        return
    modal = render.modal(goal_modal(form, {"owner": owner}))
    await client.views_open(trigger_id=body["trigger_id"], view=modal)


async def update(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    goals = services_of(context)[Goals]
    await ack()
    goal_id = record_id(body["actions"][0].get("value"))
    try:
        if goal_id is None:
            raise GoalError(say.NOT_FOUND)
        form = await goals.update_form(tenant_of(context), body["user"]["id"], goal_id)
    except MembershipError as exc:
        await tell(client, body, str(exc))
        return
    modal = render.modal(goal_modal(form, {"goal": goal_id}))
    await client.views_open(trigger_id=body["trigger_id"], view=modal)


async def tap(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    services = services_of(context)
    goals = services[Goals]
    await ack()
    tenant, user_id = tenant_of(context), body["user"]["id"]
    action = body["actions"][0]
    status = STATUS_OF_TAP[action["action_id"]]
    try:
        checkin_id, goal_id = _numbers(action.get("value") or "")
        goal, changed = await goals.set_status(tenant, user_id, goal_id, status)
        view = await services[CheckIns].view(tenant, user_id, checkin_id)
    except MembershipError as exc:
        await tell(client, body, str(exc))
        return
    label = say.STATUS_LABELS[goal.status].lower()
    if not changed:
        await tell(client, body, say.ALREADY.format(what=goal.what, status=label))
    place = where(body)
    await client.chat_update(channel=place["channel"], ts=place["ts"], **checkin_update(view))
    await publish_home(client, services, tenant, user_id)


def register(app: AsyncApp) -> None:
    app.action(OPEN_ADD)(add)
    app.action(OPEN_UPDATE)(update)
    app.action(re.compile(f"^({'|'.join(STATUS_OF_TAP)})$"))(tap)
