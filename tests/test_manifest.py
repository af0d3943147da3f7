"""manifest.yaml is valid, and says exactly what the handlers use: no more, no less."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import handlers.slack
from bot.features import slack_listeners
from bot.mentoring.services import Services, T

ROOT = Path(__file__).resolve().parents[1]
# A copy kept in the project (MIT, with its licence), so a clone anywhere passes its own suite.
SCHEMA = ROOT / "tests/schemas/slack-manifest-schema/manifest.schema.1.0.0.json"

# The scopes each Web API method the bot calls needs (empty: needs no scope of its own).
METHOD_SCOPES: dict[str, set[str]] = {
    "chat_postMessage": {"chat:write"},
    "chat_postEphemeral": {"chat:write"},
    "chat_update": {"chat:write"},
    "users_info": {"users:read"},
    "views_open": set(),
    "views_publish": set(),
    "views_update": set(),
    # The bot opens a group DM with the two members of a pair, and (to look up an outbox
    # delivery whose outcome is unknown) its DM with one person.
    "conversations_open": {"mpim:write", "im:write"},
    # Private pair channels, when the program chooses them over group DMs.
    "conversations_create": {"groups:write"},
    "conversations_invite": {"groups:write"},
    # Finding a private pair channel again (idempotent open), checking who is in it, and
    # archiving it when the pair ends.
    "conversations_list": {"groups:read"},
    "conversations_members": {"groups:read"},
    "conversations_archive": {"groups:write"},
    # Whether the community channel (public or private) exists and has the bot.
    "conversations_info": {"channels:read", "groups:read"},
    # Looking for an outbox delivery by its key, in any kind of conversation the outbox posts to:
    # DMs, public and private channels, group DMs.
    "conversations_history": {"im:history", "channels:history", "groups:history", "mpim:history"},
    # Files sent to one person (exports, their own data): files_upload_v2 calls
    # files.getUploadURLExternal and files.completeUploadExternal, both files:write.
    "files_upload_v2": {"files:write"},
    "files_getUploadURLExternal": {"files:write"},
    "files_completeUploadExternal": {"files:write"},
}
# Events need one of these scopes to be delivered.
EVENT_SCOPES: dict[str, set[str]] = {
    "app_home_opened": set(),
    "member_joined_channel": {"channels:read", "groups:read"},
    # Commands and check-in replies typed in the bot's DM.
    "message.im": {"im:history"},
}
# Bolt registers `message`; the manifest names the conversations it comes from (the DM only).
MESSAGE_EVENTS = {"message": "message.im"}


class Recorder:
    """Stands in for AsyncApp to see what the handlers register."""

    def __init__(self) -> None:
        self.commands: set[str] = set()
        self.events: set[str] = set()
        self.actions: set[str] = set()
        self.views: set[str] = set()
        self.shortcuts: set[str] = set()

    def _record(self, into: set[str]) -> Callable[[str], Callable[[Any], Any]]:
        def register(name: str, **_options: Any) -> Callable[[Any], Any]:
            into.add(name)
            return lambda func: func

        return register

    def __getattr__(self, kind: str) -> Any:
        targets = {
            "command": self.commands,
            "event": self.events,
            "action": self.actions,
            "shortcut": self.shortcuts,
        }
        if kind in targets:
            return self._record(targets[kind])
        if kind == "view":
            return self._record(self.views)
        if kind in ("error", "use"):  # the error handler and middlewares name no Slack feature
            return lambda func: func
        raise AttributeError(kind)


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "manifest.yaml").read_text())


class BareServices(Services):
    """Any feature's service, uninitialised: registering only reads attributes; nothing runs."""

    def __getitem__(self, kind: type[T]) -> T:
        return kind.__new__(kind)


@pytest.fixture(scope="module")
def registered() -> Recorder:
    recorder = Recorder()
    services = BareServices()
    handlers.slack.register(recorder, services, slack_listeners())  # type: ignore[arg-type]
    return recorder


def test_manifest_is_valid_against_slacks_schema(manifest: dict[str, Any]) -> None:
    # The schema is the project's own copy: a fresh clone in any folder passes its own suite.
    assert SCHEMA.is_relative_to(ROOT) and SCHEMA.is_file()
    jsonschema.validate(manifest, json.loads(SCHEMA.read_text()))


def test_manifest_rules_the_schema_does_not_hold(manifest: dict[str, Any]) -> None:
    settings = manifest["settings"]
    events = settings["event_subscriptions"]
    # Slack refuses events without a request URL unless Socket Mode delivers them.
    assert settings["socket_mode_enabled"] or events.get("request_url")
    assert settings["interactivity"]["is_enabled"]
    for command in manifest["features"]["slash_commands"]:
        assert settings["socket_mode_enabled"] or command.get("url")
        assert command.get("url", "/slack/events").endswith("/slack/events")


def test_commands_match_both_ways(manifest: dict[str, Any], registered: Recorder) -> None:
    declared = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert declared == registered.commands


def test_shortcuts_match_both_ways(manifest: dict[str, Any], registered: Recorder) -> None:
    declared = {s["callback_id"] for s in manifest["features"].get("shortcuts", [])}
    assert declared == registered.shortcuts
    assert "thank_mentor" in declared  # the #ThankYourMentor shortcut


def test_events_match_both_ways(manifest: dict[str, Any], registered: Recorder) -> None:
    subscribed = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert subscribed == {MESSAGE_EVENTS.get(e, e) for e in registered.events}


def test_dm_commands_need_a_writable_messages_tab(
    manifest: dict[str, Any], registered: Recorder
) -> None:
    """Typing to the bot needs the Messages tab, open for writing, iff message.im is heard."""
    app_home = manifest["features"]["app_home"]
    writable = app_home.get("messages_tab_enabled") and not app_home.get(
        "messages_tab_read_only_enabled", True
    )
    assert bool(writable) == ("message" in registered.events)


def test_home_tab_enabled_since_the_bot_publishes_it(manifest: dict[str, Any]) -> None:
    assert manifest["features"]["app_home"]["home_tab_enabled"]


def _methods_called() -> set[str]:
    source = "\n".join(p.read_text() for p in (ROOT / "handlers/slack").rglob("*.py"))
    return {m for m in re.findall(r"client\.(\w+)\(", source)}


def test_scopes_match_what_the_code_uses_both_ways(
    manifest: dict[str, Any], registered: Recorder
) -> None:
    methods = _methods_called()
    unknown = methods - METHOD_SCOPES.keys()
    assert not unknown, f"add the scope of {unknown} to METHOD_SCOPES"
    needed: set[str] = set().union(*(METHOD_SCOPES[m] for m in methods))
    for event in registered.events:
        needed |= EVENT_SCOPES[MESSAGE_EVENTS.get(event, event)]
    if registered.commands:
        needed.add("commands")
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == needed
