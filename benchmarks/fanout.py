"""Outbox fan-out through the Slack twin, and the cost of "what is due". Run by hand:

    .venv/bin/python benchmarks/fanout.py [--messages 10000] [--per-minute 3000]
        [--pg-url URL] [--fanout-on-pg]

1. Fan-out: N DMs enqueued, then dispatched through the real SlackMessenger to the twin over
   HTTP by a dispatcher in its own process. The twin imposes a workspace rate on
   chat.postMessage (429 + Retry-After beyond it), 1 message/s per channel, and a few injected
   429s. Compared in the same run: the paced dispatcher (mentorbot) against the same dispatcher
   without client-side pacing, which only pauses when a 429 tells it to. Reports the achieved
   rate as a share of the imposed one, and lost and duplicated messages (counted by the twin,
   per delivery key).
2. Channel posts: 20 posts to each of 3 channels, where the 1/s per-channel limit is what binds.
3. "What is due": the dispatcher's claim query over 100,000 pending rows (plus 100,000 sent),
   with and without the partial index, on SQLite and (with --pg-url or TEST_DATABASE_URL)
   PostgreSQL. PostgreSQL runs use a database of their own, mentorbot_bench, created if missing
   and wiped each run: never run two of these benchmarks at once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from bot.mentoring.models import Tenant
from bot.mentoring.ports import Message
from handlers.slack.messenger import SlackMessenger
from outbox.dispatcher import Dispatcher, DispatcherConfig, DispatchReport
from outbox.message_json import to_json
from outbox.pacing import Pacer
from outbox.store import DeliveryKind, DeliveryStatus, delivery_key, due_query
from sandbox.slack_twin import SlackTwin
from storage.database import Database
from storage.migrate import upgrade
from storage.models import Delivery

TOKEN, TEAM = "xoxb-bench", "T0BENCH"
TENANT = Tenant("slack", TEAM)
TWIN_BURST = 10  # the twin's workspace bucket holds 10 calls: short bursts only


@dataclass
class FanOutResult:
    name: str
    messages: int
    seconds: float
    imposed_per_second: float
    lost: int
    duplicates: int
    http_429: int

    @property
    def achieved(self) -> float:
        return self.messages / self.seconds

    @property
    def share(self) -> float:
        return self.achieved / self.imposed_per_second


async def fresh_database(url: str) -> Database:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        await asyncio.to_thread(Path(parsed.database).unlink, missing_ok=True)
    elif parsed.get_backend_name() == "postgresql":
        db = Database(url)
        async with db.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await db.dispose()
    db = Database(url)
    await upgrade(db)
    return db


async def bench_database(pg_url: str) -> str:
    """A PostgreSQL database of the benchmark's own, next to the one named by `pg_url`."""
    url = make_url(pg_url)
    admin = Database(url.set(database="postgres").render_as_string(hide_password=False))
    try:
        async with admin.engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            exists = await conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = 'mentorbot_bench'")
            )
            if not exists:
                await conn.execute(text("CREATE DATABASE mentorbot_bench"))
    finally:
        await admin.dispose()
    return url.set(database="mentorbot_bench").render_as_string(hide_password=False)


async def enqueue_many(db: Database, rows: list[dict[str, object]]) -> None:
    async with db.transaction(all_tenants=True) as session:
        for start in range(0, len(rows), 5000):
            await session.execute(insert(Delivery), rows[start : start + 5000])


def delivery_row(key: str, kind: DeliveryKind, target: str, due_at: datetime) -> dict[str, object]:
    return {
        "platform": TENANT.platform,
        "workspace_id": TENANT.workspace_id,
        "key": key,
        "kind": kind.value,
        "target": target,
        "payload": to_json(Message(text=f"Happy #ThankYourMentor Day! ({key})")),
        "status": DeliveryStatus.PENDING.value,
        "due_at": due_at,
        "next_attempt_at": due_at,
        "attempts": 0,
        "maybe_sent": False,
    }


async def outstanding(db: Database) -> int:
    async with db.engine.connect() as conn:
        return int(
            await conn.scalar(
                text("SELECT count(*) FROM deliveries WHERE status IN ('pending', 'claimed')")
            )
            or 0
        )


async def dispatch_all(dispatcher: Dispatcher, db: Database) -> DispatchReport:
    """Until every row is settled: rows rate-limited by a 429 come due again a second later."""
    total = DispatchReport()
    while True:
        report = await dispatcher.run_once()
        total.add(report)
        if report.claimed == 0:
            if await outstanding(db) == 0:
                return total
            await asyncio.sleep(0.05)


async def inject_429s(twin: SlackTwin, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        twin.inject_429("chat.postMessage", times=1, retry_after=1)


async def fan_out(
    name: str,
    db_url: str,
    messages: int,
    per_minute: int,
    paced: bool,
    inject_every: float | None,
    posts: tuple[int, int] | None = None,  # (channels, posts per channel) instead of DMs
) -> FanOutResult:
    twin = SlackTwin(signing_secret="bench", bot_token=TOKEN, team_id=TEAM, strict=False)
    await twin.start()
    twin.set_rate_limit("chat.postMessage", per_minute=per_minute, burst=TWIN_BURST)
    twin.set_channel_rate(1.0)
    now = datetime.now(UTC)
    if posts is None:
        users = [f"U{n:06d}" for n in range(messages)]
        for user in users:
            twin.add_user(user, user.lower())
        rows = [delivery_row(f"campaign:1:{u}", DeliveryKind.DM, u, now) for u in users]
    else:
        channels, per_channel = posts
        rows = []
        for c in range(channels):
            channel = f"C{c:05d}"
            twin.add_channel(channel, f"community-{c}", members=[twin.bot_user_id])
            rows += [
                delivery_row(f"post:{c}:{n}", DeliveryKind.POST, channel, now)
                for n in range(per_channel)
            ]
        messages = len(rows)
    db = await fresh_database(db_url)
    await enqueue_many(db, rows)
    await db.dispose()
    injector = asyncio.create_task(inject_429s(twin, inject_every)) if inject_every else None
    try:
        seconds = await run_worker(db_url, twin.api_url, per_minute, paced)
    finally:
        if injector is not None:
            injector.cancel()
        await twin.stop()
    calls = twin.calls("chat.postMessage")
    counts = Counter(delivery_key(c.args.get("metadata")) for c in calls if c.ok)
    expected = {str(r["key"]) for r in rows}
    imposed = min(per_minute / 60, float(len({r["target"] for r in rows})))
    return FanOutResult(
        name=name,
        messages=messages,
        seconds=seconds,
        imposed_per_second=imposed,
        lost=len(expected - set(counts)),
        duplicates=sum(n - 1 for n in counts.values()),
        http_429=sum(1 for c in calls if c.status == 429),
    )


async def run_worker(db_url: str, api_url: str, per_minute: int, paced: bool) -> float:
    """The dispatcher runs in its own process, as it would against the real (remote) Slack:
    the twin's own work must not slow it down. Returns the seconds its dispatching took."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--worker",
        db_url,
        api_url,
        "--per-minute",
        str(per_minute),
        *(() if paced else ("--unpaced",)),
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"dispatcher process failed with {process.returncode}")
    return float(json.loads(out.decode().strip().splitlines()[-1])["seconds"])


async def worker(db_url: str, api_url: str, per_minute: int, paced: bool) -> None:
    db = Database(db_url)
    # One HTTP session for all calls (keep-alive): without one, slack_sdk opens a session and a
    # connection per call. No retry handler: the dispatcher paces and handles 429s itself.
    session = aiohttp.ClientSession()
    client = AsyncWebClient(base_url=api_url, token=TOKEN, session=session)
    pacer = Pacer(per_minute, 1.0) if paced else Pacer(None, None)
    dispatcher = Dispatcher(
        db, SlackMessenger(client), pacer=pacer, config=DispatcherConfig(batch_size=100)
    )
    started = time.perf_counter()
    try:
        report = await dispatch_all(dispatcher, db)
    finally:
        seconds = time.perf_counter() - started
        await session.close()
        await db.dispose()
    print(json.dumps({"seconds": seconds, **asdict(report)}), flush=True)


async def time_due_query(db: Database, rounds: int) -> float:
    """Median ms of the claim's SELECT (FOR UPDATE SKIP LOCKED on PostgreSQL), rolled back."""
    query = due_query(datetime.now(UTC), 100)
    if db.dialect == "postgresql":
        query = query.with_for_update(skip_locked=True)
    samples = []
    async with db.engine.connect() as conn:
        for _ in range(rounds):
            started = time.perf_counter()
            async with conn.begin() as transaction:
                ids = (await conn.execute(query)).scalars().all()
                await transaction.rollback()
            samples.append((time.perf_counter() - started) * 1000)
            assert len(ids) == 100
    return statistics.median(samples)


async def plan(db: Database) -> str:
    query = due_query(datetime.now(UTC), 100)
    sql = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    async with db.engine.connect() as conn:
        if db.dialect == "postgresql":
            lines = (await conn.execute(text(f"EXPLAIN {sql}"))).scalars().all()
            return " / ".join(line.split("  (")[0].strip(" ->") for line in lines[:3])
        rows = await conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"))
        return "; ".join(str(r[-1]) for r in rows)


async def due_query_bench(db_url: str, pending: int, sent: int) -> list[tuple[str, float, str]]:
    db = await fresh_database(db_url)
    now = datetime.now(UTC)
    step = timedelta(days=30) / max(1, pending)
    rows = [
        # Spread from a day ago to 29 days ahead: a thirtieth is due now.
        delivery_row(f"k{n}", DeliveryKind.DM, f"U{n:06d}", now - timedelta(days=1) + step * n)
        for n in range(pending)
    ]
    history = [
        delivery_row(f"old{n}", DeliveryKind.DM, f"U{n:06d}", now - timedelta(days=60))
        | {"status": DeliveryStatus.SENT.value}
        for n in range(sent)
    ]
    await enqueue_many(db, rows + history)
    results = []
    try:
        for label in ("with ix_deliveries_due", "without index"):
            if label == "without index":
                async with db.engine.begin() as conn:
                    await conn.execute(text("DROP INDEX ix_deliveries_due"))
            async with db.engine.begin() as conn:
                await conn.execute(text("ANALYZE"))
            await time_due_query(db, 3)  # warm up
            results.append((label, await time_due_query(db, 30), await plan(db)))
    finally:
        await db.dispose()
    return results


async def main(args: argparse.Namespace) -> None:
    pg_url = args.pg_url or os.environ.get("TEST_DATABASE_URL")
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_url = f"sqlite+aiosqlite:///{Path(tmp) / 'fanout.db'}"
        fan_db = await bench_database(pg_url) if args.fanout_on_pg and pg_url else sqlite_url
        backend = make_url(fan_db).get_backend_name()
        inject_every = args.messages / (args.per_minute / 60) / (args.injected_429s + 1)
        runs = [
            await fan_out(
                "paced (mentorbot)",
                fan_db,
                args.messages,
                args.per_minute,
                paced=True,
                inject_every=inject_every,
            )
        ]
        if args.unpaced_messages:
            runs.append(
                await fan_out(
                    "unpaced, pauses on Retry-After",
                    fan_db,
                    args.unpaced_messages,
                    args.per_minute,
                    paced=False,
                    inject_every=None,
                )
            )
        channel_runs = [
            await fan_out(
                f"{label}, posts to 3 channels",
                fan_db,
                0,
                args.per_minute,
                paced=paced,
                inject_every=None,
                posts=(3, 20),
            )
            for label, paced in (("paced", True), ("unpaced", False))
        ]
        due = [("SQLite", *r) for r in await due_query_bench(sqlite_url, 100_000, 100_000)]
        if pg_url:
            pg_bench = await bench_database(pg_url)
            due += [("PostgreSQL", *r) for r in await due_query_bench(pg_bench, 100_000, 100_000)]

    print(
        f"\n### Fan-out through the twin ({backend}; twin limit {args.per_minute}/min, "
        f"burst {TWIN_BURST}, 1/s per channel; {args.injected_429s} injected 429s in the paced "
        "DM run)\n"
    )
    print("| run | messages | seconds | achieved /s | imposed /s | share | lost | dup | 429s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in runs + channel_runs:
        print(
            f"| {r.name} | {r.messages} | {r.seconds:.1f} | {r.achieved:.1f} "
            f"| {r.imposed_per_second:.1f} | {r.share:.2f} | {r.lost} | {r.duplicates} "
            f"| {r.http_429} |"
        )
    print("\n### What is due: claim query, 100,000 pending + 100,000 sent rows, LIMIT 100\n")
    print("| database | index | median ms | plan |")
    print("| --- | --- | ---: | --- |")
    for database, label, ms, how in due:
        print(f"| {database} | {label} | {ms:.2f} | {how} |")
    by_db: dict[str, list[float]] = {}
    for database, _, ms, _ in due:
        by_db.setdefault(database, []).append(ms)
    for database, (indexed, scan) in by_db.items():
        print(f"\n{database}: the index makes the query {scan / indexed:.0f}x faster.")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        worker_args = argparse.ArgumentParser()
        worker_args.add_argument("--worker", nargs=2, metavar=("DATABASE_URL", "API_URL"))
        worker_args.add_argument("--per-minute", type=int, required=True)
        worker_args.add_argument("--unpaced", action="store_true")
        w = worker_args.parse_args()
        asyncio.run(worker(w.worker[0], w.worker[1], w.per_minute, not w.unpaced))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--per-minute", type=int, default=3000)
    parser.add_argument("--injected-429s", type=int, default=5)
    parser.add_argument("--unpaced-messages", type=int, default=1000)
    parser.add_argument("--pg-url", default=None)
    parser.add_argument("--fanout-on-pg", action="store_true")
    asyncio.run(main(parser.parse_args()))
