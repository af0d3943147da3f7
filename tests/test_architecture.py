"""House rules that code review alone would miss."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLATFORM_PACKAGES = ("slack_bolt", "slack_sdk", "microsoft_agents", "aiohttp", "handlers")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "bot/mentoring").rglob("*.py")),
    ids=lambda p: str(p.relative_to(ROOT / "bot/mentoring")),
)
def test_mentoring_core_imports_no_platform_code(path: Path) -> None:
    leaks = {n for n in _imports(path) if n.split(".")[0] in PLATFORM_PACKAGES}
    assert not leaks, f"{path.relative_to(ROOT)} imports {leaks}"


IMPORT_ALL = """
import gc, importlib, pkgutil, threading
for package in ("bot", "handlers", "outbox", "sandbox", "scheduler", "storage"):
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, prefix=package + "."):
        if not (info.name.endswith("__main__") or ".migrations" in info.name):
            importlib.import_module(info.name)
from apscheduler.schedulers.base import BaseScheduler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine
built = [type(o).__name__ for o in gc.get_objects()
         if isinstance(o, (AsyncEngine, AsyncApp, AsyncWebClient, BaseScheduler))]
print(threading.active_count(), built)
"""


def test_every_module_imports_without_side_effects(tmp_path: Path) -> None:
    """Importing builds no engine, client, app or scheduler, starts no thread, writes no file."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "1 []"
    assert list(tmp_path.iterdir()) == []
