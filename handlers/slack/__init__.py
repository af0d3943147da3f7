"""Slack adapter: thin listeners that parse a payload, call a use case and render the answer."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from slack_bolt.async_app import AsyncApp

from bot.mentoring.services import Services
from handlers.slack import commands, context, errors, payload, sticky_ack


def register(
    app: AsyncApp,
    services: Services,
    features: Iterable[Callable[[AsyncApp], None]],
) -> None:
    """The shared listeners around each feature's own (bot/features.py lists them)."""
    sticky_ack.register(app)  # an ack is never lost when a listener fails right after it
    payload.register(app)  # every listener may rely on a sender and a workspace
    context.register(app, services)  # listeners read services_of(context), tenant_of(context)
    commands.register(app)  # /mentor and the same words typed in the DM: one dispatcher
    for register_feature in features:
        register_feature(app)
    errors.register(app)
