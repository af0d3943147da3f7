import pytest

from bot.mentoring.commands import Command, Unknown, help_lines, mentioned, parse


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", Command("help")),
        ("  JOIN ", Command("join")),
        ("apply", Command("join")),
        ("pause", Command("pause")),
        ("pause until 2027-03-01", Command("pause", "2027-03-01")),
        ("pause 2027-03-01", Command("pause", "2027-03-01")),
        ("pause until", Command("pause", "")),
        ("admin applicants", Command("admin applicants")),
    ],
)
def test_known_commands(typed: str, expected: Command) -> None:
    assert parse(typed) == expected


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("jion", "join"),
        ("profle", "profile"),
        ("admin aplicants", "admin applicants"),
        ("xyzzy", None),
    ],
)
def test_unknown_commands_suggest_the_nearest(typed: str, suggestion: str | None) -> None:
    result = parse(typed)
    assert isinstance(result, Unknown) and result.suggestion == suggestion
    assert f"`/mentor {typed}`" in result.message
    assert (f"Did you mean `/mentor {suggestion}`?" in result.message) == bool(suggestion)


def test_extra_words_are_refused_with_usage() -> None:
    result = parse("resume now please")
    assert isinstance(result, Unknown)
    assert result.message == "`/mentor resume` doesn't take 'now please'. Try `/mentor resume`."


def test_admin_commands_listed_only_for_coordinators() -> None:
    assert not any(k.startswith("admin") for k, _ in help_lines(coordinator=False))
    assert any(k == "admin applicants" for k, _ in help_lines(coordinator=True))


@pytest.mark.parametrize(
    ("argument", "who"),
    [("<@U0ANA>", "U0ANA"), (" <@W0BEN|ben> ", "W0BEN"), ("@ana", None), ("<@U0A> <@U0B>", None),
     (None, None)],
)  # fmt: skip
def test_a_mention_names_one_person(argument: str | None, who: str | None) -> None:
    assert mentioned(argument) == who
