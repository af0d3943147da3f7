"""Everything the pairing feature says to people, in one place. `<@ID>` is a mention."""

from __future__ import annotations

PREVIEW_HEADER = "Proposed pairs"
PREVIEW_SUMMARY = "{pairs} · average fit {fit:.0%} · {unmatched} unmatched"


def count(n: int, noun: str) -> str:
    """`1 proposed pair`, `2 proposed pairs`, `0 mentees`."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


PREVIEW_NOTHING = "No mentees are waiting for a match right now."
PREVIEW_MORE = "…and {more} more pairs not shown here; *Approve all* includes them."
PREVIEW_UNMATCHED = "*Not matched this time*"
PREVIEW_FILE_NOTE = (
    "Every pair with its fit and reasons, and every unmatched mentee with the reason, is in the "
    "CSV file I'm sending you with this preview."
)
PREVIEW_FILE_TITLE = "Proposed pairs, {program}"
PREVIEW_FILE_COMMENT = (
    "The whole proposal: {pairs} and {unmatched} not matched, with the reasons. "
    "*Approve all* in the preview approves every pair in this file."
)
PREVIEW_FILE_FAILED = (
    "I couldn't send the CSV file with the whole proposal (Slack said: {reason}). "
    "The preview above is complete for approving; run `/mentor admin match` again for the file."
)
GROUP_MORE = " and {more} more"

# Unmatched mentees grouped by reason and track; {count} is "212 mentees" or "1 mentee".
UNMATCHED_GROUPS = {
    "capacity_full": ("{count} {has} no free mentor on the {track} track: every mentor who "
                      "suits them is at capacity"),
    "no_compatible_mentor": "{count} {are} on the {track} track, which has no other mentor yet",
    "excluded_by_rule": ("{count} {has} every mentor on the {track} track ruled out by a rule "
                         "(paired before, do-not-pair, same organization or minimum fit)"),
    "inactive": "{count} {are} paused or left the program",
}  # fmt: skip
UNMATCHED_OTHER = "{count} {are} not matched"


def unmatched_group(kind: str, track: str, n: int) -> str:
    template = UNMATCHED_GROUPS.get(kind, UNMATCHED_OTHER)
    one = n == 1
    return template.format(
        count=count(n, "mentee"), track=track, has="has" if one else "have",
        are="is" if one else "are",
    )  # fmt: skip


PAIR_LINE = "*<@{mentor}>* mentors *<@{mentee}>* · fit {fit:.0%}"
PAIR_DECIDED = {
    "awaiting": ":white_check_mark: Approved, waiting for both to accept",
    "starting": ":white_check_mark: Approved and accepted; opening their conversation",
    "active": ":white_check_mark: Approved",
    "rejected": ":x: Rejected; they won't be proposed together again",
}
APPROVE = "Approve"
REJECT = "Reject"
APPROVE_ALL = "Approve all"
PREVIEW_SENT = "I sent the proposed pairs to your DM with me, where you can approve them."
STALE_RUN = "That proposal was replaced by a newer `/mentor admin match`. Use the newest one."


INVITE = "You have a match! <@{other}> would be your {their_role} in *{program}*."
INVITE_WHY = "*Why we think you'll work well together*"
INVITE_ASK = "Do you accept? The other person is being asked too."
INVITE_PROFILE = "*About <@{other}>*"
INVITE_PRIVATE = "<@{other}> chose to share only their name and role until you both accept."
ACCEPT = "Accept"
DECLINE = "Decline"
BOTH_ACCEPTED = "You both accepted! Introductions are on their way."
STARTING_REPLY = (
    "You both accepted! I'm setting up your shared conversation; "
    "your introduction will be waiting there in a moment."
)
ACCEPTED_WAITING = "Thanks! We'll introduce you as soon as <@{other}> accepts too."
DECLINED = "Thanks for letting us know. You're back in the pool for the next round of matching."
DECLINE_TITLE = "Decline this match"
DECLINE_REASON = "Why doesn't this match work for you?"
DECLINE_HINT = "Only coordinators see this."
DECLINE_REASON_NEEDED = "Please tell us briefly why."
REASON_SUBMIT = "Send"
OTHER_DECLINED = (
    "Your proposed match with <@{other}> won't go ahead this time. You're back in the pool, "
    "and a coordinator will propose someone new."
)
COORDINATOR_DECLINED = "<@{who}> declined the match with <@{other}>. Reason: {reason}"
ALREADY_ANSWERED = "You've already answered this match ({answer})."
NOT_YOUR_MATCH = "That match isn't yours, so I didn't change it."
MATCH_CLOSED = "That match is no longer open ({status})."
REMINDER = "A gentle reminder: your match with <@{other}> is waiting for your answer."
COORDINATOR_NO_ANSWER = (
    "<@{who}> hasn't answered the proposed match with <@{other}> for {days} days. "
    "You may want to reach out, or re-match with `/mentor admin rematch`."
)

INTRO_HEADER = "Meet your mentoring partner"
INTRO = (
    "Welcome, <@{mentor}> (mentor) and <@{mentee}> (mentee)! You're paired in *{program}* "
    "from {start} to {end}."
)
INTRO_SHARED = "*You share*: {topics}"
INTRO_GOALS = "*<@{mentee}>'s goals*\n{goals}"
INTRO_CHECKLIST = (
    "*Set expectations together*\n"
    "• How often you'll meet (the program asks for at least quarterly)\n"
    "• Video, phone, in person or chat?\n"
    "• Book your first meeting within two weeks\n"
    "• What confidentiality means for you both"
)
INTRO_CHECKINS = (
    "Every {cadence} I'll DM each of you a quick \"how's it going\" check-in. "
    "Your answers go to the coordinators, never to each other."
)
CADENCE_WORDS = {
    "weekly": "week",
    "biweekly": "two weeks",
    "monthly": "month",
    "quarterly": "quarter",
}

MY_PAIRS_TITLE = "Your match"
MY_PAIRS_NONE = "You don't have a match yet. A coordinator will propose one soon."
MY_PAIR_LINE = "<@{other}> is your {their_role} · {status}"
PAIR_STATUS = {
    "awaiting": "waiting for both to accept",
    "starting": "starting: your shared conversation is being set up",
    "active": "active until {ends_on}",
}
END = "End this relationship"
END_TITLE = "End the relationship"
END_REASON = "What's the reason?"
END_HINT = "Shared with the coordinators and with your partner."
END_REASON_NEEDED = "Please give a short reason."
LEFT_PROGRAM_REASON = "they left the mentoring program"
ENDED_YOU = "The relationship with <@{other}> has ended. Thank you for mentoring together."
ENDED_OTHER = "<@{who}> ended your mentoring relationship. Reason: {reason}"
ENDED_COORDINATOR = "<@{who}> ended the pair <@{mentor}> – <@{mentee}>. Reason: {reason}"
END_NOT_ALLOWED = "Only the two members of a pair, or a coordinator, can end it."

ADMIN_PAIRS_HEADER = "Pairs in {program}"
PAIRS_TITLE = "Pairs"
ADMIN_PAIR_LINE = "<@{mentor}> mentors <@{mentee}> · {status}"
ADMIN_PAIRS_NONE = "There are no open pairs yet. Start with `/mentor admin match`."
ADMIN_PAIRS_SUMMARY = "{total}: {active} active, {awaiting} waiting for both to accept."
ADMIN_PAIRS_ATTENTION = ":warning: {count} need attention; they're listed first."
ADMIN_PAIRS_SHOWING = "Showing {first}–{last} of {total}."
SHOW_MORE = "Show more"
DOWNLOAD = "Download all (CSV)"
PAIRS_FILE_TITLE = "Open pairs, {program}"
PAIRS_FILE_COMMENT = "Every open pair in {program}: {total}, with status and check-in flags."
FILE_SENT = "I've sent you the file in our direct messages."
FILE_FAILED = (
    "I couldn't send the file just now (Slack said: {reason}). Nothing was lost; "
    "please try again in a minute."
)
REMATCH_USAGE = "Say who: `/mentor admin rematch @member`."
REMATCH_NOT_MEMBER = "<@{who}> hasn't applied to the program, so there's nothing to re-match."
REMATCH_DONE = "Ended {ended} pair(s) for <@{who}>; here are new proposals."
REMATCH_REASON = "Re-matched by a coordinator"

# Opening the pair's conversation (group DM or private channel). Platform codes -> words.
SPACE_FALLBACK = (
    "I couldn't make a private channel for <@{mentor}> and <@{mentee}> ({reason}), so they "
    "meet in a group DM with me instead. Their introduction is there."
)
SPACE_FAILED = (
    "I couldn't open a conversation for <@{mentor}> and <@{mentee}>: {reason}. Both accepted, "
    "so the pair is waiting to start; fix the cause, or end the pair and re-match."
)
SPACE_FLAG = "Conversation not opened: {reason}"
SPACE_REASONS = {
    "name_taken": "a channel with the pair's name already exists and isn't mine",
    "restricted_action": "this workspace lets only admins create channels",
    "user_is_restricted": "one of them is a guest account, which I can't add to a channel",
    "user_is_ultra_restricted": "one of them is a single-channel guest",
    "ura_max_channels": "one of them is a single-channel guest",
    "cant_invite": "Slack wouldn't let me invite one of them",
    "channel_archived": "an earlier attempt could not add both of them to the channel",
    "user_disabled": "one of them has been deactivated",
    "user_not_found": "one of them is no longer in the workspace",
    "account_inactive": "one of them has been deactivated",
    "missing_scope": "the app is missing a permission; reinstall it from the manifest",
    "invalid_auth": "the app's token no longer works; reinstall it",
    "too_many_users": "too many people for a group DM",
    "timeout": "Slack didn't answer in time, again and again",
    "connection_error": "the connection to Slack kept failing",
}


def space_reason(code: str) -> str:
    """A platform error code in words, for coordinators."""
    if code in SPACE_REASONS:
        return SPACE_REASONS[code]
    if code.startswith("http_5"):
        return "Slack kept answering with a server error"
    return f"Slack said “{code}”"
