"""The `/mentor` command grammar, shared by every platform: what was asked, or what was meant."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from bot.mentoring import messages as text

# subcommand -> usage shown when the arguments don't fit
SUBCOMMANDS = {
    "help": "help",
    "join": "join",
    "profile": "profile",
    "pause": "pause [until YYYY-MM-DD]",
    "resume": "resume",
    "leave": "leave",
    "pair": "pair",
    "log": "log 1.5h [with @member] [note]",
    "hours": "hours [year] | hours statement [year]",
    "goals": "goals",
    "thanks": "thanks",
    "nominate": "nominate [@member]",
    "my-data": "my-data",
    "admin applicants": "admin applicants",
    "admin settings": "admin settings",
    "admin match": "admin match",
    "admin pairs": "admin pairs",
    "admin rematch": "admin rematch @member",
    "admin campaigns": "admin campaigns",
    "admin awards": "admin awards",
    "admin hours": (
        "admin hours export [year | YYYY-MM-DD YYYY-MM-DD] | admin hours statements [year]"
    ),
    "admin credit": "admin credit @mentor @mentee on|off",
    "admin export": "admin export roster|pairs|checkins [year | YYYY-MM-DD YYYY-MM-DD]",
}
# Subcommands whose argument keeps its case (a Slack mention carries an upper-case id).
TAKES_ARGUMENT = {
    "admin rematch",
    "nominate",
    "log",
    "hours",
    "admin hours",
    "admin credit",
    "admin export",
}
ALIASES = {
    "apply": "join",
    "edit": "join",
    "status": "profile",
    "me": "profile",
    "quit": "leave",
    "match": "pair",
    "pairs": "pair",
    "goal": "goals",
    "thank": "thanks",
    "thankyou": "thanks",
    "mydata": "my-data",
    "data": "my-data",
}
MAX_TEXT = 500


@dataclass(frozen=True)
class Command:
    name: str
    argument: str | None = None  # e.g. the date of `pause until 2027-03-01`


@dataclass(frozen=True)
class Unknown:
    given: str
    suggestion: str | None
    message: str


def parse(raw: str) -> Command | Unknown:
    original = raw.strip()[:MAX_TEXT].split()
    words = [w.lower() for w in original]
    if not words:
        return Command("help")
    head = ALIASES.get(words[0], words[0])
    if head == "admin":
        if len(words) == 1:
            return Unknown(given="admin", suggestion=None, message=text.ADMIN_USAGE)
        sub = " ".join(words[:2])
        if sub in TAKES_ARGUMENT:
            return Command(sub, " ".join(original[2:]) or None)
        if sub in SUBCOMMANDS and len(words) == 2:
            return Command(sub)
        return _unknown(" ".join(words), sub, admin=True)
    if head == "pause":
        # The date is checked by the use case, which knows the program's "today".
        rest = words[2:] if words[1:2] == ["until"] else words[1:]
        return Command("pause", " ".join(rest) if len(words) > 1 else None)
    if head in TAKES_ARGUMENT:
        return Command(head, " ".join(original[1:]) or None)
    if head in SUBCOMMANDS:
        if len(words) > 1:
            return _bad_arguments(head, " ".join(words[1:]))
        return Command(head)
    return _unknown(raw.strip()[:60], head, admin=False)


def _bad_arguments(sub: str, extra: str) -> Unknown:
    message = text.BAD_ARGUMENTS.format(sub=sub, extra=extra[:60], usage=SUBCOMMANDS[sub])
    return Unknown(given=f"{sub} {extra}", suggestion=SUBCOMMANDS[sub], message=message)


def _unknown(given: str, head: str, *, admin: bool) -> Unknown:
    pool = [s for s in SUBCOMMANDS if s.startswith("admin")] if admin else [*SUBCOMMANDS, *ALIASES]
    match = difflib.get_close_matches(head, pool, n=1, cutoff=0.6)
    suggestion = ALIASES.get(match[0], match[0]) if match else None
    message = text.UNKNOWN_COMMAND.format(given=given)
    if suggestion:
        message += text.DID_YOU_MEAN.format(suggestion=suggestion)
    return Unknown(given=given, suggestion=suggestion, message=message)


def help_lines(*, coordinator: bool) -> list[tuple[str, str]]:
    entries = dict(text.HELP)
    if coordinator:
        entries.update(text.ADMIN_HELP)
    return list(entries.items())


# With escaping on, a typed @mention arrives as <@U123|name> (the same markup on every platform
# the adapters translate to, see bot/mentoring/text.py).
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def mentioned(argument: str | None) -> str | None:
    """The one person `argument` names (`@member`), else None."""
    who = MENTION.fullmatch((argument or "").strip())
    return who.group(1) if who else None
