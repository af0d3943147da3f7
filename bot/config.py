"""Runtime configuration: environment variables and `.env`, read once by the composition root."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./mentorbot.db"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(Exception):
    """Raised with one readable line naming every missing or malformed variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    # repr=False keeps secrets out of logs and tracebacks that print the settings.
    slack_bot_token: str | None = Field(default=None, repr=False)
    slack_signing_secret: str | None = Field(default=None, repr=False)
    slack_app_token: str | None = Field(default=None, repr=False)
    slack_api_url: str = DEFAULT_SLACK_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    port: int = Field(default=3000, ge=1, le=65535)
    mentorbot_coordinators: Annotated[list[str], NoDecode] = Field(default_factory=list)
    mentorbot_timezone: str = "America/New_York"
    mentorbot_community_channel: str | None = None
    log_level: str = "INFO"

    @field_validator("mentorbot_coordinators", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("mentorbot_coordinators")
    @classmethod
    def _check_ids(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not (v[:1] in "UW" and v[1:].isalnum() and v.isupper())]
        if bad:
            raise ValueError(f"expected Slack user ids like U012ABCDEF, got {', '.join(bad)}")
        return value

    @field_validator("mentorbot_timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            hint = "use an IANA name like America/Chicago"
            raise ValueError(f"unknown time zone {value!r}; {hint}") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError(f"not a database URL: {value!r}") from exc
        if url.drivername not in {"sqlite+aiosqlite", "postgresql+asyncpg"}:
            raise ValueError(
                "use sqlite+aiosqlite:///path.db or postgresql+asyncpg://user@host/db "
                f"(got driver {url.drivername!r})"
            )
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _check_api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"must start with http:// or https:// (got {value!r})")
        return value if value.endswith("/") else value + "/"

    @field_validator("slack_bot_token")
    @classmethod
    def _check_bot_token(cls, value: str | None) -> str | None:
        if value and not value.startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb-")
        return value or None

    @field_validator("slack_app_token")
    @classmethod
    def _check_app_token(cls, value: str | None) -> str | None:
        if value and not value.startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return value or None

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        if value.strip().upper() not in LOG_LEVELS:
            raise ValueError(f"unknown level {value!r}; use one of {', '.join(LOG_LEVELS)}")
        return value.strip().upper()

    @model_validator(mode="after")
    def _app_token_needs_bot_token(self) -> Settings:
        # Without this check the bot would quietly serve the local twin instead of Slack.
        if self.slack_app_token and not self.slack_bot_token:
            raise ValueError(
                "SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN isn't: Socket Mode needs the xoxb- "
                "bot token too (OAuth & Permissions); set it, or unset SLACK_APP_TOKEN"
            )
        return self

    @property
    def uses_twin(self) -> bool:
        """No Slack credentials at all: run against the local Slack twin."""
        return not self.slack_bot_token

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    def require_slack(self) -> None:
        """HTTP mode needs a signing secret to verify Slack; Socket Mode needs the app token."""
        if self.slack_bot_token and not self.socket_mode and not self.slack_signing_secret:
            raise ConfigError(
                "SLACK_SIGNING_SECRET is missing: HTTP mode needs it to verify requests from Slack "
                "(Basic Information > App Credentials), or set SLACK_APP_TOKEN for Socket Mode."
            )
        if self.slack_app_token and not self.slack_bot_token:
            raise ConfigError(
                "SLACK_BOT_TOKEN is missing: Socket Mode needs the xoxb- bot token too."
            )


def load_settings(env_file: str | Path | None = ".env", **overrides: object) -> Settings:
    """Read settings, turning pydantic's errors into one line per variable."""
    try:
        return Settings(_env_file=env_file, **overrides)  # type: ignore[call-arg]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            message = str(error["msg"]).removeprefix("Value error, ")
            if error["type"] != "value_error":
                message += f" (got {error.get('input')!r})"
            # A check across variables (no loc) names them itself.
            name = f"{str(error['loc'][0]).upper()}: " if error["loc"] else ""
            problems.append(f"{name}{message.rstrip('.')}")
        # One line, so a process supervisor's log shows the whole problem.
        raise ConfigError("Configuration problem: " + "; ".join(problems) + ".") from None
