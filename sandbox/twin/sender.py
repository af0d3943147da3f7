"""Signed HTTP delivery of Slack requests to the bot's Request URL."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from sandbox.twin.models import TwinResponse

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


class BotLink:
    """Owns the client session and the signing secret; knows nothing about workspace state."""

    def __init__(self, signing_secret: str, bot_url: str, request_timeout: float) -> None:
        self._verifier = SignatureVerifier(signing_secret)
        self.bot_url = bot_url
        self.request_timeout = request_timeout  # hard cap; ack lateness is judged by the caller
        self._session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def sign(self, body: bytes, timestamp: int) -> dict[str, str]:
        signature = self._verifier.generate_signature(timestamp=str(timestamp), body=body)
        if signature is None:  # only when timestamp is None, which cannot happen here
            raise ValueError("could not sign request")
        return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}

    async def send_form(
        self, fields: dict[str, str], *, headers: dict[str, str] | None = None
    ) -> TwinResponse:
        return await self._send_signed(urlencode(fields).encode(), FORM, headers)

    async def send_payload(self, payload: dict[str, Any]) -> TwinResponse:
        # Interactivity arrives as a form with a single JSON-encoded `payload` field.
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return await self._send_signed(body, FORM, None)

    async def send_json(
        self, payload: dict[str, Any], *, headers: dict[str, str] | None = None
    ) -> TwinResponse:
        return await self._send_signed(json.dumps(payload).encode(), JSON, headers)

    async def _send_signed(
        self, body: bytes, content_type: str, extra: dict[str, str] | None
    ) -> TwinResponse:
        headers = {"Content-Type": content_type, **self.sign(body, int(time.time()))}
        headers.update(extra or {})
        return await self.send_raw(body, headers)

    async def send_raw(self, body: bytes, headers: dict[str, str]) -> TwinResponse:
        if self._session is None:
            raise RuntimeError("SlackTwin is not started; call `await twin.start()` first")
        async with self._session.post(
            self.bot_url,
            data=body,
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=self.request_timeout),
        ) as resp:
            raw = await resp.read()
            return TwinResponse(resp.status, _decode(raw, resp.content_type), dict(resp.headers))


def _decode(raw: bytes, content_type: str) -> dict[str, Any] | str | None:
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    if content_type == JSON or text.lstrip().startswith("{"):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError:
            return text
        return parsed if isinstance(parsed, dict) else text
    return text
