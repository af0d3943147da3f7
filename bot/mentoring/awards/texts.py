"""What award nominations say to members and coordinators, in one place."""

from __future__ import annotations

# -- members nominating ---------------------------------------------------------------------

NOMINATE_LABEL = "Nominate a mentor"
FORM_TITLE = "Nominate a mentor"
FORM_SUBMIT = "Submit"
FORM_INTRO = (
    "Nominate a mentor for *{cycle}*. Nominations close at the end of {deadline} "
    "({timezone}); you can change yours until then."
)
FORM_INTRO_EDIT = (
    "You nominated <@{nominee}> for *{cycle}*. Change anything below: it replaces your "
    "nomination (one per member). Nominations close at the end of {deadline} ({timezone})."
)
NOMINEE_LABEL = "Who are you nominating?"
NOMINEE_HINT = "A mentor in the program. You can't nominate yourself."
NOMINEE_PLACEHOLDER = "Choose a mentor"
WHY_LABEL = "Why do they deserve it?"
WHY_PLACEHOLDER = "What makes them an outstanding mentor?"
IMPACT_LABEL = "Examples of their impact"
IMPACT_PLACEHOLDER = "A story or two: what changed for the people they mentored?"

SAVED_NEW = (
    "Thanks! Your nomination of <@{nominee}> for *{cycle}* is in. You can change it until the "
    "end of {deadline} with `/mentor nominate`."
)
SAVED_EDIT = (
    "Your nomination for *{cycle}* is updated: you're nominating <@{nominee}>. You can change "
    "it until the end of {deadline}."
)

NOT_A_MEMBER = (
    "Only members of *{program}* can nominate. Type `/mentor join` to apply; it takes about "
    "three minutes."
)
HAS_LEFT = "You've left *{program}*, so you can't nominate. `/mentor join` brings you back."
NO_CYCLE = "There's no award nomination cycle open right now. Coordinators announce the next one."
NOT_OPEN_YET = "Nominations for {cycle} open on {opens}."
CLOSED = "Nominations for {cycle} closed on {deadline}."
CYCLE_GONE = "That award cycle no longer exists. Type `/mentor nominate` to see what's open."
SELF_NOMINATION = "You can't nominate yourself. Pick a mentor who made a difference for you."
# Also shown inside the form, where Slack shows plain text: no markdown, and `who` is either
# a mention (in a command's answer) or WHO_IN_FORM.
NOT_A_MENTOR = "{who} isn't a mentor in {program}, so they can't be nominated."
NOMINEE_BOT = "{who} is a bot. Pick a person: a mentor in the program."
NOMINEE_FOREIGN = "{who} is in another workspace. Only mentors in {program} can be nominated."
WHO_IN_FORM = "That person"
NOMINEE_UNKNOWN = "I couldn't find that person in this workspace. Pick a mentor from the list."
NOMINATE_USAGE = (
    "I couldn't read {given!r} as a person. Type `/mentor nominate @member` (mention them with "
    "@), or just `/mentor nominate` to pick them in the form."
)

# -- the posts ------------------------------------------------------------------------------

OPENING_HEADER = "Nominations are open: {cycle}"
OPENING_TEXT = (
    "Know a mentor who made a difference? Nominate them for *{cycle}* by the end of "
    "{deadline}: press the button or type `/mentor nominate @member`. Winners are announced "
    "on {announce}."
)
REMINDER_HEADER = "3 days left to nominate: {cycle}"
REMINDER_TEXT = (
    "Nominations for *{cycle}* close at the end of {deadline}. Still thinking of a mentor who "
    "deserves it? Press the button or type `/mentor nominate @member`."
)
ANNOUNCEMENT_HEADER = "Congratulations to the {cycle} winners!"
ANNOUNCEMENT_TEXT = (
    ":trophy: The winner{s} of *{cycle}*: {winners}. Thank you, and thank you to everyone who "
    "sent a nomination."
)
WINNERS_NEEDED = (
    "*{cycle}* is due to be announced today, but no winners are recorded yet. Record them with "
    "`/mentor admin awards` → *Record winners*, and the announcement goes out right away."
)

# -- coordinators ---------------------------------------------------------------------------

LIST_TITLE = "Award nominations"
LIST_INTRO = "Nomination cycles for *{program}* (dates in {timezone})."
LIST_EMPTY = "No nomination cycles yet. Open one below."
CYCLE_LINE = "*{name}* · {status}"
CYCLE_DATES = "Open {opens} – {deadline} · announced {announce}"
NOMINATION_COUNT = "{count} nomination{s}"
WINNERS_LINE = "Winners: {winners}"
NO_WINNERS = "No winners recorded yet"
STATUS = {
    "upcoming": "opens {opens}",
    "open": "open now",
    "closed": "closed",
    "announced": "announced",
}
OPEN_BUTTON = "Open a nomination cycle"
NOMINATIONS_BUTTON = "Nominations"
EXPORT_BUTTON = "Export CSV"
WINNERS_BUTTON = "Record winners"
NEXT_PAGE, PREVIOUS_PAGE = "Next page", "Previous page"
MORE = "and {count} more"

NOMINATIONS_TITLE = "Nominations: {cycle}"
NOMINATIONS_EMPTY = "No nominations for *{cycle}* yet."
NOMINATIONS_INTRO = "{count} nomination{s} for *{cycle}*, newest first."
NOMINATION_ENTRY = (
    "*<@{nominee}>* nominated by <@{nominator}> · {when}\n*Why:* {why}\n*Impact:* {impact}"
)
NOMINEE_TALLY = "Most nominated: {tally}"
ANSWERS_SHORTENED = "Long answers are shortened here; *Export CSV* has them in full."

EXPORT_SENT = "The nominations for *{cycle}* are on their way to your DM with me as a CSV file."
EXPORT_FAILED = (
    "I couldn't send the file just now ({reason}). Nothing is lost: press *Export CSV* again "
    "in a minute."
)
EXPORT_COMMENT = "Nominations for {cycle}: {count} row{s}, exported {when}."
EXPORT_TITLE = "Nominations: {cycle}"

CYCLE_FORM_TITLE = "Open nominations"
CYCLE_FORM_SUBMIT = "Open"
CYCLE_FORM_INTRO = (
    "Members nominate mentors from the opening date to the end of the deadline "
    "({timezone}). I post the opening and a reminder 3 days before the deadline in the "
    "community channel, and the winners on the announcement date once you record them."
)
DEFAULT_NAME = "Outstanding Mentor Award {year}"
NAME_LABEL = "Award"
OPENS_LABEL = "Nominations open"
DEADLINE_LABEL = "Deadline (end of day)"
ANNOUNCE_LABEL = "Announce winners on"
NEED_DATE = "Pick a date."
BAD_DATE = "{value!r} isn't a date."
DEADLINE_BEFORE_OPENING = "The deadline can't be before nominations open ({opens})."
ANNOUNCE_NOT_AFTER_DEADLINE = "Announce after the deadline ({deadline})."
DEADLINE_PASSED = "{deadline} has already passed. Pick today or a later date."
OVERLAPS = "Overlaps {cycle} ({opens} – {deadline}). Only one cycle can be open at a time."
NAME_TAKEN = "There's already a cycle called {name!r}. Give this one another name."
CYCLE_OPENED = (
    "*{cycle}* is set: nominations open {opens} and close at the end of {deadline}; winners "
    "announced {announce}.{channel}"
)
CYCLE_OPENED_CHANNEL = " I'll post the opening in <#{channel}> on {opens} at 9:00 AM."
CYCLE_OPENED_NO_CHANNEL = (
    " :warning: There's no community channel to announce it in: set one in "
    "`/mentor admin settings`."
)

WINNERS_FORM_TITLE = "Record winners"
WINNERS_FORM_SUBMIT = "Save"
WINNERS_FORM_INTRO = "*{cycle}*: pick the winners among the nominees: {nominees}."
WINNERS_LABEL = "Winners"
WINNERS_NOT_NOMINEES = (
    "{count} of the people you picked {verb} not nominated in this cycle. Pick among the "
    "nominees listed above."
)
WINNERS_TOO_EARLY = (
    "Nominations for {cycle} are open until the end of {deadline}. Record winners after they close."
)
WINNERS_NO_NOMINEES = "No one was nominated for {cycle}, so there are no winners to record."
WINNERS_ALREADY_ANNOUNCED = (
    "The winners of {cycle} were already announced, so they can't be changed here."
)
WINNERS_SAVED = "Winners of *{cycle}* recorded: {winners}. I'll announce them on {when}."
WINNERS_SAVED_NOW = "Winners of *{cycle}* recorded: {winners}. I'm announcing them now."

# -- the planner ----------------------------------------------------------------------------

SKIPPED_LINE = "{cycle} {what} for {when} skipped: {reason}"
WHAT = {
    "opening": "opening post",
    "reminder": "deadline reminder",
    "announcement": "winners' announcement",
    "winners-needed": "record-the-winners reminder",
}
TOO_LATE = "{late} late"
NO_CHANNEL_REASON = "no community channel to post in (set it in /mentor admin settings)"


def plural(count: int) -> str:
    return "" if count == 1 else "s"


def mentions(user_ids: list[str] | tuple[str, ...]) -> str:
    """ "<@A>, <@B> and <@C>"."""
    names = [f"<@{u}>" for u in user_ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
