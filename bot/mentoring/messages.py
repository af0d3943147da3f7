"""Everything the membership feature says to people, in one place.

Text uses light markdown (*bold*, `code`) that both Slack and Teams render. `{mention}` style
placeholders are filled by the platform adapter, which knows how to mention a person.
"""

from __future__ import annotations

APPLIED_NEW = (
    "Thanks for applying to *{program}*! :tada: A coordinator will propose a match soon. "
    "You can review your answers with `/mentor profile` or change them with `/mentor join`."
)
APPLIED_EDIT = "Your application is updated. Use `/mentor profile` to see it."
NOT_APPLIED = "You haven't applied yet. Type `/mentor join` to apply; it takes about three minutes."
HAS_LEFT = "You've left the program. Type `/mentor join` to come back; your answers are kept."
PAUSED = (
    "You're paused{until}. No matches or check-ins until then. `/mentor resume` to come back early."
)
PAUSE_UNTIL = " until {date}"
PAUSED_UNTIL_RESUME = (
    "You're paused until you type `/mentor resume`. Check-ins and new matches stop until then."
)
PAUSE_BAD_DATE = (
    "I couldn't read {text!r} as a date. Try `/mentor pause until 2027-03-01` "
    "(year-month-day), or just `/mentor pause`."
)
PAUSE_NEEDS_DATE = "Add the date you'll be back, like `/mentor pause until {example}`."
PAUSE_PAST_DATE = (
    "{date} has already passed. Pick a date after today, like `/mentor pause until {example}`."
)
PAUSE_TOO_FAR = "You can pause for up to a year at a time; pick a date before {limit}."
RESUMED = "Welcome back! You're active again and can be matched."
NOT_PAUSED = "You're not paused, so there's nothing to resume. You're active in *{program}*."
LEAVE_CONFIRM = (
    "Leave *{program}*? You won't be matched or get check-ins. "
    "You can come back any time with `/mentor join`."
)
LEAVE_YES = "Yes, leave"
LEAVE_NO = "Stay"
LEFT = "You've left *{program}*. Thanks for being part of it. `/mentor join` brings you back."
STAYED = "Glad you're staying! Nothing changed."
ALREADY_LEFT = "You've already left *{program}*."
COORDINATORS_ONLY = (
    "Sorry, `/mentor admin {sub}` is for the program's coordinators only. "
    "If you think you should be one, ask a coordinator to add you in the program settings."
)
SETTINGS_SAVED = "Program settings saved."
WELCOME = (
    "Welcome to the community! :wave: We run *{program}*, pairing members as mentors and mentees "
    "for {term} months. Interested? Type `/mentor join` or press the button to apply."
)
JOIN_BUTTON = "Join the program"
EDIT_BUTTON = "Edit my application"
PAUSE_BUTTON = "Pause"
RESUME_BUTTON = "Resume"
LEAVE_BUTTON = "Leave the program"
SETTINGS_BUTTON = "Program settings"
MATCH_BUTTON = "Propose matches"
# A command typed in the bot's DM that opens a form: a DM can't open one by itself.
OPEN_FORM = "Tap the button to open the form."
STALE_BUTTON = "That button belongs to someone else's message, so I ignored it."

HOME_NOT_APPLIED = (
    "*Welcome to {program}!* Members pair up as mentors and mentees for {term} months, "
    "meeting at least quarterly. Apply in about three minutes."
)
HOME_APPLIED = "*You're in {program}* as {role}. We'll let you know when there's a match."
HOME_MATCHED = "*You're in {program}* as {role}, matched with {others}."
HOME_PROPOSED = (
    "*You're in {program}* as {role}. A match with {others} is proposed: answer the invitation "
    "in our direct messages, if you haven't yet."
)
HOME_PAUSED = "*You're paused{until}.* No matches or check-ins until you resume."
HOME_LEFT = "*You've left {program}.* You're welcome back any time."

HELP_INTRO = "Here's what `/mentor` can do:"
HELP = {
    "join": "Apply to the program, or edit your application",
    "profile": "See your application and status",
    "pause [until YYYY-MM-DD]": "Take a break from matching and check-ins",
    "resume": "Come back from a pause",
    "leave": "Leave the program (asks first)",
    "pair": "See your match, or end the relationship",
    "log 1.5h [with @member] [note]": "Log mentoring hours; `/mentor log` alone opens a form",
    "hours [year]": "Your mentoring hours and professional-development credit",
    "hours export [year]": "Your hours as a CSV file, sent to you in a DM",
    "hours statement [year]": "Your PD-credit statement as a PDF, to hand in for renewal",
    "goals": "Your goals (or your mentee's): add one, record progress",
    "thanks": "Thank your mentor, publicly or privately",
    "nominate [@member]": "Nominate a mentor for the program's award",
    "my-data": "Get a file with everything the program holds about you",
    "help": "Show this list",
}
ADMIN_HELP = {
    "admin applicants": "Applicants by role and track (coordinators)",
    "admin settings": "Edit the program settings (coordinators)",
    "admin match": "Propose pairs for everyone waiting (coordinators)",
    "admin pairs": "List open pairs and end one (coordinators)",
    "admin rematch @member": "End a member's pair and propose a new one (coordinators)",
    "admin campaigns": "Upcoming campaign posts: preview, turn off, edit, add (coordinators)",
    "admin awards": "Award nominations: open a cycle, see and export them, winners (coordinators)",
    "admin hours export [year | YYYY-MM-DD YYYY-MM-DD]": (
        "Everyone's hours as a CSV file, with credit columns (coordinators)"
    ),
    "admin hours statements [year]": (
        "Send everyone with hours a verified PD-credit statement (coordinators)"
    ),
    "admin credit @mentor @mentee on|off": (
        "Let two members' hours earn credit although they share an organization (coordinators)"
    ),
    "admin export roster|pairs|checkins [year | YYYY-MM-DD YYYY-MM-DD]": (
        "The roster, pairs or check-ins as a CSV file with names (coordinators)"
    ),
}
UNKNOWN_COMMAND = "I don't know `/mentor {given}`."
DID_YOU_MEAN = " Did you mean `/mentor {suggestion}`?"
ADMIN_USAGE = (
    "Coordinator commands: `/mentor admin applicants`, `/mentor admin settings`, "
    "`/mentor admin match`, `/mentor admin pairs`, `/mentor admin rematch @member`, "
    "`/mentor admin campaigns`, `/mentor admin awards`, `/mentor admin hours export`, "
    "`/mentor admin credit`, `/mentor admin export`."
)
BAD_ARGUMENTS = "`/mentor {sub}` doesn't take {extra!r}. Try `/mentor {usage}`."
# The program's database can't be reached (a restart, a network hiccup): nothing was read or saved.
RECORDS_UNREACHABLE = (
    "I can't reach the program's records right now, so nothing was changed. "
    "Please try again in a minute."
)
SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong on my side and nothing was changed. Please try again in a minute."
)
# What people hear when Slack refuses the step after their request (handlers/slack/errors.py).
# Every message update follows the use case, so by then the click or answer was recorded.
_FORM_TOO_LATE = "Slack took too long to open that, so nothing was changed. Please try again."
_MESSAGE_GONE = "Done. I couldn't update the message you clicked, because it's no longer there."
SLACK_REFUSALS = {
    "expired_trigger_id": _FORM_TOO_LATE,
    "exchanged_trigger_id": _FORM_TOO_LATE,
    "message_not_found": _MESSAGE_GONE,
    "cant_update_message": _MESSAGE_GONE,
}
# A request Slack sent without saying who it came from (handlers/slack/payload.py).
UNKNOWN_SENDER = "Slack didn't say who sent this, so I didn't change anything. Please try again."
# A button or form whose hidden id no longer makes sense (edited, or from an old version).
OUT_OF_DATE = (
    "That button or form is out of date, so nothing was changed. "
    "Type `/mentor help` to start again from the current one."
)

# Out-of-range values (bot/mentoring/bounds.py), for every command that takes dates or numbers.
DATE_TOO_EARLY = "{day} is too long ago: pick a date in {first} or later."
DATE_TOO_LATE = "{day} is too far ahead: pick a date before {after}."

# -- choosing a community channel (settings, MENTORBOT_COMMUNITY_CHANNEL) ------------------------
CHANNEL_PROBLEMS = {
    "not_a_member": (
        "mentorbot isn't in <#{channel}> yet, so it can't post there. Type `/invite @mentorbot` "
        "in that channel, then save again."
    ),
    "not_found": (
        "mentorbot can't see that channel. If it's private, type `/invite @mentorbot` in it "
        "first, then save again."
    ),
    "archived": "<#{channel}> is archived. Pick a channel people still read.",
}
# For the operator's log at start-up: plain words, no Slack markup.
CHANNEL_PROBLEMS_LOG = {
    "not_a_member": "the bot isn't in {channel}: type `/invite @mentorbot` in that channel",
    "not_found": "the bot can't see {channel} (no such channel, or a private one it isn't in: "
    "type `/invite @mentorbot` in it)",
    "archived": "{channel} is archived: choose another channel",
}

# -- messages that could not be delivered (bot/mentoring/undelivered.py) -------------------------
# The platform's reason (Slack's error codes) -> what the coordinator can do about it.
UNDELIVERED_REASONS = {
    "not_in_channel": "the bot isn't in that channel: `/invite @mentorbot` there",
    "channel_not_found": "the channel no longer exists",
    "is_archived": "the channel is archived",
    "user_not_found": "that person is no longer in the workspace",
    "account_inactive": "that person's account is deactivated",
    "user_disabled": "that person's account is deactivated",
    "cannot_dm_bot": "that member is a bot",
    "missing_scope": "the app lacks a permission: reinstall it from its manifest",
    "invalid_auth": "the bot's token is no longer valid",
}
UNDELIVERED_GAVE_UP = "Slack kept failing, so it was given up after several tries"
UNDELIVERED_OTHER = "Slack said `{reason}`"
UNDELIVERED_TITLE = "*{count} couldn't be delivered in the last 30 days:*"
UNDELIVERED_LINE = "• {what} to {where} ({when}): {reason}"
UNDELIVERED_MORE = "and {count} more."

# -- what an empty picker says until the person chooses (any platform's form renderer) ---------
CHOOSE_ONE = "Choose one"
CHOOSE = "Choose"
CHOOSE_PERSON = "Choose a person"
CHOOSE_PEOPLE = "Choose people"
CHOOSE_CHANNEL = "Choose a channel"
PICK_DATE = "Pick a date"
PICK_TIME = "Pick a time"
