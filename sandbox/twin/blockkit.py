"""Block Kit validation and normalisation the way Slack's servers apply it.

slack_sdk's models catch many limit breaches (``to_dict()`` runs every ``JsonValidator`` down the
tree), but they silently drop unknown element types, accept empty texts and never check that an
``initial_option`` is one of the options. Slack rejects all of those, so we check them explicitly
first and only then let the models have their say. Error strings mimic Slack's
``"<message> [json-pointer:/blocks/0/text]"`` format.
"""

from __future__ import annotations

import copy
import re
import secrets
from collections.abc import Iterator
from typing import Any, Literal

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

BlockSurface = Literal["message", "modal", "home"]

MAX_BLOCKS: dict[BlockSurface, int] = {"message": 50, "modal": 100, "home": 100}
MAX_MESSAGE_TEXT = 40_000
# Slack answers msg_blocks_too_long when a message's blocks hold more than about 13,200
# characters of text in all (undocumented; measured by developers, bolt-js issue 2509).
MAX_BLOCKS_TEXT = 13_000

SINGLE_SELECTS = {
    "static_select",
    "external_select",
    "users_select",
    "conversations_select",
    "channels_select",
}
MULTI_SELECTS = {f"multi_{t}" for t in SINGLE_SELECTS}
TEXT_INPUTS = {"plain_text_input", "email_text_input", "url_text_input", "number_input"}
PICKERS = {"datepicker", "timepicker", "datetimepicker"}
INPUT_ELEMENTS = (
    SINGLE_SELECTS
    | MULTI_SELECTS
    | TEXT_INPUTS
    | PICKERS
    | {"checkboxes", "radio_buttons", "file_input", "rich_text_input"}
)
SECTION_ACCESSORIES = (
    SINGLE_SELECTS
    | MULTI_SELECTS
    | {"button", "checkboxes", "datepicker", "timepicker", "image", "overflow", "radio_buttons"}
    | {"workflow_button"}
)
ACTIONS_ELEMENTS = (
    SINGLE_SELECTS
    | MULTI_SELECTS
    | PICKERS
    | {"button", "checkboxes", "overflow", "radio_buttons", "rich_text_input", "workflow_button"}
    | {"feedback_buttons", "icon_button"}
)
CONTEXT_ELEMENTS = {"image", "plain_text", "mrkdwn"}
NON_INTERACTIVE = {"image", "plain_text", "mrkdwn"}
# Per-element option count limits (Slack's documented maxima).
OPTION_LIMITS = {
    "static_select": (1, 100),
    "multi_static_select": (1, 100),
    "checkboxes": (1, 10),
    "radio_buttons": (1, 10),
    "overflow": (1, 5),
}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_RE = re.compile(r"^\d{2}:\d{2}$")
# Exceptions slack_sdk's model constructors raise on malformed dicts.
_MODEL_ERRORS = (SlackObjectFormationError, TypeError, ValueError, KeyError, AttributeError)


def _err(errors: list[str], message: str, pointer: str) -> None:
    errors.append(f"{message} [json-pointer:{pointer}]")


def check_text(
    errors: list[str],
    obj: object,
    pointer: str,
    *,
    max_len: int,
    plain_only: bool = False,
    required: bool = True,
) -> None:
    """A composition text object: {"type": "plain_text"|"mrkdwn", "text": "..."}."""
    if obj is None:
        if required:
            _err(errors, "missing required field", pointer)
        return
    if not isinstance(obj, dict):
        _err(errors, "must provide an object", pointer)
        return
    kind = obj.get("type")
    if kind not in ("plain_text", "mrkdwn"):
        _err(errors, "must be one of plain_text, mrkdwn", f"{pointer}/type")
    elif plain_only and kind != "plain_text":
        _err(errors, "must be plain_text", f"{pointer}/type")
    text = obj.get("text")
    if not isinstance(text, str):
        _err(errors, "must provide a string", f"{pointer}/text")
    elif not text:
        _err(errors, "must be more than 0 characters", f"{pointer}/text")
    elif len(text) > max_len:
        _err(errors, f"must be less than {max_len + 1} characters", f"{pointer}/text")


def _option_key(option: object) -> tuple[str, str] | None:
    if not isinstance(option, dict):
        return None
    text = option.get("text")
    label = text.get("text") if isinstance(text, dict) else None
    return (str(option.get("value")), str(label))


def element_options(element: dict[str, Any]) -> list[dict[str, Any]]:
    """All options of an element, flattening option_groups."""
    options = [o for o in element.get("options") or [] if isinstance(o, dict)]
    for group in element.get("option_groups") or []:
        if isinstance(group, dict):
            options.extend(o for o in group.get("options") or [] if isinstance(o, dict))
    return options


def _check_options(errors: list[str], element: dict[str, Any], pointer: str, kind: str) -> None:
    plain_only = kind not in ("checkboxes", "radio_buttons")
    has_groups = element.get("option_groups") is not None
    raw = element.get("options")
    if raw is None and not has_groups:
        _err(errors, "must provide options or option_groups", pointer)
        return
    if raw is not None and has_groups:
        _err(errors, "options and option_groups cannot both be provided", pointer)
    if raw is not None:
        low, high = OPTION_LIMITS[kind]
        if not isinstance(raw, list):
            _err(errors, "must provide an array", f"{pointer}/options")
            return
        if not low <= len(raw) <= high:
            _err(errors, f"must provide between {low} and {high} items", f"{pointer}/options")
    for i, option in enumerate(element_options(element)):
        opt_ptr = f"{pointer}/options/{i}"
        check_text(errors, option.get("text"), f"{opt_ptr}/text", max_len=75, plain_only=plain_only)
        value = option.get("value")
        if not isinstance(value, str) or not value:
            _err(errors, "must provide a non-empty string", f"{opt_ptr}/value")
        elif len(value) > 150:
            _err(errors, "must be less than 151 characters", f"{opt_ptr}/value")
    # Slack compares initial options against the element's options and rejects strays.
    known = {_option_key(o) for o in element_options(element)}
    initial = element.get("initial_option")
    if initial is not None and _option_key(initial) not in known:
        _err(errors, "initial_option must match one of the options", f"{pointer}/initial_option")
    for i, option in enumerate(element.get("initial_options") or []):
        if _option_key(option) not in known:
            _err(errors, "initial_options must match the options", f"{pointer}/initial_options/{i}")


def _check_element(
    errors: list[str],
    element: object,
    pointer: str,
    allowed: set[str],
    action_ids: set[str],
) -> None:
    if not isinstance(element, dict):
        _err(errors, "must provide an object", pointer)
        return
    kind = element.get("type")
    if kind not in allowed:
        _err(errors, f"unsupported element type: {kind!r}", f"{pointer}/type")
        return
    if kind in ("plain_text", "mrkdwn"):
        check_text(errors, element, pointer, max_len=3000)
        return
    action_id = element.get("action_id")
    if action_id is not None:
        if not isinstance(action_id, str) or not action_id or len(action_id) > 255:
            _err(errors, "must be a string of 1-255 characters", f"{pointer}/action_id")
        elif action_id in action_ids:
            _err(errors, f"action_id {action_id!r} already exists in this block", pointer)
        else:
            action_ids.add(action_id)
    if "placeholder" in element:
        check_text(errors, element["placeholder"], f"{pointer}/placeholder", max_len=150)
    if kind == "button":
        check_text(errors, element.get("text"), f"{pointer}/text", max_len=75, plain_only=True)
        value = element.get("value")
        if value is not None and (not isinstance(value, str) or len(value) > 2000):
            _err(errors, "must be a string of at most 2000 characters", f"{pointer}/value")
        if element.get("style") not in (None, "primary", "danger"):
            _err(errors, "must be one of primary, danger", f"{pointer}/style")
    elif kind in OPTION_LIMITS:
        _check_options(errors, element, pointer, kind)
    elif kind == "plain_text_input":
        initial = element.get("initial_value")
        if initial is not None and not isinstance(initial, str):
            _err(errors, "must provide a string", f"{pointer}/initial_value")
        min_len, max_len = element.get("min_length"), element.get("max_length")
        if min_len is not None and not (isinstance(min_len, int) and 0 <= min_len <= 3000):
            _err(errors, "must be an integer between 0 and 3000", f"{pointer}/min_length")
        if max_len is not None and not (isinstance(max_len, int) and 1 <= max_len <= 3000):
            _err(errors, "must be an integer between 1 and 3000", f"{pointer}/max_length")
    elif kind == "number_input":
        if not isinstance(element.get("is_decimal_allowed"), bool):
            _err(errors, "missing required field", f"{pointer}/is_decimal_allowed")
        initial = element.get("initial_value")
        if initial is not None and not _is_number(initial):
            _err(errors, "must be a number string", f"{pointer}/initial_value")
    elif kind == "datepicker":
        initial = element.get("initial_date")
        if initial is not None and not (isinstance(initial, str) and _DATE_RE.match(initial)):
            _err(errors, "must be YYYY-MM-DD", f"{pointer}/initial_date")
    elif kind == "timepicker":
        initial = element.get("initial_time")
        if initial is not None and not (isinstance(initial, str) and _TIME_RE.match(initial)):
            _err(errors, "must be HH:mm", f"{pointer}/initial_time")


def _is_number(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        float(value)
    except ValueError:
        return False
    return True


def _check_block(
    errors: list[str], block: object, pointer: str, surface: BlockSurface, block_ids: set[str]
) -> None:
    if not isinstance(block, dict):
        _err(errors, "must provide an object", pointer)
        return
    kind = block.get("type")
    if not isinstance(kind, str):
        _err(errors, "missing required field: type", pointer)
        return
    block_id = block.get("block_id")
    if block_id is not None:
        if not isinstance(block_id, str) or not block_id or len(block_id) > 255:
            _err(errors, "must be a string of 1-255 characters", f"{pointer}/block_id")
        elif block_id in block_ids:
            _err(errors, f"block_id {block_id!r} already exists", f"{pointer}/block_id")
        else:
            block_ids.add(block_id)
    before = len(errors)
    action_ids: set[str] = set()
    if kind == "section":
        if block.get("text") is None and not block.get("fields"):
            _err(errors, "must provide text or fields", pointer)
        check_text(errors, block.get("text"), f"{pointer}/text", max_len=3000, required=False)
        fields = block.get("fields") or []
        if not isinstance(fields, list) or len(fields) > 10:
            _err(errors, "must provide an array of at most 10 items", f"{pointer}/fields")
        else:
            for i, f in enumerate(fields):
                check_text(errors, f, f"{pointer}/fields/{i}", max_len=2000)
        if block.get("accessory") is not None:
            _check_element(
                errors, block["accessory"], f"{pointer}/accessory", SECTION_ACCESSORIES, action_ids
            )
    elif kind == "header":
        check_text(errors, block.get("text"), f"{pointer}/text", max_len=150, plain_only=True)
    elif kind in ("actions", "context"):
        allowed, limit = (ACTIONS_ELEMENTS, 25) if kind == "actions" else (CONTEXT_ELEMENTS, 10)
        elements = block.get("elements")
        if not isinstance(elements, list) or not 1 <= len(elements) <= limit:
            _err(errors, f"must provide an array of 1-{limit} items", f"{pointer}/elements")
        else:
            for i, el in enumerate(elements):
                _check_element(errors, el, f"{pointer}/elements/{i}", allowed, action_ids)
    elif kind == "input":
        if surface == "message":
            _err(errors, "input blocks are only allowed in modals and Home tabs", pointer)
        check_text(errors, block.get("label"), f"{pointer}/label", max_len=2000, plain_only=True)
        check_text(
            errors,
            block.get("hint"),
            f"{pointer}/hint",
            max_len=2000,
            plain_only=True,
            required=False,
        )
        _check_element(
            errors, block.get("element"), f"{pointer}/element", INPUT_ELEMENTS, action_ids
        )
    if len(errors) > before:
        return
    # The explicit checks passed; now let slack_sdk's models apply their own limits.
    try:
        parsed = Block.parse(block)
        if parsed is None:
            _err(errors, f"unsupported block type: {kind!r}", f"{pointer}/type")
            return
        parsed.to_dict()
    except _MODEL_ERRORS as exc:
        _err(errors, f"invalid block: {exc}", pointer)


def validate_blocks(
    blocks: object, *, surface: BlockSurface, pointer: str = "/blocks"
) -> list[str]:
    """Slack-style error strings for a blocks array (empty list = valid)."""
    errors: list[str] = []
    if not isinstance(blocks, list):
        _err(errors, "must provide an array", pointer)
        return errors
    limit = MAX_BLOCKS[surface]
    if len(blocks) > limit:
        _err(errors, f"must be less than {limit + 1} items", pointer)
    block_ids: set[str] = set()
    for i, block in enumerate(blocks):
        _check_block(errors, block, f"{pointer}/{i}", surface, block_ids)
    return errors


def blocks_text_length(blocks: object) -> int:
    """Characters in every `text` string of a blocks array, however deep."""
    if isinstance(blocks, dict):
        return sum(
            len(v) if k == "text" and isinstance(v, str) else blocks_text_length(v)
            for k, v in blocks.items()
        )
    if isinstance(blocks, list):
        return sum(blocks_text_length(v) for v in blocks)
    return 0


def validate_view(view: object, *, pointer: str = "/view") -> list[str]:
    """Slack-style error strings for a modal or Home tab view payload."""
    errors: list[str] = []
    if not isinstance(view, dict):
        _err(errors, "must provide an object", pointer)
        return errors
    kind = view.get("type")
    if kind not in ("modal", "home"):
        _err(errors, "must be one of modal, home", f"{pointer}/type")
        return errors
    if kind == "modal":
        check_text(errors, view.get("title"), f"{pointer}/title", max_len=24, plain_only=True)
        for key in ("submit", "close"):
            check_text(
                errors,
                view.get(key),
                f"{pointer}/{key}",
                max_len=24,
                plain_only=True,
                required=False,
            )
        has_inputs = any(
            isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks") or []
        )
        if has_inputs and view.get("submit") is None:
            _err(errors, "must provide submit when the view has input blocks", f"{pointer}/submit")
    else:
        for key in ("submit", "close"):
            if view.get(key) is not None:
                _err(errors, f"{key} is not allowed in a home view", f"{pointer}/{key}")
    for key, limit in (("private_metadata", 3000), ("callback_id", 255), ("external_id", 255)):
        value = view.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            _err(errors, f"must be a string of at most {limit} characters", f"{pointer}/{key}")
    blocks = view.get("blocks")
    if blocks is None:
        _err(errors, "missing required field", f"{pointer}/blocks")
    else:
        errors.extend(validate_blocks(blocks, surface=kind, pointer=f"{pointer}/blocks"))
    return errors


def _generated_id() -> str:
    # Slack fills in short random ids when the app leaves block_id/action_id out.
    return secrets.token_urlsafe(4)


def iter_block_elements(block: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Interactive elements directly inside a block (accessory, element, actions elements)."""
    candidates: list[object] = []
    if block.get("type") == "section":
        candidates.append(block.get("accessory"))
    elif block.get("type") == "input":
        candidates.append(block.get("element"))
    elif block.get("type") == "actions":
        candidates.extend(block.get("elements") or [])
    for el in candidates:
        if isinstance(el, dict) and el.get("type") not in NON_INTERACTIVE:
            yield el


def normalize_blocks(blocks: list[Any]) -> list[dict[str, Any]]:
    """Deep copy with the block_ids and action_ids Slack would generate for missing ones."""
    result: list[dict[str, Any]] = copy.deepcopy(blocks)
    for block in result:
        block.setdefault("block_id", _generated_id())
        for element in iter_block_elements(block):
            element.setdefault("action_id", _generated_id())
    return result
