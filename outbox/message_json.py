"""bot.mentoring.ports.Message <-> JSON-ready dicts, for the outbox's `payload` column.

Written out field by field rather than with dataclasses.asdict: JSON has no tuples, so reading
back must rebuild them, and an explicit shape fails loudly when Message grows a field.
"""

from __future__ import annotations

from typing import Any

from bot.mentoring import screens as sc
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
        "blocks": [block_to_json(b) for b in message.blocks],
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
        # Payloads stored before screens existed have no "blocks": they load as before.
        blocks=tuple(block_from_json(b) for b in data.get("blocks") or ()),
        metadata=data.get("metadata"),
    )


def block_to_json(block: sc.Block) -> dict[str, Any]:
    """One screen block as a tagged dict. Inputs belong in modals, never in a queued message."""
    match block:
        case sc.Header(text=text):
            return {"kind": "header", "text": text}
        case sc.Text(text=text, accessory=accessory):
            return {
                "kind": "text",
                "text": text,
                "accessory": button_to_json(accessory) if accessory else None,
            }
        case sc.Fields(pairs=pairs):
            return {"kind": "fields", "pairs": [[label, value] for label, value in pairs]}
        case sc.Context(text=text):
            return {"kind": "context", "text": text}
        case sc.Divider():
            return {"kind": "divider"}
        case sc.Image():
            return {
                "kind": "image",
                "alt": block.alt,
                "url": block.url,
                "file_id": block.file_id,
                "title": block.title,
            }
        case sc.Buttons(buttons=buttons):
            return {"kind": "buttons", "buttons": [button_to_json(b) for b in buttons]}
        case sc.More(label=label, action=action, value=value):
            return {"kind": "more", "label": label, "action": action, "value": value}
    raise ValueError(f"a {type(block).__name__} block can't be queued in a message")


def block_from_json(data: dict[str, Any]) -> sc.Block:
    match data.get("kind"):
        case "header":
            return sc.Header(str(data["text"]))
        case "text":
            accessory = data.get("accessory")
            return sc.Text(str(data["text"]), button_from_json(accessory) if accessory else None)
        case "fields":
            return sc.Fields(tuple((str(label), str(value)) for label, value in data["pairs"]))
        case "context":
            return sc.Context(str(data["text"]))
        case "divider":
            return sc.Divider()
        case "image":
            return sc.Image(
                alt=str(data["alt"]),
                url=data.get("url"),
                file_id=data.get("file_id"),
                title=data.get("title"),
            )
        case "buttons":
            return sc.Buttons(tuple(button_from_json(b) for b in data["buttons"]))
        case "more":
            return sc.More(str(data["label"]), str(data["action"]), str(data.get("value", "")))
    raise ValueError(f"unknown block kind in a stored message: {data.get('kind')!r}")
