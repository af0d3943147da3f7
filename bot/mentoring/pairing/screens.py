"""What pairing looks like, platform-neutrally: the coordinator's match preview, a member's
own pairs, `/mentor admin pairs` (paged) and the decline / end reason modals."""

from __future__ import annotations

from bot.mentoring.forms import Field, Form, Kind
from bot.mentoring.models import PairStatus
from bot.mentoring.pairing import texts as say
from bot.mentoring.pairing import use_cases as pairing
from bot.mentoring.pairing.use_cases import PairView, Preview
from bot.mentoring.ports import Button
from bot.mentoring.screens import (
    Block,
    Buttons,
    Context,
    Divider,
    Header,
    Screen,
    Text,
    form_screen,
)
from bot.mentoring.screens import paragraphs as text

GROUP_EXAMPLES = 5  # mentees named in one unmatched group
PAIRS_PAGE = 20  # pairs per page of `/mentor admin pairs`
PAIRS_MORE = "pairs_more"  # "Show more" on `/mentor admin pairs`: value = the next offset
PAIRS_CSV = "pairs_csv"  # "Download all (CSV)" on `/mentor admin pairs`
# The reason modals: their form keys, the one field, and the state naming the pair.
DECLINE_VIEW, END_VIEW = "pair_decline_reason", "pair_end_reason"
REASON_FIELD = "reason"
REASON_LENGTH = 500
PAIR_STATE = "pairing"


def _pair_blocks(preview: Preview, pair: PairView) -> list[Block]:
    reasons = "\n".join(f"• {r}" for r in pair.reasons[:3])
    line = say.PAIR_LINE.format(mentor=pair.mentor, mentee=pair.mentee, fit=pair.score)
    blocks: list[Block] = [Text(f"{line}\n{reasons}")]
    if pair.status == PairStatus.PROPOSED:
        value = f"{preview.run_id}:{pair.id}"
        blocks.append(
            Buttons(
                (
                    Button(pairing.APPROVE, say.APPROVE, value, style="primary"),
                    Button(pairing.REJECT, say.REJECT, value),
                )
            )
        )
    else:
        blocks.append(Context(say.PAIR_DECIDED.get(pair.status, pair.status)))
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


def preview(preview: Preview) -> Screen:
    """The coordinator's preview: the summary, the best pairs with their buttons, the unmatched
    by reason; *Approve all* approves every proposed pair of the run, shown or not."""
    if not preview.pairs and not preview.unmatched:
        return Screen(text=say.PREVIEW_NOTHING, blocks=text(say.PREVIEW_NOTHING))
    summary = say.PREVIEW_SUMMARY.format(
        pairs=say.count(len(preview.pairs), "proposed pair"),
        fit=preview.average_fit,
        unmatched=say.count(len(preview.unmatched), "mentee"),
    )
    blocks: list[Block] = [Header(f"{say.PREVIEW_HEADER}: {preview.program}"), *text(summary)]
    if any(p.status == PairStatus.PROPOSED for p in preview.pairs):
        run = str(preview.run_id)
        blocks.append(
            Buttons((Button(pairing.APPROVE_ALL, say.APPROVE_ALL, run, style="primary"),))
        )
    shown = preview.pairs[: pairing.PREVIEW_PAIRS]
    for pair in shown:
        blocks += _pair_blocks(preview, pair)
    if (rest := len(preview.pairs) - len(shown)) > 0:
        blocks.append(Context(say.PREVIEW_MORE.format(more=rest)))
    if preview.unmatched:
        blocks += [Divider(), *text(unmatched_text(preview))]
    if preview.needs_file or rest > 0:
        blocks.append(Context(say.PREVIEW_FILE_NOTE))
    return Screen(text=summary, blocks=tuple(blocks))


def my_pairs(user_id: str, pairs: list[PairView]) -> tuple[Block, ...]:
    """A member's own pairs, each with *End this relationship* (`/mentor pair`, Home)."""
    if not pairs:
        return text(say.MY_PAIRS_NONE)
    blocks: list[Block] = []
    for pair in pairs:
        other = pair.mentee if pair.mentor == user_id else pair.mentor
        their_role = "mentee" if pair.mentor == user_id else "mentor"
        status = say.PAIR_STATUS[pair.status].format(ends_on=pair.ends_on)
        blocks += text(say.MY_PAIR_LINE.format(other=other, their_role=their_role, status=status))
        blocks.append(Buttons((Button(pairing.END, say.END, str(pair.id), style="danger"),)))
    return tuple(blocks)


def my_pairs_screen(user_id: str, pairs: list[PairView]) -> Screen:
    return Screen(text=say.MY_PAIRS_TITLE, blocks=my_pairs(user_id, pairs))


def _admin_pair(pair: PairView) -> Text:
    status = say.PAIR_STATUS[pair.status].format(ends_on=pair.ends_on)
    line = say.ADMIN_PAIR_LINE.format(mentor=pair.mentor, mentee=pair.mentee, status=status)
    if pair.flags:  # check-ins: no meeting for a while, a struggling answer
        line += "\n" + " · ".join(f":warning: {flag}" for flag in pair.flags)
    return Text(line, accessory=Button(pairing.END, say.END, str(pair.id), style="danger"))


def admin_pairs(program: str, pairs: list[PairView], offset: int = 0) -> Screen:
    """`/mentor admin pairs`: counts, then a page of pairs (those needing attention first),
    "Show more" for the next page and the whole list as a CSV file."""
    if not pairs:
        return Screen(text=say.ADMIN_PAIRS_NONE, blocks=text(say.ADMIN_PAIRS_NONE))
    active = sum(p.status == PairStatus.ACTIVE for p in pairs)
    summary = say.ADMIN_PAIRS_SUMMARY.format(
        total=say.count(len(pairs), "open pair"), active=active, awaiting=len(pairs) - active
    )
    if attention := sum(bool(p.flags) for p in pairs):
        summary += " " + say.ADMIN_PAIRS_ATTENTION.format(count=attention)
    start = min(max(offset, 0), max(len(pairs) - 1, 0))  # an old button: the last page
    end = min(start + PAIRS_PAGE, len(pairs))
    blocks: list[Block] = [Header(say.ADMIN_PAIRS_HEADER.format(program=program)), *text(summary)]
    blocks += [_admin_pair(pair) for pair in pairs[start:end]]
    blocks.append(
        Context(say.ADMIN_PAIRS_SHOWING.format(first=start + 1, last=end, total=len(pairs)))
    )
    buttons = [Button(PAIRS_CSV, say.DOWNLOAD, "all")]
    if end < len(pairs):
        buttons.insert(0, Button(PAIRS_MORE, say.SHOW_MORE, str(end)))
    blocks.append(Buttons(tuple(buttons)))
    return Screen(text=say.PAIRS_TITLE, blocks=tuple(blocks))


def _reason_modal(key: str, title: str, label: str, hint: str, needed: str, pair: int) -> Screen:
    field = Field(
        REASON_FIELD, label, Kind.LONG_TEXT, hint=hint, max_length=REASON_LENGTH,
        required_message=needed,
    )  # fmt: skip
    form = Form(key=key, title=title, submit=say.REASON_SUBMIT, fields=(field,))
    return form_screen(form, state={PAIR_STATE: pair})


def decline_modal(pair_id: int) -> Screen:
    return _reason_modal(
        DECLINE_VIEW, say.DECLINE_TITLE, say.DECLINE_REASON, say.DECLINE_HINT,
        say.DECLINE_REASON_NEEDED, pair_id,
    )  # fmt: skip


def end_modal(pair_id: int) -> Screen:
    return _reason_modal(
        END_VIEW, say.END_TITLE, say.END_REASON, say.END_HINT, say.END_REASON_NEEDED, pair_id
    )
