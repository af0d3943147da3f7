"""People's display names for files and the CLI (cached from the platform).

The public service is exported lazily: importing this feature's texts or forms must not
load its use cases (they read membership, which reads other features' texts).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.mentoring.people.directory import People

__all__ = ["People"]
_HOME = {"People": "directory"}


def __getattr__(name: str) -> object:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
