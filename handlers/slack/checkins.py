"""Block Kit for check-ins: the DM as it stands, the details and survey modals, flag lines."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.mentoring.checkins import texts as say
from bot.mentoring.checkins.views import CheckInView, checkin_message
from bot.mentoring.forms import Form
from bot.mentoring.pairing.use_cases import PairView
from handlers.slack.blocks import form_view, message_blocks, text_blocks

MAX_FLAGGED = 10  # pairs listed on the Home tab; `/mentor admin pairs` has them all


def where(body: dict[str, Any]) -> dict[str, str]:
    """The clicked message's channel and ts, so a modal's submission can update it later."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or message.get("ts")
    return {"channel": str(channel or ""), "ts": str(ts or "")}


def answer_modal(form: Form, checkin_id: int, body: dict[str, Any]) -> View:
    return form_view(form, metadata={"checkin": checkin_id, **where(body)})


def modal_target(view: dict[str, Any]) -> tuple[int | None, str, str]:
    """(check-in id, channel, ts) from a submitted modal's private_metadata."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
        return int(data["checkin"]), str(data.get("channel") or ""), str(data.get("ts") or "")
    except (ValueError, KeyError, TypeError):
        return None, "", ""


def checkin_update(view: CheckInView) -> dict[str, Any]:
    """chat.update arguments (text and blocks) showing what was recorded."""
    message = checkin_message(view)
    return {"text": message.text, "blocks": [b.to_dict() for b in message_blocks(message)]}


def flag_line(pair: PairView) -> str:
    return " · ".join(f":warning: {flag}" for flag in pair.flags)


def needs_attention_blocks(pairs: list[PairView]) -> list[Block]:
    """The coordinator's Home tab: pairs with a flag, one line each."""
    flagged = [p for p in pairs if p.flags]
    if not flagged:
        return []
    lines = [f"<@{p.mentor}> mentors <@{p.mentee}>: {flag_line(p)}" for p in flagged[:MAX_FLAGGED]]
    if len(flagged) > MAX_FLAGGED:
        lines.append(f"…and {len(flagged) - MAX_FLAGGED} more in `/mentor admin pairs`.")
    return text_blocks(f"*{say.NEEDS_ATTENTION}*\n" + "\n".join(lines))
