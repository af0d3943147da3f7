"""How fast does Slack get its ack? Run by hand: `.venv/bin/python benchmarks/ack_latency.py`.

Slack needs an answer within 3 s. Bolt's AsyncApp acks first and works after
(process_before_response=False, what mentorbot uses); the alternative finishes the listener
before answering (process_before_response=True, what FaaS deployments need). Both run here on
the same machine, database and twin, over real HTTP on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot.app import MentorBot, build_bolt_app
from bot.config import Settings
from bot.sandbox.slack_twin import SlackTwin

SECRET, TOKEN, TEAM = "bench-secret-0123456789", "xoxb-bench", "T0BENCH"
USERS = [f"U0B{n:04d}" for n in range(50)]


async def measure(process_before_response: bool, rounds: int, tmp: Path) -> dict[str, float]:
    twin = SlackTwin(signing_secret=SECRET, bot_token=TOKEN, team_id=TEAM, strict=False)
    await twin.start()
    for user in USERS:
        twin.add_user(user, user.lower(), tz="America/Chicago")
    db = tmp / f"bench-{process_before_response}.db"
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token=TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=twin.api_url,
        database_url=f"sqlite+aiosqlite:///{db}",
        mentorbot_coordinators=[USERS[0]],
    )
    bot = MentorBot(settings)
    # The one knob compared here: rebuild the Bolt app with the alternative setting.
    bot.bolt = build_bolt_app(
        settings, bot.bolt.client, bot.services, process_before_response=process_before_response
    )
    port = await bot.start(host="127.0.0.1", port=0)
    twin.bot_url = f"http://127.0.0.1:{port}/slack/events"
    samples: dict[str, list[float]] = {"join": [], "profile": [], "help": []}
    try:
        for n in range(rounds):
            user = USERS[n % len(USERS)]
            for text in samples:
                started = time.perf_counter()
                response = await twin.send_command(user, text)
                samples[text].append((time.perf_counter() - started) * 1000)
                assert response.status == 200, response
            await twin.wait_for(lambda u=user: twin.open_view(u) is not None)
            await twin.close_view(user)
    finally:
        await bot.stop()
        await twin.stop()
    all_ms = [v for values in samples.values() for v in values]
    return {
        "p50": statistics.median(all_ms),
        "p95": statistics.quantiles(all_ms, n=20)[18],
        "max": max(all_ms),
        "join_p50": statistics.median(samples["join"]),
    }


async def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ack_first = await measure(False, rounds, Path(tmp))
        before = await measure(True, rounds, Path(tmp))
    print(f"{rounds * 3} slash commands each (join, profile, help), ms from send to HTTP answer\n")
    print("| mode | p50 | p95 | max | /mentor join p50 |")
    print("| --- | --- | --- | --- | --- |")
    for name, row in (("ack first (mentorbot)", ack_first), ("process before response", before)):
        print(
            f"| {name} | {row['p50']:.1f} | {row['p95']:.1f} | {row['max']:.1f} "
            f"| {row['join_p50']:.1f} |"
        )
    ratio = before["p95"] / ack_first["p95"]
    print(f"\np95 ratio, process-before-response / ack-first: {ratio:.1f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100)
    asyncio.run(main(parser.parse_args().rounds))
