"""How fast does Slack get its ack? Run by hand: `.venv/bin/python benchmarks/ack_latency.py`.

Slack needs an answer to a slash command within 3 s; `/mentor help` and `/mentor profile` are
answered in the ack itself. This measures, in one run and on one event loop, 200 concurrent
`help`/`profile` commands (half each, 50 members) against two servers on 127.0.0.1:

- **mentorbot**: the real bot (`MentorBot.start`): our verified endpoint, Bolt, the database
  (SQLite by default, `--database-url` for PostgreSQL), the answer rendered per request.
- **bare Bolt**: a default `AsyncApp` (process_before_response=False, signing secret set, the
  same twin-backed client) served the way Bolt's own aiohttp adapter serves it
  (`to_bolt_request` -> `async_dispatch` -> `to_aiohttp_response`), with an aiohttp
  `AppRunner` like mentorbot's. Its one listener calls `ack(text=..., blocks=...,
  response_type="ephemeral")` with the same help and profile messages mentorbot sends, built
  once before the run: no database, no rendering, Bolt's own signature check only.

Batches alternate between the two servers so both see the same machine load. Times are from
sending the signed request to reading the whole HTTP answer, over kept-alive connections (a
warm-up batch opens them; the sender has no connection limit, so nothing queues client-side).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import MentorBot
from bot.config import Settings
from bot.mentoring import messages as text
from bot.mentoring.membership import Membership
from bot.mentoring.models import Tenant
from handlers.slack.profile import help_blocks, profile_blocks
from sandbox.slack_twin import SlackTwin
from sandbox.twin.models import TwinResponse

SECRET, TOKEN, TEAM = "bench-secret-0123456789", "xoxb-bench", "T0BENCH"
USERS = [f"U0B{n:04d}" for n in range(50)]
COMMANDS = ("help", "profile")
ANSWER: dict[str, object] = {
    "role": "mentor",
    "track": "traditional",
    "organization": "City of Boulder",
    "position_level": "senior",
    "years_experience": "14",
    "topics": ["Budgeting and finance", "Leadership and management"],
    "goal_1": "Help a new finance director find their feet",
    "meeting_format": "video",
    "meeting_frequency": "monthly",
    "capacity": "2",
    "term_ack": ["agree"],
    "timezone": "America/Chicago",
}


class TimedSender:
    """Times each request the twin sends, from the signed POST to the whole answer read.

    The twin's own session allows 100 connections; 200 concurrent commands would queue half
    of them in the sender for both servers alike, hiding the difference being measured.
    """

    def __init__(self, twin: SlackTwin) -> None:
        self._link = twin._link  # the twin's HTTP sender (no public handle on it)
        self._send = self._link.send_raw
        self.samples: list[float] | None = None

    async def open(self) -> None:
        await self._link.close()
        self._link._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        self._link.send_raw = self._timed  # type: ignore[method-assign]

    async def _timed(self, body: bytes, headers: dict[str, str]) -> TwinResponse:
        started = time.perf_counter()
        response = await self._send(body, headers)
        if self.samples is not None:
            self.samples.append((time.perf_counter() - started) * 1000)
        return response


def bare_bolt(
    api_url: str, help_ack: dict[str, Any], profile_ack: dict[str, Any]
) -> web.Application:
    bolt = AsyncApp(signing_secret=SECRET, client=AsyncWebClient(token=TOKEN, base_url=api_url))

    @bolt.command("/mentor")
    async def mentor(ack: AsyncAck, command: dict[str, Any]) -> None:
        answer = help_ack if command.get("text") == "help" else profile_ack
        await ack(**answer, response_type="ephemeral")

    async def handle(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    app = web.Application()
    app.router.add_post("/slack/events", handle)
    return app


async def batch(
    twin: SlackTwin, sender: TimedSender, url: str, size: int, *, at_once: bool = True
) -> tuple[list[float], float]:
    """Each command's ms, and the process's CPU time (all threads) for the batch; sent all at
    once, or one after another."""
    twin.bot_url = url
    sender.samples = []
    cpu = time.process_time()
    before = len(twin.calls("response_url"))
    commands = [(USERS[n % len(USERS)], COMMANDS[n % len(COMMANDS)]) for n in range(size)]
    if at_once:
        responses = await asyncio.gather(*(twin.send_command(u, c) for u, c in commands))
    else:
        responses = [await twin.send_command(u, c) for u, c in commands]
    cpu = time.process_time() - cpu
    failed = [r for r in responses if r.status != 200]
    assert not failed, f"{len(failed)} commands failed: {failed[0]}"
    later = sum(1 for r in responses if not r.body)
    if later:  # answered after the ack, through the response_url: wait until they are all in,
        # so none of this batch's work overlaps the next one
        print(f"note: {url} acked {later} commands empty (the answer came later)")
        while len(twin.calls("response_url")) < before + later:  # noqa: ASYNC110 - no event
            await asyncio.sleep(0.01)  # outside the timed part; the twin logs calls silently
    return sender.samples, cpu


def row(name: str, ms: list[float]) -> tuple[str, dict[str, float]]:
    cuts = statistics.quantiles(ms, n=100)
    figures = {"p50": statistics.median(ms), "p95": cuts[94], "p99": cuts[98], "max": max(ms)}
    return name, figures


async def main(rounds: int, size: int, database_url: str | None) -> None:
    twin = SlackTwin(signing_secret=SECRET, bot_token=TOKEN, team_id=TEAM, strict=False)
    await twin.start()
    for user in USERS:
        twin.add_user(user, user.lower(), tz="America/Chicago")
    sender = TimedSender(twin)
    await sender.open()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            slack_bot_token=TOKEN,
            slack_signing_secret=SECRET,
            slack_api_url=twin.api_url,
            database_url=database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}",
            mentorbot_coordinators=[USERS[0]],
        )
        bot = MentorBot(settings)
        port = await bot.start(host="127.0.0.1", port=0)
        tenant = Tenant("slack", TEAM)
        for user in USERS:  # every member has applied, so `profile` shows an application
            stored = await bot.services[Membership].submit(tenant, user, ANSWER)
            assert not isinstance(stored, dict), stored
        program, member = await bot.services[Membership].member(tenant, USERS[1])
        help_ack = {
            "text": text.HELP_INTRO,
            "blocks": [b.to_dict() for b in help_blocks(coordinator=False)],
        }
        profile_ack = {
            "text": "Your application",
            "blocks": [b.to_dict() for b in profile_blocks(program, member)],
        }
        runner = web.AppRunner(bare_bolt(twin.api_url, help_ack, profile_ack), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        urls = {
            "bare Bolt": f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events",
            "mentorbot": f"http://127.0.0.1:{port}/slack/events",
        }
        samples: dict[str, list[float]] = {name: [] for name in urls}
        alone: dict[str, list[float]] = {name: [] for name in urls}
        cpu: dict[str, float] = dict.fromkeys(urls, 0.0)
        try:
            for url in urls.values():  # warm-up: connections, caches, auth.test
                await batch(twin, sender, url, size)
            for _ in range(rounds):
                for name, url in urls.items():
                    ms, seconds = await batch(twin, sender, url, size)
                    samples[name] += ms
                    cpu[name] += seconds
                for name, url in urls.items():
                    alone[name] += (await batch(twin, sender, url, size, at_once=False))[0]
        finally:
            await runner.cleanup()
            await bot.stop()
            await twin.stop()
    dialect = "PostgreSQL" if database_url else "SQLite"
    print(f"/mentor help and profile, {dialect}; ms from send to the whole HTTP answer\n")
    print(f"{rounds} batches of {size} at once per server:\n")
    print("| server | p50 | p95 | p99 | max | CPU ms a command |")
    print("| --- | --- | --- | --- | --- | --- |")
    rows = dict(row(name, ms) for name, ms in samples.items())
    for name, figures in rows.items():
        cells = " | ".join(f"{figures[k]:.1f}" for k in ("p50", "p95", "p99", "max"))
        print(f"| {name} | {cells} | {cpu[name] * 1000 / (rounds * size):.2f} |")
    ratios = {k: rows["mentorbot"][k] / rows["bare Bolt"][k] for k in ("p50", "p99")}
    print(f"\nmentorbot / bare Bolt: p50 {ratios['p50']:.2f}x, p99 {ratios['p99']:.2f}x")
    print(f"\n{rounds * size} one after another per server:\n")
    print("| server | p50 | p95 | p99 | max |")
    print("| --- | --- | --- | --- | --- |")
    for name, figures in dict(row(name, ms) for name, ms in alone.items()).items():
        cells = " | ".join(f"{figures[k]:.1f}" for k in ("p50", "p95", "p99", "max"))
        print(f"| {name} | {cells} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size", type=int, default=200, help="commands per batch")
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    asyncio.run(main(args.rounds, args.size, args.database_url))
