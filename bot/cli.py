"""`mentorbot` command line: run, tick, demo, match, db upgrade."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from bot import cli_campaigns as campaigns_cli
from bot.config import ConfigError, Settings, load_settings
from bot.logging import configure_logging

log = logging.getLogger("mentorbot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mentorbot", description="Mentoring programs for professional communities, in Slack."
    )
    parser.add_argument("--env-file", default=".env", help="dotenv file to read (default: .env)")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "run",
        help="serve Slack (Socket Mode with SLACK_APP_TOKEN, else HTTP on PORT); "
        "with no Slack tokens, against the local Slack twin",
    )
    run.add_argument("--port", type=int, help="override PORT")
    tick = sub.add_parser(
        "tick",
        help="run once everything due at an instant (campaign posts, check-ins, nudges, term "
        "steps), catching up what was missed within the grace window, then exit",
    )
    tick.add_argument(
        "--now",
        type=_instant,
        help="the instant, ISO 8601 with its UTC offset, e.g. 2027-01-17T09:00:00-06:00 "
        "(default: the current time)",
    )
    demo = sub.add_parser(
        "demo", help="run the real bot against the local Slack twin with simulated members"
    )
    demo.add_argument("--database-url", help="default: a throw-away SQLite file")
    match = sub.add_parser(
        "match",
        help="pair applications exported from a web form (CSV); see bot/mentoring/matching/"
        "csv_io.py for the columns",
    )
    match.add_argument("applications", help="CSV of applications")
    match.add_argument("--out", required=True, help="CSV to write: one row per mentee")
    match.add_argument(
        "--same-org",
        choices=("forbid", "discourage", "allow"),
        default="discourage",
        help="pairs from the same organization (default: discourage)",
    )
    campaigns_cli.add_parser(sub)
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply Alembic migrations to DATABASE_URL")
    return parser


def _instant(value: str) -> datetime:
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} isn't a date and time; use ISO 8601, e.g. 2027-01-17T09:00:00-06:00"
        ) from None
    if when.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{value!r} has no UTC offset; add one, e.g. {value}-06:00 or {value}Z"
        )
    return when


async def _wait_for_signal() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


async def _run(settings: Settings, port: int | None) -> None:
    from bot.app import MentorBot

    twin = None
    if settings.uses_twin:
        from bot.sandbox.local import start_local_twin

        twin, settings = await start_local_twin(settings)
    bot = MentorBot(settings)
    try:
        bound = await bot.start(port=port)
        if twin is not None:
            twin.bot_url = f"http://127.0.0.1:{bound}/slack/events"
            log.info(
                "no Slack tokens set: serving the local Slack twin instead",
                extra={"slack_api_url": twin.api_url, "bot_url": twin.bot_url},
            )
        await _wait_for_signal()
    finally:
        await bot.stop()
        if twin is not None:
            await twin.stop()


async def _tick(settings: Settings, now: datetime | None) -> None:
    from bot.app import MentorBot

    twin = None
    if settings.uses_twin:
        from bot.sandbox.local import start_local_twin

        twin, settings = await start_local_twin(settings)
    bot = MentorBot(settings)
    try:
        await bot.prepare_database()
        report = await bot.tick(now or datetime.now(UTC))
    finally:
        await bot.stop()
        if twin is not None:
            await twin.stop()
    sent = report.dispatched.sent + report.dispatched.found
    print(
        f"Tick at {report.now.isoformat()}: {report.planned.enqueued} queued, {sent} sent, "
        f"{report.dispatched.failed} failed, {report.dispatched.retried} to retry."
    )
    if twin is not None:
        print("No Slack tokens are set, so messages went to a local Slack twin (a dry run).")
    if report.planned.skipped:
        print(f"Skipped, too late to send ({len(report.planned.skipped)}):")
        for line in report.planned.skipped:
            print(f"  - {line}")


async def _db_upgrade(settings: Settings) -> None:
    from storage.database import Database
    from storage.migrate import upgrade

    db = Database(settings.database_url)
    try:
        await upgrade(db)
    finally:
        await db.dispose()
    print("Database is up to date.")


def _match_csv(applications: str, out: str, same_org: str) -> int:
    from bot.mentoring.matching import MatchRules, match_csv
    from bot.mentoring.pairing_messages import count

    try:
        result = match_csv(applications, out, MatchRules(same_org=same_org))
    except FileNotFoundError as exc:
        print(f"Can't read {exc.filename}: no such file.", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"Can't use the applications: {exc}", file=sys.stderr)
        return 2
    fit = result.total_score / max(len(result.proposals), 1)
    print(
        f"{count(len(result.proposals), 'pair')} proposed, "
        f"{count(len(result.unmatched), 'mentee')} unmatched, average fit {fit:.0%}; "
        f"written to {out}."
    )
    for unmatched in result.unmatched:
        print(f"  unmatched {unmatched.mentee_id}: {unmatched.detail}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "match":  # works on files alone: needs no Slack or database settings
        return _match_csv(args.applications, args.out, args.same_org)
    try:
        settings = load_settings(args.env_file)
        secrets = (settings.slack_signing_secret or "", settings.slack_bot_token or "")
        # The demo prints a transcript; info logs on the same terminal would bury it.
        level = "ERROR" if args.command == "demo" else settings.log_level
        configure_logging(level, secrets=secrets)
        match args.command:
            case "run":
                asyncio.run(_run(settings, args.port))
            case "tick":
                asyncio.run(_tick(settings, args.now))
            case "demo":
                from bot.sandbox.demo import run_demo

                asyncio.run(run_demo(database_url=args.database_url))
            case "db":
                asyncio.run(_db_upgrade(settings))
            case "campaigns":
                return campaigns_cli.run(settings, args)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0
