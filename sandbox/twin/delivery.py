"""How requests reach the bot: POSTed to its Request URL, or as Socket Mode envelopes.

``"auto"`` POSTs until the app first connects over Socket Mode and uses the socket from then on,
as Slack does for an app with Socket Mode enabled; ``"http"`` and ``"socket"`` force one way.
Either way the caller gets a TwinResponse: over the socket, the ack payload is the body.
"""

from __future__ import annotations

from typing import Any, Literal

from sandbox.twin.models import Delivery, TwinResponse
from sandbox.twin.sender import BotLink
from sandbox.twin.socket_mode import (
    SocketHub,
    command_envelope,
    event_envelope,
    interactive_envelope,
)

DeliveryMode = Literal["auto", "http", "socket"]


class Courier:
    def __init__(
        self, link: BotLink, sockets: SocketHub, mode: DeliveryMode, ack_timeout: float
    ) -> None:
        self.link = link
        self.sockets = sockets
        self.mode: DeliveryMode = mode
        self.ack_timeout = ack_timeout  # over the socket, how long to wait for the ack
        self.log: list[Delivery] = []

    @property
    def over_socket(self) -> bool:
        if self.mode == "auto":
            return self.sockets.connections_opened > 0
        return self.mode == "socket"

    async def command(self, fields: dict[str, str]) -> TwinResponse:
        if self.over_socket:
            return await self._socket(command_envelope(fields))
        self.log.append(Delivery("http", "slash_commands"))
        return await self.link.send_form(fields)

    async def interaction(self, payload: dict[str, Any]) -> TwinResponse:
        if self.over_socket:
            return await self._socket(interactive_envelope(payload))
        self.log.append(Delivery("http", "interactive"))
        return await self.link.send_payload(payload)

    async def event(
        self,
        callback: dict[str, Any],
        *,
        retry_num: int | None,
        retry_reason: str,
    ) -> TwinResponse:
        """An event_callback; over the socket, no ack in time gives TwinResponse(status=0)."""
        if self.over_socket:
            message = event_envelope(callback, retry_num=retry_num, retry_reason=retry_reason)
            try:
                return await self._socket(message)
            except TimeoutError:
                return TwinResponse(0, None, {})
        headers = (
            {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
            if retry_num is not None
            else None
        )
        self.log.append(Delivery("http", "events_api"))
        return await self.link.send_json(callback, headers=headers)

    async def raw(self, body: bytes, headers: dict[str, str]) -> TwinResponse:
        self.log.append(Delivery("http", "raw"))
        return await self.link.send_raw(body, headers)

    async def _socket(self, message: dict[str, Any]) -> TwinResponse:
        self.log.append(Delivery("socket", message["type"], message["envelope_id"]))
        return await self.sockets.send(message, self.ack_timeout)
