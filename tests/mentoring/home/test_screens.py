"""The Home tab is a platform-neutral screen: its parts in order, with every button a person
acts on, built from the one read model (no Slack in sight)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.mentoring import messages as text
from bot.mentoring import screens as sc
from bot.mentoring.goals import texts as goal_text
from bot.mentoring.home import Home
from bot.mentoring.home import texts as say
from bot.mentoring.home.screens import (
    LEAVE_FROM_HOME,
    OPEN_MATCH,
    OPEN_SETTINGS,
    PAUSE,
    home_screen,
)
from bot.mentoring.membership.use_cases import OPEN_INTAKE, Membership
from bot.mentoring.pairing.use_cases import END
from bot.mentoring.thanks.use_cases import OPEN_THANKS
from storage.database import Database
from tests.conftest import MovableClock
from tests.mentoring.checkins.test_checkins import ACME, COORD, MENTEE, MENTOR, STRANGER, make_pair
from tests.mentoring.home.test_home import _goal

STARTED = datetime(2027, 1, 4, 15, 0, tzinfo=UTC)


def headers(screen: sc.Screen) -> list[str]:
    return [b.text for b in screen.blocks if isinstance(b, sc.Header)]


def actions(screen: sc.Screen) -> list[list[str]]:
    rows = [b.buttons for b in screen.blocks if isinstance(b, sc.Buttons)]
    return [[button.action for button in row] for row in rows]


async def test_a_paired_members_home_shows_standing_match_goals_then_their_buttons(
    home: Home, db: Database, membership: Membership, clock: MovableClock
) -> None:
    await make_pair(db, membership, clock, STARTED)
    await home._goals.add(ACME, MENTEE, MENTEE, _goal(), "view:V1")
    view = await home.home(ACME, MENTEE)
    screen = home_screen(view)
    assert headers(screen) == [view.state.program.name, say.MATCH_HEADER, goal_text.LIST_HEADER]
    assert f"<@{MENTOR}>" in screen.blocks[1].text  # type: ignore[union-attr]  # the standing
    rows = actions(screen)
    assert rows[0] == [END]  # the match, with its "End this relationship"
    assert rows[-2:] == [[OPEN_INTAKE, PAUSE, LEAVE_FROM_HOME], [OPEN_THANKS]]
    pause = next(b for row in screen.blocks if isinstance(row, sc.Buttons) for b in row.buttons
                 if b.action == PAUSE)  # fmt: skip
    assert pause.confirm == (say.PAUSE_CONFIRM_TITLE, say.PAUSE_CONFIRM_TEXT, "Pause")
    assert screen.blocks[-1] == sc.Context(say.HELP_FOOTER)  # the help line closes the tab


async def test_a_stranger_is_offered_to_join_and_sees_no_coordinator_part(
    home: Home, db: Database, membership: Membership, clock: MovableClock
) -> None:
    view = await home.home(ACME, STRANGER)
    screen = home_screen(view)
    program = view.state.program
    invite = text.HOME_NOT_APPLIED.format(program=program.name, term=program.term_months)
    assert screen.blocks[:2] == (sc.Header(program.name), sc.Text(invite))
    assert actions(screen) == [[OPEN_INTAKE], [OPEN_THANKS]]
    assert say.COORDINATOR_HEADER not in headers(screen)


async def test_a_coordinator_sees_the_program_and_its_buttons_last(
    home: Home, db: Database, membership: Membership, clock: MovableClock
) -> None:
    await make_pair(db, membership, clock, STARTED)
    screen = home_screen(await home.home(ACME, COORD))
    assert headers(screen)[-1] == say.COORDINATOR_HEADER
    assert actions(screen)[-1] == [OPEN_MATCH, OPEN_SETTINGS]
    coordinator_part = screen.blocks[screen.blocks.index(sc.Header(say.COORDINATOR_HEADER)) :]
    assert "active applicants" in str(coordinator_part)
    assert screen.blocks[-1] == sc.Context(say.HELP_FOOTER)
