"""What campaign posts and the coordinators' campaign screens say, in one place."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.mentoring import text
from bot.mentoring.campaigns.calendar import Rule

# -- the post -------------------------------------------------------------------------------

JOIN_LABEL = "Become a mentor"
THANK_LABEL = "Thank your mentor"
# Until the community-features issue adds a "Thank your mentor" action, posts carry this line
# instead of a button that would do nothing.
THANK_MENTOR_LINE = (
    ":sparkles: Who helped you get where you are? Reply here to thank them, or send them a "
    "message today."
)

# -- the coordinators' list -----------------------------------------------------------------

LIST_TITLE = "Campaigns"
LIST_INTRO = (
    "Posts the bot makes for *{program}* (times in {timezone}). "
    "Preview one to see exactly what goes out."
)
LIST_EMPTY = "No campaigns yet. Add one below."
NO_NEXT_POST = "no post in the next 12 months"
ON, OFF = "on", "off"
DEFAULT_CHANNEL = "{channel} (community channel)"
NO_CHANNEL = ":warning: no channel: set the community channel in `/mentor admin settings`"
LAST_SENT = "last: sent {when}"
LAST_SKIPPED = "last: skipped {when} ({reason})"
LAST_FAILED = "last: failed {when} ({reason})"
LAST_PENDING = "last: going out {when}"
MORE = "and {count} more"
NO_REASON = "no reason recorded"
PREVIEW_BUTTON, EDIT_BUTTON = "Preview", "Edit"
ENABLE_BUTTON, DISABLE_BUTTON = "Turn on", "Turn off"
ADD_BUTTON = "Add a campaign"
NEXT_PAGE, PREVIOUS_PAGE = "Next page", "Previous page"
PREVIEW_INTRO = "Preview of *{name}*: this is what {channel} will see {when}."
ON_DAY = "on {when}"
THE_COMMUNITY_CHANNEL = "the community channel"
PREVIEW_NO_DATE = (
    "Preview of *{name}* (no post in the next 12 months): this is what {channel} sees."
)
TURNED_ON = "*{name}* is on. Next post: {when}."
TURNED_ON_NO_DATE = "*{name}* is on, but it has no post in the next 12 months."
TURNED_OFF = "*{name}* is off: nothing more goes out until you turn it back on."
SAVED = "Saved *{name}*: {rule}. Next post: {when} in {channel}."
SAVED_NO_DATE = "Saved *{name}*: {rule}. It has no post in the next 12 months."
NO_CHANNEL_YET = "no channel yet"
NOT_FOUND = "That campaign no longer exists. Run `/mentor admin campaigns` for the current list."

# -- the modal ------------------------------------------------------------------------------

FORM_TITLE_ADD, FORM_TITLE_EDIT = "Add a campaign", "Edit campaign"
FORM_INTRO = "Times are in the program's time zone, {timezone}."
FORM_SUBMIT = "Save"
REPEAT_ONCE = "Once, on this date"
REPEAT_YEARLY_DATE = "Every year on this date"
REPEAT_YEARLY_WEEKDAY = "Every year on this weekday of the month (e.g. 3rd Monday of January)"
REPEAT_YEARLY_LAST = "Every year on the last such weekday of the month (e.g. last Friday of May)"
REPEAT_MONTHLY = "Every month on this day"
REPEAT_CUSTOM = "Keep the imported schedule: {rule}"
BUTTON_JOIN = "Become a mentor (opens the application form)"
BUTTON_THANK = "Thank your mentor"
BUTTON_NONE = "No button"
BUSINESS_DAY_OPTION = "If that's a weekend or holiday, post on the next business day"
DATE_HINT = (
    "For a weekday rule, pick any date that is that weekday, e.g. Mon Jan 18, 2027 for the "
    "3rd Monday of January."
)
HASHTAGS_HINT = "Separated by spaces. The program's own hashtags are added to every post."
CHANNEL_HINT = "Leave empty to post in the community channel. Invite the bot to the channel."
NEED_DATE = "Pick a date."
BAD_DATE = "{value!r} isn't a date."
BAD_TIME = "{value!r} isn't a time of day. Pick one, e.g. 9:00 AM."
PAST_DATE = "{when} has already passed. Pick a later date or time."

# -- the planner ----------------------------------------------------------------------------

SKIPPED_LINE = "{name} post for {when} skipped: {reason}"
TOO_LATE = "{late} late"
NO_CHANNEL_REASON = (
    "no channel to post in (set the community channel in /mentor admin settings, "
    "or give the campaign a channel)"
)

# -- program hashtags (settings form) --------------------------------------------------------

PROGRAM_HASHTAGS_LABEL = "Program hashtags"
PROGRAM_HASHTAGS_HINT = "Added to every campaign post, e.g. #ICMAMentors. Separate with spaces."

ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th"}
DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
MONTHS = tuple(f"{date(2000, month, 1):%B}" for month in range(1, 13))


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def local_when(when: datetime, *, year: bool = True) -> str:
    """ "Mon, Jan 4, 2027 at 9:00 AM CST" in the time zone `when` carries: the one date style
    (bot/mentoring/text.py), with the year always, so `year` no longer changes anything."""
    return text.moment(when)


def clock_time(at: time) -> str:
    return text.clock_time(at)


def lateness(late: timedelta) -> str:
    """ "3 days", "7 hours": rounded, as a person would say it."""
    if late >= timedelta(hours=23, minutes=30):
        days = round(late / timedelta(days=1))
        return f"{days} day{'s' if days != 1 else ''}"
    hours = max(round(late / timedelta(hours=1)), 1)
    return f"{hours} hour{'s' if hours != 1 else ''}"


def describe_rule(rule: Rule) -> str:
    """A schedule in plain words: "every year on the 3rd Monday of January"."""
    suffix = " (or the next business day)" if rule.business_day else ""
    if rule.once is not None:
        return f"once on {text.day(rule.once)}{suffix}"
    fields = rule.cron_fields
    month, day, weekday = fields.get("month"), fields.get("day"), fields.get("day_of_week")
    month_name = MONTHS[int(month) - 1] if month and month.isdigit() else None
    if weekday is None and day and day.isdigit():
        if month_name:
            return f"every year on {month_name} {int(day)}{suffix}"
        if month is None:
            return f"every month on the {ordinal(int(day))}{suffix}"
    if weekday is None and day and month_name:
        position, _, name = day.partition(" ")
        if name in DAY_NAMES and (position == "last" or position in ORDINALS.values()):
            return f"every year on the {position} {DAY_NAMES[name]} of {month_name}{suffix}"
    spelled = ", ".join(f"{k} {v}" for k, v in rule.cron)
    return f"on a custom schedule ({spelled}){suffix}"
