"""Shared constants and Block Kit samples for the twin's tests."""

from __future__ import annotations

from typing import Any

SECRET = "twin-test-signing-secret"
TOKEN = "xoxb-twin-token"


class FakeClock:
    """Manually advanced monotonic clock for trigger expiry and rate-limit refills."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


TOPICS = [
    {"text": {"type": "plain_text", "text": "Python"}, "value": "py"},
    {"text": {"type": "plain_text", "text": "Go"}, "value": "go"},
    {"text": {"type": "plain_text", "text": "Rust"}, "value": "rs"},
]


def signup_modal(**extra: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "signup",
        "private_metadata": "cohort-7",
        "title": {"type": "plain_text", "text": "Sign up"},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [
            {
                "type": "input",
                "block_id": "goals",
                "label": {"type": "plain_text", "text": "Your goals"},
                "element": {"type": "plain_text_input", "action_id": "text", "multiline": True},
            },
            {
                "type": "input",
                "block_id": "topics",
                "label": {"type": "plain_text", "text": "Topics"},
                "element": {
                    "type": "multi_static_select",
                    "action_id": "pick",
                    "options": TOPICS,
                    "initial_options": [TOPICS[0]],
                },
            },
            {
                "type": "input",
                "block_id": "level",
                "optional": True,
                "label": {"type": "plain_text", "text": "Level"},
                "element": {
                    "type": "radio_buttons",
                    "action_id": "pick",
                    "options": [
                        {"text": {"type": "plain_text", "text": "Junior"}, "value": "jr"},
                        {"text": {"type": "plain_text", "text": "Senior"}, "value": "sr"},
                    ],
                },
            },
            {
                "type": "input",
                "block_id": "mentor",
                "optional": True,
                "label": {"type": "plain_text", "text": "Preferred mentor"},
                "element": {"type": "users_select", "action_id": "user"},
            },
        ],
        **extra,
    }


def home_view(label: str = "Sign up") -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "Mentoring"}},
            {
                "type": "actions",
                "block_id": "home_actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "open_signup",
                        "text": {"type": "plain_text", "text": label},
                        "style": "primary",
                    }
                ],
            },
        ],
    }


def request_card(mentor: str) -> dict[str, Any]:
    return {
        "type": "section",
        "block_id": f"card-{mentor}",
        "text": {"type": "mrkdwn", "text": f"Mentor <@{mentor}>"},
        "accessory": {
            "type": "button",
            "action_id": "request_mentor",
            "text": {"type": "plain_text", "text": "Request"},
            "value": mentor,
        },
    }
