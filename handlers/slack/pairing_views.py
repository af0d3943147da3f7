"""Block Kit for pairing: the coordinator's preview, pair lists, and reason modals."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import (
    Block,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    PlainTextInputElement,
)
from slack_sdk.models.views import View

from bot.mentoring import pairing
from bot.mentoring import pairing_messages as say
from bot.mentoring.pairing import PairView, Preview
from handlers.slack.blocks import actions, button, context, text_blocks

REASON_BLOCK = "reason"
REASON_LENGTH = 500


def preview_blocks(preview: Preview) -> tuple[str, list[Block]]:
    if not preview.pairs and not preview.unmatched:
        return say.PREVIEW_NOTHING, text_blocks(say.PREVIEW_NOTHING)
    summary = say.PREVIEW_SUMMARY.format(
        pairs=say.count(len(preview.pairs), "proposed pair"),
        fit=preview.average_fit,
        unmatched=say.count(len(preview.unmatched), "mentee"),
    )
    blocks: list[Block] = [HeaderBlock(text=f"{say.PREVIEW_HEADER}: {preview.program}"[:150])]
    blocks += text_blocks(summary)
    if any(p.status == pairing.PROPOSED for p in preview.pairs):
        run = str(preview.run_id)
        blocks.append(
            actions(button(say.APPROVE_ALL, pairing.APPROVE_ALL, value=run, style="primary"))
        )
    for pair in preview.pairs[: pairing.PREVIEW_PAIRS]:
        reasons = "\n".join(f"• {r}" for r in pair.reasons[:3])
        line = say.PAIR_LINE.format(mentor=pair.mentor, mentee=pair.mentee, fit=pair.score)
        blocks += text_blocks(f"{line}\n{reasons}")
        if pair.status == pairing.PROPOSED:
            value = f"{preview.run_id}:{pair.id}"
            blocks.append(
                actions(
                    button(say.APPROVE, pairing.APPROVE, value=value, style="primary"),
                    button(say.REJECT, pairing.REJECT, value=value),
                )
            )
        else:
            blocks.append(context(say.PAIR_DECIDED.get(pair.status, pair.status)))
    if len(preview.pairs) > pairing.PREVIEW_PAIRS:
        blocks.append(
            context(say.PREVIEW_MORE.format(more=len(preview.pairs) - pairing.PREVIEW_PAIRS))
        )
    if preview.unmatched:
        lines = "\n".join(f"• <@{user}>: {reason}" for user, reason in preview.unmatched[:30])
        blocks += [DividerBlock(), *text_blocks(f"{say.PREVIEW_UNMATCHED}\n{lines}")]
    return summary, blocks


def my_pairs_blocks(user_id: str, pairs: list[PairView]) -> list[Block]:
    if not pairs:
        return text_blocks(say.MY_PAIRS_NONE)
    blocks: list[Block] = []
    for pair in pairs:
        other = pair.mentee if pair.mentor == user_id else pair.mentor
        their_role = "mentee" if pair.mentor == user_id else "mentor"
        status = say.PAIR_STATUS[pair.status].format(ends_on=pair.ends_on)
        blocks += text_blocks(
            say.MY_PAIR_LINE.format(other=other, their_role=their_role, status=status)
        )
        blocks.append(actions(button(say.END, pairing.END, value=str(pair.id), style="danger")))
    return blocks


def admin_pairs_blocks(program: str, pairs: list[PairView]) -> list[Block]:
    if not pairs:
        return text_blocks(say.ADMIN_PAIRS_NONE)
    blocks: list[Block] = [HeaderBlock(text=say.ADMIN_PAIRS_HEADER.format(program=program)[:150])]
    for pair in pairs[:24]:  # 2 blocks a pair, under 50 a message
        status = say.PAIR_STATUS[pair.status].format(ends_on=pair.ends_on)
        line = f"<@{pair.mentor}> mentors <@{pair.mentee}> · {status}"
        if pair.flags:  # check-ins: no meeting for a while, a struggling answer
            line += "\n" + " · ".join(f":warning: {flag}" for flag in pair.flags)
        blocks += text_blocks(line)
        blocks.append(actions(button(say.END, pairing.END, value=str(pair.id), style="danger")))
    if len(pairs) > 24:
        blocks.append(context(f"…and {len(pairs) - 24} more."))
    return blocks


def reason_modal(callback_id: str, title: str, label: str, hint: str, pairing_id: int) -> View:
    return View(
        type="modal",
        callback_id=callback_id,
        title=title[:24],
        submit="Send",
        close="Cancel",
        private_metadata=json.dumps({"pairing": pairing_id}),
        blocks=[
            InputBlock(
                block_id=REASON_BLOCK,
                label=label,
                hint=hint,
                element=PlainTextInputElement(
                    action_id=REASON_BLOCK, multiline=True, max_length=REASON_LENGTH
                ),
            )
        ],
    )
