"""Action ids of the buttons the bot shows; the manifest and tests refer to these too."""

from bot.mentoring.membership.use_cases import OPEN_INTAKE as OPEN_INTAKE  # defined by the core

PAUSE = "pause_membership"
RESUME = "resume_membership"
LEAVE_FROM_HOME = "leave_from_home"
LEAVE_CONFIRM = "leave_confirm"
LEAVE_CANCEL = "leave_cancel"
OPEN_SETTINGS = "open_settings"
OPEN_MATCH = "open_match"
