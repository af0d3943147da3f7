"""The one renderer: platform-neutral screens (bot/mentoring/screens.py) to Block Kit.

Every message, modal and Home tab the bot shows goes through here, so Slack's limits are
enforced in this one place (handlers/slack/limits.py holds the numbers): sections split at
3,000 characters, 10 fields a section, 50 blocks a message and 100 a view, ~12,000 characters
of text a message, button labels 75 and values 2,000, 100 options a menu, titles 24.
Features never build Block Kit themselves (tests/handlers/test_render.py checks it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ChannelSelectElement,
    CheckboxesElement,
    ConfirmObject,
    ContextBlock,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    ImageBlock,
    InputBlock,
    InputInteractiveElement,
    MarkdownTextObject,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
    TimePickerElement,
    UserMultiSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.mentoring import messages as say
from bot.mentoring import screens as sc
from bot.mentoring.forms import Field, Kind, RawValues
from bot.mentoring.forms import Option as FormOption
from bot.mentoring.ports import Button, Message
from handlers.slack.limits import (
    BUTTON_TEXT,
    BUTTON_VALUE,
    CONTEXT_TEXT,
    FIELD_TEXT,
    OPTIONS,
    Surface,
    fit,
    shorten,
    split_text,
)

TITLE = 24  # modal title, submit and close labels
HEADER = 150
OPTION_TEXT = 75
OPTION_VALUE = 150
PLACEHOLDER = 150
INPUT_LABEL = 2000
HINT = 2000
ALT_TEXT = 2000
IMAGE_URL = 3000
ACTION_ID = 255
METADATA = 3000  # a view's private_metadata
FIELDS_PER_SECTION = 10
NOTIFICATION = 3000  # the `text` notifications show; Slack cuts far later, people much sooner
CONFIRM_TITLE, CONFIRM_TEXT, CONFIRM_BUTTON = 100, 300, 30
DEFAULT_CLOSE = "Cancel"


# --- surfaces ------------------------------------------------------------------------------


def message_blocks(screen: sc.Screen | Message) -> list[Block]:
    """A screen (or a ports.Message) as one message's blocks, within Slack's limits: what
    doesn't fit is cut with a line saying how much, its closing buttons always kept."""
    if isinstance(screen, Message):
        screen = sc.message_screen(screen)
    return _fit(screen, "message")


def message(screen: sc.Screen | Message) -> dict[str, Any]:
    """`text` and `blocks` (as dicts) for chat.postMessage, chat.update or respond()."""
    if isinstance(screen, Message):
        screen = sc.message_screen(screen)
    return {"text": notification(screen), "blocks": as_dicts(message_blocks(screen))}


def notification(screen: sc.Screen) -> str:
    return shorten(screen.text, NOTIFICATION)


def modal(screen: sc.Screen) -> View:
    """A modal: title, inputs, submit and close labels, and the screen's private state."""
    metadata = json.dumps(screen.state or {})
    if len(metadata) > METADATA:  # a bug, not a person's input: say so rather than cut JSON
        raise ValueError(f"modal state is {len(metadata)} characters (Slack allows {METADATA})")
    return View(
        type="modal",
        callback_id=screen.key,
        title=shorten(screen.title or screen.text, TITLE),
        submit=shorten(screen.submit, TITLE) if screen.submit else None,
        close=shorten(screen.close or DEFAULT_CLOSE, TITLE),
        blocks=_fit(screen, "modal"),
        private_metadata=metadata,
    )


def home(screen: sc.Screen) -> View:
    return View(type="home", callback_id=screen.key, blocks=_fit(screen, "home"))


def as_dicts(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    return [b.to_dict() for b in blocks]


def _fit(screen: sc.Screen, surface: Surface) -> list[Block]:
    rendered = [render_block(b) for b in screen.blocks]
    if not any(rendered) and screen.text and surface == "message":
        rendered = [render_block(sc.Text(screen.text))]
    # The closing buttons, "Show more" and footer are what a person acts on: always kept.
    keep = 0
    for block, out in zip(reversed(screen.blocks), reversed(rendered), strict=False):
        if not isinstance(block, sc.Buttons | sc.More | sc.Context) or keep + len(out) > 3:
            break
        keep += len(out)
    return fit([b for out in rendered for b in out], surface=surface, keep_last=keep)


# --- blocks --------------------------------------------------------------------------------


def render_block(block: sc.Block) -> list[Block]:
    match block:
        case sc.Header(text=text):
            return [HeaderBlock(text=shorten(text, HEADER))] if text else []
        case sc.Text(text=text, accessory=accessory):
            return sections(text, accessory)
        case sc.Fields(pairs=pairs):
            items = [
                MarkdownTextObject(text=shorten(f"*{label}*\n{value}", FIELD_TEXT))
                for label, value in pairs
            ]
            return [
                SectionBlock(fields=items[start : start + FIELDS_PER_SECTION])
                for start in range(0, len(items), FIELDS_PER_SECTION)
            ]
        case sc.Context(text=text):
            return [context(text)] if text else []
        case sc.Divider():
            return [DividerBlock()]
        case sc.Image():
            return [_image(block)]
        case sc.Buttons(buttons=buttons):
            # An actions block holds at most 25 elements.
            return [
                ActionsBlock(elements=[button(b) for b in buttons[start : start + 25]])
                for start in range(0, len(buttons), 25)
            ]
        case sc.More(label=label, action=action, value=value):
            return [ActionsBlock(elements=[button(Button(action, label, value))])]
        case sc.Inputs(fields=fields, initial=initial):
            return [input_block(f, initial.get(f.key)) for f in fields]
    raise ValueError(f"no Block Kit for {block!r}")


def sections(text: str, accessory: Button | None = None) -> list[Block]:
    pieces = split_text(text) or ([" "] if accessory else [])
    out: list[Block] = [SectionBlock(text=MarkdownTextObject(text=p)) for p in pieces]
    if accessory and out:  # the button sits beside the end of its text
        last = MarkdownTextObject(text=pieces[-1])
        out[-1] = SectionBlock(text=last, accessory=button(accessory))
    return out


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=shorten(text, CONTEXT_TEXT))])


def _image(image: sc.Image) -> ImageBlock:
    if (image.url is None) == (image.file_id is None):
        raise ValueError("an image needs exactly one of a url and an uploaded file")
    if image.url is not None and len(image.url) > IMAGE_URL:
        raise ValueError(f"image url over {IMAGE_URL} characters")
    return ImageBlock(
        alt_text=shorten(image.alt, ALT_TEXT),
        image_url=image.url,
        slack_file={"id": image.file_id} if image.file_id else None,
        title=shorten(image.title, HEADER) if image.title else None,
    )


def button(b: Button) -> ButtonElement:
    """`confirm` = (title, question, yes-label): Slack asks the person before sending the click."""
    if len(b.value) > BUTTON_VALUE or len(b.action) > ACTION_ID:
        # Cutting an id would make the click mean something else: a bug to fix, loudly.
        raise ValueError(f"button {b.action!r}: value or action id too long for Slack")
    return ButtonElement(
        text=shorten(b.label, BUTTON_TEXT),
        action_id=b.action,
        value=b.value or None,
        style=b.style,
        confirm=ConfirmObject(
            title=PlainTextObject(text=shorten(b.confirm[0], CONFIRM_TITLE)),
            text=MarkdownTextObject(text=shorten(b.confirm[1], CONFIRM_TEXT)),
            confirm=PlainTextObject(text=shorten(b.confirm[2], CONFIRM_BUTTON)),
            deny=PlainTextObject(text=DEFAULT_CLOSE),
        )
        if b.confirm
        else None,
    )


# --- forms ---------------------------------------------------------------------------------


def _option(option: FormOption) -> Option:
    return Option(
        value=option.value[:OPTION_VALUE],
        label=shorten(option.label, OPTION_TEXT),
        description=shorten(option.description, OPTION_TEXT) if option.description else None,
    )


def _options(field: Field) -> list[Option]:
    return [_option(o) for o in field.options[:OPTIONS]]


def _selected(field: Field, value: Any) -> list[Option]:
    values = value if isinstance(value, list) else [value] if value else []
    allowed = {o.value for o in field.options[:OPTIONS]}
    return [_option(o) for v in values if (o := field.option(v)) is not None and v in allowed]


def _placeholder(field: Field, default: str) -> str:
    return shorten(field.placeholder or default, PLACEHOLDER)


def _element(field: Field, value: Any) -> InputInteractiveElement:
    key = field.key
    match field.kind:
        case Kind.TEXT | Kind.LONG_TEXT:
            return PlainTextInputElement(
                action_id=key,
                multiline=field.kind is Kind.LONG_TEXT,
                max_length=field.max_length,
                placeholder=shorten(field.placeholder, PLACEHOLDER) if field.placeholder else None,
                initial_value=value or None,
            )
        case Kind.INTEGER:
            return NumberInputElement(
                action_id=key,
                is_decimal_allowed=False,
                min_value=field.min_value,
                max_value=field.max_value,
                initial_value=value or None,
            )
        case Kind.SELECT:
            chosen = _selected(field, value)
            return StaticSelectElement(
                action_id=key,
                options=_options(field),
                initial_option=chosen[0] if chosen else None,
                placeholder=_placeholder(field, say.CHOOSE_ONE),
            )
        case Kind.RADIO:
            chosen = _selected(field, value)
            return RadioButtonsElement(
                action_id=key,
                options=_options(field)[:10],  # Slack shows at most 10 radio buttons
                initial_option=chosen[0] if chosen else None,
            )
        case Kind.MULTI_SELECT:
            return StaticMultiSelectElement(
                action_id=key,
                options=_options(field),
                initial_options=_selected(field, value) or None,
                max_selected_items=field.max_selected,
                placeholder=_placeholder(field, say.CHOOSE),
            )
        case Kind.CHECKBOXES:
            return CheckboxesElement(
                action_id=key,
                options=_options(field)[:10],  # Slack allows at most 10 checkboxes
                initial_options=_selected(field, value) or None,
            )
        case Kind.USERS if field.max_selected == 1:
            chosen = value[0] if isinstance(value, list) and value else value or None
            return UserSelectElement(
                action_id=key,
                initial_user=chosen if isinstance(chosen, str) else None,
                placeholder=_placeholder(field, say.CHOOSE_PERSON),
            )
        case Kind.USERS:
            users = value if isinstance(value, list) else [value] if value else []
            return UserMultiSelectElement(
                action_id=key,
                initial_users=list(users) or None,
                max_selected_items=field.max_selected,
                placeholder=_placeholder(field, say.CHOOSE_PEOPLE),
            )
        case Kind.CHANNEL:
            return ChannelSelectElement(
                action_id=key,
                initial_channel=value or None,
                placeholder=_placeholder(field, say.CHOOSE_CHANNEL),
            )
        case Kind.DATE:
            return DatePickerElement(
                action_id=key,
                initial_date=value if isinstance(value, str) and value else None,
                placeholder=_placeholder(field, say.PICK_DATE),
            )
        case Kind.TIME:
            return TimePickerElement(
                action_id=key,
                initial_time=value if isinstance(value, str) and value else None,
                placeholder=_placeholder(field, say.PICK_TIME),
            )
    raise ValueError(f"no Block Kit element for {field.kind}")


def _label(field: Field) -> str:
    """Slack itself adds "(optional)" after an optional field's label: never say it twice."""
    label = field.label
    if not field.required:
        label = re.sub(r"\s*\(optional\)\s*$", "", label, flags=re.IGNORECASE) or label
    return shorten(label, INPUT_LABEL)


def input_block(field: Field, value: Any) -> InputBlock:
    return InputBlock(
        block_id=field.key,
        label=_label(field),
        element=_element(field, value),
        hint=shorten(field.hint, HINT) if field.hint else None,
        optional=not field.required,
    )


def read_values(view: dict[str, Any]) -> RawValues:
    """The answers in a submitted view's state, keyed by block id (= field key)."""
    values: RawValues = {}
    for block_id, actions in view.get("state", {}).get("values", {}).items():
        for state in actions.values():
            values[block_id] = _state_value(state)
    return values


def _state_value(state: dict[str, Any]) -> str | list[str] | None:
    match state.get("type"):
        case "static_select" | "radio_buttons" | "external_select":
            option = state.get("selected_option")
            return option["value"] if option else None
        case "multi_static_select" | "checkboxes" | "multi_external_select":
            return [o["value"] for o in state.get("selected_options") or []]
        case "multi_users_select":
            return list(state.get("selected_users") or [])
        case "users_select":
            return state.get("selected_user")
        case "channels_select":
            return state.get("selected_channel")
        case "conversations_select":
            return state.get("selected_conversation")
        case "datepicker":
            return state.get("selected_date")
        case "timepicker":
            return state.get("selected_time")
        case _:
            value = state.get("value")
            return str(value) if value is not None else None
