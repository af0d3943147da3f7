"""How long the check-in planner takes to find what is due, among 100,000 active pairs.

    .venv/bin/python benchmarks/due_pairs.py [--pairs 100000] [--due 1000] [--pg-url URL]

The planner (`CheckIns.due_query`, bot/mentoring/checkins/) asks for the active pairs of a
program whose `next_due_at` has come, in due order, 500 at a time. One program holds
`--pairs` active pairs (plus a fifth as many ended ones), with `next_due_at` spread so that
`--due` of them are due now. The same query is timed with the index it was designed for,
ix_pairings_program_status_next_due_at, and then without it in the same run (the older
(program_id, status) index stays, as it would), with the query plan of each.

SQLite runs in a temporary file. PostgreSQL (with --pg-url or TEST_DATABASE_URL) uses a
database of its own, mentorbot_bench_b on the same server, created if missing and wiped each
run: never run two of these at once.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Select, insert, text
from sqlalchemy.engine import make_url

from bot.mentoring.checkins.use_cases import BATCH, CheckIns
from storage.database import Database
from storage.migrate import upgrade
from storage.models import Pairing, Program

INDEX = "ix_pairings_program_status_next_due_at"
BENCH_DB = "mentorbot_bench_b"
CHUNK = 5000


async def fresh_database(url: str) -> Database:
    if url.startswith("postgresql"):
        target = make_url(url).set(database=BENCH_DB)
        server = Database(url)
        try:  # CREATE DATABASE cannot run inside a transaction
            async with server.engine.execution_options(isolation_level="AUTOCOMMIT").connect() as c:
                exists = await c.scalar(
                    text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": BENCH_DB}
                )
                if not exists:
                    await c.execute(text(f"CREATE DATABASE {BENCH_DB}"))
        finally:
            await server.dispose()
        db = Database(target.render_as_string(hide_password=False))
        async with db.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    else:
        db = Database(url)
    await upgrade(db)
    return db


async def seed(db: Database, pairs: int, due: int, now: datetime) -> int:
    async with db.transaction(all_tenants=True) as session:
        program = Program(
            platform="slack", workspace_id="T0BENCH", slug="default", name="Bench",
            timezone="America/Chicago", term_months=18, checkin_cadence="monthly",
            coordinators=["U0COORD"], topics=["Budgeting"], tracks=["traditional"],
            created_at=now, updated_at=now,
        )  # fmt: skip
        session.add(program)
        await session.flush()
        program_id = program.id
    later = timedelta(days=30) / max(1, pairs - due)

    def row(n: int) -> dict[str, object]:
        ended = n >= pairs
        # The first `due` pairs are due (up to an hour ago); the rest over the next 30 days.
        when = now - timedelta(minutes=60 * n / max(1, due)) if n < due else now + later * n
        return {
            "platform": "slack", "workspace_id": "T0BENCH", "program_id": program_id,
            "mentor_id": f"UM{n % 40000:05d}", "mentee_id": f"UE{n:06d}",
            "status": "ended" if ended else "active", "score": 0.5, "reasons": [],
            "proposed_at": now - timedelta(days=40), "started_at": now - timedelta(days=30),
            "ends_on": date(2028, 7, 4),
            "next_due_at": now - timedelta(days=400) if ended else when,
            "checkin_period": 1, "extensions": 0,
        }  # fmt: skip

    total = pairs + pairs // 5
    for start in range(0, total, CHUNK):
        async with db.transaction(all_tenants=True) as session:
            await session.execute(
                insert(Pairing), [row(n) for n in range(start, min(total, start + CHUNK))]
            )
    async with db.engine.begin() as conn:
        await conn.execute(text("ANALYZE"))
    return program_id


def due_statement(db: Database, program_id: int, now: datetime) -> Select[tuple[Pairing]]:
    program = Program(id=program_id, platform="slack", workspace_id="T0BENCH")
    query = CheckIns.due_query(program, now)
    if db.dialect == "postgresql":  # as the planner runs it
        query = query.with_for_update(skip_locked=True)
    return query


async def time_query(
    db: Database, program_id: int, now: datetime, rounds: int, expected: int
) -> float:
    """Median ms of the planner's due query, each round in its own rolled-back transaction."""
    query = due_statement(db, program_id, now)
    samples = []
    async with db.engine.connect() as conn:
        for _ in range(rounds):
            started = time.perf_counter()
            async with conn.begin() as transaction:
                found = (await conn.execute(query)).all()
                await transaction.rollback()
            samples.append((time.perf_counter() - started) * 1000)
    assert len(found) == expected, len(found)
    return statistics.median(samples)


async def plan_of(db: Database, program_id: int, now: datetime) -> str:
    sql = due_statement(db, program_id, now).compile(
        db.engine, compile_kwargs={"literal_binds": True}
    )
    async with db.engine.connect() as conn:
        if db.dialect == "postgresql":
            lines = (await conn.execute(text(f"EXPLAIN {sql}"))).scalars().all()
            return " / ".join(line.split("  (")[0].strip(" ->") for line in lines[:4])
        rows = await conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"))
        return "; ".join(str(r[-1]) for r in rows)


async def bench(url: str, pairs: int, due: int) -> list[tuple[str, float, str]]:
    db = await fresh_database(url)
    now = datetime.now(UTC)
    results = []
    try:
        started = time.perf_counter()
        program_id = await seed(db, pairs, due, now)
        print(f"  seeded {pairs:,} active pairs in {time.perf_counter() - started:.1f}s")
        for label in (f"with {INDEX}", "without it"):
            if label == "without it":
                async with db.engine.begin() as conn:
                    await conn.execute(text(f"DROP INDEX {INDEX}"))
                    await conn.execute(text("ANALYZE"))
            expected = min(due, BATCH)
            await time_query(db, program_id, now, 3, expected)  # warm up
            ms = await time_query(db, program_id, now, 30, expected)
            results.append((label, ms, await plan_of(db, program_id, now)))
    finally:
        await db.dispose()
    return results


async def main(args: argparse.Namespace) -> None:
    pg_url = args.pg_url or os.environ.get("TEST_DATABASE_URL")
    with tempfile.TemporaryDirectory() as tmp:
        backends = [("SQLite", f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")]
        if pg_url:
            backends.append(("PostgreSQL", pg_url))
        print(f"Finding due pairs: {args.pairs:,} active, {args.due:,} due, LIMIT {BATCH}")
        for name, url in backends:
            print(f"{name}:")
            results = await bench(url, args.pairs, args.due)
            for label, ms, plan in results:
                print(f"  {label:<48} {ms:8.2f} ms   plan: {plan}")
            ratio = results[1][1] / results[0][1]
            print(f"  without the index / with it: {ratio:.1f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--pg-url")
    asyncio.run(main(parser.parse_args()))
