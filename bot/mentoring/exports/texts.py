"""What coordinators read about the roster, pairs and check-ins exports."""

from __future__ import annotations

KINDS = ("roster", "pairs", "checkins")
USAGE = (
    "Try `/mentor admin export roster`, `/mentor admin export pairs` or "
    "`/mentor admin export checkins`, optionally with a year or two dates "
    "(YYYY-MM-DD YYYY-MM-DD)."
)
UNKNOWN_KIND = "I can export `roster`, `pairs` or `checkins`, not {given!r}. " + USAGE
TITLES = {
    "roster": "Mentoring roster, {period}",
    "pairs": "Mentoring pairs, {period}",
    "checkins": "Mentoring check-ins, {period}",
}
COMMENTS = {
    "roster": "Everyone in the program during {period}: {count} {rows}, with names.",
    "pairs": "Pairs proposed or started during {period}: {count} {rows}, with names.",
    # Private notes stay in the coordinators' alerts: a file travels further.
    "checkins": (
        "Check-ins due during {period}: {count} {rows}, with names. Private notes aren't "
        "included; you'll find them in the coordinator alerts."
    ),
}
EMPTY = {
    "roster": "Nobody was in the program during {period}, so there's nothing to export.",
    "pairs": "No pairs were proposed or started during {period}, so there's nothing to export.",
    "checkins": "No check-ins were due during {period}, so there's nothing to export.",
}
CSV_YES, CSV_NO = "yes", "no"


def rows_word(count: int) -> str:
    return "row" if count == 1 else "rows"
