"""The use cases an adapter can call, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from bot.mentoring.awards.use_cases import Awards
from bot.mentoring.campaigns.use_cases import Campaigns
from bot.mentoring.checkins.use_cases import CheckIns
from bot.mentoring.goals.use_cases import Goals
from bot.mentoring.hours.use_cases import Hours
from bot.mentoring.membership.use_cases import Membership
from bot.mentoring.my_data.use_cases import MyData
from bot.mentoring.pairing.use_cases import Pairings
from bot.mentoring.people.directory import People
from bot.mentoring.thanks.use_cases import Thanks


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
    people: People | None = None  # names for files and the CLI (bot/mentoring/people/directory.py)
