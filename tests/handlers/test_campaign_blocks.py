"""The campaign list and modal stay inside Block Kit's limits (slack_sdk validates them)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from bot.mentoring.campaigns.calendar import CampaignSpec, Rule, shipped_calendar
from bot.mentoring.campaigns.form import campaign_form
from bot.mentoring.campaigns.screens import ADD, PAGE, PAGE_BACK, campaign_list, campaign_modal
from bot.mentoring.campaigns.use_cases import CampaignView, Outcome, Upcoming
from handlers.slack import render

NOW = datetime(2026, 11, 20, 15, tzinfo=UTC)


def _upcoming(count: int) -> Upcoming:
    spec = CampaignSpec(
        slug="x",
        name="N" * 80,  # the longest name allowed
        rule=Rule(cron=(("day", "15"),)),
        time=time(9),
        text="T" * 2500,
        hashtags=("#A",),
    )
    failed = Outcome("failed", NOW, "not_in_channel")
    views = tuple(
        CampaignView(i, spec, False, "C0COMMUNITY", NOW + timedelta(days=i), failed)
        for i in range(1, count + 1)
    )
    return Upcoming("Program", "America/Chicago", "C0COMMUNITY", views)


def _buttons(blocks: list[dict[str, object]]) -> list[tuple[str, str]]:
    found = []
    for block in blocks:
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            found.append((element["action_id"], element.get("value")))
    return found


def test_a_long_list_is_paged_within_the_block_limit() -> None:
    upcoming = _upcoming(40)
    first = render.message(campaign_list(upcoming, 0))["blocks"]
    assert len(first) <= 50
    assert (PAGE, "1") in _buttons(first) and (ADD, "0") in _buttons(first)
    assert first[-1]["type"] == "context" and "and 25 more" in str(first[-1])
    last = render.message(campaign_list(upcoming, 2))["blocks"]
    assert len(last) <= 50 and (PAGE_BACK, "1") in _buttons(last)
    assert not any(b["type"] == "context" for b in last)
    assert "the bot isn't in that channel" in str(last)
    # A page past the end (an old button) shows the last page instead of nothing.
    assert render.message(campaign_list(upcoming, 9))["blocks"] == last


def test_the_modal_is_valid_for_new_and_shipped_campaigns() -> None:
    view = render.modal(campaign_modal(campaign_form("America/Chicago", None, NOW), None))
    assert len(view.to_dict()["blocks"]) <= 100
    for spec in shipped_calendar():
        modal = render.modal(
            campaign_modal(campaign_form("America/Chicago", spec, NOW), 7)
        ).to_dict()
        inputs = {b["block_id"]: b["element"] for b in modal["blocks"] if b["type"] == "input"}
        assert inputs["date"]["type"] == "datepicker" and inputs["date"]["initial_date"]
        assert (inputs["time"]["type"], inputs["time"]["initial_time"]) == ("timepicker", "09:00")
        assert modal["private_metadata"] == '{"campaign": 7}'
