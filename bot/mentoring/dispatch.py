"""One command language: every `/mentor` subcommand routed to its use case, with a reply any
platform can show. Slack's slash command, the words typed in the bot's DM (and later Teams'
chat, which has no slash commands) parse the words with bot/mentoring/commands.py, call
`Commands` and only render what comes back:

- `Show`: a screen shown privately to whoever asked (an ephemeral answer, or the DM). A
  confirmation to ask is a screen whose buttons answer it (leaving the program).
- `OpenForm`: a form to open. Where the platform has a trigger (the slash command) it opens the
  form at once; where it has none (a DM) it shows `prompt()`, a button whose click opens it.

Files (my data, hours exports, a big match proposal) are sent by the use cases through the
FileSender port, so a reply never carries one. Every answer's English is the core's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Protocol

from bot.mentoring import messages as text
from bot.mentoring import screens as sc
from bot.mentoring.awards import Awards
from bot.mentoring.awards import screens as award_screens
from bot.mentoring.awards import texts as award_text
from bot.mentoring.awards.use_cases import Person
from bot.mentoring.campaigns import Campaigns
from bot.mentoring.campaigns import screens as campaign_screens
from bot.mentoring.checkins import CheckIns
from bot.mentoring.commands import Command, Unknown, mentioned, parse
from bot.mentoring.errors import MembershipError
from bot.mentoring.exports import Exports
from bot.mentoring.goals import Goals
from bot.mentoring.goals import screens as goal_screens
from bot.mentoring.home.screens import OPEN_SETTINGS
from bot.mentoring.hours import Hours
from bot.mentoring.hours import screens as hours_screens
from bot.mentoring.hours import texts as hours_text
from bot.mentoring.membership import Membership
from bot.mentoring.membership import screens as membership_screens
from bot.mentoring.membership import texts as membership_text
from bot.mentoring.membership.use_cases import OPEN_INTAKE
from bot.mentoring.models import Tenant
from bot.mentoring.my_data import MyData
from bot.mentoring.pairing import Pairings
from bot.mentoring.pairing import screens as pairing_screens
from bot.mentoring.pairing import texts as say
from bot.mentoring.pairing.use_cases import Preview
from bot.mentoring.ports import Button, DeliveryError, FileSender, Message, Messenger
from bot.mentoring.services import Services
from bot.mentoring.thanks import Thanks
from bot.mentoring.thanks import screens as thanks_screens
from bot.mentoring.thanks import texts as thanks_text
from bot.mentoring.thanks.use_cases import OPEN_THANKS

# Answered in the slash command's ack: each needs one database read (so does a usage error).
QUICK = frozenset({"help", "profile"})
EXPORT = "export"
STATEMENT, STATEMENTS = "statement", "statements"  # `hours statement`, `admin hours statements`
# The buttons a reply carries; the Slack listeners for them live in handlers/slack/.
OPEN_LOG = "open_log_hours"  # the button a typed `log` answers with
LEAVE_CONFIRM = "leave_confirm"
LEAVE_CANCEL = "leave_cancel"

FormBuilder = Callable[[], Awaitable[sc.Screen]]


@dataclass(frozen=True)
class Show:
    """A screen shown privately to whoever asked; `home_changed`: their Home tab is stale."""

    screen: sc.Screen
    home_changed: bool = False


@dataclass(frozen=True)
class OpenForm:
    """A form to open. `form` builds it (the use case already refused whoever may not open
    it); None when only the platform can build it (the intake form prefills the time zone from
    the person's profile): the platform then opens it as a click on `button` does."""

    button: Button
    form: FormBuilder | None = None

    def prompt(self) -> sc.Screen:
        """Where there is no trigger to open a form with (a DM): the button that opens it."""
        return sc.Screen(
            text=text.OPEN_FORM, blocks=(sc.Text(text.OPEN_FORM), sc.Buttons((self.button,)))
        )


Reply = Show | OpenForm


class People(Protocol):
    """What the platform says about someone a command names (Slack: users.info)."""

    async def person(self, user_id: str) -> Person: ...


class Ports(Messenger, FileSender, Protocol):
    """Where the match preview goes: the coordinator's DM, and its CSV when it is big."""


def said(message: str) -> Show:
    return Show(sc.Screen(text=message))


def help_screen(*, coordinator: bool, intro: str = text.HELP_INTRO) -> sc.Screen:
    return membership_screens.help_screen(coordinator=coordinator, intro=intro)


class Commands:
    """The `/mentor` subcommands, whichever platform and surface they came from."""

    def __init__(self, services: Services, ports: Ports | None) -> None:
        self._services = services
        self._ports = ports  # None in offline tools, which run no commands

    @staticmethod
    def answers_at_once(parsed: Command | Unknown) -> bool:
        """Answered by `quick` with one database read (the slash command's ack carries it)."""
        return isinstance(parsed, Unknown) or parsed.name in QUICK

    async def quick(self, tenant: Tenant, user_id: str, parsed: Command | Unknown) -> sc.Screen:
        """Help, a usage error with the help, or the member's profile: one database read."""
        try:
            if isinstance(parsed, Command) and parsed.name == "profile":
                program, member, pairs = await self._services[Pairings].profile(tenant, user_id)
                screen = membership_screens.profile_screen(program, member, pairs)
                # Its notification names what it is (the status line is markup).
                return replace(screen, text=membership_text.PROFILE_HEADER)
            intro = parsed.message if isinstance(parsed, Unknown) else text.HELP_INTRO
            coordinator = await self._services[Membership].is_coordinator(tenant, user_id)
            return help_screen(coordinator=coordinator, intro=intro)
        except MembershipError as exc:
            return sc.Screen(text=str(exc))

    async def typed(
        self,
        tenant: Tenant,
        user_id: str,
        words: str,
        request_id: str,
        people: People | None = None,
    ) -> Reply:
        """Words typed to the bot in a chat: a subcommand without the slash, else an answer to
        the member's open check-in, else the help with the nearest subcommand."""
        parsed = parse(words)
        if isinstance(parsed, Unknown):
            try:
                answer = await self._services[CheckIns].answer_typed(tenant, user_id, words)
            except MembershipError as exc:
                return said(str(exc))
            if answer is not None:
                return Show(sc.message_screen(answer))
        return await self.run(tenant, user_id, parsed, request_id, people)

    async def run(
        self,
        tenant: Tenant,
        user_id: str,
        parsed: Command | Unknown,
        request_id: str,
        people: People | None = None,
    ) -> Reply:
        """The use case for `parsed` and what to show. `request_id` is unique to the request
        (a replayed one logs no hours twice); `people` looks up a nominee."""
        if self.answers_at_once(parsed):
            return Show(await self.quick(tenant, user_id, parsed))
        assert isinstance(parsed, Command)
        try:
            return await self._run(tenant, user_id, parsed, request_id, people)
        except MembershipError as exc:
            return said(str(exc))

    async def _run(
        self, tenant: Tenant, user_id: str, parsed: Command, request_id: str,
        people: People | None,
    ) -> Reply:  # fmt: skip
        services = self._services
        membership, pairings, hours = services[Membership], services[Pairings], services[Hours]
        words = (parsed.argument or "").split()
        first = words[0].lower() if words else None
        exporting = first == EXPORT
        rest = " ".join(words[1:]) or None
        match parsed.name:
            case "join":
                return OpenForm(Button(OPEN_INTAKE, text.JOIN_BUTTON, style="primary"))
            case "pause":
                return Show(
                    sc.Screen(await membership.pause(tenant, user_id, parsed.argument)), True
                )
            case "resume":
                return Show(sc.Screen(await membership.resume(tenant, user_id)), True)
            case "leave":
                question = await membership.check_can_leave(tenant, user_id)
                buttons = (
                    Button(LEAVE_CONFIRM, text.LEAVE_YES, user_id, style="danger"),
                    Button(LEAVE_CANCEL, text.LEAVE_NO, user_id),
                )
                return Show(sc.Screen(question, (*sc.paragraphs(question), sc.Buttons(buttons))))
            case "admin applicants":
                program, summary = await membership.applicants(tenant, user_id)
                return Show(membership_screens.summary_screen(program, summary))
            case "admin settings":
                settings = await membership.settings(tenant, user_id)  # refuses before a button
                return OpenForm(
                    Button(OPEN_SETTINGS, text.SETTINGS_BUTTON, style="primary"),
                    _ready(membership_screens.form_modal(settings)),
                )
            case "goals":
                return Show(goal_screens.list_screen(await services[Goals].board(tenant, user_id)))
            case "thanks":

                async def thanks() -> sc.Screen:
                    return thanks_screens.thanks_modal(await services[Thanks].form(tenant, user_id))

                return OpenForm(Button(OPEN_THANKS, thanks_text.TITLE, style="primary"), thanks)
            case "log" if parsed.argument is None:
                log_form = await hours.form(tenant, user_id)  # refuses before a button
                return OpenForm(
                    Button(OPEN_LOG, hours_text.FORM_TITLE, style="primary"),
                    _ready(hours_screens.log_modal(log_form)),
                )
            case "log":
                answer = await hours.log(tenant, user_id, parsed.argument or "", request_id)
                return Show(sc.Screen(answer), home_changed=True)
            case "hours" if exporting:
                return said(await hours.export_mine(tenant, user_id, rest))
            case "hours" if first == STATEMENT:
                return said(await hours.statement(tenant, user_id, rest))
            case "hours":
                summary = await hours.summary(tenant, user_id, parsed.argument)
                return Show(hours_screens.summary_screen(summary))
            case "admin hours" if exporting:
                return said(await hours.export_all(tenant, user_id, rest))
            case "admin hours" if first == STATEMENTS:
                return said(await hours.issue_statements(tenant, user_id, rest))
            case "admin hours":
                return said(hours_text.ADMIN_HOURS_USAGE)
            case "admin credit":
                return said(await hours.set_override(tenant, user_id, parsed.argument))
            case "admin export":
                return said(await services[Exports].export(tenant, user_id, parsed.argument))
            case "pair":
                pairs = await pairings.pairs_of(tenant, user_id)
                return Show(pairing_screens.my_pairs_screen(user_id, pairs))
            case "admin pairs":
                program, open_pairs = await pairings.open_pairs(tenant, user_id)
                return Show(pairing_screens.admin_pairs(program, open_pairs))
            case "admin match":
                await self._send_preview(tenant, user_id, await pairings.propose(tenant, user_id))
                return said(say.PREVIEW_SENT)
            case "admin rematch":
                who = mentioned(parsed.argument)
                if who is None:
                    return said(say.REMATCH_USAGE)
                ended, preview = await pairings.rematch(tenant, user_id, who)
                await self._send_preview(tenant, user_id, preview)
                return said(say.REMATCH_DONE.format(ended=ended, who=who))
            case "nominate":
                return await self._nominate(tenant, user_id, parsed.argument, people)
            case "my-data":
                return said(await services[MyData].send_copy(tenant, user_id))
            case "admin awards":
                listing = await services[Awards].cycles(tenant, user_id)
                return Show(award_screens.cycle_list(listing))
            case "admin campaigns":
                upcoming = await services[Campaigns].upcoming(tenant, user_id)
                return Show(campaign_screens.campaign_list(upcoming))
        # The grammar (SUBCOMMANDS) and this match are kept in step by a test.
        raise ValueError(f"no route for /mentor {parsed.name}")

    async def _nominate(
        self, tenant: Tenant, user_id: str, argument: str | None, people: People | None
    ) -> Reply:
        """`nominate [@member]`: the form, prefilled with the nominee (a DM's button opens it
        without one: a button carries no nominee yet)."""
        nominee = None
        if argument:
            who = mentioned(argument)
            if who is None:
                return said(award_text.NOMINATE_USAGE.format(given=argument[:60]))
            # No directory at hand: the program's own records still decide who is a mentor.
            nominee = await people.person(who) if people is not None else Person(who)
        form = await self._services[Awards].nomination_form(tenant, user_id, nominee)
        button = Button(award_screens.NOMINATE, award_text.NOMINATE_LABEL, style="primary")
        return OpenForm(button, _ready(award_screens.nomination_modal(form)))

    async def _send_preview(self, tenant: Tenant, user_id: str, preview: Preview) -> None:
        """The proposal goes to the coordinator's DM, where it stays and approving redraws it;
        one bigger than the preview shows follows as a CSV file."""
        if self._ports is None:
            raise RuntimeError("sending a match preview needs the platform; none was configured")
        screen = pairing_screens.preview(preview)
        await self._ports.send_dm(tenant, user_id, sc.as_message(screen))
        if not preview.needs_file:
            return
        file = await self._services[Pairings].proposal_file(tenant, user_id, preview.run_id)
        try:
            await self._ports.send_file(tenant, user_id, file)
        except DeliveryError as exc:
            failed = say.PREVIEW_FILE_FAILED.format(reason=exc.reason)
            await self._ports.send_dm(tenant, user_id, Message(text=failed))


def _ready(screen: sc.Screen) -> FormBuilder:
    async def built() -> sc.Screen:
        return screen

    return built
