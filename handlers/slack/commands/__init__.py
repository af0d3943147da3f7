from handlers.slack.commands.mentor import register

__all__ = ["register"]
