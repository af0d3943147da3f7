from handlers.slack.views.forms import register

__all__ = ["register"]
