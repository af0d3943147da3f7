"""`mentorbot` command line: run, tick, demo, match, db upgrade."""

from __future__ import annotations

import argparse
import errno
import logging
import signal
import socket
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from bot.logging import configure_logging

if TYPE_CHECKING:
    from bot.config import Settings

# `mentorbot match` works on files alone, so the settings, database and Slack modules (about a
# second of imports) load inside the functions of the other commands, never at the top.

log = logging.getLogger("mentorbot")

# What an operator reads for each reason a mentee stayed unmatched (MatchResult.unmatched).
UNMATCHED_WORDS = {
    "inactive": "paused or left",
    "no_compatible_mentor": "no mentor on their track",
    "excluded_by_rule": "every possible mentor ruled out (same organization, do-not-pair, low fit)",
    "capacity_full": "compatible mentors were full",
}
# A instant far outside these years is a typo, and date arithmetic near year 9999 overflows.
FIRST_YEAR, LAST_YEAR = 2000, 2099


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr (exit 2), like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}. See `{self.prog} --help`.\n")


def _parser(*, campaigns: bool = True) -> argparse.ArgumentParser:
    parser = _Parser(
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
    if campaigns:
        from bot import cli_campaigns as campaigns_cli

        campaigns_cli.add_parser(sub)
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply Alembic migrations to DATABASE_URL")
    return parser


def _instant(value: str) -> datetime:
    """An instant with its UTC offset. A bare date is refused, not read as midnight: a tick at
    00:00 runs nothing of that day (posts go out at 9:00), which is not what "run January 17"
    means, and any other hour would be a guess. The hint shows only forms this accepts."""
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} isn't a date and time; use ISO 8601 with a UTC offset, "
            "e.g. 2027-01-17T09:00:00-05:00"
        ) from None
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"{value!r} is out of range; pick an instant from {FIRST_YEAR} to {LAST_YEAR}"
        )
    if when.tzinfo is None:
        day, at = when.date().isoformat(), when.time().isoformat()
        if _is_bare_date(value):
            raise argparse.ArgumentTypeError(
                f"{value!r} is a day, not an instant; add the time and UTC offset, "
                f"e.g. {day}T09:00:00-05:00 or {day}T14:00:00Z"
            )
        raise argparse.ArgumentTypeError(
            f"{value!r} has no UTC offset; add one, e.g. {day}T{at}-05:00 or {day}T{at}Z"
        )
    return when


def _is_bare_date(value: str) -> bool:
    try:
        date.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


async def _wait_for_signal() -> None:
    import asyncio

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


async def _run(settings: Settings, port: int | None) -> None:
    from bot.app import MentorBot
    from bot.operator import OperatorError

    twin = None
    if settings.uses_twin:
        from sandbox.local import start_local_twin

        twin, settings = await start_local_twin(settings)
    bot = MentorBot(settings)
    try:
        try:
            bound = await bot.start(port=port)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            raise OperatorError(_port_in_use(settings.port if port is None else port)) from exc
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
    from bot.operator import ensure_default_program

    twin = None
    if settings.uses_twin:
        from sandbox.local import start_local_twin

        twin, settings = await start_local_twin(settings)
    bot = MentorBot(settings)
    try:
        await bot.prepare_database()
        # A fresh database: the default program, so January's posts go out before anyone
        # has used the bot in Slack.
        created = await ensure_default_program(bot.db, settings)
        report = await bot.tick(now or datetime.now(UTC))
        # Skipped lines name people by Slack id; the terminal shows their names.
        skipped = await bot.readable(report.planned.skipped)
    finally:
        await bot.stop()
        if twin is not None:
            await twin.stop()
    sent = report.dispatched.sent + report.dispatched.found
    if created is not None:
        print(f"Created the default program for workspace {created.workspace_id}.")
    print(
        f"Tick at {report.now.isoformat()}: {report.planned.enqueued} queued, {sent} sent, "
        f"{report.dispatched.failed} failed, {report.dispatched.retried} to retry."
    )
    if twin is not None:
        print("No Slack tokens are set, so messages went to a local Slack twin (a dry run).")
    if report.planned.skipped:
        print(f"Skipped, too late to send ({len(report.planned.skipped)}):")
        for line in skipped:
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
    from bot.mentoring.matching.csv_io import ApplicationsError
    from bot.mentoring.pairing.texts import count

    target = Path(out)
    if target.is_dir():
        raise _refuse(f"Can't write {out}: it's a folder. Give --out a file name in it.")
    if not target.parent.is_dir():
        raise _refuse(
            f"Can't write {out}: the folder {target.parent} doesn't exist. Create it, or choose "
            "another --out."
        )
    try:
        result = match_csv(applications, out, MatchRules(same_org=same_org))
    except FileNotFoundError as exc:
        raise _refuse(f"Can't read {exc.filename}: no such file.") from exc
    except ApplicationsError as exc:
        # Every bad row at once, so the whole file can be fixed in one pass.
        print(exc.summary, file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    except OSError as exc:
        raise _refuse(f"Can't use {exc.filename or out}: {exc.strerror or exc}.") from exc
    fit = result.total_score / max(len(result.proposals), 1)
    mentees = len(result.proposals) + len(result.unmatched)
    print(
        f"{count(len(result.proposals), 'pair')} proposed for {count(mentees, 'mentee')}, "
        f"average fit {fit:.0%}."
    )
    if result.unmatched:
        reasons = Counter(u.reason.value for u in result.unmatched)
        print(f"{count(len(result.unmatched), 'mentee')} unmatched:")
        for reason, how_many in reasons.most_common():
            print(f"  {how_many:>6}  {UNMATCHED_WORDS.get(reason, reason)}")
    print(f"Written to {out}: one row per mentee, with the reasons (and why, if unmatched).")
    return 0


def _refuse(message: str) -> Exception:
    """An OperatorError, whose module is imported only when `match` needs one."""
    from bot.operator import OperatorError

    return OperatorError(message)


def _operator_errors() -> tuple[type[Exception], ...]:
    """Evaluated only when an exception reaches main(), so `match` doesn't import these."""
    from bot.config import ConfigError
    from bot.operator import OperatorError

    return (ConfigError, OperatorError)


def _command(argv: Sequence[str] | None) -> str | None:
    """The subcommand word of the command line, before argparse (which needs to know whether
    to build the campaigns parser and its imports)."""
    skip = False
    for word in sys.argv[1:] if argv is None else argv:
        if skip or word == "--env-file":
            skip = not skip
        elif not word.startswith("-"):
            return word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Exit status: 0 done, 2 a problem the operator fixes (one line on stderr), 130 Ctrl-C."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        return 130
    except _operator_errors() as exc:
        print(exc, file=sys.stderr)
        return 2


def _main(argv: Sequence[str] | None) -> int:
    args = _parser(campaigns=_command(argv) != "match").parse_args(argv)
    if args.command == "match":  # works on files alone: needs no Slack or database settings
        return _match_csv(args.applications, args.out, args.same_org)
    import asyncio  # 0.1 s of imports that `match` does without

    from bot import cli_campaigns as campaigns_cli
    from bot.config import load_settings

    settings = load_settings(args.env_file)
    # Checked before logging starts, so a problem is the one line on stderr, not the last of many.
    asyncio.run(_preflight(settings, args))
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
            asyncio.run(_demo(args.database_url))
        case "db":
            asyncio.run(_db_upgrade(settings))
        case "campaigns":
            return campaigns_cli.run(settings, args)
    return 0


async def _demo(database_url: str | None) -> None:
    from sandbox.demo import run_demo

    await run_demo(database_url=database_url)


async def _preflight(settings: Settings, args: argparse.Namespace) -> None:
    """The problems an operator fixes before anything starts: the database can't be reached or
    doesn't exist, the port is taken."""
    from bot.config import load_settings
    from bot.operator import check_database
    from storage.database import Database

    url: str | None = settings.database_url
    if args.command == "demo":
        url = args.database_url  # None: the demo's own throw-away SQLite file
        if url is not None:
            load_settings(None, database_url=url)  # the same URL checks as DATABASE_URL
    if url is not None:
        db = Database(url)
        try:
            await check_database(db)
        finally:
            await db.dispose()
    if args.command == "run":
        _check_port(settings.port if args.port is None else args.port)


def _check_port(port: int) -> None:
    from bot.operator import OperatorError

    with socket.socket() as probe:
        # The same options aiohttp's server uses, so a port in TIME_WAIT isn't reported as taken.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("0.0.0.0", port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            raise OperatorError(_port_in_use(port)) from exc


def _port_in_use(port: int) -> str:
    return (
        f"Port {port} is already in use by another program. Stop it, or choose another port "
        "with PORT=... or `mentorbot run --port ...`."
    )
