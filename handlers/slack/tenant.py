"""The tenant a Slack request belongs to, as Bolt resolved it."""

from __future__ import annotations

from slack_bolt.context.async_context import AsyncBoltContext

from bot.mentoring.models import Tenant


def tenant_of(context: AsyncBoltContext) -> Tenant:
    # Org-wide installs have no team; the enterprise id then names the tenant.
    workspace = context.team_id or context.enterprise_id
    if not workspace:
        raise ValueError("request carries neither team_id nor enterprise_id")
    return Tenant("slack", workspace)
