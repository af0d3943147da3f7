"""What the Home tab says beyond each feature's own lines (those stay in their texts.py)."""

from __future__ import annotations

MATCH_HEADER = "Your match"
COORDINATOR_HEADER = "Coordinator"
PAUSE_CONFIRM_TITLE = "Pause?"
PAUSE_CONFIRM_TEXT = "No matches or check-ins until you resume."
PAUSE_CONFIRM_YES = "Pause"
LEAVE_CONFIRM_TITLE = "Leave the program?"
HELP_FOOTER = "Type `/mentor help` for everything I can do."
