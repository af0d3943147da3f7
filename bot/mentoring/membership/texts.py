"""What membership screens say that isn't shared (shared sentences: bot/mentoring/messages.py)."""

PROFILE_HEADER = "Your application"
PROFILE_FOOTER = "Change your answers with `/mentor join`."
A_MEMBER = "a member"
SUMMARY_HEADER = "*{program}: {total} active applicants*"
SUMMARY_TRACKS = "Role \\ Track: "
SUMMARY_FOOTER = "Paused: {paused} · Left: {left}"
