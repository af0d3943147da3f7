"""Pure checks: Block Kit validation rules, state shapes and rendering to plain text."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.slack_twin import SlackTwin
from sandbox.twin.blockkit import normalize_blocks, validate_blocks, validate_view
from sandbox.twin.render import mrkdwn_to_text
from sandbox.twin.view_state import client_side_errors, value_from_python
from tests.sandbox.samples import TOPICS, home_view, request_card, signup_modal


def plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


@pytest.mark.parametrize(
    ("blocks", "fragment"),
    [
        ([{"type": "header", "text": {"type": "mrkdwn", "text": "*x*"}}], "must be plain_text"),
        ([{"type": "header", "text": plain("h" * 151)}], "less than 151"),
        (
            [
                {
                    "type": "input",
                    "label": plain("L"),
                    "element": {"type": "button", "text": plain("B")},
                }
            ],
            "unsupported element type: 'button'",
        ),
        (
            [
                {
                    "type": "input",
                    "label": plain("Age"),
                    "element": {"type": "number_input", "action_id": "n"},
                }
            ],
            "/element/is_decimal_allowed",
        ),
        ([{"type": "context", "elements": [plain("c")] * 11}], "1-10 items"),
        ([{"type": "actions", "elements": []}], "1-25 items"),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {"type": "button", "text": plain("B"), "style": "fancy", "action_id": "b"}
                    ],
                }
            ],
            "primary, danger",
        ),
        (
            [
                {
                    "type": "actions",
                    "elements": [{"type": "overflow", "action_id": "o", "options": TOPICS * 2}],
                }
            ],
            "between 1 and 5",
        ),
        ([{"type": "section"}], "must provide text or fields"),
        ([{"type": "section", "fields": [plain("f")] * 11}], "at most 10"),
    ],
)
def test_block_rules(blocks: list[dict[str, Any]], fragment: str) -> None:
    errors = validate_blocks(blocks, surface="modal")
    assert any(fragment in e for e in errors), errors


def test_valid_views_pass_and_home_rules() -> None:
    assert validate_view(signup_modal()) == []
    assert validate_view(home_view()) == []
    home_with_submit = {**home_view(), "submit": plain("Go")}
    assert any("/view/submit" in e for e in validate_view(home_with_submit))
    assert any("/view/type" in e for e in validate_view({"type": "dialog", "blocks": []}))
    assert validate_blocks([request_card("U1")] * 1, surface="message") == []


def test_normalize_fills_ids_without_touching_the_input() -> None:
    raw = [{"type": "actions", "elements": [{"type": "button", "text": plain("Go")}]}]
    normalized = normalize_blocks(raw)
    assert "block_id" not in raw[0]
    assert normalized[0]["block_id"] and normalized[0]["elements"][0]["action_id"]


def test_value_shapes() -> None:
    select = {"type": "static_select", "action_id": "s", "options": TOPICS}
    assert value_from_python(select, "Go", "w") == {
        "type": "static_select",
        "selected_option": TOPICS[1],
    }
    checks = {"type": "checkboxes", "action_id": "c", "options": TOPICS}
    assert value_from_python(checks, ["py", "rs"], "w")["selected_options"] == [
        TOPICS[0],
        TOPICS[2],
    ]
    users = {"type": "multi_users_select", "action_id": "u"}
    assert value_from_python(users, ["U1"], "w") == {
        "type": "multi_users_select",
        "selected_users": ["U1"],
    }
    number = {"type": "number_input", "action_id": "n", "is_decimal_allowed": False}
    assert value_from_python(number, 3, "w") == {"type": "number_input", "value": "3"}
    with pytest.raises(AssertionError, match="not one of the options"):
        value_from_python(select, "java", "w")


def test_client_side_number_and_length_rules() -> None:
    blocks = [
        {
            "type": "input",
            "block_id": "n",
            "label": plain("Years"),
            "element": {
                "type": "number_input",
                "action_id": "v",
                "is_decimal_allowed": False,
                "max_value": "50",
            },
        },
        {
            "type": "input",
            "block_id": "t",
            "label": plain("Bio"),
            "element": {"type": "plain_text_input", "action_id": "v", "min_length": 5},
        },
    ]
    values = {
        "n": {"v": {"type": "number_input", "value": "2.5"}},
        "t": {"v": {"type": "plain_text_input", "value": "hey"}},
    }
    assert client_side_errors(blocks, values) == {
        "n": "Please enter a whole number.",
        "t": "Please enter at least 5 characters.",
    }
    values["n"]["v"]["value"] = "51"
    assert client_side_errors(blocks, values)["n"] == "Please enter a number at most 50."


def test_mrkdwn_resolution() -> None:
    names = {"U1": "alice", "C1": "general"}
    text = "Hi <@U1>, see <#C1> and <https://x.test|the guide> &amp; <!here>"
    assert mrkdwn_to_text(text, names) == "Hi @alice, see #general and the guide & @here"


def test_render_shows_what_a_person_sees() -> None:
    twin = SlackTwin(signing_secret="s")
    twin.add_user("U2", "bob")
    assert twin.render(signup_modal()).splitlines() == [
        "== Sign up ==",
        "Your goals:",
        "Topics: Python",  # the initial option
        "Level (optional):",
        "Preferred mentor (optional):",
        "[Cancel] [Save]",
    ]
    blocks = [
        {"type": "header", "text": plain("Mentors")},
        request_card("U2"),
        {
            "type": "section",
            "text": plain("Details"),
            "fields": [{"type": "mrkdwn", "text": "*Tz*\nCET"}, plain("Remote")],
        },
        {"type": "divider"},
        {"type": "context", "elements": [plain("3 open slots")]},
        {
            "type": "actions",
            "elements": [
                {"type": "button", "text": plain("Yes"), "action_id": "y"},
                {
                    "type": "static_select",
                    "action_id": "s",
                    "placeholder": plain("Topic"),
                    "options": TOPICS,
                },
            ],
        },
    ]
    assert twin.render(blocks).splitlines() == [
        "# Mentors",
        "Mentor @bob | [Request]",
        "Details",
        "*Tz* CET",
        "Remote",
        "---",
        "3 open slots",
        "[Yes] [Topic ▾]",
    ]
    assert twin.render({"text": "plain <@U2>"}) == "plain @bob"
