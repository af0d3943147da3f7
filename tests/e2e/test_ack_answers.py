"""Quick answers come back in the ack itself, through the real HTTP endpoint: the command's
HTTP answer is the private message (no response_url call), and it reads the database once."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, select

from bot.mentoring import messages as text
from handlers.slack.profile import help_blocks
from sandbox.twin.models import TwinResponse
from storage.models import HoursEntry
from tests.e2e.conftest import ANA, COORD, MENTOR_ANSWER, Stack, apply


async def ack_of(stack: Stack, user: str, command: str) -> dict[str, Any]:
    """The command's HTTP answer, checked to be the whole answer: nothing via response_url."""
    before = len(stack.twin.calls("response_url"))
    response: TwinResponse = await stack.twin.send_command(user, command)
    assert response.status == 200
    assert isinstance(response.body, dict), f"the ack carried no message: {response.body!r}"
    assert response.body.get("response_type") == "ephemeral"
    await asyncio.sleep(0)  # a listener running after the ack would have started by now
    assert len(stack.twin.calls("response_url")) == before
    return response.body


async def test_help_is_the_ack(stack: Stack) -> None:
    member = await ack_of(stack, ANA, "help")
    assert member["text"] == text.HELP_INTRO
    assert member["blocks"] == [b.to_dict() for b in help_blocks(coordinator=False)]
    rendered = stack.twin.render(stack.twin.ephemerals(ANA)[-1])
    assert "/mentor join" in rendered and "/mentor admin" not in rendered
    coordinator = await ack_of(stack, COORD, "help")
    assert coordinator["blocks"] == [b.to_dict() for b in help_blocks(coordinator=True)]
    assert "/mentor admin applicants" in stack.twin.render(stack.twin.ephemerals(COORD)[-1])


async def test_usage_errors_are_the_ack(stack: Stack) -> None:
    body = await ack_of(stack, ANA, "jion")
    intro = "I don't know `/mentor jion`. Did you mean `/mentor join`?"
    assert body["text"] == intro
    assert body["blocks"] == [b.to_dict() for b in help_blocks(coordinator=False, intro=intro)]
    extra = await ack_of(stack, ANA, "profile please")
    assert "please" in extra["text"] and "/mentor profile" in extra["text"]
    admin = await ack_of(stack, COORD, "admin")
    assert admin["text"] == text.ADMIN_USAGE
    assert "/mentor admin applicants" in stack.twin.render(stack.twin.ephemerals(COORD)[-1])


async def test_profile_is_the_ack(stack: Stack) -> None:
    assert (await ack_of(stack, ANA, "profile")) == {
        "text": text.NOT_APPLIED,
        "response_type": "ephemeral",
    }
    await apply(stack, ANA, MENTOR_ANSWER)
    body = await ack_of(stack, ANA, "me")  # an alias of profile
    assert body["text"] == "Your application"
    shown = stack.twin.render(stack.twin.ephemerals(ANA)[-1])
    assert "City of Boulder" in shown and "Budgeting and finance" in shown
    assert "/mentor join" in shown  # how to change the answers


async def test_other_commands_still_answer_after_the_ack(stack: Stack) -> None:
    """Work that writes, or calls Slack, stays after the ack: it acks empty at once."""
    await apply(stack, ANA, MENTOR_ANSWER)
    before = len(stack.twin.calls("response_url"))
    response = await stack.twin.send_command(ANA, "pause until 2027-01-10")
    assert response.status == 200 and not response.body
    await stack.twin.wait_for(lambda: len(stack.twin.calls("response_url")) > before)
    assert "until 2027-01-10" in stack.twin.render(stack.twin.ephemerals(ANA)[-1])


class _Recorder:
    """Listens on one engine for the test's whole life: listeners are never removed while the
    dispatcher may be running statements (SQLAlchemy's listener list is not safe to change
    then: 'deque mutated during iteration')."""

    def __init__(self) -> None:
        self.seen: list[str] | None = None  # None: not recording


_RECORDERS: weakref.WeakKeyDictionary[Any, _Recorder] = weakref.WeakKeyDictionary()


def _recorder(engine: Any) -> _Recorder:
    if engine in _RECORDERS:
        return _RECORDERS[engine]
    recorder = _Recorder()

    def ours() -> bool:
        task = asyncio.current_task()
        name = task.get_coro().__qualname__ if task is not None else ""  # type: ignore[union-attr]
        return name.startswith("RequestHandler.")  # aiohttp's task for the request

    def on_execute(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if recorder.seen is not None and ours():
            recorder.seen.append(statement)

    def on_begin(conn: Any) -> None:
        read_only = conn.get_execution_options().get("mentorbot_read_only")
        if recorder.seen is not None and ours() and not read_only:
            recorder.seen.append("BEGIN")  # a unit of work that opens (and commits) a transaction

    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(engine, "begin", on_begin)
    _RECORDERS[engine] = recorder
    return recorder


@contextmanager
def statements(stack: Stack) -> Iterator[list[str]]:
    """SQL statements (and transaction starts) run while answering an HTTP request, before its
    answer: in aiohttp's request handler, not in listeners Bolt runs after the ack, the
    dispatcher or the scheduler."""
    recorder = _recorder(stack.bot.db.engine.sync_engine)
    recorder.seen = seen = []
    try:
        yield seen
    finally:
        recorder.seen = None


async def test_a_quick_answer_reads_the_database_once(stack: Stack) -> None:
    await ack_of(stack, ANA, "help")  # the program exists from here on
    await apply(stack, ANA, MENTOR_ANSWER)
    for command in ("help", "profile", "jion"):
        with statements(stack) as seen:
            await ack_of(stack, ANA, command)
        assert len(seen) == 1, (command, seen)
        assert seen[0].lstrip().upper().startswith("SELECT"), (command, seen)


async def test_a_command_mentioning_payload_reaches_its_listener(stack: Stack) -> None:
    """Bolt took any form containing the word "payload" for an interaction and answered 404."""
    await apply(stack, ANA, MENTOR_ANSWER)
    twin = stack.twin
    before = len(twin.ephemerals(ANA))
    response = await twin.send_command(ANA, "log 1h payload review")
    assert response.status == 200
    await twin.wait_for(lambda: len(twin.ephemerals(ANA)) > before)
    assert twin.render(twin.ephemerals(ANA)[-1]).startswith("Logged 1 hour")
    async with stack.bot.db.transaction(all_tenants=True) as session:
        notes = list(await session.scalars(select(HoursEntry.note)))
    assert notes == ["payload review"]
    # And a quick answer with the word in it is the ack, as any other.
    body = await ack_of(stack, ANA, "payload")
    assert body["text"].startswith("I don't know `/mentor payload`.")


async def test_an_unreachable_database_is_said_in_the_ack(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from bot.mentoring.dispatch import Commands

    async def down(*_: object) -> None:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("database is down"))

    monkeypatch.setattr(Commands, "quick", down)
    answer = await ack_of(stack, ANA, "help")
    assert answer["text"] == text.RECORDS_UNREACHABLE
