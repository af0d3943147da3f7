"""Coordinators' view of messages that could not be delivered, with Slack's reasons in words."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import Block

from bot.mentoring.pairing.texts import count
from bot.mentoring.text import day
from bot.mentoring.undelivered import UndeliveredReport
from handlers.slack.blocks import context, text_blocks

# Slack error codes (handlers/slack/messenger.PERMANENT) -> what the coordinator can do about it.
REASONS = {
    "not_in_channel": "the bot isn't in that channel: `/invite @mentorbot` there",
    "channel_not_found": "the channel no longer exists",
    "is_archived": "the channel is archived",
    "user_not_found": "that person is no longer in the workspace",
    "account_inactive": "that person's account is deactivated",
    "user_disabled": "that person's account is deactivated",
    "cannot_dm_bot": "that member is a bot",
    "missing_scope": "the app lacks a permission: reinstall it from its manifest",
    "invalid_auth": "the bot's token is no longer valid",
}


def reason_in_words(reason: str) -> str:
    if reason.startswith("gave up after"):
        return "Slack kept failing, so it was given up after several tries"
    return REASONS.get(reason, f"Slack said `{reason}`")


def undelivered_blocks(report: UndeliveredReport, timezone: str) -> list[Block]:
    if report.total == 0:
        return []
    zone = ZoneInfo(timezone)
    lines = [f"*{count(report.total, 'message')} couldn't be delivered in the last 30 days:*"]
    for item in report.latest:
        where = f"<@{item.target}>" if item.kind == "dm" else f"<#{item.target}>"
        when = day(item.due_at.astimezone(zone).date())
        lines.append(f"• {item.what} to {where} ({when}): {reason_in_words(item.reason)}")
    blocks: list[Block] = list(text_blocks("\n".join(lines)))
    if report.total > len(report.latest):
        blocks.append(context(f"and {report.total - len(report.latest)} more."))
    return blocks
