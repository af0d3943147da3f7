"""Everything the thank-you feature says to people, in one place. `<@ID>` is a mention."""

from __future__ import annotations

HASHTAG = "#ThankYourMentor"

TITLE = "Thank your mentor"
SUBMIT = "Send"
INTRO = "A few words can mean a lot. Your mentor gets your message either way."
MENTOR_LABEL = "Which mentor?"
MENTOR_HINT_YOURS = "Your mentor is picked for you; you can choose any mentor in the program."
MENTOR_HINT_ANY = "Any mentor in the program."
MESSAGE_LABEL = "Your message"
MESSAGE_PLACEHOLDER = "What did their mentoring mean to you?"
WHERE_LABEL = "Share it"
PUBLIC = "Post it in the community channel (with #ThankYourMentor)"
PRIVATE = "Send it privately to my mentor"

PICK_MENTOR = "Pick the mentor you'd like to thank."
NOT_A_PERSON = "That doesn't look like a person in this workspace. Pick your mentor from the list."
NOT_YOURSELF = "You can't thank yourself (though you've surely earned it). Pick your mentor."
NOT_A_MENTOR = (
    "<@{who}> isn't a mentor in *{program}*, so I can't send them a thank-you. "
    "Pick your mentor, or another mentor in the program."
)

POST_TITLE = ":sparkles: *<@{sender}> thanks <@{mentor}>*"
POST_TEXT = "<@{sender}> thanks <@{mentor}> #ThankYourMentor"
DM_TEXT = "<@{sender}> sent you a thank-you!"
DM_TITLE = ":sparkles: *<@{sender}> sent you a thank-you!*"
DM_SHARED = "They also shared it in <#{channel}>."
DM_PRIVATE = "They sent it to you privately."

DONE_PUBLIC = "Thank you! It's posted in <#{channel}>, and <@{mentor}> gets it as a DM too."
DONE_PRIVATE = "Thank you! <@{mentor}> gets your message as a private DM."
DONE_NO_CHANNEL = (
    "Thank you! The program has no community channel set up yet, so <@{mentor}> gets your "
    "message as a private DM only."
)
