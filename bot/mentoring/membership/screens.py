"""Membership as screens: the intake and settings modals, the member's own application, help,
and the coordinators' applicant summary."""

from __future__ import annotations

from collections.abc import Sequence

from bot.mentoring import messages as text
from bot.mentoring import screens as sc
from bot.mentoring.commands import help_lines
from bot.mentoring.forms import Form
from bot.mentoring.membership import texts as say
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


def form_modal(form: Form) -> sc.Screen:
    """The intake application or the program settings, as a modal."""
    return sc.form_screen(form)


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
    role = role_phrase(member.application.role) if member.application else say.A_MEMBER
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


def profile_screen(
    program: ProgramSettings, member: MemberView, pairs: Sequence[PairView] = ()
) -> sc.Screen:
    """`/mentor profile`: the member's standing and their answers."""
    line = status_line(program, member, pairs)
    blocks: list[sc.Block] = [sc.Header(say.PROFILE_HEADER), sc.Text(line)]
    if member.application:
        blocks.append(sc.Fields(tuple(summarize(member.application))))
    blocks.append(sc.Context(say.PROFILE_FOOTER))
    return sc.Screen(text=line, blocks=tuple(blocks))


def help_screen(*, coordinator: bool, intro: str = text.HELP_INTRO) -> sc.Screen:
    lines = "\n".join(
        f"`/mentor {usage}`  {what}" for usage, what in help_lines(coordinator=coordinator)
    )
    return sc.Screen(text=intro, blocks=sc.paragraphs(intro, lines))


def summary_blocks(program: ProgramSettings, summary: ApplicantSummary) -> tuple[sc.Block, ...]:
    """The coordinators' count of applicants by role and track (the Home tab, `/mentor`)."""
    tracks = list(program.tracks)
    header = say.SUMMARY_HEADER.format(program=program.name, total=summary.total)
    table = [say.SUMMARY_TRACKS + " · ".join(TRACK_OPTIONS[t].label for t in tracks)]
    for role in Role:
        counts = " · ".join(str(summary.by_role_and_track.get((role, t), 0)) for t in tracks)
        table.append(
            f"*{role_label(role).capitalize()}* ({summary.by_role.get(role, 0)}): {counts}"
        )
    footer = say.SUMMARY_FOOTER.format(paused=summary.paused, left=summary.left)
    return (*sc.paragraphs(header, "\n".join(table)), sc.Context(footer))


def summary_screen(program: ProgramSettings, summary: ApplicantSummary) -> sc.Screen:
    return sc.Screen(
        text=say.SUMMARY_HEADER.format(program=program.name, total=summary.total).strip("*"),
        blocks=summary_blocks(program, summary),
    )
