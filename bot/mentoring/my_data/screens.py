"""Members' own data as screens: the "you've left" answer with the offer to delete it."""

from __future__ import annotations

from bot.mentoring import screens as sc
from bot.mentoring.my_data import texts as say
from bot.mentoring.ports import Button

DELETE_MY_DATA = "delete_my_data"


def left_screen(reply: str, user_id: str) -> sc.Screen:
    """The "you've left" answer, with the offer to delete their data (asks before it acts)."""
    delete = Button(
        DELETE_MY_DATA, say.DELETE_BUTTON, user_id, style="danger", confirm=say.DELETE_CONFIRM
    )
    return sc.Screen(text=reply, blocks=(*sc.paragraphs(reply, say.OFFER), sc.Buttons((delete,))))
