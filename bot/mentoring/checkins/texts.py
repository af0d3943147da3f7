"""Everything check-ins, nudges and term steps say to people, in one place.

Mentions are `<@USER>`; dates are written with `day()`. A member's note to the coordinators
appears only in coordinator texts (COORD_*) and in the member's own check-in message.
"""

from __future__ import annotations


def hours(value: float) -> str:
    return f"{value:g} hour" + ("" if value == 1 else "s")


MOOD_LABELS = {"great": "Great", "ok": "OK", "struggling": "Struggling"}
AGAIN_LABELS = {"yes": "Yes", "maybe": "Maybe", "no": "No"}

# -- the check-in DM -------------------------------------------------------------------------
CHECKIN_HEADER = "Check-in"
CHECKIN_TEXT = "How's it going with <@{other}>?"
CHECKIN_ASK = "Pick one, then answer two quick questions (about a minute)."
MIDPOINT_HEADER = "Mid-point review"
MIDPOINT_TEXT = (
    "You're halfway through your mentoring term with <@{other}> (it runs until {end}). "
    "How's it going?"
)
MIDPOINT_ASK = (
    "A good moment to look back at the goals you set together and choose what to focus on "
    "in the second half. Pick one, then answer two quick questions."
)
PRIVATE_FOOTER = "Your answers go to the program's coordinators only, never to <@{other}>."
REMINDER_TEXT = (
    "A gentle reminder: how's it going with <@{other}>? Your check-in of {due} is still open."
)
RECORDED_FOOTER = "Thanks! Recorded on {when}."
ADD_DETAILS = "Add details"
FIELD_MOOD = "How it's going"
FIELD_MET = "Met since the last check-in"
FIELD_HOURS = "Hours spent"
FIELD_NOTE = "Your note for the coordinator"
FIELD_HELP = "Coordinator"
HELP_ASKED = "You asked them to get in touch"
YES, NO = "Yes", "No"

ALREADY_RECORDED = "You already answered this check-in: *{mood}*. I kept that answer."
DETAILS_ALREADY = "You already sent the details of this check-in."
NOT_FOUND = "I can't find that check-in. It may belong to another workspace or have been removed."
NOT_YOURS = "This check-in belongs to <@{owner}>, so only they can answer it."
SKIPPED_CHECKIN = "This check-in was skipped ({reason}), so there's nothing to answer."
USE_SURVEY_BUTTON = "This is a closing survey: use its *Take the closing survey* button."
NOT_A_SURVEY = "That button belongs to a check-in, not a closing survey."
MOOD_FIRST = "Pick Great, OK or Struggling first, then add the details."

# -- the details modal -----------------------------------------------------------------------
DETAILS_TITLE = "Check-in"
DETAILS_SUBMIT = "Send"
DETAILS_INTRO = "You said it's going *{mood}* with <@{other}>. Two quick questions:"
MET_LABEL = "Have you met since the last check-in?"
MET_LABEL_FIRST = "Have you met since you were paired?"
HOURS_LABEL = "Hours spent together since then"
HOURS_HINT = "0 to 12; quarter hours are fine (1.25, 1.5, 1:45)."
# Slack adds "(optional)" to a field that may be left empty: labels never say it themselves.
NOTE_LABEL = "A note for the coordinator"
NOTE_HINT = "Only the coordinators read this. <@{other}> never sees it."
HELP_LABEL = "Coordinator"
HELP_OPTION = "I'd like the coordinator to get in touch"
HOURS_INVALID = "Please enter a number of hours such as 1, 1.5 or 1:45 (you typed {typed!r})."
HOURS_RANGE = "Please enter between {low:g} and {high:g} hours."
HOURS_QUARTERS = "Please round to a quarter hour (e.g. 1.25 or 1.5)."

# -- closing survey --------------------------------------------------------------------------
CLOSING_HEADER = "Your mentoring term is complete"
CLOSING_TEXT = (
    "Your term with <@{other}> ended today, {end}. Thank you for the time you gave each other!"
)
CLOSING_ASK = "Would you take two minutes for the closing survey? It helps the next pairs."
CLOSING_BUTTON = "Take the closing survey"
THANKS_TEXT = (
    "One more thing: a thank-you goes a long way. Why not send <@{mentor}> a few words about "
    "what their mentoring meant to you?"
)
SURVEY_TITLE = "Closing survey"
SURVEY_INTRO = "Your mentoring term with <@{other}>, {start} to {end}."
OVERALL_LABEL = "Overall, how was the mentoring relationship?"
OVERALL_OPTIONS = (
    ("5", "5 · Excellent"),
    ("4", "4 · Good"),
    ("3", "3 · OK"),
    ("2", "2 · Disappointing"),
    ("1", "1 · Poor"),
)
TOTAL_HOURS_LABEL = "About how many hours did you spend together in all?"
TOTAL_HOURS_HINT = "Your best estimate; quarter hours are fine."
AGAIN_MENTOR = "Would you mentor again?"
AGAIN_MENTEE = "Would you like to be mentored again?"
SURVEY_NOTE_LABEL = "Anything for the coordinator?"
SURVEY_DONE_FOOTER = "Thank you! Survey recorded on {when}."
SURVEY_ALREADY = "You already sent your closing survey. Thank you!"
FIELD_OVERALL = "Overall"
FIELD_TOTAL_HOURS = "Total hours"
FIELD_AGAIN = "Again?"

# -- contact rule ----------------------------------------------------------------------------
NUDGE_TEXT = (
    "Hi! It's been {days} days since you or <@{other}> last reported meeting. Even a short "
    "call helps. Could you find a time in the next couple of weeks?"
)
NUDGE_HINT = (
    'Already met? Answer *yes* to "Have you met?" in your next check-in and I\'ll stop asking.'
)

# -- term steps ------------------------------------------------------------------------------
HEADSUP_TEXT = (
    "Your mentoring term with <@{other}> ends on {end}, 30 days from now. A good time to plan "
    "your last meetings, look back at the goals you set, and talk about what comes next."
)
COORD_HEADSUP = (
    "The mentoring term of <@{mentor}> (mentor) and <@{mentee}> (mentee) ends on {end}, "
    "in 30 days. Want to give them more time?"
)
COORD_COMPLETE = (
    "Term complete: <@{mentor}> (mentor) and <@{mentee}> (mentee) finished their term today, "
    "{end}. Their closing surveys are on the way. Extend it if they'd like more time."
)
EXTEND_LABEL = "Extend {months} months"
EXTENDED_YOU = "Extended: <@{mentor}> and <@{mentee}> now continue until {end}."
EXTENDED_MEMBER = "Good news: your mentoring term with <@{other}> is extended until {end}."
ALREADY_EXTENDED = "Already done: <@{mentor}> and <@{mentee}> continue until {end}."
EXTEND_CLOSED = "This pair ended ({status}), so its term can't be extended."
EXTEND_NOT_COORDINATOR = "Only the program's coordinators can extend a term."
EXTEND_STALE = "That button is out of date. Use `/mentor admin pairs` to see the pair now."

# -- coordinator alerts (the only place a member's note is shown) -----------------------------
COORD_ALERT_HEADER = "A pair may need you"
COORD_STRUGGLING = "<@{who}> says it's going *Struggling* with <@{other}> ({kind} of {due})."
COORD_HELP = "<@{who}> would like you to get in touch about their mentoring with <@{other}>."
COORD_DETAILS = "More from <@{who}>'s {kind} of {due} (mentoring with <@{other}>)."
COORD_PAIR = "<@{mentor}> mentors <@{mentee}>, paired since {start}; the term ends {end}."
COORD_LAST_MET = "Last reported meeting: {met} ({days} days ago)."
COORD_NEVER_MET = "No meeting reported since they were paired on {start} ({days} days ago)."
COORD_NOTE = "Their note (private, not shared with <@{other}>): _{note}_"
KIND_WORDS = {"checkin": "check-in", "midpoint": "mid-point review", "closing": "closing survey"}

# -- coordinators' flags ---------------------------------------------------------------------
FLAG_NO_MEETING = "No meeting reported for {days} days"
FLAG_STRUGGLING = "Struggling (last check-in of <@{who}>)"
NEEDS_ATTENTION = "Pairs that need attention"
ATTENTION_LINE = "<@{mentor}> mentors <@{mentee}>: {flags}"
ATTENTION_MORE = "…and {count} more in `/mentor admin pairs`."

# -- planner report lines --------------------------------------------------------------------
# (for operators' logs and `mentorbot tick`: plain user ids, not mentions)
SKIPPED_LATE = "{what} for {who} due {due} skipped: {days} days late"
SKIPPED_PAUSED = "{what} for {who} due {due} skipped: the member is paused"
SKIPPED_SUPERSEDED = "{what} for {who} due {due} skipped: the {later} is due already"
REASON_LATE = "{days} days late"
REASON_PAUSED = "the member was paused"
SKIPPED_MATCH_PAUSED = "{what} for {who} due {due} skipped: their match {other} is paused"
REASON_MATCH_PAUSED = "their match was paused"
# -- to the other member of a pair, once, when one of them pauses ------------------------------
MATCH_PAUSED = (
    "<@{who}> has paused their mentoring{until}. Check-ins for your pair are paused too, "
    "and start again when they're back. Nothing for you to do."
)

# -- a check-in answered by typing in the bot's DM (checkins/reply.py) -------------------------
TYPED_GOT_IT = "Got it: {what}."
TYPED_ALREADY = "You had already answered this check-in: {what}. I kept that answer."
TYPED_MOOD = "going *{mood}*"
TYPED_MET = "you met"
TYPED_NOT_MET = "you haven't met yet"
TYPED_HOURS = "{hours} logged"
TYPED_DETAILS_MISSING = "Did you meet, and for how long? Add the details when you can."
TYPED_MOOD_MISSING = "Thanks! How is it going overall? Pick one and I'll record it."
TYPED_NOT_UNDERSTOOD = (
    "Thanks! I couldn't tell how your check-in went from that. Pick one below, "
    "or type `help` to see what else I can do."
)
TYPED_NOT_A_NOTE = (
    "I didn't save your words as a note (notes go to the coordinators only). "
    "Use the details form if you'd like to add one."
)
TYPED_NO_CHECKIN = "You have no check-in waiting for an answer. Type `help` to see what I can do."
CHANGE_DETAILS = "Change details"
