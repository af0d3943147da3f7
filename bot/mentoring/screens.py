"""Platform-neutral screens: every message, modal, list and Home tab, described once.

A feature builds a `Screen` from its use case's view objects (bot/mentoring/<feature>/screens.py);
each adapter renders it (Slack: handlers/slack/render.py, Block Kit) and enforces its platform's
limits there, so no feature knows a block limit, an element name or a character budget.

Text in blocks is written in the one markup documented in bot/mentoring/text.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.mentoring.forms import Field, Form, RawValues
from bot.mentoring.ports import Button, Message


@dataclass(frozen=True)
class Header:
    """A title line (plain text, no markup)."""

    text: str


@dataclass(frozen=True)
class Text:
    """A paragraph in markup; an optional button sits beside it (one goal and its "Update")."""

    text: str
    accessory: Button | None = None


@dataclass(frozen=True)
class Fields:
    """Label/value pairs shown as a small table (an application's answers)."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Context:
    """A small grey line: a footer, a hint, "3 more not shown"."""

    text: str


@dataclass(frozen=True)
class Divider:
    pass


@dataclass(frozen=True)
class Image:
    """A picture by `url` or by an uploaded file's id. `alt` must carry the information the
    picture shows (screen readers, and platforms that can't show it, read only that)."""

    alt: str
    url: str | None = None
    file_id: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Buttons:
    """A row of buttons (each with its style and optional confirmation)."""

    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Inputs:
    """A form's fields, inside a modal: what the person fills in, with the values prefilled."""

    fields: tuple[Field, ...]
    initial: RawValues = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class More:
    """Paging: "Show more" as a click carrying `action` and `value` (say, the next offset)."""

    label: str
    action: str
    value: str = ""


Block = Header | Text | Fields | Context | Divider | Image | Buttons | Inputs | More


@dataclass(frozen=True)
class Screen:
    """What a person sees. `text` is the whole screen in one line (notifications and screen
    readers use it). A modal has a `title`, `key` (the id its submission comes back with),
    `submit`/`close` labels and private `state` returned on submit; a message may carry
    platform `metadata` (the outbox stamps its delivery key there)."""

    text: str
    blocks: tuple[Block, ...] = ()
    title: str | None = None
    key: str | None = None
    submit: str | None = None
    close: str | None = None
    state: dict[str, Any] | None = field(default=None, hash=False)
    metadata: dict[str, Any] | None = field(default=None, hash=False)


def paragraphs(*texts: str) -> tuple[Text, ...]:
    """One Text block per non-empty paragraph."""
    return tuple(Text(t) for t in texts if t)


def form_screen(
    form: Form,
    *,
    state: dict[str, Any] | None = None,
    close: str = "Cancel",
) -> Screen:
    """A neutral form as a modal screen: its intro, then its inputs."""
    blocks: tuple[Block, ...] = (
        *paragraphs(form.intro or ""),
        Inputs(form.fields, dict(form.initial)),
    )
    return Screen(
        text=form.title,
        blocks=blocks,
        title=form.title,
        key=form.key,
        submit=form.submit,
        close=close,
        state=state,
    )


def done_screen(title: str, message: str, *, close: str = "Done") -> Screen:
    """What a modal turns into once saved: the answer, and a Done button."""
    return Screen(text=message, blocks=paragraphs(message), title=title, close=close)


def message_screen(message: Message) -> Screen:
    """A `ports.Message` as a screen, losslessly: its own blocks when it was built from a
    screen, else its header, paragraphs, fields, buttons and footer (then each part's)."""
    return Screen(text=message.text, blocks=_message_blocks(message), metadata=message.metadata)


def _message_blocks(message: Message) -> tuple[Block, ...]:
    blocks: list[Block] = []
    if message.header:
        blocks.append(Header(message.header))
    blocks += paragraphs(*message.paragraphs)
    if message.fields:
        blocks.append(Fields(message.fields))
    if message.buttons:
        blocks.append(Buttons(message.buttons))
    if message.footer:
        blocks.append(Context(message.footer))
    blocks += message.blocks
    for part in message.parts:
        blocks += _message_blocks(part)
    return tuple(blocks)


def as_message(screen: Screen) -> Message:
    """A screen to send as a message (through the outbox): its blocks travel as they are."""
    return Message(text=screen.text, blocks=screen.blocks, metadata=screen.metadata)
