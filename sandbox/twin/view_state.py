"""view.state.values bookkeeping: what a person has typed or picked in a modal or Home tab.

Shapes follow Slack's payloads: ``values[block_id][action_id] = {"type": <element type>, ...}`` with
``value`` for text inputs, ``selected_option(s)`` for static menus, ``selected_user(s)`` etc.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from sandbox.twin.blockkit import (
    MULTI_SELECTS,
    SINGLE_SELECTS,
    TEXT_INPUTS,
    element_options,
    iter_block_elements,
)

StateValues = dict[str, dict[str, dict[str, Any]]]

# Which state key each select family fills, e.g. users_select -> selected_user.
_SELECT_KEYS = {
    "users_select": "selected_user",
    "conversations_select": "selected_conversation",
    "channels_select": "selected_channel",
    "multi_users_select": "selected_users",
    "multi_conversations_select": "selected_conversations",
    "multi_channels_select": "selected_channels",
}
_INITIAL_KEYS = {
    "users_select": "initial_user",
    "conversations_select": "initial_conversation",
    "channels_select": "initial_channel",
    "multi_users_select": "initial_users",
    "multi_conversations_select": "initial_conversations",
    "multi_channels_select": "initial_channels",
}
_OPTION_SINGLE = {"static_select", "external_select", "radio_buttons", "overflow"}
_OPTION_MULTI = {"multi_static_select", "multi_external_select", "checkboxes"}
# Elements that carry a value in view.state (buttons and overflow menus do not).
STATEFUL = (
    TEXT_INPUTS
    | SINGLE_SELECTS
    | MULTI_SELECTS
    | {"checkboxes", "radio_buttons", "datepicker", "timepicker", "datetimepicker"}
    | {"rich_text_input", "file_input"}
)
REQUIRED_MESSAGE = "Please complete this required field."


def stateful_elements(
    blocks: list[dict[str, Any]],
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(block, element) pairs whose values Slack reports in view.state."""
    for block in blocks:
        for element in iter_block_elements(block):
            if element.get("type") in STATEFUL:
                yield block, element


def initial_value(element: dict[str, Any]) -> dict[str, Any]:
    """The state entry of an untouched element: its initial_* value or an explicit null."""
    kind = str(element.get("type"))
    entry: dict[str, Any] = {"type": kind}
    if kind in TEXT_INPUTS:
        entry["value"] = element.get("initial_value")
    elif kind in _OPTION_SINGLE:
        entry["selected_option"] = copy.deepcopy(element.get("initial_option"))
    elif kind in _OPTION_MULTI:
        entry["selected_options"] = copy.deepcopy(element.get("initial_options") or [])
    elif kind in _SELECT_KEYS:
        default: object = [] if kind.startswith("multi_") else None
        entry[_SELECT_KEYS[kind]] = copy.deepcopy(element.get(_INITIAL_KEYS[kind], default))
    elif kind == "datepicker":
        entry["selected_date"] = element.get("initial_date")
    elif kind == "timepicker":
        entry["selected_time"] = element.get("initial_time")
    elif kind == "datetimepicker":
        entry["selected_date_time"] = element.get("initial_date_time")
    elif kind == "rich_text_input":
        entry["rich_text_value"] = copy.deepcopy(element.get("initial_value"))
    elif kind == "file_input":
        entry["files"] = []
    return entry


def build_state(blocks: list[dict[str, Any]], previous: StateValues | None = None) -> StateValues:
    """Fresh state for `blocks`, keeping what was typed where block_id, action_id and type match.

    That is Slack's rule on views.update: input survives unless the app changes the ids.
    """
    previous = previous or {}
    values: StateValues = {}
    for block, element in stateful_elements(blocks):
        block_id, action_id = str(block["block_id"]), str(element["action_id"])
        old = previous.get(block_id, {}).get(action_id)
        keep = old is not None and old.get("type") == element.get("type")
        values.setdefault(block_id, {})[action_id] = (
            copy.deepcopy(old) if keep and old else initial_value(element)
        )
    return values


def _find_option(element: dict[str, Any], wanted: object, where: str) -> dict[str, Any]:
    if isinstance(wanted, dict):
        wanted = wanted.get("value")
    options = element_options(element)
    for option in options:
        if option.get("value") == wanted:
            return copy.deepcopy(option)
    for option in options:  # convenience: allow picking by the visible label too
        if (option.get("text") or {}).get("text") == wanted:
            return copy.deepcopy(option)
    if element.get("type") in ("external_select", "multi_external_select"):
        # External menus load options from the app; trust the caller's value.
        text = str(wanted)
        return {"text": {"type": "plain_text", "text": text}, "value": text}
    choices = [o.get("value") for o in options]
    raise AssertionError(f"{where}: {wanted!r} is not one of the options {choices}")


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    return [value]


def value_from_python(element: dict[str, Any], value: object, where: str) -> dict[str, Any]:
    """Convert a test-friendly Python value into the Slack state entry for `element`."""
    kind = str(element.get("type"))
    entry: dict[str, Any] = {"type": kind}
    if kind in TEXT_INPUTS:
        entry["value"] = None if value is None or value == "" else str(value)
    elif kind in _OPTION_SINGLE:
        entry["selected_option"] = None if value is None else _find_option(element, value, where)
    elif kind in _OPTION_MULTI:
        entry["selected_options"] = [_find_option(element, v, where) for v in _as_list(value)]
    elif kind in _SELECT_KEYS:
        if kind.startswith("multi_"):
            entry[_SELECT_KEYS[kind]] = [str(v) for v in _as_list(value)]
        else:
            entry[_SELECT_KEYS[kind]] = None if value is None else str(value)
    elif kind == "datepicker":
        entry["selected_date"] = None if value is None else str(value)
    elif kind == "timepicker":
        entry["selected_time"] = None if value is None else str(value)
    elif kind == "datetimepicker":
        entry["selected_date_time"] = None if value is None else int(str(value))
    elif kind == "rich_text_input":
        entry["rich_text_value"] = {
            "type": "rich_text",
            "elements": [
                {"type": "rich_text_section", "elements": [{"type": "text", "text": str(value)}]}
            ],
        }
    else:
        raise AssertionError(f"{where}: the twin cannot fill a {kind} element")
    return entry


def is_empty(entry: dict[str, Any]) -> bool:
    return all(v in (None, "", []) for k, v in entry.items() if k != "type")


def display_value(entry: dict[str, Any] | None, names: dict[str, str] | None = None) -> str:
    """What the person sees in a field, e.g. "Python, Go" for a multi-select."""
    if entry is None:
        return ""
    names = names or {}
    parts: list[str] = []
    for key, raw in entry.items():
        if key == "type" or raw in (None, "", []):
            continue
        for item in _as_list(raw):
            if isinstance(item, dict) and "text" in item:
                parts.append(str((item.get("text") or {}).get("text", "")))
            elif isinstance(item, dict):  # rich_text_value
                parts.append(_rich_text_plain(item))
            else:
                parts.append(names.get(str(item), str(item)))
    return ", ".join(parts)


def _rich_text_plain(node: dict[str, Any]) -> str:
    if "text" in node and isinstance(node["text"], str):
        return node["text"]
    return "".join(_rich_text_plain(c) for c in node.get("elements") or [] if isinstance(c, dict))


def client_side_errors(blocks: list[dict[str, Any]], values: StateValues) -> dict[str, str]:
    """Errors Slack's own client shows without ever contacting the app (required, lengths...)."""
    errors: dict[str, str] = {}
    for block in blocks:
        if block.get("type") != "input":
            continue
        element = block.get("element") or {}
        entry = values.get(str(block.get("block_id")), {}).get(str(element.get("action_id")))
        if entry is None:
            continue
        message = _client_error(block, element, entry)
        if message:
            errors[str(block["block_id"])] = message
    return errors


def _client_error(block: dict[str, Any], element: dict[str, Any], entry: dict[str, Any]) -> str:
    if is_empty(entry):
        return "" if block.get("optional") else REQUIRED_MESSAGE
    kind = element.get("type")
    text = entry.get("value")
    if kind == "plain_text_input" and isinstance(text, str):
        low, high = element.get("min_length"), element.get("max_length")
        if isinstance(low, int) and len(text) < low:
            return f"Please enter at least {low} characters."
        if isinstance(high, int) and len(text) > high:
            return f"Please enter no more than {high} characters."
    if kind == "number_input" and isinstance(text, str):
        try:
            number = float(text)
        except ValueError:
            return "Please enter a number."
        if not element.get("is_decimal_allowed") and not number.is_integer():
            return "Please enter a whole number."
        for key, bad, word in (
            ("min_value", number.__lt__, "at least"),
            ("max_value", number.__gt__, "at most"),
        ):
            limit = element.get(key)
            if limit is not None and bad(float(limit)):
                return f"Please enter a number {word} {limit}."
    if kind == "email_text_input" and isinstance(text, str) and "@" not in text:
        return "Please enter a valid email address."
    if kind == "url_text_input" and isinstance(text, str) and "://" not in text:
        return "Please enter a valid URL."
    return ""
