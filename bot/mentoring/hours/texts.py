"""Everything mentoring hours and professional-development credit say to people, in one place.

Mentions are `<@USER>`; numbers of hours are written with `hours()` ("1 hour", "12.5 hours").
"""

from __future__ import annotations


def hours(value: float) -> str:
    return f"{value:g} hour" + ("" if value == 1 else "s")


def number(value: float) -> str:
    return f"{value:g}"


# -- logging: the command ---------------------------------------------------------------------
LOG_USAGE = (
    "Try `/mentor log 1.5h`, `/mentor log 90m with @member` or "
    "`/mentor log 1h30m with @member budget review`. `/mentor log` alone opens a form."
)
DURATION_UNREADABLE = "I couldn't read {typed!r} as hours. " + LOG_USAGE
HOURS_WAY_TOO_MANY = (
    "That's more hours than a day holds: log up to 12 hours at a time, like `/mentor log 1.5h`."
)
YEAR_OUT_OF_RANGE = "{year} is outside the years I keep: pick one from {first} to {last}."
HOURS_TOO_FEW = "Log at least a quarter hour (15 minutes) at a time."
HOURS_TOO_MANY = (
    "{typed} is more than one entry can hold: log up to 12 hours at a time, one entry per day."
)
HOURS_QUARTERS = "Please round to a quarter hour, like 1.25h, 1.5h or 1h45m (you gave {typed})."
WITH_NOT_A_MENTION = (
    "To say who you met, mention them: `/mentor log 1h with @member`. "
    "I couldn't tell who {typed!r} is."
)
WITH_YOURSELF = "You can't log hours with yourself. Leave out `with`, or mention the other person."
WITH_NOT_MEMBER = (
    "<@{user}> isn't a member of {program}, so I can't log hours with them. "
    "Leave out `with` to log the hours on their own, or ask them to join with `/mentor join`."
)
NOTE_TOO_LONG = "Please keep the note to {limit} characters (it has {length})."
ALREADY_LOGGED = "I've already logged those hours; nothing was added twice."

# -- logging: the form ------------------------------------------------------------------------
FORM_TITLE = "Log mentoring hours"
FORM_SUBMIT = "Log hours"
FORM_INTRO = (
    "Hours you log count toward professional-development credit under the program's rules. "
    "`/mentor hours` shows your total."
)
DATE_LABEL = "Date"
DATE_HINT = "The day you spent the time (today or earlier)."
HOURS_LABEL = "Hours"
HOURS_HINT = "Quarter hours: 1.5, 1:30, 90m or 1h30m. Up to 12 per entry."
ACTIVITY_LABEL = "Activity"
WITH_LABEL = "With whom"
WITH_HINT = "Leave empty for time on your own, such as preparation."
NOTE_LABEL = "Note"
NOTE_HINT = "For you and the coordinators; the person you met doesn't see it."
DATE_REQUIRED = "Pick the day you spent the time."
DATE_UNREADABLE = "Pick a date from the calendar (I couldn't read {typed!r})."
DATE_IN_FUTURE = "That's after today ({today}). Log hours once you've spent them."
DATE_TOO_OLD = (
    "Hours before {earliest} can't be logged any more: they belong to a closed credit period. "
    "Ask a coordinator if you need them recorded."
)
ACTIVITY_LABELS = {
    "meeting": "Mentoring conversation",
    "preparation": "Preparation or follow-up",
    "event": "Program event or training",
    "other": "Other mentoring work",
}
SOURCE_LABELS = {"command": "command", "modal": "form", "checkin": "check-in"}

# -- what logging answers ----------------------------------------------------------------------
LOGGED = "Logged {hours} on {day}{with_whom} ({activity})."
LOGGED_WITH = " with <@{user}>"
LOGGED_SAME_ORG = (
    "These don't count toward professional-development credit: you and <@{user}> are both at "
    "{organization}. A coordinator can make an exception for the two of you."
)
LOGGED_SAME_ORG_OVERRIDDEN = (
    "You and <@{user}> are both at {organization}, but a coordinator has made an exception: "
    "these count."
)

# -- the summary -------------------------------------------------------------------------------
SUMMARY_HEADER = "Your mentoring hours · {period}"
SUMMARY_CREDIT = (
    "*{credited} credit-eligible {unit}* of your {cap}-hour mentoring maximum for {period}."
)
SUMMARY_LOGGED = "You logged {total} in {count} {entries} between {start} and {end}."
SUMMARY_NONE = (
    "You haven't logged any mentoring hours for {period} yet. "
    "Try `/mentor log 1.5h with @member`, or `/mentor log` for a form."
)
SUMMARY_SAME_ORG = "{amount} with <@{user}> {verb} count: same organization."
SUMMARY_SAME_ORG_MORE = (
    "…and {amount} with {people} more people at your organization don't count either. "
    "`/mentor hours export{year}` lists every entry."
)
SUMMARY_OVER_CAP = (
    "{amount} more {unit} {verb} over your {cap}-hour mentoring maximum, so {pronoun} "
    "{negation} count."
)
SUMMARY_REQUIREMENT = (
    "Toward the {requirement}-hour professional-development requirement for {period}: "
    "{credited} from mentoring ({percent}%). {left} to go."
)
SUMMARY_REQUIREMENT_MET = (
    "That meets the {requirement}-hour professional-development requirement for {period}."
)
SUMMARY_FOOTER = (
    "Log more with `/mentor log 1.5h with @member` · Download: `/mentor hours export{year}`"
)
HOME_LINE = (
    "*Mentoring hours {period}:* {credited} credit-eligible of your {cap}-hour maximum "
    "({logged} logged). `/mentor hours` for details."
)
HOME_NONE = "*Mentoring hours {period}:* none logged yet. `/mentor log 1h with @member` adds some."
PERIOD_UNREADABLE = (
    "I couldn't read {typed!r} as a year. Try `/mentor hours 2027` or `/mentor hours export 2027`."
)
ADMIN_PERIOD_UNREADABLE = (
    "I couldn't read {typed!r}. Try `/mentor admin hours export 2027` for a credit period, or "
    "`/mentor admin hours export 2027-01-01 2027-03-31` for the days in between (inclusive)."
)
ADMIN_PERIOD_BACKWARDS = "The first date ({start}) must be on or before the second ({end})."
ADMIN_HOURS_USAGE = (
    "Coordinators download everyone's hours with `/mentor admin hours export [year]` or "
    "`/mentor admin hours export YYYY-MM-DD YYYY-MM-DD`, and send everyone a verified "
    "PD-credit statement with `/mentor admin hours statements [year]`."
)

# -- exports -----------------------------------------------------------------------------------
EXPORT_TITLE_MINE = "Your mentoring hours, {period}"
EXPORT_COMMENT_MINE = (
    "Your mentoring hours for {period}: {count} {entries}, {credited} credit-eligible."
)
EXPORT_TITLE_ALL = "Mentoring hours, {period}"
EXPORT_COMMENT_ALL = (
    "Everyone's mentoring hours for {period}: {count} {entries} from {members} {people}. "
    "The credit columns apply the program's rules (same organization, {cap}-hour maximum)."
)
EXPORT_SENT = "I've sent you the file in our direct messages."
EXPORT_EMPTY_MINE = "You have no hours logged for {period}, so there's nothing to export."
EXPORT_EMPTY_ALL = "Nobody has logged hours for {period}, so there's nothing to export."
EXPORT_FAILED = (
    "I couldn't send the file just now (Slack said: {reason}). Nothing was lost; "
    "please try again in a minute."
)
CSV_YES, CSV_NO, CSV_PART = "yes", "no", "partly"
CSV_WHY = {"same_org": "same organization", "over_cap": "over the {cap}-hour maximum"}

# -- the coordinators' override ----------------------------------------------------------------
CREDIT_USAGE = (
    "Try `/mentor admin credit @mentor @mentee on` to let their hours count although they "
    "share an organization, or `... off` to apply the same-organization rule again."
)
CREDIT_SAME_PERSON = "Mention two different members. " + CREDIT_USAGE
CREDIT_ON = (
    "Done: hours between <@{a}> and <@{b}> now earn credit, although they're both at "
    "{organization}. Their earlier hours count too."
)
CREDIT_ON_DIFFERENT_ORGS = (
    "Done, though <@{a}> and <@{b}> are at different organizations, so their hours count "
    "anyway. The exception applies if that changes."
)
CREDIT_OFF = (
    "Done: hours between <@{a}> and <@{b}> follow the same-organization rule again "
    "(no credit when both are at the same organization)."
)

# -- settings ----------------------------------------------------------------------------------
REQUIREMENT_LABEL = "Professional-development hours required per credit period"
REQUIREMENT_HINT = "What members need in all, from mentoring and other activities."
CAP_LABEL = "Most hours mentoring may count for"
CAP_HINT = "Hours above this in a credit period are logged but earn no credit."
START_MONTH_LABEL = "Credit period starts in"
START_MONTH_HINT = "January for calendar years; July for a fiscal year from July to June."
START_MONTH_CALENDAR = "January (calendar year)"

# -- the PD-credit statement (a PDF) -----------------------------------------------------------
STATEMENT_TITLE = "Mentoring professional-development credit statement"
STATEMENT_MEMBER = "Member: {name}"
STATEMENT_ORGANIZATION = "Organization: {organization}"
STATEMENT_PROGRAM = "Program: {program}"
STATEMENT_PERIOD = "Credit period: {period} ({start} to {end})"
STATEMENT_ISSUED = "Issued on {day}."
STATEMENT_RULE_HEADING = "The rule"
STATEMENT_RULE = (
    "Mentoring counts for up to {cap} of the {requirement} professional-development hours "
    "required in each credit period. Hours spent with someone from your own organization "
    "(your own employee or colleague) earn no credit, unless a coordinator has made an "
    "exception for the pair. Eligible hours count in date order until the {cap}-hour maximum "
    "is reached; hours after that are listed but earn no credit."
)
STATEMENT_ENTRIES_HEADING = "Entries"
STATEMENT_COLUMNS = ("Date", "Hours", "Activity", "With", "Their organization", "Credit", "Why")
STATEMENT_ON_OWN = "(on my own)"
STATEMENT_COUNTS = "counts"
STATEMENT_WHY = {
    "same_org": "same organization: no credit",
    "over_cap": "over the {cap}-hour maximum",
}
STATEMENT_NO_ENTRIES = "No mentoring hours were logged in this credit period."
STATEMENT_TOTAL_LOGGED = "Hours logged: {logged}"
STATEMENT_TOTAL_SAME_ORG = "Not eligible (same organization): {amount}"
STATEMENT_TOTAL_OVER_CAP = "Over the {cap}-hour maximum: {amount}"
STATEMENT_TOTAL = "Total credit-eligible hours: {credited}"
STATEMENT_VERIFIED = "Verified by {coordinator} on {day}."
STATEMENT_UNVERIFIED = (
    "Not verified by a coordinator yet. Coordinators issue verified statements with "
    "`/mentor admin hours statements`."
)
STATEMENT_FILE_TITLE = "Your mentoring PD-credit statement, {period}"
STATEMENT_COMMENT = (
    "Your professional-development credit statement for {period}: {credited} credit-eligible "
    "{unit}. You can hand this PDF in for credential renewal."
)
STATEMENT_COMMENT_VERIFIED = (
    "Your professional-development credit statement for {period}, verified by a coordinator: "
    "{credited} credit-eligible {unit}. You can hand this PDF in for credential renewal."
)
STATEMENT_SENT = "I've sent your statement (a PDF) in our direct messages."
STATEMENT_USAGE = (
    "Try `/mentor hours statement` for this credit period, or `/mentor hours statement 2027`."
)
STATEMENTS_SENT = "Sent verified statements for {period} to {count} {people}."
STATEMENTS_FAILED = (
    "I couldn't send {count} of them: {who}. They can get theirs with "
    "`/mentor hours statement {year}`; it shows your verification."
)
STATEMENTS_NONE = "Nobody has logged hours for {period}, so there are no statements to issue."
ADMIN_STATEMENTS_UNREADABLE = (
    "I couldn't read {typed!r} as a year. Try `/mentor admin hours statements 2027`."
)
