"""The award lists and modals stay inside Block Kit's limits (slack_sdk validates them), with
the longest answers the forms allow."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.mentoring.awards.forms import IMPACT_MAX, NAME_MAX, WHY_MAX, cycle_form, nomination_form
from bot.mentoring.awards.screens import (
    NOMINATIONS_PAGE,
    cycle_list,
    cycle_modal,
    nomination_modal,
    nominations,
)
from bot.mentoring.awards.use_cases import (
    CycleList,
    CycleView,
    NominationForm,
    NominationList,
    NominationView,
)
from handlers.slack import render

CHICAGO = ZoneInfo("America/Chicago")


def _cycle(i: int, count: int) -> CycleView:
    return CycleView(
        i, "N" * NAME_MAX, date(2027, 1, 4), date(2027, 1, 31), date(2027, 2, 15), "closed",
        count, tuple(f"U0WINNER{n}" for n in range(10)),
    )  # fmt: skip


def _nominations(count: int) -> NominationList:
    entry = NominationView(
        "U0NOMINEE", "U0NOMINATOR", "w" * WHY_MAX, "i" * IMPACT_MAX,
        datetime(2027, 1, 10, 9, tzinfo=CHICAGO),
    )  # fmt: skip
    tally = tuple((f"U0N{n}", 3) for n in range(40))
    return NominationList(_cycle(1, count), (entry,) * count, tally)


def _pages(blocks: list[dict[str, object]]) -> list[str]:
    return [
        e["value"]
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]  # type: ignore[attr-defined]
        if e["action_id"] in (NOMINATIONS_PAGE, "award_nominations_back")
    ]


def test_nomination_pages_stay_under_50_blocks_and_3000_characters() -> None:
    listing = _nominations(45)
    first = render.message(nominations(listing, 0))["blocks"]
    last = render.message(nominations(listing, 2))["blocks"]
    for page in (first, last):
        assert len(page) <= 50
        for block in page:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= 3000  # type: ignore[index]
    assert _pages(first) == ["1:1"] and _pages(last) == ["1:1"]
    assert "and 25 more" in str(first[-2])
    assert len(render.message(nominations(_nominations(0)))["blocks"]) == 2


def test_cycle_list_pages_stay_under_50_blocks() -> None:
    listing = CycleList("Program", "America/Chicago", tuple(_cycle(i, 9) for i in range(40)))
    blocks = render.message(cycle_list(listing, 0))["blocks"]
    assert len(blocks) <= 50 and "and 25 more" in str(blocks[-1])


def test_modals_are_valid_block_kit() -> None:
    form = nomination_form("N" * NAME_MAX, date(2027, 1, 31), "America/Chicago", "U0BEN", None)
    view = render.modal(nomination_modal(NominationForm(7, form))).to_dict()
    nominee = next(b for b in view["blocks"] if b.get("block_id") == "nominee")
    assert nominee["element"]["type"] == "users_select"
    assert nominee["element"]["initial_user"] == "U0BEN"
    assert nominee["element"]["placeholder"]["text"] == "Choose a mentor"
    assert view["private_metadata"] == '{"cycle": 7}'
    cycle = render.modal(cycle_modal(cycle_form("America/Chicago", date(2026, 11, 20)))).to_dict()
    pickers = {b["block_id"]: b["element"] for b in cycle["blocks"] if b["type"] == "input"}
    assert (pickers["deadline"]["type"], pickers["deadline"]["initial_date"]) == (
        "datepicker", "2027-01-31",
    )  # fmt: skip
