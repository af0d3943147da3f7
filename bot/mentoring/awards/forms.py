"""The award forms, described once and checked once for every platform: a member's nomination,
a coordinator's new nomination cycle, and the winners."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.mentoring import bounds
from bot.mentoring.awards import texts as say
from bot.mentoring.forms import Field, Form, Kind, RawValues, check_values, list_of, text_of
from bot.mentoring.text import day as date_text

NOMINATION_FORM_KEY = "award_nomination"
CYCLE_FORM_KEY = "award_cycle"
WINNERS_FORM_KEY = "award_winners"
# One nomination shows as one Slack section (at most 3000 characters) with both answers.
WHY_MAX, IMPACT_MAX = 1200, 1500
NAME_MAX = 80
MAX_WINNERS = 10
# The cycle modal's date fields (rendered as date pickers; values are YYYY-MM-DD).
DATE_FIELDS = ("opens_on", "deadline", "announce_on")


@dataclass(frozen=True)
class CycleDates:
    name: str
    opens_on: date
    deadline: date
    announce_on: date


@dataclass(frozen=True)
class Answer:
    nominee_id: str
    why: str
    impact: str


def nomination_form(
    cycle: str,
    deadline: date,
    timezone: str,
    nominee_id: str | None,
    current: Answer | None,
) -> Form:
    """`nominee_id` is who the member named in the command (it wins over a saved answer)."""
    deadline_text = date_text(deadline)
    if current is not None:
        intro = say.FORM_INTRO_EDIT.format(
            nominee=current.nominee_id, cycle=cycle, deadline=deadline_text, timezone=timezone
        )
    else:
        intro = say.FORM_INTRO.format(cycle=cycle, deadline=deadline_text, timezone=timezone)
    chosen = nominee_id or (current.nominee_id if current else None)
    return Form(
        key=NOMINATION_FORM_KEY,
        title=say.FORM_TITLE,
        submit=say.FORM_SUBMIT,
        intro=intro,
        fields=(
            # One person: adapters show a single-person picker.
            Field(
                "nominee",
                say.NOMINEE_LABEL,
                Kind.USERS,
                hint=say.NOMINEE_HINT,
                max_selected=1,
                placeholder=say.NOMINEE_PLACEHOLDER,
            ),
            Field(
                "why",
                say.WHY_LABEL,
                Kind.LONG_TEXT,
                max_length=WHY_MAX,
                placeholder=say.WHY_PLACEHOLDER,
            ),
            Field(
                "impact",
                say.IMPACT_LABEL,
                Kind.LONG_TEXT,
                max_length=IMPACT_MAX,
                placeholder=say.IMPACT_PLACEHOLDER,
            ),
        ),
        initial={
            "nominee": [chosen] if chosen else [],
            "why": current.why if current else None,
            "impact": current.impact if current else None,
        },
    )


def parse_nomination(form: Form, values: RawValues) -> tuple[Answer | None, dict[str, str]]:
    errors = check_values(form, values)
    if errors:
        return None, errors
    return Answer(
        nominee_id=list_of(values, "nominee")[0],
        why=text_of(values, "why") or "",
        impact=text_of(values, "impact") or "",
    ), {}


def default_dates(today: date) -> CycleDates:
    """Nominations run through January (National Mentoring Month); winners in mid-February."""
    year = today.year if today.month == 1 else today.year + 1
    opens = today if today.month == 1 else date(year, 1, 1)
    return CycleDates(
        name=say.DEFAULT_NAME.format(year=year),
        opens_on=opens,
        deadline=date(year, 1, 31),
        announce_on=date(year, 2, 15),
    )


def cycle_form(timezone: str, today: date) -> Form:
    defaults = default_dates(today)
    return Form(
        key=CYCLE_FORM_KEY,
        title=say.CYCLE_FORM_TITLE,
        submit=say.CYCLE_FORM_SUBMIT,
        intro=say.CYCLE_FORM_INTRO.format(timezone=timezone),
        fields=(
            Field("name", say.NAME_LABEL, Kind.TEXT, max_length=NAME_MAX),
            Field("opens_on", say.OPENS_LABEL, Kind.DATE, required_message=say.NEED_DATE),
            Field("deadline", say.DEADLINE_LABEL, Kind.DATE, required_message=say.NEED_DATE),
            Field("announce_on", say.ANNOUNCE_LABEL, Kind.DATE, required_message=say.NEED_DATE),
        ),
        initial={
            "name": defaults.name,
            "opens_on": defaults.opens_on.isoformat(),
            "deadline": defaults.deadline.isoformat(),
            "announce_on": defaults.announce_on.isoformat(),
        },
    )


def parse_cycle(
    form: Form, values: RawValues, today: date
) -> tuple[CycleDates | None, dict[str, str]]:
    """The cycle's name and dates, or errors by field: opens ≤ deadline < announcement, and
    the deadline not already past. Overlaps with other cycles are the use case's to check."""
    errors = check_values(form, values)
    days: dict[str, date] = {}
    for key in DATE_FIELDS:
        raw = text_of(values, key)
        if raw is None or key in errors:
            continue
        try:
            days[key] = date.fromisoformat(raw)
        except ValueError:
            errors[key] = say.BAD_DATE.format(value=raw)
            continue
        if problem := bounds.date_problem(days[key]):  # e.g. 9999-12-31: no day after it
            errors[key] = problem
            del days[key]
    opens, deadline, announce = (days.get(k) for k in DATE_FIELDS)
    if deadline is not None and deadline < today:
        errors["deadline"] = say.DEADLINE_PASSED.format(deadline=date_text(deadline))
    elif opens is not None and deadline is not None and deadline < opens:
        errors["deadline"] = say.DEADLINE_BEFORE_OPENING.format(opens=date_text(opens))
    if deadline is not None and announce is not None and announce <= deadline:
        errors["announce_on"] = say.ANNOUNCE_NOT_AFTER_DEADLINE.format(deadline=date_text(deadline))
    if errors or opens is None or deadline is None or announce is None:
        return None, errors
    return CycleDates(text_of(values, "name") or "", opens, deadline, announce), {}


def winners_form(cycle: str, nominees: list[str], winners: list[str]) -> Form:
    return Form(
        key=WINNERS_FORM_KEY,
        title=say.WINNERS_FORM_TITLE,
        submit=say.WINNERS_FORM_SUBMIT,
        intro=say.WINNERS_FORM_INTRO.format(cycle=cycle, nominees=say.mentions(nominees)),
        fields=(Field("winners", say.WINNERS_LABEL, Kind.USERS, max_selected=MAX_WINNERS),),
        initial={"winners": list(winners)},
    )


def parse_winners(
    form: Form, values: RawValues, nominees: set[str]
) -> tuple[list[str] | None, dict[str, str]]:
    errors = check_values(form, values)
    if errors:
        return None, errors
    picked = list(dict.fromkeys(list_of(values, "winners")))
    if strangers := [u for u in picked if u not in nominees]:
        verb = "was" if len(strangers) == 1 else "were"
        problem = say.WINNERS_NOT_NOMINEES.format(count=len(strangers), verb=verb)
        return None, {"winners": problem}
    return picked, {}
