"""Socket Mode: the twin's end of the WebSocket a Socket Mode app opens instead of a Request URL.

As in Slack: the app calls ``apps.connections.open`` with its xapp- token and gets a one-time
``ws://…/link/?ticket=…`` URL; on connecting it is greeted with ``{"type": "hello"}``; requests
then arrive as envelopes ``{"envelope_id", "type", "payload", "accepts_response_payload", …}``
and the app acks each with ``{"envelope_id": …, "payload": {…}}``. The ack payload plays the part
of the HTTP response body (a slash command's reply, a view_submission's ``response_action``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import uuid
from collections.abc import Callable
from typing import Any, Literal

from aiohttp import WSCloseCode, WSMsgType, web

from sandbox.twin.models import TwinResponse

EnvelopeType = Literal["slash_commands", "interactive", "events_api"]
LINK_PATH = "/link/"
# Interaction types whose ack payload Slack uses; for the others the ack just confirms receipt.
_ANSWERABLE_INTERACTIONS = frozenset({"view_submission", "block_suggestion"})


class SocketUnavailable(ConnectionError):
    """No Socket Mode connection to deliver on, or the twin stopped before the app acked."""


# ----- envelopes --------------------------------------------------------------------------------


def envelope(
    kind: EnvelopeType,
    payload: dict[str, Any],
    *,
    accepts_response_payload: bool,
    retry_attempt: int | None = None,
    retry_reason: str | None = None,
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "envelope_id": str(uuid.uuid4()),
        "type": kind,
        "payload": payload,
        "accepts_response_payload": accepts_response_payload,
    }
    if kind == "events_api":  # Slack sends these on every event, 0/"" on the first attempt
        message["retry_attempt"] = retry_attempt or 0
        message["retry_reason"] = retry_reason or ""
    return message


def command_envelope(fields: dict[str, str]) -> dict[str, Any]:
    """A slash command: the form fields of the HTTP request, as a JSON object."""
    return envelope("slash_commands", dict(fields), accepts_response_payload=True)


def interactive_envelope(payload: dict[str, Any]) -> dict[str, Any]:
    answerable = payload.get("type") in _ANSWERABLE_INTERACTIONS
    return envelope("interactive", payload, accepts_response_payload=answerable)


def event_envelope(
    event_callback: dict[str, Any], *, retry_num: int | None = None, retry_reason: str = ""
) -> dict[str, Any]:
    return envelope(
        "events_api",
        event_callback,
        accepts_response_payload=False,
        retry_attempt=retry_num,
        retry_reason=retry_reason if retry_num else "",
    )


# ----- connections ------------------------------------------------------------------------------


class SocketHub:
    """Issues connection tickets, serves ``/link/`` and exchanges envelopes for acks."""

    def __init__(self, app_id: str, on_change: Callable[[], object]) -> None:
        self.app_id = app_id
        self._on_change = on_change  # wakes twin.wait_for on connect/disconnect
        self._tickets: set[str] = set()
        self._sockets: list[web.WebSocketResponse] = []
        self._opened = 0
        self._closing = False
        self._arrival = asyncio.Event()  # set whenever a connection is established
        # Acks may come back on any connection (after a refresh, on the new one), as in Slack.
        self._pending: dict[str, asyncio.Future[dict[str, Any] | None]] = {}
        self.unmatched_acks: list[dict[str, Any]] = []  # acks for envelopes nobody awaits

    @property
    def connections(self) -> int:
        """Open Socket Mode connections right now."""
        return len(self._sockets)

    @property
    def connections_opened(self) -> int:
        """How many connections were ever established (reconnects count)."""
        return self._opened

    def issue_url(self, base_ws_url: str) -> str:
        """What apps.connections.open returns; the ticket is good for one connection."""
        ticket = secrets.token_urlsafe(16)
        self._tickets.add(ticket)
        return f"{base_ws_url.rstrip('/')}{LINK_PATH}?ticket={ticket}&app_id={self.app_id}"

    async def handle(self, request: web.Request) -> web.StreamResponse:
        ticket = request.query.get("ticket", "")
        if self._closing:
            return web.Response(status=503, text="shutting down")
        if ticket not in self._tickets:
            return web.Response(status=401, text="invalid_ticket")
        self._tickets.discard(ticket)
        ws = web.WebSocketResponse()  # autoping: answers the client's pings with pongs
        await ws.prepare(request)
        await ws.send_json(self._hello(len(self._sockets) + 1))
        self._sockets.append(ws)
        self._opened += 1
        self._arrival.set()
        self._on_change()
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    self._on_text(message.data)
        finally:
            # Envelopes in flight stay pending: like Slack, the twin waits out the ack timeout.
            self._sockets.remove(ws)
            self._on_change()
        return ws

    async def send(self, message: dict[str, Any], timeout: float) -> TwinResponse:  # noqa: ASYNC109
        """Deliver one envelope and wait for its ack; the ack payload becomes the body.

        Waits up to `timeout` for a connection if none is open (the app may be reconnecting).
        Raises SocketUnavailable, or TimeoutError when the app does not ack in time.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        ws = await self._pick(deadline)
        envelope_id = str(message["envelope_id"])
        future: asyncio.Future[dict[str, Any] | None] = loop.create_future()
        self._pending[envelope_id] = future
        try:
            try:
                await ws.send_str(json.dumps(message))
            except ConnectionError as exc:  # the socket went away as we were sending
                raise SocketUnavailable(f"could not send the envelope: {exc}") from exc
            async with asyncio.timeout_at(deadline):
                payload = await future
        finally:
            self._pending.pop(envelope_id, None)
        return TwinResponse(200, payload, {})

    async def request_reconnect(self, reason: str = "refresh_requested") -> None:
        """Send ``{"type": "disconnect"}`` on every connection; clients then reconnect."""
        for ws in list(self._sockets):
            await ws.send_json(
                {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-twin"}}
            )

    def reopen(self) -> None:
        """Accept connections again (the twin was started, or restarted after stop())."""
        self._closing = False

    async def close(self) -> None:
        """Refuse new connections and close the open ones (pending sends fail)."""
        self._closing = True
        self._tickets.clear()
        for future in self._pending.values():
            if not future.done():
                future.set_exception(SocketUnavailable("the twin stopped"))
        for ws in list(self._sockets):
            with contextlib.suppress(ConnectionError):
                await ws.close(code=WSCloseCode.GOING_AWAY, message=b"twin stopped")

    # ----- internals ----------------------------------------------------------------------

    async def _pick(self, deadline: float) -> web.WebSocketResponse:
        """The newest open connection (during a refresh the old one is on its way out)."""
        while not self._closing:
            usable = [ws for ws in self._sockets if not ws.closed]
            if usable:
                return usable[-1]
            self._arrival.clear()
            try:
                async with asyncio.timeout_at(deadline):
                    await self._arrival.wait()
            except TimeoutError:
                raise SocketUnavailable("no Socket Mode connection is open") from None
        raise SocketUnavailable("the twin stopped")

    def _hello(self, num_connections: int) -> dict[str, Any]:
        return {
            "type": "hello",
            "num_connections": num_connections,
            "debug_info": {
                "host": "applink-twin",
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": self.app_id},
        }

    def _on_text(self, data: str) -> None:
        try:
            message = json.loads(data)
        except json.JSONDecodeError:
            return  # Slack ignores what it cannot parse
        if not isinstance(message, dict) or "envelope_id" not in message:
            return
        payload = message.get("payload")
        future = self._pending.get(str(message["envelope_id"]))
        if future is None or future.done():
            self.unmatched_acks.append(message)
            return
        future.set_result(payload if isinstance(payload, dict) else None)
