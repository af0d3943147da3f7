"""The coordinators' add/edit campaign form: described once, checked once, for every platform.

The schedule is offered as friendly choices driven by one date (once; every year on this date;
every year on this weekday of the month; every month on this day) and turned into a `Rule`.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.mentoring import bounds
from bot.mentoring.campaigns import texts as say
from bot.mentoring.campaigns.calendar import (
    ButtonKind,
    CampaignSpec,
    Rule,
    next_occurrence,
    parse_hashtags,
    parse_time,
)
from bot.mentoring.forms import Field, Form, Kind, Option, RawValues, check_values, list_of, text_of

FORM_KEY = "campaign_form"


class Repeat:
    """The modal's friendly schedule choices (the `repeat` field)."""

    ONCE, YEARLY_DATE, YEARLY_WEEKDAY = "once", "yearly_date", "yearly_weekday"
    YEARLY_LAST, MONTHLY, CUSTOM = "yearly_last", "monthly", "custom"


def _repeat_of(rule: Rule) -> str:
    """Which friendly choice a stored rule is, or CUSTOM."""
    if rule.once is not None:
        return Repeat.ONCE
    fields = rule.cron_fields
    month, day = fields.get("month", ""), fields.get("day", "")
    if set(fields) == {"day"} and day.isdigit():
        return Repeat.MONTHLY
    if set(fields) == {"month", "day"} and month.isdigit():
        if day.isdigit():
            return Repeat.YEARLY_DATE
        position, _, name = day.partition(" ")
        if name in say.DAY_NAMES and position == "last":
            return Repeat.YEARLY_LAST
        if name in say.DAY_NAMES and position in say.ORDINALS.values():
            return Repeat.YEARLY_WEEKDAY
    return Repeat.CUSTOM


def campaign_form(timezone: str, current: CampaignSpec | None, now: datetime) -> Form:
    repeats = [
        Option(Repeat.ONCE, say.REPEAT_ONCE),
        Option(Repeat.YEARLY_DATE, say.REPEAT_YEARLY_DATE),
        Option(Repeat.YEARLY_WEEKDAY, say.REPEAT_YEARLY_WEEKDAY),
        Option(Repeat.YEARLY_LAST, say.REPEAT_YEARLY_LAST),
        Option(Repeat.MONTHLY, say.REPEAT_MONTHLY),
    ]
    initial: RawValues = {"time": "09:00", "repeat": Repeat.YEARLY_DATE, "button": "none"}
    if current is not None:
        repeat = _repeat_of(current.rule)
        if repeat == Repeat.CUSTOM:
            label = say.REPEAT_CUSTOM.format(rule=say.describe_rule(current.rule))[:75]
            repeats.append(Option(Repeat.CUSTOM, label))
        when = next_occurrence(
            Rule(once=current.rule.once, cron=current.rule.cron), current.time, timezone, now
        )
        initial = {
            "name": current.name,
            "text": current.text,
            "repeat": repeat,
            "date": when.date().isoformat() if when else None,
            "time": current.time.strftime("%H:%M"),
            "business_day": ["next"] if current.rule.business_day else [],
            "channel": current.channel,
            "hashtags": " ".join(current.hashtags),
            "button": current.button.value if current.button else "none",
        }
    return Form(
        key=FORM_KEY,
        title=say.FORM_TITLE_EDIT if current else say.FORM_TITLE_ADD,
        submit=say.FORM_SUBMIT,
        intro=say.FORM_INTRO.format(timezone=timezone),
        fields=(
            Field("name", "Name", Kind.TEXT, max_length=80, placeholder="Mentor Appreciation Week"),
            Field("text", "Message", Kind.LONG_TEXT, max_length=2500),
            Field("repeat", "When", Kind.RADIO, options=tuple(repeats)),
            # A date picker and a time picker: their values are YYYY-MM-DD and HH:MM.
            Field("date", "Date", Kind.DATE, required=False, hint=say.DATE_HINT),
            Field("time", "Time", Kind.TIME),
            Field(
                "business_day",
                "Weekends and holidays",
                Kind.CHECKBOXES,
                required=False,
                options=(Option("next", say.BUSINESS_DAY_OPTION),),
            ),
            Field("channel", "Channel", Kind.CHANNEL, required=False, hint=say.CHANNEL_HINT),
            Field(
                "hashtags",
                "Hashtags",
                Kind.TEXT,
                required=False,
                max_length=300,
                placeholder="#MentoringMonth #ICMAMentors",
                hint=say.HASHTAGS_HINT,
            ),
            Field(
                "button",
                "Button",
                Kind.RADIO,
                options=(
                    Option(ButtonKind.JOIN.value, say.BUTTON_JOIN),
                    Option(ButtonKind.THANK_MENTOR.value, say.BUTTON_THANK),
                    Option("none", say.BUTTON_NONE),
                ),
            ),
        ),
        initial=initial,
    )


def _rule_from(repeat: str, day: date, business_day: bool) -> Rule:
    weekday = f"{day:%a}".lower()
    match repeat:
        case Repeat.ONCE:
            return Rule(once=day, business_day=business_day)
        case Repeat.YEARLY_DATE:
            cron = (("month", str(day.month)), ("day", str(day.day)))
        case Repeat.YEARLY_WEEKDAY:
            nth = (day.day - 1) // 7 + 1
            # A 5th weekday is missing most years: the last one is what people mean.
            position = "last" if nth == 5 else say.ORDINALS[nth]
            cron = (("month", str(day.month)), ("day", f"{position} {weekday}"))
        case Repeat.YEARLY_LAST:
            cron = (("month", str(day.month)), ("day", f"last {weekday}"))
        case _:
            cron = (("day", str(day.day)),)
    return Rule(cron=cron, business_day=business_day)


def parse_form(
    form: Form, values: RawValues, timezone: str, current: CampaignSpec | None, now: datetime
) -> tuple[CampaignSpec | None, dict[str, str]]:
    errors = check_values(form, values)
    repeat = text_of(values, "repeat") or ""
    business_day = "next" in list_of(values, "business_day")
    at = parse_time(text_of(values, "time") or "")
    if at is None and "time" not in errors:
        errors["time"] = say.BAD_TIME.format(value=text_of(values, "time"))
    raw_date = text_of(values, "date")
    day: date | None = None
    if raw_date:
        try:
            day = date.fromisoformat(raw_date)
        except ValueError:
            errors["date"] = say.BAD_DATE.format(value=raw_date)
        if day is not None and (problem := bounds.date_problem(day)):
            errors["date"], day = problem, None  # e.g. 9999-12-31: no day after it
    elif repeat != Repeat.CUSTOM:
        errors["date"] = say.NEED_DATE
    hashtag_errors: list[str] = []
    hashtags = parse_hashtags(
        text_of(values, "hashtags") or "", lambda _name, why: hashtag_errors.append(why)
    )
    if hashtag_errors and "hashtags" not in errors:
        errors["hashtags"] = hashtag_errors[0][0].upper() + hashtag_errors[0][1:] + "."
    rule: Rule | None = None
    if repeat == Repeat.CUSTOM and current is not None:
        rule = Rule(cron=current.rule.cron, once=current.rule.once, business_day=business_day)
    elif day is not None and "repeat" not in errors:
        rule = _rule_from(repeat, day, business_day)
    once = rule is not None and rule.once is not None and at is not None
    if once and "date" not in errors and next_occurrence(rule, at, timezone, now) is None:
        when = datetime.combine(rule.once, at, tzinfo=ZoneInfo(timezone))
        errors["date"] = say.PAST_DATE.format(when=say.local_when(when, year=True))
    if errors or rule is None or at is None:
        return None, errors
    button = text_of(values, "button")
    return CampaignSpec(
        slug=current.slug if current else "",
        name=text_of(values, "name") or "",
        rule=rule,
        time=at,
        text=text_of(values, "text") or "",
        hashtags=hashtags,
        button=ButtonKind(button) if button and button != "none" else None,
        channel=text_of(values, "channel"),
        enabled=current.enabled if current else True,
    ), {}
