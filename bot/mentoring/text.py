"""How text reads in every message: the one markup, and one date style, "Mon, Jan 4, 2027".

The markup. Every text in a screen (bot/mentoring/screens.py) and message is written in it, and
each adapter converts it to its platform's (Slack mrkdwn is nearly identical; Teams converts it
to Markdown):

    *bold*                  bold
    _italic_                italic
    <@U123>                 a mention of a person (by the platform's user id)
    <#C123>                 a channel
    <https://x.example|label>   a link with its label (<https://x.example> for a bare link)
    • item                  a bullet: a line that starts with "• "
    a newline               a line break; a blank line separates paragraphs

`code` in backticks shows a command as typed (`/mentor join`). Header and button labels are
plain text: no markup there.

Every user-facing module formats dates through here, so a member never sees "January 4, 2027"
in one message and "Mon Jan 4" in the next (tests/mentoring/test_text.py checks for strays).
"""

from __future__ import annotations

from datetime import date, datetime, time


def day(value: date) -> str:
    """ "Mon, Jan 4, 2027"."""
    return f"{value:%a}, {value:%b} {value.day}, {value.year}"


def clock_time(at: time) -> str:
    """ "9:00 AM"."""
    return f"{(at.hour - 1) % 12 + 1}:{at.minute:02d} {'AM' if at.hour < 12 else 'PM'}"


def moment(when: datetime) -> str:
    """ "Mon, Jan 4, 2027 at 9:00 AM CST", in the time zone `when` carries."""
    zone = when.tzname()
    return f"{day(when.date())} at {clock_time(when.time())}" + (f" {zone}" if zone else "")
