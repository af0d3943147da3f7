"""Slack listeners called directly: module-level functions, services and tenant from the context.

No app, no HTTP: each test builds the context the middleware would (handlers/slack/context.py's
`bind`) with every feature's real service over the test database, hands the listener fake
ack/respond/client objects that record what it did, and reads the result back from the database.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.features import Kernel, build
from bot.mentoring.checkins import CheckIns
from bot.mentoring.checkins import texts as checkin_say
from bot.mentoring.checkins import use_cases as ck
from bot.mentoring.goals import Goals
from bot.mentoring.goals import texts as goal_say
from bot.mentoring.membership import Bootstrap, Membership
from bot.mentoring.pairing import Pairings
from bot.mentoring.pairing import texts as pairing_say
from bot.mentoring.pairing import use_cases as pairing_use_cases
from bot.mentoring.services import Services
from handlers.slack.actions import checkins as checkin_actions
from handlers.slack.actions import pairing as pairing_actions
from handlers.slack.context import bind, services_of, tenant_of
from handlers.slack.views import goals as goal_views
from outbox.store import SqlOutbox
from storage.database import Database
from tests.conftest import MovableClock
from tests.fakes import RecordingFiles, RecordingMessenger
from tests.mentoring.checkins.test_checkins import (
    ACME,
    CHICAGO,
    COORD,
    MENTEE,
    MENTOR,
    checkin_of,
    make_pair,
)
from tests.mentoring.goals.test_goals import goal_values, stored
from tests.mentoring.membership.test_membership import answer


class FakeSlack(RecordingMessenger, RecordingFiles):
    """The Kernel's Slack ports (messages and files), recording instead of calling Slack."""

    def __init__(self) -> None:
        RecordingMessenger.__init__(self)
        RecordingFiles.__init__(self)


class Calls:
    """Stands in for ack, respond and the Web API client: records each call and its arguments."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def __call__(self, **kwargs: Any) -> None:  # ack(...) and respond(...)
        self.calls.append(("call", kwargs))

    def __getattr__(self, method: str) -> Any:  # client.chat_update(...), client.views_open(...)
        async def call(**kwargs: Any) -> dict[str, Any]:
            self.calls.append((method, kwargs))
            return {"ok": True}

        return call

    def named(self, method: str) -> list[dict[str, Any]]:
        return [kwargs for name, kwargs in self.calls if name == method]


@pytest.fixture
def services(db: Database, clock: MovableClock) -> Services:
    bootstrap = Bootstrap(coordinators=(COORD,), timezone=CHICAGO)
    kernel = Kernel(db, SqlOutbox(), bootstrap, clock, slack=FakeSlack())
    built, _ = build(kernel)
    return built


def context_for(services: Services, team: str = ACME.workspace_id) -> AsyncBoltContext:
    """What the middleware leaves in Bolt's context for a request from `team`."""
    context = AsyncBoltContext({"team_id": team})
    bind(context, services)
    return context


def click(user: str, action_id: str, value: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "user": {"id": user},
        "trigger_id": "1.2.trigger",
        "actions": [{"action_id": action_id, "value": value}],
        "container": {"channel_id": f"D{user}", "message_ts": "1700000000.000100"},
        **extra,
    }


def test_the_context_carries_the_services_and_the_requests_tenant(services: Services) -> None:
    context = context_for(services)
    assert services_of(context) is services and tenant_of(context) == ACME
    enterprise = AsyncBoltContext({"enterprise_id": "E0GRID"})  # an org-wide install
    bind(enterprise, services)
    assert tenant_of(enterprise).workspace_id == "E0GRID"
    with pytest.raises(LookupError):
        services_of(AsyncBoltContext({"team_id": "T0ACME"}))  # the middleware never ran


async def test_accepting_a_match_records_it_and_replaces_the_buttons(
    services: Services, db: Database
) -> None:
    membership = services[Membership]
    await membership.submit(ACME, MENTOR, answer())
    mentee = answer(role="mentee", capacity=None, position_level="early", years_experience="2")
    await membership.submit(ACME, MENTEE, mentee)
    pairings = services[Pairings]
    preview = await pairings.propose(ACME, COORD)
    await pairings.decide(ACME, COORD, None, run_id=preview.run_id, approve=True)
    pair_id = preview.pairs[0].id
    invitation = {"blocks": [{"type": "section"}, {"type": "actions", "elements": []}]}

    # Another workspace clicking the same id changes nothing: the tenant comes from the context.
    stranger, client = Calls(), Calls()
    body = click(MENTOR, pairing_use_cases.ACCEPT, str(pair_id), message=invitation)
    await pairing_actions.accept(
        cast(AsyncAck, stranger), body, cast(AsyncWebClient, client),
        context_for(services, "T0OTHER"),
    )  # fmt: skip
    (update,) = client.named("chat_update")
    assert update["text"] == pairing_say.NOT_YOUR_MATCH

    ack, client = Calls(), Calls()
    await pairing_actions.accept(
        cast(AsyncAck, ack), body, cast(AsyncWebClient, client), context_for(services)
    )
    assert ack.calls == [("call", {})]
    (update,) = client.named("chat_update")
    assert update["text"] == pairing_say.ACCEPTED_WAITING.format(other=MENTEE)
    assert update["channel"] == f"D{MENTOR}" and update["ts"] == "1700000000.000100"
    assert [b["type"] for b in update["blocks"]] == ["section", "context"]  # no buttons left
    # Recorded once: the same answer again is "already answered" (and was not before the click).
    again = await pairings.answer(ACME, MENTOR, pair_id, accept=True)
    assert again == pairing_say.ALREADY_ANSWERED.format(answer="accepted")


async def test_a_mood_click_records_it_opens_the_details_and_redraws_the_dm(
    services: Services, db: Database, clock: MovableClock
) -> None:
    await make_pair(db, services[Membership], clock, datetime(2027, 1, 4, 16, tzinfo=UTC))
    clock.set(datetime(2027, 1, 18, 18, tzinfo=UTC))
    await services[CheckIns].plan(ACME, clock.now)
    row = await checkin_of(db, MENTEE, 1)
    body = click(MENTEE, ck.MOOD_ACTIONS["great"], str(row.id))

    ack, respond, client = Calls(), Calls(), Calls()
    await checkin_actions.mood_clicked(
        cast(AsyncAck, ack), body, cast(AsyncWebClient, client), cast(AsyncRespond, respond),
        context_for(services),
    )  # fmt: skip
    assert ack.calls == [("call", {})]
    assert (await checkin_of(db, MENTEE, 1)).mood == "great"
    (opened,) = client.named("views_open")
    assert opened["trigger_id"] == "1.2.trigger"
    assert opened["view"].callback_id == ck.DETAILS_FORM
    (update,) = client.named("chat_update")
    assert update["channel"] == f"D{MENTEE}"
    assert respond.calls == []

    # A second click ("Struggling") keeps the first answer and says so, privately.
    again, respond = click(MENTEE, ck.MOOD_ACTIONS["struggling"], str(row.id)), Calls()
    await checkin_actions.mood_clicked(
        cast(AsyncAck, Calls()), again, cast(AsyncWebClient, Calls()),
        cast(AsyncRespond, respond), context_for(services),
    )  # fmt: skip
    (said,) = respond.calls
    label = checkin_say.MOOD_LABELS["great"]
    assert said[1]["text"] == checkin_say.ALREADY_RECORDED.format(mood=label)
    assert said[1]["replace_original"] is False
    assert (await checkin_of(db, MENTEE, 1)).mood == "great"


def submitted_view(goal_id: int, status: str) -> dict[str, Any]:
    """A goal update modal as Slack submits it: the state of each field, by block id."""
    values = goal_values()
    state: dict[str, Any] = {
        key: {"input": {"type": "plain_text_input", "value": value}}
        for key, value in values.items()
        if key != "target"
    }
    state["target"] = {"input": {"type": "datepicker", "selected_date": values["target"]}}
    state["status"] = {
        "input": {"type": "static_select", "selected_option": {"value": status}}
    }  # fmt: skip
    return {"id": "V0UPDATE", "private_metadata": json.dumps({"goal": goal_id}),
            "state": {"values": state}}  # fmt: skip


async def test_a_goal_update_saves_and_redraws_both_home_tabs(
    services: Services, db: Database, clock: MovableClock
) -> None:
    await make_pair(db, services[Membership], clock, datetime(2027, 1, 4, 15, tzinfo=UTC))
    saved, _ = await services[Goals].add(ACME, MENTEE, MENTEE, goal_values(), "view:V1")
    assert saved is not None
    goal_id = saved.goal.id
    ack, client = Calls(), Calls()
    body = {"type": "view_submission", "user": {"id": MENTOR}}
    await goal_views.goal_updated(
        cast(AsyncAck, ack), body, submitted_view(goal_id, "achieved"),
        cast(AsyncWebClient, client), context_for(services),
    )  # fmt: skip
    ((_, answered),) = ack.calls
    assert answered["response_action"] == "update"  # the modal shows what was saved
    assert {p["user_id"] for p in client.named("views_publish")} == {MENTOR, MENTEE}
    (row,) = await stored(db)
    assert row.status == "achieved"

    # A goal id the bot never wrote is refused in the modal; nothing else happens.
    ack, client = Calls(), Calls()
    await goal_views.goal_updated(
        cast(AsyncAck, ack), body, {**submitted_view(goal_id, "achieved"), "private_metadata": ""},
        cast(AsyncWebClient, client), context_for(services),
    )  # fmt: skip
    assert ack.calls == [("call", {"response_action": "errors",
                                   "errors": {"what": goal_say.NOT_FOUND}})]  # fmt: skip
    assert client.calls == []
