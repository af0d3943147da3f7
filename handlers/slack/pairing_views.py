"""Block Kit for pairing: the coordinator's preview, pair lists, and reason modals."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import (
    Block,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.mentoring.models import PairStatus
from bot.mentoring.pairing import texts as say
from bot.mentoring.pairing import use_cases as pairing
from bot.mentoring.pairing.use_cases import PairView, Preview
from handlers.slack.blocks import actions, button, context, text_blocks
from handlers.slack.limits import MESSAGE_BLOCKS, MESSAGE_TEXT, SECTION_TEXT, fit, page_of, shorten

REASON_BLOCK = "reason"
REASON_LENGTH = 500


# What a preview keeps free for everything around its pairs (header, summary, buttons, the
# unmatched summary), in blocks and in characters of text.
PREVIEW_RESERVE_BLOCKS = 12
PREVIEW_RESERVE_TEXT = 4000
GROUP_EXAMPLES = 5  # mentees named in one unmatched group
PAIRS_PAGE = 20  # pairs per page of `/mentor admin pairs`
PAIRS_MORE = "pairs_more"  # "Show more" on `/mentor admin pairs`: value = the next offset
PAIRS_CSV = "pairs_csv"  # "Download all (CSV)" on `/mentor admin pairs`


def _pair_blocks(preview: Preview, pair: PairView) -> list[Block]:
    reasons = "\n".join(f"• {r}" for r in pair.reasons[:3])
    line = say.PAIR_LINE.format(mentor=pair.mentor, mentee=pair.mentee, fit=pair.score)
    blocks = text_blocks(f"{line}\n{reasons}")
    if pair.status == PairStatus.PROPOSED:
        value = f"{preview.run_id}:{pair.id}"
        blocks.append(
            actions(
                button(say.APPROVE, pairing.APPROVE, value=value, style="primary"),
                button(say.REJECT, pairing.REJECT, value=value),
            )
        )
    else:
        blocks.append(context(say.PAIR_DECIDED.get(pair.status, pair.status)))
    return blocks


def unmatched_text(preview: Preview) -> str:
    """Each unmatched mentee with the reason when there are few; grouped with counts when
    there are many ("212 mentees have no free mentor on the traditional track")."""
    if len(preview.unmatched) <= pairing.PREVIEW_UNMATCHED:
        lines = [f"• <@{user}>: {reason}" for user, reason in preview.unmatched]
    else:
        lines = []
        for group in preview.groups:
            named = ", ".join(f"<@{u}>" for u in group.mentees[:GROUP_EXAMPLES])
            more = len(group.mentees) - GROUP_EXAMPLES
            rest = say.GROUP_MORE.format(more=more) if more > 0 else ""
            lines.append(f"• *{group.sentence}*: {named}{rest}")
    return "\n".join([say.PREVIEW_UNMATCHED, *lines])


def preview_blocks(preview: Preview) -> tuple[str, list[Block]]:
    """The coordinator's preview: the summary, the best pairs with their buttons, the unmatched
    by reason; *Approve all* approves every proposed pair of the run, shown or not."""
    if not preview.pairs and not preview.unmatched:
        return say.PREVIEW_NOTHING, text_blocks(say.PREVIEW_NOTHING)
    summary = say.PREVIEW_SUMMARY.format(
        pairs=say.count(len(preview.pairs), "proposed pair"),
        fit=preview.average_fit,
        unmatched=say.count(len(preview.unmatched), "mentee"),
    )
    blocks: list[Block] = [HeaderBlock(text=f"{say.PREVIEW_HEADER}: {preview.program}"[:150])]
    blocks += text_blocks(summary)
    if any(p.status == PairStatus.PROPOSED for p in preview.pairs):
        run = str(preview.run_id)
        blocks.append(
            actions(button(say.APPROVE_ALL, pairing.APPROVE_ALL, value=run, style="primary"))
        )
    page, shown = page_of(
        preview.pairs,
        lambda pair: _pair_blocks(preview, pair),
        blocks=MESSAGE_BLOCKS - PREVIEW_RESERVE_BLOCKS,
        text=MESSAGE_TEXT - PREVIEW_RESERVE_TEXT,
        at_most=pairing.PREVIEW_PAIRS,
    )
    blocks += shown
    if page.has_more:
        blocks.append(context(say.PREVIEW_MORE.format(more=page.rest)))
    if preview.unmatched:
        blocks += [DividerBlock(), *text_blocks(unmatched_text(preview))]
    if preview.needs_file or page.has_more:
        blocks.append(context(say.PREVIEW_FILE_NOTE))
    return summary, fit(blocks, keep_last=1)


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


def _admin_pair_blocks(pair: PairView) -> list[Block]:
    status = say.PAIR_STATUS[pair.status].format(ends_on=pair.ends_on)
    line = f"<@{pair.mentor}> mentors <@{pair.mentee}> · {status}"
    if pair.flags:  # check-ins: no meeting for a while, a struggling answer
        line += "\n" + " · ".join(f":warning: {flag}" for flag in pair.flags)
    return [
        SectionBlock(
            text=MarkdownTextObject(text=shorten(line, SECTION_TEXT)),
            accessory=button(say.END, pairing.END, value=str(pair.id), style="danger"),
        )
    ]


def admin_pairs_blocks(program: str, pairs: list[PairView], offset: int = 0) -> list[Block]:
    """`/mentor admin pairs`: counts, then a page of pairs (those needing attention first),
    "Show more" for the next page and the whole list as a CSV file."""
    if not pairs:
        return text_blocks(say.ADMIN_PAIRS_NONE)
    active = sum(p.status == PairStatus.ACTIVE for p in pairs)
    summary = say.ADMIN_PAIRS_SUMMARY.format(
        total=say.count(len(pairs), "open pair"), active=active, awaiting=len(pairs) - active
    )
    if attention := sum(bool(p.flags) for p in pairs):
        summary += " " + say.ADMIN_PAIRS_ATTENTION.format(count=attention)
    blocks: list[Block] = [HeaderBlock(text=say.ADMIN_PAIRS_HEADER.format(program=program)[:150])]
    blocks += text_blocks(summary)
    page, shown = page_of(
        pairs, _admin_pair_blocks, start=offset, blocks=MESSAGE_BLOCKS - 6,
        text=MESSAGE_TEXT - 2000, at_most=PAIRS_PAGE,
    )  # fmt: skip
    blocks += shown
    showing = say.ADMIN_PAIRS_SHOWING.format(first=page.start + 1, last=page.end, total=page.total)
    blocks.append(context(showing))
    buttons = [button(say.DOWNLOAD, PAIRS_CSV, value="all")]
    if page.has_more:
        buttons.insert(0, button(say.SHOW_MORE, PAIRS_MORE, value=str(page.end)))
    blocks.append(actions(*buttons))
    return fit(blocks, keep_last=1)


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
