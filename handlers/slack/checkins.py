"""Check-ins in Slack: the details modal placed to redraw the clicked DM (`where` is in
payload.py), and the redrawn DM. What is shown is built in bot/mentoring/checkins/screens.py."""

from __future__ import annotations

from typing import Any

from bot.mentoring.checkins import screens
from bot.mentoring.checkins.views import CheckInView
from bot.mentoring.forms import Form
from handlers.slack import render
from handlers.slack.payload import where
from handlers.slack.render import View

__all__ = ["answer_modal", "checkin_update", "where"]


def answer_modal(form: Form, checkin_id: int, body: dict[str, Any]) -> View:
    place = where(body)
    return render.modal(screens.answer_modal(form, checkin_id, place["channel"], place["ts"]))


def checkin_update(view: CheckInView) -> dict[str, Any]:
    """chat.update arguments (text and blocks) showing what was recorded."""
    return render.message(screens.checkin(view))
