"""Building blocks of the Slack twin; the public entry point is ``bot.sandbox.slack_twin``."""
