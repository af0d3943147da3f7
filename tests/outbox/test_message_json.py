"""Messages survive the trip through the outbox's JSON payload unchanged."""

from __future__ import annotations

import json

from bot.mentoring.ports import Button, Message
from outbox.message_json import from_json, to_json


def test_round_trip_keeps_every_field() -> None:
    message = Message(
        text="Time for your January check-in",
        header="Check-in",
        paragraphs=("How is it going?", "Reply any time."),
        fields=(("Mentor", "<@U1>"), ("Mentee", "<@U2>")),
        buttons=(
            Button("checkin_done", "We met", value="p7", style="primary"),
            Button("checkin_skip", "Skip", confirm=("Skip?", "Really skip?", "Skip")),
        ),
        footer="Pairing #7",
        parts=(Message(text="part one", fields=(("a", "b"),)),),
        metadata={"event_type": "x", "event_payload": {"n": 1}},
    )
    stored = json.loads(json.dumps(to_json(message)))  # what the JSON column gives back
    assert from_json(stored) == message


def test_minimal_message() -> None:
    assert from_json({"text": "hi"}) == Message(text="hi")
