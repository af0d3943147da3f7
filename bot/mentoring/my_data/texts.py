"""What members read about their own data: the copy, and deletion after leaving."""

ABOUT = (
    "Everything this mentoring program holds about you. Your matches' answers and private "
    "notes, and who nominated you and why, belong to them and are not included."
)
FILE_TITLE = "Your data in {program}"
FILE_COMMENT = (
    "Here's everything *{program}* holds about you, as a JSON file. "
    "Questions about it? Ask a coordinator."
)
SENT = "I've sent you a file with everything the program holds about you: check your DMs."
SEND_FAILED = "Sorry, I couldn't send the file just now (Slack said `{reason}`). Please try again."

OFFER = (
    "If you'd like, I can also delete your data: your application, check-in answers and notes, "
    "goals and messages are removed, and your name is taken off everything else. The program's "
    "totals (hours, matches) still count you, anonymously. Want a copy first? `/mentor my-data`"
)
DELETE_BUTTON = "Delete my data"
DELETE_CONFIRM = (
    "Delete my data?",
    "This removes your answers, notes and goals and takes your name off everything in the "
    "program, for good. It can't be undone.",
    "Delete",
)
DELETED = (
    "Done: your data has been deleted from *{program}*. If you come back with `/mentor join`, "
    "you'll start fresh."
)
DELETED_AND_ENDED = DELETED + " Your open match has ended and your partner has been told."
NOTHING_TO_DELETE = "The program holds no application for you, so there's nothing to delete."
LEAVE_FIRST = (
    "You're a member of the program, so I kept your data. Leave first (`/mentor leave`), "
    "and you'll be offered deletion."
)
MESSAGE_REMOVED = "(removed: it named a member who asked for their data to be deleted)"
END_REASON = "The member left the program and asked for their data to be deleted."
MATCH_TOLD = (
    "Your mentoring match has ended: your partner left the program. Thank you for the time you "
    "gave each other. A coordinator can set up a new match with you."
)
COORDINATOR_TOLD = (
    "A member left the program and asked for their data to be deleted, so their match with "
    "<@{match}> has ended. <@{match}> may want a new match: `/mentor admin rematch @member`."
)
