"""A check-in answered in words ("met Tuesday for about 90 minutes, going well"), read once for
every platform: the mood, whether they met, the hours. Pure functions; no database.

Hours go through the project's one hours parser (bot/mentoring/hours/form.parse_duration) after
the spoken forms ("an hour and a half", "1h30") are rewritten into what it reads. The words
themselves are never kept as the check-in's note: that note goes to coordinators only, so a
member adds one on purpose in the details form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.mentoring.checkins import texts as say
from bot.mentoring.checkins.views import (
    ADD_DETAILS,
    CLOSING,
    GREAT,
    OK,
    STRUGGLING,
    CheckInView,
    mood_buttons,
)
from bot.mentoring.hours.form import HoursError, parse_duration
from bot.mentoring.ports import Button, Message

MAX_REPLY = 1000  # longer text is read up to here

# Buttons on the answer to a typed reply: they change what was recorded (the check-in's own
# buttons record once, so a second click there keeps the first answer).
CHANGE_MOOD = {mood: f"checkin_change_{mood}" for mood in (GREAT, OK, STRUGGLING)}
CHANGE_DETAILS = "checkin_change_details"

# Tried in order; each match is blanked out so "not great" is never read again as "great".
_MOODS: tuple[tuple[str, str], ...] = (
    (
        r"(?:not|isn'?t|wasn'?t|aren'?t) (?:going |doing |been )?(?:so |too |very )?"
        r"(?:great|good|well)",
        STRUGGLING,
    ),
    (r"not (?:so |too )?bad|so-?so|meh|okay|ok|fine|alright|all right|not sure", OK),
    (r"struggl\w*|hard|rough|tough|difficult|bad|stuck|frustrat\w*|stressful", STRUGGLING),
    (
        r"great|(?:going|went|goes|doing|gone) (?:really |very |pretty )?well|good|excellent"
        r"|awesome|amazing|fantastic|wonderful|productive|helpful|useful",
        GREAT,
    ),
)
_NOT_MET = re.compile(
    r"(?:haven'?t|have not|hasn'?t|has not|didn'?t|did not|not yet|couldn'?t|could not|never|"
    r"won'?t|not)\s+(?:\w+\s+){0,2}?(?:met|meet|talked|talk|spoken|spoke|connected|connect)\b"
    r"|\bno (?:meeting|call|chat|contact|time to meet)\b|\bnot met\b",
    re.IGNORECASE,
)
_MET = re.compile(
    r"\b(?:met|meet|meeting|met up|talked|talk|spoke|spoken|call|called|coffee|lunch|chat|"
    r"chatted|zoom|video|caught up|catch-?up|session)\b",
    re.IGNORECASE,
)
# Spoken durations, rewritten into what parse_duration reads.
_SPOKEN = (
    (r"\ban? hour and a half\b|\bone and a half hours?\b|\bhour and a half\b", "1.5h"),
    (r"\ban? hour and a quarter\b", "1.25h"),
    (r"\bhalf an hour\b|\ba half hour\b|\bhalf hour\b", "30m"),
    (r"\ba quarter of an hour\b|\bquarter hour\b", "15m"),
    (r"\b(?:an|one) hour\b", "1h"),
    (r"\b(?:couple of|two) hours\b", "2h"),
    (r"\bthree hours\b", "3h"),
    (r"\bfour hours\b", "4h"),
    (r"\b(\d{1,2})\s*h\s*(\d{1,2})\b(?!\s*m)", r"\1h\2m"),  # 1h30 -> 1h30m
)
# Where a duration with a unit may start (a bare "3" or "3:30" is a day or a time, not hours).
_DURATION_START = re.compile(
    r"(?<![\w.:,])\d{1,4}(?:[.,]\d+)?\s*"
    r"(?:(?:h|hrs?|hours?)(?:\s*\d{1,2}\s*(?:m|mins?|minutes?))?|m|mins?|minutes?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TypedReply:
    mood: str | None
    met: bool | None
    hours: float | None
    hours_problem: str | None  # e.g. "15 hours" is more than a check-in records
    words: str

    @property
    def understood(self) -> bool:
        return self.mood is not None or self.met is not None or self.hours is not None


def parse_reply(typed: str) -> TypedReply:
    """What a typed check-in answer says; what it doesn't say stays None."""
    words = " ".join(typed.split())[:MAX_REPLY]
    text = words.lower().replace("’", "'")
    hours, problem = _hours(text)
    return TypedReply(_mood(text), _met(text, hours), hours, problem, words)


def _mood(text: str) -> str | None:
    rest = _NOT_MET.sub(" ", text)  # "haven't met" says nothing about the mood
    found: list[tuple[int, str]] = []
    for pattern, mood in _MOODS:
        for match in re.finditer(rf"\b(?:{pattern})\b", rest):
            found.append((match.start(), mood))
        rest = re.sub(rf"\b(?:{pattern})\b", lambda m: " " * len(m[0]), rest)
    # The first mood named wins: "going well, though the budget part was hard" is Great.
    return min(found)[1] if found else None


def _met(text: str, hours: float | None) -> bool | None:
    if _NOT_MET.search(text):
        return False
    if _MET.search(text) or hours:
        return True
    return None


def _hours(text: str) -> tuple[float | None, str | None]:
    for pattern, replacement in _SPOKEN:
        text = re.sub(pattern, replacement, text)
    match = _DURATION_START.search(text)
    if match is None:
        return None, None
    try:
        value, _ = parse_duration(match[0])  # just the duration: no trailing comma
    except HoursError as exc:
        return None, str(exc)
    return value, None


# -- the answer shown back ---------------------------------------------------------------------


def understood_message(view: CheckInView | None, reply: TypedReply, *, recorded: bool) -> Message:
    """What was understood and recorded, with buttons to correct it (or to answer, when
    nothing could be read). `view` is the check-in as it now stands."""
    if view is None or view.kind == CLOSING:
        return Message(text=say.TYPED_NO_CHECKIN)
    buttons: tuple[Button, ...]
    if view.mood is None:  # nothing recorded yet: the check-in's own buttons answer it
        text = say.TYPED_NOT_UNDERSTOOD if not reply.understood else say.TYPED_MOOD_MISSING
        paragraphs = [text]
        buttons = mood_buttons(view.id)
    else:
        parts = [say.TYPED_MOOD.format(mood=say.MOOD_LABELS[view.mood])]
        if view.details_given:
            parts.append(say.TYPED_MET if view.met else say.TYPED_NOT_MET)
            if view.hours:
                parts.append(say.TYPED_HOURS.format(hours=say.hours(view.hours)))
        text = say.TYPED_GOT_IT.format(what=", ".join(parts))
        if not recorded:
            text = say.TYPED_ALREADY.format(what=", ".join(parts))
        paragraphs = [text]
        if not view.details_given:
            paragraphs.append(say.TYPED_DETAILS_MISSING)
        buttons = (
            *(
                Button(action, say.MOOD_LABELS[mood], str(view.id))
                for mood, action in CHANGE_MOOD.items()
                if mood != view.mood
            ),
            Button(
                CHANGE_DETAILS if view.details_given else ADD_DETAILS,
                say.CHANGE_DETAILS if view.details_given else say.ADD_DETAILS,
                str(view.id),
            ),
        )
    if reply.hours_problem:
        paragraphs.append(reply.hours_problem)
    if reply.understood:  # the words stay theirs: a note is added on purpose, in the form
        paragraphs.append(say.TYPED_NOT_A_NOTE)
    return Message(text=text, paragraphs=tuple(paragraphs), buttons=buttons)


def corrected_message(view: CheckInView) -> Message:
    """The answer after a correction: what stands now, still with the buttons to change it."""
    nothing = TypedReply(mood=None, met=None, hours=None, hours_problem=None, words="")
    return understood_message(view, nothing, recorded=True)
