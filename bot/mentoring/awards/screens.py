"""What award nominations look like, platform-neutrally: the coordinators' cycle list and
nominations pages, the three modals (nomination, new cycle, winners) and the replies.

Pure functions from the use cases' views to screens (bot/mentoring/screens.py); adapters
render them and enforce their platform's limits.
"""

from __future__ import annotations

from bot.mentoring.awards import texts as say
from bot.mentoring.awards.planner import NOMINATE_ACTION
from bot.mentoring.awards.use_cases import (
    CycleList,
    CycleView,
    NominationForm,
    NominationList,
    Saved,
    WinnersSaved,
)
from bot.mentoring.forms import Form
from bot.mentoring.ports import Button
from bot.mentoring.screens import Block, Buttons, Context, Divider, Header, Screen, form_screen
from bot.mentoring.screens import paragraphs as text
from bot.mentoring.text import day as date_text

# Action ids: the contract with every adapter.
NOMINATE = NOMINATE_ACTION
OPEN_CYCLE = "award_open_cycle"
NOMINATIONS = "award_nominations"  # value "cycle:page"; a new list under the cycles
NOMINATIONS_PAGE = "award_nominations_page"  # value "cycle:page"; turns the page in place
EXPORT = "award_export"
WINNERS = "award_winners"
CYCLES_PAGE = "award_cycles_page"
# "Previous page" has its own action id: Slack rejects two equal ones in one row.
BACK = {"award_nominations_back": NOMINATIONS_PAGE, "award_cycles_back": CYCLES_PAGE}
ADMIN_ACTIONS = (OPEN_CYCLE, NOMINATIONS, NOMINATIONS_PAGE, EXPORT, WINNERS, CYCLES_PAGE, *BACK)
# Pages stay short enough for any chat platform's message: 2 blocks per cycle, 2 per
# nomination (both answers together, then a divider) plus a header, intro, tally and buttons.
CYCLES_PER_PAGE = 15
NOMINATIONS_PER_PAGE = 20
# Each answer on a page is cut to this, so 20 long nominations stay a readable message
# (Slack: under ~12,000 characters); *Export CSV* has every answer in full.
ANSWER_SHOWN = 220
# The modals carry the cycle they belong to.
CYCLE_STATE = "cycle"


def _clip(answer: str, limit: int = ANSWER_SHOWN) -> str:
    """At most `limit` characters, cut at a word with an ellipsis (line breaks kept)."""
    if len(answer) <= limit:
        return answer
    cut = answer.rfind(" ", 0, limit - 1)
    cut = cut if cut > limit // 2 else limit - 1
    return answer[:cut].rstrip() + "…"


def _cycle_lines(cycle: CycleView) -> str:
    status = say.STATUS[cycle.status].format(opens=date_text(cycle.opens_on))
    count = say.NOMINATION_COUNT.format(count=cycle.nominations, s=say.plural(cycle.nominations))
    winners = (
        say.WINNERS_LINE.format(winners=say.mentions(cycle.winners))
        if cycle.winners
        else say.NO_WINNERS
    )
    dates = say.CYCLE_DATES.format(
        opens=date_text(cycle.opens_on),
        deadline=date_text(cycle.deadline),
        announce=date_text(cycle.announce_on),
    )
    return "\n".join(
        [say.CYCLE_LINE.format(name=cycle.name, status=status), dates, f"{count} · {winners}"]
    )


def _pages(count: int, per_page: int, page: int) -> tuple[int, int]:
    """(page, pages): a page past either end (an old button) shows the nearest one."""
    pages = max((count + per_page - 1) // per_page, 1)
    return min(max(page, 0), pages - 1), pages


def _pager(action: str, key: str, page: int, pages: int) -> list[Button]:
    buttons = []
    back = next(b for b, forward in BACK.items() if forward == action)
    if page > 0:
        buttons.append(Button(back, say.PREVIOUS_PAGE, f"{key}{page - 1}"))
    if page < pages - 1:
        buttons.append(Button(action, say.NEXT_PAGE, f"{key}{page + 1}"))
    return buttons


def cycle_list(listing: CycleList, page: int = 0) -> Screen:
    """`/mentor admin awards`: one page of cycles, each with its buttons, then *Open a cycle*."""
    page, pages = _pages(len(listing.cycles), CYCLES_PER_PAGE, page)
    shown = listing.cycles[page * CYCLES_PER_PAGE : (page + 1) * CYCLES_PER_PAGE]
    intro = say.LIST_INTRO.format(program=listing.program_name, timezone=listing.timezone)
    blocks: list[Block] = [
        Header(say.LIST_TITLE),
        *text(intro if listing.cycles else f"{intro}\n{say.LIST_EMPTY}"),
    ]
    for cycle in shown:
        blocks += text(_cycle_lines(cycle))
        row = [
            Button(NOMINATIONS, say.NOMINATIONS_BUTTON, f"{cycle.id}:0"),
            Button(EXPORT, say.EXPORT_BUTTON, str(cycle.id)),
        ]
        if cycle.status == "closed":  # announced winners stay as they were posted
            row.append(Button(WINNERS, say.WINNERS_BUTTON, str(cycle.id)))
        blocks.append(Buttons(tuple(row)))
    controls = [Button(OPEN_CYCLE, say.OPEN_BUTTON, style="primary")]
    blocks.append(Buttons((*controls, *_pager(CYCLES_PAGE, "", page, pages))))
    if (rest := len(listing.cycles) - (page + 1) * CYCLES_PER_PAGE) > 0:
        blocks.append(Context(say.MORE.format(count=rest)))
    return Screen(text=say.LIST_TITLE, blocks=tuple(blocks))


def nominations(listing: NominationList, page: int = 0) -> Screen:
    """One cycle's nominations, newest first, with the tally and *Export CSV*."""
    cycle, count = listing.cycle, len(listing.nominations)
    title = say.NOMINATIONS_TITLE.format(cycle=cycle.name)
    blocks: list[Block] = [Header(title)]
    if not count:
        blocks += text(say.NOMINATIONS_EMPTY.format(cycle=cycle.name))
        return Screen(text=title, blocks=tuple(blocks))
    page, pages = _pages(count, NOMINATIONS_PER_PAGE, page)
    shown = listing.nominations[page * NOMINATIONS_PER_PAGE : (page + 1) * NOMINATIONS_PER_PAGE]
    intro = say.NOMINATIONS_INTRO.format(count=count, s=say.plural(count), cycle=cycle.name)
    tally = ", ".join(f"<@{who}> ({n})" for who, n in listing.tally[:10])
    blocks += [*text(intro), Context(say.NOMINEE_TALLY.format(tally=tally))]
    cut = False
    for n in shown:
        why, impact = _clip(n.why), _clip(n.impact)
        cut = cut or why != n.why or impact != n.impact
        entry = say.NOMINATION_ENTRY.format(
            nominee=n.nominee_id, nominator=n.nominator_id,
            when=date_text(n.submitted.date()), why=why, impact=impact,
        )  # fmt: skip
        blocks += [*text(entry), Divider()]
    notes = []
    if (rest := count - (page + 1) * NOMINATIONS_PER_PAGE) > 0:
        notes.append(say.MORE.format(count=rest))
    if cut:
        notes.append(say.ANSWERS_SHORTENED)
    if notes:
        blocks.append(Context(" · ".join(notes)))
    export = Button(EXPORT, say.EXPORT_BUTTON, str(cycle.id))
    blocks.append(Buttons((*_pager(NOMINATIONS_PAGE, f"{cycle.id}:", page, pages), export)))
    return Screen(text=title, blocks=tuple(blocks))


def export_again(answer: str, cycle_id: int) -> Screen:
    """A failed export's answer, with the *Export CSV* button it tells the person to press."""
    return Screen(
        text=answer,
        blocks=(*text(answer), Buttons((Button(EXPORT, say.EXPORT_BUTTON, str(cycle_id)),))),
    )


# -- modals ----------------------------------------------------------------------------------


def nomination_modal(nomination: NominationForm) -> Screen:
    return form_screen(nomination.form, state={CYCLE_STATE: nomination.cycle_id})


def cycle_modal(form: Form) -> Screen:
    return form_screen(form)


def winners_modal(form: Form, cycle_id: int) -> Screen:
    return form_screen(form, state={CYCLE_STATE: cycle_id})


# -- replies ---------------------------------------------------------------------------------


def nomination_saved(saved: Saved) -> str:
    reply = say.SAVED_NEW if saved.is_new else say.SAVED_EDIT
    deadline = date_text(saved.deadline)
    return reply.format(nominee=saved.nominee_id, cycle=saved.cycle, deadline=deadline)


def cycle_opened(cycle: CycleView, channel: str | None) -> str:
    opens = date_text(cycle.opens_on)
    where = (
        say.CYCLE_OPENED_CHANNEL.format(channel=channel, opens=opens)
        if channel
        else say.CYCLE_OPENED_NO_CHANNEL
    )
    return say.CYCLE_OPENED.format(
        cycle=cycle.name,
        opens=opens,
        deadline=date_text(cycle.deadline),
        announce=date_text(cycle.announce_on),
        channel=where,
    )


def winners_saved(result: WinnersSaved) -> str:
    winners = say.mentions(result.cycle.winners)
    if result.right_away:
        return say.WINNERS_SAVED_NOW.format(cycle=result.cycle.name, winners=winners)
    when = date_text(result.announce_at.date())
    return say.WINNERS_SAVED.format(cycle=result.cycle.name, winners=winners, when=when)
