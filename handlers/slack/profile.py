"""Member-facing renderings: profile, help, applicant summary."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.mentoring import messages as text
from bot.mentoring.commands import help_lines
from bot.mentoring.intake import TRACK_OPTIONS, role_label, role_phrase, summarize
from bot.mentoring.models import ApplicantSummary, MemberStatus, MemberView, ProgramSettings, Role
from handlers.slack.blocks import context, text_blocks


def status_line(program: ProgramSettings, member: MemberView) -> str:
    match member.status:
        case MemberStatus.PAUSED:
            until = text.PAUSE_UNTIL.format(date=member.paused_until) if member.paused_until else ""
            return text.HOME_PAUSED.format(until=until)
        case MemberStatus.LEFT:
            return text.HOME_LEFT.format(program=program.name)
    role = role_phrase(member.application.role) if member.application else "a member"
    return text.HOME_APPLIED.format(program=program.name, role=role)


def profile_blocks(program: ProgramSettings, member: MemberView) -> list[Block]:
    blocks: list[Block] = [
        HeaderBlock(text="Your application"),
        *text_blocks(status_line(program, member)),
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
