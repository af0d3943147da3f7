"""`mentorbot campaigns export|import`: a program's campaign calendar as YAML, for operators."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import Settings
from bot.mentoring.campaigns.calendar import CalendarError
from bot.operator import OperatorError, bootstrap_of, ensure_default_program

if TYPE_CHECKING:
    from bot.mentoring.models import Tenant
    from storage.database import Database

OUT_OF_DATE = "The database schema is out of date. Run `mentorbot db upgrade` first."
WHICH_PROGRAM = "The database holds {count} programs; choose one with --workspace: {known}."
UNKNOWN_WORKSPACE = "No program for workspace {workspace!r}. Known workspaces: {known}."


class CampaignsCliError(OperatorError):
    """A problem the operator can fix; the message says how."""


def add_parser(sub: Any) -> None:  # argparse's private _SubParsersAction
    """`campaigns export` and `campaigns import` under the `mentorbot` parser."""
    campaigns = sub.add_parser(
        "campaigns", help="export or import a program's campaign calendar (YAML)"
    )
    actions = campaigns.add_subparsers(dest="campaigns_command", required=True)
    workspace_help = "workspace id (T...); optional when the database holds one program"
    export = actions.add_parser("export", help="write the calendar as YAML")
    export.add_argument("--workspace", help=workspace_help)
    export.add_argument("--out", help="file to write (default: standard output)")
    load = actions.add_parser(
        "import",
        help="create or update campaigns by slug from a YAML file; nothing changes if any "
        "entry is invalid",
    )
    load.add_argument("file", help="YAML calendar (the format `export` writes)")
    load.add_argument("--workspace", help=workspace_help)


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Exit status: 0 done, 2 bad input (nothing changed)."""
    text = None
    if args.campaigns_command == "import":
        try:
            text = Path(args.file).read_text()
        except OSError as exc:
            print(f"Can't read {args.file}: {exc.strerror or exc}.", file=sys.stderr)
            return 2
    try:
        workspace, output = asyncio.run(_apply(settings, args.workspace, text))
    except CampaignsCliError as exc:
        print(exc, file=sys.stderr)
        return 2
    except CalendarError as exc:
        count = len(exc.problems)
        print(
            f"{args.file} has {count} problem{'s' if count != 1 else ''}; nothing was imported:",
            file=sys.stderr,
        )
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    if text is not None:
        print(f"Imported {args.file} into {workspace}: {output}.")
    elif args.out:
        Path(args.out).write_text(output)
        print(f"Wrote the campaign calendar of {workspace} to {args.out}.")
    else:
        sys.stdout.write(output)
    return 0


async def _apply(settings: Settings, workspace: str | None, text: str | None) -> tuple[str, str]:
    """Export (text None: returns the YAML) or import `text` (returns what changed)."""
    from bot import features
    from bot.mentoring.campaigns import Campaigns
    from outbox.store import SqlOutbox
    from storage.database import Database

    db = Database(settings.database_url)
    try:
        tenant = await _tenant(db, settings, workspace)
        # The composition root's builder, offline: only what campaigns need, no Slack.
        kernel = features.Kernel(db, SqlOutbox(), bootstrap_of(settings))
        services, _ = features.build(kernel, only={"membership", "campaigns"})
        campaigns = services[Campaigns]
        if text is None:
            return tenant.workspace_id, await campaigns.export(tenant)
        result = await campaigns.import_calendar(tenant, text)
        return tenant.workspace_id, f"{result.created} created, {result.updated} updated"
    finally:
        await db.dispose()


async def _tenant(db: Database, settings: Settings, workspace: str | None) -> Tenant:
    from scheduler.jobs import tenants
    from storage.migrate import is_up_to_date, upgrade

    if db.dialect == "sqlite":
        await upgrade(db)  # embedded SQLite upgrades itself, as `run` and `tick` do
    elif not await is_up_to_date(db):
        raise CampaignsCliError(OUT_OF_DATE)
    if workspace is None and (created := await ensure_default_program(db, settings)):
        return created  # a fresh database: the default program, from the environment
    known = await tenants(db)
    names = ", ".join(sorted(t.workspace_id for t in known)) or "none"
    if workspace is not None:
        match = [t for t in known if t.workspace_id == workspace]
        if not match:
            raise CampaignsCliError(UNKNOWN_WORKSPACE.format(workspace=workspace, known=names))
        return match[0]
    if len(known) > 1:
        raise CampaignsCliError(WHICH_PROGRAM.format(count=len(known), known=names))
    return known[0]
