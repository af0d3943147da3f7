"""The tenant a Slack request belongs to: now read from Bolt's context (handlers/slack/context.py).

Kept as an alias while the slash command and the DM listeners move to the new import.
"""

from __future__ import annotations

from handlers.slack.context import tenant_of

__all__ = ["tenant_of"]
