"""Slack adapter: thin listeners that parse a payload, call a use case and render the answer."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.mentoring.services import Services
from handlers.slack import actions, commands, errors, events, payload, sticky_ack, views


def register(app: AsyncApp, services: Services) -> None:
    sticky_ack.register(app)  # an ack is never lost when a listener fails right after it
    payload.register(app)  # every listener may rely on a sender and a workspace
    commands.register(app, services)
    actions.register(app, services)
    views.register(app, services)
    events.register(app, services)
    errors.register(app)
