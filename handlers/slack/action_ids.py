"""Action ids of the buttons the bot shows; the manifest and tests refer to these too."""

# Defined by the core, where the screens carrying these buttons are built.
from bot.mentoring.home.screens import LEAVE_FROM_HOME as LEAVE_FROM_HOME
from bot.mentoring.home.screens import OPEN_MATCH as OPEN_MATCH
from bot.mentoring.home.screens import OPEN_SETTINGS as OPEN_SETTINGS
from bot.mentoring.home.screens import PAUSE as PAUSE
from bot.mentoring.home.screens import RESUME as RESUME
from bot.mentoring.membership.use_cases import OPEN_INTAKE as OPEN_INTAKE

LEAVE_CONFIRM = "leave_confirm"
LEAVE_CANCEL = "leave_cancel"
