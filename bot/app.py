"""Composition root: builds the database, the Bolt app, the scheduler and the HTTP server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

import handlers.slack
from bot import features
from bot.config import ConfigError, Settings
from bot.mentoring import messages as text
from bot.mentoring.clock import Clock
from bot.mentoring.membership import Bootstrap
from bot.mentoring.models import Tenant
from bot.mentoring.pairing import Pairings
from bot.mentoring.people import People
from bot.mentoring.schedule import Planner, PlanReport
from bot.mentoring.services import Services
from handlers.slack.channels import SlackChannelAccess
from handlers.slack.directory import SlackProfiles
from handlers.slack.messenger import SlackMessenger
from handlers.slack.verified_endpoint import MAX_BODY_BYTES, VerifiedEndpoint
from outbox.dispatcher import Dispatcher, DispatchReport
from outbox.pacing import Pacer
from outbox.store import SqlOutbox
from scheduler.jobs import plan_due, tenants
from scheduler.setup import build_scheduler
from storage.database import Database
from storage.migrate import is_up_to_date, upgrade

log = logging.getLogger(__name__)

# Slack's chat.postMessage allows about one message per second per channel (the pacer's
# default) and publishes no fixed workspace figure; 10 a second keeps a 10,000-DM check-in
# fan-out to about 17 minutes, and any 429 pauses the workspace for its Retry-After.
WORKSPACE_POSTS_PER_MINUTE = 600.0


def build_client(settings: Settings) -> AsyncWebClient:
    return AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        # Without this handler slack_sdk raises on 429 instead of waiting Retry-After.
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
    )


def build_dispatch_client(settings: Settings) -> AsyncWebClient:
    """The outbox's own client: no 429 retry handler, because the dispatcher paces sends and
    honours Retry-After itself (a retrying client would hold a claim while it sleeps), and
    no connection-error retry either: a reset after Slack posted would be re-sent blind, where
    the dispatcher looks for the message first."""
    return AsyncWebClient(
        token=settings.slack_bot_token, base_url=settings.slack_api_url, retry_handlers=[]
    )


def _report_dispatcher_end(task: asyncio.Task[None]) -> None:
    """A bug that ends the dispatcher loop is logged with its traceback (and /healthz fails)."""
    if not task.cancelled() and (error := task.exception()) is not None:
        log.error("the dispatcher stopped", exc_info=error)


@dataclass
class TickReport:
    now: datetime
    planned: PlanReport
    dispatched: DispatchReport


def build_bolt_app(
    settings: Settings,
    client: AsyncWebClient,
    services: Services,
    *,
    process_before_response: bool = False,  # True only to measure the alternative
) -> AsyncApp:
    """The Bolt app with the shared listeners and every feature's (bot/features.py)."""
    app = AsyncApp(
        process_before_response=process_before_response,
        client=client,
        signing_secret=settings.slack_signing_secret or "",
        # Socket Mode does not sign requests, so there is nothing to verify there.
        request_verification_enabled=not settings.socket_mode,
        raise_error_for_unhandled_request=False,
    )
    handlers.slack.register(app, services, features.slack_listeners())
    return app


@dataclass
class MentorBot:
    settings: Settings
    clock: Clock | None = None
    db: Database = field(init=False)
    channels: SlackChannelAccess = field(init=False)
    # Every feature's service, by class (`bot.services[Pairings]`), built from bot/features.py.
    services: Services = field(init=False)
    bolt: AsyncApp = field(init=False)
    outbox: SqlOutbox = field(init=False)
    # Everything that plans scheduled messages (campaigns, check-ins, awards, pairs); run by
    # `tick` and the scheduler's planning job.
    planners: list[Planner] = field(init=False)
    # How often the dispatcher looks for due messages when nobody wakes it.
    dispatch_poll_seconds: float = 5.0

    def __post_init__(self) -> None:
        self.settings.require_slack()
        self.db = Database(self.settings.database_url)
        bootstrap = Bootstrap(
            coordinators=tuple(self.settings.mentorbot_coordinators),
            timezone=self.settings.mentorbot_timezone,
            community_channel=self.settings.mentorbot_community_channel,
        )
        self.outbox = SqlOutbox()
        client = build_client(self.settings)
        self.channels = SlackChannelAccess(client)
        kernel = features.Kernel(
            self.db,
            self.outbox,
            bootstrap,
            self.clock,
            # One messenger for the use cases (messages they send at once, private files).
            slack=SlackMessenger(client),
            channels=self.channels,
            # Names for coordinators' files and the CLI: users.info, cached in the database.
            profiles=SlackProfiles(client),
        )
        self.services, self.planners = features.build(kernel)
        self.bolt = build_bolt_app(self.settings, client, self.services)
        self.dispatcher = Dispatcher(
            self.db,
            # The outbox's own messenger: its client never retries by itself (see above).
            SlackMessenger(build_dispatch_client(self.settings)),
            pacer=Pacer(WORKSPACE_POSTS_PER_MINUTE, workspace_burst=10),
            now=self.now,
            steps=self.services[Pairings],  # opening pairs' conversations (OPEN_SPACE steps)
        )
        self.scheduler = build_scheduler(self.db, self)
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._dispatching: asyncio.Task[None] | None = None
        self._dispatch_lock = asyncio.Lock()

    def now(self) -> datetime:
        return self.clock() if self.clock is not None else datetime.now(UTC)

    async def plan(self, now: datetime | None = None) -> PlanReport:
        """Enqueue every scheduled message due at `now` (default: the bot's clock)."""
        report = await plan_due(self.db, self.planners, now or self.now())
        if report.enqueued:
            self.outbox.wake()
        return report

    async def tick(self, now: datetime | None = None) -> TickReport:
        """Run, once, everything due at `now`, and send it: `mentorbot tick` and the tests."""
        when = now or self.now()
        dispatcher = Dispatcher(
            self.db, self.dispatcher.messenger, pacer=self.dispatcher.pacer, now=lambda: when,
            steps=self.services[Pairings],
        )  # fmt: skip
        # Hold off this process's own dispatcher loop, so the report covers every message
        # the tick planned (another process's dispatcher may still take some: fine, it sends).
        async with self._dispatch_lock:
            planned = await plan_due(self.db, self.planners, when)
            return TickReport(when, planned, await dispatcher.drain())

    async def readable(self, lines: Sequence[str]) -> list[str]:
        """Report lines for a terminal: people's and channels' ids followed by their names."""
        found = await tenants(self.db)
        if len(found) != 1:  # one Slack token serves one workspace; else leave the ids
            return list(lines)
        return [await self.services[People].readable(found[0], line) for line in lines]

    async def prepare_database(self) -> None:
        """Embedded SQLite upgrades itself; a shared server is upgraded by an operator."""
        if self.db.dialect == "sqlite":
            await upgrade(self.db)
        elif not await is_up_to_date(self.db):
            raise ConfigError(
                "The database schema is out of date. Run `mentorbot db upgrade` first."
            )

    def web_app(self) -> web.Application:
        if self.settings.socket_mode:
            # Requests arrive over the socket unsigned; an HTTP door here would accept forgeries.
            app = web.Application()
        else:
            # Our endpoint proves each request came from Slack before anything parses it,
            # then hands it to Bolt (which checks the signature again).
            app = web.Application(client_max_size=MAX_BODY_BYTES)
            VerifiedEndpoint(self.bolt, self.settings.slack_signing_secret or "").add_to(app)
        app.router.add_get("/healthz", self._healthz)
        return app

    async def _healthz(self, _request: web.Request) -> web.Response:
        try:
            await self.db.ping()
        except (SQLAlchemyError, OSError) as exc:
            log.warning("health check: database unreachable", extra={"error": str(exc)})
            return web.json_response({"ok": False, "database": "unreachable"}, status=503)
        if not self.scheduler.running:
            return web.json_response({"ok": False, "scheduler": "stopped"}, status=503)
        if self._dispatching is not None and self._dispatching.done():
            # Nothing would be sent any more: let the orchestrator restart the process.
            return web.json_response({"ok": False, "dispatcher": "stopped"}, status=503)
        return web.json_response({"ok": True})

    async def check_community_channel(self) -> str | None:
        """The operator hears at once, in the log, when the configured channel won't work."""
        channel = self.settings.mentorbot_community_channel
        if not channel:
            return None
        # One bot token serves one workspace: the tenant does not change the answer.
        problem = await self.channels.problem(Tenant("slack", ""), channel)
        if problem is None:
            return None
        why = text.CHANNEL_PROBLEMS_LOG[problem.value].format(channel=channel)
        log.warning(f"MENTORBOT_COMMUNITY_CHANNEL: {why}; campaign posts there will fail")
        return why

    async def start(self, host: str = "0.0.0.0", port: int | None = None) -> int:
        """Start serving; returns the port the HTTP server listens on."""
        await self.prepare_database()
        await self.check_community_channel()
        self.scheduler.start()
        loop = self.dispatcher.run_forever(
            self.dispatch_poll_seconds, wait=self.outbox.wait, lock=self._dispatch_lock
        )
        self._dispatching = asyncio.create_task(loop, name="dispatcher")
        self._dispatching.add_done_callback(_report_dispatcher_end)
        self._runner = web.AppRunner(self.web_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, self.settings.port if port is None else port)
        await site.start()
        bound = self._runner.addresses[0][1]
        if self.settings.socket_mode:
            self._socket = AsyncSocketModeHandler(self.bolt, self.settings.slack_app_token)
            await self._socket.connect_async()
            log.info("connected to Slack in Socket Mode", extra={"health_port": bound})
        else:
            log.info("listening for Slack on POST /slack/events", extra={"port": bound})
        return bound

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
        if self._runner is not None:
            await self._runner.cleanup()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self._dispatching is not None and not self._dispatching.done():
            self._dispatching.cancel()
            # The loop ends by cancellation; its CancelledError is the expected way out.
            with contextlib.suppress(asyncio.CancelledError):
                await self._dispatching
        await self.db.dispose()
