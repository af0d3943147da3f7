"""Engine, sessions and the unit of work: one use case = one transaction."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, Table, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, with_loader_criteria
from sqlalchemy.sql.util import find_tables

from storage.base import Base, TenantScoped


class TenantKey(Protocol):
    """Who rows belong to (bot.mentoring.models.Tenant fits; storage doesn't import the core)."""

    @property
    def platform(self) -> str: ...

    @property
    def workspace_id(self) -> str: ...


class OtherTenantsRow(RuntimeError):
    """A unit of work bound to one tenant was asked to write a row of another: a bug, never
    something a person did, so it stops the unit of work (nothing is committed)."""


class UnscopedQuery(RuntimeError):
    """A unit of work bound to no tenant queried tenant data without opting in to seeing every
    tenant (`all_tenants=True`): the query forgot the tenant, a bug, so it never runs."""


# Where a session keeps the tenant it is bound to (Session.info is the documented place).
TENANT = "mentorbot_tenant"
# Set in Session.info of an unbound unit of work that deliberately works across tenants.
ALL_TENANTS = "mentorbot_all_tenants"


class TenantSession(Session):
    """Our sessions: the two events below listen on this class only, not on every Session."""


def bound_tenant(session: AsyncSession | Session) -> TenantKey | None:
    """The tenant a unit of work is bound to (None: an unbound one, e.g. listing tenants)."""
    return session.info.get(TENANT)


@event.listens_for(TenantSession, "do_orm_execute")
def _scope_to_tenant(state: ORMExecuteState) -> None:
    """Every ORM SELECT, UPDATE and DELETE of a tenant-scoped model, however it was written
    (joins, subqueries, aliases, session.get), sees only the bound tenant's rows: a query
    that forgets the tenant cannot leak another workspace's rows."""
    if not (state.is_select or state.is_update or state.is_delete):
        return
    # Lazy loads and column refreshes inherit the criteria from the query that loaded the row.
    if state.is_column_load or state.is_relationship_load:
        return
    tenant = bound_tenant(state.session)
    if tenant is None:
        if not state.session.info.get(ALL_TENANTS):
            _refuse_tenant_data(state)
        return
    platform, workspace = tenant.platform, tenant.workspace_id
    state.statement = state.statement.options(
        with_loader_criteria(
            TenantScoped,
            lambda cls: (cls.platform == platform) & (cls.workspace_id == workspace),
            include_aliases=True,
        )
    )


def _tenant_tables() -> frozenset[Table]:
    return frozenset(
        mapper.local_table  # type: ignore[misc]
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, TenantScoped)
    )


def _refuse_tenant_data(state: ORMExecuteState) -> None:
    """An unbound unit of work that didn't opt in may not read, change or delete tenant rows,
    wherever the table appears (FROM, join, subquery, the UPDATE/DELETE target)."""
    used = find_tables(
        state.statement, check_columns=True, include_aliases=True, include_joins=True,
        include_selects=True, include_crud=True,
    )  # fmt: skip
    tenant_tables = _tenant_tables()
    if names := sorted({t.name for t in used if t in tenant_tables}):
        raise UnscopedQuery(
            f"a query of {', '.join(names)} in a unit of work bound to no tenant: use "
            "db.transaction(tenant) / db.read(tenant), or all_tenants=True for work across them"
        )


def check_tenant(tenant: TenantKey, row: Any, values: dict[str, Any] | None = None) -> None:
    """Raise unless `row` (or the `values` of an INSERT) carries `tenant`."""
    platform = values.get("platform") if values is not None else row.platform
    workspace = values.get("workspace_id") if values is not None else row.workspace_id
    if (platform, workspace) != (tenant.platform, tenant.workspace_id):
        raise OtherTenantsRow(
            f"{row.__name__ if isinstance(row, type) else type(row).__name__} of tenant "
            f"{platform}/{workspace} written in a unit of work of "
            f"{tenant.platform}/{tenant.workspace_id}"
        )


@event.listens_for(TenantSession, "before_flush")
def _check_written_rows(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    """A new row with no tenant gets the bound one; a row of another tenant is refused."""
    tenant = bound_tenant(session)
    if tenant is None:
        return
    for row in session.new:
        if isinstance(row, TenantScoped) and row.platform is None and row.workspace_id is None:
            row.platform, row.workspace_id = tenant.platform, tenant.workspace_id
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, TenantScoped):
            check_tenant(tenant, row)


def _configure_sqlite(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # The driver would open transactions itself, lazily, at the first write: we do it (below).
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]


# Set on the engine `Database.read()` uses: its units of work never write.
READ_ONLY = "mentorbot_read_only"


def _begin_immediate(connection: Connection) -> None:
    """Take SQLite's write lock when the unit of work starts, not at its first write.

    Otherwise two concurrent use cases (a double click) can both read "not answered yet" and
    both act; PostgreSQL's SELECT ... FOR UPDATE has no SQLite equivalent, and SQLite has a
    single writer anyway, so units of work simply take turns. A read-only unit of work takes
    no lock: its statements run in SQLite's autocommit mode, each one consistent.
    """
    if not connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """Owns the engine; `transaction()` is the unit of work every use case runs in."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.dialect = make_url(url).get_backend_name()
        self.engine: AsyncEngine = create_async_engine(url, echo=echo)
        if self.dialect == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _configure_sqlite)
            event.listen(self.engine.sync_engine, "begin", _begin_immediate)
        self._sessions = async_sessionmaker(
            self.engine, expire_on_commit=False, sync_session_class=TenantSession
        )
        # Reads for quick answers (a slash command's ack): no transaction to open and commit
        # (PostgreSQL: one network round trip a statement, not three), no SQLite write lock.
        reader = self.engine.execution_options(
            **{READ_ONLY: True},
            **({} if self.dialect == "sqlite" else {"isolation_level": "AUTOCOMMIT"}),
        )
        self._reads = async_sessionmaker(
            reader, expire_on_commit=False, sync_session_class=TenantSession
        )

    @asynccontextmanager
    async def transaction(
        self, tenant: TenantKey | None = None, *, all_tenants: bool = False
    ) -> AsyncIterator[AsyncSession]:
        """One use case's unit of work. Bound to `tenant`, it reads only that tenant's rows and
        refuses to write another's. Unbound, it refuses any query of tenant data unless
        `all_tenants=True` says the work spans tenants on purpose (the scheduler listing them,
        the outbox worker, pruning): a query that forgets the tenant fails, it never leaks."""
        async with self._sessions(info=_bound(tenant, all_tenants)) as session, session.begin():
            yield session

    @asynccontextmanager
    async def read(
        self, tenant: TenantKey | None = None, *, all_tenants: bool = False
    ) -> AsyncIterator[AsyncSession]:
        """A unit of work that only reads: each statement sees committed data, without one
        snapshot across statements (nothing it shows depends on two rows agreeing)."""
        async with self._reads(info=_bound(tenant, all_tenants)) as session:
            yield session

    async def ping(self) -> bool:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True

    async def dispose(self) -> None:
        await self.engine.dispose()


def _bound(tenant: TenantKey | None, all_tenants: bool) -> dict[str, Any]:
    if tenant is not None and all_tenants:
        raise ValueError("a unit of work is bound to one tenant or spans all of them, not both")
    if tenant is not None:
        return {TENANT: tenant}
    return {ALL_TENANTS: True} if all_tenants else {}


# PostgreSQL's SQLSTATE codes for the connection failures an operator fixes in DATABASE_URL.
_MISSING_DATABASE = "3D000"  # invalid_catalog_name
_BAD_LOGIN = ("28P01", "28000")  # invalid_password, invalid_authorization_specification


def _causes(error: BaseException) -> list[BaseException]:
    """The error, the driver error SQLAlchemy wrapped, and what caused each."""
    found: list[BaseException] = []
    todo: list[BaseException | None] = [error]
    while todo:
        current = todo.pop()
        if current is None or any(current is seen for seen in found):
            continue
        found.append(current)
        todo += [current.__cause__, current.__context__, getattr(current, "orig", None)]
    return found


def sqlite_folder_problem(url: str) -> str | None:
    """A SQLite file can't be created in a folder that doesn't exist: say so before trying
    (the failed attempt would also leave aiosqlite's thread behind)."""
    parsed = make_url(url)
    path = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or path in ("", ":memory:"):
        return None
    folder = Path(path).expanduser().resolve().parent
    if folder.is_dir():
        return None
    return (
        f"Can't open the SQLite database {path}: the folder {folder} doesn't exist. "
        "Create it, or point DATABASE_URL at an existing folder."
    )


def connection_problem(error: BaseException, url: str) -> str | None:
    """One line naming why `url` can't be used and how to fix it; None if `error` is not a
    connection problem (a bug, or a failure after connecting)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database or ""
        for cause in _causes(error):
            if "unable to open database file" in str(cause):
                if missing := sqlite_folder_problem(url):
                    return missing
                folder = Path(path).expanduser().resolve().parent
                return (
                    f"Can't open the SQLite database {path}: check that {folder} is writable "
                    "by this user, or point DATABASE_URL elsewhere."
                )
        return None
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    name = parsed.database or "(none)"
    for cause in _causes(error):
        state = getattr(cause, "sqlstate", None)
        if state == _MISSING_DATABASE:
            return (
                f"The database {name!r} doesn't exist on the PostgreSQL server at {where}. "
                f"Create it (createdb {name}) or fix the name in DATABASE_URL."
            )
        if state in _BAD_LOGIN:
            return (
                f"PostgreSQL at {where} refused the login of user {parsed.username!r}. "
                "Fix the user or password in DATABASE_URL."
            )
        if isinstance(cause, socket.gaierror):
            return (
                f"Can't find the database host {parsed.host!r}. Fix the host name in DATABASE_URL."
            )
        if isinstance(cause, ConnectionRefusedError | TimeoutError):
            reason = "refused" if isinstance(cause, ConnectionRefusedError) else "timed out"
            return (
                f"Can't reach PostgreSQL at {where} (connection {reason}). Start the server, "
                "or fix the host and port in DATABASE_URL."
            )
    return None
