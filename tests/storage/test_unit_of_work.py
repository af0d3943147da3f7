"""A unit of work that reads then writes is not interleaved with another one, on either backend.

PostgreSQL gets this from SELECT ... FOR UPDATE; SQLite, which ignores FOR UPDATE, from taking
its write lock when the transaction begins (storage/database.py). Without that, two clicks on
the same button could both read "not answered yet" and both act.
"""

from __future__ import annotations

import asyncio

from sqlalchemy import Column, Integer, MetaData, Table, select, update

from storage.database import Database

metadata = MetaData()
counter = Table(
    "uow_counter", metadata, Column("id", Integer, primary_key=True), Column("n", Integer)
)


async def test_read_then_write_units_of_work_take_turns(db: Database) -> None:
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        await conn.execute(counter.insert().values(id=1, n=0))

    async def bump() -> None:
        async with db.transaction(all_tenants=True) as session:
            n = await session.scalar(select(counter.c.n).where(counter.c.id == 1).with_for_update())
            # Hand the event loop to the other unit of work between the read and the write:
            # if both could read 0 here, one increment would be lost.
            await asyncio.sleep(0.05)
            await session.execute(update(counter).where(counter.c.id == 1).values(n=(n or 0) + 1))

    await asyncio.gather(bump(), bump(), bump())
    async with db.transaction(all_tenants=True) as session:
        assert await session.scalar(select(counter.c.n)) == 3
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.drop_all)
