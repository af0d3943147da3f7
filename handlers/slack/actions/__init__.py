from slack_bolt.async_app import AsyncApp

from bot.mentoring.services import Services
from handlers.slack.actions import (
    awards,
    campaigns,
    checkins,
    goals,
    membership,
    my_data,
    pairing,
    thanks,
)


def register(app: AsyncApp, services: Services) -> None:
    membership.register(app, services)
    my_data.register(app, services)
    pairing.register(app, services)
    checkins.register(app, services)
    campaigns.register(app, services)
    awards.register(app, services)
    goals.register(app, services)
    thanks.register(app, services)
