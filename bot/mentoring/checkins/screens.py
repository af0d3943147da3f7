"""What check-ins look like, platform-neutrally, beyond the DM itself (views.checkin_message):
the details and survey modals, and the coordinators' "pairs that need attention"."""

from __future__ import annotations

from bot.mentoring.checkins import texts as say
from bot.mentoring.checkins.views import CheckInView, checkin_message
from bot.mentoring.forms import Form
from bot.mentoring.pairing.use_cases import PairView
from bot.mentoring.screens import Block, Screen, Text, form_screen, message_screen

MAX_FLAGGED = 10  # pairs listed on the Home tab; `/mentor admin pairs` has them all
# The modals carry the check-in and where its DM is, so the DM can be redrawn on submit.
CHECKIN_STATE, CHANNEL_STATE, TS_STATE = "checkin", "channel", "ts"


def answer_modal(form: Form, checkin_id: int, channel: str, ts: str) -> Screen:
    return form_screen(
        form, state={CHECKIN_STATE: checkin_id, CHANNEL_STATE: channel, TS_STATE: ts}
    )


def checkin(view: CheckInView) -> Screen:
    """The check-in DM as it stands (what was recorded, the buttons still to press)."""
    return message_screen(checkin_message(view))


def flag_line(pair: PairView) -> str:
    return " · ".join(f":warning: {flag}" for flag in pair.flags)


def needs_attention(pairs: list[PairView]) -> tuple[Block, ...]:
    """The coordinator's Home tab: pairs with a flag, one line each (none: nothing)."""
    flagged = [p for p in pairs if p.flags]
    if not flagged:
        return ()
    lines = [
        say.ATTENTION_LINE.format(mentor=p.mentor, mentee=p.mentee, flags=flag_line(p))
        for p in flagged[:MAX_FLAGGED]
    ]
    if len(flagged) > MAX_FLAGGED:
        lines.append(say.ATTENTION_MORE.format(count=len(flagged) - MAX_FLAGGED))
    return (Text(f"*{say.NEEDS_ATTENTION}*\n" + "\n".join(lines)),)
