from slack_bolt.async_app import AsyncApp

from bot.mentoring.services import Services
from handlers.slack.events import community, direct


def register(app: AsyncApp, services: Services) -> None:
    community.register(app, services)
    direct.register(app, services)


__all__ = ["register"]
