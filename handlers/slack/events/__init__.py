from handlers.slack.events.community import register

__all__ = ["register"]
