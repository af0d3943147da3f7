"""The thank-you modal's submission: checked before the ack, so errors show inline."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.mentoring.thanks import Thanks
from bot.mentoring.thanks.screens import sent_screen
from bot.mentoring.thanks.use_cases import FORM
from handlers.slack import render
from handlers.slack.context import services_of, tenant_of


async def thanks_submitted(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
) -> None:
    services = services_of(context)
    # The view id is the same for both requests of a double submit: it counts once.
    sent, errors = await services[Thanks].send(
        tenant_of(context), body["user"]["id"], render.read_values(view), f"view:{view['id']}"
    )
    if errors or sent is None:
        await ack(response_action="errors", errors=errors)
        return
    await ack(response_action="update", view=render.modal(sent_screen(sent.confirmation)))


def register(app: AsyncApp) -> None:
    app.view(FORM)(thanks_submitted)
