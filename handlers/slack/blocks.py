"""Render platform-neutral forms and text to Block Kit (slack_sdk.models), and read answers back."""

from __future__ import annotations

import json
import re
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ChannelSelectElement,
    CheckboxesElement,
    ConfirmObject,
    ContextBlock,
    HeaderBlock,
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
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from bot.mentoring.forms import Field, Form, Kind, RawValues
from bot.mentoring.forms import Option as FormOption
from bot.mentoring.ports import Message as NeutralMessage
from handlers.slack.limits import BUTTON_TEXT, FIELD_TEXT, fit, shorten, split_text


def _option(option: FormOption) -> Option:
    return Option(value=option.value, label=option.label, description=option.description)


def _selected(field: Field, value: Any) -> list[Option]:
    values = value if isinstance(value, list) else [value] if value else []
    return [_option(o) for v in values if (o := field.option(v)) is not None]


def _element(field: Field, value: Any) -> InputInteractiveElement:
    key = field.key
    match field.kind:
        case Kind.TEXT | Kind.LONG_TEXT:
            return PlainTextInputElement(
                action_id=key,
                multiline=field.kind is Kind.LONG_TEXT,
                max_length=field.max_length,
                placeholder=field.placeholder,
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
                options=[_option(o) for o in field.options],
                initial_option=chosen[0] if chosen else None,
                placeholder=field.placeholder or "Choose one",
            )
        case Kind.RADIO:
            chosen = _selected(field, value)
            return RadioButtonsElement(
                action_id=key,
                options=[_option(o) for o in field.options],
                initial_option=chosen[0] if chosen else None,
            )
        case Kind.MULTI_SELECT:
            return StaticMultiSelectElement(
                action_id=key,
                options=[_option(o) for o in field.options],
                initial_options=_selected(field, value) or None,
                max_selected_items=field.max_selected,
                placeholder=field.placeholder or "Choose",
            )
        case Kind.CHECKBOXES:
            return CheckboxesElement(
                action_id=key,
                options=[_option(o) for o in field.options],
                initial_options=_selected(field, value) or None,
            )
        case Kind.USERS:
            return UserMultiSelectElement(
                action_id=key,
                initial_users=list(value or []) or None,
                max_selected_items=field.max_selected,
                placeholder=field.placeholder or "Choose people",
            )
        case Kind.CHANNEL:
            return ChannelSelectElement(
                action_id=key,
                initial_channel=value or None,
                placeholder=field.placeholder or "Choose a channel",
            )
    raise ValueError(f"no Block Kit element for {field.kind}")


def _label(field: Field) -> str:
    """Slack itself adds "(optional)" after an optional field's label: never say it twice."""
    if field.required:
        return field.label
    return re.sub(r"\s*\(optional\)\s*$", "", field.label, flags=re.IGNORECASE) or field.label


def form_view(form: Form, *, metadata: dict[str, Any] | None = None) -> View:
    blocks: list[Block] = []
    if form.intro:
        blocks += text_blocks(form.intro)
    for field in form.fields:
        blocks.append(
            InputBlock(
                block_id=field.key,
                label=_label(field),
                element=_element(field, form.initial.get(field.key)),
                hint=field.hint,
                optional=not field.required,
            )
        )
    return View(
        type="modal",
        callback_id=form.key,
        title=form.title,
        submit=form.submit,
        close="Cancel",
        blocks=blocks,
        private_metadata=json.dumps(metadata or {}),
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
        case _:
            value = state.get("value")
            return str(value) if value is not None else None


def text_blocks(*paragraphs: str) -> list[Block]:
    """One section per paragraph; a paragraph over Slack's 3,000 characters a section becomes
    several, cut at line ends."""
    return [
        SectionBlock(text=MarkdownTextObject(text=piece))
        for p in paragraphs
        if p
        for piece in split_text(p)
    ]


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


def button(
    label: str,
    action_id: str,
    *,
    value: str | None = None,
    style: str | None = None,
    confirm: tuple[str, str, str] | None = None,
) -> ButtonElement:
    """`confirm` = (title, text, yes-label): Slack asks the person before sending the click."""
    return ButtonElement(
        text=shorten(label, BUTTON_TEXT),
        action_id=action_id,
        value=value,
        style=style,
        confirm=ConfirmObject(
            title=PlainTextObject(text=confirm[0]),
            text=MarkdownTextObject(text=confirm[1]),
            confirm=PlainTextObject(text=confirm[2]),
            deny=PlainTextObject(text="Cancel"),
        )
        if confirm
        else None,
    )


def actions(*buttons: ButtonElement, block_id: str | None = None) -> ActionsBlock:
    return ActionsBlock(elements=list(buttons), block_id=block_id)


def as_dicts(blocks: list[Block]) -> list[dict[str, Any]]:
    return [b.to_dict() for b in blocks]


def message_blocks(message: NeutralMessage) -> list[Block]:
    """Block Kit for a platform-neutral message (see bot.mentoring.ports.Message), within
    Slack's limits for one message (its last block, buttons or footer, always kept)."""
    return fit(_message_blocks(message), keep_last=1)


def _message_blocks(message: NeutralMessage) -> list[Block]:
    blocks: list[Block] = []
    if message.header:
        blocks.append(HeaderBlock(text=message.header[:150]))
    blocks += text_blocks(*message.paragraphs)
    fields = [
        MarkdownTextObject(text=shorten(f"*{label}*\n{value}", FIELD_TEXT))
        for label, value in message.fields
    ]
    for start in range(0, len(fields), 10):  # a section holds at most 10 fields
        blocks.append(SectionBlock(fields=fields[start : start + 10]))
    if message.buttons:
        blocks.append(
            actions(
                *(
                    button(b.label, b.action, value=b.value, style=b.style, confirm=b.confirm)
                    for b in message.buttons
                )
            )
        )
    if message.footer:
        blocks.append(context(message.footer))
    for part in message.parts:
        blocks += _message_blocks(part)
    if not blocks:
        blocks = text_blocks(message.text)
    return blocks
