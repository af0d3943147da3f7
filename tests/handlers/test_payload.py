"""The one reader of ids and metadata that come back inside Slack payloads."""

from __future__ import annotations

import pytest

from handlers.slack.payload import (
    MAX_RECORD_ID,
    id_and_page,
    metadata,
    metadata_id,
    record_id,
    two_ids,
    user_id,
)


@pytest.mark.parametrize(
    "value",
    ["9" * 5000, "9" * 20, str(MAX_RECORD_ID + 1), "²", "٣", "-1", "0", "1e3", "1.0", "", " ",
     True, False, 1.0, None, [], {}, -5, 0, MAX_RECORD_ID + 1],
)  # fmt: skip
def test_record_id_refuses_what_the_bot_never_writes(value: object) -> None:
    assert record_id(value) is None


@pytest.mark.parametrize(
    ("value", "expected"), [("7", 7), (" 7 ", 7), (7, 7), (MAX_RECORD_ID, MAX_RECORD_ID)]
)
def test_record_id_reads_what_the_bot_writes(value: object, expected: int) -> None:
    assert record_id(value) == expected


def test_button_values() -> None:
    assert id_and_page("12:3") == (12, 3)
    assert id_and_page("0") == (0, 0)  # a lone page
    assert id_and_page("12:" + "9" * 5000) is None
    assert id_and_page("12:x") is None
    assert two_ids("4:5") == (4, 5)
    assert two_ids("4") is None
    assert two_ids("4:²") is None


@pytest.mark.parametrize(
    "raw",
    ["[" * 1400 + "]" * 1400, '{"a": ' + "9" * 5000 + "}", "x" * 3001, "not json", "[]", "null", 5],
)
def test_metadata_is_an_object_or_nothing(raw: object) -> None:
    assert metadata({"private_metadata": raw}) == {}


def test_metadata_ids() -> None:
    view = {"private_metadata": '{"checkin": 5, "flag": true, "big": 99999999999999999999}'}
    assert metadata_id(view, "checkin") == 5
    assert metadata_id(view, "flag") is None
    assert metadata_id(view, "big") is None
    assert metadata_id({"private_metadata": None}, "checkin") is None
    assert metadata("not a view") == {}


def test_user_ids() -> None:
    assert user_id("U0ANA") == "U0ANA"
    assert user_id("W123ABC") == "W123ABC"
    for bad in ("u0ana", "U", "<@U0ANA>", "U0ANA\n", {"id": "U0ANA"}, None, "U" + "A" * 40):
        assert user_id(bad) is None
