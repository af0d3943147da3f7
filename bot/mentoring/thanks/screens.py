"""Thank-yous as screens: the modal (the mentor is one person, picked from the workspace) and
what it turns into once sent."""

from __future__ import annotations

from bot.mentoring import screens as sc
from bot.mentoring.forms import Form
from bot.mentoring.thanks import texts as say


def thanks_modal(form: Form) -> sc.Screen:
    return sc.form_screen(form)


def sent_screen(confirmation: str) -> sc.Screen:
    return sc.done_screen(say.TITLE, confirmation)
