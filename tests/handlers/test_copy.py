"""Copy that must not mislead: a matched member's status, "(optional)" said once, the capacity
field not labelled optional, and every "press the button" message carrying its button."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from bot.mentoring import messages as text
from bot.mentoring.awards import texts as award_messages
from bot.mentoring.awards.screens import EXPORT, export_again
from bot.mentoring.checkins import texts as checkin_messages
from bot.mentoring.forms import Field, Form, Kind
from bot.mentoring.membership.intake import intake_form, parse_application
from bot.mentoring.membership.screens import profile_screen, status_line
from bot.mentoring.models import (
    Frequency,
    MemberStatus,
    MemberView,
    ProgramSettings,
    Track,
)
from bot.mentoring.pairing.use_cases import PairView
from bot.mentoring.screens import form_screen
from handlers.slack import render
from tests.mentoring.membership.test_membership import answer

PROGRAM = ProgramSettings(
    id=1, name="Mentoring Program", timezone="America/Chicago", term_months=12,
    checkin_cadence=Frequency.MONTHLY, coordinators=("U0COORD",), community_channel=None,
    topics=("Budgeting",), tracks=(Track.TRADITIONAL,),
)  # fmt: skip
WAITING = "let you know when there's a match"
CORE = Path(__file__).resolve().parents[2] / "bot/mentoring"


def text_modules() -> dict[str, object]:
    """Every module of user-facing text: the shared messages.py and each feature's texts.py."""
    paths = [CORE / "messages.py", *sorted(CORE.glob("*/texts.py"))]
    return {
        ".".join(path.relative_to(CORE).with_suffix("").parts): importlib.import_module(
            "bot.mentoring." + ".".join(path.relative_to(CORE).with_suffix("").parts)
        )
        for path in paths
    }


def _member(user_id: str, role: str = "mentee") -> MemberView:
    application, errors = parse_application(
        intake_form(PROGRAM),
        answer(role=role, capacity="0" if role == "mentee" else "2", track="traditional",
               topics=["Budgeting"]),
        applicant_id=user_id,
    )  # fmt: skip
    assert errors == {}
    return MemberView(user_id, MemberStatus.APPLIED, None, application)


def _pair(status: str) -> PairView:
    return PairView(1, "U0ANA", "U0BEN", 0.9, (), status)


def test_a_matched_or_proposed_member_is_never_told_to_wait_for_a_match() -> None:
    ben = _member("U0BEN")
    assert WAITING in status_line(PROGRAM, ben)  # not matched yet: true
    for status in ("active", "starting"):
        line = status_line(PROGRAM, ben, [_pair(status)])
        assert "matched with <@U0ANA>" in line and WAITING not in line
    proposed = status_line(PROGRAM, ben, [_pair("awaiting")])
    assert "A match with <@U0ANA> is proposed" in proposed and WAITING not in proposed
    ana = _member("U0ANA", "mentor")
    two = [_pair("active"), PairView(2, "U0ANA", "U0CARA", 0.8, (), "active")]
    assert "matched with <@U0BEN> and <@U0CARA>" in status_line(PROGRAM, ana, two)
    rendered = str(render.message(profile_screen(PROGRAM, ben, [_pair("active")])))
    assert WAITING not in rendered and "<@U0ANA>" in rendered


def test_optional_is_said_once() -> None:
    form = Form("f", "F", "Save", (Field("note", "Note (optional)", Kind.TEXT, required=False),))
    (block,) = render.modal(form_screen(form)).to_dict()["blocks"]
    assert block["label"]["text"] == "Note" and block["optional"] is True  # Slack adds it
    labels = [
        value
        for module in text_modules().values()
        for value in vars(module).values()
        if isinstance(value, str) and "(optional)" in value.lower()
    ]
    assert labels == []
    assert "(optional)" not in checkin_messages.NOTE_LABEL + checkin_messages.SURVEY_NOTE_LABEL


def test_capacity_is_required_for_mentors_and_not_labelled_optional() -> None:
    form = intake_form(PROGRAM)
    view = render.modal(form_screen(form)).to_dict()
    (block,) = [b for b in view["blocks"] if b.get("block_id") == "capacity"]
    assert not block.get("optional") and "required for mentors" in block["label"]["text"]
    assert form.initial["capacity"] == "0"
    for capacity in (None, "0"):
        _, errors = parse_application(
            form, answer(role="mentor", capacity=capacity, track="traditional",
                         topics=["Budgeting"]), applicant_id="U1",
        )  # fmt: skip
        assert errors == {"capacity": text_of_capacity()}
    for capacity in (None, "0"):  # a mentee needn't answer
        app, errors = parse_application(
            form, answer(role="mentee", capacity=capacity, track="traditional",
                         topics=["Budgeting"]), applicant_id="U2",
        )  # fmt: skip
        assert errors == {} and app is not None and app.capacity is None


def text_of_capacity() -> str:
    return "As a mentor, tell us how many mentees you can take (1 to 5)."


# Every message that asks the person to press a button, and where the button comes from.
PROMPTS = {
    "messages.WELCOME",  # membership/use_cases.py: the welcome DM's Join button
    "messages.OPEN_FORM",  # handlers/slack/commands/mentor.py: a typed command's form button
    "awards.texts.OPENING_TEXT",  # awards/planner.py: the post's Nominate button
    "awards.texts.REMINDER_TEXT",  # awards/planner.py: the same button
    "awards.texts.EXPORT_FAILED",  # awards/screens.py: export_again
    "goals.texts.CHECKIN_GOALS",  # goals/use_cases.py: one-tap progress buttons under each goal
}
PRESS = re.compile(r"\b(press|tap|click)\b", re.IGNORECASE)


def test_every_press_the_button_message_is_known_and_has_its_button() -> None:
    found = {
        f"{stem}.{name}"
        for stem, module in text_modules().items()
        for name, value in vars(module).items()
        if isinstance(value, str) and PRESS.search(value)
    }
    assert found == PROMPTS
    assert text.JOIN_BUTTON and award_messages.NOMINATE_LABEL
    blocks = render.message(export_again(award_messages.EXPORT_FAILED, 7))["blocks"]
    (button,) = blocks[-1]["elements"]
    assert (button["action_id"], button["value"]) == (EXPORT, "7")
    assert button["text"]["text"] == award_messages.EXPORT_BUTTON
