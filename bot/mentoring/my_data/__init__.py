"""A member's own data: the export, and the deletion after leaving.

The public service is exported lazily: importing this feature's texts or forms must not
load its use cases (they read membership, which reads other features' texts).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.mentoring.my_data.use_cases import MyData

__all__ = ["MyData"]
_HOME = {"MyData": "use_cases"}


def __getattr__(name: str) -> object:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
