"""Block Kit helpers for the modules not yet turned into screens (see the allow-list in
tests/handlers/test_render.py). Everything here delegates to handlers/slack/render.py, the one
renderer; new code builds a bot.mentoring.screens.Screen and renders it there instead.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock
from slack_sdk.models.views import View

from bot.mentoring import screens as sc
from bot.mentoring.forms import Form
from bot.mentoring.ports import Button
from handlers.slack import render
from handlers.slack.render import as_dicts, message_blocks, read_values

__all__ = [
    "actions",
    "as_dicts",
    "button",
    "context",
    "form_view",
    "message_blocks",
    "read_values",
    "text_blocks",
]


def form_view(form: Form, *, metadata: dict[str, Any] | None = None) -> View:
    return render.modal(sc.form_screen(form, state=metadata))


def text_blocks(*paragraphs: str) -> list[Block]:
    """One section per paragraph (split at Slack's 3,000 characters a section)."""
    return [b for p in paragraphs if p for b in render.sections(p)]


def context(text: str) -> ContextBlock:
    return render.context(text)


def button(
    label: str,
    action_id: str,
    *,
    value: str | None = None,
    style: str | None = None,
    confirm: tuple[str, str, str] | None = None,
) -> ButtonElement:
    return render.button(Button(action_id, label, value or "", style, confirm))  # type: ignore[arg-type]


def actions(*buttons: ButtonElement, block_id: str | None = None) -> ActionsBlock:
    return ActionsBlock(elements=list(buttons), block_id=block_id)
