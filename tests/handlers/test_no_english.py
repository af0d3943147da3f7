"""No sentence a person reads is written in handlers/: user-facing text lives in the core's
texts (bot/mentoring/**/texts.py, messages.py), so every platform says the same thing."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# "Choose a person", "Sorry, something went wrong": a capital, then two or more words.
SENTENCE = re.compile(r"^[A-Z][a-z']+,? [a-z']+ [a-z']+")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.add(id(value))
    return found


def _operator_only(tree: ast.AST) -> set[int]:
    """Strings for operators, not people: log lines and exception messages."""
    found = set()
    for node in ast.walk(tree):
        is_log = (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in {"log", "logger", "logging"}
        )
        if is_log or isinstance(node, ast.Raise):
            found |= {id(n) for n in ast.walk(node) if isinstance(n, ast.Constant)}
    return found


def test_handlers_hold_no_user_facing_sentences() -> None:
    strays = []
    for path in sorted((ROOT / "handlers").rglob("*.py")):
        tree = ast.parse(path.read_text())
        skip = _docstrings(tree) | _operator_only(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
                and SENTENCE.match(node.value)
            ):
                strays.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}")
    assert strays == [], "move these to the feature's texts.py:\n" + "\n".join(strays)
