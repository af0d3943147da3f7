"""The core's command dispatcher (bot/mentoring/dispatch.py): every `/mentor` subcommand reaches
its use case and comes back as a platform-neutral reply, over the real database, with no Slack."""

from __future__ import annotations

import pytest

from bot.features import Kernel, build
from bot.mentoring import messages as text
from bot.mentoring import screens as sc
from bot.mentoring.commands import SUBCOMMANDS, Command, parse
from bot.mentoring.dispatch import (
    LEAVE_CONFIRM,
    OPEN_LOG,
    Commands,
    OpenForm,
    Reply,
    Show,
)
from bot.mentoring.home.screens import OPEN_SETTINGS
from bot.mentoring.membership import Bootstrap, Membership
from bot.mentoring.membership.use_cases import OPEN_INTAKE
from bot.mentoring.pairing import texts as pairing_say
from bot.mentoring.services import Services
from outbox.store import SqlOutbox
from storage.database import Database
from tests.conftest import MovableClock
from tests.fakes import RecordingFiles, RecordingMessenger
from tests.mentoring.checkins.test_checkins import ACME, CHICAGO, COORD, MENTOR, STRANGER
from tests.mentoring.membership.test_membership import answer

# A subcommand's argument, where one is needed to reach its use case.
ARGUMENTS = {"admin rematch": f"<@{MENTOR}>", "admin credit": "nonsense", "log": None}


class FakeSlack(RecordingMessenger, RecordingFiles):
    def __init__(self) -> None:
        RecordingMessenger.__init__(self)
        RecordingFiles.__init__(self)


@pytest.fixture
def slack() -> FakeSlack:
    return FakeSlack()


@pytest.fixture
def services(db: Database, clock: MovableClock, slack: FakeSlack) -> Services:
    bootstrap = Bootstrap(coordinators=(COORD,), timezone=CHICAGO)
    built, _ = build(Kernel(db, SqlOutbox(), bootstrap, clock, slack=slack))
    return built


@pytest.fixture
def commands(services: Services, slack: FakeSlack) -> Commands:
    return Commands(services, slack)


async def run(commands: Commands, user: str, words: str) -> Reply:
    return await commands.run(ACME, user, parse(words), request_id=f"test:{words}")


def shown(reply: Reply) -> str:
    assert isinstance(reply, Show), reply
    return reply.screen.text


def buttons(screen: sc.Screen) -> list[str]:
    return [b.action for block in screen.blocks if isinstance(block, sc.Buttons)
            for b in block.buttons]  # fmt: skip


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
async def test_every_subcommand_has_an_answer(commands: Commands, name: str) -> None:
    """The grammar and the dispatcher stay in step: no subcommand ends without a reply."""
    parsed = Command(name, ARGUMENTS.get(name))
    reply = await commands.run(ACME, COORD, parsed, request_id=f"test:{name}")
    assert isinstance(reply, Show | OpenForm)
    if isinstance(reply, Show):
        assert reply.screen.text  # something to read, never an empty message


async def test_help_shows_admin_lines_only_to_coordinators(commands: Commands) -> None:
    member = await commands.quick(ACME, MENTOR, parse("help"))
    coordinator = await commands.quick(ACME, COORD, parse(""))
    assert member.text == coordinator.text == text.HELP_INTRO
    lines = [b.text for b in member.blocks if isinstance(b, sc.Text)]
    admin = [b.text for b in coordinator.blocks if isinstance(b, sc.Text)]
    assert "/mentor join" in lines[-1] and "/mentor admin" not in lines[-1]
    assert "/mentor admin applicants" in admin[-1]


async def test_a_usage_error_is_the_help_with_the_nearest_command(commands: Commands) -> None:
    parsed = parse("jion")
    assert Commands.answers_at_once(parsed) and not Commands.answers_at_once(parse("join"))
    reply = await run(commands, MENTOR, "jion")
    assert shown(reply).startswith("I don't know `/mentor jion`. Did you mean `/mentor join`?")


async def test_profile_before_and_after_applying(commands: Commands, services: Services) -> None:
    assert shown(await run(commands, MENTOR, "me")) == text.NOT_APPLIED
    await services[Membership].submit(ACME, MENTOR, answer())
    profile = await commands.quick(ACME, MENTOR, parse("profile"))
    assert profile.text == "Your application"
    assert any(isinstance(b, sc.Fields) for b in profile.blocks)  # their answers


async def test_join_opens_the_intake_form_as_its_button_does(commands: Commands) -> None:
    reply = await run(commands, STRANGER, "join")
    assert isinstance(reply, OpenForm) and reply.form is None
    assert reply.button.action == OPEN_INTAKE
    prompt = reply.prompt()  # a DM: no trigger, so the button
    assert prompt.text == text.OPEN_FORM and buttons(prompt) == [OPEN_INTAKE]


async def test_forms_refuse_before_offering_a_button(
    commands: Commands, services: Services
) -> None:
    """Settings are for coordinators, hours for members: nobody gets a button that fails."""
    refused = await run(commands, MENTOR, "admin settings")
    assert isinstance(refused, Show) and buttons(refused.screen) == []
    assert "coordinator" in refused.screen.text.lower()
    settings = await run(commands, COORD, "admin settings")
    assert isinstance(settings, OpenForm) and settings.button.action == OPEN_SETTINGS
    assert settings.form is not None and (await settings.form()).submit
    assert isinstance(await run(commands, MENTOR, "log"), Show)
    await services[Membership].submit(ACME, MENTOR, answer())
    log = await run(commands, MENTOR, "log")
    assert isinstance(log, OpenForm) and log.button.action == OPEN_LOG


async def test_leave_asks_first_with_buttons(commands: Commands, services: Services) -> None:
    await services[Membership].submit(ACME, MENTOR, answer())
    reply = await run(commands, MENTOR, "leave")
    assert isinstance(reply, Show) and LEAVE_CONFIRM in buttons(reply.screen)
    again = await run(commands, MENTOR, "leave")  # asking changed nothing: asked again
    assert isinstance(again, Show) and LEAVE_CONFIRM in buttons(again.screen)


async def test_pause_says_so_and_marks_the_home_tab_stale(
    commands: Commands, services: Services
) -> None:
    await services[Membership].submit(ACME, MENTOR, answer())
    reply = await run(commands, MENTOR, "pause")
    assert isinstance(reply, Show) and reply.home_changed
    assert not (await run(commands, MENTOR, "goals")).home_changed  # type: ignore[union-attr]


async def test_admin_match_sends_the_preview_to_the_coordinators_dm(
    commands: Commands, slack: FakeSlack
) -> None:
    assert shown(await run(commands, COORD, "admin match")) == pairing_say.PREVIEW_SENT
    assert slack.to(COORD), "the preview went to the coordinator's DM"
    refused = shown(await run(commands, MENTOR, "admin match"))
    assert refused != pairing_say.PREVIEW_SENT and len(slack.to(MENTOR)) == 0


async def test_typed_words_reach_the_same_commands(commands: Commands) -> None:
    typed = await commands.typed(ACME, COORD, "admin settings", "dm:D1:1.0")
    assert isinstance(typed, OpenForm) and typed.button.action == OPEN_SETTINGS
    # No open check-in to answer: words that aren't a command get the help.
    other = await commands.typed(ACME, MENTOR, "jion", "dm:D1:2.0")
    assert "Did you mean `/mentor join`?" in shown(other)
