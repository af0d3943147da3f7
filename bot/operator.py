"""What the `mentorbot` commands share: one-line operator errors, a database check before any
work, and the default program of a fresh database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.config import Settings

if TYPE_CHECKING:
    from bot.mentoring.membership.use_cases import Bootstrap
    from bot.mentoring.models import Tenant
    from storage.database import Database


class OperatorError(Exception):
    """A problem the operator fixes: the message is one line naming it and the fix."""


def bootstrap_of(settings: Settings) -> Bootstrap:
    """The default program's starting point, from MENTORBOT_* variables."""
    from bot.mentoring.membership.use_cases import Bootstrap

    return Bootstrap(
        coordinators=tuple(settings.mentorbot_coordinators),
        timezone=settings.mentorbot_timezone,
        community_channel=settings.mentorbot_community_channel,
    )


async def check_database(db: Database) -> None:
    """Connect once, so an unreachable or missing database is named before any work starts."""
    from sqlalchemy.exc import SQLAlchemyError

    from storage.database import connection_problem, sqlite_folder_problem

    if problem := sqlite_folder_problem(db.url):
        raise OperatorError(problem)
    try:
        await db.ping()
    except (SQLAlchemyError, OSError) as exc:
        problem = connection_problem(exc, db.url)
        if problem is None:
            raise
        raise OperatorError(problem) from exc


async def workspace_of(settings: Settings) -> str:
    """The Slack workspace the bot token belongs to, as Slack says (auth.test): the same team id
    Bolt puts on every request, so the program made here is the one Slack users will see."""
    from aiohttp import ClientError
    from slack_sdk.errors import SlackApiError
    from slack_sdk.web.async_client import AsyncWebClient

    if settings.uses_twin:
        from sandbox.local import TEAM_ID

        return TEAM_ID  # no Slack tokens: the workspace of the local twin `run` serves
    client = AsyncWebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    try:
        answer = await client.auth_test()
    except SlackApiError as exc:
        raise OperatorError(
            f"Slack refused the bot token ({exc.response.get('error')}): check SLACK_BOT_TOKEN "
            "(OAuth & Permissions > Bot User OAuth Token)."
        ) from exc
    except (ClientError, OSError) as exc:
        raise OperatorError(
            f"Can't reach Slack at {settings.slack_api_url} to learn the workspace ({exc}). "
            "Check the network, or SLACK_API_URL."
        ) from exc
    # Org-wide installs have no team; the enterprise id then names the tenant (as in Bolt).
    workspace = answer.get("team_id") or answer.get("enterprise_id")
    if not workspace:
        raise OperatorError("Slack's auth.test named no workspace for SLACK_BOT_TOKEN.")
    return str(workspace)


async def ensure_default_program(db: Database, settings: Settings) -> Tenant | None:
    """On a database with no program yet, create the default one from the environment (its
    workspace from Slack), so scheduled posts go out before anyone has used the bot; returns
    the tenant created, None when a program already existed."""
    from bot.mentoring.membership.use_cases import Membership
    from bot.mentoring.models import Tenant
    from scheduler.jobs import tenants

    if await tenants(db):
        return None
    tenant = Tenant("slack", await workspace_of(settings))
    await Membership(db, bootstrap_of(settings)).program(tenant)
    return tenant
