"""Slack adapter: thin listeners that parse a payload, call a use case and render the answer."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.mentoring.membership import Membership
from handlers.slack import actions, commands, errors, events, views


def register(app: AsyncApp, membership: Membership) -> None:
    commands.register(app, membership)
    actions.register(app, membership)
    views.register(app, membership)
    events.register(app, membership)
    errors.register(app)
