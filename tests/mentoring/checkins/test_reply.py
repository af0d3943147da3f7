"""Typed check-in answers, read in the core: real phrasings, negations and numbers."""

from __future__ import annotations

import pytest

from bot.mentoring.checkins.reply import parse_reply

PHRASINGS = [
    # text, mood, met, hours
    ("met Tuesday for about 90 minutes, going well", "great", True, 1.5),
    ("1.5h, great", "great", True, 1.5),
    ("Good! We had coffee", "great", True, None),
    ("ok, talked for an hour", "ok", True, 1.0),
    ("fine", "ok", None, None),
    ("so-so. half an hour call", "ok", True, 0.5),
    ("not bad", "ok", None, None),
    ("struggling, we haven't met", "struggling", False, None),
    ("not great, didn't meet this month", "struggling", False, None),
    ("it isn't going well", "struggling", None, None),
    ("rough month. 2 hours on zoom", "struggling", True, 2.0),
    ("hard, no meeting yet", "struggling", False, None),
    ("haven't met yet, all ok", "ok", False, None),
    ("we met 1h30, going well", "great", True, 1.5),
    ("an hour and a half over lunch, good", "great", True, 1.5),
    ("met on the 3rd at 3:30, good", "great", True, None),  # a day and a time, not hours
    ("2 hours", None, True, 2.0),
    ("hmm", None, None, None),
]


@pytest.mark.parametrize(("typed", "mood", "met", "hours"), PHRASINGS)
def test_reply_reads_mood_meeting_and_hours(
    typed: str, mood: str | None, met: bool | None, hours: float | None
) -> None:
    reply = parse_reply(typed)
    assert (reply.mood, reply.met, reply.hours) == (mood, met, hours)
    assert reply.understood == any(v is not None for v in (mood, met, hours))


def test_hours_out_of_range_are_explained_not_guessed() -> None:
    too_many = parse_reply("met for 15 hours, great")
    assert too_many.hours is None and "15 hours" in (too_many.hours_problem or "")
    too_few = parse_reply("10 minutes chat")
    assert too_few.hours is None and "quarter hour" in (too_few.hours_problem or "")


def test_words_are_kept_for_showing_back_not_as_a_note() -> None:
    reply = parse_reply("  going   well,\n thanks ")
    assert reply.words == "going well, thanks"
    assert not hasattr(reply, "note")
