"""`/mentor` and the same words typed in the bot's DM: one dispatcher in the core
(bot/mentoring/dispatch.py), two thin Slack surfaces."""

from slack_bolt.async_app import AsyncApp

from handlers.slack.commands import mentor
from handlers.slack.events import direct


def register(app: AsyncApp) -> None:
    """Services reach the listeners through Bolt's context (handlers/slack/context.py)."""
    mentor.register(app)
    direct.register(app)


__all__ = ["register"]
