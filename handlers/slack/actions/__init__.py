from handlers.slack.actions.membership import register

__all__ = ["register"]
