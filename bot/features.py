"""THE registration list: one line per feature.

A feature is its package in bot/mentoring/<feature>/, its migration, and one `Feature` line below:
how to build its service from the kernel (and the services listed before it), the planner the
scheduler runs for it (if any), and its Slack listeners. The composition root (bot/app.py) builds
services and planners by iterating FEATURES, and handlers/slack registers the listeners it is
given, so nothing else lists the features.

Services are looked up by class (`services[Awards]`, bot/mentoring/services.py): typed, and
derived from this list rather than a second list of fields to keep in step with it.
The order is the build order (a feature may use the services above it) and the planning order.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Protocol

from slack_bolt.async_app import AsyncApp

from bot.mentoring.awards import AwardPlanner, Awards
from bot.mentoring.campaigns import Campaigns
from bot.mentoring.checkins import CheckIns
from bot.mentoring.clock import Clock
from bot.mentoring.exports import Exports
from bot.mentoring.goals import Goals
from bot.mentoring.home import Home
from bot.mentoring.hours import Hours
from bot.mentoring.membership import Bootstrap, Membership
from bot.mentoring.my_data import MyData
from bot.mentoring.pairing import Pairings
from bot.mentoring.people import People
from bot.mentoring.ports import ChannelAccess, FileSender, Messenger, Outbox, Profiles
from bot.mentoring.schedule import Planner
from bot.mentoring.services import Services
from bot.mentoring.thanks import Thanks
from handlers.slack.actions import awards as awards_actions
from handlers.slack.actions import campaigns as campaigns_actions
from handlers.slack.actions import checkins as checkins_actions
from handlers.slack.actions import goals as goals_actions
from handlers.slack.actions import membership as membership_actions
from handlers.slack.actions import my_data as my_data_actions
from handlers.slack.actions import pairing as pairing_actions
from handlers.slack.actions import thanks as thanks_actions
from handlers.slack.events import community as community_events
from handlers.slack.views import awards as awards_views
from handlers.slack.views import campaigns as campaigns_views
from handlers.slack.views import checkins as checkins_views
from handlers.slack.views import forms as membership_views
from handlers.slack.views import goals as goals_views
from handlers.slack.views import hours as hours_views
from handlers.slack.views import pairing as pairing_views
from handlers.slack.views import thanks as thanks_views
from storage.database import Database


class SlackPorts(Messenger, FileSender, Protocol):
    """What features send through: messages and private files (handlers/slack/messenger.py)."""


@dataclass(frozen=True)
class Kernel:
    """What every feature may be built from; the composition root makes one."""

    db: Database
    outbox: Outbox
    bootstrap: Bootstrap = Bootstrap()  # noqa: RUF009 (frozen: one shared default is safe)
    clock: Clock | None = None
    # None in offline tools (e.g. `mentorbot campaigns`): only features that need no Slack
    # connection are built there.
    slack: SlackPorts | None = None
    channels: ChannelAccess | None = None
    profiles: Profiles | None = None

    @property
    def messenger(self) -> SlackPorts:
        if self.slack is None:
            raise RuntimeError("this feature needs the Slack connection; none was configured")
        return self.slack


Build = Callable[[Kernel, Services], object]
# Wires a feature's module-level listeners; they find services and tenant in Bolt's context.
SlackListeners = Callable[[AsyncApp], None]


@dataclass(frozen=True)
class Feature:
    name: str
    build: Build
    planner: Callable[[Kernel, Services], Planner] | None = None
    slack: tuple[SlackListeners, ...] = ()


# fmt: off
FEATURES: tuple[Feature, ...] = (
    Feature("membership", lambda k, s: Membership(k.db, k.bootstrap, k.clock, k.outbox, k.channels),
            slack=(membership_actions.register, membership_views.register,
                   community_events.register)),
    Feature("people", lambda k, s: People(k.db, k.profiles, k.clock)),
    Feature("campaigns", lambda k, s: Campaigns(k.db, s[Membership], k.outbox, k.clock),
            planner=lambda k, s: s[Campaigns],
            slack=(campaigns_actions.register, campaigns_views.register)),
    Feature("checkins", lambda k, s: CheckIns(k.db, s[Membership], k.outbox, k.clock),
            planner=lambda k, s: s[CheckIns],
            slack=(checkins_actions.register, checkins_views.register)),
    Feature("awards", lambda k, s: Awards(k.db, s[Membership], k.outbox, k.messenger, k.clock,
                                          people=s[People]),
            planner=lambda k, s: AwardPlanner(k.db, s[Membership], k.outbox),
            slack=(awards_actions.register, awards_views.register)),
    Feature("pairing", lambda k, s: Pairings(k.db, s[Membership], k.messenger, k.outbox, k.clock),
            planner=lambda k, s: s[Pairings],
            slack=(pairing_actions.register, pairing_views.register)),
    Feature("goals", lambda k, s: Goals(k.db, s[Membership], k.clock),
            slack=(goals_actions.register, goals_views.register)),
    Feature("thanks", lambda k, s: Thanks(k.db, s[Membership], k.outbox, k.clock),
            slack=(thanks_actions.register, thanks_views.register)),
    Feature("hours", lambda k, s: Hours(k.db, s[Membership], k.messenger, k.clock,
                                        people=s[People]),
            slack=(hours_views.register,)),
    Feature("exports", lambda k, s: Exports(k.db, s[Membership], k.messenger, k.clock,
                                            people=s[People])),
    Feature("home", lambda k, s: Home(k.db, s[Membership], s[Pairings], s[Goals], s[Hours])),
    Feature("my_data", lambda k, s: MyData(k.db, s[Membership], k.messenger, k.outbox, k.clock),
            slack=(my_data_actions.register,)),
)
# fmt: on


def build(kernel: Kernel, only: Collection[str] | None = None) -> tuple[Services, list[Planner]]:
    """Every feature's service (or only the named ones, in registry order) and their planners."""
    services = Services()
    planners: list[Planner] = []
    for feature in FEATURES:
        if only is not None and feature.name not in only:
            continue
        services.add(feature.build(kernel, services))
        if feature.planner is not None:
            planners.append(feature.planner(kernel, services))
    return services, planners


def slack_listeners() -> Iterator[SlackListeners]:
    return (listeners for feature in FEATURES for listeners in feature.slack)
