"""Safe readers for what comes back inside Slack payloads: button values, `private_metadata`,
and who sent the request.

The bot writes these values itself, but they come back over the network, so each reader
accepts only what the bot could have written and answers None (or {}) for anything else:
5,000-digit ids (int() refuses them; 20 digits overflow PostgreSQL's INTEGER), "²" (which
str.isdigit() accepts and int() refuses), JSON `true` taken for the id 1, metadata nested
deeper than the JSON parser can recurse. Each listener turns None into its own specific
answer ("That campaign no longer exists..."); nothing here raises.

`register` adds a Bolt middleware so every listener can rely on a user and a workspace id.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.response import BoltResponse

from bot.mentoring import messages as text

log = logging.getLogger(__name__)

# Every id column is an INTEGER (storage/models.py); PostgreSQL's stops here.
MAX_RECORD_ID = 2_147_483_647
# A page of a list: far beyond any real list, small enough for any arithmetic.
MAX_PAGE = 10_000
# Slack's limit on what a view's private_metadata may hold.
MAX_METADATA_CHARS = 3000

_DIGITS = re.compile(r"[0-9]{1,10}")  # ASCII only; 10 digits covers MAX_RECORD_ID
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,31}")
_CHANNEL_ID = re.compile(r"[CDG][A-Z0-9]{2,31}")
_WORKSPACE_ID = re.compile(r"[TE][A-Z0-9]{2,31}")
_MESSAGE_TS = re.compile(r"[0-9]{1,12}\.[0-9]{1,9}")

# Interactive payloads: each carries the person who clicked, submitted or used a shortcut.
INTERACTIONS = frozenset(
    {
        "block_actions",
        "block_suggestion",
        "view_submission",
        "view_closed",
        "shortcut",
        "message_action",
    }
)


def _number(value: object, low: int, high: int) -> int | None:
    if isinstance(value, bool):  # JSON true is an int to Python; never an id
        return None
    if isinstance(value, str):
        value = value.strip()
        if not _DIGITS.fullmatch(value):
            return None
        value = int(value)
    if isinstance(value, int) and low <= value <= high:
        return value
    return None


def record_id(value: object) -> int | None:
    """A database id (an int, or its decimal string) the bot could have written, else None."""
    return _number(value, 1, MAX_RECORD_ID)


def page_number(value: object) -> int | None:
    """A list page (0 is the first), else None."""
    return _number(value, 0, MAX_PAGE)


def id_and_page(value: object) -> tuple[int, int] | None:
    """`id` or `id:page` (or a lone page) from a button value, else None."""
    if not isinstance(value, str):
        return None
    first, colon, second = value.partition(":")
    found = _number(first, 0, MAX_RECORD_ID)
    page = page_number(second) if colon else 0
    return None if found is None or page is None else (found, page)


def two_ids(value: object) -> tuple[int, int] | None:
    """`id:id` from a button value, else None."""
    if not isinstance(value, str):
        return None
    first, _, second = value.partition(":")
    a, b = record_id(first), record_id(second)
    return None if a is None or b is None else (a, b)


def metadata(view: object) -> dict[str, Any]:
    """A modal's private_metadata as the JSON object the bot wrote; {} for anything else."""
    raw = view.get("private_metadata") if isinstance(view, dict) else None
    if not isinstance(raw, str) or not raw or len(raw) > MAX_METADATA_CHARS:
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, an over-long number, or nested too deep
        return {}
    return data if isinstance(data, dict) else {}


def metadata_id(view: object, key: str) -> int | None:
    return record_id(metadata(view).get(key))


def user_id(value: object) -> str | None:
    """A Slack member id (U…, or W… on Enterprise Grid), else None."""
    return value if isinstance(value, str) and _USER_ID.fullmatch(value) else None


def channel_id(value: object) -> str | None:
    return value if isinstance(value, str) and _CHANNEL_ID.fullmatch(value) else None


def message_ts(value: object) -> str | None:
    return value if isinstance(value, str) and _MESSAGE_TS.fullmatch(value) else None


def user_id_of(body: dict[str, Any]) -> str | None:
    """Who sent a command (`user_id`) or an interaction (`user.id`), if the body says."""
    user = body.get("user")
    clicked = user.get("id") if isinstance(user, dict) else None
    return user_id(body.get("user_id")) or user_id(clicked)


def where(body: dict[str, Any]) -> dict[str, str]:
    """The clicked message's channel and ts, so a modal's submission can update it later."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or message.get("ts")
    return {"channel": str(channel or ""), "ts": str(ts or "")}


def _workspace_known(context: AsyncBoltContext) -> bool:
    workspace = context.team_id or context.enterprise_id
    return isinstance(workspace, str) and _WORKSPACE_ID.fullmatch(workspace) is not None


async def _known_sender(
    body: dict[str, Any], context: AsyncBoltContext, next: Callable[[], Awaitable[None]]
) -> BoltResponse | None:
    """Commands and interactions need a person and a workspace, events a workspace; a request
    without them is answered (a command) or logged and acknowledged, never half-handled."""
    kind = "slash command" if "command" in body else body.get("type")
    if kind == "slash command":
        known = user_id(body.get("user_id")) is not None and _workspace_known(context)
    elif kind in INTERACTIONS:
        known = user_id_of(body) is not None and _workspace_known(context)
    elif kind == "event_callback":
        known = _workspace_known(context) and isinstance(body.get("event"), dict)
    else:  # url_verification, ssl_check: Bolt answers those itself
        known = True
    if known:
        await next()
        return None
    log.warning("request without a sender or workspace ignored", extra={"request_type": kind})
    # A command's reply is shown to whoever typed it, with no call to Slack.
    return BoltResponse(status=200, body=text.UNKNOWN_SENDER if kind == "slash command" else "")


def register(app: AsyncApp) -> None:
    app.use(_known_sender)
