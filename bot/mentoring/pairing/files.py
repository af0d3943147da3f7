"""CSV files of pairing lists for coordinators: the whole match proposal and every open pair.

A chat message shows the top of a long list; the file holds all of it, one row per pair or
mentee, with user ids and organizations so it can be sorted and filtered in a spreadsheet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.mentoring.csv_files import csv_bytes
from bot.mentoring.pairing import texts as say
from bot.mentoring.ports import FileToSend

if TYPE_CHECKING:
    from bot.mentoring.pairing.use_cases import PairView, Preview

# A cell starting with one of these is a formula to a spreadsheet: quote it (CSV injection).

PROPOSAL_COLUMNS = (
    "mentee_id", "mentee_organization", "mentor_id", "mentor_organization", "track", "fit",
    "status", "reasons", "not_matched_because",
)  # fmt: skip
PAIRS_COLUMNS = (
    "mentor_id", "mentor_organization", "mentee_id", "mentee_organization", "track", "status",
    "ends_on", "needs_attention",
)  # fmt: skip


@dataclass(frozen=True)
class Applicant:
    """What the files say about a member besides their id."""

    organization: str
    track: str


def _who(people: Mapping[str, Applicant], user_id: str) -> Applicant:
    return people.get(user_id) or Applicant("", "")


def proposal_file(preview: Preview, people: Mapping[str, Applicant]) -> FileToSend:
    """Every proposed pair (best fit first) and every unmatched mentee, with the reasons."""
    rows: list[tuple[str, ...]] = []
    for pair in preview.pairs:
        mentee, mentor = _who(people, pair.mentee), _who(people, pair.mentor)
        rows.append(
            (
                pair.mentee, mentee.organization, pair.mentor, mentor.organization,
                mentee.track, f"{pair.score:.2f}", pair.status, "; ".join(pair.reasons), "",
            )
        )  # fmt: skip
    for user, reason in preview.unmatched:
        who = _who(people, user)
        rows.append((user, who.organization, "", "", who.track, "", "not matched", "", reason))
    return FileToSend(
        filename=f"proposed-pairs-{preview.run_id}.csv",
        content=csv_bytes(PROPOSAL_COLUMNS, rows),
        title=say.PREVIEW_FILE_TITLE.format(program=preview.program),
        comment=say.PREVIEW_FILE_COMMENT.format(
            pairs=say.count(len(preview.pairs), "proposed pair"),
            unmatched=say.count(len(preview.unmatched), "mentee"),
        ),
    )


def pairs_file(
    program: str, pairs: Sequence[PairView], people: Mapping[str, Applicant]
) -> FileToSend:
    """Every open pair of the program, those needing attention first."""
    rows: list[tuple[str, ...]] = []
    for pair in pairs:
        mentee, mentor = _who(people, pair.mentee), _who(people, pair.mentor)
        rows.append(
            (
                pair.mentor, mentor.organization, pair.mentee, mentee.organization,
                mentee.track, pair.status, pair.ends_on.isoformat() if pair.ends_on else "",
                "; ".join(pair.flags),
            )
        )  # fmt: skip
    return FileToSend(
        filename="open-pairs.csv",
        content=csv_bytes(PAIRS_COLUMNS, rows),
        title=say.PAIRS_FILE_TITLE.format(program=program),
        comment=say.PAIRS_FILE_COMMENT.format(program=program, total=say.count(len(pairs), "pair")),
    )
