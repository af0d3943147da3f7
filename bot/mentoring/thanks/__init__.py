"""Thank-yous between members.

The public service is exported lazily: importing this feature's texts or forms must not
load its use cases (they read membership, which reads other features' texts).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.mentoring.thanks.use_cases import Thanks

__all__ = ["Thanks"]
_HOME = {"Thanks": "use_cases"}


def __getattr__(name: str) -> object:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
