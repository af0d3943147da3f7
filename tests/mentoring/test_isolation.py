"""Two workspaces with the same user ids and the same rows: every public use-case method of
every feature service, called for workspace A, returns nothing of B and leaves B's rows as
they were (storage/database.py binds each use case's unit of work to its tenant)."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update

from bot.features import FEATURES, Kernel
from bot.mentoring.membership.use_cases import Bootstrap, Membership
from bot.mentoring.models import Tenant
from bot.mentoring.services import Services
from outbox.store import SqlOutbox
from storage.base import Base
from storage.database import Database, OtherTenantsRow, UnscopedQuery
from tests.conftest import MovableClock
from tests.fakes import RecordingFiles, RecordingMessenger
from tests.mentoring.checkins.test_checkins import ACME, CHICAGO, COORD, MENTEE, MENTOR, make_pair

GLOBEX = Tenant("slack", "T0GLOBEX")
# Listing tenants is the one use case across workspaces (the scheduler's, all_tenants=True).
ACROSS_TENANTS = {"Pairings.tenants"}
ACME_ONLY = "ACME-ONLY"  # written into the original's names, so a leak shows in results
# Methods the generic argument table can't call (and why); the rest are all called.
_IN_A_UNIT_OF_WORK = "a part of another use case's bound unit of work (takes its session)"
NOT_CALLED: dict[str, str] = {
    "Membership.home_state": _IN_A_UNIT_OF_WORK,
    "Membership.load_program": _IN_A_UNIT_OF_WORK,
    "Pairings.open_pairs_in": _IN_A_UNIT_OF_WORK,
    "Pairings.pairs_in": _IN_A_UNIT_OF_WORK,
    "Goals.board_in": _IN_A_UNIT_OF_WORK,
    "Hours.home_line_in": _IN_A_UNIT_OF_WORK,
    "People.remember": "needs a person argument",  # a platform profile, from the Profiles port
}
STARTED = datetime(2027, 1, 4, 15, 0, tzinfo=UTC)
TENANT_TABLES = [
    t for t in Base.metadata.sorted_tables if {"platform", "workspace_id"} <= set(t.c.keys())
]


class Ports(RecordingMessenger, RecordingFiles):
    def __init__(self) -> None:
        RecordingMessenger.__init__(self)
        RecordingFiles.__init__(self)


def _services(db: Database, clock: MovableClock) -> Services:
    kernel = Kernel(db, SqlOutbox(), Bootstrap(coordinators=(COORD,), timezone=CHICAGO), clock,
                    slack=Ports())  # fmt: skip
    services = Services()
    for feature in FEATURES:
        services.add(feature.build(kernel, services))
    return services


async def _clone(db: Database, source: Tenant, target: Tenant) -> dict[Any, Any]:
    """Copy every row of `source` to `target` (new ids, foreign keys followed), then mark the
    source's names so a leak is visible; returns the copied pairs' ids."""
    ids: dict[str, dict[Any, Any]] = {}
    async with db.transaction(all_tenants=True) as session:
        for table in TENANT_TABLES:
            pk = next(iter(table.primary_key.columns))
            rows = (
                (
                    await session.execute(
                        select(table).where(table.c.workspace_id == source.workspace_id)
                    )
                )
                .mappings()
                .all()
            )
            ids[table.name] = {}
            for row in rows:
                # An id of its own, unless the key is a foreign key (an application's member).
                values = {k: v for k, v in row.items() if k != pk.name or pk.foreign_keys}
                values["workspace_id"] = target.workspace_id
                for column in table.c:
                    for fk in column.foreign_keys:
                        mapped = ids.get(fk.column.table.name)
                        if mapped is not None and values.get(column.name) in mapped:
                            values[column.name] = mapped[values[column.name]]
                new = await session.execute(insert(table).values(**values).returning(pk))
                ids[table.name][row[pk.name]] = new.scalar_one()
            if "name" in table.c:  # the original's names carry a marker a leak would show
                await session.execute(
                    update(table)
                    .where(table.c.workspace_id == source.workspace_id)
                    .values(name=table.c.name + f" {ACME_ONLY}")
                )
    return ids["pairings"]


async def _rows_of(db: Database, tenant: Tenant) -> dict[str, list[str]]:
    async with db.read(all_tenants=True) as session:
        return {
            table.name: sorted(
                repr(tuple(r))
                for r in await session.execute(
                    select(table).where(table.c.workspace_id == tenant.workspace_id)
                )
            )
            for table in TENANT_TABLES
        }


def _argument(name: str, param: inspect.Parameter, pair_id: int, now: datetime) -> Any:
    """A generic value per parameter name (A's ids: B's are different rows)."""
    table: dict[str, Any] = {
        "tenant": GLOBEX,
        "user_id": MENTEE,
        "coordinator": COORD,
        "by": COORD,
        "owner": MENTEE,
        "other_id": MENTOR,
        "mentor": MENTOR,
        "mentee": MENTEE,
        "now": now,
        "pairing_id": pair_id,
        "pair_id": pair_id,
        "checkin_id": 1,
        "goal_id": 1,
        "cycle_id": 1,
        "campaign_id": 1,
        "member_id": 1,
        "request_key": "view:iso",
        "reason": "isolation",
        "page": 0,
        "accept": True,
        "argument": "",
        "channel_id": "C0ISO",
        "enabled": False,
        "event_id": "Ev0ISO",
        "months": 1,
        "mood": "great",
        "nominee": MENTOR,
        "pairing_ids": [pair_id],
        "profile_timezone": CHICAGO,
        "run_id": 1,
        "status": "paused",
        "target": MENTEE,
        "text": "met for an hour",
        "typed": "met for an hour",
        "until_text": "2027-03-01",
        "user_ids": [MENTOR, MENTEE],
        "values": {},
        "yaml_text": "name: x",
        "approve": True,
        "request_id": "view:iso-hours",
        "last_attempt": False,
        "from_end": STARTED.date(),
    }
    if name in table:
        return table[name]
    if param.default is not inspect.Parameter.empty:
        return param.default
    raise LookupError(name)


async def test_every_use_case_for_one_workspace_leaves_the_other_alone(
    db: Database, clock: MovableClock
) -> None:
    services = _services(db, clock)
    membership = services[Membership]
    # B (ACME) is made first, so its rows come first wherever a query forgot the tenant; A
    # (GLOBEX) is its copy, and every method is called for A.
    acme_pair = await make_pair(db, membership, clock, STARTED)
    pair_id = (await _clone(db, ACME, GLOBEX))[acme_pair]
    before = await _rows_of(db, ACME)
    assert sum(map(len, before.values())) >= 4  # program, two members, their applications, the pair

    called, not_called = [], {}
    for service in services._by_class.values():
        for name, method in inspect.getmembers(service, inspect.iscoroutinefunction):
            qualified = f"{type(service).__name__}.{name}"
            if name.startswith("_") or qualified in ACROSS_TENANTS:
                continue
            params = dict(list(inspect.signature(method).parameters.items()))
            try:
                args = {n: _argument(n, p, pair_id, clock()) for n, p in params.items()
                        if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}  # fmt: skip
            except LookupError as missing:
                not_called[qualified] = NOT_CALLED.get(qualified, f"needs a {missing} argument")
                continue
            try:
                result = await method(**args)
            except (OtherTenantsRow, UnscopedQuery):
                raise  # a use case that reached for the other tenant, or for none
            except Exception as refused:  # noqa: BLE001 (refusing generic arguments is fine; its
                # message is still scanned for the other workspace below)
                result = refused
            called.append(qualified)
            assert ACME_ONLY not in repr(result), qualified
            assert ACME.workspace_id not in repr(result), qualified
            assert await _rows_of(db, ACME) == before, f"{qualified} changed workspace B"
    assert not_called == NOT_CALLED, not_called
    assert len(called) >= 20, called
