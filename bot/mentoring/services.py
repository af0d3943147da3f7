"""The use cases an adapter can call, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from bot.mentoring.awards import Awards
from bot.mentoring.campaigns import Campaigns
from bot.mentoring.checkins import CheckIns
from bot.mentoring.goals import Goals
from bot.mentoring.hours import Hours
from bot.mentoring.membership import Membership
from bot.mentoring.my_data import MyData
from bot.mentoring.pairing import Pairings
from bot.mentoring.people import People
from bot.mentoring.thanks import Thanks


@dataclass(frozen=True)
class Services:
    membership: Membership
    pairings: Pairings
    campaigns: Campaigns
    checkins: CheckIns
    goals: Goals
    thanks: Thanks
    awards: Awards
    hours: Hours
    my_data: MyData
    people: People | None = None  # names for files and the CLI (bot/mentoring/people.py)
