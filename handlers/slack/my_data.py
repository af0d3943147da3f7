"""Slack side of members' own data: the deletion offer shown once someone has left."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.mentoring.my_data import texts as say
from handlers.slack.blocks import actions, button, text_blocks

DELETE_MY_DATA = "delete_my_data"


def left_blocks(reply: str, user_id: str) -> list[Block]:
    """The "you've left" answer, with the offer to delete their data (asks before it acts)."""
    return [
        *text_blocks(reply, say.OFFER),
        actions(
            button(
                say.DELETE_BUTTON,
                DELETE_MY_DATA,
                value=user_id,
                style="danger",
                confirm=say.DELETE_CONFIRM,
            )
        ),
    ]
