"""Goal modal submissions (add, update): checked before the ack, so errors show inline and
what was typed is kept; once saved, the modal says so and the Home tab redraws."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.errors import MembershipError
from bot.mentoring.goals import Goals
from bot.mentoring.goals import texts as say
from bot.mentoring.goals.screens import saved_screen
from bot.mentoring.goals.use_cases import ADD_FORM, UPDATE_FORM
from handlers.slack import render
from handlers.slack.context import services_of, tenant_of
from handlers.slack.home import publish_home
from handlers.slack.payload import metadata, metadata_id
from handlers.slack.payload import user_id as slack_user_id


async def goal_added(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    services = services_of(context)
    goals = services[Goals]
    tenant, user_id = tenant_of(context), body["user"]["id"]
    owner = slack_user_id(metadata(view).get("owner")) or user_id
    try:
        # The view id is the same for both requests of a double submit: one goal.
        saved, errors = await goals.add(
            tenant, user_id, owner, render.read_values(view), f"view:{view['id']}"
        )
    except MembershipError as exc:  # no longer the mentee's mentor, say
        await ack(response_action="errors", errors={"what": str(exc)})
        return
    if errors or saved is None:
        await ack(response_action="errors", errors=errors)
        return
    message = say.SAVED_ADDED.format(what=saved.goal.what)
    done = saved_screen(say.ADD_TITLE, message)
    await ack(response_action="update", view=render.modal(done))
    for person in {user_id, saved.goal.owner}:  # the mentor added it: the mentee's tab too
        await publish_home(client, services, tenant, person)


async def goal_updated(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    services = services_of(context)
    goals = services[Goals]
    tenant, user_id = tenant_of(context), body["user"]["id"]
    goal_id = metadata_id(view, "goal")
    try:
        if goal_id is None:
            raise MembershipError(say.NOT_FOUND)
        goal, errors = await goals.update(tenant, user_id, goal_id, render.read_values(view))
    except MembershipError as exc:
        await ack(response_action="errors", errors={"what": str(exc)})
        return
    if errors or goal is None:
        await ack(response_action="errors", errors=errors)
        return
    message = say.SAVED_UPDATED.format(what=goal.what, status=say.STATUS_LABELS[goal.status])
    done = saved_screen(say.UPDATE_TITLE, message)
    await ack(response_action="update", view=render.modal(done))
    for person in {user_id, goal.owner}:
        await publish_home(client, services, tenant, person)


def register(app: AsyncApp) -> None:
    app.view(ADD_FORM)(goal_added)
    app.view(UPDATE_FORM)(goal_updated)
