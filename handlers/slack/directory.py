"""The Profiles port on Slack: users.info (and conversations.info for the CLI), paced.

users.info is a tier 4 method (about 100 calls a minute per workspace). An export that names a
few hundred people the cache doesn't know would burst past that, so calls go through a token
bucket: a short burst, then one every 0.6 s. A 429 that outlasts the client's own retries, a
timeout or a dropped connection is DirectoryUnavailable: the caller falls back to what it has.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.models import Tenant
from bot.mentoring.ports import DirectoryUnavailable, PersonName, PersonState

PER_MINUTE = 100.0  # Slack's tier 4
BURST = 20
GONE = ("user_not_found", "invalid_user", "users_not_found", "channel_not_found")


class Bucket:
    """A token bucket: `burst` calls at once, then `per_minute` a minute."""

    def __init__(
        self,
        per_minute: float = PER_MINUTE,
        burst: int = BURST,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._tokens = float(burst)
        self._sleep = sleep
        self._monotonic = monotonic
        self._last = monotonic()
        self._lock = asyncio.Lock()

    async def take(self) -> None:
        async with self._lock:
            now = self._monotonic()
            self._tokens = min(self._burst, self._tokens + (now - self._last) * self._rate)
            self._last = now
            if self._tokens < 1:
                wait = (1 - self._tokens) / self._rate
                await self._sleep(wait)
                self._last = self._monotonic()
                self._tokens = 1.0
            self._tokens -= 1


def person_from(user_id: str, user: dict[str, Any]) -> PersonName:
    """A users.info `user` object as a PersonName."""
    profile = user.get("profile") or {}
    return PersonName(
        user_id,
        display_name=str(profile.get("display_name") or "").strip() or None,
        real_name=str(user.get("real_name") or profile.get("real_name") or "").strip() or None,
        state=PersonState.DEACTIVATED if user.get("deleted") else PersonState.ACTIVE,
    )


class SlackProfiles:
    def __init__(self, client: AsyncWebClient, bucket: Bucket | None = None) -> None:
        self._client = client
        self._bucket = bucket or Bucket()

    async def lookup(self, tenant: Tenant, user_id: str) -> PersonName:
        await self._bucket.take()
        try:
            response = await self._client.users_info(user=user_id)
        except SlackApiError as exc:
            if exc.response.get("error") in GONE:
                return PersonName(user_id, state=PersonState.NOT_FOUND)
            raise DirectoryUnavailable(str(exc.response.get("error") or exc)) from exc
        except (ClientError, TimeoutError, OSError) as exc:
            raise DirectoryUnavailable(type(exc).__name__) from exc
        return person_from(user_id, response.get("user") or {})

    async def channel_name(self, tenant: Tenant, channel_id: str) -> str | None:
        await self._bucket.take()
        try:
            response = await self._client.conversations_info(channel=channel_id)
        except SlackApiError as exc:
            if exc.response.get("error") in GONE:
                return None
            raise DirectoryUnavailable(str(exc.response.get("error") or exc)) from exc
        except (ClientError, TimeoutError, OSError) as exc:
            raise DirectoryUnavailable(type(exc).__name__) from exc
        channel = response.get("channel") or {}
        return None if channel.get("is_im") or channel.get("is_mpim") else channel.get("name")
