"""A listener that acks and fails at once still gets its ack to Slack (sticky_ack.py).

Without the guard Bolt's runner resets the ack when the listener raises, before its 10 ms poll
has seen it, and answers 404 after three seconds: Slack then shows the person an error for a
click that was handled.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from handlers.slack import sticky_ack


def app_that_fails_right_after_acking() -> AsyncApp:
    async def authorize() -> AuthorizeResult:  # no auth.test: nothing leaves this test
        return AuthorizeResult(enterprise_id=None, team_id="T0ACME", bot_token="xoxb-test")

    app = AsyncApp(
        client=AsyncWebClient(),
        authorize=authorize,
        request_verification_enabled=False,
        raise_error_for_unhandled_request=False,
    )
    sticky_ack.register(app)

    @app.action("boom")
    async def boom(ack: AsyncAck) -> None:
        await ack()
        raise ValueError("Slack refused the update")  # no await between: inside one poll

    @app.error
    async def quiet(error: Exception) -> None:
        assert isinstance(error, ValueError)

    return app


async def test_an_ack_followed_by_a_failure_still_answers_200() -> None:
    app = app_that_fails_right_after_acking()
    payload = {
        "type": "block_actions",
        "user": {"id": "U0ANA"},
        "team": {"id": "T0ACME"},
        "actions": [{"action_id": "boom", "block_id": "b", "type": "button", "value": "1"}],
    }
    body = urlencode({"payload": json.dumps(payload)})
    headers = {"content-type": ["application/x-www-form-urlencoded"]}
    statuses = [
        (await app.async_dispatch(AsyncBoltRequest(body=body, headers=headers))).status
        for _ in range(5)
    ]
    assert statuses == [200] * 5
