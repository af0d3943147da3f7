"""What a check-in is made of, platform-neutrally: its vocabulary, the DM, the answer forms.

Pure functions and plain data (no database): the use cases (checkins.py), the planner
(checkin_plan.py) and the adapters share them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import inspect

from bot.mentoring.checkins import term
from bot.mentoring.checkins import texts as say
from bot.mentoring.clock import add_months
from bot.mentoring.errors import MembershipError
from bot.mentoring.forms import Field, Form, Kind, Option, RawValues
from bot.mentoring.goals.use_cases import GoalView, checkin_goals, checkin_parts
from bot.mentoring.hours.form import HoursError, read_duration
from bot.mentoring.ports import Button, Message
from bot.mentoring.text import day as date_text
from storage.models import CheckIn, Pairing, Program

CHECKIN, MIDPOINT, CLOSING = "checkin", "midpoint", "closing"
GREAT, OK, STRUGGLING = "great", "ok", term.STRUGGLING
GRACE = timedelta(days=3)  # a check-in later than this is skipped, not sent
REMIND_AFTER = timedelta(days=3)
BATCH = 500  # pairs planned per transaction
EXTEND_MONTHS = (3, 6)
MAX_HOURS, MAX_TOTAL_HOURS = 12.0, 2000.0
NOTE_LENGTH = 1000

# Action ids and form keys: the contract with every adapter.
MOOD_ACTIONS = {GREAT: "checkin_great", OK: "checkin_ok", STRUGGLING: "checkin_struggling"}
ADD_DETAILS = "checkin_details"
OPEN_SURVEY = "closing_survey"
EXTEND = "term_extend_{months}"  # one action id per button: Slack wants them unique
DETAILS_FORM = "checkin_details_form"
SURVEY_FORM = "closing_survey_form"


class CheckInError(MembershipError):
    """The person can't do that with this check-in; the message says why."""


@dataclass(frozen=True)
class CheckInView:
    """One check-in as its own member sees it (their note included: it is theirs)."""

    id: int
    user_id: str
    other: str
    role: str  # the member's role in the pair: mentor | mentee
    kind: str
    due_on: date
    first: bool  # the pair's first check-in ("since you were paired")
    mood: str | None
    answered_at: datetime | None
    details_given: bool
    met: bool | None
    hours: float | None
    note: str | None
    help_requested: bool
    overall: int | None
    again: str | None
    started_on: date
    ends_on: date
    goals: tuple[GoalView, ...] = ()  # a mentee's goals, for one-tap progress (goals.py)


@dataclass(frozen=True)
class Answer:
    view: CheckInView
    recorded: bool  # False: a second click or submission; the first answer stands


def parse_hours(typed: str | None, high: float) -> tuple[float | None, str | None]:
    """Hours in a check-in answer, written as anywhere else (the one syntax of
    bot/mentoring/hours/form.read_duration: 1.5, 1,5, 1:45, 90m, 1h30m...), from 0 (no
    meeting) to `high`, in quarter hours. (value, error)."""
    text = (typed or "").strip()
    try:
        value, _, rest = read_duration(text)
    except HoursError:
        value, rest = None, text
    if value is None or rest:
        return None, say.HOURS_INVALID.format(typed=text[:20])
    if not 0 <= value <= high:
        return None, say.HOURS_RANGE.format(low=0, high=high)
    if abs(value * 4 - round(value * 4)) > 1e-9:
        return None, say.HOURS_QUARTERS
    return round(value * 4) / 4, None


def started_on(program: Program, pair: Pairing) -> date:
    started = pair.started_at or pair.proposed_at
    return term.local_date(started, program.timezone)


def view_of(program: Program, row: CheckIn, pair: Pairing) -> CheckInView:
    mentor = row.user_id == pair.mentor_id
    start = started_on(program, pair)
    return CheckInView(
        id=row.id,
        user_id=row.user_id,
        other=pair.mentee_id if mentor else pair.mentor_id,
        role="mentor" if mentor else "mentee",
        kind=row.kind,
        due_on=term.local_date(row.due_at, program.timezone),
        first=row.kind == CHECKIN and row.period == 1,
        mood=row.mood,
        answered_at=row.answered_at,
        details_given=row.details_at is not None,
        met=row.met,
        hours=row.hours,
        note=row.note,
        help_requested=row.help_requested,
        overall=row.overall,
        again=row.again,
        started_on=start,
        ends_on=pair.ends_on or add_months(start, program.term_months),
        # A pair built in this session has no goals loaded (and loading here would block).
        goals=()
        if row.kind == CLOSING or "goals" in inspect(pair).unloaded
        else checkin_goals(pair, row.user_id),
    )


def checkin_message(view: CheckInView) -> Message:
    """The check-in DM as it stands: buttons until answered, then what was recorded."""
    if view.kind == CLOSING:
        return _survey_message(view)
    other = view.other
    if view.kind == MIDPOINT:
        header = say.MIDPOINT_HEADER
        text = say.MIDPOINT_TEXT.format(other=other, end=date_text(view.ends_on))
        ask = say.MIDPOINT_ASK
    else:
        header, text, ask = (
            say.CHECKIN_HEADER,
            say.CHECKIN_TEXT.format(other=other),
            say.CHECKIN_ASK,
        )
    if view.mood is None:
        return Message(
            text=text,
            header=header,
            paragraphs=(text, ask),
            buttons=mood_buttons(view.id),
            footer=say.PRIVATE_FOOTER.format(other=other),
            parts=checkin_parts(view.id, view.goals),
        )
    fields = [(say.FIELD_MOOD, say.MOOD_LABELS[view.mood])]
    if view.details_given:
        fields.append((say.FIELD_MET, say.YES if view.met else say.NO))
        fields.append((say.FIELD_HOURS, say.hours(view.hours or 0.0)))
        if view.note:
            fields.append((say.FIELD_NOTE, view.note))
        if view.help_requested:
            fields.append((say.FIELD_HELP, say.HELP_ASKED))
    answered = view.answered_at or datetime.now(UTC)
    return Message(
        text=f"{text} {say.MOOD_LABELS[view.mood]}",
        header=header,
        paragraphs=(text,),
        fields=tuple(fields),
        buttons=() if view.details_given else (Button(ADD_DETAILS, say.ADD_DETAILS, str(view.id)),),
        footer=say.RECORDED_FOOTER.format(when=date_text(answered.date())),
        parts=checkin_parts(view.id, view.goals),
    )


def mood_buttons(checkin_id: int) -> tuple[Button, ...]:
    value = str(checkin_id)
    return (
        Button(MOOD_ACTIONS[GREAT], say.MOOD_LABELS[GREAT], value, "primary"),
        Button(MOOD_ACTIONS[OK], say.MOOD_LABELS[OK], value),
        Button(MOOD_ACTIONS[STRUGGLING], say.MOOD_LABELS[STRUGGLING], value),
    )


def extend_buttons(pair: Pairing) -> tuple[Button, ...]:
    assert pair.ends_on is not None
    end = pair.ends_on.isoformat()
    return tuple(
        Button(EXTEND.format(months=m), say.EXTEND_LABEL.format(months=m), f"{pair.id}:{m}:{end}")
        for m in EXTEND_MONTHS
    )


def parse_extend_value(value: str) -> tuple[int, int, date]:
    """`pairing:months:ends_on` from an Extend button; a tampered value is a stale button."""
    try:
        pair, months, end = value.split(":")
        return int(pair), int(months), date.fromisoformat(end)
    except ValueError:
        raise CheckInError(say.EXTEND_STALE) from None


def _survey_message(view: CheckInView) -> Message:
    text = say.CLOSING_TEXT.format(other=view.other, end=date_text(view.ends_on))
    if view.answered_at is None:
        return Message(
            text=text,
            header=say.CLOSING_HEADER,
            paragraphs=(text, say.CLOSING_ASK),
            buttons=(Button(OPEN_SURVEY, say.CLOSING_BUTTON, str(view.id), "primary"),),
            footer=say.PRIVATE_FOOTER.format(other=view.other),
        )
    fields = [
        (say.FIELD_OVERALL, f"{view.overall} of 5"),
        (say.FIELD_TOTAL_HOURS, say.hours(view.hours or 0.0)),
        (say.FIELD_AGAIN, say.AGAIN_LABELS.get(view.again or "", "")),
    ]
    if view.note:
        fields.append((say.FIELD_NOTE, view.note))
    return Message(
        text=text,
        header=say.CLOSING_HEADER,
        paragraphs=(text,),
        fields=tuple(fields),
        footer=say.SURVEY_DONE_FOOTER.format(when=date_text(view.answered_at.date())),
    )


def details_form(
    other: str, *, first: bool, mood: str | None, values: RawValues | None = None
) -> Form:
    return Form(
        key=DETAILS_FORM,
        title=say.DETAILS_TITLE,
        submit=say.DETAILS_SUBMIT,
        intro=say.DETAILS_INTRO.format(mood=say.MOOD_LABELS.get(mood or "", ""), other=other),
        fields=(
            Field(
                "met",
                say.MET_LABEL_FIRST if first else say.MET_LABEL,
                Kind.RADIO,
                options=(Option("yes", say.YES), Option("no", say.NO)),
            ),
            Field("hours", say.HOURS_LABEL, Kind.TEXT, max_length=8, hint=say.HOURS_HINT),
            Field(
                "note",
                say.NOTE_LABEL,
                Kind.LONG_TEXT,
                required=False,
                max_length=NOTE_LENGTH,
                hint=say.NOTE_HINT.format(other=other),
            ),
            Field(
                "help",
                say.HELP_LABEL,
                Kind.CHECKBOXES,
                required=False,
                options=(Option("yes", say.HELP_OPTION),),
            ),
        ),
        initial=values or {},
    )


def survey_form(
    other: str, role: str, start: date, end: date, values: RawValues | None = None
) -> Form:
    return Form(
        key=SURVEY_FORM,
        title=say.SURVEY_TITLE,
        submit=say.DETAILS_SUBMIT,
        intro=say.SURVEY_INTRO.format(other=other, start=date_text(start), end=date_text(end)),
        fields=(
            Field(
                "overall",
                say.OVERALL_LABEL,
                Kind.RADIO,
                options=tuple(Option(v, label) for v, label in say.OVERALL_OPTIONS),
            ),
            Field(
                "total_hours",
                say.TOTAL_HOURS_LABEL,
                Kind.TEXT,
                max_length=8,
                hint=say.TOTAL_HOURS_HINT,
            ),
            Field(
                "again",
                say.AGAIN_MENTOR if role == "mentor" else say.AGAIN_MENTEE,
                Kind.RADIO,
                options=tuple(Option(v, label) for v, label in say.AGAIN_LABELS.items()),
            ),
            Field(
                "note",
                say.SURVEY_NOTE_LABEL,
                Kind.LONG_TEXT,
                required=False,
                max_length=NOTE_LENGTH,
                hint=say.NOTE_HINT.format(other=other),
            ),
        ),
        initial=values or {},
    )
