"""Request payloads shaped like the ones Slack sends to an app's Request URL.

Field sets follow Slack's documented payloads closely enough for slack_bolt's matchers
(payload_utils.is_slash_command / is_block_actions / is_view_submission / is_event) and its
context extraction (team, user, channel, enterprise ids) to behave as in production.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sandbox.twin.models import Channel, User


@dataclass(frozen=True)
class AppIdentity:
    team_id: str
    team_domain: str
    api_app_id: str
    verification_token: str  # the deprecated per-app token Slack still includes
    bot_user_id: str
    bot_id: str


def user_ref(app: AppIdentity, user: User) -> dict[str, Any]:
    return {"id": user.id, "username": user.name, "name": user.name, "team_id": user.team_id}


def _common(app: AppIdentity, user: User, trigger_id: str) -> dict[str, Any]:
    return {
        "user": user_ref(app, user),
        "api_app_id": app.api_app_id,
        "token": app.verification_token,
        "trigger_id": trigger_id,
        "team": {"id": app.team_id, "domain": app.team_domain},
        "enterprise": None,
        "is_enterprise_install": False,
    }


def slash_command(
    app: AppIdentity,
    user: User,
    channel: Channel,
    *,
    command: str,
    text: str,
    response_url: str,
    trigger_id: str,
) -> dict[str, str]:
    """Form fields of a slash command request (sent x-www-form-urlencoded)."""
    return {
        "token": app.verification_token,
        "team_id": app.team_id,
        "team_domain": app.team_domain,
        "channel_id": channel.id,
        "channel_name": "directmessage" if channel.is_im else channel.name,
        "user_id": user.id,
        "user_name": user.name,
        "command": command,
        "text": text,
        "api_app_id": app.api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def block_actions(
    app: AppIdentity,
    user: User,
    *,
    trigger_id: str,
    container: dict[str, Any],
    action: dict[str, Any],
    view: dict[str, Any] | None = None,
    channel: Channel | None = None,
    message: dict[str, Any] | None = None,
    response_url: str | None = None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {"type": "block_actions", **_common(app, user, trigger_id)}
    payload["container"] = container
    if view is not None:
        payload["view"] = view
        payload["state"] = view.get("state", {"values": {}})
    else:
        payload["state"] = {"values": {}}
    if channel is not None:
        payload["channel"] = {
            "id": channel.id,
            "name": "directmessage" if channel.is_im else channel.name,
        }
    if message is not None:  # Slack omits the message for ephemeral containers
        payload["message"] = message
    if response_url is not None:
        payload["response_url"] = response_url
    payload["actions"] = [action]
    return payload


def view_submission(
    app: AppIdentity, user: User, *, trigger_id: str, view: dict[str, Any]
) -> dict[str, Any]:
    return {
        "type": "view_submission",
        **_common(app, user, trigger_id),
        "view": view,
        "response_urls": [],
    }


def view_closed(app: AppIdentity, user: User, *, view: dict[str, Any]) -> dict[str, Any]:
    payload = {"type": "view_closed", **_common(app, user, ""), "view": view, "is_cleared": False}
    payload.pop("trigger_id")
    return payload


def event_callback(
    app: AppIdentity, event: dict[str, Any], *, event_id: str, event_time: int | None = None
) -> dict[str, Any]:
    event = dict(event)
    event.setdefault("event_ts", f"{time.time():.6f}")
    return {
        "token": app.verification_token,
        "team_id": app.team_id,
        "context_team_id": app.team_id,
        "context_enterprise_id": None,
        "api_app_id": app.api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": event_time if event_time is not None else int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": app.team_id,
                "user_id": app.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{event_id}",
    }
