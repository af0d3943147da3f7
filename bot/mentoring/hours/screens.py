"""Hours as screens: the log modal (a date picker and a one-person picker, both from the form's
field kinds) and `/mentor hours` (the summary the use case already builds as a Message)."""

from __future__ import annotations

from bot.mentoring import screens as sc
from bot.mentoring.forms import Form
from bot.mentoring.ports import Message


def log_modal(form: Form) -> sc.Screen:
    return sc.form_screen(form)


def summary_screen(summary: Message) -> sc.Screen:
    return sc.message_screen(summary)
