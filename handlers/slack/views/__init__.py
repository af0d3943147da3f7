from slack_bolt.async_app import AsyncApp

from bot.mentoring.services import Services
from handlers.slack.views import awards, campaigns, checkins, forms, goals, hours, pairing, thanks


def register(app: AsyncApp, services: Services) -> None:
    forms.register(app, services)
    pairing.register(app, services)
    checkins.register(app, services)
    campaigns.register(app, services)
    awards.register(app, services)
    hours.register(app, services)
    goals.register(app, services)
    thanks.register(app, services)
