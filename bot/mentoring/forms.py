"""Platform-neutral forms: fields, options and limits, described once and rendered per platform.

Adapters render a `Form` (Block Kit for Slack, Adaptive Cards for Teams) and hand back the raw
values keyed by field key; `check_values` applies the limits every field declares, so what a
person typed is validated once, here, whatever the platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.mentoring.bounds import is_long_number, shorten, whole_number

RawValue = str | list[str] | None
RawValues = dict[str, RawValue]


class Kind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    INTEGER = "integer"
    SELECT = "select"  # one of many, as a dropdown
    RADIO = "radio"  # one of a few, all visible
    MULTI_SELECT = "multi_select"
    CHECKBOXES = "checkboxes"
    USERS = "users"  # people in the workspace (max_selected=1: one person, a single picker)
    CHANNEL = "channel"
    DATE = "date"  # a calendar day, as ISO "2027-01-04" (adapters show a date picker)
    # A time of day, "09:00" (adapters show a time picker); the feature parses and checks it.
    TIME = "time"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    description: str | None = None


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: Kind
    required: bool = True
    hint: str | None = None
    placeholder: str | None = None
    options: tuple[Option, ...] = ()
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    max_selected: int | None = None
    required_message: str | None = None

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class Form:
    key: str
    title: str
    submit: str
    fields: tuple[Field, ...]
    intro: str | None = None
    initial: RawValues = field(default_factory=dict)

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


MULTI_KINDS = {Kind.MULTI_SELECT, Kind.CHECKBOXES, Kind.USERS}


def _blank(value: RawValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def check_values(form: Form, values: RawValues) -> dict[str, str]:
    """Errors keyed by field key, for the limits the form itself declares."""
    errors: dict[str, str] = {}
    for f in form.fields:
        value = values.get(f.key)
        if _blank(value):
            if f.required:
                errors[f.key] = f.required_message or (
                    "Please choose at least one." if f.kind in MULTI_KINDS else "This is required."
                )
            continue
        if f.kind in MULTI_KINDS:
            items = value if isinstance(value, list) else [str(value)]
            if f.options and (unknown := [v for v in items if f.option(v) is None]):
                errors[f.key] = f"{unknown[0]!r} isn't one of the choices."
            elif f.max_selected is not None and len(items) > f.max_selected:
                errors[f.key] = f"Please choose at most {f.max_selected} (you chose {len(items)})."
            continue
        text = str(value).strip()
        if f.kind in (Kind.SELECT, Kind.RADIO) and f.options and f.option(text) is None:
            errors[f.key] = f"{text!r} isn't one of the choices."
        elif f.kind is Kind.DATE and not _is_date(text):
            errors[f.key] = f"Please pick a date (got {shorten(text)!r})."
        elif f.kind is Kind.INTEGER:
            # Bounded first: int() raises on 4,300+ digits and "²" passes str.isdigit().
            number = whole_number(text)
            if number is None and is_long_number(text):
                most = f" Please enter {f.max_value} or less." if f.max_value is not None else ""
                errors[f.key] = "That number is too long." + most
            elif number is None:
                errors[f.key] = f"Please enter a whole number (you typed {shorten(text)!r})."
            elif f.min_value is not None and number < f.min_value:
                errors[f.key] = f"Please enter {f.min_value} or more."
            elif f.max_value is not None and number > f.max_value:
                errors[f.key] = f"Please enter {f.max_value} or less."
        elif f.max_length is not None and len(text) > f.max_length:
            errors[f.key] = f"Please keep this to {f.max_length} characters (it has {len(text)})."
    return errors


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10  # fromisoformat also reads "20270104"; pickers send "2027-01-04"


def text_of(values: RawValues, key: str) -> str | None:
    value = values.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def list_of(values: RawValues, key: str) -> list[str]:
    value = values.get(key)
    if isinstance(value, list):
        return [v for v in value if v]
    return [value] if isinstance(value, str) and value else []
