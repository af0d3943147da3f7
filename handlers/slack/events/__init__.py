"""Slack events: the community channel and Home (community.py, a feature's listeners in
bot/features.py) and typed commands in the DM (direct.py, registered with the slash command)."""
