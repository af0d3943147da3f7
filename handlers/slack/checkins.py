"""Check-ins in Slack: where a clicked check-in DM is (to redraw it later), and thin rendering
helpers for callers not yet on screens (Home, goals, typed replies). What is shown is built in
bot/mentoring/checkins/screens.py."""

from __future__ import annotations

from typing import Any

from bot.mentoring.checkins import screens
from bot.mentoring.checkins.views import CheckInView
from bot.mentoring.forms import Form
from bot.mentoring.pairing.use_cases import PairView
from bot.mentoring.screens import Screen
from handlers.slack import render
from handlers.slack.render import Block, View

MAX_FLAGGED = screens.MAX_FLAGGED
flag_line = screens.flag_line


def where(body: dict[str, Any]) -> dict[str, str]:
    """The clicked message's channel and ts, so a modal's submission can update it later."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or message.get("ts")
    return {"channel": str(channel or ""), "ts": str(ts or "")}


def answer_modal(form: Form, checkin_id: int, body: dict[str, Any]) -> View:
    place = where(body)
    return render.modal(screens.answer_modal(form, checkin_id, place["channel"], place["ts"]))


def checkin_update(view: CheckInView) -> dict[str, Any]:
    """chat.update arguments (text and blocks) showing what was recorded."""
    return render.message(screens.checkin(view))


def needs_attention_blocks(pairs: list[PairView]) -> list[Block]:
    return render.message_blocks(Screen(text="", blocks=screens.needs_attention(pairs)))
