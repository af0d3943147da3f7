"""Hostile input, fuzzed: every request of the demo's whole story, replayed signed with its
values swapped for hostile ones, must get an answer, never a crash.

The corpus is real: the slash commands, button clicks and form submissions the demo's members
send (join, match, accept, check-ins, hours, goals, thank-yous...), captured as the twin sends
them. Each is then replayed, properly signed, with one part replaced: a button value, a
selected option, `private_metadata`, a typed field, the command's text, the sender, the
workspace. Whatever the bot does with them, it must answer Slack (never a 5xx), never reach
the last-resort error handler (which means a listener raised), and never tell anyone
"something went wrong".

`python -m tests.e2e.test_fuzzed_requests 5000` runs a longer campaign by hand.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bot.app import MentorBot
from bot.config import Settings
from bot.mentoring import messages as text
from sandbox.demo import Demo, ShiftedClock
from sandbox.local import PEOPLE, start_local_twin
from sandbox.slack_twin import SlackTwin

FORM = "application/x-www-form-urlencoded"

HOSTILE: tuple[str, ...] = (
    "",
    " ",
    "0",
    "-1",
    "9" * 5000,
    "2147483648",
    "99999999999999999999",
    "²",
    "1e309",
    "NaN",
    "null",
    "true",
    "{}",
    "[]",
    '{"a":' * 3000,
    "[" * 5000,
    "9999-12-31",
    "0001-01-01",
    "2027-02-30",
    "\x00",
    "\u202e",
    "<@U0NOBODY>",
    "<!channel>",
    "💥" * 1000,
    "a" * 20000,
    "%s%s{0}",
    "'; DROP TABLE members;--",
    "99:99",
    "-5h",
    "1.5h with <@U0NOBODY> " + "x" * 4000,
)
COMMAND_WORDS: tuple[str, ...] = (
    "help", "join", "profile", "pause", "pause until", "resume", "leave", "pair", "goals",
    "log", "hours", "hours export", "nominate", "thanks", "my-data", "admin", "admin match",
    "admin pairs", "admin rematch", "admin applicants", "admin settings", "admin campaigns",
    "admin awards", "admin credit", "admin hours export",
)  # fmt: skip


@dataclass
class Campaign:
    sent: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    crashes: list[str] = field(default_factory=list)  # what reached the last-resort handler

    def record(self, status: int) -> None:
        self.sent += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1


class ListenerCrashes(logging.Handler):
    """Counts what reached the last-resort error handler: a listener that raised."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _set_path(target: dict[str, Any], path: tuple[Any, ...], value: object) -> None:
    node: Any = target
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value


def _value_paths(payload: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Where a person's (or the bot's own round-tripped) values sit in an interaction."""
    paths: list[tuple[Any, ...]] = []
    for i, action in enumerate(payload.get("actions") or []):
        for key in ("value", "selected_date"):
            if key in action:
                paths.append(("actions", i, key))
        if "selected_option" in action:
            paths.append(("actions", i, "selected_option", "value"))
    view = payload.get("view")
    if isinstance(view, dict):
        paths.append(("view", "private_metadata"))
        state = (view.get("state") or {}).get("values") or {}
        for block_id, elements in state.items():
            for action_id, element in elements.items():
                base = ("view", "state", "values", block_id, action_id)
                if "value" in element:
                    paths.append((*base, "value"))
                if "selected_date" in element:
                    paths.append((*base, "selected_date"))
                if element.get("selected_option"):
                    paths.append((*base, "selected_option", "value"))
    container = payload.get("container")
    if isinstance(container, dict) and "message_ts" in container:
        paths.append(("container", "message_ts"))
    return paths


def mutants(
    commands: list[dict[str, str]], interactions: list[dict[str, Any]], rng: random.Random
) -> Iterator[tuple[str, bytes]]:
    """Forever: (what was changed, the form body) of a hostile variant of a real request."""
    while True:
        if rng.random() < 0.3:
            fields = dict(rng.choice(commands))
            words, arg = rng.choice(COMMAND_WORDS), rng.choice(HOSTILE)
            fields["text"] = f"{words} {arg}".strip()
            roll = rng.random()
            if roll < 0.1:
                fields["user_id"] = rng.choice(["", "9" * 5000, *PEOPLE])
            elif roll < 0.15:
                fields["team_id"] = "T0FOREIGN"
            yield f"/mentor {words} <{arg[:20]!r}>", urlencode(fields).encode()
            continue
        original = rng.choice(interactions)
        payload = copy.deepcopy(original)
        roll = rng.random()
        if roll < 0.1:
            # Signed requests name real people; these are the shapes a parser must survive.
            payload["user"] = {"id": rng.choice(["", "9" * 5000, *PEOPLE])}
            what = "sender"
        elif roll < 0.15:
            payload["team"] = {"id": "T0FOREIGN"}
            what = "workspace"
        else:
            paths = _value_paths(payload)
            if not paths:
                continue
            path = rng.choice(paths)
            value = rng.choice(HOSTILE)
            _set_path(payload, path, value)
            what = "/".join(map(str, path)) + f" = {value[:20]!r}"
        kind = f"{payload.get('type')}:{_action_or_view(original)}"
        yield f"{kind} {what}", urlencode({"payload": json.dumps(payload)}).encode()


def _action_or_view(payload: dict[str, Any]) -> str:
    actions = payload.get("actions") or []
    if actions:
        return str(actions[0].get("action_id"))
    return str((payload.get("view") or {}).get("callback_id"))


async def capture_story(
    twin: SlackTwin, bot: MentorBot, clock: ShiftedClock
) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """Run the demo's story and keep every command and interaction the twin sent the bot."""
    commands: list[dict[str, str]] = []
    interactions: list[dict[str, Any]] = []
    courier: Any = twin._courier
    send_command, send_interaction = courier.command, courier.interaction

    async def command(fields: dict[str, str]) -> Any:
        commands.append(dict(fields))
        return await send_command(fields)

    async def interaction(payload: dict[str, Any]) -> Any:
        interactions.append(copy.deepcopy(payload))
        return await send_interaction(payload)

    courier.command, courier.interaction = command, interaction
    try:
        await Demo(twin, bot, clock).script()
    finally:
        courier.command, courier.interaction = send_command, send_interaction
    return commands, interactions


async def run_campaign(count: int, seed: int = 2027) -> tuple[Campaign, list[dict[str, Any]]]:
    crashes = ListenerCrashes()
    logging.getLogger("handlers.slack").addHandler(crashes)
    with tempfile.TemporaryDirectory(prefix="mentorbot-fuzz-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'fuzz.db'}"
        twin, settings = await start_local_twin(
            Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
        )
        clock = ShiftedClock()
        bot = MentorBot(settings, clock=clock)
        campaign = Campaign()
        try:
            port = await bot.start(host="127.0.0.1", port=0)
            twin.bot_url = f"http://127.0.0.1:{port}/slack/events"
            commands, interactions = await capture_story(twin, bot, clock)
            before = len(crashes.records)
            rng = random.Random(seed)
            for what, body in _take(mutants(commands, interactions, rng), count):
                headers = {"Content-Type": FORM, **twin.sign(body, int(time.time()))}
                response = await twin.send_raw(body, headers)
                campaign.record(response.status)
                # Work after the ack runs in the background: let it finish before the next one.
                await _settle()
                for record in crashes.records[before:]:
                    campaign.crashes.append(f"{what}: {record.exc_info and record.exc_info[1]!r}")
                before = len(crashes.records)
            apologies = [
                m for user in PEOPLE for m in twin.ephemerals(user) + twin.dms(user)
                if text.SOMETHING_WENT_WRONG in json.dumps(m)
            ]  # fmt: skip
        finally:
            await bot.stop()
            await twin.stop()
            logging.getLogger("handlers.slack").removeHandler(crashes)
    return campaign, apologies


def _take(items: Iterator[tuple[str, bytes]], count: int) -> Iterator[tuple[str, bytes]]:
    for _ in range(count):
        yield next(items)


async def _settle() -> None:
    """Until the work Bolt started after the last ack (its listener task) has finished."""
    for _ in range(400):
        if not any(_is_listener(t) for t in asyncio.all_tasks() if not t.done()):
            return
        await asyncio.sleep(0.005)


def _is_listener(task: asyncio.Task[Any]) -> bool:
    # Bolt's asyncio runner names its after-ack coroutine this (slack_bolt/listener).
    return "run_ack_function_asynchronously" in task.get_coro().__qualname__


async def test_hostile_variants_of_every_real_request_are_answered_never_crash() -> None:
    campaign, apologies = await run_campaign(count=150)
    assert campaign.sent == 150
    assert not [s for s in campaign.statuses if s >= 500], campaign.statuses
    assert campaign.crashes == []
    assert apologies == []


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    result, said_sorry = asyncio.run(run_campaign(runs, seed=seed))
    print(f"{result.sent} requests; statuses {result.statuses}; crashes {len(result.crashes)}")
    for line in result.crashes[:40]:
        print("  " + line)
    print(f"'something went wrong' messages: {len(said_sorry)}")
