"""Program settings: the defaults a new program starts with, and the coordinators' settings form."""

from __future__ import annotations

from functools import cache
from importlib import resources
from zoneinfo import available_timezones

import yaml

from bot.mentoring.campaigns import texts as campaign_text
from bot.mentoring.campaigns.calendar import parse_hashtags
from bot.mentoring.forms import Field, Form, Kind, Option, RawValues, check_values, list_of, text_of
from bot.mentoring.hours import texts as hours_text
from bot.mentoring.hours.credits import (
    DEFAULT_CAP,
    DEFAULT_REQUIREMENT,
    DEFAULT_START_MONTH,
    MONTHS,
)
from bot.mentoring.membership.intake import FREQUENCY_OPTIONS, TRACK_OPTIONS
from bot.mentoring.models import Frequency, Track

SETTINGS_FORM_KEY = "program_settings"
SAME_ORG_OPTIONS = (
    Option("forbid", "Never pair people from the same organization"),
    Option("discourage", "Avoid it unless there's no better match"),
    Option("allow", "No preference"),
)
PAIR_SPACE_OPTIONS = (
    Option("group_dm", "A group DM with the two members and the bot"),
    Option("private_channel", "A private channel for each pair"),
)
DEFAULT_CONTACT_DAYS = 90
CREDIT_MONTH_OPTIONS = tuple(
    Option(str(n), hours_text.START_MONTH_CALENDAR if n == 1 else name)
    for n, name in enumerate(MONTHS, start=1)
)
MAX_TOPICS = 100  # one select holds at most 100 options
TOPIC_LENGTH = 75  # an option's text holds at most 75 characters


@cache
def program_defaults() -> dict[str, object]:
    text = (
        resources.files("bot.mentoring.program").joinpath("data/program_defaults.yaml").read_text()
    )
    return yaml.safe_load(text)


def settings_form(current: dict[str, object]) -> Form:
    """`current` holds the stored values (name, timezone, term_months, ... as plain data)."""
    topics = current.get("topics") or []
    return Form(
        key=SETTINGS_FORM_KEY,
        title="Program settings",
        submit="Save",
        fields=(
            Field("name", "Program name", Kind.TEXT, max_length=120),
            Field(
                "timezone",
                "Program time zone",
                Kind.TEXT,
                max_length=64,
                hint="An IANA name such as America/Chicago. Campaign posts use it.",
            ),
            Field(
                "term_months",
                "Term length in months",
                Kind.INTEGER,
                min_value=3,
                max_value=36,
            ),
            Field(
                "checkin_cadence",
                "Check-in cadence",
                Kind.SELECT,
                options=FREQUENCY_OPTIONS,
                hint="Pairs are never checked on less often than quarterly.",
            ),
            Field(
                "contact_days",
                "Nudge a pair after this many days without a meeting",
                Kind.INTEGER,
                min_value=14,
                max_value=365,
                hint="Both members get a friendly nudge and the pair is flagged for you.",
            ),
            Field("coordinators", "Coordinators", Kind.USERS, max_selected=20),
            Field(
                "community_channel",
                "Community channel",
                Kind.CHANNEL,
                required=False,
                hint="New members of this channel get a welcome DM inviting them to apply.",
            ),
            Field(
                "hashtags",
                campaign_text.PROGRAM_HASHTAGS_LABEL,
                Kind.TEXT,
                required=False,
                max_length=300,
                placeholder="#ICMAMentors",
                hint=campaign_text.PROGRAM_HASHTAGS_HINT,
            ),
            Field(
                "topics",
                "Topics, one per line",
                Kind.LONG_TEXT,
                max_length=3000,  # the most a Slack text input holds
            ),
            Field(
                "tracks",
                "Tracks offered",
                Kind.CHECKBOXES,
                options=tuple(TRACK_OPTIONS.values()),
            ),
            Field(
                "same_org_policy",
                "Pairs from the same organization",
                Kind.SELECT,
                options=SAME_ORG_OPTIONS,
                hint="Mentoring a colleague earns no professional-development credit.",
            ),
            Field(
                "credit_requirement",
                hours_text.REQUIREMENT_LABEL,
                Kind.INTEGER,
                min_value=0,
                max_value=500,
                hint=hours_text.REQUIREMENT_HINT,
            ),
            Field(
                "credit_cap",
                hours_text.CAP_LABEL,
                Kind.INTEGER,
                min_value=0,
                max_value=500,
                hint=hours_text.CAP_HINT,
            ),
            Field(
                "credit_start_month",
                hours_text.START_MONTH_LABEL,
                Kind.SELECT,
                options=CREDIT_MONTH_OPTIONS,
                hint=hours_text.START_MONTH_HINT,
            ),
            Field("pair_space", "Where pairs talk", Kind.RADIO, options=PAIR_SPACE_OPTIONS),
            Field(
                "require_acceptance",
                "Acceptance",
                Kind.CHECKBOXES,
                required=False,
                options=(Option("yes", "Both members accept a match before it starts"),),
            ),
        ),
        initial={
            "name": current.get("name"),
            "timezone": current.get("timezone"),
            "term_months": str(current.get("term_months")),
            "checkin_cadence": current.get("checkin_cadence"),
            "contact_days": str(current.get("contact_days") or DEFAULT_CONTACT_DAYS),
            "coordinators": list(current.get("coordinators") or []),  # type: ignore[call-overload]
            "community_channel": current.get("community_channel"),
            "topics": "\n".join(topics),  # type: ignore[arg-type]
            "hashtags": " ".join(current.get("hashtags") or []),  # type: ignore[arg-type]
            "tracks": list(current.get("tracks") or []),  # type: ignore[call-overload]
            "same_org_policy": current.get("same_org_policy"),
            "credit_requirement": str(current.get("credit_requirement", DEFAULT_REQUIREMENT)),
            "credit_cap": str(current.get("credit_cap", DEFAULT_CAP)),
            "credit_start_month": str(current.get("credit_start_month", DEFAULT_START_MONTH)),
            "pair_space": current.get("pair_space"),
            "require_acceptance": ["yes"] if current.get("require_acceptance") else [],
        },
    )


def parse_settings(
    form: Form, values: RawValues
) -> tuple[dict[str, object] | None, dict[str, str]]:
    errors = check_values(form, values)
    zone = text_of(values, "timezone")
    if zone and "timezone" not in errors and zone not in available_timezones():
        errors["timezone"] = f"{zone!r} isn't a time zone I know. Try e.g. America/Chicago."
    topics = list(dict.fromkeys(t.strip() for t in (text_of(values, "topics") or "").splitlines()))
    topics = [t for t in topics if t]
    if "topics" not in errors:
        if too_long := [t for t in topics if len(t) > TOPIC_LENGTH]:
            errors["topics"] = (
                f"Keep each topic to {TOPIC_LENGTH} characters: {too_long[0][:40]!r}... is longer."
            )
        elif len(topics) > MAX_TOPICS:
            errors["topics"] = f"Up to {MAX_TOPICS} topics, please (there are {len(topics)})."
        elif not topics:
            errors["topics"] = "List at least one topic."
    hashtag_problems: list[str] = []
    hashtags = parse_hashtags(
        text_of(values, "hashtags") or "", lambda _field, why: hashtag_problems.append(why)
    )
    if hashtag_problems and "hashtags" not in errors:
        errors["hashtags"] = hashtag_problems[0] + "."
    if errors:
        return None, errors
    return {
        "name": text_of(values, "name"),
        "hashtags": list(hashtags),
        "timezone": zone,
        "term_months": int(text_of(values, "term_months") or 0),
        "checkin_cadence": Frequency(text_of(values, "checkin_cadence")).value,
        "contact_days": int(text_of(values, "contact_days") or DEFAULT_CONTACT_DAYS),
        "coordinators": list_of(values, "coordinators"),
        "community_channel": text_of(values, "community_channel"),
        "topics": topics,
        "tracks": [Track(t).value for t in list_of(values, "tracks")],
        "same_org_policy": text_of(values, "same_org_policy"),
        "credit_requirement": int(text_of(values, "credit_requirement") or DEFAULT_REQUIREMENT),
        "credit_cap": int(text_of(values, "credit_cap") or DEFAULT_CAP),
        "credit_start_month": int(text_of(values, "credit_start_month") or DEFAULT_START_MONTH),
        "pair_space": text_of(values, "pair_space"),
        "require_acceptance": "yes" in list_of(values, "require_acceptance"),
    }, {}
