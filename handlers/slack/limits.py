"""Slack's Block Kit limits, enforced in one place for every list and message we render.

Slack rejects a message outright (`invalid_blocks`, `msg_blocks_too_long`) when one limit is
passed, so a list that grows with the program (pairs, nominations, hours...) must be cut here
rather than fail for the coordinator at its largest. Lists page or summarise themselves first;
this is the guard that holds whatever gets through, and it always says what was left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
    TextObject,
)

Surface = Literal["message", "modal", "home"]

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100  # modals and the Home tab
SECTION_TEXT = 3000
FIELD_TEXT = 2000
CONTEXT_TEXT = 3000
# Slack answers msg_blocks_too_long at about 13,200 characters of block text in one message;
# 12,000 leaves room for markup Slack counts that we don't see.
MESSAGE_TEXT = 12_000
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
OPTIONS = 100
NOTICE_ROOM = 400  # characters kept free for the "N more" line

MORE = "…{count} more not shown here."

T = TypeVar("T")


def block_limit(surface: Surface) -> int:
    return MESSAGE_BLOCKS if surface == "message" else VIEW_BLOCKS


def text_limit(surface: Surface) -> int | None:
    """Total text budget: Slack only enforces one on messages."""
    return MESSAGE_TEXT if surface == "message" else None


def split_text(text: str, limit: int = SECTION_TEXT) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at line ends where it can be,
    else at a space, else anywhere (a single word longer than the limit)."""
    if len(text) <= limit:
        return [text] if text else []
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # one line alone is too long: cut it at a space
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:cut])
            line = line[cut:].lstrip(" ")
        if not current:
            current = line
        elif len(current) + 1 + len(line) <= limit:
            current += "\n" + line
        else:
            pieces.append(current)
            current = line
    if current:
        pieces.append(current)
    return pieces


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    cut = cut if cut > limit // 2 else limit - 1
    return text[:cut].rstrip() + "…"


def text_length(value: Any) -> int:
    """Characters of text a block (or its dict) carries, the way Slack counts toward a message."""
    data = value.to_dict() if isinstance(value, Block | TextObject) else value
    if isinstance(data, dict):
        return sum(
            len(v) if k == "text" and isinstance(v, str) else text_length(v)
            for k, v in data.items()
        )
    if isinstance(data, list):
        return sum(text_length(v) for v in data)
    return 0


def _split_section(block: Block) -> list[Block]:
    """A section whose text is over 3,000 characters, as several sections (the accessory,
    if any, stays with the last piece, next to the end of its text)."""
    if not isinstance(block, SectionBlock) or block.text is None:
        return [block]
    text = block.text.text if isinstance(block.text, TextObject) else str(block.text)
    if len(text) <= SECTION_TEXT:
        return [block]
    pieces = split_text(text)
    out: list[Block] = [SectionBlock(text=MarkdownTextObject(text=p)) for p in pieces[:-1]]
    out.append(
        SectionBlock(
            text=MarkdownTextObject(text=pieces[-1]), accessory=block.accessory, fields=block.fields
        )
    )
    return out


def _shrink_context(block: Block) -> Block:
    if isinstance(block, ContextBlock):
        for element in block.elements:
            if isinstance(element, TextObject) and len(element.text) > CONTEXT_TEXT:
                element.text = shorten(element.text, CONTEXT_TEXT)
    return block


def fit(
    blocks: Sequence[Block],
    *,
    surface: Surface = "message",
    keep_last: int = 0,
    more: str | None = None,
) -> list[Block]:
    """`blocks` within Slack's limits for `surface`: long sections split, then as many blocks
    as fit in the block and text budgets; the last `keep_last` blocks (the list's buttons) are
    always kept. When something was cut, a context line says how much (`more` may say where
    to find the rest, with `{count}` for the number of blocks left out)."""
    expanded = [b for block in blocks for b in _split_section(_shrink_context(block))]
    head = expanded[: len(expanded) - keep_last] if keep_last else expanded
    tail = expanded[len(head) :]
    max_blocks, max_text = block_limit(surface), text_limit(surface)
    used_text = sum(text_length(b) for b in tail)
    if len(expanded) <= max_blocks and (
        max_text is None or used_text + sum(text_length(b) for b in head) <= max_text
    ):
        return expanded
    room_blocks = max_blocks - len(tail) - 1  # one for the notice
    room_text = None if max_text is None else max_text - used_text - NOTICE_ROOM
    kept: list[Block] = []
    for block in head:
        size = text_length(block)
        if len(kept) >= room_blocks or (room_text is not None and size > room_text):
            break
        kept.append(block)
        if room_text is not None:
            room_text -= size
    left_out = len(head) - len(kept)
    notice = ContextBlock(elements=[MarkdownTextObject(text=(more or MORE).format(count=left_out))])
    return [*kept, notice, *tail]


@dataclass(frozen=True)
class Page:
    """A slice of a list that fits one message: items [start, end) of `total`."""

    start: int
    end: int
    total: int

    @property
    def rest(self) -> int:
        return self.total - self.end

    @property
    def has_more(self) -> bool:
        return self.end < self.total


def page_of(
    items: Sequence[T],
    render: Callable[[T], Iterable[Block]],
    *,
    start: int = 0,
    blocks: int,
    text: int | None,
    at_most: int | None = None,
) -> tuple[Page, list[Block]]:
    """As many items from `start` as fit in `blocks` blocks and `text` characters (and at
    most `at_most`), rendered; at least one item, so a page always moves forward."""
    start = min(max(start, 0), max(len(items) - 1, 0))
    out: list[Block] = []
    used_text = 0
    end = start
    for item in items[start:]:
        if at_most is not None and end - start >= at_most:
            break
        rendered = [b for block in render(item) for b in _split_section(block)]
        size = sum(text_length(b) for b in rendered)
        over_blocks = len(out) + len(rendered) > blocks
        over_text = text is not None and used_text + size > text
        if (over_blocks or over_text) and end > start:
            break
        out += rendered
        used_text += size
        end += 1
    return Page(start, end, len(items)), out
