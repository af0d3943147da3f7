"""Block Kit -> readable plain text, roughly what a person sees in the Slack client."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from sandbox.twin.view_state import STATEFUL, StateValues, display_value, initial_value

# <@U123>, <@U123|name>, <#C123|general>, <!here>, <https://x|label>, <!date^..|fallback>
_MRKDWN_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")


def mrkdwn_to_text(text: str, names: Mapping[str, str] | None = None) -> str:
    """Resolve Slack's angle-bracket syntax to what the client displays."""
    names = names or {}

    def replace(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("@"):
            return "@" + (label or names.get(target[1:], target[1:]))
        if target.startswith("#"):
            return "#" + (label or names.get(target[1:], target[1:]))
        if target.startswith("!"):
            return label or "@" + target[1:].split("^")[0]
        return label or target

    return html.unescape(_MRKDWN_LINK.sub(replace, text))


def _text(obj: object, names: Mapping[str, str]) -> str:
    if isinstance(obj, dict):
        return mrkdwn_to_text(str(obj.get("text", "")), names)
    if isinstance(obj, str):
        return mrkdwn_to_text(obj, names)
    return ""


def _element(
    element: dict[str, Any], entry: dict[str, Any] | None, names: Mapping[str, str]
) -> str:
    kind = element.get("type")
    if kind in ("button", "workflow_button"):
        return f"[{_text(element.get('text'), names)}]"
    if kind == "overflow":
        return "[…]"
    if kind in ("image", "plain_text", "mrkdwn"):
        return "" if kind == "image" else _text(element, names)
    shown = display_value(entry, dict(names))
    if not shown:
        shown = _text(element.get("placeholder"), names) or str(kind)
    return f"[{shown} ▾]"


def _rich_text(node: object, names: Mapping[str, str]) -> str:
    if not isinstance(node, dict):
        return ""
    kind = node.get("type")
    if kind == "text":
        return str(node.get("text", ""))
    if kind == "user":
        return "@" + names.get(str(node.get("user_id")), str(node.get("user_id")))
    if kind == "channel":
        return "#" + names.get(str(node.get("channel_id")), str(node.get("channel_id")))
    if kind == "link":
        return str(node.get("text") or node.get("url", ""))
    if kind == "emoji":
        return f":{node.get('name', '')}:"
    sep = "\n" if kind in ("rich_text", "rich_text_list") else ""
    return sep.join(_rich_text(c, names) for c in node.get("elements") or [])


def render_blocks(
    blocks: list[dict[str, Any]] | None,
    values: StateValues | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """One or more lines per block; input blocks show the current value from `values`."""
    names = names or {}
    values = values or {}
    lines: list[str] = []
    for block in blocks or []:
        if not isinstance(block, dict):
            continue
        kind = block.get("type")
        entries = values.get(str(block.get("block_id")), {})

        def entry_for(el: dict[str, Any], entries: dict[str, dict[str, Any]] = entries) -> Any:
            # Without recorded state the person sees the element's initial value.
            entry = entries.get(str(el.get("action_id")))
            return (
                entry if entry is not None or el.get("type") not in STATEFUL else initial_value(el)
            )

        if kind == "header":
            lines.append(f"# {_text(block.get('text'), names)}")
        elif kind == "section":
            parts = [_text(block.get("text"), names)] if block.get("text") else []
            accessory = block.get("accessory")
            if isinstance(accessory, dict) and accessory.get("type") != "image":
                parts.append(_element(accessory, entry_for(accessory), names))
            lines.append(" | ".join(p for p in parts if p))
            # Fields are a two-column grid in Slack; one per line reads best as text.
            lines.extend(" ".join(_text(f, names).split("\n")) for f in block.get("fields") or [])
        elif kind == "divider":
            lines.append("---")
        elif kind == "context":
            lines.append(" · ".join(_element(e, None, names) for e in block.get("elements") or []))
        elif kind == "actions":
            elements = block.get("elements") or []
            lines.append(" ".join(_element(e, entry_for(e), names) for e in elements))
        elif kind == "input":
            element = block.get("element") or {}
            label = _text(block.get("label"), names)
            if block.get("optional"):
                label += " (optional)"
            lines.append(f"{label}: {display_value(entry_for(element), dict(names))}".rstrip())
        elif kind == "image":
            lines.append(f"[image: {block.get('alt_text', '')}]")
        elif kind == "rich_text":
            lines.append(_rich_text(block, names))
        elif kind == "markdown":
            lines.append(str(block.get("text", "")))
        else:
            lines.append(f"[{kind}]")
    return "\n".join(line for line in lines if line)


def render_message(message: Mapping[str, Any], names: Mapping[str, str] | None = None) -> str:
    """A chat message: its blocks if any (that is what the client shows), else its text; then
    the files it shares, one `[file: name "title"]` line each."""
    blocks = message.get("blocks")
    if blocks:
        body = render_blocks(list(blocks), None, names)
    else:
        body = mrkdwn_to_text(str(message.get("text") or ""), names)
    files = [
        f'[file: {f.get("name", "")} "{f.get("title", "")}"]'
        for f in message.get("files") or []
        if isinstance(f, Mapping)
    ]
    return "\n".join(line for line in (body, *files) if line)


def render_view(
    view: Mapping[str, Any],
    values: StateValues | None = None,
    names: Mapping[str, str] | None = None,
    *,
    with_title: bool = True,
) -> str:
    """A modal or Home tab, optionally headed by its title and followed by its buttons."""
    names = names or {}
    body = render_blocks(list(view.get("blocks") or []), values, names)
    lines = [f"== {_text(view.get('title'), names)} =="] if with_title and view.get("title") else []
    lines.append(body)
    buttons = [f"[{_text(view.get(k), names)}]" for k in ("close", "submit") if view.get(k)]
    if view.get("submit") and not view.get("close"):
        buttons.insert(0, "[Cancel]")  # Slack's default close button
    if view.get("type") == "modal" and buttons:
        lines.append(" ".join(buttons))
    return "\n".join(line for line in lines if line)


def render_any(obj: object, names: Mapping[str, str] | None = None) -> str:
    """Accept a view, a message (dict with blocks/text) or a bare blocks list."""
    if isinstance(obj, list):
        return render_blocks(obj, None, names)
    if isinstance(obj, Mapping):
        if obj.get("type") in ("modal", "home"):
            state = obj.get("state")
            values = state.get("values") if isinstance(state, Mapping) else None
            return render_view(obj, values, names)
        return render_message(obj, names)
    raise TypeError(f"cannot render {type(obj).__name__}")
