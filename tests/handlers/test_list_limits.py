"""Every list a coordinator or member sees stays inside Slack's limits with 1,000 items.

Each rendering is checked three ways: slack_sdk builds it (its models raise on many limits),
the twin's Slack-like validator accepts it (50 blocks a message, 100 a view, 3,000 characters a
section...), and the whole message holds at most ~12,000 characters of text. The summaries
count right and the CSV files hold every row.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from slack_sdk.models.blocks import Block

from bot.mentoring.awards import screens as award_screens
from bot.mentoring.awards.use_cases import CycleList, CycleView, NominationList, NominationView
from bot.mentoring.campaigns import screens as campaign_screens
from bot.mentoring.campaigns.calendar import CampaignSpec, Rule
from bot.mentoring.campaigns.use_cases import CampaignView, Outcome, Upcoming
from bot.mentoring.goals import screens as goal_screens
from bot.mentoring.goals.use_cases import GoalBoard, GoalView, MenteeGoals
from bot.mentoring.home import HomeView
from bot.mentoring.home.screens import home_screen
from bot.mentoring.hours.credits import CreditRules, LoggedHours, period_named, tally
from bot.mentoring.hours.use_cases import summary_message
from bot.mentoring.membership.screens import summary_screen
from bot.mentoring.membership.use_cases import HomeState
from bot.mentoring.models import (
    ApplicantSummary,
    Frequency,
    MemberStatus,
    MemberView,
    ProgramSettings,
    Role,
    Track,
)
from bot.mentoring.pairing import screens as pairing_screens
from bot.mentoring.pairing.files import Applicant, pairs_file, proposal_file
from bot.mentoring.pairing.screens import PAIRS_MORE
from bot.mentoring.pairing.use_cases import PairView, Preview
from bot.mentoring.ports import Message
from bot.mentoring.screens import Screen
from bot.mentoring.undelivered import Undelivered, UndeliveredReport, report_blocks
from handlers.slack import render
from handlers.slack.limits import (
    MESSAGE_BLOCKS,
    MESSAGE_TEXT,
    SECTION_TEXT,
    VIEW_BLOCKS,
    fit,
    split_text,
    text_length,
)
from sandbox.twin.blockkit import validate_blocks, validate_view

N = 1000
NOW = datetime(2027, 1, 15, 15, tzinfo=UTC)
PROGRAM = ProgramSettings(
    1, "Mentoring Program", "America/Chicago", 18, Frequency.MONTHLY, ("U0COORD",), None,
    ("Budgeting",), (Track.TRADITIONAL, Track.CAREER, Track.REVERSE),
)  # fmt: skip


def valid_message(blocks: list[Block]) -> list[dict[str, Any]]:
    """The message as Slack would get it, after checking every limit."""
    dicts = [b.to_dict() for b in blocks]  # slack_sdk raises on its limits
    assert validate_blocks(dicts, surface="message") == []
    assert len(dicts) <= MESSAGE_BLOCKS
    assert text_length(dicts) <= MESSAGE_TEXT
    for block in dicts:
        assert len((block.get("text") or {}).get("text", "")) <= SECTION_TEXT
    return dicts


def text_of(dicts: list[dict[str, Any]]) -> str:
    return str(dicts)


def buttons(dicts: list[dict[str, Any]]) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for block in dicts:
        elements = block.get("elements", []) if block["type"] == "actions" else []
        for element in [*elements, block.get("accessory") or {}]:
            if element.get("type") == "button":
                found[element["action_id"]] = element.get("value")
    return found


def rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


# -- the one place that enforces the limits ----------------------------------------------------


def test_split_text_cuts_at_line_ends_and_keeps_every_character() -> None:
    text = "\n".join(f"• <@U{k:06d}>: " + "word " * 30 for k in range(N))
    pieces = split_text(text)
    assert all(len(p) <= SECTION_TEXT for p in pieces)
    assert "\n".join(pieces) == text  # cut only at line ends: nothing lost or changed
    one_line = "x" * 7000  # a single word longer than a section
    assert "".join(split_text(one_line)) == one_line


def test_fit_says_what_was_left_out_and_keeps_the_buttons() -> None:
    blocks = [b for k in range(N) for b in render.sections(f"Item {k}: " + "y" * 200)]
    kept = fit([*blocks, *render.sections("last")], keep_last=1, more="…{count} more in the file.")
    dicts = valid_message(kept)
    assert dicts[-1]["text"]["text"] == "last"
    notice = dicts[-2]["elements"][0]["text"]
    shown = len(dicts) - 2
    assert notice == f"…{N - shown} more in the file."


def test_a_neutral_message_with_1000_paragraphs_is_cut_with_its_footer_kept() -> None:
    message = Message(
        text="t", paragraphs=tuple(f"p{k} " + "z" * 400 for k in range(N)), footer="footer"
    )
    dicts = valid_message(render.message_blocks(message))
    assert dicts[-1]["elements"][0]["text"] == "footer"
    assert "more not shown here" in text_of(dicts)


# -- pairing -----------------------------------------------------------------------------------

REASONS = (
    "2 shared topics: Budgeting and finance, Public safety and 3 more",
    "mentor has 12 more years of experience",
    "both prefer video; close rhythms (monthly / biweekly)",
)


def _preview(pairs: int, unmatched: int) -> Preview:
    views = tuple(
        PairView(k, f"UMR{k % 40:04d}", f"UME{k:04d}", 0.9 - k / 10_000, REASONS, "proposed")
        for k in range(pairs)
    )
    kinds = [("capacity_full", "traditional")] * (unmatched - 12)
    kinds += [("no_compatible_mentor", "career")] * 10 + [("excluded_by_rule", "reverse")] * 2
    left = tuple(
        (f"UUN{k:04d}", "No mentor on the traditional track has a free place (3 suit them).")
        for k in range(unmatched)
    )
    return Preview(7, "Mentoring Program", views, left, tuple(kinds))


def test_the_match_preview_with_1000_pairs_and_1000_unmatched_summarises_them() -> None:
    preview = _preview(N, N)
    dicts = valid_message(render.message_blocks(pairing_screens.preview(preview)))
    shown = text_of(dicts)
    assert "1000 proposed pairs" in shown and "1000 mentees unmatched" in shown
    assert "988 mentees have no free mentor on the traditional track" in shown
    assert "10 mentees are on the career track, which has no other mentor yet" in shown
    assert "2 mentees have every mentor on the reverse track ruled out" in shown
    assert "and 983 more" in shown  # five named, the rest counted
    assert "…and 985 more pairs not shown here; *Approve all* includes them." in shown
    assert buttons(dicts)["pair_approve_all"] == "7"  # the whole run, not the shown pairs
    assert "CSV file" in shown


def test_few_unmatched_are_listed_one_by_one_with_their_sentence() -> None:
    small = Preview(1, "P", (), (("U1", "No mentor has joined the career track yet."),))
    dicts = valid_message(render.message_blocks(pairing_screens.preview(small)))
    assert "<@U1>: No mentor has joined the career track yet." in text_of(dicts)


def test_the_proposal_file_holds_every_pair_and_every_unmatched_mentee() -> None:
    preview = _preview(N, N)
    people = {f"UME{k:04d}": Applicant(f"Town {k}", "traditional") for k in range(N)}
    file = proposal_file(preview, people)
    got = rows(file.content)
    assert len(got) == 2 * N
    paired = [r for r in got if r["mentor_id"]]
    assert len(paired) == N and paired[0]["mentee_organization"] == "Town 0"
    assert paired[0]["reasons"] == "; ".join(REASONS) and paired[0]["fit"] == "0.90"
    assert all(r["not_matched_because"] for r in got if not r["mentor_id"])


def _open_pairs(n: int) -> list[PairView]:
    flags = ("No meeting reported for 94 days", "Struggling (last check-in of <@U1>)")
    status = ("awaiting", "active", "active", "active")
    end = date(2028, 7, 1)
    return [
        PairView(
            k, f"UMR{k}", f"UME{k}", 0.8, (), status[k % 4], end, None, flags if k < 100 else ()
        )
        for k in range(n)
    ]


def test_admin_pairs_pages_through_1000_pairs_and_the_file_has_them_all() -> None:
    pairs = _open_pairs(N)
    seen: list[str] = []
    offset: str | None = "0"
    pages = 0
    while offset is not None:
        dicts = valid_message(
            render.message_blocks(
                pairing_screens.admin_pairs("Mentoring Program", pairs, int(offset))
            )
        )
        pages += 1
        seen += [b["text"]["text"] for b in dicts if b.get("accessory", {}).get("text")]
        offset = buttons(dicts).get(PAIRS_MORE)
        assert "pairs_csv" in buttons(dicts)
    assert len(seen) == N and pages == N // 20
    first = text_of(
        valid_message(
            render.message_blocks(pairing_screens.admin_pairs("Mentoring Program", pairs))
        )
    )
    assert "1000 open pairs: 750 active, 250 waiting for both to accept." in first
    assert "100 need attention" in first and "Showing 1–20 of 1000." in first
    file = pairs_file("Mentoring Program", pairs, {})
    assert len(rows(file.content)) == N


# -- awards ------------------------------------------------------------------------------------


def _cycle(k: int, count: int = N) -> CycleView:
    return CycleView(
        k, "N" * 80, date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1), "open", count, ()
    )


def test_1000_nominations_with_the_longest_answers_page_within_the_limits() -> None:
    nominations = tuple(
        NominationView(f"UNE{k % 50:04d}", f"UNR{k:04d}", "W" * 1200, "I" * 1500, NOW)
        for k in range(N)
    )
    tally_ = tuple(Counter(n.nominee_id for n in nominations).most_common())
    listing = NominationList(_cycle(1), nominations, tally_)
    for page in (0, 25, 49):
        dicts = valid_message(render.message_blocks(award_screens.nominations(listing, page)))
        assert "Export CSV" in text_of(dicts)
    first = text_of(valid_message(render.message_blocks(award_screens.nominations(listing, 0))))
    assert "1000 nominations" in first and "and 980 more" in first
    assert "*Export CSV* has them in full" in first


def test_1000_award_cycles_page_within_the_limits() -> None:
    listing = CycleList("Mentoring Program", "America/Chicago", tuple(_cycle(k) for k in range(N)))
    dicts = valid_message(render.message_blocks(award_screens.cycle_list(listing, 0)))
    assert "and 985 more" in text_of(dicts)
    for page in (33, 66):  # a middle page has both "Previous" and "Next"
        valid_message(render.message_blocks(award_screens.cycle_list(listing, page)))


# -- campaigns, goals, hours, undelivered, applicants, Home --------------------------------------


def test_1000_campaigns_page_within_the_limits() -> None:
    spec = CampaignSpec("x", "N" * 80, Rule(cron=(("day", "15"),)), time(9), "T" * 2500)
    failed = Outcome("failed", NOW, "not_in_channel")
    views = tuple(
        CampaignView(k, spec, False, "C0COMMUNITY", NOW + timedelta(days=k), failed)
        for k in range(N)
    )
    upcoming = Upcoming("Mentoring Program", "America/Chicago", "C0COMMUNITY", views)
    dicts = valid_message(render.message_blocks(campaign_screens.campaign_list(upcoming, 0)))
    assert "and 985 more" in text_of(dicts)
    for page in (33, 66):  # a middle page has both "Previous" and "Next"
        middle = valid_message(
            render.message_blocks(campaign_screens.campaign_list(upcoming, page))
        )
    assert buttons(middle)["campaign_page_back"] == "65"


def _goal(k: int, owner: str) -> GoalView:
    return GoalView(k, owner, "G" * 150, "W" * 500, date(2027, 6, 1), "M" * 500, "in_progress",
                    "N" * 500, 1, NOW)  # fmt: skip


def _goals(owner: str) -> tuple[GoalView, ...]:
    return tuple(_goal(k, owner) for k in range(N))


def test_1000_goals_with_full_details_fit_one_message() -> None:
    board = GoalBoard("U0ME", True, _goals("U0ME"), ())
    dicts = valid_message(render.message_blocks(goal_screens.list_screen(board)))
    assert "each shows in one line" in text_of(dicts)
    assert "…and 980 more" in text_of(dicts)
    mentees = tuple(MenteeGoals(f"UME{m}", _goals(f"UME{m}")) for m in range(5))
    mentor = GoalBoard("U0MR", False, (), mentees)
    valid_message(render.message_blocks(goal_screens.list_screen(mentor)))


def test_hours_with_1000_same_organization_people_summarise_the_rest() -> None:
    entries = [
        LoggedHours(k, date(2027, 1, 1) + timedelta(days=k % 300), 1.0, f"U{k:04d}", True)
        for k in range(N)
    ]
    credit = tally(entries, CreditRules(), period_named(2027))
    message = summary_message(credit, explicit_year=True)
    dicts = valid_message(render.message_blocks(message))
    shown = text_of(dicts)
    assert shown.count("same organization.") == 5
    assert "995 hours with 995 more people" in shown
    assert "`/mentor hours export 2027` lists every entry" in shown


def _undelivered(total: int) -> UndeliveredReport:
    latest = tuple(
        Undelivered("Check-in", "dm", f"U{k:04d}", "account_inactive", NOW) for k in range(5)
    )
    return UndeliveredReport(total, latest)


def test_1000_undelivered_messages_show_the_latest_and_the_count() -> None:
    dicts = valid_message(
        render.message_blocks(Screen("", report_blocks(_undelivered(N), "America/Chicago")))
    )
    assert "1000 messages couldn't be delivered" in text_of(dicts)
    assert "and 995 more" in text_of(dicts)


def test_applicants_summary_with_1000_applicants() -> None:
    summary = ApplicantSummary(
        N, {Role.MENTOR: 300, Role.MENTEE: 600, Role.BOTH: 100},
        {Track.TRADITIONAL: 1000},
        {(Role.MENTOR, Track.TRADITIONAL): 300, (Role.MENTEE, Track.TRADITIONAL): 600},
    )  # fmt: skip
    dicts = valid_message(render.message_blocks(summary_screen(PROGRAM, summary)))
    assert "1000 active applicants" in text_of(dicts)


def test_the_coordinators_home_tab_with_1000_of_everything_holds_100_blocks() -> None:
    member = MemberView("U0COORD", MemberStatus.APPLIED, None, None)
    summary = ApplicantSummary(N)
    state = HomeState(PROGRAM, member, True, summary, _undelivered(N))
    mine = [PairView(k, "U0COORD", f"UME{k:04d}", 0.8, (), "active", date(2028, 1, 1))
            for k in range(60)]  # fmt: skip
    mentees = tuple(MenteeGoals(f"UME{m}", _goals(f"UME{m}")) for m in range(N))
    goals = GoalBoard("U0COORD", True, _goals("U0COORD"), mentees)
    home = HomeView(state, mine, goals, "*Mentoring hours*", program_pairs=_open_pairs(N))
    view = render.home(home_screen(home)).to_dict()
    assert validate_view(view) == []
    assert len(view["blocks"]) <= VIEW_BLOCKS
    last = view["blocks"][-1]["elements"][0]["text"]
    assert last == "Type `/mentor help` for everything I can do."
    assert "open_match" in buttons(view["blocks"])  # the coordinator's buttons are kept
