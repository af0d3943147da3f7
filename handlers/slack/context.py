"""What every listener finds in Bolt's context: the use cases and the request's tenant.

A global middleware (registered once, after the ack and payload guards) puts the Services
container at `context["services"]` and the request's Tenant at `context["tenant"]`, as in
slack-samples/bolt-python-starter-template. Listeners are then plain module-level functions
of (ack, body, client, context, ...), so a test calls one directly with a context it built
with `bind` — no app, no closure over the composition root.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from slack_bolt.async_app import AsyncApp, AsyncBoltContext

from bot.mentoring.models import Tenant
from bot.mentoring.services import Services

SERVICES = "services"
TENANT = "tenant"


def workspace_tenant(context: AsyncBoltContext) -> Tenant | None:
    """The tenant Bolt resolved for this request, or None (url_verification, ssl_check)."""
    # Org-wide installs have no team; the enterprise id then names the tenant.
    workspace = context.team_id or context.enterprise_id
    return Tenant("slack", workspace) if workspace else None


def bind(context: AsyncBoltContext, services: Services) -> None:
    """Put the services and the request's tenant into `context` (the middleware, and tests)."""
    context[SERVICES] = services
    tenant = workspace_tenant(context)
    if tenant is not None:
        context[TENANT] = tenant


def services_of(context: AsyncBoltContext) -> Services:
    services = context.get(SERVICES)
    if not isinstance(services, Services):
        raise LookupError("no services in the Bolt context: is handlers.slack.context registered?")
    return services


def tenant_of(context: AsyncBoltContext) -> Tenant:
    tenant = context.get(TENANT)
    if isinstance(tenant, Tenant):
        return tenant
    # The payload middleware lets no listener run without a workspace; this is a contract
    # breach (a listener registered for a request kind that carries none), not a user error.
    raise ValueError("request carries neither team_id nor enterprise_id")


def register(app: AsyncApp, services: Services) -> None:
    async def _bind(context: AsyncBoltContext, next: Callable[[], Awaitable[None]]) -> None:
        bind(context, services)
        await next()

    app.use(_bind)
