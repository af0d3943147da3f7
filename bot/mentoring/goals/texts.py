"""Everything the goals feature says to people, in one place. `<@ID>` is a mention."""

from __future__ import annotations

STATUS_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "achieved": "Achieved",
    "dropped": "Dropped",
}
STATUS_ICONS = {
    "not_started": ":white_circle:",
    "in_progress": ":large_blue_circle:",
    "achieved": ":white_check_mark:",
    "dropped": ":heavy_multiplication_x:",
}

# -- forms ------------------------------------------------------------------------------------
ADD_TITLE = "Add a goal"
UPDATE_TITLE = "Update a goal"
SAVE = "Save"
ADD_INTRO_OWN = "A goal you'll work on with your mentor. Your mentor sees it too."
ADD_INTRO_MENTEE = "A goal for <@{owner}>, your mentee. They'll see it in their goals."
SEEDED_INTRO = (
    "This goal came from the application. Add why it matters, a target date and how you'll "
    "know you got there."
)
WHAT_LABEL = "What do you want to achieve?"
WHAT_PLACEHOLDER = "e.g. Present my first budget to council"
WHY_LABEL = "Why does it matter?"
TARGET_LABEL = "Target date"
TARGET_PLACEHOLDER = "YYYY-MM-DD"
MEASURE_LABEL = "How will you measure success?"
MEASURE_PLACEHOLDER = "e.g. Council adopts the budget with no more than two amendments"
STATUS_LABEL = "Progress"
NOTE_LABEL = "Progress note"
NOTE_HINT = "What happened since the last update? Your mentor and you both see this."

TARGET_INVALID = "Please pick a date (year-month-day, like {example})."
TARGET_PAST = "{date} has already passed. Pick today or a later date."
TARGET_TOO_FAR = "Pick a date before {limit}: goals work best within a few years."

# -- use-case answers -------------------------------------------------------------------------
NOT_FOUND = "I couldn't find that goal. It may have been removed; try `/mentor goals`."
NOT_ALLOWED = (
    "Only <@{owner}> and their current mentor can change <@{owner}>'s goals, so I left it as it is."
)
NOT_A_MENTEE = (
    "Goals belong to mentees. Apply as a mentee with `/mentor join`, or, as a mentor, add goals "
    "for your mentee once you're paired."
)
NOT_YOUR_MENTEE = (
    "<@{owner}> isn't your mentee in an active pair, so you can't add goals for them. "
    "Only <@{owner}> and their current mentor can."
)
UNKNOWN_STATUS = "That progress choice isn't one I know; nothing was changed."
SAVED_ADDED = "Goal saved: *{what}*. It shows on your Home tab and in `/mentor goals`."
SAVED_UPDATED = "Updated *{what}*: {status}."
ALREADY = "*{what}* is already {status}."

# -- lists ------------------------------------------------------------------------------------
LIST_HEADER = "Your goals"
MENTEE_GOALS = "*<@{owner}>'s goals* (you're their mentor)"
NO_GOALS_OWN = "You haven't recorded any goals yet. What would you like to work on?"
NO_GOALS_MENTEE = "<@{owner}> has no goals recorded yet. You can add one together."
NOTHING_HERE = (
    "Goals belong to mentees: once you're a mentee in the program, or mentoring someone, "
    "you can record them here. Type `/mentor join` to apply."
)
ADD_BUTTON = "Add a goal"
ADD_FOR_BUTTON = "Add a goal for them"
UPDATE_BUTTON = "Update"
MORE = "…and {count} more in `/mentor goals`."
DETAILS_HIDDEN = "There are a lot of goals here, so each shows in one line. *Update* opens one."
TARGET_LINE = "by {date}"
WHY_LINE = "_Why_: {why}"
MEASURE_LINE = "_Success_: {measure}"
NOTE_LINE = "_Latest_: {note}"

# -- the check-in -----------------------------------------------------------------------------
CHECKIN_GOALS = "*Your goals* · one tap records progress (your mentor sees it)"
CHECKIN_GOALS_DONE = "*Your goals* · all achieved :tada:"
TAP_IN_PROGRESS = "In progress"
TAP_ACHIEVED = "Achieved :tada:"

# -- the introduction -------------------------------------------------------------------------
INTRO_GOAL = "• {what}{target}"
INTRO_TARGET = " (by {date})"
