"""Once acked, stays acked: a guard against a race in Bolt's asyncio listener runner.

When a listener acks and then raises, Bolt's runner (slack_bolt/listener/asyncio_runner.py)
sets `ack.response = None` after the error handler. Its request side polls `ack.response`
every 10 ms: if the listener acked and failed inside one poll (a `chat.update` Slack refuses
at once), the poll never sees the ack and Bolt answers Slack 404 three seconds later, and the
person is shown an error although their click was handled. Found by the hostile-input
campaign (tests/e2e/test_fuzzed_requests.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.response import BoltResponse


class StickyAck(AsyncAck):
    """An AsyncAck whose response, once set, is never taken back."""

    def __init__(self) -> None:
        self._response: BoltResponse | None = None
        super().__init__()

    @property  # type: ignore[override]
    def response(self) -> BoltResponse | None:
        return self._response

    @response.setter
    def response(self, value: BoltResponse | None) -> None:
        if value is not None or self._response is None:
            self._response = value


async def _sticky_ack(context: AsyncBoltContext, next: Callable[[], Awaitable[None]]) -> None:
    # Before any listener runs: the runner reads `context.ack` after the global middleware.
    # (Bolt's argument injection has already made a plain AsyncAck, still unused, by now.)
    current = context.get("ack")
    if not isinstance(current, StickyAck) and (current is None or current.response is None):
        context["ack"] = StickyAck()
    await next()


def register(app: AsyncApp) -> None:
    app.use(_sticky_ack)
