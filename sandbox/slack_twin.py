"""SlackTwin: a local stand-in for Slack that the real bot talks to over real HTTP.

It serves the Web API methods the bot calls (``twin.api_url``), and plays the people in the
workspace: it sends signed slash commands, clicks, modal submissions and events to the bot's
Request URL (``twin.bot_url``), interprets the bot's acks the way Slack does, and records what
each person saw (``twin.transcript(user_id)``).

Deliberate strictness: when the bot answers an interaction in a way Slack would reject or show as
an error (non-2xx ack, ack slower than 3 s, ``errors`` for unknown blocks, invalid blocks in an
ack), the problem is recorded in ``twin.protocol_errors`` and, with ``strict=True`` (default),
raised as AssertionError from the call that triggered it.

Socket Mode: the twin also serves ``apps.connections.open`` (xapp- token, ``twin.app_token``) and
the WebSocket it hands out. With ``delivery="auto"`` (default) requests are POSTed to
``twin.bot_url`` until the app first connects over Socket Mode, and go over the socket from then
on (as for an app with Socket Mode enabled); ``"http"`` or ``"socket"`` force one transport. Over
the socket each request is an envelope the app must ack within the ack timeout; the ack payload
stands in for the HTTP response body, so every method returns the same TwinResponse either way
(status 200 when acked in time, 0 when not; no connection is a ``dispatch_failed`` error).
``twin.deliveries()`` records the transport each request used.
"""

from __future__ import annotations

import copy
import time
import uuid
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiohttp import web

from sandbox.twin import payloads
from sandbox.twin.blockkit import iter_block_elements, validate_blocks, validate_view
from sandbox.twin.delivery import Courier, DeliveryMode
from sandbox.twin.faults import Fault, FaultKind
from sandbox.twin.models import (
    ApiCall,
    Channel,
    Delivery,
    Ephemeral,
    ResponseTarget,
    SharedFile,
    StoredMessage,
    Surface,
    Transport,
    TwinResponse,
    User,
    ViewRecord,
)
from sandbox.twin.ratelimit import RateLimiter
from sandbox.twin.render import render_any, render_message
from sandbox.twin.sender import BotLink
from sandbox.twin.socket_mode import LINK_PATH, SocketHub, SocketUnavailable
from sandbox.twin.state import MAX_MODAL_STACK, Workspace
from sandbox.twin.view_state import (
    STATEFUL,
    client_side_errors,
    display_value,
    value_from_python,
)
from sandbox.twin.web_api import WebApi

__all__ = ["ApiCall", "Delivery", "DeliveryMode", "SharedFile", "SlackTwin", "TwinResponse"]

# Slack shows this when an interaction request fails or times out.
CONNECTION_TROUBLE = "We had some trouble connecting. Try again?"
_Found = tuple[Surface, Any, dict[str, Any], dict[str, Any]]  # (kind, record, block, element)


class SlackTwin:
    def __init__(
        self,
        signing_secret: str,
        bot_token: str = "xoxb-twin-token",
        team_id: str = "T0TWIN",
        team_domain: str = "twin",
        host: str = "127.0.0.1",
        port: int = 0,
        trigger_ttl_seconds: float = 3.0,
        *,
        bot_user_id: str = "U0BOT",
        bot_id: str = "B0BOT",
        bot_name: str = "mentorbot",
        app_id: str = "A0TWIN",
        bot_url: str = "http://127.0.0.1:3000/slack/events",
        app_token: str = "xapp-twin-token",
        delivery: DeliveryMode = "auto",
        ack_timeout_seconds: float = 3.0,
        strict: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.host = host
        self.port = port
        self.strict = strict
        self.app_token = app_token
        self._ws = Workspace(
            team_id=team_id,
            team_domain=team_domain,
            bot_user_id=bot_user_id,
            bot_id=bot_id,
            app_id=app_id,
            clock=clock,
            trigger_ttl_seconds=trigger_ttl_seconds,
        )
        self._ws.users[bot_user_id] = User(
            bot_user_id, bot_name, bot_name, "UTC", is_bot=True, deleted=False, team_id=team_id
        )
        self._app = payloads.AppIdentity(
            team_id=team_id,
            team_domain=team_domain,
            api_app_id=app_id,
            verification_token="twin-verification-token",
            bot_user_id=bot_user_id,
            bot_id=bot_id,
        )
        self._limiter = RateLimiter(clock)
        self._sockets = SocketHub(app_id, self._ws.touch)
        self._api = WebApi(
            self._ws,
            self._limiter,
            bot_token,
            lambda: self.base_url,
            app_token=app_token,
            open_socket_url=lambda: self._sockets.issue_url(self._ws_base_url),
        )
        # Wait past Slack's 3 s so a slow ack is reported as such rather than as a hang.
        self._link = BotLink(signing_secret, bot_url, ack_timeout_seconds + 10.0)
        self._courier = Courier(self._link, self._sockets, delivery, ack_timeout_seconds)
        self._runner: web.AppRunner | None = None

    # ----- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        if self._runner is not None:
            return
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api.handle)
        app.router.add_post("/response/{response_id}", self._api.handle_response_url)
        app.router.add_post("/upload/v1/{ticket}", self._api.handle_upload)
        app.router.add_get(LINK_PATH, self._sockets.handle)
        self._sockets.reopen()
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])  # the real port when port=0
        await self._link.open()

    async def stop(self) -> None:
        await self._sockets.close()  # before the server, which would wait on open sockets
        await self._link.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        if self._runner is None:
            raise RuntimeError("SlackTwin is not started; call `await twin.start()` first")
        return f"http://{self.host}:{self.port}/"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}api/"

    @property
    def _ws_base_url(self) -> str:
        return "ws://" + self.base_url.removeprefix("http://")

    @property
    def bot_url(self) -> str:
        return self._link.bot_url

    @bot_url.setter
    def bot_url(self, value: str) -> None:
        self._link.bot_url = value

    @property
    def bot_user_id(self) -> str:
        return self._ws.bot_user_id

    @property
    def bot_id(self) -> str:
        return self._ws.bot_id

    @property
    def team_id(self) -> str:
        return self._ws.team_id

    @property
    def ack_timeout_seconds(self) -> float:
        """How long the bot has to ack (Slack: 3 s); over Socket Mode, also how long we wait."""
        return self._courier.ack_timeout

    @ack_timeout_seconds.setter
    def ack_timeout_seconds(self, value: float) -> None:
        self._courier.ack_timeout = value

    @property
    def delivery(self) -> DeliveryMode:
        """ "auto" (default), "http" or "socket": see the module docstring."""
        return self._courier.mode

    @delivery.setter
    def delivery(self, value: DeliveryMode) -> None:
        self._courier.mode = value

    @property
    def socket_connections(self) -> int:
        """Socket Mode connections open now; wait for one with `twin.wait_for`."""
        return self._sockets.connections

    @property
    def socket_connections_opened(self) -> int:
        """Socket Mode connections ever established; a reconnect adds one."""
        return self._sockets.connections_opened

    @property
    def over_socket(self) -> bool:
        """Whether requests to the bot go over Socket Mode now (see the module docstring)."""
        return self._courier.over_socket

    async def request_socket_reconnect(self, reason: str = "refresh_requested") -> None:
        """Tell every connected app to reconnect, as Slack does before recycling a server."""
        await self._sockets.request_reconnect(reason)

    @property
    def protocol_errors(self) -> list[str]:
        """Interaction answers Slack would have rejected (see module docstring)."""
        return list(self._ws.protocol_errors)

    # ----- workspace setup ------------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        name: str,
        real_name: str | None = None,
        tz: str = "America/New_York",
        is_bot: bool = False,
        deleted: bool = False,
        team_id: str | None = None,
        guest: bool = False,
    ) -> None:
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {tz!r}") from exc
        self._ws.users[user_id] = User(
            user_id,
            name,
            real_name or name,
            tz,
            is_bot,
            deleted,
            team_id or self._ws.team_id,
            is_restricted=guest,
        )
        self._ws.touch()

    def add_channel(
        self,
        channel_id: str,
        name: str,
        members: tuple[str, ...] | list[str] | set[str] = (),
        is_private: bool = False,
    ) -> None:
        """Members are user ids; include ``twin.bot_user_id`` if the bot is in the channel."""
        self._ws.channels[channel_id] = Channel(
            channel_id, name, is_private, set(members), created=int(time.time())
        )
        self._ws.touch()

    def dm_channel_id(self, user_id: str) -> str:
        """The D… id of the bot<->user DM (the same one conversations.open returns)."""
        return self._ws.dm_channel(user_id).id

    def issue_trigger(self, user_id: str) -> str:
        """A fresh trigger_id, as if `user_id` had just interacted (for direct API tests)."""
        return self._ws.issue_trigger(user_id)

    # ----- acting as a person ---------------------------------------------------------------

    async def send_command(
        self, user_id: str, text: str, command: str = "/mentor", channel_id: str | None = None
    ) -> TwinResponse:
        user = self._person(user_id)
        channel = self._channel_for(user, channel_id)
        response_id = self._ws.issue_response_url(ResponseTarget(user.id, channel.id))
        fields = payloads.slash_command(
            self._app,
            user,
            channel,
            command=command,
            text=text,
            response_url=self._api.response_url(response_id),
            trigger_id=self._ws.issue_trigger(user.id),
        )
        self._did(user.id, f"{command} {text}".rstrip())
        before = len(self._ws.protocol_errors)
        resp, failure = await self._deliver(lambda: self._courier.command(fields))
        if failure:
            self._protocol_error(
                user.id, f'{command} failed with the error "{failure}"', f"{command}: {failure}"
            )
        else:
            self._show_command_ack(user, channel, command, resp.body)
        self._raise_if_strict(before)
        return resp

    async def click(
        self,
        user_id: str,
        action_id: str,
        *,
        surface: Surface | None = None,
        value: str | None = None,
        block_id: str | None = None,
    ) -> TwinResponse:
        """Click a button (or pick `value` in a menu/picker) the person can currently see.

        Surfaces are searched most recently changed first. For buttons, `value` (and `block_id`)
        choose among several buttons sharing an action_id; for menus it is the option picked.
        """
        user = self._person(user_id)
        kind, record, block, element = self._find_element(user, action_id, surface, value, block_id)
        action, entry = self._action_for(block, element, value, record, kind)
        trigger_id = self._ws.issue_trigger(user.id)
        payload = self._block_actions_payload(user, kind, record, action, trigger_id, block, entry)
        self._did(user.id, self._describe_action(element, entry))
        before = len(self._ws.protocol_errors)
        resp, failure = await self._deliver(lambda: self._courier.interaction(payload))
        if failure:
            self._protocol_error(
                user.id, CONNECTION_TROUBLE, f"block_actions {action_id}: {failure}"
            )
        self._raise_if_strict(before)
        return resp

    async def submit_view(
        self, user_id: str, values: dict[str, object] | None = None
    ) -> TwinResponse:
        """Fill in `values` (block_id -> python value) and press the modal's submit button.

        If Slack's client would refuse (empty required field, too short...), nothing is sent:
        the errors show in the modal and the result is TwinResponse(status=0,
        body={"client_side_errors": {...}}).
        """
        user = self._person(user_id)
        record = self._ws.top_modal(user.id)
        if record is None:
            raise AssertionError(f"{user.name} has no modal open to submit")
        self._fill(record, values or {})
        title = (record.view.get("title") or {}).get("text", "")
        typed = "; ".join(
            f"{key}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
            for key, v in (values or {}).items()
            if v not in (None, "", [])
        )
        self._did(user.id, f'submitted "{title}"' + (f" ({typed})" if typed else ""))
        local = client_side_errors(record.view["blocks"], record.values)
        if local:
            self._ws.set_view_errors(record, local)
            return TwinResponse(0, {"client_side_errors": local}, {})
        payload = payloads.view_submission(
            self._app,
            user,
            trigger_id=self._ws.issue_trigger(user.id),
            view=self._ws.full_view(record),
        )
        before = len(self._ws.protocol_errors)
        resp, failure = await self._deliver(lambda: self._courier.interaction(payload))
        if failure:
            self._protocol_error(user.id, CONNECTION_TROUBLE, f"view_submission: {failure}")
        else:
            self._apply_view_answer(record, resp.body)
        self._raise_if_strict(before)
        return resp

    def fill_view(self, user_id: str, values: dict[str, object]) -> None:
        """Type/pick `values` in the open modal without submitting (e.g. before a click)."""
        user = self._person(user_id)
        record = self._ws.top_modal(user.id)
        if record is None:
            raise AssertionError(f"{user.name} has no modal open to fill in")
        self._fill(record, values)

    async def close_view(self, user_id: str) -> TwinResponse | None:
        """Press the modal's Close button; sends view_closed only if notify_on_close is set."""
        user = self._person(user_id)
        record = self._ws.top_modal(user.id)
        if record is None:
            raise AssertionError(f"{user.name} has no modal open to close")
        self._did(user.id, "closed the modal")
        self._ws.close_modals(user.id, all_views=bool(record.view.get("clear_on_close")))
        if not record.view.get("notify_on_close"):
            return None
        payload = payloads.view_closed(self._app, user, view=self._ws.full_view(record))
        resp, _ = await self._deliver(lambda: self._courier.interaction(payload))
        return resp

    async def send_event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> TwinResponse:
        """Deliver an Events API event_callback (a retry if `retry_num` is given).

        Over Socket Mode, an event the bot does not ack in time gives TwinResponse(status=0).
        """
        callback = payloads.event_callback(
            self._app, event, event_id=event_id or self._ws.new_id("Ev")
        )
        try:
            return await self._courier.event(
                callback, retry_num=retry_num, retry_reason=retry_reason
            )
        finally:
            self._ws.touch()

    async def user_joins_channel(self, user_id: str, channel_id: str) -> TwinResponse | None:
        """Add the member; like Slack, member_joined_channel only reaches a bot in the channel.

        Returns the bot's answer, or None when the bot is not a member (no event sent).
        """
        user = self._person(user_id)
        channel = self._ws.channels.get(channel_id)
        if channel is None:
            raise AssertionError(f"no channel {channel_id!r}; add it with twin.add_channel()")
        channel.members.add(user.id)
        self._did(user.id, f"joined #{channel.name}")
        self._ws.touch()
        if self.bot_user_id not in channel.members:
            return None
        event = {
            "type": "member_joined_channel",
            "user": user.id,
            "channel": channel.id,
            "channel_type": "G" if channel.is_private else "C",
            "team": user.team_id,
        }
        return await self.send_event(event)

    async def open_home(self, user_id: str) -> TwinResponse:
        user = self._person(user_id)
        event: dict[str, Any] = {
            "type": "app_home_opened",
            "user": user.id,
            "channel": self._ws.dm_channel(user.id).id,
            "tab": "home",
        }
        home = self._ws.home_views.get(user.id)
        if home is not None:
            event["view"] = self._ws.full_view(self._ws.views[home])
        self._did(user.id, "opened the Home tab")
        return await self.send_event(event)

    async def send_message(
        self, user_id: str, text: str, channel_id: str | None = None
    ) -> TwinResponse:
        """The person posts `text` (to their DM with the bot by default); sends a message event."""
        user = self._person(user_id)
        channel = self._channel_for(user, channel_id)
        ts = self._ws.new_ts()
        message = {"type": "message", "user": user.id, "text": text, "ts": ts, "team": user.team_id}
        self._ws.post_message(channel, dict(message))
        self._did(user.id, text)
        channel_type = (
            "im"
            if channel.is_im
            else "mpim"
            if channel.is_mpim
            else "group"
            if channel.is_private
            else "channel"
        )
        event = {
            **message,
            "client_msg_id": str(uuid.uuid4()),
            "channel": channel.id,
            "channel_type": channel_type,
            "event_ts": ts,
        }
        return await self.send_event(event)

    async def send_raw(self, body: bytes, headers: dict[str, str]) -> TwinResponse:
        """POST exactly these bytes and headers to the bot (for signature tests)."""
        try:
            return await self._courier.raw(body, headers)
        finally:
            self._ws.touch()

    def sign(self, body: bytes, timestamp: int) -> dict[str, str]:
        return self._link.sign(body, timestamp)

    # ----- observing ------------------------------------------------------------------------

    def open_view(self, user_id: str) -> dict[str, Any] | None:
        record = self._ws.top_modal(user_id)
        return self._ws.full_view(record) if record else None

    def view_errors(self, user_id: str) -> dict[str, str]:
        record = self._ws.top_modal(user_id)
        return dict(record.errors) if record else {}

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        view_id = self._ws.home_views.get(user_id)
        return self._ws.full_view(self._ws.views[view_id]) if view_id else None

    def dms(self, user_id: str) -> list[dict[str, Any]]:
        if not self._ws.has_dm(user_id):
            return []
        return self.channel_messages(self._ws.dm_channel(user_id).id)

    def files(self, user_id: str) -> list[SharedFile]:
        """Files the bot shared into its DM with the person, oldest first: name, title, the
        bytes as uploaded, and the comment they came with (files.completeUploadExternal)."""
        if not self._ws.has_dm(user_id):
            return []
        return self._ws.shared_files(self._ws.dm_channel(user_id).id)

    def ephemerals(self, user_id: str) -> list[dict[str, Any]]:
        return [
            {**copy.deepcopy(e.message), "channel": e.channel_id}
            for e in self._ws.ephemerals
            if e.user_id == user_id and not e.deleted
        ]

    def channel_messages(self, channel_id: str) -> list[dict[str, Any]]:
        return [copy.deepcopy(m.message) for m in self._ws.messages.get(channel_id, [])]

    def channel_members(self, channel_id: str) -> set[str]:
        channel = self._ws.channels.get(channel_id)
        return set(channel.members) if channel else set()

    def channels_named(self, prefix: str) -> list[dict[str, Any]]:
        """Channels (not DMs) whose name is `prefix` or starts with `prefix-`, archived too."""
        return [
            self._api.channel_object(c)
            for c in self._ws.channels.values()
            if not (c.is_im or c.is_mpim) and (c.name == prefix or c.name.startswith(f"{prefix}-"))
        ]

    def group_dms(self) -> list[tuple[str, set[str]]]:
        """Every group DM (mpim) opened so far: (id, members)."""
        return [(c.id, set(c.members)) for c in self._ws.channels.values() if c.is_mpim]

    def calls(self, method: str | None = None) -> list[ApiCall]:
        return [c for c in self._ws.calls if method is None or c.method == method]

    def deliveries(self, transport: Transport | None = None) -> list[Delivery]:
        """Requests sent to the bot, oldest first, with the transport each one used."""
        return [d for d in self._courier.log if transport is None or d.transport == transport]

    def transcript(self, user_id: str, *, include_actions: bool = False) -> list[str]:
        """What the person saw, oldest first; with include_actions also their own "[you] ..."
        steps (commands, clicks, submissions), which is handy for printing a demo."""
        return [
            line
            for line, own in self._ws.transcripts.get(user_id, [])
            if include_actions or not own
        ]

    def render(self, blocks_or_view: object) -> str:
        return render_any(blocks_or_view, self._ws.names())

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - the agreed public API takes a plain timeout
    ) -> None:
        """Wait until `predicate()` is true; re-checked on every state change (no polling)."""
        await self._ws.wait_for(predicate, timeout)

    # ----- rate limits ----------------------------------------------------------------------

    def set_rate_limit(self, method: str, per_minute: int | None, burst: int | None = None) -> None:
        """Token bucket per workspace: `burst` (default per_minute) calls at once, then
        per_minute/60 per second. Over it: HTTP 429 + Retry-After. None removes the limit."""
        self._limiter.set_method_limit(method, per_minute, burst)

    def set_channel_rate(self, per_second: float | None = 1.0, burst: int = 1) -> None:
        """chat.postMessage rate per channel (Slack: ~1/s); None disables."""
        self._limiter.set_channel_rate(per_second, burst)

    def inject_429(self, method: str, times: int, retry_after: int = 1) -> None:
        self._limiter.inject(method, times, retry_after)

    # ----- network faults -------------------------------------------------------------------

    def inject_fault(
        self, method: str, kind: FaultKind, *, after: bool = False, times: int = 1
    ) -> None:
        """The next `times` calls of `method` time out, have their connection reset, or get
        HTTP 503. With `after=True` the call takes effect first and only its answer is lost."""
        self._api.faults.inject(method, Fault(kind, after), times)

    @property
    def fault_timeout_seconds(self) -> float:
        return self._api.faults.timeout_seconds

    @fault_timeout_seconds.setter
    def fault_timeout_seconds(self, value: float) -> None:
        self._api.faults.timeout_seconds = value

    def restrict_channel_creation(self, restricted: bool = True) -> None:
        """Only admins may create channels: conversations.create answers restricted_action."""
        self._ws.channel_creation_restricted = restricted

    # ----- internals: people and places -----------------------------------------------------

    def _person(self, user_id: str) -> User:
        user = self._ws.users.get(user_id)
        if user is None:
            raise AssertionError(f"unknown user {user_id!r}; add it with twin.add_user()")
        if user.deleted:
            raise AssertionError(f"user {user_id!r} is deactivated and cannot act")
        return user

    def _channel_for(self, user: User, channel_id: str | None) -> Channel:
        if channel_id is None:
            return self._ws.dm_channel(user.id)
        channel = self._ws.channels.get(channel_id)
        if channel is None:
            raise AssertionError(f"no channel {channel_id!r}; add it with twin.add_channel()")
        if not channel.is_public and user.id not in channel.members:
            raise AssertionError(f"{user.name} is not a member of {channel.name or channel.id}")
        return channel

    # ----- internals: delivery and protocol checks ------------------------------------------

    async def _deliver(
        self, send: Callable[[], Awaitable[TwinResponse]]
    ) -> tuple[TwinResponse, str | None]:
        """Send an interaction; return the answer and the failure Slack would report, if any."""
        started = time.monotonic()
        try:
            resp = await send()
        except TimeoutError:
            return TwinResponse(0, None, {}), "operation_timeout"
        except SocketUnavailable as exc:
            return TwinResponse(0, None, {}), f"dispatch_failed ({exc})"
        finally:
            self._ws.touch()
        if time.monotonic() - started > self.ack_timeout_seconds:
            return resp, "operation_timeout"
        if not resp.ok:
            return resp, f"http_service_error (HTTP {resp.status})"
        return resp, None

    def _did(self, user_id: str, action: str) -> None:
        self._ws.log(user_id, f"[you] {action}", own=True)

    def _protocol_error(self, user_id: str, shown: str, detail: str) -> None:
        self._ws.protocol_errors.append(detail)
        self._ws.log(user_id, f"[error] {shown}")
        self._ws.touch()

    def _raise_if_strict(self, before: int) -> None:
        new = self._ws.protocol_errors[before:]
        if self.strict and new:
            raise AssertionError("the bot answered in a way Slack rejects: " + "; ".join(new))

    # ----- internals: slash commands --------------------------------------------------------

    def _show_command_ack(
        self, user: User, channel: Channel, command: str, body: dict[str, Any] | str | None
    ) -> None:
        """A slash command ack body is itself a message (ephemeral unless in_channel)."""
        if body is None or body == "":
            return
        content: dict[str, Any] = {"text": body} if isinstance(body, str) else dict(body)
        blocks = content.get("blocks")
        errors = validate_blocks(blocks, surface="message") if blocks is not None else []
        if errors:
            self._protocol_error(
                user.id,
                f'{command} failed with the error "invalid_blocks"',
                f"{command} ack has invalid blocks: {errors}",
            )
            return
        message = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "ts": self._ws.new_ts(),
            **{k: v for k, v in content.items() if k in ("text", "blocks", "attachments")},
        }
        if not message.get("text") and not message.get("blocks"):
            return
        if content.get("response_type") == "in_channel":
            self._ws.post_message(channel, message)
        else:
            self._ws.add_ephemeral(user.id, channel.id, message)

    # ----- internals: clicking --------------------------------------------------------------

    def _visible_surfaces(self, user_id: str) -> list[tuple[int, Surface, Any]]:
        found: list[tuple[int, Surface, Any]] = []
        top = self._ws.top_modal(user_id)
        if top is not None:
            found.append((top.seq, "modal", top))
        home = self._ws.home_views.get(user_id)
        if home is not None:
            found.append((self._ws.views[home].seq, "home", self._ws.views[home]))
        for channel in self._ws.channels.values():
            if user_id in channel.members:
                for stored in self._ws.messages.get(channel.id, []):
                    if stored.message.get("blocks"):
                        found.append((stored.seq, "message", stored))
        for eph in self._ws.ephemerals:
            if eph.user_id == user_id and not eph.deleted and eph.message.get("blocks"):
                found.append((eph.seq, "ephemeral", eph))
        found.sort(key=lambda item: item[0], reverse=True)
        return found

    @staticmethod
    def _blocks_of(record: Any) -> list[dict[str, Any]]:
        if isinstance(record, ViewRecord):
            return list(record.view.get("blocks") or [])
        if isinstance(record, (StoredMessage, Ephemeral)):
            return list(record.message.get("blocks") or [])
        return []

    def _find_element(
        self,
        user: User,
        action_id: str,
        surface: Surface | None,
        value: str | None,
        block_id: str | None,
    ) -> _Found:
        seen: list[str] = []
        for _, kind, record in self._visible_surfaces(user.id):
            if surface is not None and kind != surface:
                continue
            matches: list[tuple[dict[str, Any], dict[str, Any]]] = []
            for block in self._blocks_of(record):
                for element in iter_block_elements(block):
                    seen.append(f"{kind}:{element.get('action_id')}")
                    # Inputs inside input blocks only dispatch actions when asked to.
                    if block.get("type") == "input" and not (block.get("dispatch_action")):
                        continue
                    if element.get("action_id") != action_id:
                        continue
                    if block_id is not None and block.get("block_id") != block_id:
                        continue
                    matches.append((block, element))
            buttons = [m for m in matches if m[1].get("type") == "button"]
            if value is not None and buttons and len(buttons) == len(matches):
                matches = [m for m in buttons if m[1].get("value") == value]
            if len(matches) > 1:
                options = [(b.get("block_id"), e.get("value")) for b, e in matches]
                raise AssertionError(
                    f"{user.name} sees several {action_id!r} elements on the {kind} "
                    f"(block_id, value): {options}; pass value= or block_id="
                )
            if matches:
                return kind, record, matches[0][0], matches[0][1]
        where = f" on the {surface}" if surface else ""
        raise AssertionError(
            f"{user.name} can't see an element with action_id {action_id!r}{where}"
            + (f" and value {value!r}" if value is not None else "")
            + f"; visible action_ids: {sorted(set(seen)) or 'none'}"
        )

    def _action_for(
        self,
        block: dict[str, Any],
        element: dict[str, Any],
        value: str | None,
        record: Any,
        kind: Surface,
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """The actions[0] entry of block_actions, plus the new state entry for stateful elements."""
        el_type = str(element.get("type"))
        action: dict[str, Any] = {
            "type": el_type,
            "action_id": element["action_id"],
            "block_id": block["block_id"],
            "action_ts": f"{time.time():.6f}",
        }
        if el_type in ("button", "workflow_button"):
            action["text"] = copy.deepcopy(element.get("text"))
            for key in ("value", "style", "url"):
                if key in element:
                    action[key] = element[key]
            return action, None
        where = f"action_id {element['action_id']!r}"
        if el_type == "overflow":
            if value is None:
                raise AssertionError(f"{where}: pass value= to pick an overflow option")
            entry = value_from_python(element, value, where)
            action["selected_option"] = entry["selected_option"]
            return action, None
        if el_type not in STATEFUL:
            raise AssertionError(f"{where}: the twin cannot interact with a {el_type}")
        if value is None:
            raise AssertionError(f"{where}: pass value= to choose what to pick or type")
        entry = self._picked_entry(record, block, element, value, where)
        if isinstance(record, ViewRecord):
            record.values.setdefault(str(block["block_id"]), {})[str(element["action_id"])] = entry
            record.seq = self._ws.touch()
        action.update({k: v for k, v in entry.items() if k != "type"})
        if "placeholder" in element:
            action["placeholder"] = copy.deepcopy(element["placeholder"])
        return action, entry

    def _picked_entry(
        self,
        record: Any,
        block: dict[str, Any],
        element: dict[str, Any],
        value: str,
        where: str,
    ) -> dict[str, Any]:
        el_type = str(element.get("type"))
        is_multi = el_type.startswith("multi_") or el_type == "checkboxes"
        if not is_multi:
            return value_from_python(element, value, where)
        # Clicking a checkbox / picking in a multi-select toggles that one item.
        current: list[Any] = []
        if isinstance(record, ViewRecord):
            old = record.values.get(str(block["block_id"]), {}).get(str(element["action_id"]))
            key = next((k for k in (old or {}) if k != "type"), None)
            current = list((old or {}).get(key) or []) if key else []
        chosen = [o.get("value") if isinstance(o, dict) else o for o in current]
        picked = value_from_python(element, value, where)
        key = next(k for k in picked if k != "type")
        item = picked[key][0]
        item_value = item.get("value") if isinstance(item, dict) else item
        if item_value in chosen:
            chosen.remove(item_value)
        else:
            chosen.append(item_value)
        return value_from_python(element, chosen, where)

    def _block_actions_payload(
        self,
        user: User,
        kind: Surface,
        record: Any,
        action: dict[str, Any],
        trigger_id: str,
        block: dict[str, Any],
        entry: dict[str, Any] | None,
    ) -> dict[str, Any]:
        if isinstance(record, ViewRecord):
            return payloads.block_actions(
                self._app,
                user,
                trigger_id=trigger_id,
                container={"type": "view", "view_id": record.id},
                action=action,
                view=self._ws.full_view(record),
            )
        channel = self._ws.channels[record.channel_id]
        is_ephemeral = isinstance(record, Ephemeral)
        target = ResponseTarget(
            user.id,
            channel.id,
            message_ts=None if is_ephemeral else record.message["ts"],
            ephemeral_id=record.id if is_ephemeral else None,
        )
        payload = payloads.block_actions(
            self._app,
            user,
            trigger_id=trigger_id,
            container={
                "type": "message",
                "message_ts": record.message["ts"],
                "channel_id": channel.id,
                "is_ephemeral": is_ephemeral,
            },
            action=action,
            channel=channel,
            message=None if is_ephemeral else copy.deepcopy(record.message),
            response_url=self._api.response_url(self._ws.issue_response_url(target)),
        )
        if entry is not None:
            payload["state"] = {
                "values": {str(block["block_id"]): {str(action["action_id"]): entry}}
            }
        return payload

    def _describe_action(self, element: dict[str, Any], entry: dict[str, Any] | None) -> str:
        label = render_message({"blocks": [{"type": "actions", "elements": [element]}]})
        if entry is None:
            return f"clicked {label}"
        return f"picked {display_value(entry, self._ws.names())}"

    # ----- internals: modals ----------------------------------------------------------------

    def _fill(self, record: ViewRecord, values: dict[str, object]) -> None:
        blocks = {str(b.get("block_id")): b for b in record.view.get("blocks") or []}
        for block_id, value in values.items():
            block = blocks.get(block_id)
            inputs = [e for e in iter_block_elements(block or {}) if e.get("type") in STATEFUL]
            if block is None or not inputs:
                fillable = sorted(
                    bid
                    for bid, b in blocks.items()
                    if any(e.get("type") in STATEFUL for e in iter_block_elements(b))
                )
                raise AssertionError(
                    f"modal {record.view.get('callback_id')!r} has no input block {block_id!r}; "
                    f"fillable block_ids: {fillable}"
                )
            element = inputs[0]
            entry = value_from_python(element, value, f"block {block_id!r}")
            record.values.setdefault(block_id, {})[str(element["action_id"])] = entry
        record.errors = {}
        record.seq = self._ws.touch()

    def _apply_view_answer(self, record: ViewRecord, body: dict[str, Any] | str | None) -> None:
        """Do what Slack does with a view_submission ack."""
        user_id = record.user_id
        if body is None or body == "":
            self._ws.close_modals(user_id, all_views=False)
            return
        if isinstance(body, str):
            self._protocol_error(
                user_id, CONNECTION_TROUBLE, f"view_submission ack is text: {body!r}"
            )
            return
        action = body.get("response_action")
        if action is None:
            self._ws.close_modals(user_id, all_views=False)
        elif action == "clear":
            self._ws.close_modals(user_id, all_views=True)
        elif action == "errors":
            self._apply_errors(record, body.get("errors"))
        elif action in ("update", "push"):
            view = body.get("view")
            problems = validate_view(view)
            if not problems and isinstance(view, dict) and view.get("type") != "modal":
                problems = ["must be modal [json-pointer:/view/type]"]
            stack = self._ws.modal_stacks.get(user_id) or []
            if action == "push" and len(stack) >= MAX_MODAL_STACK:
                problems.append("push_limit_reached")
            if problems or not isinstance(view, dict):
                self._protocol_error(
                    user_id, CONNECTION_TROUBLE, f"response_action {action}: {problems}"
                )
            elif action == "update":
                self._ws.update_view(record, view)
            else:
                self._ws.open_modal(user_id, view, push=True)
        else:
            self._protocol_error(user_id, CONNECTION_TROUBLE, f"unknown response_action {action!r}")

    def _apply_errors(self, record: ViewRecord, errors: object) -> None:
        inputs = {
            str(b.get("block_id"))
            for b in record.view.get("blocks") or []
            if b.get("type") == "input"
        }
        if not isinstance(errors, dict) or not errors:
            self._protocol_error(
                record.user_id,
                CONNECTION_TROUBLE,
                f"response_action errors without errors: {errors!r}",
            )
            return
        unknown = sorted(str(k) for k in errors if k not in inputs)
        if unknown:  # Slack rejects the whole answer if any key is not an input block_id
            self._protocol_error(
                record.user_id,
                CONNECTION_TROUBLE,
                f"errors reference unknown input block_ids {unknown}; "
                f"input blocks: {sorted(inputs)}",
            )
            return
        self._ws.set_view_errors(record, {str(k): str(v) for k, v in errors.items()})
