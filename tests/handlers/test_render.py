"""The one renderer: every screen block kind to Block Kit, every Slack limit held there.

Each rendering is checked by slack_sdk (its models raise on many limits) and by the twin's
Slack-like validator; lists of 1,000 items stay inside a message and a view.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.models.views import View

from bot.mentoring import screens as sc
from bot.mentoring.forms import Field, Form, Kind, Option, check_values
from bot.mentoring.ports import Button, Message
from handlers.slack import render
from handlers.slack.limits import (
    BUTTON_TEXT,
    FIELD_TEXT,
    MESSAGE_BLOCKS,
    MESSAGE_TEXT,
    OPTIONS,
    SECTION_TEXT,
    VIEW_BLOCKS,
    text_length,
)
from outbox.message_json import from_json, to_json
from sandbox.twin.blockkit import validate_blocks, validate_view

ROOT = Path(__file__).resolve().parents[2]
N = 1000


def valid_message(screen: sc.Screen | Message) -> list[dict[str, Any]]:
    dicts = render.as_dicts(render.message_blocks(screen))
    assert validate_blocks(dicts, surface="message") == []
    assert len(dicts) <= MESSAGE_BLOCKS
    assert text_length(dicts) <= MESSAGE_TEXT
    return dicts


def valid_view(view: View) -> dict[str, Any]:
    data = view.to_dict()
    assert validate_view(data) == []
    assert len(data["blocks"]) <= VIEW_BLOCKS
    return data


GO = Button("go", "Go", "1", style="primary", confirm=("Sure?", "Really *go*?", "Yes"))
EVERY_KIND = sc.Screen(
    text="Everything",
    blocks=(
        sc.Header("A header"),
        sc.Text("Some *bold* and <@U1>", accessory=GO),
        sc.Fields((("Role", "Mentor"), ("Track", "Career"))),
        sc.Context("a footer"),
        sc.Divider(),
        sc.Image(alt="A chart: 3 pairs met this month", url="https://example.com/a.png"),
        sc.Image(alt="The uploaded chart: 3 pairs", file_id="F123"),
        sc.Buttons((Button("a", "A"), Button("b", "B", style="danger"))),
        sc.More("Show more", "page", "2"),
    ),
)


def test_every_block_kind_renders_to_its_block_kit() -> None:
    dicts = valid_message(EVERY_KIND)
    assert [d["type"] for d in dicts] == [
        "header", "section", "section", "context", "divider", "image", "image", "actions",
        "actions",
    ]  # fmt: skip
    assert dicts[1]["text"] == {"type": "mrkdwn", "text": "Some *bold* and <@U1>"}
    accessory = dicts[1]["accessory"]
    assert accessory["action_id"] == "go" and accessory["value"] == "1"
    assert accessory["style"] == "primary"
    assert accessory["confirm"]["confirm"]["text"] == "Yes"
    assert dicts[2]["fields"][0]["text"] == "*Role*\nMentor"
    assert dicts[5]["alt_text"] == "A chart: 3 pairs met this month"
    assert dicts[6]["slack_file"] == {"id": "F123"}
    assert dicts[8]["elements"][0] == {
        "type": "button", "text": {"type": "plain_text", "text": "Show more", "emoji": True},
        "action_id": "page", "value": "2",
    }  # fmt: skip
    assert render.message(EVERY_KIND)["text"] == "Everything"


def test_an_image_needs_a_url_or_a_file() -> None:
    with pytest.raises(ValueError):
        render.message_blocks(sc.Screen("x", (sc.Image(alt="nothing"),)))


def test_a_long_paragraph_splits_into_sections_with_its_button_on_the_last() -> None:
    text = "\n".join(f"line {i} " + "w" * 90 for i in range(100))  # ~10,000 characters
    dicts = valid_message(sc.Screen("t", (sc.Text(text, accessory=GO),)))
    assert len(dicts) == 4
    assert all(len(d["text"]["text"]) <= SECTION_TEXT for d in dicts)
    assert "accessory" in dicts[-1] and all("accessory" not in d for d in dicts[:-1])
    assert "\n".join(d["text"]["text"] for d in dicts) == text


def test_fields_go_ten_to_a_section_and_each_is_cut_at_2000() -> None:
    pairs = tuple((f"L{i}", "v" * 100) for i in range(23))
    dicts = valid_message(sc.Screen("t", (sc.Fields(pairs),)))
    assert [len(d["fields"]) for d in dicts] == [10, 10, 3]
    long = valid_message(sc.Screen("t", (sc.Fields((("L", "v" * 3000),)),)))
    assert len(long[0]["fields"][0]["text"]) == FIELD_TEXT


def test_labels_titles_and_headers_are_cut_to_slack_sizes() -> None:
    long = "word " * 100
    dicts = valid_message(
        sc.Screen("t", (sc.Header(long), sc.Buttons((Button("a", long),)), sc.Context(long * 10)))
    )
    assert len(dicts[0]["text"]["text"]) <= 150
    assert len(dicts[1]["elements"][0]["text"]["text"]) <= BUTTON_TEXT
    assert len(dicts[2]["elements"][0]["text"]) <= 3000
    view = valid_view(render.modal(sc.Screen("t", (sc.Text("x"),), title=long, submit=long)))
    assert len(view["title"]["text"]) <= 24 and len(view["submit"]["text"]) <= 24


def test_a_button_value_over_2000_is_a_bug_not_a_silent_cut() -> None:
    with pytest.raises(ValueError):
        render.message_blocks(sc.Screen("t", (sc.Buttons((Button("a", "A", "x" * 2001),)),)))


def test_thirty_buttons_make_two_rows() -> None:
    buttons = tuple(Button(f"a{i}", f"B{i}") for i in range(30))
    dicts = valid_message(sc.Screen("t", (sc.Buttons(buttons),)))
    assert [len(d["elements"]) for d in dicts] == [25, 5]


def test_a_1000_item_list_fits_a_message_and_keeps_its_buttons_and_paging() -> None:
    items = tuple(sc.Text(f"item {i} " + "x" * 200, accessory=GO) for i in range(N))
    screen = sc.Screen("t", (*items, sc.Buttons((Button("add", "Add"),)), sc.More("More", "p")))
    dicts = valid_message(screen)
    assert len(dicts) <= MESSAGE_BLOCKS
    assert dicts[-1]["elements"][0]["action_id"] == "p"
    assert dicts[-2]["elements"][0]["action_id"] == "add"
    assert "more not shown" in dicts[-3]["elements"][0]["text"]


def test_a_1000_item_list_fits_a_modal_and_the_home_tab() -> None:
    items = tuple(sc.Text(f"item {i}") for i in range(N))
    view = valid_view(render.modal(sc.Screen("t", items, title="List")))
    assert len(view["blocks"]) == VIEW_BLOCKS
    home = render.home(sc.Screen("t", (*items, sc.Buttons((Button("h", "Home"),)))))
    data = valid_view(home)
    assert data["type"] == "home" and data["blocks"][-1]["elements"][0]["action_id"] == "h"


def test_a_message_whose_text_passes_12000_characters_is_cut() -> None:
    items = tuple(sc.Text("y" * 2900) for _ in range(10))
    dicts = valid_message(sc.Screen("t", items))
    assert text_length(dicts) <= MESSAGE_TEXT and len(dicts) < 10


def test_a_screen_with_no_blocks_shows_its_text() -> None:
    assert valid_message(sc.Screen("Only text"))[0]["text"]["text"] == "Only text"


FORM = Form(
    key="every_kind",
    title="A form with a very long title indeed",
    submit="Save",
    intro="Tell us *more*.",
    fields=(
        Field("t", "Text", Kind.TEXT, max_length=100, placeholder="Type"),
        Field("lt", "Long (optional)", Kind.LONG_TEXT, required=False, hint="Any length"),
        Field("n", "Number", Kind.INTEGER, min_value=1, max_value=9),
        Field("s", "Pick", Kind.SELECT, options=tuple(Option(str(i), f"O{i}") for i in range(150))),
        Field("r", "Radio", Kind.RADIO, options=(Option("a", "A"), Option("b", "B"))),
        Field("m", "Multi", Kind.MULTI_SELECT, options=(Option("a", "A"),), max_selected=1),
        Field("c", "Boxes", Kind.CHECKBOXES, options=(Option("a", "A"),)),
        Field("us", "People", Kind.USERS),
        Field("u", "Person", Kind.USERS, max_selected=1),
        Field("ch", "Channel", Kind.CHANNEL),
        Field("d", "Date", Kind.DATE),
    ),
    initial={"s": "120", "r": "b", "u": ["U1"], "us": ["U1", "U2"], "d": "2027-01-04"},
)


def test_a_form_renders_every_input_kind_as_a_modal() -> None:
    view = valid_view(render.modal(sc.form_screen(FORM, state={"goal": 3})))
    assert view["callback_id"] == "every_kind" and len(view["title"]["text"]) <= 24
    assert json.loads(view["private_metadata"]) == {"goal": 3}
    assert view["close"]["text"] == "Cancel" and view["submit"]["text"] == "Save"
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    kinds = {key: b["element"]["type"] for key, b in inputs.items()}
    assert kinds == {
        "t": "plain_text_input", "lt": "plain_text_input", "n": "number_input",
        "s": "static_select", "r": "radio_buttons", "m": "multi_static_select",
        "c": "checkboxes", "us": "multi_users_select", "u": "users_select",
        "ch": "channels_select", "d": "datepicker",
    }  # fmt: skip
    assert len(inputs["s"]["element"]["options"]) == OPTIONS  # 150 options, Slack takes 100
    assert "initial_option" not in inputs["s"]["element"]  # "120" was cut with them
    assert inputs["d"]["element"]["initial_date"] == "2027-01-04"
    assert inputs["u"]["element"]["initial_user"] == "U1"
    assert inputs["lt"]["label"]["text"] == "Long" and inputs["lt"]["optional"] is True
    assert view["blocks"][0]["text"]["text"] == "Tell us *more*."


def test_modal_state_over_3000_characters_is_refused() -> None:
    with pytest.raises(ValueError):
        render.modal(sc.form_screen(FORM, state={"x": "y" * 3000}))


def test_submitted_values_read_back_for_every_kind() -> None:
    state = {
        "t": {"t": {"type": "plain_text_input", "value": "hi"}},
        "n": {"n": {"type": "number_input", "value": "4"}},
        "s": {"s": {"type": "static_select", "selected_option": {"value": "3"}}},
        "m": {"m": {"type": "multi_static_select", "selected_options": [{"value": "a"}]}},
        "us": {"us": {"type": "multi_users_select", "selected_users": ["U1"]}},
        "u": {"u": {"type": "users_select", "selected_user": "U2"}},
        "ch": {"ch": {"type": "channels_select", "selected_channel": "C1"}},
        "d": {"d": {"type": "datepicker", "selected_date": "2027-02-01"}},
    }
    values = render.read_values({"state": {"values": state}})
    assert values == {
        "t": "hi", "n": "4", "s": "3", "m": ["a"], "us": ["U1"], "u": "U2", "ch": "C1",
        "d": "2027-02-01",
    }  # fmt: skip


def test_a_date_field_accepts_only_a_calendar_day() -> None:
    form = Form("f", "F", "Save", (Field("d", "Date", Kind.DATE),))
    assert check_values(form, {"d": "2027-02-01"}) == {}
    assert "d" in check_values(form, {"d": "2027-02-30"})
    assert "d" in check_values(form, {"d": "soon"})


def test_a_ports_message_renders_as_before() -> None:
    message = Message(
        text="t", header="H", paragraphs=("p",), fields=(("a", "b"),), buttons=(GO,),
        footer="f", parts=(Message(text="part", paragraphs=("q",)),),
    )  # fmt: skip
    dicts = valid_message(message)
    assert [d["type"] for d in dicts] == [
        "header", "section", "section", "actions", "context", "section",
    ]  # fmt: skip


def test_a_screen_survives_the_outbox_round_trip() -> None:
    screen = sc.Screen("t", EVERY_KIND.blocks, metadata={"event_type": "x", "event_payload": {}})
    message = sc.as_message(screen)
    back = from_json(json.loads(json.dumps(to_json(message))))
    assert back == message and back.metadata == screen.metadata
    assert render.message(back) == render.message(screen)


def test_a_payload_stored_before_screens_still_loads() -> None:
    old = {
        "text": "t", "header": "H", "paragraphs": ["p"], "fields": [["a", "b"]],
        "buttons": [{"action": "go", "label": "Go", "value": "1", "style": None,
                     "confirm": None}],
        "footer": None, "parts": [], "metadata": {"event_type": "k"},
    }  # fmt: skip
    message = from_json(old)
    assert message.blocks == () and message.header == "H"
    assert message.buttons == (Button("go", "Go", "1"),)
    assert to_json(message)["blocks"] == []


def test_inputs_are_never_queued_in_a_message() -> None:
    with pytest.raises(ValueError):
        to_json(Message(text="t", blocks=(sc.Inputs(FORM.fields),)))


# Feature-specific Block Kit lives nowhere but the renderer. Modules still building their own
# (not yet turned into screens) are listed here; the list only shrinks.
MAY_IMPORT_SLACK_MODELS = {
    "handlers/slack/render.py",
    "handlers/slack/limits.py",
    "handlers/slack/messenger.py",  # file uploads
}
NOT_YET_SCREENS: set[str] = set()  # every handler module renders screens now


def _slack_model_importers() -> set[str]:
    found = set()
    for path in (ROOT / "handlers").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            if any(n.startswith("slack_sdk.models") for n in names):
                found.add(str(path.relative_to(ROOT)))
    return found


def test_no_feature_builds_its_own_block_kit() -> None:
    strays = _slack_model_importers() - MAY_IMPORT_SLACK_MODELS - NOT_YET_SCREENS
    assert strays == set(), "render a bot.mentoring.screens.Screen with handlers/slack/render.py"


def test_the_allow_list_only_shrinks() -> None:
    """A module turned into screens leaves the list (so it can't quietly come back)."""
    stale = NOT_YET_SCREENS - _slack_model_importers()
    assert stale == set(), f"remove from NOT_YET_SCREENS: {sorted(stale)}"
