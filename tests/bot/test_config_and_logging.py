from __future__ import annotations

import io
import json
import logging

import pytest

from bot.cli import main
from bot.config import ConfigError, load_settings
from bot.logging import JsonFormatter, Redactor, configure_logging

ENV_VARS = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "DATABASE_URL",
    "PORT",
    "MENTORBOT_COORDINATORS",
    "MENTORBOT_TIMEZONE",
    "MENTORBOT_COMMUNITY_CHANNEL",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


def test_defaults_need_no_configuration() -> None:
    settings = load_settings(None)
    assert settings.database_url == "sqlite+aiosqlite:///./mentorbot.db"
    assert settings.port == 3000 and settings.uses_twin and not settings.socket_mode


def test_dotenv_file_is_read(tmp_path: pytest.TempPathFactory) -> None:
    env = tmp_path / ".env"  # type: ignore[operator]
    env.write_text(
        "PORT=8080\nMENTORBOT_COORDINATORS=U0AAA, U0BBB\nSLACK_API_URL=http://127.0.0.1:9\n"
    )
    settings = load_settings(env)
    assert settings.port == 8080
    assert settings.mentorbot_coordinators == ["U0AAA", "U0BBB"]
    assert settings.slack_api_url == "http://127.0.0.1:9/"


def test_every_malformed_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "abc")
    monkeypatch.setenv("DATABASE_URL", "mysql://x/y")
    monkeypatch.setenv("MENTORBOT_TIMEZONE", "Mars/Olympus")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxp-user-token")
    with pytest.raises(ConfigError) as caught:
        load_settings(None)
    message = str(caught.value)
    assert "\n" not in message  # one line, whole in any log viewer
    for name in ("PORT", "DATABASE_URL", "MENTORBOT_TIMEZONE", "SLACK_BOT_TOKEN"):
        assert f" {name}: " in message
    assert "(got 'abc')" in message and "xoxp-user-token" not in message


def test_http_mode_requires_the_signing_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-3")
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET is missing"):
        load_settings(None).require_slack()
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-2")
    load_settings(None).require_slack()  # Socket Mode needs no signing secret


def test_cli_prints_the_problem_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PORT", "99999")
    assert main(["--env-file", "/nonexistent", "db", "upgrade"]) == 2
    assert "PORT: Input should be less than or equal to 65535" in capsys.readouterr().err


def test_logs_are_json_and_never_carry_tokens_or_secrets() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(Redactor(("signing-secret-value",))))
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning(
            "calling with xoxb-123-456-abcdef and xapp-1-A0-99",
            extra={"secret": "signing-secret-value", "team": "T0ACME"},
        )
        try:
            raise RuntimeError("token xoxb-999-888-zzz rejected")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[0]["message"] == "calling with xoxb-*** and xapp-***"
    assert lines[0]["team"] == "T0ACME" and lines[0]["secret"] == "***"
    assert "xoxb-999" not in stream.getvalue() and "RuntimeError" in lines[1]["error"]


def test_configure_logging_replaces_handlers() -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("DEBUG", secrets=("abcdefgh",))
        assert len(root.handlers) == 1
        assert isinstance(root.handlers[0].formatter, JsonFormatter)
        assert logging.getLogger("slack_bolt").level == logging.INFO
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
