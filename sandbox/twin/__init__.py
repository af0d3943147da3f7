"""Building blocks of the Slack twin; the public entry point is ``sandbox.slack_twin``."""
