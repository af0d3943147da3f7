"""Member-facing renderings: profile, help, applicant summary."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.mentoring import messages as text
from bot.mentoring.commands import help_lines
from bot.mentoring.membership.intake import TRACK_OPTIONS, role_label, role_phrase, summarize
from bot.mentoring.models import (
    ApplicantSummary,
    MemberStatus,
    MemberView,
    PairStatus,
    ProgramSettings,
    Role,
)
from bot.mentoring.pairing.use_cases import PairView
from bot.mentoring.ports import mention
from handlers.slack.blocks import context, text_blocks


def status_line(
    program: ProgramSettings, member: MemberView, pairs: Sequence[PairView] = ()
) -> str:
    """The member's standing; with a match (or one proposed) it names them, never "we'll let
    you know when there's a match"."""
    match member.status:
        case MemberStatus.PAUSED:
            until = text.PAUSE_UNTIL.format(date=member.paused_until) if member.paused_until else ""
            return text.HOME_PAUSED.format(until=until)
        case MemberStatus.LEFT:
            return text.HOME_LEFT.format(program=program.name)
    role = role_phrase(member.application.role) if member.application else "a member"
    matched = [
        _other(p, member.user_id)
        for p in pairs
        if p.status in (PairStatus.ACTIVE, PairStatus.STARTING)
    ]
    if matched:
        return text.HOME_MATCHED.format(program=program.name, role=role, others=_and(matched))
    proposed = [_other(p, member.user_id) for p in pairs if p.status == PairStatus.AWAITING]
    if proposed:
        return text.HOME_PROPOSED.format(program=program.name, role=role, others=_and(proposed))
    return text.HOME_APPLIED.format(program=program.name, role=role)


def _other(pair: PairView, user_id: str) -> str:
    return mention(pair.mentee if pair.mentor == user_id else pair.mentor)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def profile_blocks(
    program: ProgramSettings, member: MemberView, pairs: Sequence[PairView] = ()
) -> list[Block]:
    blocks: list[Block] = [
        HeaderBlock(text="Your application"),
        *text_blocks(status_line(program, member, pairs)),
    ]
    if member.application:
        rows = summarize(member.application)
        fields = [MarkdownTextObject(text=f"*{label}*\n{value}") for label, value in rows]
        # A section holds at most 10 fields.
        for start in range(0, len(fields), 10):
            blocks.append(SectionBlock(fields=fields[start : start + 10]))
    blocks.append(context("Change your answers with `/mentor join`."))
    return blocks


def help_blocks(*, coordinator: bool, intro: str = text.HELP_INTRO) -> list[Block]:
    lines = "\n".join(
        f"`/mentor {usage}`  {what}" for usage, what in help_lines(coordinator=coordinator)
    )
    return text_blocks(intro, lines)


def summary_blocks(program: ProgramSettings, summary: ApplicantSummary) -> list[Block]:
    tracks = [t for t in program.tracks]
    header = f"*{program.name}: {summary.total} active applicants*"
    table = ["Role \\ Track: " + " · ".join(TRACK_OPTIONS[t].label for t in tracks)]
    for role in Role:
        counts = " · ".join(str(summary.by_role_and_track.get((role, t), 0)) for t in tracks)
        table.append(
            f"*{role_label(role).capitalize()}* ({summary.by_role.get(role, 0)}): {counts}"
        )
    footer = f"Paused: {summary.paused} · Left: {summary.left}"
    return [*text_blocks(header, "\n".join(table)), context(footer)]
