"""bot.mentoring.ports.Message <-> JSON-ready dicts, for the outbox's `payload` column.

Written out field by field rather than with dataclasses.asdict: JSON has no tuples, so reading
back must rebuild them, and an explicit shape fails loudly when Message grows a field.
"""

from __future__ import annotations

from typing import Any

from bot.mentoring.ports import Button, Message


def button_to_json(button: Button) -> dict[str, Any]:
    return {
        "action": button.action,
        "label": button.label,
        "value": button.value,
        "style": button.style,
        "confirm": list(button.confirm) if button.confirm is not None else None,
    }


def button_from_json(data: dict[str, Any]) -> Button:
    confirm = data.get("confirm")
    return Button(
        action=data["action"],
        label=data["label"],
        value=data.get("value", ""),
        style=data.get("style"),
        confirm=(str(confirm[0]), str(confirm[1]), str(confirm[2])) if confirm else None,
    )


def to_json(message: Message) -> dict[str, Any]:
    return {
        "text": message.text,
        "header": message.header,
        "paragraphs": list(message.paragraphs),
        "fields": [[label, value] for label, value in message.fields],
        "buttons": [button_to_json(b) for b in message.buttons],
        "footer": message.footer,
        "parts": [to_json(p) for p in message.parts],
        "metadata": message.metadata,
    }


def from_json(data: dict[str, Any]) -> Message:
    return Message(
        text=data["text"],
        header=data.get("header"),
        paragraphs=tuple(data.get("paragraphs") or ()),
        fields=tuple((str(label), str(value)) for label, value in data.get("fields") or ()),
        buttons=tuple(button_from_json(b) for b in data.get("buttons") or ()),
        footer=data.get("footer"),
        parts=tuple(from_json(p) for p in data.get("parts") or ()),
        metadata=data.get("metadata"),
    )
