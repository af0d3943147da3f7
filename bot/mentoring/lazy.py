"""Lazy exports for feature packages (PEP 562 module __getattr__).

`from bot.mentoring.awards import Awards` loads the use cases on first use, so importing a
feature's texts or forms does not: every feature's use cases read membership, and membership
reads other features' texts, so eager package exports would import in a cycle.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable


def exports(package: str, **homes: str) -> Callable[[str], object]:
    """The package's __getattr__: each exported name -> the submodule that defines it."""

    def __getattr__(name: str) -> object:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{homes[name]}"), name)

    return __getattr__
