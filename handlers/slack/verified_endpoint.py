"""`POST /slack/events`: nothing reads a request before it is proven to come from Slack.

Bolt parses the body, and builds its context from it, before its own signature check; a
missing or non-numeric timestamp makes that check raise, and the error reached our error
handler with the unverified body (which named where to post). This endpoint reads the raw
bytes with a size cap, checks both headers and the HMAC over exactly those bytes, and only
then decodes or parses anything. Bolt's own check stays on behind it.

Answers: 413 too big, 401 not proven (missing, malformed, stale or wrong signature), 400
proven but unreadable (empty, not UTF-8, not a JSON object). None of them reach Bolt.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_internals import build_async_context
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.request.internals import build_normalized_headers, extract_content_type

log = logging.getLogger(__name__)

PATH = "/slack/events"
# Slack publishes no maximum for what it sends. The largest request we can legitimately get
# is a view_submission echoing one of our modals with everything typed in it (a few dozen
# inputs of at most 3,000 characters, percent-encoded): well under 1 MiB, which is also
# aiohttp's default. Anything bigger is refused before it is read whole.
MAX_BODY_BYTES = 1024 * 1024
# Slack's replay window: a signed request older (or newer) than this is refused.
MAX_SKEW_SECONDS = 5 * 60
# Set in Bolt's context for every request this endpoint proved; the error handler answers
# people only on requests carrying it (or arriving over the authenticated Socket Mode link).
VERIFIED = "mentorbot_verified_request"

TIMESTAMP_HEADER = "X-Slack-Request-Timestamp"
SIGNATURE_HEADER = "X-Slack-Signature"
# Unix seconds, ASCII digits only (str.isdigit() would take "²", which int() refuses).
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
# Bolt reads the body and its context from these shapes; anything else it would crash on.
_SHAPE_ERRORS = (AttributeError, IndexError, KeyError, TypeError, ValueError, RecursionError)


class TooLarge(Exception):
    """The body is over MAX_BODY_BYTES."""


def signature_of(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's v0 signature, over the raw bytes (slack_sdk's verifier needs UTF-8 text, and
    decoding before verifying would already be reading an unproven body)."""
    base = b"v0:" + timestamp.encode("ascii") + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class VerifiedEndpoint:
    def __init__(
        self, bolt: AsyncApp, signing_secret: str, *, now: Callable[[], float] = time.time
    ) -> None:
        if not signing_secret:
            raise ValueError("HTTP mode needs SLACK_SIGNING_SECRET")
        self._bolt = bolt
        self._secret = signing_secret
        self._now = now

    def add_to(self, app: web.Application) -> None:
        app.router.add_post(PATH, self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        try:
            raw = await _read_capped(request)
        except TooLarge:
            return _refuse(413, "body over the size limit", request)
        unproven = self.why_unproven(request, raw)
        if unproven:
            return _refuse(401, unproven, request)
        bolt_request = _bolt_request(request, raw)
        if isinstance(bolt_request, str):
            return _refuse(400, bolt_request, request)
        return await to_aiohttp_response(await self._bolt.async_dispatch(bolt_request))

    def why_unproven(self, request: web.Request, raw: bytes) -> str | None:
        """Why the request is not proven to come from Slack, or None when it is."""
        timestamps = request.headers.getall(TIMESTAMP_HEADER, [])
        signatures = request.headers.getall(SIGNATURE_HEADER, [])
        # Exactly one of each: Bolt must check the very values checked here.
        if len(timestamps) != 1 or len(signatures) != 1:
            return "missing or repeated signature headers"
        timestamp, signature = timestamps[0], signatures[0]
        if not _TIMESTAMP.fullmatch(timestamp):
            return "malformed timestamp"
        if abs(self._now() - int(timestamp)) > MAX_SKEW_SECONDS:
            return "stale timestamp"
        if not _SIGNATURE.fullmatch(signature):
            return "malformed signature"
        if not hmac.compare_digest(signature_of(self._secret, timestamp, raw), signature):
            return "wrong signature"
        return None


async def _read_capped(request: web.Request) -> bytes:
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise TooLarge
    chunks: list[bytes] = []
    size = 0
    # Counted on the bytes received, not on Content-Length, which the sender chooses.
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _bolt_request(request: web.Request, raw: bytes) -> AsyncBoltRequest | str:
    """Bolt's request for a proven body, or why the body can't be one."""
    if not raw:
        return "empty body"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "body is not UTF-8"
    content_type = extract_content_type(build_normalized_headers(request.headers))  # type: ignore[arg-type]
    try:
        parsed: Any = parse_body(text, content_type)
    except (ValueError, RecursionError):
        return "body is not valid JSON"
    if not isinstance(parsed, dict):
        return "body is not a JSON object"
    try:
        bolt_request = AsyncBoltRequest(
            body=text,
            query=request.query_string,
            headers=request.headers,  # type: ignore[arg-type]
            context={VERIFIED: True},
        )
        if bolt_request.body != parsed:
            # Bolt reads any form mentioning "payload" (`/mentor log 1h payload review`) as
            # an interaction and finds {}: it would answer 404 and nobody would hear back.
            bolt_request.body = parsed
            bolt_request.context = build_async_context(AsyncBoltContext({VERIFIED: True}), parsed)
        return bolt_request
    except _SHAPE_ERRORS:
        return "body has fields of the wrong type"


def parse_body(text: str, content_type: str | None) -> Any:
    """Bolt's rule (JSON; a form; a form's JSON `payload` field), except that a form is an
    interaction only when it has a `payload` field, not whenever the word appears in it."""
    if content_type == "application/json" or text.startswith("{"):
        return json.loads(text)
    form = dict(parse_qsl(text, keep_blank_values=True))
    return json.loads(form["payload"]) if "payload" in form else form


def _refuse(status: int, reason: str, request: web.Request) -> web.Response:
    # Never the body or its fields: they are unproven (or unreadable).
    log.warning(
        "refused a request to /slack/events",
        extra={"status": status, "reason": reason, "remote": request.remote},
    )
    # A forger learns nothing about which check failed.
    shown = "invalid request" if status == 401 else reason
    return web.json_response({"error": shown}, status=status)
